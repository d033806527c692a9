"""contrib.layers' `batch_norm` and `layer_norm`, with contrib's defaults.

`batch_norm` differs from `tf.layers.batch_normalization` on purpose (TF1 quirks):

* **training mode by default** (`is_training=True`), `decay=0.999`;
* **no `gamma` unless `scale=True`**; scope `BatchNorm` holding `beta`, `gamma`,
  `moving_mean`, `moving_variance`, all also in `MODEL_VARIABLES`;
* the moving averages are updated by ops in `UPDATE_OPS` (run them with the train
  op), in other collections (`updates_collections=`), or in place with
  `updates_collections=None` (the output then depends on them);
* the fused kernel is the default (`fused=None` means True) for 2-D and 4-D inputs;
  a 2-D input is run through it as `[batch, 1, 1, channels]`, as TF1 did, so
  `moving_variance` is updated with the Bessel-corrected batch variance while the
  output is normalized with the biased one;
* `zero_debias_moving_mean=True` keeps the moving mean's average in
  `<scope>/<scope>/moving_mean/biased` with a counter `.../local_step`
  (TF1's `assign_moving_average(..., zero_debias=True)`, rebuilt here).

`layer_norm` normalizes over axes `begin_norm_axis..` with epsilon 1e-12 and
learns `beta`/`gamma` shaped like the axes from `begin_params_axis` on.
"""

import tensorflow as tf

from tf_slim.ops import variables

from tf1_compat import layers as core_layers
from tf1_compat.contrib.framework import arg_scopes
from tf1_compat.contrib.layers import _utils
from tf1_compat.layers import _utils as core_utils

_V1 = tf.compat.v1
_NHWC, _NCHW = "NHWC", "NCHW"
_PARAM_NAMES = ("beta", "gamma", "moving_mean", "moving_variance")


def _bad_data_format(data_format):
  return ("data_format has to be either NCHW or NHWC. (batch_norm got %r)"
          % (data_format,))


def assign_moving_average(variable, value, decay, zero_debias=False):
  """TF 1.15's `moving_averages.assign_moving_average`, op and variable names
  included: `variable -= (variable - value) * (1 - decay)`.

  With `zero_debias` the average is kept in a new variable
  `<current scope>/<variable name>/biased` next to a step counter
  `.../local_step` (both zeros, non-trainable; suffixed `_1`, ... when taken), and
  `variable` is set to `biased / (1 - decay ** local_step)`, so it is not pulled
  towards its initial value at the start.

  Returns:
    The op (a tensor) that updates `variable`.
  """
  with _V1.name_scope(None, "AssignMovingAvg", [variable, value, decay]) as scope:
    decay = tf.convert_to_tensor(1.0 - decay, name="decay")
    if decay.dtype != variable.dtype.base_dtype:
      decay = tf.cast(decay, variable.dtype.base_dtype)
    if not zero_debias:
      return _V1.assign_sub(variable, (variable - value) * decay, name=scope)
    biased, local_step = _zero_debias_variables(variable, value, decay)
    update_biased = _V1.assign_sub(biased, (biased - value) * decay)
    update_local_step = _V1.assign_add(local_step, 1.0)
    bias_factor = 1 - tf.pow(1.0 - decay, update_local_step)
    return _V1.assign(variable, update_biased / bias_factor,
                      name=_V1.get_default_graph().get_name_scope() + "/")


def _zero_debias_variables(variable, value, decay):
  with _V1.variable_scope(variable.op.name, values=[variable, value, decay]):
    current = _V1.get_variable_scope()

    def unique(name):
      if current.reuse:
        return name
      taken = {v.op.name for v in current.global_variables()}
      full_name = current.name + "/" + name
      if full_name not in taken:
        return name
      index = 1
      while "%s_%d" % (full_name, index) in taken:
        index += 1
      return "%s_%d" % (name, index)

    with _V1.colocate_with(variable):
      biased = _V1.get_variable(
          unique("biased"), shape=variable.shape, dtype=variable.dtype.base_dtype,
          initializer=_V1.zeros_initializer(), trainable=False)
      local_step = _V1.get_variable(
          unique("local_step"), shape=[], dtype=variable.dtype.base_dtype,
          initializer=_V1.zeros_initializer(), trainable=False)
  return biased, local_step


