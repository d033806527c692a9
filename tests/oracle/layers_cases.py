"""Oracle cases for tf.layers: every layer in its main configurations.

Each case builds through `api.layers` only, so the same code runs against TF1's
legacy implementation and against ours (see harness.py). Besides the outputs, most
cases also return `collections`, the sizes of the graph collections a TF1 user
relies on, and the regularization losses themselves, so counts are compared too.
"""

import numpy as np
import tensorflow as tf

from tests.oracle.harness import Built

_V1 = tf.compat.v1
_KEYS = _V1.GraphKeys


def _feed(shape, seed=11, name="x", static_shape=None):
  value = np.random.default_rng(seed).normal(size=shape).astype(np.float32)
  placeholder = _V1.placeholder(tf.float32, static_shape or shape, name=name)
  return placeholder, value


def _collections():
  """`[global, trainable, update ops, regularization losses]` counts."""
  return tf.constant([len(_V1.get_collection(key)) for key in (
      _KEYS.GLOBAL_VARIABLES, _KEYS.TRAINABLE_VARIABLES, _KEYS.UPDATE_OPS,
      _KEYS.REGULARIZATION_LOSSES)])


def _built(feeds, outputs, **kwargs):
  outputs = dict(outputs, collections=_collections())
  losses = _V1.get_collection(_KEYS.REGULARIZATION_LOSSES)
  if losses:
    outputs["regularization_losses"] = list(losses)
  return Built(feeds=feeds, outputs=outputs, **kwargs)


def _l2(scale):
  return lambda w: scale * tf.nn.l2_loss(w)


def _l1(scale):
  return lambda w: scale * tf.reduce_sum(tf.abs(w))


# ---- Dense ----------------------------------------------------------------------


def _dense_defaults(api):
  x, value = _feed([3, 4])
  first = api.layers.dense(x, 5)
  second = api.layers.dense(first, 2, activation=tf.nn.relu)
  third = api.layers.dense(x, 3, activation="tanh", use_bias=False)
  return _built({x: value}, {"first": first, "second": second, "third": third})


def _dense_named_reuse(api):
  x, value = _feed([3, 4])
  a = api.layers.dense(x, 5, name="fc", kernel_regularizer=_l2(0.1))
  b = api.layers.dense(x, 5, name="fc", reuse=True, kernel_regularizer=_l2(0.1))
  with _V1.variable_scope("shared", reuse=_V1.AUTO_REUSE):
    c = api.layers.dense(x, 2, name="auto")
    d = api.layers.dense(x, 2, name="auto")
  return _built({x: value}, {"a": a, "b": b, "c": c, "d": d})


def _dense_class_api(api):
  x, value = _feed([3, 4])
  foo = api.layers.Dense(3, name="foo")
  foo_again = api.layers.Dense(3, name="foo")
  outputs = {"foo": foo(x), "foo_1": foo_again(x)}
  with _V1.variable_scope("elsewhere"):
    outputs["foo_reused"] = foo(x * 2.0)
    outputs["anonymous"] = api.layers.Dense(2)(x)
  with _V1.variable_scope("model"):
    layer = api.layers.Dense(4, activation=tf.nn.sigmoid)
  outputs["constructed_in_scope"] = layer(x)
  outputs["explicit_scope"] = api.layers.Dense(2)(x, scope="explicit")
  return _built({x: value}, outputs)


def _dense_rank3(api):
  x, value = _feed([2, 3, 4], static_shape=[None, 3, 4])
  layer = api.layers.Dense(5, activation=tf.nn.elu)
  return _built({x: value}, {"rank3": layer(x),
                             "rank2": layer(tf.reshape(x, [-1, 4]))})


def _dense_regularizers(api):
  x, value = _feed([3, 4])
  out = api.layers.dense(
      x, 5, kernel_regularizer=_l2(0.1), bias_regularizer=_l1(0.01),
      activity_regularizer=_l2(0.05),
      bias_initializer=_V1.constant_initializer(0.2))
  layer = api.layers.Dense(2, kernel_regularizer=_l1(0.3))
  again = layer(out) + layer(out * 0.5)
  return _built({x: value}, {"out": out, "again": again})


def _dense_not_trainable(api):
  x, value = _feed([3, 4])
  frozen = api.layers.dense(x, 5, trainable=False, name="frozen")
  trained = api.layers.dense(frozen, 2)
  return _built({x: value}, {"trained": trained})


def _dense_scope_initializer(api):
  x, value = _feed([3, 4])
  with _V1.variable_scope(
      "init", initializer=_V1.random_uniform_initializer(-0.1, 0.1, seed=3)):
    out = api.layers.dense(x, 5)
    explicit = api.layers.dense(
        x, 2, kernel_initializer=_V1.constant_initializer(0.7),
        bias_initializer=_V1.constant_initializer(-0.3))
  initial = [v.initial_value for v in sorted(_V1.global_variables(),
                                             key=lambda v: v.name)]
  return _built({x: value}, {"out": out, "explicit": explicit,
                             "initial": initial})


