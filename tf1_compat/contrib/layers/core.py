"""contrib.layers' core layers (also TF-Slim's): fully_connected, conv2d, pooling, ...

These are thin functions over `tf1_compat.layers` with contrib's own defaults and
names, which differ from `tf.layers` on purpose (TF1 quirks reproduced):

* `fully_connected` and `conv2d` apply **ReLU by default** (`activation_fn=None`
  for a linear layer; `linear` is that);
* their variables are named **`weights`** and **`biases`** (not `kernel`/`bias`),
  under scopes `fully_connected`, `Conv`, `Conv2d_transpose` (uniquified:
  `fully_connected_1`, ...), and are also in `GraphKeys.MODEL_VARIABLES`;
* the default weights initializer is Xavier (Glorot-uniform), convolutions pad
  `"SAME"`, pooling defaults to a stride of 2 and `"VALID"` padding;
* with `normalizer_fn` (e.g. `batch_norm`) no bias is created, and the normalizer
  runs before the activation;
* `dropout` takes a **keep** probability and is active by default
  (`is_training=True`).

Every function is decorated with `add_arg_scope`, except, as in TF 1.15,
`legacy_fully_connected` (linear by default, `weights`/`bias` in the `WEIGHTS`
and `BIASES` collections) and the `relu`/`relu6`/`elu` partials.
"""

import functools

import tensorflow as tf

from tf1_compat import layers as core_layers
from tf1_compat.contrib.framework import arg_scopes
from tf1_compat.contrib.layers import _utils
from tf1_compat.contrib.layers import initializers

_V1 = tf.compat.v1

# Checkpoint-visible names of contrib layers' variables.
WEIGHTS_NAME = "weights"
BIASES_NAME = "biases"
_RENAME = {"kernel": WEIGHTS_NAME, "bias": BIASES_NAME}

_NHWC, _NCHW = "NHWC", "NCHW"
_NDHWC, _NCDHW = "NDHWC", "NCDHW"
_FORMATS_2D = (_NHWC, _NCHW)
_FORMATS_3D = (_NDHWC, _NCDHW)
_DATA_FORMATS = (None, "NWC", "NCW", "NHWC", "NCHW", "NDHWC", "NCDHW")
_CONV_CLASSES = {3: core_layers.Conv1D, 4: core_layers.Conv2D,
                 5: core_layers.Conv3D}


def _channels(data_format):
  return ("channels_first" if data_format and data_format.startswith("NC")
          else "channels_last")


def _finish(layer, outputs, normalizer_fn, normalizer_params, activation_fn,
            variables_collections, outputs_collections, scope_name):
  """Collections, normalizer, activation: the common tail of weight layers."""
  _utils.add_variable_to_collections(layer.kernel, variables_collections,
                                     WEIGHTS_NAME)
  if layer.bias is not None:
    _utils.add_variable_to_collections(layer.bias, variables_collections,
                                       BIASES_NAME)
  if normalizer_fn is not None:
    outputs = normalizer_fn(outputs, **(normalizer_params or {}))
  if activation_fn is not None:
    outputs = activation_fn(outputs)
  return _utils.collect_named_outputs(outputs_collections, scope_name, outputs)


