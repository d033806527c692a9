"""contrib.layers' `batch_norm` and `layer_norm`, with contrib's defaults.

`batch_norm` differs from `tf.layers.batch_normalization` on purpose (TF1 quirks):

* **training mode by default** (`is_training=True`), `decay=0.999`;
* **no `gamma` unless `scale=True`**; scope `BatchNorm` holding `beta`, `gamma`,
  `moving_mean`, `moving_variance`, all also in `MODEL_VARIABLES`;
* the moving averages are updated by ops in `UPDATE_OPS` (run them with the train
  op), or in place with `updates_collections=None` (the output then depends on
  them);
* the fused kernel is the default (`fused=None` means True) for 2-D and 4-D inputs;
  a 2-D input is run through it as `[batch, 1, 1, channels]`, as TF1 did, so
  `moving_variance` is updated with the Bessel-corrected batch variance while the
  output is normalized with the biased one.

`layer_norm` normalizes over axes `begin_norm_axis..` with epsilon 1e-12 and
learns `beta`/`gamma` shaped like the axes from `begin_params_axis` on.
"""

import tensorflow as tf

from tf1_compat import layers as core_layers
from tf1_compat.contrib.framework import arg_scopes
from tf1_compat.contrib.framework import variables
from tf1_compat.contrib.layers import _utils

_V1 = tf.compat.v1
_NHWC, _NCHW = "NHWC", "NCHW"
_PARAM_NAMES = ("beta", "gamma", "moving_mean", "moving_variance")


def _unsupported(argument, value):
  return NotImplementedError(
      "batch_norm: %s=%r is not supported by tf1_compat; leave it at its "
      "default" % (argument, value))


def _move_updates(updates, updates_collections):
  """Takes `updates` out of UPDATE_OPS and files them under `updates_collections`."""
  update_ops = _V1.get_collection_ref(_V1.GraphKeys.UPDATE_OPS)
  ids = {id(u) for u in updates}
  update_ops[:] = [op for op in update_ops if id(op) not in ids]
  if isinstance(updates_collections, str):
    updates_collections = [updates_collections]
  for update in updates:
    _V1.add_to_collections(updates_collections, update)


@arg_scopes.add_arg_scope
def batch_norm(inputs, decay=0.999, center=True, scale=False, epsilon=0.001,
               activation_fn=None, param_initializers=None,
               param_regularizers=None,
               updates_collections=_V1.GraphKeys.UPDATE_OPS, is_training=True,
               reuse=None, variables_collections=None, outputs_collections=None,
               trainable=True, batch_weights=None, fused=None, data_format=_NHWC,
               zero_debias_moving_mean=False, scope=None, renorm=False,
               renorm_clipping=None, renorm_decay=0.99, adjustment=None):
  """Batch normalization with contrib's defaults (see the module docstring).

  Args:
    inputs: Tensor of known rank; channels on the last axis (`"NHWC"`) or axis 1
      (`"NCHW"`).
    decay: Moving-average decay.
    center: Learn `beta`.
    scale: Learn `gamma` (off by default: fine before ReLU, not before a
      linear layer).
    epsilon: Added to the variance.
    activation_fn: Applied to the output, or None.
    param_initializers: `{"beta"|"gamma"|"moving_mean"|"moving_variance":
      initializer}`.
    param_regularizers: `{"beta"|"gamma": regularizer}`.
    updates_collections: Where the moving-average update ops go;
      None applies them in place.
    is_training: Python bool or bool tensor; True normalizes with the batch
      statistics and updates the moving averages.
    reuse: Reuse the variables of `scope`.
    variables_collections: Extra collections: a list, or a dict by parameter
      name.
    outputs_collections: Collections to add the output to.
    trainable: Whether `beta`/`gamma` are trainable.
    batch_weights, zero_debias_moving_mean, renorm, renorm_clipping,
    adjustment: Not supported; anything but the default raises
      NotImplementedError.
    fused: None/True for the fused kernel where it applies, False for composite
      ops.
    data_format: `"NHWC"` or `"NCHW"`.
    scope: Variable scope; default `BatchNorm`.
    renorm_decay: Unused (renorm is not supported).

  Returns:
    Tensor shaped like `inputs`.
  """
  del renorm_decay
  for argument, value, given in (
      ("batch_weights", batch_weights, batch_weights is not None),
      ("renorm", renorm, bool(renorm)),
      ("renorm_clipping", renorm_clipping, renorm_clipping is not None),
      ("adjustment", adjustment, adjustment is not None),
      ("zero_debias_moving_mean", zero_debias_moving_mean,
       bool(zero_debias_moving_mean))):
    if given:
      raise _unsupported(argument, value)
  if data_format not in (_NHWC, _NCHW):
    raise ValueError("batch_norm: data_format must be 'NHWC' or 'NCHW', got %r"
                     % (data_format,))
  fused = True if fused is None else fused
  initializers = dict(param_initializers or {})
  regularizers = dict(param_regularizers or {})
  unknown = sorted(set(initializers) - set(_PARAM_NAMES))
  if unknown:
    raise ValueError("batch_norm: unknown param_initializers keys %s, expected "
                     "some of %s" % (unknown, _PARAM_NAMES))
  with _V1.variable_scope(
      scope, "BatchNorm", [inputs], reuse=reuse,
      custom_getter=_utils.model_variable_getter()) as sc:
    inputs = tf.convert_to_tensor(inputs)
    rank = inputs.shape.rank
    channels_axis = 1 if data_format == _NCHW else -1
    layer = core_layers.BatchNormalization(
        axis=channels_axis, momentum=decay, epsilon=epsilon, center=center,
        scale=scale,
        beta_initializer=initializers.get("beta", _V1.zeros_initializer()),
        gamma_initializer=initializers.get("gamma", _V1.ones_initializer()),
        moving_mean_initializer=initializers.get("moving_mean",
                                                 _V1.zeros_initializer()),
        moving_variance_initializer=initializers.get("moving_variance",
                                                     _V1.ones_initializer()),
        beta_regularizer=regularizers.get("beta"),
        gamma_regularizer=regularizers.get("gamma"), trainable=trainable,
        fused=fused, name=sc.name, _scope=sc, _reuse=reuse)
    as_image = fused and rank == 2
    if as_image:
      channels = tf.compat.dimension_value(inputs.shape[-1])
      if channels is None:
        channels = tf.shape(inputs)[-1]
      shape = ([-1, 1, 1, channels] if data_format == _NHWC
               else [-1, channels, 1, 1])
      outputs = layer(tf.reshape(inputs, shape), training=is_training)
      outputs = tf.reshape(outputs, tf.shape(inputs))
      outputs.set_shape(inputs.shape)
    else:
      outputs = layer(inputs, training=is_training)
    updates = layer.updates
    if updates and updates_collections != _V1.GraphKeys.UPDATE_OPS:
      if updates_collections is None:
        _move_updates(updates, [])
        with tf.control_dependencies(updates):
          outputs = tf.identity(outputs)
      else:
        _move_updates(updates, updates_collections)
    for name in _PARAM_NAMES:
      variable = getattr(layer, name)
      if variable is not None:
        _utils.add_variable_to_collections(variable, variables_collections,
                                           name)
    if activation_fn is not None:
      outputs = activation_fn(outputs)
    return _utils.collect_named_outputs(outputs_collections, sc.name, outputs)


