"""Oracle cases for `separable_conv1d/2d` and `conv3d_transpose`: built through
`api.layers` only, so the same code runs against TF1's legacy layers (tf-keras
with `TF_USE_LEGACY_KERAS=1`) and against ours (see tests/oracle/harness.py)."""

import numpy as np
import tensorflow as tf

from tests.oracle.harness import Built

_V1 = tf.compat.v1


def _feed(shape, static_shape=None, seed=3):
  value = np.random.default_rng(seed).normal(size=shape).astype(np.float32)
  return _V1.placeholder(tf.float32, static_shape or shape, name="x"), value


def _l2(scale):
  return lambda w: scale * tf.nn.l2_loss(w)


def _collections():
  return tf.constant([len(_V1.get_collection(k)) for k in (
      _V1.GraphKeys.GLOBAL_VARIABLES, _V1.GraphKeys.TRAINABLE_VARIABLES,
      _V1.GraphKeys.REGULARIZATION_LOSSES)])


def _separable_conv2d(api):
  x, value = _feed([2, 7, 6, 3], static_shape=[None, 7, 6, 3])
  outputs = {
      "valid": api.layers.separable_conv2d(x, 4, 3),
      "same_strided_multiplier": api.layers.separable_conv2d(
          x, 5, (3, 2), strides=2, padding="same", depth_multiplier=2,
          activation=tf.nn.relu, depthwise_regularizer=_l2(0.1),
          pointwise_regularizer=_l2(0.2)),
      "dilated_no_bias": api.layers.separable_conv2d(
          x, 2, 2, dilation_rate=2, use_bias=False),
      "class": api.layers.SeparableConv2D(3, 3, name="sep")(x),
  }
  with _V1.variable_scope("shared", reuse=_V1.AUTO_REUSE):
    outputs["reused_once"] = api.layers.separable_conv2d(x, 2, 3, name="s")
    outputs["reused_twice"] = api.layers.separable_conv2d(x * 2.0, 2, 3,
                                                          name="s")
  outputs["collections"] = _collections()
  outputs["regularization"] = list(_V1.get_collection(
      _V1.GraphKeys.REGULARIZATION_LOSSES))
  return Built(feeds={x: value}, outputs=outputs)


def _separable_conv1d(api):
  x, value = _feed([2, 9, 3], static_shape=[None, 9, 3])
  return Built(feeds={x: value}, outputs={
      "valid": api.layers.separable_conv1d(x, 4, 3),
      "same_strided": api.layers.separable_conv1d(
          x, 2, 3, strides=2, padding="same", depth_multiplier=3),
      "dilated": api.layers.separable_conv1d(x, 2, 2, dilation_rate=3),
      "class": api.layers.SeparableConv1D(2, 4, activation="tanh")(x),
      "collections": _collections(),
  })


def _conv3d_transpose(api):
  x, value = _feed([2, 3, 4, 2, 3], static_shape=[None, 3, 4, 2, 3])
  return Built(feeds={x: value}, outputs={
      "valid": api.layers.conv3d_transpose(x, 2, 3),
      "same_strided": api.layers.conv3d_transpose(x, 4, 2, strides=2,
                                                  padding="same"),
      "class": api.layers.Conv3DTranspose(2, (2, 3, 1), strides=(1, 2, 3),
                                          use_bias=False, name="deconv")(x),
      "collections": _collections(),
  })


CASES = {
    "separable_conv2d": _separable_conv2d,
    "separable_conv1d": _separable_conv1d,
    "conv3d_transpose": _conv3d_transpose,
}