def _model_variable(name, shape, dtype, initializer, collections, trainable,
                    regularizer=None):
  """TF-Slim's `model_variable`: also in MODEL_VARIABLES, TF1's regularizer."""
  collections = list(collections or [])
  if isinstance(collections, str):
    collections = [collections]
  collections += [_V1.GraphKeys.GLOBAL_VARIABLES, _V1.GraphKeys.MODEL_VARIABLES]
  return _utils.get_variable_regularized_as_tf1(
      _V1.get_variable, name, shape=shape, dtype=dtype, initializer=initializer,
      regularizer=regularizer, collections=list(dict.fromkeys(collections)),
      trainable=trainable)


def _moving_statistics(params_shape, dtype, initializers, variables_collections):
  """`moving_mean` and `moving_variance`, never partitioned (as in TF1)."""
  with _V1.variable_scope(_V1.get_variable_scope()) as local_scope:
    local_scope.set_partitioner(None)
    return tuple(
        _model_variable(
            name, params_shape, dtype,
            initializers.get(name, default),
            _utils.variable_collections(variables_collections, name),
            trainable=False)
        for name, default in (("moving_mean", _V1.zeros_initializer()),
                              ("moving_variance", _V1.ones_initializer())))


def _moving_average_updates(moving_mean, moving_variance, mean, variance, decay,
                            zero_debias_moving_mean):
  return (assign_moving_average(moving_mean, mean, decay,
                                zero_debias=zero_debias_moving_mean),
          assign_moving_average(moving_variance, variance, decay,
                                zero_debias=False))


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

  As in TF 1.15 one of three implementations runs, with the same variables:

  * the fused kernel on `[batch, channels]` or 4-D inputs, when `fused` (the
    default) and `zero_debias_moving_mean`, a 2-D input or
    `updates_collections` other than `UPDATE_OPS` call for it (and none of
    `batch_weights`, `renorm`, `adjustment` is given): its update ops are
    `assign_moving_average`s and the moving variance gets the Bessel-corrected
    batch variance;
  * `tf.layers.BatchNormalization` in the plain case (`UPDATE_OPS`, no
    `batch_weights`, no zero-debiasing), which also serves `renorm` and
    `adjustment`;
  * composite ops otherwise (`batch_weights` for weighted moments, or
    `fused=False` with zero-debiasing or other update collections); there, as
    in TF 1.15, `param_regularizers` is not applied.

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
    is_training: Python bool, bool tensor or bool variable; True normalizes
      with the batch statistics and updates the moving averages.
    reuse: Reuse the variables of `scope`.
    variables_collections: Extra collections: a list, or a dict by parameter
      name.
    outputs_collections: Collections to add the output to.
    trainable: Whether `beta`/`gamma` are trainable.
    batch_weights: Optional `[batch]` weights of the examples for weighted
      moments.
    fused: None/True for the fused kernel where it applies, False for composite
      ops.
    data_format: `"NHWC"` or `"NCHW"`.
    zero_debias_moving_mean: Zero-debias the moving mean (see
      `assign_moving_average`); adds `<scope>/<scope>/moving_mean/biased` and
      `.../local_step`.
    scope: Variable scope; default `BatchNorm`.
    renorm, renorm_clipping, renorm_decay: Batch renormalization (only with
      `UPDATE_OPS`, no `batch_weights` and no zero-debiasing).
    adjustment: `shape -> (scale, bias)` applied to the normalized values when
      training.

  Returns:
    Tensor shaped like `inputs`.

  Raises:
    ValueError: unknown `data_format`, an input of undefined rank or channel
      count, or `renorm` with the composite implementation.
  """
  fused = True if fused is None else fused
  inputs = tf.convert_to_tensor(inputs)
  rank = inputs.shape.rank
  possible_to_fuse = (batch_weights is None and not renorm and rank in (2, 4)
                      and adjustment is None)
  if fused and possible_to_fuse and (
      zero_debias_moving_mean or rank == 2
      or updates_collections != _V1.GraphKeys.UPDATE_OPS):
    return _fused_batch_norm(
        inputs, decay, center, scale, epsilon, activation_fn,
        param_initializers, param_regularizers, updates_collections,
        is_training, reuse, variables_collections, outputs_collections,
        trainable, data_format, zero_debias_moving_mean, scope)
  if data_format not in (_NHWC, _NCHW):
    raise ValueError(_bad_data_format(data_format))
  initializers = dict(param_initializers or {})
  regularizers = dict(param_regularizers or {})
  with _V1.variable_scope(
      scope, "BatchNorm", [inputs], reuse=reuse,
      custom_getter=_utils.model_variable_getter()) as sc:
    _check_known_rank_and_channels(inputs, data_format)
    if (batch_weights is None
        and updates_collections == _V1.GraphKeys.UPDATE_OPS
        and not zero_debias_moving_mean):
      layer = core_layers.BatchNormalization(
          axis=1 if data_format == _NCHW else -1, momentum=decay,
          epsilon=epsilon, center=center, scale=scale,
          beta_initializer=initializers.get("beta", _V1.zeros_initializer()),
          gamma_initializer=initializers.get("gamma", _V1.ones_initializer()),
          moving_mean_initializer=initializers.get("moving_mean",
                                                   _V1.zeros_initializer()),
          moving_variance_initializer=initializers.get(
              "moving_variance", _V1.ones_initializer()),
          beta_regularizer=regularizers.get("beta"),
          gamma_regularizer=regularizers.get("gamma"), trainable=trainable,
          renorm=renorm, renorm_clipping=renorm_clipping,
          renorm_momentum=renorm_decay, adjustment=adjustment, fused=fused,
          name=sc.name, _scope=sc, _reuse=reuse)
      outputs = layer(inputs, training=is_training)
      for name in _PARAM_NAMES:
        variable = getattr(layer, name)
        if variable is not None:
          _utils.add_variable_to_collections(variable, variables_collections,
                                             name)
    else:
      if renorm:
        raise ValueError(
            "renorm is not supported with batch_weights, updates_collections "
            "or zero_debias_moving_mean (batch_norm %r)" % sc.name)
      outputs = _composite_batch_norm(
          inputs, decay, center, scale, epsilon, initializers,
          updates_collections, is_training, variables_collections, trainable,
          batch_weights, data_format, zero_debias_moving_mean)
    if activation_fn is not None:
      outputs = activation_fn(outputs)
    return _utils.collect_named_outputs(outputs_collections, sc.name, outputs)


def _check_known_rank_and_channels(inputs, data_format):
  shape = inputs.shape
  if shape.rank is None:
    raise ValueError("Inputs %s has undefined rank. (batch_norm needs a known "
                     "rank)" % inputs.name)
  channels = shape[1:2] if data_format == _NCHW else shape[-1:]
  if not channels.is_fully_defined():
    raise ValueError("Inputs %s has undefined channels dimension %s. "
                     "(batch_norm: input shape %s, data_format %s)"
                     % (inputs.name, channels, shape, data_format))
  return channels


def _composite_batch_norm(inputs, decay, center, scale, epsilon, initializers,
                          updates_collections, is_training,
                          variables_collections, trainable, batch_weights,
                          data_format, zero_debias_moving_mean):
  """TF 1.15's batch_norm from moments and `nn.batch_normalization`."""
  shape = inputs.shape
  rank = shape.rank
  dtype = inputs.dtype.base_dtype
  params_shape = _check_known_rank_and_channels(inputs, data_format)
  if batch_weights is not None:
    batch_weights = tf.convert_to_tensor(batch_weights)
    shape[0:1].assert_is_compatible_with(batch_weights.shape)
    batch_weights = tf.reshape(batch_weights, [-1] + [1] * (rank - 1))
  if data_format == _NCHW:
    moments_axes = [0] + list(range(2, rank))
    broadcast_shape = [1, params_shape[0]] + [1] * (rank - 2)
  else:
    moments_axes = list(range(rank - 1))
    broadcast_shape = None

  beta = gamma = None
  if center:
    beta = _model_variable(
        "beta", params_shape, dtype, initializers.get("beta",
                                                      _V1.zeros_initializer()),
        _utils.variable_collections(variables_collections, "beta"), trainable)
  if scale:
    gamma = _model_variable(
        "gamma", params_shape, dtype, initializers.get("gamma",
                                                       _V1.ones_initializer()),
        _utils.variable_collections(variables_collections, "gamma"), trainable)
  moving_mean, moving_variance = _moving_statistics(
      params_shape, dtype, initializers, variables_collections)

  training = core_utils.static_bool(is_training)
  if training is None or training:
    keep_dims = data_format == _NCHW
    if batch_weights is None:
      mean, variance = tf.nn.moments(inputs, moments_axes, keepdims=keep_dims)
    else:
      mean, variance = tf.nn.weighted_moments(inputs, moments_axes,
                                              batch_weights, keepdims=keep_dims)
    if keep_dims:
      mean, variance = tf.reshape(mean, [-1]), tf.reshape(variance, [-1])

    def moving():
      return moving_mean, moving_variance

    if updates_collections is None:
      def forced_updates():
        updates = _moving_average_updates(moving_mean, moving_variance, mean,
                                          variance, decay,
                                          zero_debias_moving_mean)
        with tf.control_dependencies(updates):
          return tf.identity(mean), tf.identity(variance)

      mean, variance = core_utils.smart_cond(is_training, forced_updates,
                                             moving)
    else:
      def delayed_updates():
        return _moving_average_updates(moving_mean, moving_variance, mean,
                                       variance, decay, zero_debias_moving_mean)

      update_mean, update_variance = core_utils.smart_cond(
          is_training, delayed_updates, moving)
      _V1.add_to_collections(updates_collections, update_mean)
      _V1.add_to_collections(updates_collections, update_variance)
      batch_mean, batch_variance = mean, variance
      mean, variance = core_utils.smart_cond(
          is_training, lambda: (batch_mean, batch_variance), moving)
  else:
    mean, variance = moving_mean, moving_variance
  if broadcast_shape is not None:
    mean = tf.reshape(mean, broadcast_shape)
    variance = tf.reshape(variance, broadcast_shape)
    if beta is not None:
      beta = tf.reshape(beta, broadcast_shape)
    if gamma is not None:
      gamma = tf.reshape(gamma, broadcast_shape)
  outputs = tf.nn.batch_normalization(inputs, mean, variance, beta, gamma,
                                      epsilon)
  outputs.set_shape(shape)
  return outputs


