"""IndRNNCell, IndyGRUCell, IndyLSTMCell: TF 1.15's variable names (its
rnn_cell_test), numpy recomputation of every step, float64."""

import numpy as np
import pytest
import tensorflow as tf

from tests.contrib import rnn_testing as rt
from tf1_compat import rnn
from tf1_compat.contrib import rnn as contrib_rnn

V1 = tf.compat.v1

X = np.array([[1., 1.], [0.5, -2.]], np.float32)
H = np.array([[0.1, 0.1], [-0.3, 0.2]], np.float32)


def test_ind_rnn_cell_names_and_math():
  def build():
    with rt.constant_scope("root"):
      cell = contrib_rnn.IndRNNCell(2)
      output, state = cell(tf.constant(X), tf.constant(H))
      assert [v.name for v in cell.trainable_variables] == [
          "root/ind_rnn_cell/kernel_w:0", "root/ind_rnn_cell/kernel_u:0",
          "root/ind_rnn_cell/bias:0"]
      assert not cell.non_trainable_variables
    return output, state
  (output, state), w = rt.run(build)
  u = w["root/ind_rnn_cell/kernel_u"]
  assert np.all(np.abs(u) <= 1) and not np.all(u == 0.5)  # U(-1, 1), not 0.5
  want = np.tanh(X @ w["root/ind_rnn_cell/kernel_w"] + H * u)
  np.testing.assert_allclose(output, want, rtol=1e-6)
  np.testing.assert_allclose(state, output)


def test_indy_gru_cell_names_and_math():
  def build():
    with rt.constant_scope("other"):
      return contrib_rnn.IndyGRUCell(2)(tf.constant(X), tf.constant(H))
  (output, _), w = rt.run(build)
  prefix = "other/indy_gru_cell/"
  assert list(w) == [prefix + n for n in (
      "gates/kernel_w", "gates/kernel_u", "gates/bias", "candidate/kernel",
      "candidate/kernel_u", "candidate/bias")]
  gates = rt.sigmoid(X @ w[prefix + "gates/kernel_w"] + np.tile(H, [1, 2])
                     * w[prefix + "gates/kernel_u"] + 1.0)
  r, u = np.split(gates, 2, axis=1)
  c = np.tanh(X @ w[prefix + "candidate/kernel"]
              + (r * H) * w[prefix + "candidate/kernel_u"])
  np.testing.assert_allclose(output, u * H + (1 - u) * c, rtol=1e-5)


@pytest.mark.parametrize("dtype", [tf.float32, tf.float64])
def test_indy_lstm_cells_in_a_multi_rnn_cell(dtype):
  np_dtype = dtype.as_numpy_dtype

  def build():
    with rt.constant_scope("root"):
      cell = rnn.MultiRNNCell([contrib_rnn.IndyLSTMCell(2, forget_bias=0.5)
                               for _ in range(2)])
      state = tuple(rnn.LSTMStateTuple(tf.constant(H, dtype),
                                       tf.constant(H * 2, dtype))
                    for _ in range(2))
      output, new_state = cell(tf.constant(X, dtype), state)
      assert [v.name for v in cell.trainable_variables] == [
          "root/multi_rnn_cell/cell_%d/indy_lstm_cell/%s:0" % (i, n)
          for i in range(2) for n in ("kernel_w", "kernel_u", "bias")]
    return output, new_state
  (output, state), w = rt.run(build)
  x = X.astype(np_dtype)
  for layer in range(2):
    prefix = "root/multi_rnn_cell/cell_%d/indy_lstm_cell/" % layer
    gates = (x @ w[prefix + "kernel_w"] + np.tile(H * 2, [1, 4])
             * w[prefix + "kernel_u"] + w[prefix + "bias"])
    i, j, f, o = np.split(gates, 4, axis=1)
    c = H * rt.sigmoid(f + 0.5) + rt.sigmoid(i) * np.tanh(j)
    x = np.tanh(c) * rt.sigmoid(o)
    np.testing.assert_allclose(state[layer].c, c, rtol=1e-5)
  assert output.dtype == np_dtype
  np.testing.assert_allclose(output, x, rtol=1e-5)