@arg_scopes.add_arg_scope
def fully_connected(inputs, num_outputs, activation_fn=tf.nn.relu,
                    normalizer_fn=None, normalizer_params=None,
                    weights_initializer=initializers.xavier_initializer(),
                    weights_regularizer=None,
                    biases_initializer=_V1.zeros_initializer(),
                    biases_regularizer=None, reuse=None,
                    variables_collections=None, outputs_collections=None,
                    trainable=True, scope=None):
  """`activation_fn(inputs @ weights + biases)`; ReLU unless told otherwise.

  Inputs of rank > 2 are contracted over their last axis (`[batch, time, depth]`
  gives `[batch, time, num_outputs]`).

  Args:
    inputs: Tensor `[batch, ..., depth]` with a known depth.
    num_outputs: Python int, the output depth.
    activation_fn: Callable or None (linear); default `tf.nn.relu`.
    normalizer_fn: E.g. `batch_norm`; replaces the bias, runs before the
      activation.
    normalizer_params: Keyword arguments for `normalizer_fn`.
    weights_initializer, weights_regularizer: For `weights`.
    biases_initializer: For `biases`; None means no bias.
    biases_regularizer: For `biases`.
    reuse: Reuse the variables of `scope`.
    variables_collections: Extra collections for the variables: a list, or a
      dict `{"weights": [...], "biases": [...]}`.
    outputs_collections: Collections to add the output to.
    trainable: Whether the variables are trainable.
    scope: Variable scope; default `fully_connected` (uniquified).

  Returns:
    The output tensor.

  Raises:
    ValueError: `num_outputs` is not an int.
  """
  if not isinstance(num_outputs, int) or isinstance(num_outputs, bool):
    raise ValueError("fully_connected: num_outputs must be a Python int, got "
                     "%r of type %s" % (num_outputs, type(num_outputs).__name__))
  with _V1.variable_scope(
      scope, "fully_connected", [inputs], reuse=reuse,
      custom_getter=_utils.model_variable_getter(_RENAME)) as sc:
    inputs = tf.convert_to_tensor(inputs)
    layer = core_layers.Dense(
        units=num_outputs, activation=None,
        use_bias=bool(not normalizer_fn and biases_initializer),
        kernel_initializer=weights_initializer,
        bias_initializer=biases_initializer,
        kernel_regularizer=weights_regularizer,
        bias_regularizer=biases_regularizer, trainable=trainable,
        name=sc.name, dtype=inputs.dtype.base_dtype, _scope=sc, _reuse=reuse)
    outputs = layer(inputs)
    return _finish(layer, outputs, normalizer_fn, normalizer_params,
                   activation_fn, variables_collections, outputs_collections,
                   sc.name)


@arg_scopes.add_arg_scope
def linear(inputs, num_outputs, scope=None, **kwargs):
  """`fully_connected` without activation: `inputs @ weights + biases`."""
  return fully_connected(inputs, num_outputs, activation_fn=None, scope=scope,
                         **kwargs)