@arg_scopes.add_arg_scope
def layer_norm(inputs, center=True, scale=True, activation_fn=None, reuse=None,
               variables_collections=None, outputs_collections=None,
               trainable=True, begin_norm_axis=1, begin_params_axis=-1,
               scope=None):
  """Layer normalization (Ba et al., 2016) as contrib computed it.

  `outputs = gamma * (x - mean) / sqrt(variance + eps) + beta`, with moments over
  axes `begin_norm_axis..rank-1` of each example and `eps = 1e-12` (1e-3 for
  float16). Variables `LayerNorm/beta` (zeros) and `LayerNorm/gamma` (ones) are
  shaped `inputs.shape[begin_params_axis:]` and are model variables.

  Raises:
    ValueError: unknown rank, axes out of range, or parameter axes of unknown
      size.
  """
  with _V1.variable_scope(scope, "LayerNorm", [inputs], reuse=reuse) as sc:
    inputs = tf.convert_to_tensor(inputs)
    shape = inputs.shape
    rank = shape.rank
    if rank is None:
      raise ValueError("layer_norm: input %s has unknown rank" % inputs.name)
    if begin_norm_axis < 0:
      begin_norm_axis += rank
    if begin_params_axis >= rank or begin_norm_axis >= rank:
      raise ValueError("layer_norm: begin_params_axis (%d) and begin_norm_axis "
                       "(%d) must be < rank(inputs) (%d)"
                       % (begin_params_axis, begin_norm_axis, rank))
    params_shape = shape[begin_params_axis:]
    if not params_shape.is_fully_defined():
      raise ValueError("layer_norm: input %s: shape[%d:] must be fully defined, "
                       "got shape %s" % (inputs.name, begin_params_axis, shape))
    dtype = inputs.dtype.base_dtype
    beta = gamma = None
    if center:
      beta = variables.model_variable(
          "beta", shape=params_shape, dtype=dtype,
          initializer=_V1.zeros_initializer(),
          collections=_utils.variable_collections(variables_collections,
                                                  "beta"),
          trainable=trainable)
    if scale:
      gamma = variables.model_variable(
          "gamma", shape=params_shape, dtype=dtype,
          initializer=_V1.ones_initializer(),
          collections=_utils.variable_collections(variables_collections,
                                                  "gamma"),
          trainable=trainable)
    outputs = normalize(inputs, gamma, beta, begin_norm_axis)
    if activation_fn is not None:
      outputs = activation_fn(outputs)
    return _utils.collect_named_outputs(outputs_collections, sc.name, outputs)


def normalize(inputs, gamma, beta, begin_norm_axis=1):
  """The layer-norm arithmetic of `layer_norm`, for given `gamma` and `beta`.

  Args:
    inputs: Tensor of known rank.
    gamma: Scale broadcastable to `inputs`, or None.
    beta: Offset broadcastable to `inputs`, or None.
    begin_norm_axis: First axis of the moments (non-negative).
  """
  rank = inputs.shape.rank
  mean, variance = tf.nn.moments(inputs, list(range(begin_norm_axis, rank)),
                                 keepdims=True)
  epsilon = 1e-3 if inputs.dtype.base_dtype == tf.float16 else 1e-12
  outputs = tf.nn.batch_normalization(inputs, mean, variance, offset=beta,
                                      scale=gamma, variance_epsilon=epsilon)
  outputs.set_shape(inputs.shape)
  return outputs
