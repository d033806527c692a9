"""TF 1.15's batch normalization layer, `BatchNormalization`/`batch_normalization`.

Variables (shape `[channels]`, or the input rank with ones on reduced axes when
`axis` lists several axes): `gamma` (ones, if `scale`), `beta` (zeros, if
`center`), and the non-trainable `moving_mean` (zeros) and `moving_variance` (ones),
which live in `GLOBAL_VARIABLES` only. The moving statistics are never partitioned,
even under a partitioning variable scope.

The TF1 behaviours reproduced on purpose:

* `training` defaults to False: the layer normalizes with the moving statistics and
  creates no update ops. With `training=True` it normalizes with the batch
  statistics and adds two ops to `GraphKeys.UPDATE_OPS`,
  `var -= (var - batch_stat) * (1 - momentum)`, which the train op must depend on.
  A bool tensor builds both branches; its update ops run with momentum 1.0 (no
  change) when it is False.
* `fused=None` (or True) uses the fused kernel for 4-D inputs normalized over axis 1
  or 3 in float16/bfloat16/float32, and the composite ops otherwise. The fused
  training kernel normalizes with the biased batch variance but returns, and so
  folds into `moving_variance`, the Bessel-corrected (`n / (n - 1)`) one; it also
  raises `epsilon` to at least 1.001e-5. The composite path uses the biased variance
  throughout.
* `trainable=False` keeps gamma and beta out of `TRAINABLE_VARIABLES` but does not
  switch the layer to inference mode (that is Keras 2 behaviour, not TF1's). Such a
  layer reports no `updates`, so with `training=True` it normalizes with the batch
  statistics while its moving averages never reach `UPDATE_OPS`.
"""

import tensorflow as tf

from tf1_compat.framework import base_layer
from tf1_compat.framework import input_spec
from tf1_compat.layers import _utils as utils

_V1 = tf.compat.v1

# Checkpoint-visible variable names.
GAMMA_NAME = "gamma"
BETA_NAME = "beta"
MOVING_MEAN_NAME = "moving_mean"
MOVING_VARIANCE_NAME = "moving_variance"

# The fused kernel's lower bound on epsilon in TF1 (a cuDNN requirement).
_FUSED_MIN_EPSILON = 1.001e-5
_FUSED_DTYPES = (tf.float16, tf.bfloat16, tf.float32)
_FUSED_DATA_FORMATS = {1: "NCHW", 3: "NHWC"}