def legacy_fully_connected(x, num_output_units, activation_fn=None,
                           weight_init=initializers.xavier_initializer(),
                           bias_init=_V1.zeros_initializer(), name=None,
                           weight_collections=(_V1.GraphKeys.WEIGHTS,),
                           bias_collections=(_V1.GraphKeys.BIASES,),
                           output_collections=(_V1.GraphKeys.ACTIVATIONS,),
                           trainable=True, weight_regularizer=None,
                           bias_regularizer=None):
  """TF-Slim's older fully connected layer: `activation_fn(x @ weights + bias)`.

  Unlike `fully_connected` it is linear by default, names its bias `bias`, puts
  `weights` in `GraphKeys.WEIGHTS`, `bias` in `GraphKeys.BIASES` and the output in
  `GraphKeys.ACTIVATIONS` (besides `output_collections`), and makes no model
  variables. A rank > 2 input is reshaped to `[-1, depth]` for the matmul and
  back. Each regularizer is called once, when its variable is created, and its
  loss goes into `REGULARIZATION_LOSSES` as is.

  Args:
    x: Tensor `[batch, ..., depth]` with a known rank and depth.
    num_output_units: The output depth.
    activation_fn: Callable or None (linear, the default).
    weight_init, bias_init: Initializers; `bias_init=None` means no bias.
    name: Variable scope; default `fully_connected` (uniquified).
    weight_collections, bias_collections: Extra collections for the variables
      (they are always global variables).
    output_collections: Collections for the output, besides `ACTIVATIONS`.
    trainable: Whether the variables are trainable.
    weight_regularizer, bias_regularizer: Callables `variable -> loss` or None.

  Raises:
    ValueError: `x` has an unknown rank, a rank below 2 or an unknown depth.
  """
  with _V1.variable_scope(
      name, "fully_connected", [x],
      custom_getter=_utils.get_variable_regularized_as_tf1):
    x = tf.convert_to_tensor(x)
    dims = x.shape.dims
    if dims is None:
      raise ValueError("dims of x must be known but is None "
                       "(legacy_fully_connected: input %s)" % x.name)
    if len(dims) < 2:
      raise ValueError("rank of x must be at least 2 not: %d "
                       "(legacy_fully_connected: input %s has shape %s)"
                       % (len(dims), x.name, x.shape))
    depth = tf.compat.dimension_value(dims[-1])
    if depth is None:
      raise ValueError("last dimension of x must be known but is None "
                       "(legacy_fully_connected: input %s has shape %s)"
                       % (x.name, x.shape))
    dtype = x.dtype.base_dtype
    weights = _V1.get_variable(
        "weights", shape=[depth, num_output_units], dtype=dtype,
        initializer=weight_init, regularizer=weight_regularizer,
        collections=_with_global(weight_collections), trainable=trainable)
    flat = x if len(dims) == 2 else tf.reshape(x, [-1, depth])
    outputs = tf.matmul(flat, weights)
    if bias_init is not None:
      bias = _V1.get_variable(
          "bias", shape=[num_output_units], dtype=dtype, initializer=bias_init,
          regularizer=bias_regularizer,
          collections=_with_global(bias_collections), trainable=trainable)
      outputs = tf.nn.bias_add(outputs, bias)
    if len(dims) > 2:
      shape = tf.unstack(tf.shape(x))
      shape[-1] = num_output_units
      outputs = tf.reshape(outputs, tf.stack(shape))
      outputs.set_shape(x.shape[:-1].concatenate([num_output_units]))
    if activation_fn is not None:
      outputs = activation_fn(outputs)
    _V1.add_to_collections(
        _with_global(output_collections, _V1.GraphKeys.ACTIVATIONS), outputs)
    return outputs


def _with_global(collections, key=_V1.GraphKeys.GLOBAL_VARIABLES):
  """`collections` (a name or names) plus `key`, without repeats."""
  if isinstance(collections, str):
    collections = [collections]
  return list(dict.fromkeys(list(collections or []) + [key]))


legacy_linear = functools.partial(legacy_fully_connected, activation_fn=None)
legacy_relu = functools.partial(legacy_fully_connected,
                                activation_fn=tf.nn.relu)
elu = functools.partial(fully_connected, activation_fn=tf.nn.elu)
relu = functools.partial(fully_connected, activation_fn=tf.nn.relu)
relu6 = functools.partial(fully_connected, activation_fn=tf.nn.relu6)


