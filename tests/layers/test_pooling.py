"""Pooling layers: numpy recomputation, no variables, required strides, errors."""

import numpy as np
import pytest
import tensorflow as tf

from tf1_compat import layers
from tests.layers.layer_testing import V1
from tests.layers.layer_testing import global_names
from tests.layers.layer_testing import graph_session
from tests.layers.layer_testing import random


def _numpy_pool2d(x, size, stride, padding, reduce):
  """NHWC pooling; SAME pads at the end and ignores the padding (TF semantics)."""
  batch, height, width, channels = x.shape
  if padding == "same":
    out_h, out_w = -(-height // stride), -(-width // stride)
    pad_h = max((out_h - 1) * stride + size - height, 0) // 2
    pad_w = max((out_w - 1) * stride + size - width, 0) // 2
  else:
    out_h, out_w = (height - size) // stride + 1, (width - size) // stride + 1
    pad_h = pad_w = 0
  out = np.zeros([batch, out_h, out_w, channels], np.float32)
  for i in range(out_h):
    for j in range(out_w):
      top, left = i * stride - pad_h, j * stride - pad_w
      window = x[:, max(top, 0):top + size, max(left, 0):left + size, :]
      out[:, i, j, :] = reduce(window, axis=(1, 2))
  return out


@pytest.mark.parametrize("padding", ["valid", "same"])
@pytest.mark.parametrize("kind, reduce", [("max", np.max), ("average", np.mean)])
def test_pooling2d_matches_numpy(kind, reduce, padding):
  with graph_session() as session:
    x = V1.placeholder(tf.float32, [None, 7, 6, 3])
    pool = getattr(layers, kind + "_pooling2d")
    out = pool(x, 3, 2, padding=padding.upper())
    value = random([2, 7, 6, 3])
    expected = _numpy_pool2d(value, 3, 2, padding, reduce)
    assert out.shape.as_list() == [None] + list(expected.shape[1:])
    np.testing.assert_allclose(session.run(out, {x: value}), expected,
                               rtol=1e-5, atol=1e-6)


def test_pooling2d_channels_first_equals_channels_last():
  with graph_session() as session:
    x = V1.placeholder(tf.float32, [2, 7, 6, 3])
    last = layers.MaxPooling2D(2, 2)(x)
    first = layers.MaxPooling2D(2, 2, data_format="channels_first")(
        tf.transpose(x, [0, 3, 1, 2]))
    assert first.shape.as_list() == [2, 3, 3, 3]
    value = random([2, 7, 6, 3])
    a, b = session.run([last, first], {x: value})
    np.testing.assert_array_equal(a, b.transpose(0, 2, 3, 1))


def test_pooling1d_and_3d_match_numpy():
  with graph_session() as session:
    value = random([2, 9, 3])
    out = layers.average_pooling1d(tf.constant(value), 3, 3)
    expected = value.reshape(2, 3, 3, 3).mean(axis=2)
    np.testing.assert_allclose(session.run(out), expected, rtol=1e-5)
    first = layers.max_pooling1d(tf.constant(value.transpose(0, 2, 1)), 3, 3,
                                 data_format="channels_first")
    np.testing.assert_array_equal(
        session.run(first), value.reshape(2, 3, 3, 3).max(axis=2).transpose(0, 2, 1))
    cube = random([1, 4, 4, 4, 2])
    out3 = layers.max_pooling3d(tf.constant(cube), 2, 2)
    expected3 = cube.reshape(1, 2, 2, 2, 2, 2, 2, 2).max(axis=(2, 4, 6))
    np.testing.assert_array_equal(session.run(out3), expected3)


def test_pooling_creates_no_variables_and_requires_strides():
  with graph_session():
    x = tf.zeros([1, 4, 4, 1])
    out = layers.max_pooling2d(x, 2, 2)
    layers.max_pooling2d(x, 2, 2)
    assert global_names() == []
    assert out.op.name.startswith("max_pooling2d/")
  with pytest.raises(TypeError, match="strides"):
    layers.max_pooling2d(tf.zeros([1, 4, 4, 1]), 2)  # pylint: disable=E1120
  with pytest.raises(TypeError, match="strides"):
    layers.AveragePooling1D(2)  # pylint: disable=E1120


def test_pooling_rejects_wrong_rank_naming_the_layer():
  with graph_session():
    with pytest.raises(ValueError) as error:
      layers.max_pooling2d(tf.zeros([2, 8, 8]), 2, 2, name="pool1")
    message = str(error.value)
    assert "'pool1'" in message and "expected ndim=4" in message
    assert "Full shape received: [2, 8, 8]" in message


def test_pooling_ops_are_tf1s():
  """2-D: one `MaxPool`/`AvgPool` op; 3-D channels-first: pooled channels-last
  between two transposes, as TF 1.15's layers built them."""
  with graph_session() as session:
    assert layers.max_pooling2d(tf.zeros([1, 4, 4, 1]), 2, 2).op.name == (
        "max_pooling2d/MaxPool")
    assert layers.average_pooling2d(tf.zeros([1, 4, 4, 1]), 2, 2).op.name == (
        "average_pooling2d/AvgPool")
    cube = random([2, 3, 4, 4, 6])  # NCDHW
    first = layers.average_pooling3d(tf.constant(cube), 2, 2,
                                     data_format="channels_first")
    last = layers.max_pooling3d(tf.constant(cube.transpose(0, 2, 3, 4, 1)), 2, 2)
    assert first.op.name == "average_pooling3d/transpose_1"
    assert last.op.name == "max_pooling3d/MaxPool3D"
    assert first.shape.as_list() == [2, 3, 2, 2, 3]
    got_first, got_last = session.run([first, last])
  blocks = cube.reshape(2, 3, 2, 2, 2, 2, 3, 2)
  np.testing.assert_allclose(got_first, blocks.mean(axis=(3, 5, 7)), rtol=1e-5)
  np.testing.assert_array_equal(
      got_last, blocks.max(axis=(3, 5, 7)).transpose(0, 2, 3, 4, 1))


def test_tf1_module_aliases():
  from tf1_compat.layers import pooling  # pylint: disable=import-outside-toplevel
  assert pooling.MaxPool2D is layers.MaxPooling2D
  assert pooling.AvgPool2D is layers.AveragePooling2D
  assert pooling.max_pool2d is layers.max_pooling2d
  assert pooling.avg_pool2d is layers.average_pooling2d
