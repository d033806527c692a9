"""GridLSTMCell and BidirectionalGridLSTMCell: TF 1.15's rnn_cell_test values,
numpy recomputation of both LSTMs, names and shapes, bad configurations."""

import numpy as np
import pytest
import tensorflow as tf

from tests.contrib import rnn_testing as rt
from tf1_compat.contrib import rnn as contrib_rnn

V1 = tf.compat.v1

# TF 1.15's testGridLstmCellWithCoupledInputForgetGates (num_units 2, windows
# of 2 every column of the 4-wide ROWS_1_2_3, state 0.1).
_COUPLED_OUTPUT = np.array([
    [0.416383, 0.416383, 0.403238, 0.403238, 0.524020, 0.524020,
     0.565425, 0.565425, 0.557865, 0.557865, 0.609699, 0.609699],
    [0.627331, 0.627331, 0.622393, 0.622393, 0.688342, 0.688342,
     0.708078, 0.708078, 0.694245, 0.694245, 0.715171, 0.715171],
    [0.711050, 0.711050, 0.709197, 0.709197, 0.736533, 0.736533,
     0.744264, 0.744264, 0.737390, 0.737390, 0.745250, 0.745250]])
_COUPLED_STATE = np.array([
    [0.625556, 0.625556, 0.416383, 0.416383, 0.759134, 0.759134,
     0.524020, 0.524020, 0.798795, 0.798795, 0.557865, 0.557865],
    [0.875488, 0.875488, 0.627331, 0.627331, 0.936432, 0.936432,
     0.688342, 0.688342, 0.941961, 0.941961, 0.694245, 0.694245],
    [0.957327, 0.957327, 0.711050, 0.711050, 0.979522, 0.979522,
     0.736533, 0.736533, 0.980245, 0.980245, 0.737390, 0.737390]])


@pytest.mark.parametrize("state_is_tuple", [False, True])
def test_coupled_gates_match_tf_1_15(state_is_tuple):
  def build():
    with rt.constant_scope("root"):
      cell = contrib_rnn.GridLSTMCell(
          num_units=2, feature_size=2, frequency_skip=1, forget_bias=1.0,
          num_frequency_blocks=[3], couple_input_forget_gates=True,
          state_is_tuple=state_is_tuple)
      if state_is_tuple:
        state = cell.state_tuple_type(*[tf.fill([3, 2], 0.1)] * 6)
      else:
        state = tf.fill([3, 12], 0.1)
      cells.append(cell)
      return cell(tf.constant(rt.ROWS_1_2_3), state)
  cells = []
  (output, state), weights = rt.run(build)
  cell, = cells
  np.testing.assert_allclose(output, _COUPLED_OUTPUT, rtol=1e-5)
  np.testing.assert_allclose(np.concatenate(state, 1) if state_is_tuple
                             else state, _COUPLED_STATE, rtol=1e-5)
  assert list(weights) == ["root/grid_lstm_cell/W_f_0_0",
                           "root/grid_lstm_cell/B_f_0",
                           "root/grid_lstm_cell/W_t_0_0",
                           "root/grid_lstm_cell/B_t_0"]
  assert weights["root/grid_lstm_cell/W_f_0_0"].shape == (6, 6)
  if state_is_tuple:
    assert cell.state_tuple_type._fields[:2] == ("state_f00_b00_c",
                                                 "state_f00_b00_m")
    assert cell.state_size == cell.state_tuple_type(*[2] * 6)
  else:
    assert cell.state_size == 12
  assert cell.output_size == 12


