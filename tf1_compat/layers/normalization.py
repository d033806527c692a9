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
MOVING_STDDEV_NAME = "moving_stddev"
RENORM_MEAN_NAME = "renorm_mean"
RENORM_STDDEV_NAME = "renorm_stddev"

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
    renorm: Batch renormalization: also creates `moving_stddev`,
      `renorm_mean` and `renorm_stddev` (non-trainable).
    renorm_clipping: `{"rmin", "rmax", "dmax"}` bounds of the `r`, `d`
      corrections, or None.
    renorm_momentum: Decay of `renorm_mean` and `renorm_stddev`.
    fused: None or True for the fused kernel where it applies, False for the
      composite ops.
    trainable: If False, gamma and beta stay out of `TRAINABLE_VARIABLES`.
    virtual_batch_size: Ghost batch normalization over groups of this many
      examples (it must divide the batch); the variables get a leading
      `[1, 1, ...]` shape.
    adjustment: `shape -> (scale, bias)` applied to the normalized values
      during training, before gamma and beta.
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
    if renorm:
      renorm_clipping = dict(renorm_clipping or {})
      unknown = set(renorm_clipping) - {"rmax", "rmin", "dmax"}
      if unknown:
        raise ValueError("BatchNormalization %r: renorm_clipping %s contains "
                         "keys not in ['rmax', 'rmin', 'dmax']: %s"
                         % (self.name, renorm_clipping, sorted(unknown)))
    if virtual_batch_size is not None and adjustment is not None:
      raise ValueError("BatchNormalization %r: When using virtual_batch_size, "
                       "adjustment cannot be specified" % self.name)
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
    # TF 1.15's private switch, set to False by its own tests only.
    self._bessels_correction_test_only = True
    self.gamma = None
    self.beta = None
    self.moving_mean = None
    self.moving_variance = None
    self.moving_stddev = None
    self.renorm_mean = None
    self.renorm_stddev = None
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
    if self.virtual_batch_size is not None:
      if self.virtual_batch_size <= 0:
        raise ValueError(
            "BatchNormalization %s: virtual_batch_size must be a positive "
            "integer that divides the true batch size of the input Tensor, got "
            "%r" % (input_spec.describe_layer(self), self.virtual_batch_size))
      if 0 in self.axis:
        raise ValueError(
            "BatchNormalization %s: When using virtual_batch_size, the batch "
            "dimension must be 0 and thus axis cannot include 0"
            % input_spec.describe_layer(self))
    if self.fused:
      self.fused = (rank == 4 and len(self.axis) == 1
                    and self.axis[0] in _FUSED_DATA_FORMATS
                    and tf.as_dtype(self.dtype) in _FUSED_DTYPES
                    and not self.renorm and self.virtual_batch_size is None
                    and self.adjustment is None)
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
    if len(axis_to_dim) == 1 and self.virtual_batch_size is None:
      self._param_shape = [axis_to_dim[self.axis[0]]]
    else:
      self._param_shape = [axis_to_dim.get(i, 1) for i in range(rank)]
      if self.virtual_batch_size is not None:
        # The inputs get a virtual-batch dimension at 1 (see `call`).
        self._param_shape.insert(1, 1)
        self.axis = [a + 1 for a in self.axis]

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
    # TF1 switched the scope's partitioner off for the moving statistics (a
    # Keras-style layer has no scope).
    scope = self._scope
    partitioner = scope.partitioner if scope is not None else None
    if scope is not None:
      scope.set_partitioner(None)
    try:
      self.moving_mean = self.add_weight(
          MOVING_MEAN_NAME, shape=self._param_shape, dtype=dtype,
          initializer=self.moving_mean_initializer, trainable=False)
      self.moving_variance = self.add_weight(
          MOVING_VARIANCE_NAME, shape=self._param_shape, dtype=dtype,
          initializer=self.moving_variance_initializer, trainable=False)
      if self.renorm:
        self._build_renorm_variables(dtype)
    finally:
      if scope is not None:
        scope.set_partitioner(partitioner)

  def _build_renorm_variables(self, dtype):
    """`moving_stddev` (inference), `renorm_mean` and `renorm_stddev` (training),
    as TF 1.15 named and initialized them."""
    def stddev_initializer(*args, **kwargs):
      return tf.sqrt(self.moving_variance_initializer(*args, **kwargs))

    def add(name, initializer):
      return self.add_weight(name, shape=self._param_shape, dtype=dtype,
                             initializer=initializer, trainable=False)

    self.moving_stddev = add(MOVING_STDDEV_NAME, stddev_initializer)
    self.renorm_mean = add(RENORM_MEAN_NAME, self.moving_mean_initializer)
    self.renorm_stddev = add(RENORM_STDDEV_NAME, stddev_initializer)

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
    """The two UPDATE_OPS. With renorm TF 1.15 averaged the standard deviation
    `sqrt(variance + epsilon)` into `moving_stddev` and set `moving_variance`
    from it."""
    decay = self._decay(training)
    self.add_update(self._assign_moving_average(self.moving_mean, mean, decay))
    if not self.renorm:
      self.add_update(
          self._assign_moving_average(self.moving_variance, variance, decay))
      return
    stddev = self._assign_moving_average(
        self.moving_stddev, tf.sqrt(variance + self.epsilon), decay)
    with _V1.name_scope("AssignNewValue") as scope:
      with _V1.colocate_with(self.moving_variance):
        # relu: rounding may take the difference below zero.
        self.add_update(_V1.assign(
            self.moving_variance,
            tf.nn.relu(stddev * stddev - self.epsilon), name=scope))

  def _renorm_correction_and_moments(self, mean, variance, training):
    """`(r, d, mean, variance)` of batch renormalization (Ioffe, 2017).

    `r = stddev / renorm_stddev` and `d = (mean - renorm_mean) / renorm_stddev`
    from the running averages before this batch, clipped by `renorm_clipping`
    (`r = 1`, `d = 0` when not training); computing the returned moments also
    updates `renorm_mean` and `renorm_stddev` with `renorm_momentum`, as TF 1.15
    did (in the forward pass, not through UPDATE_OPS).
    """
    stddev = tf.sqrt(variance + self.epsilon)
    renorm_stddev = tf.maximum(self.renorm_stddev, tf.sqrt(self.epsilon))
    r = stddev / renorm_stddev
    d = (mean - self.renorm_mean) / renorm_stddev
    with tf.control_dependencies([r, d]):  # Corrections use the old averages.
      mean = tf.identity(mean)
      stddev = tf.identity(stddev)
    clipping = self.renorm_clipping
    if clipping.get("rmin") is not None:
      r = tf.maximum(r, clipping["rmin"])
    if clipping.get("rmax") is not None:
      r = tf.minimum(r, clipping["rmax"])
    if clipping.get("dmax") is not None:
      d = tf.clip_by_value(d, -clipping["dmax"], clipping["dmax"])
    r = utils.smart_cond(training, lambda: r, lambda: tf.ones_like(r))
    d = utils.smart_cond(training, lambda: d, lambda: tf.zeros_like(d))
    decay = tf.convert_to_tensor(1.0 - self.renorm_momentum)

    def update(variable, value):
      value = tf.identity(value)
      return utils.smart_cond(
          training, lambda: self._assign_moving_average(variable, value, decay),
          lambda: tf.identity(variable))

    updates = [update(self.renorm_mean, mean),
               update(self.renorm_stddev, stddev)]
    with tf.control_dependencies(updates):
      return r, d, tf.identity(mean), tf.identity(variance)

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
    if not self._bessels_correction_test_only:
      # The fused kernel's batch variance carries Bessel's correction; TF 1.15
      # took it out here when its tests asked (the composite path has none).
      sample_size = tf.cast(tf.size(inputs) / tf.size(variance), variance.dtype)
      variance *= (sample_size - 1.0) / sample_size
    if utils.static_bool(training) is not False:
      self._add_moving_average_updates(mean, variance, training)
    return outputs

  def _composite_batch_norm(self, inputs, training):
    """The composite ops, with TF 1.15's virtual batches, adjustment and renorm.

    Virtual ("ghost") batches reshape `[batch, ...]` to `[virtual_batch_size,
    -1, ...]` and normalize each of the `batch / virtual_batch_size` groups by
    its own moments; the moving averages get the moments' mean over groups.
    `adjustment(shape)` gives a `(scale, bias)` applied before gamma and beta
    during training. Renorm rescales by the `r`, `d` corrections (no gradient
    through them).
    """
    input_dtype = inputs.dtype.base_dtype
    if input_dtype in (tf.float16, tf.bfloat16):
      inputs = tf.cast(inputs, tf.float32)
    original_shape = inputs.shape
    virtual = self.virtual_batch_size
    if virtual is not None:
      inputs = tf.reshape(inputs, [virtual, -1] + original_shape.as_list()[1:])
    rank = inputs.shape.rank
    reduction_axes = [i for i in range(rank) if i not in self.axis]
    if virtual is not None:
      del reduction_axes[1]  # Each virtual batch has moments of its own.
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
      if self.adjustment is not None:
        adj_scale, adj_bias = self.adjustment(tf.shape(inputs))
        adj_scale = utils.smart_cond(training, lambda: adj_scale,
                                     lambda: tf.ones_like(adj_scale))
        adj_bias = utils.smart_cond(training, lambda: adj_bias,
                                    lambda: tf.zeros_like(adj_bias))
        scale, offset = _compose_transforms(adj_scale, adj_bias, scale, offset)
      batch_mean, batch_variance = tf.nn.moments(
          tf.cast(inputs, self._param_dtype), reduction_axes,
          keepdims=virtual is not None or len(self.axis) > 1)
      mean = utils.smart_cond(training, lambda: batch_mean,
                              lambda: tf.convert_to_tensor(self.moving_mean))
      variance = utils.smart_cond(
          training, lambda: batch_variance,
          lambda: tf.convert_to_tensor(self.moving_variance))
      if virtual is not None:
        new_mean = tf.reduce_mean(mean, axis=1, keepdims=True)
        new_variance = tf.reduce_mean(variance, axis=1, keepdims=True)
      else:
        new_mean, new_variance = mean, variance
      if self.renorm:
        r, d, new_mean, new_variance = self._renorm_correction_and_moments(
            new_mean, new_variance, training)
        r = broadcast(tf.stop_gradient(r, name="renorm_r"))
        d = broadcast(tf.stop_gradient(d, name="renorm_d"))
        scale, offset = _compose_transforms(r, d, scale, offset)
      self._add_moving_average_updates(new_mean, new_variance, training)
    mean = tf.cast(mean, inputs.dtype)
    variance = tf.cast(variance, inputs.dtype)
    if offset is not None:
      offset = tf.cast(offset, inputs.dtype)
    if scale is not None:
      scale = tf.cast(scale, inputs.dtype)
    outputs = tf.nn.batch_normalization(
        inputs, broadcast(mean), broadcast(variance), offset, scale,
        self.epsilon)
    outputs.set_shape(inputs.shape)
    if virtual is not None:
      outputs = tf.reshape(outputs, [-1] + original_shape.as_list()[1:])
    if input_dtype in (tf.float16, tf.bfloat16):
      outputs = tf.cast(outputs, input_dtype)
    outputs.set_shape(original_shape)
    return outputs

  def call(self, inputs, training=False):
    if self.fused:
      return self._fused_batch_norm(inputs, training)
    return self._composite_batch_norm(inputs, training)

  def compute_output_shape(self, input_shape):
    return tf.TensorShape(input_shape)


def _compose_transforms(scale, offset, then_scale, then_offset):
  """`(x * scale + offset) * then_scale + then_offset` as one scale and offset."""
  if then_scale is not None:
    scale = scale * then_scale
    offset = offset * then_scale
  if then_offset is not None:
    offset = offset + then_offset
  return scale, offset


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


# TF 1.15's module-level aliases (`tensorflow.python.layers.normalization`).
BatchNorm = BatchNormalization
batch_norm = batch_normalization