def _fused_batch_norm(inputs, decay, center, scale, epsilon, activation_fn,
                      param_initializers, param_regularizers,
                      updates_collections, is_training, reuse,
                      variables_collections, outputs_collections, trainable,
                      data_format, zero_debias_moving_mean, scope):
  """TF 1.15's batch_norm on the fused kernel, 2-D inputs as `[batch, 1, 1, C]`.

  The variables are float32 model variables; the moving variance is updated
  with the kernel's Bessel-corrected batch variance.
  """
  if data_format not in (_NHWC, _NCHW):
    raise ValueError(_bad_data_format(data_format))
  initializers = dict(param_initializers or {})
  regularizers = dict(param_regularizers or {})
  with _V1.variable_scope(scope, "BatchNorm", [inputs], reuse=reuse) as sc:
    original_inputs = inputs
    original_shape = inputs.shape
    if original_shape.rank is None:
      raise ValueError("Inputs %s has undefined rank (batch_norm needs a known "
                       "rank)" % inputs.name)
    if original_shape.rank not in (2, 4):
      raise ValueError("Inputs %s has unsupported rank. Expected 2 or 4 but "
                       "got %d (batch_norm: shape %s)"
                       % (inputs.name, original_shape.rank, original_shape))
    if original_shape.rank == 2:
      channels = tf.compat.dimension_value(original_shape[-1])
      if channels is None:
        raise ValueError("`C` dimension must be known but is None (batch_norm: "
                         "input %s has shape %s)" % (inputs.name,
                                                     original_shape))
      inputs = tf.reshape(inputs, [-1, 1, 1, channels] if data_format == _NHWC
                          else [-1, channels, 1, 1])
    shape = inputs.shape
    params_shape = shape[-1:] if data_format == _NHWC else shape[1:2]
    if not params_shape.is_fully_defined():
      raise ValueError("Inputs %s has undefined `C` dimension %s. (batch_norm: "
                       "input shape %s, data_format %s)"
                       % (inputs.name, params_shape, shape, data_format))
    dtype = tf.float32
    if center:
      beta = _model_variable(
          "beta", params_shape, dtype,
          initializers.get("beta", _V1.zeros_initializer()),
          _utils.variable_collections(variables_collections, "beta"),
          trainable, regularizer=regularizers.get("beta"))
    else:
      beta = tf.constant(0.0, dtype=dtype, shape=params_shape)
    if scale:
      gamma = _model_variable(
          "gamma", params_shape, dtype,
          initializers.get("gamma", _V1.ones_initializer()),
          _utils.variable_collections(variables_collections, "gamma"),
          trainable, regularizer=regularizers.get("gamma"))
    else:
      gamma = tf.constant(1.0, dtype=dtype, shape=params_shape)
    moving_mean, moving_variance = _moving_statistics(
        params_shape, dtype, initializers, variables_collections)

    def train():
      return _V1.nn.fused_batch_norm(inputs, gamma, beta, epsilon=epsilon,
                                     data_format=data_format)

    def infer():
      return _V1.nn.fused_batch_norm(
          inputs, gamma, beta, mean=moving_mean, variance=moving_variance,
          epsilon=epsilon, is_training=False, data_format=data_format)

    outputs, mean, variance = core_utils.smart_cond(is_training, train, infer)
    training = core_utils.static_bool(is_training)
    if training is None or training:
      if updates_collections is None:
        unchanged = outputs

        def forced_updates():
          updates = _moving_average_updates(moving_mean, moving_variance, mean,
                                            variance, decay,
                                            zero_debias_moving_mean)
          with tf.control_dependencies(updates):
            return tf.identity(unchanged)

        outputs = core_utils.smart_cond(is_training, forced_updates,
                                        lambda: unchanged)
      else:
        def delayed_updates():
          return _moving_average_updates(moving_mean, moving_variance, mean,
                                         variance, decay,
                                         zero_debias_moving_mean)

        update_mean, update_variance = core_utils.smart_cond(
            is_training, delayed_updates,
            lambda: (moving_mean, moving_variance))
        _V1.add_to_collections(updates_collections, update_mean)
        _V1.add_to_collections(updates_collections, update_variance)
    outputs.set_shape(shape)
    if original_shape.rank == 2:
      outputs = tf.reshape(outputs, tf.shape(original_inputs))
      outputs.set_shape(original_shape)
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
      raise ValueError("Inputs %s has undefined rank. (layer_norm needs a known "
                       "rank)" % inputs.name)
    if begin_norm_axis < 0:
      begin_norm_axis += rank
    if begin_params_axis >= rank or begin_norm_axis >= rank:
      raise ValueError("begin_params_axis (%d) and begin_norm_axis (%d) must "
                       "be < rank(inputs) (%d) (layer_norm)"
                       % (begin_params_axis, begin_norm_axis, rank))
    params_shape = shape[begin_params_axis:]
    if not params_shape.is_fully_defined():
      raise ValueError("Inputs %s: shape(inputs)[%d:] is not fully defined: %s "
                       "(layer_norm: its parameters take that shape)"
                       % (inputs.name, begin_params_axis, shape))
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
