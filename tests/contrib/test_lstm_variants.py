"""CoupledInputForgetGateLSTMCell, TimeFreqLSTMCell and PhasedLSTMCell: TF
1.15's rnn_cell_test values where it has them, numpy recomputation, names."""

import numpy as np
import tensorflow as tf

from tests.contrib import rnn_testing as rt
from tf1_compat import rnn
from tf1_compat.contrib import rnn as contrib_rnn

V1 = tf.compat.v1


def test_coupled_input_forget_gate_lstm_cell_matches_tf_1_15():
  def build():
    with rt.constant_scope("root"):
      cell = contrib_rnn.CoupledInputForgetGateLSTMCell(
          num_units=2, forget_bias=1.0, state_is_tuple=False)
      return cell(tf.constant(rt.ROWS_1_2_3),
                  tf.constant(0.1 * np.ones((3, 4), np.float32)))
  (output, state), weights = rt.run(build)
  np.testing.assert_allclose(
      output, [[0.121753] * 2, [0.103349] * 2, [0.100178] * 2], rtol=1e-5)
  np.testing.assert_allclose(
      state, [[0.137523] * 2 + [0.121753] * 2, [0.105450] * 2 + [0.103349] * 2,
              [0.100742] * 2 + [0.100178] * 2], rtol=1e-5)
  assert list(weights) == ["root/coupled_input_forget_gate_lstm_cell/W_0",
                           "root/coupled_input_forget_gate_lstm_cell/B"]


def test_coupled_cell_with_peepholes_projection_shards_and_layer_norm():
  rng = np.random.default_rng(0)
  x = rng.normal(size=[2, 3]).astype(np.float32)
  c0 = rng.normal(size=[2, 4]).astype(np.float32)
  m0 = rng.normal(size=[2, 2]).astype(np.float32)

  def build():
    cell = contrib_rnn.CoupledInputForgetGateLSTMCell(
        4, use_peepholes=True, num_proj=2, proj_clip=0.05, num_unit_shards=2,
        layer_norm=True, norm_gain=1.5, norm_shift=0.1)
    return cell(tf.constant(x), rnn.LSTMStateTuple(tf.constant(c0),
                                                   tf.constant(m0)))
  (output, state), w = rt.run(build)
  prefix = "coupled_input_forget_gate_lstm_cell/"
  assert list(w) == [prefix + n for n in (
      "W_0", "W_1", "B", "transform/gamma", "transform/beta", "forget/gamma",
      "forget/beta", "output/gamma", "output/beta", "state/gamma", "state/beta",
      "W_F_diag", "W_O_diag", "W_P_0")]
  assert w[prefix + "W_0"].shape == (3, 12) and w[prefix + "W_1"].shape == (2, 12)

  def norm(v):
    return (v - v.mean(1, keepdims=True)) / np.sqrt(
        v.var(1, keepdims=True) + 1e-12) * 1.5 + 0.1
  kernel = np.concatenate([w[prefix + "W_0"], w[prefix + "W_1"]])
  j, f, o = (norm(g) for g in np.split(np.concatenate([x, m0], 1) @ kernel, 3,
                                       axis=1))
  f_act = rt.sigmoid(f + 1.0 + w[prefix + "W_F_diag"] * c0)
  c = norm(f_act * c0 + (1 - f_act) * np.tanh(j))
  m = rt.sigmoid(o + w[prefix + "W_O_diag"] * c) * np.tanh(c)
  m = np.clip(m @ w[prefix + "W_P_0"], -0.05, 0.05)
  np.testing.assert_allclose(state.c, c, rtol=1e-4, atol=1e-5)
  np.testing.assert_allclose(output, m, rtol=1e-4, atol=1e-6)