def _np_block(windows, states, w, use_peepholes, couple, share, clip,
              prefix=""):
  """TF 1.15's `GridLSTMCell._compute` for one block, in numpy."""
  def v(name):
    return w.get(prefix + name)
  m_freq = c_freq = np.zeros_like(states[0][0])
  outputs, new_states = [], []
  for k, window in enumerate(windows):
    c_time, m_time = states[k]
    inputs = np.concatenate([window, m_time, m_freq], 1)
    gates = {}
    for lstm, weights in (("freq", "f"), ("time", "f" if share else "t")):
      z = inputs @ v("W_%s_0_0" % weights) + v("B_%s_0" % weights)
      parts = np.split(z, 3 if couple else 4, axis=1)
      gates[lstm] = (dict(zip("ijo", parts)) if couple
                     else dict(zip("ijfo", parts)))
    new_c = {}
    for lstm, c_prev in (("freq", c_freq), ("time", c_time)):
      peep = "freq" if share else lstm
      g = gates[lstm]

      def diag(gate, c_f, c_t, peep=peep):
        if not use_peepholes:
          return 0.0
        return (v("W_%s_diag_%sf_0" % (gate, peep)) * c_f
                + v("W_%s_diag_%st_0" % (gate, peep)) * c_t)
      i = rt.sigmoid(g["i"] + diag("I", c_freq, c_time))
      f = 1 - i if couple else rt.sigmoid(g["f"] + 1.0 + diag("F", c_freq,
                                                             c_time))
      new_c[lstm] = np.clip(f * c_prev + i * np.tanh(g["j"]), -clip, clip)
    m = {}
    for lstm in ("freq", "time"):
      peep = "freq" if share else lstm
      o = gates[lstm]["o"]
      if use_peepholes:
        o = (o + v("W_O_diag_%sf_0" % peep) * new_c["freq"]
             + v("W_O_diag_%st_0" % peep) * new_c["time"])
      m[lstm] = rt.sigmoid(o) * np.tanh(new_c[lstm])
    m_freq, c_freq = m["freq"], new_c["freq"]
    outputs += [m["time"], m["freq"]]
    new_states += [new_c["time"], m["time"]]
  return outputs, new_states


def test_peepholes_clip_and_shards_match_numpy():
  rng = np.random.default_rng(0)
  x = rng.normal(size=[2, 5]).astype(np.float32)
  state0 = [rng.normal(size=[2, 3]).astype(np.float32) for _ in range(4)]

  def build():
    with V1.variable_scope("grid", initializer=V1.random_uniform_initializer(
        -0.5, 0.5, seed=1)):
      cell = contrib_rnn.GridLSTMCell(
          3, use_peepholes=True, cell_clip=0.8, num_unit_shards=2,
          feature_size=4, frequency_skip=1, num_frequency_blocks=[2])
      return cell(tf.constant(x), cell.state_tuple_type(
          *[tf.constant(s) for s in state0]))
  (output, state), w = rt.run(build)
  prefix = "grid/grid_lstm_cell/"
  assert list(w)[:6] == [prefix + n for n in (
      "W_f_0_0", "W_f_0_1", "B_f_0", "W_t_0_0", "W_t_0_1", "B_t_0")]
  assert [n[len(prefix):] for n in list(w)[6:]] == [
      "W_%s_diag_%s%s_0" % (gate, lstm, source) for lstm in ("freq", "time")
      for gate in "FIO" for source in "ft"]
  assert w[prefix + "W_f_0_0"].shape == (5, 12)
  assert w[prefix + "W_f_0_1"].shape == (5, 12)
  weights = {name[len(prefix):]: value for name, value in w.items()}
  for lstm in ("f", "t"):  # The cell concatenates the shards.
    weights["W_%s_0_0" % lstm] = np.concatenate(
        [weights["W_%s_0_0" % lstm], weights.pop("W_%s_0_1" % lstm)])
  outputs, states = _np_block(
      [x[:, :4], x[:, 1:]], [(state0[0], state0[1]), (state0[2], state0[3])],
      weights, True, False, False, 0.8)
  np.testing.assert_allclose(output, np.concatenate(outputs, 1), rtol=1e-5,
                             atol=1e-6)
  np.testing.assert_allclose(np.concatenate(state, 1),
                             np.concatenate(states, 1), rtol=1e-5, atol=1e-6)


