"""contrib.layers regularizers against their TF1 formulas (l2's 1/2, scales)."""

import numpy as np
import pytest
import tensorflow as tf

from tf1_compat.contrib import layers

V1 = tf.compat.v1


class TestRegularizers:

  def _eval(self, regularizer, weights):
    with tf.Graph().as_default():
      loss = regularizer(tf.constant(weights))
      if loss is None:
        return None
      with V1.Session() as session:
        return session.run(loss)

  def test_l2_has_tf1s_half(self):
    w = np.array([[1.0, -2.0], [3.0, 0.5]], np.float32)
    np.testing.assert_allclose(self._eval(layers.l2_regularizer(0.1), w),
                               0.1 * (w ** 2).sum() / 2, rtol=1e-6)

  def test_l1_l1_l2_and_sum(self):
    w = np.array([1.0, -2.0, 3.0], np.float32)
    np.testing.assert_allclose(self._eval(layers.l1_regularizer(0.5), w), 3.0)
    np.testing.assert_allclose(
        self._eval(layers.l1_l2_regularizer(0.5, 0.2), w),
        0.5 * 6.0 + 0.2 * 14.0 / 2, rtol=1e-6)
    np.testing.assert_allclose(
        self._eval(layers.sum_regularizer(
            [layers.l1_regularizer(1.0), None, layers.l2_regularizer(1.0)]), w),
        6.0 + 7.0, rtol=1e-6)
    assert layers.sum_regularizer([None]) is None

  def test_zero_scale_disables_and_bad_scales_raise(self):
    w = np.ones([2], np.float32)
    assert self._eval(layers.l2_regularizer(0.0), w) is None
    assert self._eval(layers.l1_l2_regularizer(0.0, 0.0), w) is None
    with pytest.raises(ValueError, match="cannot be an integer"):
      layers.l2_regularizer(1)
    with pytest.raises(ValueError, match="must be >= 0"):
      layers.l1_regularizer(-0.1)

  def test_regularizer_loss_lands_in_the_collection_once(self):
    graph = tf.Graph()
    with graph.as_default():
      layers.fully_connected(tf.ones([2, 3]), 4, scope="fc",
                             weights_regularizer=layers.l2_regularizer(0.01))
      layers.fully_connected(tf.ones([2, 3]), 4, scope="fc", reuse=True,
                             weights_regularizer=layers.l2_regularizer(0.01))
      losses = graph.get_collection(V1.GraphKeys.REGULARIZATION_LOSSES)
      assert len(losses) == 1
      with V1.Session() as session:
        session.run(V1.global_variables_initializer())
        loss, weights = session.run([losses[0], V1.global_variables()[0]])
    np.testing.assert_allclose(loss, 0.01 * (weights ** 2).sum() / 2,
                               rtol=1e-5)

  def test_apply_regularization(self):
    graph = tf.Graph()
    with graph.as_default():
      a = V1.get_variable("a", initializer=tf.constant([1.0, 2.0]))
      b = V1.get_variable("b", initializer=tf.constant([3.0]))
      penalty = layers.apply_regularization(layers.l1_regularizer(2.0), [a, b])
      assert graph.get_collection(V1.GraphKeys.REGULARIZATION_LOSSES) == [
          penalty]
      with V1.Session() as session:
        session.run(V1.global_variables_initializer())
        assert session.run(penalty) == pytest.approx(12.0)
      with pytest.raises(ValueError, match="no weights to regularize"):
        layers.apply_regularization(layers.l1_regularizer(1.0))