def test_time_freq_lstm_cell_recurs_across_windows():
  num_units, feature_size, skip = 3, 2, 1
  shifts = (4 - feature_size) // skip + 1
  rng = np.random.default_rng(1)
  state0 = rng.normal(size=[3, 2 * num_units * shifts]).astype(np.float32)

  def build():
    with rt.constant_scope("root"):
      cell = contrib_rnn.TimeFreqLSTMCell(
          num_units, use_peepholes=True, cell_clip=0.9,
          feature_size=feature_size, frequency_skip=skip, forget_bias=1.0)
      assert cell.state_size == 2 * num_units  # TF1's (too small) value
      return cell(tf.constant(rt.ROWS_1_2_3), tf.constant(state0))
  (output, state), w = rt.run(build)
  assert list(w) == ["root/time_freq_lstm_cell/" + n for n in (
      "W_0", "B", "W_F_diag", "W_I_diag", "W_O_diag")]
  assert output.shape == (3, num_units * shifts)
  assert state.shape == (3, 2 * num_units * shifts)
  kernel = np.full([feature_size + 2 * num_units, 4 * num_units], 0.5)
  m_freq = np.zeros([3, num_units])
  for k in range(shifts):
    window = rt.ROWS_1_2_3[:, k * skip:k * skip + feature_size]
    c_prev = state0[:, 2 * k * num_units:(2 * k + 1) * num_units]
    m_prev = state0[:, (2 * k + 1) * num_units:(2 * k + 2) * num_units]
    i, j, f, o = np.split(np.concatenate([window, m_prev, m_freq], 1) @ kernel,
                          4, axis=1)
    c = np.clip(rt.sigmoid(f + 1.0 + 0.5 * c_prev) * c_prev
                + rt.sigmoid(i + 0.5 * c_prev) * np.tanh(j), -0.9, 0.9)
    m_freq = rt.sigmoid(o + 0.5 * c) * np.tanh(c)
    np.testing.assert_allclose(output[:, k * num_units:(k + 1) * num_units],
                               m_freq, rtol=1e-5)
    np.testing.assert_allclose(state[:, 2 * k * num_units:
                                     (2 * k + 1) * num_units], c, rtol=1e-5)


def test_phased_lstm_cell_matches_numpy():
  times = np.array([[1.], [2.], [300.]])

  def build():
    with rt.constant_scope("root"):
      t = V1.placeholder(tf.float64, [3, 1], name="t")
      cell = contrib_rnn.PhasedLSTMCell(2, use_peepholes=True)
      state0 = rnn.LSTMStateTuple(tf.fill([3, 2], 0.2), tf.fill([3, 2], -0.1))
      output, state = cell((t, tf.constant(rt.ROWS_1_2_3)), state0)
    return output, state
  (output, state), w = rt.run(build, lambda g: {
      g.get_tensor_by_name("root/t:0"): times})
  prefix = "root/phased_lstm_cell/"
  assert list(w) == [prefix + n for n in (
      "mask_gates/kernel", "mask_gates/bias", "new_input/kernel",
      "new_input/bias", "output_gate/kernel", "output_gate/bias", "period",
      "phase", "ratio_on")]
  period, phase = w[prefix + "period"], w[prefix + "phase"]
  assert np.all((period >= 1.0) & (period <= 1000.0))
  assert np.all((phase >= 0.0) & (phase <= period))
  np.testing.assert_array_equal(w[prefix + "ratio_on"], np.float32(0.1))
  x, c0, h0 = rt.ROWS_1_2_3, np.full([3, 2], 0.2), np.full([3, 2], -0.1)
  gates = rt.sigmoid(np.concatenate([x, h0, c0], 1) @ np.full([8, 4], 0.5))
  i, f = np.split(gates, 2, axis=1)
  c = c0 * f + i * np.tanh(np.concatenate([x, h0], 1) @ np.full([6, 2], 0.5))
  h = np.tanh(c) * rt.sigmoid(np.concatenate([x, h0, c], 1)
                              @ np.full([8, 2], 0.5))
  ratio = np.mod(times - phase, period) / period
  k = np.where(ratio < 0.1, 2 - 2 * ratio / 0.1, 0.001 * ratio)
  k = np.where(ratio < 0.05, 2 * ratio / 0.1, k)
  np.testing.assert_allclose(state.c, k * c + (1 - k) * c0, rtol=1e-4,
                             atol=1e-6)
  np.testing.assert_allclose(output, k * h + (1 - k) * h0, rtol=1e-4,
                             atol=1e-6)