# ---- Dropout and Flatten --------------------------------------------------------


def _dropout(training, seed=5, noise_shape=None):
  def build(api):
    x, value = _feed([4, 6])
    out = api.layers.dropout(x, rate=0.3, seed=seed, training=training,
                             noise_shape=noise_shape)
    return _built({x: value}, {"out": out})
  return build


def _dropout_tensor(flag):
  def build(api):
    x, value = _feed([4, 6])
    training = _V1.placeholder(tf.bool, [], name="training")
    out = api.layers.dropout(x, rate=0.4, seed=7, training=training)
    layer = api.layers.Dropout(0.5, seed=9)
    second = layer(x, training=training)
    return _built({x: value, training: flag}, {"out": out, "second": second})
  return build


def _dropout_in_model(api):
  """LeNet's head: dense, dropout, dense; gradients flow through the mask."""
  x, value = _feed([5, 8])
  hidden = api.layers.dense(x, 6, activation=tf.nn.relu)
  dropped = api.layers.dropout(hidden, rate=0.5, seed=1, training=True)
  return _built({x: value}, {"logits": api.layers.dense(dropped, 3)})


def _flatten(api):
  x, value = _feed([2, 3, 4, 5], static_shape=[None, 3, 4, 5])
  return _built({x: value}, {
      "last": api.layers.flatten(x),
      "first": api.layers.flatten(x, data_format="channels_first"),
      "rank2": api.layers.Flatten()(x[:, 0, 0, :]),
      "rank3_first": api.layers.flatten(x[:, 0], data_format="channels_first"),
  })


# ---- Convolutions ---------------------------------------------------------------


def _conv2d(api):
  x, value = _feed([2, 7, 6, 3], static_shape=[None, 7, 6, 3])
  return _built({x: value}, {
      "valid": api.layers.conv2d(x, 4, 3),
      "same_strided": api.layers.conv2d(x, 2, (3, 2), strides=2, padding="SAME",
                                        activation=tf.nn.relu),
      "dilated": api.layers.conv2d(x, 3, 2, dilation_rate=(2, 1), padding="Same",
                                   use_bias=False),
      "class": api.layers.Conv2D(2, [1, 3], strides=(1, 2), name="conv")(x),
  })


def _conv2d_channels_first(api):
  x, value = _feed([2, 3, 7, 6])
  return _built({x: value}, {
      "valid": api.layers.conv2d(x, 4, 3, data_format="channels_first"),
      "same_strided": api.layers.conv2d(x, 2, 3, strides=(2, 1), padding="same",
                                        data_format="channels_first"),
      "dilated": api.layers.conv2d(x, 2, 3, dilation_rate=2,
                                   data_format="channels_first"),
  })


def _conv2d_options(api):
  x, value = _feed([2, 5, 5, 2])
  a = api.layers.conv2d(x, 3, 3, padding="same", name="shared",
                        kernel_regularizer=_l2(0.2), bias_regularizer=_l2(0.1),
                        activity_regularizer=_l1(0.01),
                        bias_initializer=_V1.constant_initializer(0.1))
  b = api.layers.conv2d(x * 0.5, 3, 3, padding="same", name="shared", reuse=True,
                        kernel_regularizer=_l2(0.2))
  frozen = api.layers.conv2d(a, 2, 1, trainable=False)
  with _V1.variable_scope("cnn", initializer=_V1.constant_initializer(0.05)):
    scoped = api.layers.conv2d(x, 2, 2)
  return _built({x: value}, {"a": a, "b": b, "frozen": frozen,
                             "scoped": scoped})


def _conv1d(api):
  x, value = _feed([2, 9, 3])
  return _built({x: value}, {
      "valid": api.layers.conv1d(x, 4, 3),
      "same_strided": api.layers.conv1d(x, 2, 4, strides=2, padding="same"),
      "dilated": api.layers.conv1d(x, 2, 2, dilation_rate=3, activation="relu"),
      "causal": api.layers.Conv1D(3, 3, padding="causal", dilation_rate=2)(x),
      "channels_first": api.layers.conv1d(tf.transpose(x, [0, 2, 1]), 2, 3,
                                          data_format="channels_first"),
  })


def _conv3d(api):
  x, value = _feed([2, 4, 5, 4, 2])
  return _built({x: value}, {
      "valid": api.layers.conv3d(x, 3, 2),
      "same": api.layers.Conv3D(2, (3, 2, 2), strides=(1, 2, 1),
                                padding="same")(x),
  })