@arg_scopes.add_arg_scope
def convolution(inputs, num_outputs, kernel_size, stride=1, padding="SAME",
                data_format=None, rate=1, activation_fn=tf.nn.relu,
                normalizer_fn=None, normalizer_params=None,
                weights_initializer=initializers.xavier_initializer(),
                weights_regularizer=None,
                biases_initializer=_V1.zeros_initializer(),
                biases_regularizer=None, reuse=None,
                variables_collections=None, outputs_collections=None,
                trainable=True, scope=None, conv_dims=None):
  """A 1-D, 2-D or 3-D convolution (by the rank of `inputs`), ReLU by default.

  Variables `<scope>/weights` `[*kernel_size, in_channels, num_outputs]` and
  `<scope>/biases`, scope `Conv` by default.

  Args:
    inputs: `[batch, *spatial, channels]` (or channels-first).
    num_outputs: Number of filters.
    kernel_size: Int or list of ints.
    stride: Int or list of ints.
    padding: `"SAME"` (default) or `"VALID"`.
    data_format: None/`"NHWC"`-style (channels last) or `"NCHW"`-style.
    rate: Dilation rate (atrous convolution).
    activation_fn, normalizer_fn, normalizer_params, weights_initializer,
    weights_regularizer, biases_initializer, biases_regularizer, reuse,
    variables_collections, outputs_collections, trainable: As for
      `fully_connected`.
    scope: Variable scope; default `Conv`.
    conv_dims: If given, the required number of spatial dimensions.

  Raises:
    ValueError: unknown `data_format`, or an input rank that does not match.
  """
  if data_format not in _DATA_FORMATS:
    raise ValueError("Invalid data_format: %r (convolution: expected one of %s)"
                     % (data_format, _DATA_FORMATS))
  with _V1.variable_scope(
      scope, "Conv", [inputs], reuse=reuse,
      custom_getter=_utils.model_variable_getter(_RENAME)) as sc:
    inputs = tf.convert_to_tensor(inputs)
    rank = inputs.shape.rank
    if conv_dims is not None and rank != conv_dims + 2:
      raise ValueError("Convolution expects input with rank %d, got %s "
                       "(convolution%dd: input %s has shape %s)"
                       % (conv_dims + 2, rank, conv_dims, inputs.name,
                          inputs.shape))
    if rank not in _CONV_CLASSES:
      raise ValueError("Convolution not supported for input with rank %s "
                       "(convolution: expected rank 3, 4 or 5; input %s has "
                       "shape %s)" % (rank, inputs.name, inputs.shape))
    layer = _CONV_CLASSES[rank](
        filters=num_outputs, kernel_size=kernel_size, strides=stride,
        padding=padding, data_format=_channels(data_format),
        dilation_rate=rate, activation=None,
        use_bias=bool(not normalizer_fn and biases_initializer),
        kernel_initializer=weights_initializer,
        bias_initializer=biases_initializer,
        kernel_regularizer=weights_regularizer,
        bias_regularizer=biases_regularizer, trainable=trainable,
        name=sc.name, dtype=inputs.dtype.base_dtype, _scope=sc, _reuse=reuse)
    outputs = layer(inputs)
    return _finish(layer, outputs, normalizer_fn, normalizer_params,
                   activation_fn, variables_collections, outputs_collections,
                   sc.name)


@arg_scopes.add_arg_scope
def convolution1d(inputs, num_outputs, kernel_size, **kwargs):
  """`convolution` requiring a `[batch, width, channels]` input."""
  return convolution(inputs, num_outputs, kernel_size, conv_dims=1, **kwargs)


@arg_scopes.add_arg_scope
def convolution2d(inputs, num_outputs, kernel_size, **kwargs):
  """`convolution` requiring a `[batch, height, width, channels]` input."""
  return convolution(inputs, num_outputs, kernel_size, conv_dims=2, **kwargs)


@arg_scopes.add_arg_scope
def convolution3d(inputs, num_outputs, kernel_size, **kwargs):
  """`convolution` requiring a `[batch, depth, height, width, channels]` input."""
  return convolution(inputs, num_outputs, kernel_size, conv_dims=3, **kwargs)


@arg_scopes.add_arg_scope
def convolution2d_transpose(
    inputs, num_outputs, kernel_size, stride=1, padding="SAME",
    data_format=_NHWC, activation_fn=tf.nn.relu, normalizer_fn=None,
    normalizer_params=None,
    weights_initializer=initializers.xavier_initializer(),
    weights_regularizer=None, biases_initializer=_V1.zeros_initializer(),
    biases_regularizer=None, reuse=None, variables_collections=None,
    outputs_collections=None, trainable=True, scope=None):
  """Transposed 2-D convolution, ReLU by default; scope `Conv2d_transpose`.

  `weights` is `[kh, kw, num_outputs, in_channels]`. Arguments as for
  `convolution`; `data_format` is `"NHWC"` or `"NCHW"`.
  """
  if data_format not in (_NHWC, _NCHW):
    raise ValueError(_bad_data_format("conv2d_transpose", _FORMATS_2D,
                                      data_format))
  with _V1.variable_scope(
      scope, "Conv2d_transpose", [inputs], reuse=reuse,
      custom_getter=_utils.model_variable_getter(_RENAME)) as sc:
    inputs = tf.convert_to_tensor(inputs)
    layer = core_layers.Conv2DTranspose(
        filters=num_outputs, kernel_size=kernel_size, strides=stride,
        padding=padding, data_format=_channels(data_format), activation=None,
        use_bias=bool(not normalizer_fn and biases_initializer),
        kernel_initializer=weights_initializer,
        bias_initializer=biases_initializer,
        kernel_regularizer=weights_regularizer,
        bias_regularizer=biases_regularizer, trainable=trainable,
        name=sc.name, dtype=inputs.dtype.base_dtype, _scope=sc, _reuse=reuse)
    outputs = layer(inputs)
    return _finish(layer, outputs, normalizer_fn, normalizer_params,
                   activation_fn, variables_collections, outputs_collections,
                   sc.name)