def test_frequency_blocks_each_have_their_weights():
  def build():
    with rt.constant_scope("root"):
      cell = contrib_rnn.GridLSTMCell(
          num_units=2, feature_size=2, frequency_skip=1,
          num_frequency_blocks=[1, 2], start_freqindex_list=[0, 1],
          end_freqindex_list=[2, 4], share_time_frequency_weights=True)
      state = cell.state_tuple_type(*[tf.fill([3, 2], 0.1)] * 6)
      cells.append(cell)
      return cell(tf.constant(rt.ROWS_1_2_3), state)
  cells = []
  (output, state), w = rt.run(build)
  cell, = cells
  assert cell.state_tuple_type._fields == (
      "state_f00_b00_c", "state_f00_b00_m", "state_f00_b01_c",
      "state_f00_b01_m", "state_f01_b01_c", "state_f01_b01_m")
  assert list(w) == ["root/grid_lstm_cell/" + n
                     for n in ("W_f_0_0", "B_f_0", "W_f_1_0", "B_f_1")]
  state0 = (np.full([3, 2], 0.1),) * 2
  weights = {"W_f_0_0": np.full([6, 8], 0.5), "B_f_0": np.zeros(8)}
  out0, st0 = _np_block([rt.ROWS_1_2_3[:, :2]], [state0], weights, False,
                        False, True, np.inf)
  out1, st1 = _np_block([rt.ROWS_1_2_3[:, 1:3], rt.ROWS_1_2_3[:, 2:4]],
                        [state0] * 2, weights, False, False, True, np.inf)
  np.testing.assert_allclose(output, np.concatenate(out0 + out1, 1),
                             rtol=1e-5)
  np.testing.assert_allclose(np.concatenate(state, 1),
                             np.concatenate(st0 + st1, 1), rtol=1e-5)


def test_bidirectional_reverses_shifted_windows_in_its_own_scope():
  x = np.arange(12, dtype=np.float32).reshape([3, 4]) / 10

  def build():
    with rt.constant_scope("root"):
      cell = contrib_rnn.BidirectionalGridLSTMCell(
          num_units=2, feature_size=2, frequency_skip=1, use_peepholes=True,
          num_frequency_blocks=[3], backward_slice_offset=-1,
          couple_input_forget_gates=True)
      state = cell.state_tuple_type(*[tf.fill([3, 2], 0.1)] * 12)
      cells.append(cell)
      return cell(tf.constant(x), state)
  cells = []
  (output, state), w = rt.run(build)
  cell, = cells
  assert cell.state_tuple_type._fields[:2] == ("fwd_state_f00_b00_c",
                                               "fwd_state_f00_b00_m")
  assert cell.state_tuple_type._fields[6:8] == ("bwd_state_f00_b00_c",
                                                "bwd_state_f00_b00_m")
  assert cell.output_size == 24
  names = [n[len("root/bidirectional_grid_lstm_cell/"):] for n in w]
  assert names[:4] == ["fwd/W_f_0_0", "fwd/B_f_0", "fwd/W_t_0_0",
                       "fwd/B_t_0"]
  assert names[4:8] == ["fwd/W_I_diag_freqf_0", "fwd/W_I_diag_freqt_0",
                        "fwd/W_O_diag_freqf_0", "fwd/W_O_diag_freqt_0"]
  assert len(names) == 2 * 12 and names[12] == "bwd/W_f_0_0"
  weights = dict(zip(names, w.values()))
  state0 = (np.full([3, 2], 0.1),) * 2
  fwd_out, fwd_st = _np_block([x[:, k:k + 2] for k in range(3)], [state0] * 3,
                              weights, True, True, False, np.inf, "fwd/")
  padded = np.concatenate([np.zeros([3, 1]), x], 1)
  bwd_out, bwd_st = _np_block([padded[:, k:k + 2] for k in (2, 1, 0)],
                              [state0] * 3, weights, True, True, False, np.inf,
                              "bwd/")
  np.testing.assert_allclose(output, np.concatenate(fwd_out + bwd_out, 1),
                             rtol=1e-5)
  np.testing.assert_allclose(np.concatenate(state, 1),
                             np.concatenate(fwd_st + bwd_st, 1), rtol=1e-5)


def test_bad_configurations_raise_one_clear_error():
  with pytest.raises(ValueError, match="GridLSTMCell: Must specify "
                     "num_frequency_blocks"):
    contrib_rnn.GridLSTMCell(2, feature_size=2, frequency_skip=1)
  with pytest.raises(ValueError, match="start and end freqindex_list"):
    contrib_rnn.GridLSTMCell(2, feature_size=2, frequency_skip=1,
                             num_frequency_blocks=[1, 1],
                             start_freqindex_list=[0, 2],
                             end_freqindex_list=[2])
  cell = contrib_rnn.GridLSTMCell(2, feature_size=2, frequency_skip=1,
                                  num_frequency_blocks=[2])
  with tf.Graph().as_default():
    with pytest.raises(ValueError, match=r"Invalid num_frequency_blocks, "
                       r"requires 2 but gets 3.*grid_lstm_cell"):
      cell(tf.zeros([1, 4]), cell.zero_state(1, tf.float32))
    assert not cell.built
