"""contrib.layers initializers against their TF1 formulas (fans, 1.3 factor)."""

import numpy as np
import pytest
import tensorflow as tf

from tf1_compat.contrib import layers

V1 = tf.compat.v1


def _sample(initializer, shape, dtype=tf.float32):
  graph = tf.Graph()
  with graph.as_default():
    V1.set_random_seed(0)
    variable = V1.get_variable("w", shape, dtype=dtype, initializer=initializer)
    with V1.Session() as session:
      session.run(V1.global_variables_initializer())
      return session.run(variable)


class TestVarianceScaling:

  def test_he_default_is_truncated_normal_with_the_contrib_stddev(self):
    values = _sample(layers.variance_scaling_initializer(), [400, 300])
    stddev = np.sqrt(1.3 * 2.0 / 400)  # Not core's 1/0.8796 correction.
    assert np.abs(values).max() <= 2 * stddev + 1e-6
    # A normal truncated at 2 sigma has std 0.8796 sigma.
    np.testing.assert_allclose(values.std(), 0.8796 * stddev, rtol=0.02)

  @pytest.mark.parametrize("mode,n", [("FAN_IN", 3 * 3 * 8),
                                      ("FAN_OUT", 3 * 3 * 16),
                                      ("FAN_AVG", 3 * 3 * 12)])
  def test_uniform_limit_uses_conv_fans(self, mode, n):
    values = _sample(layers.variance_scaling_initializer(
        factor=1.5, mode=mode, uniform=True), [3, 3, 8, 16])
    limit = np.sqrt(3.0 * 1.5 / n)
    assert np.abs(values).max() <= limit
    assert np.abs(values).max() > 0.98 * limit

  def test_one_dimensional_and_float64(self):
    values = _sample(layers.variance_scaling_initializer(uniform=True), [50],
                     dtype=tf.float64)
    assert values.dtype == np.float64
    assert np.abs(values).max() <= np.sqrt(6.0 / 50)

  def test_xavier_is_glorot_uniform(self):
    values = _sample(layers.xavier_initializer(), [200, 100])
    limit = np.sqrt(6.0 / 300)
    assert np.abs(values).max() <= limit
    assert np.abs(values).max() > 0.98 * limit
    assert layers.xavier_initializer_conv2d is layers.xavier_initializer

  def test_bad_arguments_raise_type_error(self):
    with pytest.raises(TypeError, match="floating dtype"):
      layers.variance_scaling_initializer(dtype=tf.int32)
    with pytest.raises(TypeError, match="unknown mode 'FAN_MAX'"):
      layers.variance_scaling_initializer(mode="FAN_MAX")