def _bad_data_format(function, formats, data_format):
  """TF1's message for an unknown data_format, then which call and value."""
  return ("data_format has to be either %s or %s. (%s got %r)"
          % (formats[1], formats[0], function, data_format))


def _pool(layer_class, default_name, formats, inputs, kernel_size, stride,
          padding, data_format, outputs_collections, scope):
  """Pooling in name scope `scope`/`default_name`, with no scope of the layer's
  own: the op is `MaxPool2D/MaxPool`, as in TF1."""
  if data_format not in formats:
    raise ValueError(_bad_data_format(default_name, formats, data_format))
  with _V1.name_scope(scope, default_name, [inputs]) as sc:
    inputs = tf.convert_to_tensor(inputs)
    layer = layer_class(pool_size=kernel_size, strides=stride, padding=padding,
                        data_format=_channels(data_format), _scope=sc)
    outputs = layer(inputs)
    return _utils.collect_named_outputs(outputs_collections, sc, outputs)


@arg_scopes.add_arg_scope
def max_pool2d(inputs, kernel_size, stride=2, padding="VALID",
               data_format=_NHWC, outputs_collections=None, scope=None):
  """2-D max pooling; stride 2 and `"VALID"` padding by default."""
  return _pool(core_layers.MaxPooling2D, "MaxPool2D", _FORMATS_2D, inputs,
               kernel_size, stride, padding, data_format, outputs_collections,
               scope)


@arg_scopes.add_arg_scope
def avg_pool2d(inputs, kernel_size, stride=2, padding="VALID",
               data_format=_NHWC, outputs_collections=None, scope=None):
  """2-D average pooling; stride 2 and `"VALID"` padding by default."""
  return _pool(core_layers.AveragePooling2D, "AvgPool2D", _FORMATS_2D, inputs,
               kernel_size, stride, padding, data_format, outputs_collections,
               scope)


@arg_scopes.add_arg_scope
def max_pool3d(inputs, kernel_size, stride=2, padding="VALID",
               data_format=_NDHWC, outputs_collections=None, scope=None):
  """3-D max pooling; stride 2 and `"VALID"` padding by default.

  A `"NCDHW"` input is pooled channels-last between two transposes, as in TF1.
  """
  return _pool(core_layers.MaxPooling3D, "MaxPool3D", _FORMATS_3D, inputs,
               kernel_size, stride, padding, data_format, outputs_collections,
               scope)


@arg_scopes.add_arg_scope
def avg_pool3d(inputs, kernel_size, stride=2, padding="VALID",
               data_format=_NDHWC, outputs_collections=None, scope=None):
  """3-D average pooling; stride 2 and `"VALID"` padding by default (see
  `max_pool3d`)."""
  return _pool(core_layers.AveragePooling3D, "AvgPool3D", _FORMATS_3D, inputs,
               kernel_size, stride, padding, data_format, outputs_collections,
               scope)