def _conv2d_transpose(api):
  x, value = _feed([2, 4, 3, 3], static_shape=[None, 4, 3, 3])
  return _built({x: value}, {
      "valid": api.layers.conv2d_transpose(x, 2, 3),
      "same_strided": api.layers.conv2d_transpose(x, 4, 3, strides=2,
                                                  padding="same"),
      "valid_strided": api.layers.Conv2DTranspose(2, (2, 3), strides=(3, 2))(x),
      "channels_first": api.layers.conv2d_transpose(
          tf.transpose(x, [0, 3, 1, 2]), 2, 2, strides=2,
          data_format="channels_first"),
  })


# ---- Pooling --------------------------------------------------------------------


def _pooling2d(api):
  x, value = _feed([2, 7, 6, 3])
  first = tf.transpose(x, [0, 3, 1, 2])
  layers = api.layers
  return _built({x: value}, {
      "max": layers.max_pooling2d(x, 2, 2),
      "max_same": layers.max_pooling2d(x, 3, (2, 1), padding="SAME"),
      "avg": layers.average_pooling2d(x, (2, 3), 2),
      "avg_same": layers.average_pooling2d(x, 3, 2, padding="same"),
      "max_first": layers.max_pooling2d(first, 2, 2,
                                        data_format="channels_first"),
      "avg_first": layers.AveragePooling2D(3, 2, padding="same",
                                           data_format="channels_first")(first),
      "class": layers.MaxPooling2D([2, 2], [1, 1])(x),
  })


def _pooling1d(api):
  x, value = _feed([2, 9, 3])
  first = tf.transpose(x, [0, 2, 1])
  layers = api.layers
  return _built({x: value}, {
      "max": layers.max_pooling1d(x, 2, 2),
      "avg_same": layers.average_pooling1d(x, 3, 2, padding="same"),
      "max_first": layers.MaxPooling1D(3, 1, data_format="channels_first")(first),
      "avg_first": layers.average_pooling1d(first, 2, 2, padding="same",
                                            data_format="channels_first"),
  })


def _pooling3d(api):
  x, value = _feed([2, 4, 5, 4, 2])
  return _built({x: value}, {
      "max": api.layers.max_pooling3d(x, 2, 2),
      "avg_same": api.layers.average_pooling3d(x, 3, (1, 2, 2), padding="same"),
  })


# ---- Batch normalization --------------------------------------------------------


def _moving_statistics():
  return [v for v in sorted(_V1.global_variables(), key=lambda v: v.name)
          if "moving_" in v.name]


def _batch_norm(shape, training, static_shape=None, **kwargs):
  """A BN case; `training` is a bool, or `("tensor", bool)` for a placeholder."""
  def build(api):
    x, value = _feed(shape, static_shape=static_shape)
    feeds = {x: value * 2.0 + 0.5}
    flag = training
    if isinstance(training, tuple):
      flag = _V1.placeholder(tf.bool, [], name="training")
      feeds[flag] = training[1]
    out = api.layers.batch_normalization(x, training=flag, **kwargs)
    return _built(feeds, {"out": out},
                  run_extra=tuple(_V1.get_collection(_KEYS.UPDATE_OPS)),
                  read_after={"moving": _moving_statistics()})
  return build


def _batch_norm_twice(api):
  """A class instance called twice, then the functional form with reuse.

  Only the first call's update ops are run: two updates of one variable in a
  single `Session.run` race.
  """
  x, value = _feed([6, 4, 4, 3])
  layer = api.layers.BatchNormalization(momentum=0.9)
  a = layer(x, training=True)
  first_updates = tuple(_V1.get_collection(_KEYS.UPDATE_OPS))
  b = layer(x * 3.0, training=True)
  c = api.layers.batch_normalization(x, name="bn", fused=False, training=True,
                                     gamma_regularizer=_l2(0.5))
  d = api.layers.batch_normalization(x, name="bn", reuse=True, training=False)
  return _built({x: value}, {"a": a, "b": b, "c": c, "d": d},
                run_extra=first_updates,
                read_after={"moving": _moving_statistics()})


def _batch_norm_in_model(api):
  """Conv, BN, ReLU, pooling, dense: the shape of a 2018 CNN, one train step."""
  x, value = _feed([4, 6, 6, 2])
  h = api.layers.conv2d(x, 3, 3, padding="same")
  h = tf.nn.relu(api.layers.batch_normalization(h, training=True))
  h = api.layers.max_pooling2d(h, 2, 2)
  h = api.layers.dense(api.layers.flatten(h), 4)
  logits = api.layers.batch_normalization(h, training=True, scale=False)
  loss = tf.reduce_mean(tf.square(logits))
  with tf.control_dependencies(_V1.get_collection(_KEYS.UPDATE_OPS)):
    train = _V1.train.GradientDescentOptimizer(0.1).minimize(loss)
  variables = sorted(_V1.global_variables(), key=lambda v: v.name)
  return _built({x: value}, {"logits": logits}, run_extra=(train,),
                read_after={"variables": variables})


