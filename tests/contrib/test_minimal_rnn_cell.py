"""MinimalRNNCell: TF 1.15's values, numpy recomputation, names, Keras-style
initializers, bad inputs."""

import numpy as np
import pytest
import tensorflow as tf

from tests.contrib import rnn_testing as rt
from tf1_compat.contrib import rnn as contrib_rnn

V1 = tf.compat.v1


@pytest.mark.parametrize("depth,expected", [(2, 0.18899589), (3, 0.19554167)])
def test_matches_tf_1_15(depth, expected):
  def build():
    cell = contrib_rnn.MinimalRNNCell(
        units=2, kernel_initializer=V1.constant_initializer(0.5))
    return cell(tf.ones([1, depth]), tf.fill([1, 2], 0.1))
  (output, state), w = rt.run(build)
  np.testing.assert_allclose(output, [[expected] * 2], rtol=1e-6)
  np.testing.assert_allclose(state, output)
  assert {n: v.shape for n, v in w.items()} == {
      "minimal_rnn_cell/kernel": (depth + 4, 2),
      "minimal_rnn_cell/bias": (2,)}
  np.testing.assert_array_equal(w["minimal_rnn_cell/bias"], [1.0, 1.0])


def test_dynamic_rnn_matches_numpy_with_named_initializers():
  rng = np.random.default_rng(0)
  x = rng.normal(size=[3, 4, 5]).astype(np.float32)

  def build():
    with rt.constant_scope("root", 0.3):  # Loses to the cell's initializers.
      cell = contrib_rnn.MinimalRNNCell(4, activation="relu",
                                        kernel_initializer="glorot_uniform",
                                        bias_initializer="zeros")
      return V1.nn.dynamic_rnn(cell, tf.constant(x), dtype=tf.float32)
  (outputs, state), w = rt.run(build)
  kernel, bias = w["root/rnn/minimal_rnn_cell/kernel"], w[
      "root/rnn/minimal_rnn_cell/bias"]
  assert kernel.shape == (13, 4) and np.abs(kernel).max() <= np.sqrt(6 / 17)
  assert not np.allclose(kernel, 0.3)
  np.testing.assert_array_equal(bias, np.zeros(4))
  h = np.zeros([3, 4])
  for t in range(4):
    z = np.maximum(x[:, t] @ kernel[:5], 0)
    u = rt.sigmoid(np.concatenate([z, h], 1) @ kernel[5:] + bias)
    h = u * h + (1 - u) * z
    np.testing.assert_allclose(outputs[:, t], h, rtol=1e-5, atol=1e-6)
  np.testing.assert_allclose(state, h, rtol=1e-5, atol=1e-6)


def test_bad_inputs_raise_naming_the_cell():
  with pytest.raises(ValueError, match="MinimalRNNCell: units must be a "
                     "positive integer, got 0"):
    contrib_rnn.MinimalRNNCell(0)
  with pytest.raises(ValueError, match="Unknown initializer 'glorot'"):
    contrib_rnn.MinimalRNNCell(2, kernel_initializer="glorot")
  cell = contrib_rnn.MinimalRNNCell(2)
  with tf.Graph().as_default():
    with pytest.raises(ValueError, match="Input of cell 'minimal_rnn_cell' "
                       "must be 2-D"):
      cell(tf.zeros([1, 2, 3]), tf.zeros([1, 2]))
