"""TF 1.15's core tf.layers: `Dense`, `Dropout` and `Flatten`, with their functions.

Scoping is `framework.base_layer.Layer`'s: a class instance picks a unique scope
(`dense`, `dense_1`, ...) at its first call, whereas the functional form's `name=`
is captured at construction without uniquifying, so building the same named layer
twice needs `reuse=True` (or `tf.AUTO_REUSE`).
"""

import numbers

import tensorflow as tf

from tf1_compat.framework import activations
from tf1_compat.framework import base_layer
from tf1_compat.framework import checks
from tf1_compat.framework import input_spec
from tf1_compat.layers import _utils as utils

_V1 = tf.compat.v1

# Checkpoint-visible variable names.
KERNEL_NAME = "kernel"
BIAS_NAME = "bias"


class Dense(base_layer.Layer):
  """`outputs = activation(inputs @ kernel + bias)`, TF1's densely-connected layer.

  Variables: `kernel` `[in_depth, units]` (the enclosing variable scope's initializer
  if it has one, else Glorot-uniform) and, with `use_bias`, `bias` `[units]` (zeros,
  which ignore the scope initializer because they are explicit).

  Inputs of rank > 2 are contracted over their last axis with `tensordot`, so a
  `[batch, time, depth]` input gives `[batch, time, units]` with one shared kernel.
  The input depth is fixed by the first call; a later input with another known depth
  raises ValueError.

  Args:
    units: Output depth.
    activation: Callable, activation name, or None for linear.
    use_bias: Whether to add `bias`.
    kernel_initializer: Initializer for `kernel`; None means the enclosing variable
      scope's initializer, else Glorot-uniform.
    bias_initializer: Initializer for `bias`.
    kernel_regularizer: Callable `variable -> scalar loss` or None; its loss goes to
      `GraphKeys.REGULARIZATION_LOSSES` once, when the variable is created.
    bias_regularizer: Same for `bias`.
    activity_regularizer: Callable on the output; `loss / batch_size` is added to
      `REGULARIZATION_LOSSES` on every call.
    kernel_constraint: Projection stored on the variable (`variable.constraint`).
    bias_constraint: Same for `bias`.
    trainable: If False, the variables stay out of `TRAINABLE_VARIABLES`.
    name: Base name of the variable scope; the class uniquifies it (`foo`, `foo_1`).
    dtype: Variable dtype; by default the first input's.
  """

  def __init__(self, units, activation=None, use_bias=True,
               kernel_initializer=None,
               bias_initializer=_V1.zeros_initializer(),
               kernel_regularizer=None, bias_regularizer=None,
               activity_regularizer=None, kernel_constraint=None,
               bias_constraint=None, trainable=True, name=None, dtype=None,
               **kwargs):
    super().__init__(trainable=trainable, name=name, dtype=dtype,
                     activity_regularizer=activity_regularizer,
                     **utils.scope_kwargs(type(self).__name__, kwargs))
    self.units = checks.positive_int(units, "units", utils.describe(self))
    self.activation = activations.get(activation)
    self.use_bias = use_bias
    self.kernel_initializer = kernel_initializer
    self.bias_initializer = bias_initializer
    self.kernel_regularizer = kernel_regularizer
    self.bias_regularizer = bias_regularizer
    self.kernel_constraint = kernel_constraint
    self.bias_constraint = bias_constraint
    self.kernel = None
    self.bias = None
    self.input_spec = input_spec.InputSpec(min_ndim=2)

  def build(self, input_shape):
    dtype = tf.as_dtype(self.dtype or tf.float32)
    if not (dtype.is_floating or dtype.is_complex):
      raise TypeError(
          "Unable to build `Dense` %s with non-floating point dtype %s"
          % (input_spec.describe_layer(self), dtype.name))
    input_shape = tf.TensorShape(input_shape)
    depth = tf.compat.dimension_value(input_shape[-1])
    if depth is None:
      raise ValueError(
          "The last dimension of the inputs to `Dense` %s should be defined: "
          "expected a known depth, but received input with shape %s"
          % (input_spec.describe_layer(self), input_shape))
    self.input_spec = input_spec.InputSpec(min_ndim=2, axes={-1: depth})
    self.kernel = self.add_weight(
        KERNEL_NAME, shape=[depth, self.units],
        initializer=self.kernel_initializer,
        regularizer=self.kernel_regularizer,
        constraint=self.kernel_constraint)
    if self.use_bias:
      self.bias = self.add_weight(
          BIAS_NAME, shape=[self.units], initializer=self.bias_initializer,
          regularizer=self.bias_regularizer, constraint=self.bias_constraint)

  def call(self, inputs):
    inputs = tf.cast(inputs, self.dtype)
    rank = inputs.shape.rank
    if rank is not None and rank > 2:
      outputs = tf.tensordot(inputs, self.kernel, [[rank - 1], [0]])
      outputs.set_shape(inputs.shape[:-1].concatenate([self.units]))
    else:
      outputs = tf.matmul(inputs, self.kernel)
    if self.use_bias:
      outputs = tf.nn.bias_add(outputs, self.bias)
    if self.activation is not None:
      outputs = self.activation(outputs)
    return outputs

  def compute_output_shape(self, input_shape):
    """`input_shape` with its last dimension replaced by `units`.

    Raises:
      ValueError: `input_shape` has rank < 2 or an unknown last dimension.
    """
    input_shape = tf.TensorShape(input_shape)
    if input_shape.rank is not None:
      input_shape = input_shape.with_rank_at_least(2)
    if input_shape.rank is None or input_shape[-1] is None:
      raise ValueError(
          "The innermost dimension of input_shape must be defined, but saw: "
          "%s (Dense layer %r)" % (input_shape, self.name))
    return input_shape[:-1].concatenate([self.units])