@arg_scopes.add_arg_scope
def flatten(inputs, outputs_collections=None, scope=None):
  """`[batch, d1, ..., dn]` to `[batch, d1*...*dn]`, row-major; name scope
  `Flatten`.

  As in TF 1.15 this is `tf.layers.flatten`: a `[batch]` vector becomes
  `[batch, 1]`, and a scalar raises ValueError.
  """
  with _V1.name_scope(scope, "Flatten", [inputs]) as sc:
    inputs = tf.convert_to_tensor(inputs)
    outputs = core_layers.flatten(inputs)
    return _utils.collect_named_outputs(outputs_collections, sc, outputs)


@arg_scopes.add_arg_scope
def dropout(inputs, keep_prob=0.5, noise_shape=None, is_training=True,
            outputs_collections=None, scope=None, seed=None):
  """Keeps each value with probability `keep_prob`, scaled by `1/keep_prob`.

  Unlike `tf.layers.dropout` this takes a **keep** probability and is active by
  default; `is_training=False` (or a bool tensor evaluating False) is the
  identity.

  Args:
    inputs: Tensor.
    keep_prob: Float or scalar tensor in `(0, 1]`.
    noise_shape: Optional 1-D mask shape, broadcast over `inputs`.
    is_training: Python bool or bool tensor.
    outputs_collections: Collections to add the output to.
    scope: Scope name; default `Dropout`.
    seed: Op seed.
  """
  with _V1.variable_scope(scope, "Dropout", [inputs]) as sc:
    inputs = tf.convert_to_tensor(inputs)
    layer = core_layers.Dropout(rate=1 - keep_prob, noise_shape=noise_shape,
                                seed=seed, name=sc.name, _scope=sc)
    outputs = layer(inputs, training=is_training)
    return _utils.collect_named_outputs(outputs_collections, sc.name, outputs)


def _layer_scope_name(layer, fallback):
  if hasattr(layer, "__name__"):
    return layer.__name__
  func = getattr(layer, "func", None)
  if func is not None and hasattr(func, "__name__"):
    return func.__name__
  return fallback


def repeat(inputs, repetitions, layer, *args, **kwargs):
  """Applies `layer(net, *args, **kwargs)` `repetitions` times in a row.

  Each call gets `scope=<name>_<i>` (i from 1), where `<name>` is `scope=` if
  given, else the layer function's name, all inside variable scope `scope` (or
  `Repeat`): `repeat(x, 2, conv2d, 64, [3, 3], scope="conv1")` creates
  `conv1/conv1_1/weights` and `conv1/conv1_2/weights`.
  """
  scope = kwargs.pop("scope", None)
  with _V1.variable_scope(scope, "Repeat", [inputs]):
    outputs = tf.convert_to_tensor(inputs)
    if scope is None:
      scope = _layer_scope_name(layer, "repeat")
    for i in range(repetitions):
      kwargs["scope"] = "%s_%d" % (scope, i + 1)
      outputs = layer(outputs, *args, **kwargs)
    return outputs


def stack(inputs, layer, stack_args, **kwargs):
  """Applies `layer` once per entry of `stack_args`, feeding each output on.

  `stack(x, fully_connected, [32, 64, 128], scope="fc")` is three
  `fully_connected` layers `fc/fc_1`, `fc/fc_2`, `fc/fc_3`. An entry may be a
  tuple of positional arguments.

  Raises:
    ValueError: `stack_args` is not a list or tuple.
  """
  scope = kwargs.pop("scope", None)
  if not isinstance(stack_args, (list, tuple)):
    raise ValueError("stack: stack_args must be a list or tuple, got %r"
                     % (stack_args,))
  with _V1.variable_scope(scope, "Stack", [inputs]):
    outputs = tf.convert_to_tensor(inputs)
    if scope is None:
      scope = _layer_scope_name(layer, "stack")
    for i, layer_args in enumerate(stack_args):
      kwargs["scope"] = "%s_%d" % (scope, i + 1)
      if not isinstance(layer_args, (list, tuple)):
        layer_args = [layer_args]
      outputs = layer(outputs, *layer_args, **kwargs)
    return outputs


conv1d = convolution1d
conv2d = convolution2d
conv3d = convolution3d
conv2d_transpose = convolution2d_transpose
