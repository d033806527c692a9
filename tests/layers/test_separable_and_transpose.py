"""`separable_conv1d/2d` and `conv3d_transpose`: TF1 variable names and shapes,
numpy recomputation, and (slow) parity with TF1's legacy layers."""

import numpy as np
import pytest
import tensorflow as tf

from tests.layers import layer_testing as lt
from tests.oracle import harness
from tf1_compat import layers

V1 = tf.compat.v1


def test_separable_conv2d_names_shapes_and_numbers():
  x = lt.random([2, 5, 5, 3])
  with lt.graph_session() as session:
    output = layers.separable_conv2d(tf.constant(x), 4, 3, depth_multiplier=2,
                                     padding="same")
    assert lt.global_names() == ["separable_conv2d/depthwise_kernel",
                                 "separable_conv2d/pointwise_kernel",
                                 "separable_conv2d/bias"]
    shapes = [v.shape.as_list() for v in V1.global_variables()]
    assert shapes == [[3, 3, 3, 2], [1, 1, 6, 4], [4]]
    assert output.shape.as_list() == [2, 5, 5, 4]
    lt.initialize(session)
    got, depthwise, pointwise = session.run([output] + V1.global_variables()[:2])
  padded = np.pad(x, [(0, 0), (1, 1), (1, 1), (0, 0)])
  depth = np.zeros([2, 5, 5, 3, 2])
  for i in range(5):
    for j in range(5):
      patch = padded[:, i:i + 3, j:j + 3, :]
      depth[:, i, j] = np.einsum("bhwc,hwcm->bcm", patch, depthwise)
  want = depth.reshape(2, 5, 5, 6) @ pointwise[0, 0]
  np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5)


def test_separable_conv1d_causal_sees_only_the_past():
  x = lt.random([1, 6, 2])
  with lt.graph_session() as session:
    layer = layers.SeparableConv1D(3, 3, padding="causal")
    output = layer(tf.constant(x))
    changed = layer(tf.constant(np.concatenate([x[:, :4], x[:, 4:] + 5], 1)))
    assert lt.global_names() == ["separable_conv1d/depthwise_kernel",
                                 "separable_conv1d/pointwise_kernel",
                                 "separable_conv1d/bias"]
    assert [v.shape.as_list() for v in layer.weights] == [[3, 2, 1], [1, 2, 3],
                                                          [3]]
    lt.initialize(session)
    got, got_changed = session.run([output, changed])
  assert got.shape == (1, 6, 3)
  np.testing.assert_allclose(got[:, :4], got_changed[:, :4], atol=1e-6)


def test_conv3d_transpose_names_and_output_sizes():
  with lt.graph_session() as session:
    x = V1.placeholder(tf.float32, [None, 2, 3, 4, 5])
    valid = layers.conv3d_transpose(x, 2, 3)
    same = layers.conv3d_transpose(x, 2, 2, strides=(1, 2, 3), padding="same")
    assert valid.shape.as_list() == [None, 4, 5, 6, 2]
    assert same.shape.as_list() == [None, 2, 6, 12, 2]
    assert lt.global_names() == [
        "conv3d_transpose/kernel", "conv3d_transpose/bias",
        "conv3d_transpose_1/kernel", "conv3d_transpose_1/bias"]
    assert V1.global_variables()[0].shape.as_list() == [3, 3, 3, 2, 5]
    lt.initialize(session)
    got = session.run(valid, {x: lt.random([1, 2, 3, 4, 5])})
  assert got.shape == (1, 4, 5, 6, 2)


def test_depth_multiplier_must_be_positive():
  with pytest.raises(ValueError, match="depth_multiplier must be a positive "
                     "integer, got 0"):
    layers.SeparableConv2D(2, 3, depth_multiplier=0)


legacy_results = harness.legacy_results_fixture(
    "tests.layers.separable_and_transpose_cases")


@pytest.mark.slow
@pytest.mark.oracle
@pytest.mark.parametrize("case", ["separable_conv2d", "separable_conv1d",
                                  "conv3d_transpose"])
def test_matches_tf1s_legacy_layers(case, legacy_results):
  # pylint: disable=import-outside-toplevel
  from tests.layers import separable_and_transpose_cases as cases
  harness.assert_match(harness.evaluate(cases.CASES[case]),
                       legacy_results[case], atol=1e-4, rtol=1e-4)