def dense(inputs, units, activation=None, use_bias=True,
          kernel_initializer=None, bias_initializer=_V1.zeros_initializer(),
          kernel_regularizer=None, bias_regularizer=None,
          activity_regularizer=None, kernel_constraint=None,
          bias_constraint=None, trainable=True, name=None, reuse=None):
  """Functional `Dense`: `activation(inputs @ kernel + bias)`.

  `name` becomes the variable scope as is, captured when this is called: calling
  `dense(..., name="fc")` twice without `reuse=True` or `tf.AUTO_REUSE` raises
  TF1's "Variable fc/kernel already exists" ValueError, and with reuse the two
  calls share `fc/kernel`. Without `name`, each call gets a fresh `dense_<n>`.

  Args:
    inputs: Tensor `[batch, ..., depth]`.
    units, activation, use_bias, kernel_initializer, bias_initializer,
    kernel_regularizer, bias_regularizer, activity_regularizer,
    kernel_constraint, bias_constraint, trainable: As for `Dense`.
    name: Variable scope name (not uniquified).
    reuse: True or `tf.AUTO_REUSE` to share the variables of a previous call with
      the same `name`.

  Returns:
    Tensor `[batch, ..., units]`.
  """
  layer = Dense(units, activation=activation, use_bias=use_bias,
                kernel_initializer=kernel_initializer,
                bias_initializer=bias_initializer,
                kernel_regularizer=kernel_regularizer,
                bias_regularizer=bias_regularizer,
                activity_regularizer=activity_regularizer,
                kernel_constraint=kernel_constraint,
                bias_constraint=bias_constraint, trainable=trainable,
                name=name, _scope=name, _reuse=reuse)
  return layer(inputs)


class Dropout(base_layer.Layer):
  """Zeroes a fraction `rate` of the inputs and scales the rest by `1/(1 - rate)`.

  `rate` is the *drop* probability (unlike `tf.nn.dropout`'s old `keep_prob`). The
  layer is the identity unless `training` is True: a Python bool picks one branch at
  graph-build time, a bool tensor builds both and chooses at run time. `training`
  defaults to False, so `dropout(x)` alone does nothing, as in TF1.

  The ops are TF 1.15's `nn.dropout`: `inputs * (1 / (1 - rate)) *
  cast(uniform >= rate)` (a last op `.../mul_1`, and a NaN input stays NaN where
  it is dropped), with op seed `seed` on every call, so under the same graph seed
  the mask is TF1's; with `seed=None` the op seed is derived from the graph seed
  and the number of ops built so far.

  Args:
    rate: Drop probability in `[0, 1]`, or a scalar tensor.
    noise_shape: 1-D shape of the mask, broadcast over the input; None entries take
      the input's dimension (e.g. `[batch, 1, depth]` shares one mask over time).
    seed: Python int op seed, or None.
    name: Base name of the layer's name scope.
  """

  def __init__(self, rate=0.5, noise_shape=None, seed=None, name=None,
               **kwargs):
    super().__init__(name=name, **utils.scope_kwargs(type(self).__name__, kwargs))
    if isinstance(rate, (int, float)) and not 0 <= rate <= 1:
      raise ValueError("%s: rate must be in [0, 1], got %r"
                       % (utils.describe(self), rate))
    self.rate = rate
    self.noise_shape = noise_shape
    self.seed = seed

  def _noise_shape(self, inputs):
    if self.noise_shape is None:
      return None
    dynamic = tf.shape(inputs)
    return [dynamic[axis] if size is None else size
            for axis, size in enumerate(self.noise_shape)]

  def call(self, inputs, training=False):
    def dropped():
      return _tf1_dropout(inputs, self.rate, self._noise_shape(inputs),
                          self.seed)
    return utils.smart_cond(training, dropped, lambda: tf.identity(inputs))

  def compute_output_shape(self, input_shape):
    return tf.TensorShape(input_shape)