class BatchNormalization(base_layer.Layer):
  """Batch normalization (Ioffe & Szegedy, 2015) with TF1's defaults and updates.

  `outputs = gamma * (x - mean) / sqrt(variance + epsilon) + beta`, with the batch
  statistics when training and the moving ones otherwise (see the module docstring
  for the TF1 quirks).

  Args:
    axis: Int or list of ints, the axis or axes kept (normalized per entry), e.g.
      `-1` for channels-last and `1` after a channels-first convolution.
    momentum: Decay of the moving averages.
    epsilon: Added to the variance before the square root.
    center: Whether to add `beta`.
    scale: Whether to multiply by `gamma`.
    beta_initializer, gamma_initializer, moving_mean_initializer,
    moving_variance_initializer: Initializers of the four variables.
    beta_regularizer, gamma_regularizer: Callables `variable -> loss` or None.
    beta_constraint, gamma_constraint: Projections stored on the variables.
    renorm, renorm_clipping, renorm_momentum: Batch renormalization; not
      implemented, `renorm=True` raises NotImplementedError.
    fused: None or True for the fused kernel where it applies, False for the
      composite ops.
    trainable: If False, gamma and beta stay out of `TRAINABLE_VARIABLES`.
    virtual_batch_size: Ghost batch normalization; not implemented, anything but
      None raises NotImplementedError.
    adjustment: Training-time rescaling callable; not implemented, anything but
      None raises NotImplementedError.
    name: Base name of the variable scope (uniquified by the class API).
    dtype: Input dtype; by default the first input's. float16 and bfloat16 inputs
      get float32 variables.
  """

  def __init__(self, axis=-1, momentum=0.99, epsilon=1e-3, center=True,
               scale=True, beta_initializer=_V1.zeros_initializer(),
               gamma_initializer=_V1.ones_initializer(),
               moving_mean_initializer=_V1.zeros_initializer(),
               moving_variance_initializer=_V1.ones_initializer(),
               beta_regularizer=None, gamma_regularizer=None,
               beta_constraint=None, gamma_constraint=None, renorm=False,
               renorm_clipping=None, renorm_momentum=0.99, fused=None,
               trainable=True, virtual_batch_size=None, adjustment=None,
               name=None, dtype=None, **kwargs):
    super().__init__(trainable=trainable, name=name, dtype=dtype,
                     **utils.scope_kwargs(type(self).__name__, kwargs))
    unsupported = (("renorm", renorm, bool(renorm)),
                   ("virtual_batch_size", virtual_batch_size,
                    virtual_batch_size is not None),
                   ("adjustment", adjustment, adjustment is not None))
    for argument, value, given in unsupported:
      if given:
        raise NotImplementedError(
            "BatchNormalization %r: argument %s=%r is not supported by "
            "tf1_compat; leave it at its default" % (self.name, argument, value))
    if isinstance(axis, (list, tuple)):
      self.axis = list(axis)
    elif isinstance(axis, int):
      self.axis = axis
    else:
      raise TypeError("BatchNormalization %r: axis must be an int or a list of "
                      "ints, got %r" % (self.name, axis))
    self.momentum = momentum
    self.epsilon = epsilon
    self.center = center
    self.scale = scale
    self.beta_initializer = beta_initializer
    self.gamma_initializer = gamma_initializer
    self.moving_mean_initializer = moving_mean_initializer
    self.moving_variance_initializer = moving_variance_initializer
    self.beta_regularizer = beta_regularizer
    self.gamma_regularizer = gamma_regularizer
    self.beta_constraint = beta_constraint
    self.gamma_constraint = gamma_constraint
    self.renorm = renorm
    self.renorm_clipping = renorm_clipping
    self.renorm_momentum = renorm_momentum
    self.virtual_batch_size = virtual_batch_size
    self.adjustment = adjustment
    self.fused = True if fused is None else fused
    self.gamma = None
    self.beta = None
    self.moving_mean = None
    self.moving_variance = None
    self._param_shape = None
    self._data_format = None

  @property
  def _param_dtype(self):
    dtype = tf.as_dtype(self.dtype or tf.float32)
    return tf.float32 if dtype in (tf.float16, tf.bfloat16) else dtype

  def _resolve_axes(self, input_shape):
    rank = input_shape.rank
    if not rank:
      raise ValueError(
          "BatchNormalization %s needs inputs of known, nonzero rank, but "
          "received input with shape %s"
          % (input_spec.describe_layer(self), input_shape))
    axes = [self.axis] if isinstance(self.axis, int) else list(self.axis)
    resolved = [a + rank if a < 0 else a for a in axes]
    for original, axis in zip(axes, resolved):
      if not 0 <= axis < rank:
        raise ValueError(
            "BatchNormalization %s: invalid axis %d, expected one in [%d, %d) "
            "for input with shape %s" % (input_spec.describe_layer(self),
                                         original, -rank, rank, input_shape))
    if len(set(resolved)) != len(resolved):
      raise ValueError("BatchNormalization %s: duplicate axis in %s"
                       % (input_spec.describe_layer(self), axes))
    return resolved

  def build(self, input_shape):
    input_shape = tf.TensorShape(input_shape)
    self.axis = self._resolve_axes(input_shape)
    rank = input_shape.rank
    if self.fused:
      self.fused = (rank == 4 and len(self.axis) == 1
                    and self.axis[0] in _FUSED_DATA_FORMATS
                    and tf.as_dtype(self.dtype) in _FUSED_DTYPES)
    if self.fused:
      self._data_format = _FUSED_DATA_FORMATS[self.axis[0]]
    axis_to_dim = {}
    for axis in self.axis:
      size = tf.compat.dimension_value(input_shape[axis])
      if size is None:
        raise ValueError(
            "BatchNormalization %s: the normalized axis %d must have a known "
            "size, but received input with shape %s"
            % (input_spec.describe_layer(self), axis, input_shape))
      axis_to_dim[axis] = size
    self.input_spec = input_spec.InputSpec(ndim=rank, axes=axis_to_dim)
    if len(axis_to_dim) == 1:
      self._param_shape = [axis_to_dim[self.axis[0]]]
    else:
      self._param_shape = [axis_to_dim.get(i, 1) for i in range(rank)]

    dtype = self._param_dtype
    if self.scale:
      self.gamma = self.add_weight(
          GAMMA_NAME, shape=self._param_shape, dtype=dtype,
          initializer=self.gamma_initializer,
          regularizer=self.gamma_regularizer,
          constraint=self.gamma_constraint)
    if self.center:
      self.beta = self.add_weight(
          BETA_NAME, shape=self._param_shape, dtype=dtype,
          initializer=self.beta_initializer, regularizer=self.beta_regularizer,
          constraint=self.beta_constraint)
    # TF1 switched the scope's partitioner off for the moving statistics.
    partitioner = self._scope.partitioner
    self._scope.set_partitioner(None)
    try:
      self.moving_mean = self.add_weight(
          MOVING_MEAN_NAME, shape=self._param_shape, dtype=dtype,
          initializer=self.moving_mean_initializer, trainable=False)
      self.moving_variance = self.add_weight(
          MOVING_VARIANCE_NAME, shape=self._param_shape, dtype=dtype,
          initializer=self.moving_variance_initializer, trainable=False)
    finally:
      self._scope.set_partitioner(partitioner)

  # ---- moving averages ---------------------------------------------------------

  def _decay(self, training):
    """`1 - momentum`, or a tensor that is `0` when `training` evaluates False."""
    if utils.static_bool(training) is None:
      momentum = utils.smart_cond(
          training, lambda: tf.convert_to_tensor(self.momentum, tf.float32),
          lambda: tf.constant(1.0))
      return 1.0 - momentum
    return tf.convert_to_tensor(1.0 - self.momentum)

  def _assign_moving_average(self, variable, value, decay):
    with _V1.name_scope("AssignMovingAvg") as scope:
      with _V1.colocate_with(variable):
        decay = tf.cast(decay, variable.dtype.base_dtype)
        delta = (variable - tf.cast(value, variable.dtype.base_dtype)) * decay
        return _V1.assign_sub(variable, delta, name=scope)

  def _add_moving_average_updates(self, mean, variance, training):
    decay = self._decay(training)
    self.add_update(self._assign_moving_average(self.moving_mean, mean, decay))
    self.add_update(
        self._assign_moving_average(self.moving_variance, variance, decay))

  # ---- normalization -----------------------------------------------------------

  def _fused_batch_norm(self, inputs, training):
    gamma = self.gamma if self.scale else tf.ones(self._param_shape,
                                                  self._param_dtype)
    beta = self.beta if self.center else tf.zeros(self._param_shape,
                                                  self._param_dtype)
    epsilon = max(self.epsilon, _FUSED_MIN_EPSILON)

    def train():
      return _V1.nn.fused_batch_norm(
          inputs, gamma, beta, epsilon=epsilon, data_format=self._data_format,
          is_training=True)

    def infer():
      return _V1.nn.fused_batch_norm(
          inputs, gamma, beta, mean=self.moving_mean,
          variance=self.moving_variance, epsilon=epsilon,
          data_format=self._data_format, is_training=False)

    outputs, mean, variance = utils.smart_cond(training, train, infer)
    if utils.static_bool(training) is not False:
      self._add_moving_average_updates(mean, variance, training)
    return outputs

  def _composite_batch_norm(self, inputs, training):
    input_dtype = inputs.dtype.base_dtype
    if input_dtype in (tf.float16, tf.bfloat16):
      inputs = tf.cast(inputs, tf.float32)
    rank = inputs.shape.rank
    reduction_axes = [i for i in range(rank) if i not in self.axis]
    broadcast_shape = [1] * rank
    broadcast_shape[self.axis[0]] = self._param_shape[0]

    def broadcast(value):
      if (value is not None and value.shape.rank != rank
          and reduction_axes != list(range(rank - 1))):
        return tf.reshape(value, broadcast_shape)
      return value

    scale, offset = broadcast(self.gamma), broadcast(self.beta)
    if utils.static_bool(training) is False:
      mean, variance = self.moving_mean, self.moving_variance
    else:
      batch_mean, batch_variance = tf.nn.moments(
          tf.cast(inputs, self._param_dtype), reduction_axes,
          keepdims=len(self.axis) > 1)
      mean = utils.smart_cond(training, lambda: batch_mean,
                              lambda: tf.convert_to_tensor(self.moving_mean))
      variance = utils.smart_cond(
          training, lambda: batch_variance,
          lambda: tf.convert_to_tensor(self.moving_variance))
      self._add_moving_average_updates(mean, variance, training)
    mean = tf.cast(mean, inputs.dtype)
    variance = tf.cast(variance, inputs.dtype)
    if offset is not None:
      offset = tf.cast(offset, inputs.dtype)
    if scale is not None:
      scale = tf.cast(scale, inputs.dtype)
    outputs = tf.nn.batch_normalization(
        inputs, broadcast(mean), broadcast(variance), offset, scale,
        self.epsilon)
    if input_dtype in (tf.float16, tf.bfloat16):
      outputs = tf.cast(outputs, input_dtype)
    outputs.set_shape(inputs.shape)
    return outputs

  def call(self, inputs, training=False):
    if self.fused:
      return self._fused_batch_norm(inputs, training)
    return self._composite_batch_norm(inputs, training)

  def compute_output_shape(self, input_shape):
    return tf.TensorShape(input_shape)


