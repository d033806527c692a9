"""CFNCell: TF 1.15's values, numpy recomputation, names, the state check."""

import numpy as np
import pytest
import tensorflow as tf

from tests.contrib import rnn_testing as rt
from tf1_compat.contrib import rnn as contrib_rnn

V1 = tf.compat.v1


@pytest.mark.parametrize("depth,expected", [(2, 0.17188203), (3, 0.15535763)])
def test_matches_tf_1_15(depth, expected):
  def build():
    with V1.variable_scope("root"):
      cell = contrib_rnn.CFNCell(
          units=2, kernel_initializer=V1.constant_initializer(0.5))
      return cell(tf.ones([1, depth]), tf.fill([1, 2], 0.1))
  (output, _), w = rt.run(build)
  np.testing.assert_allclose(output, [[expected] * 2], rtol=1e-6)
  assert {n: v.shape for n, v in w.items()} == {
      "root/cfn_cell/kernel": (depth, 6),
      "root/cfn_cell/recurrent_kernel": (2, 4),
      "root/cfn_cell/bias": (4,)}


def test_dynamic_rnn_matches_numpy():
  rng = np.random.default_rng(1)
  x = rng.normal(size=[3, 4, 5]).astype(np.float32)

  def build():
    cell = contrib_rnn.CFNCell(4, activation=tf.nn.softsign,
                               bias_initializer="random_normal")
    return V1.nn.dynamic_rnn(cell, tf.constant(x), dtype=tf.float32)
  (outputs, state), w = rt.run(build)
  kernel, recurrent, bias = (w["rnn/cfn_cell/" + n] for n in (
      "kernel", "recurrent_kernel", "bias"))
  assert 0 < np.abs(bias).max() < 0.3  # Keras' random_normal: stddev 0.05.

  def softsign(v):
    return v / (1 + np.abs(v))
  h = np.zeros([3, 4])
  for t in range(4):
    theta, eta = np.split(rt.sigmoid(h @ recurrent + x[:, t] @ kernel[:, :8]
                                     + bias), 2, axis=1)
    h = theta * softsign(h) + (1 - eta) * softsign(x[:, t] @ kernel[:, 8:])
    np.testing.assert_allclose(outputs[:, t], h, rtol=1e-5, atol=1e-6)
  np.testing.assert_allclose(state, h, rtol=1e-5, atol=1e-6)


def test_wrong_state_depth_raises_naming_the_cell():
  cell = contrib_rnn.CFNCell(3)
  with tf.Graph().as_default():
    with pytest.raises(ValueError, match=r"State of cell 'cfn_cell\w*' has the "
                       r"wrong shape: expected state_size 3"):
      cell(tf.zeros([2, 4]), tf.zeros([2, 2]))