def _partitioned(api):
  """Under a partitioning scope: kernels split, moving statistics never."""
  x, value = _feed([6, 8])
  with _V1.variable_scope("p", partitioner=_V1.fixed_size_partitioner(2)):
    h = api.layers.batch_normalization(x, training=True)
    out = api.layers.dense(h, 4, kernel_regularizer=_l2(0.1))
  return _built({x: value}, {"out": out},
                run_extra=tuple(_V1.get_collection(_KEYS.UPDATE_OPS)),
                read_after={"moving": _moving_statistics()})


def _float64(api):
  """Variables take the first input's dtype; float64 batch norm is not fused."""
  x, value = _feed([4, 3, 3, 2])
  x64 = tf.cast(x, tf.float64)
  h = api.layers.conv2d(x64, 3, 2)
  h = api.layers.batch_normalization(h, training=True)
  out = api.layers.dense(api.layers.flatten(h), 2)
  return _built({x: value}, {"out": tf.cast(out, tf.float32),
                             "dtypes": tf.constant([
                                 v.dtype.base_dtype.as_datatype_enum
                                 for v in _V1.global_variables()])},
                run_extra=tuple(_V1.get_collection(_KEYS.UPDATE_OPS)),
                read_after={"moving": _moving_statistics()})


CASES = {
    "dense_defaults": _dense_defaults,
    "dense_named_reuse": _dense_named_reuse,
    "dense_class_api": _dense_class_api,
    "dense_rank3": _dense_rank3,
    "dense_regularizers": _dense_regularizers,
    "dense_not_trainable": _dense_not_trainable,
    "dense_scope_initializer": _dense_scope_initializer,
    "dropout_train": _dropout(True),
    "dropout_train_noise_shape": _dropout(True, noise_shape=[4, 1]),
    "dropout_train_unseeded": _dropout(True, seed=None),
    "dropout_off": _dropout(False),
    "dropout_tensor_true": _dropout_tensor(True),
    "dropout_tensor_false": _dropout_tensor(False),
    "dropout_in_model": _dropout_in_model,
    "flatten": _flatten,
    "conv2d": _conv2d,
    "conv2d_channels_first": _conv2d_channels_first,
    "conv2d_options": _conv2d_options,
    "conv1d": _conv1d,
    "conv3d": _conv3d,
    "conv2d_transpose": _conv2d_transpose,
    "pooling2d": _pooling2d,
    "pooling1d": _pooling1d,
    "pooling3d": _pooling3d,
    "bn_dense_train": _batch_norm([8, 5], True),
    "bn_dense_infer": _batch_norm([8, 5], False),
    "bn_dense_tensor_true": _batch_norm([8, 5], ("tensor", True)),
    "bn_dense_tensor_false": _batch_norm([8, 5], ("tensor", False)),
    "bn_rank3": _batch_norm([4, 3, 5], True, momentum=0.8, epsilon=0.01),
    "bn_fused_train": _batch_norm([4, 3, 3, 2], True),
    "bn_fused_infer": _batch_norm([4, 3, 3, 2], False),
    "bn_fused_tensor_true": _batch_norm([4, 3, 3, 2], ("tensor", True)),
    "bn_fused_tensor_false": _batch_norm([4, 3, 3, 2], ("tensor", False)),
    "bn_fused_channels_first": _batch_norm([4, 2, 3, 3], True, axis=1),
    "bn_fused_unknown_batch": _batch_norm([4, 3, 3, 2], True,
                                          static_shape=[None, 3, 3, 2]),
    "bn_nonfused_train": _batch_norm([4, 3, 3, 2], True, fused=False),
    "bn_nonfused_tensor_true": _batch_norm([4, 3, 3, 2], ("tensor", True),
                                           fused=False),
    "bn_nonfused_tensor_false": _batch_norm([4, 3, 3, 2], ("tensor", False),
                                            fused=False),
    "bn_nonfused_axis1": _batch_norm([4, 2, 3, 3], True, axis=1, fused=False),
    "bn_multi_axis": _batch_norm([4, 3, 3, 2], True, axis=[1, 3]),
    "bn_no_center_scale": _batch_norm([4, 3, 3, 2], True, center=False,
                                      scale=False, momentum=0.5),
    "bn_not_trainable": _batch_norm([8, 5], True, trainable=False),
    "bn_twice": _batch_norm_twice,
    "bn_in_model": _batch_norm_in_model,
    "partitioned": _partitioned,
    "float64": _float64,
}