def batch_normalization(inputs, axis=-1, momentum=0.99, epsilon=1e-3,
                        center=True, scale=True,
                        beta_initializer=_V1.zeros_initializer(),
                        gamma_initializer=_V1.ones_initializer(),
                        moving_mean_initializer=_V1.zeros_initializer(),
                        moving_variance_initializer=_V1.ones_initializer(),
                        beta_regularizer=None, gamma_regularizer=None,
                        beta_constraint=None, gamma_constraint=None,
                        training=False, trainable=True, name=None, reuse=None,
                        renorm=False, renorm_clipping=None,
                        renorm_momentum=0.99, fused=None,
                        virtual_batch_size=None, adjustment=None):
  """Functional `BatchNormalization`; mind the UPDATE_OPS when training.

  The moving averages are updated only by the ops this adds to
  `tf.GraphKeys.UPDATE_OPS`, so a TF1 train op is built as:

      update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
      with tf.control_dependencies(update_ops):
        train_op = optimizer.minimize(loss)

  `name` is the variable scope as is (not uniquified): a second call with the same
  `name` needs `reuse=True` or `tf.AUTO_REUSE`.

  Args:
    inputs: Tensor of known rank.
    training: Python bool or scalar bool tensor; False (the default) normalizes
      with the moving statistics.
    Other arguments: as for `BatchNormalization`.

  Returns:
    Tensor shaped like `inputs`.
  """
  layer = BatchNormalization(
      axis=axis, momentum=momentum, epsilon=epsilon, center=center,
      scale=scale, beta_initializer=beta_initializer,
      gamma_initializer=gamma_initializer,
      moving_mean_initializer=moving_mean_initializer,
      moving_variance_initializer=moving_variance_initializer,
      beta_regularizer=beta_regularizer, gamma_regularizer=gamma_regularizer,
      beta_constraint=beta_constraint, gamma_constraint=gamma_constraint,
      renorm=renorm, renorm_clipping=renorm_clipping,
      renorm_momentum=renorm_momentum, fused=fused, trainable=trainable,
      virtual_batch_size=virtual_batch_size, adjustment=adjustment, name=name,
      _scope=name, _reuse=reuse)
  return layer(inputs, training=training)
