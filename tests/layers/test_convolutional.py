"""Convolution layers: numpy recomputation, TF1 naming and sharing, shape errors."""

import numpy as np
import pytest
import tensorflow as tf

from tf1_compat import layers
from tests.layers.layer_testing import KEYS
from tests.layers.layer_testing import V1
from tests.layers.layer_testing import collection
from tests.layers.layer_testing import global_names
from tests.layers.layer_testing import graph_session
from tests.layers.layer_testing import initialize
from tests.layers.layer_testing import random
from tests.layers.layer_testing import trainable_names


def _numpy_conv2d(x, kernel, stride, padding):
  """NHWC cross-correlation with TF's SAME padding (extra padding at the end)."""
  batch, height, width, _ = x.shape
  kh, kw, _, filters = kernel.shape
  if padding == "same":
    out_h, out_w = -(-height // stride), -(-width // stride)
    pad_h = max((out_h - 1) * stride + kh - height, 0)
    pad_w = max((out_w - 1) * stride + kw - width, 0)
    x = np.pad(x, [(0, 0), (pad_h // 2, pad_h - pad_h // 2),
                   (pad_w // 2, pad_w - pad_w // 2), (0, 0)])
  else:
    out_h, out_w = (height - kh) // stride + 1, (width - kw) // stride + 1
  out = np.zeros([batch, out_h, out_w, filters], np.float64)
  for i in range(out_h):
    for j in range(out_w):
      patch = x[:, i * stride:i * stride + kh, j * stride:j * stride + kw, :]
      out[:, i, j, :] = np.tensordot(patch, kernel, axes=3)
  return out


@pytest.mark.parametrize("padding, stride", [("valid", 1), ("same", 2),
                                             ("SAME", 1), ("Valid", 2)])
def test_conv2d_matches_numpy(padding, stride):
  with graph_session() as session:
    x = V1.placeholder(tf.float32, [None, 7, 6, 3])
    layer = layers.Conv2D(4, (3, 2), strides=stride, padding=padding,
                          activation=tf.nn.relu)
    out = layer(x)
    initialize(session)
    kernel, bias = random([3, 2, 3, 4], seed=1), random([4], seed=2)
    layer.kernel.load(kernel, session)
    layer.bias.load(bias, session)
    value = random([2, 7, 6, 3], seed=3)
    expected = np.maximum(
        _numpy_conv2d(value, kernel, stride, padding.lower()) + bias, 0)
    actual = session.run(out, {x: value})
    assert out.shape.as_list()[1:] == list(expected.shape[1:])
    np.testing.assert_allclose(actual, expected, rtol=1e-5, atol=1e-5)


def test_conv2d_channels_first_equals_transposed_channels_last():
  with graph_session() as session:
    x = V1.placeholder(tf.float32, [2, 7, 6, 3])
    last = layers.conv2d(x, 4, 3, strides=2, padding="same", name="last")
    first = layers.conv2d(tf.transpose(x, [0, 3, 1, 2]), 4, 3, strides=2,
                          padding="same", data_format="channels_first",
                          name="first")
    assert first.shape.as_list() == [2, 4, 4, 3]
    initialize(session)
    last_kernel, last_bias, first_kernel, first_bias = V1.global_variables()
    first_kernel.load(session.run(last_kernel), session)
    first_bias.load(random([4], seed=5), session)
    last_bias.load(random([4], seed=5), session)
    value = random([2, 7, 6, 3])
    a, b = session.run([last, first], {x: value})
    np.testing.assert_allclose(a, b.transpose(0, 2, 3, 1), rtol=1e-5, atol=1e-5)


def test_dilated_conv2d_matches_a_zero_stuffed_kernel():
  with graph_session() as session:
    x = V1.placeholder(tf.float32, [1, 6, 6, 1])
    layer = layers.Conv2D(1, 2, dilation_rate=2, use_bias=False)
    out = layer(x)
    initialize(session)
    kernel = session.run(layer.kernel)
    stuffed = np.zeros([3, 3, 1, 1], np.float32)
    stuffed[::2, ::2] = kernel
    value = random([1, 6, 6, 1])
    np.testing.assert_allclose(session.run(out, {x: value}),
                               _numpy_conv2d(value, stuffed, 1, "valid"),
                               rtol=1e-5, atol=1e-5)


def test_conv_names_shapes_and_sharing():
  with graph_session():
    x = V1.placeholder(tf.float32, [None, 8, 8, 3])
    layers.conv2d(x, 4, 3)
    layers.Conv2D(2, 5)(x)
    layers.conv2d(x, 6, [1, 2], name="conv1")
    layers.conv2d(x, 6, [1, 2], name="conv1", reuse=True)
    with pytest.raises(ValueError, match="Variable conv1/kernel already exists"):
      layers.conv2d(x, 6, [1, 2], name="conv1")
    assert global_names() == ["conv2d/kernel", "conv2d/bias",
                              "conv2d_1/kernel", "conv2d_1/bias",
                              "conv1/kernel", "conv1/bias"]
    shapes = [v.shape.as_list() for v in V1.global_variables()]
    assert shapes == [[3, 3, 3, 4], [4], [5, 5, 3, 2], [2], [1, 2, 3, 6], [6]]
    layers.conv1d(tf.zeros([2, 5, 3]), 2, 3)
    layers.conv3d(tf.zeros([2, 4, 4, 4, 3]), 2, 3)
    layers.conv2d_transpose(x, 5, 3)
    assert global_names()[6:] == ["conv1d/kernel", "conv1d/bias",
                                  "conv3d/kernel", "conv3d/bias",
                                  "conv2d_transpose/kernel",
                                  "conv2d_transpose/bias"]
    assert V1.global_variables()[10].shape.as_list() == [3, 3, 5, 3]


def test_conv_trainable_regularizer_and_scope_initializer():
  with graph_session() as session:
    x = V1.placeholder(tf.float32, [None, 5, 5, 2])
    with V1.variable_scope("cnn", initializer=V1.constant_initializer(0.1)):
      layers.conv2d(x, 3, 2, kernel_regularizer=tf.nn.l2_loss, trainable=False)
    assert trainable_names() == []
    (loss,) = collection(KEYS.REGULARIZATION_LOSSES)
    initialize(session)
    kernel, bias = session.run(V1.global_variables())
    np.testing.assert_array_equal(kernel, np.full([2, 2, 2, 3], 0.1, np.float32))
    np.testing.assert_array_equal(bias, np.zeros([3], np.float32))
    np.testing.assert_allclose(session.run(loss), 0.5 * np.sum(kernel ** 2),
                               rtol=1e-6)


def test_conv_kernel_glorot_fans_include_the_receptive_field():
  with graph_session() as session:
    layer = layers.Conv2D(40, 5)
    layer(tf.zeros([1, 8, 8, 30]))
    initialize(session)
    kernel = session.run(layer.kernel)
    limit = np.sqrt(6.0 / (25 * 30 + 25 * 40))
    assert limit * 0.95 < np.abs(kernel).max() <= limit


def test_conv1d_causal_output_does_not_see_the_future():
  with graph_session() as session:
    x = V1.placeholder(tf.float32, [1, 8, 2])
    out = layers.conv1d(x, 3, 3, padding="causal", dilation_rate=2)
    assert out.shape.as_list() == [1, 8, 3]
    initialize(session)
    value = random([1, 8, 2])
    changed = value.copy()
    changed[:, 5:] += 1.0
    a, b = (session.run(out, {x: v}) for v in (value, changed))
    np.testing.assert_array_equal(a[:, :5], b[:, :5])
    assert not np.allclose(a[:, 5:], b[:, 5:])


def test_conv2d_transpose_inverts_the_shape_of_a_strided_conv():
  with graph_session() as session:
    x = V1.placeholder(tf.float32, [None, 4, 3, 2])
    same = layers.conv2d_transpose(x, 5, 3, strides=2, padding="same")
    valid = layers.conv2d_transpose(x, 5, 3, strides=2)
    assert same.shape.as_list() == [None, 8, 6, 5]
    assert valid.shape.as_list() == [None, 9, 7, 5]
    initialize(session)
    outputs = session.run([same, valid], {x: random([3, 4, 3, 2])})
    assert [o.shape for o in outputs] == [(3, 8, 6, 5), (3, 9, 7, 5)]


# ---- errors --------------------------------------------------------------------


def test_conv2d_rejects_non_4d_input_naming_layer_and_shapes():
  with graph_session():
    with pytest.raises(ValueError) as error:
      layers.conv2d(V1.placeholder(tf.float32, [None, 28, 28]), 4, 3,
                    name="conv1")
    message = str(error.value)
    assert "'conv1'" in message and "expected ndim=4" in message
    assert "found ndim=3. Full shape received: [None, 28, 28]" in message


def test_conv_rejects_changed_or_unknown_channels():
  with graph_session():
    layer = layers.Conv2D(4, 3)
    layer(tf.zeros([1, 5, 5, 3]))
    with pytest.raises(ValueError) as error:
      layer(tf.zeros([1, 5, 5, 2]))
    message = str(error.value)
    assert "'conv2d'" in message
    assert "expected axis -1 of input shape to have value 3" in message
    assert "[1, 5, 5, 2]" in message
    with pytest.raises(ValueError, match=r"channel dimension.*'conv2d_1'.*None"):
      layers.conv2d(V1.placeholder(tf.float32, [1, 5, 5, None]), 4, 3)


@pytest.mark.parametrize("kwargs, match", [
    (dict(strides=2, dilation_rate=2), "strides > 1 cannot be combined"),
    (dict(padding="full"), "padding must be 'valid' or 'same'"),
    (dict(padding="causal"), "padding must be 'valid' or 'same'"),
    (dict(data_format="NHWC"), "data_format must be"),
    (dict(kernel_size=(3, 3, 3)), "kernel_size argument must be"),
    (dict(filters=0), "filters must be a positive integer, got 0"),
    (dict(strides=0), "the strides argument must be positive, got 0"),
])
def test_bad_constructor_arguments(kwargs, match):
  arguments = dict(filters=4, kernel_size=3)
  arguments.update(kwargs)
  with pytest.raises(ValueError, match=r"^Conv2D 'conv2d(_\d+)?': .*" + match):
    layers.Conv2D(**arguments)


def test_tf1_module_aliases():
  """`tensorflow.python.layers.convolutional`'s other names for the layers."""
  from tf1_compat.layers import convolutional  # pylint: disable=import-outside-toplevel
  assert convolutional.Convolution1D is layers.Conv1D
  assert convolutional.Convolution2D is layers.Conv2D
  assert convolutional.Convolution3D is layers.Conv3D
  assert convolutional.SeparableConvolution2D is layers.SeparableConv2D
  for name in ("Convolution2DTranspose", "Deconvolution2D", "Deconv2D"):
    assert getattr(convolutional, name) is layers.Conv2DTranspose
  for name in ("Convolution3DTranspose", "Deconvolution3D", "Deconv3D"):
    assert getattr(convolutional, name) is layers.Conv3DTranspose
  assert convolutional.convolution2d is layers.conv2d
  assert convolutional.separable_convolution2d is layers.separable_conv2d
  assert convolutional.deconv2d is layers.conv2d_transpose
  assert convolutional.deconvolution3d is layers.conv3d_transpose