def _tf1_dropout(x, rate, noise_shape, seed):
  """TF 1.15's `nn.dropout(x, rate=...)`, op for op (see `Dropout`).

  A rate that is statically 0 returns `x` itself. `noise_shape` is None (the
  shape of `x`) or a list of ints and scalar tensors.

  Raises:
    ValueError: `x` is not floating point, or a Python `rate` is outside
      `[0, 1)`.
  """
  with _V1.name_scope(None, "dropout", [x]):
    x = tf.convert_to_tensor(x, name="x")
    if not x.dtype.is_floating:
      raise ValueError(
          "x has to be a floating point tensor since it's going to be scaled. "
          "Got a %s tensor instead." % x.dtype)
    if isinstance(rate, numbers.Real):
      if not 0 <= rate < 1:
        raise ValueError("rate must be a scalar tensor or a float in the range "
                         "[0, 1), got %g" % rate)
      if rate == 0:
        return x
    rate = tf.convert_to_tensor(rate, dtype=x.dtype, name="rate")
    rate.shape.assert_has_rank(0)
    if tf.get_static_value(rate) == 0:
      return x
    if noise_shape is None:
      noise_shape = tf.shape(x)
    random_tensor = _V1.random_uniform(noise_shape, seed=seed, dtype=x.dtype)
    keep_prob = 1 - rate
    scale = 1 / keep_prob
    keep_mask = random_tensor >= rate
    outputs = x * scale * tf.cast(keep_mask, x.dtype)
    outputs.set_shape(x.shape)
    return outputs


def dropout(inputs, rate=0.5, noise_shape=None, seed=None, training=False,
            name=None):
  """Functional `Dropout`; identity unless `training` is True.

  Args:
    inputs: Tensor of any shape.
    rate: Drop probability (not a keep probability).
    noise_shape: Optional mask shape, see `Dropout`.
    seed: Python int op seed, or None.
    training: Python bool or scalar bool tensor (e.g. a placeholder).
    name: Base name of the op name scope.

  Returns:
    Tensor shaped like `inputs`.
  """
  layer = Dropout(rate, noise_shape=noise_shape, seed=seed, name=name)
  return layer(inputs, training=training)


class Flatten(base_layer.Layer):
  """Reshapes `[batch, d1, ..., dn]` to `[batch, d1*...*dn]` in row-major order.

  With `data_format="channels_first"` the channel axis is moved last before
  flattening, so the result is ordered as the channels-last equivalent would be
  (weights of a following `Dense` carry over between the two layouts). A rank-1
  input becomes `[batch, 1]`.

  Args:
    data_format: `"channels_last"` (default) or `"channels_first"`.
    name: Base name of the layer's name scope.
  """

  def __init__(self, data_format="channels_last", name=None, **kwargs):
    super().__init__(name=name, **utils.scope_kwargs(type(self).__name__, kwargs))
    self.data_format = utils.normalize_data_format(data_format,
                                                   utils.describe(self))
    self.input_spec = input_spec.InputSpec(min_ndim=1)

  def call(self, inputs):
    rank = inputs.shape.rank
    if self.data_format == utils.CHANNELS_FIRST and rank is not None and rank > 1:
      inputs = tf.transpose(inputs, perm=[0] + list(range(2, rank)) + [1])
    if rank == 1:
      return tf.expand_dims(inputs, axis=1)
    batch = tf.compat.dimension_value(inputs.shape[0])
    outputs = tf.reshape(inputs, [batch if batch is not None
                                  else tf.shape(inputs)[0], -1])
    if rank is not None:
      outputs.set_shape(self.compute_output_shape(inputs.shape))
    return outputs

  def compute_output_shape(self, input_shape):
    """`[batch, prod(rest)]`, the product unknown if any factor is."""
    dims = tf.TensorShape(input_shape).as_list()
    if len(dims) < 2:
      return tf.TensorShape(dims[:1] + [1])
    rest = dims[1:]
    size = None
    if all(d is not None for d in rest):
      size = 1
      for d in rest:
        size *= d
    return tf.TensorShape([dims[0], size])


def flatten(inputs, name=None, data_format="channels_last"):
  """Functional `Flatten`: `[batch, ...]` to `[batch, -1]`, see `Flatten`."""
  return Flatten(name=name, data_format=data_format)(inputs)


# TF 1.15's module-level aliases (`tensorflow.python.layers.core`).
FullyConnected = Dense
fully_connected = dense
