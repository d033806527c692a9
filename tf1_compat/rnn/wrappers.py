"""Cell wrappers: DropoutWrapper, ResidualWrapper, DeviceWrapper (TF 1.15 "V1" forms).

A wrapper forwards `__call__(inputs, state, scope)` straight to the wrapped cell, so
wrapping adds no level to variable names: `rnn/basic_lstm_cell/kernel` stays the same
with or without a DropoutWrapper around the cell. `state_size`, `output_size` and
`zero_state` are the wrapped cell's.
"""

import base64
import hashlib
import marshal
import sys
import types

import tensorflow as tf

from tf1_compat.framework import checks
from tf1_compat.rnn import base


def _function_config(function, key, module_key):
  """`{key: value, key + "_type": kind, module_key: module}` for `function`.

  A Python function (named or not; TF 1.15 treated both as lambdas) is kept as
  its marshalled code, defaults and closure values, as TF 1.15's Keras
  `func_dump` stored it; another callable by its name.
  """
  if isinstance(function, types.FunctionType):
    code = base64.b64encode(marshal.dumps(function.__code__)).decode("ascii")
    closure = tuple(c.cell_contents for c in function.__closure__ or ())
    value, kind = (code, function.__defaults__, closure), "lambda"
  else:
    value, kind = function.__name__, "function"
  return {key: value, key + "_type": kind, module_key: function.__module__}


def _pop_function(config, key, module_key, custom_objects=None):
  """Removes `_function_config`'s entries from `config`; the function."""
  value = config.pop(key)
  kind = config.pop(key + "_type")
  module = config.pop(module_key)
  if kind == "function":
    if custom_objects and value in custom_objects:
      return custom_objects[value]
    return getattr(sys.modules[module], value)
  code, defaults, closure = value
  code = marshal.loads(base64.b64decode(code))
  cells = tuple(types.CellType(v) for v in closure) if closure else None
  scope = vars(sys.modules[module]) if module in sys.modules else globals()
  return types.FunctionType(code, scope, code.co_name, defaults, cells)


class _Wrapper(base.CellWrapper):
  """A wrapper adding no variable level: `__call__` goes straight to the cell."""

  def __init__(self, cell, **kwargs):
    super().__init__(cell, **kwargs)

  def __call__(self, inputs, state, scope=None):
    return self._call_wrapped(inputs, state, scope)

  def _call_wrapped(self, inputs, state, scope):
    raise NotImplementedError

  def call(self, inputs, state):  # Never reached: __call__ is overridden.
    return self._call_wrapped(inputs, state, None)


def _default_dropout_state_filter(substate):
  """Skips the memory `c` of LSTM states and TensorArrays, as TF1 did."""
  if isinstance(substate, base.LSTMStateTuple):
    return base.LSTMStateTuple(c=False, h=True)
  if isinstance(substate, tf.TensorArray):
    return False
  return True


def _is_sequence(value):
  return isinstance(value, (list, tuple, dict)) and not isinstance(value, str)


def _children(structure):
  if isinstance(structure, dict):
    return [structure[k] for k in sorted(structure)]
  return list(structure)


def _rebuild(structure, children):
  if isinstance(structure, dict):
    return type(structure)(zip(sorted(structure), children))
  if isinstance(structure, tuple) and hasattr(structure, "_fields"):
    return type(structure)(*children)
  return type(structure)(children)


def _traverse_flags(filter_fn, structure):
  """TF1's `get_traverse_shallow_structure`: a shallow structure of booleans.

  `filter_fn(node)` returns a bool (traverse the whole node or not) or a structure
  of bools saying which children to traverse; untraversed subtrees become a single
  `False` leaf.
  """
  decision = filter_fn(structure)
  if not _is_sequence(structure):
    if not isinstance(decision, bool):
      raise TypeError("dropout_state_filter_visitor must return a bool for leaf %r, "
                      "got %r" % (structure, decision))
    return decision
  if isinstance(decision, bool):
    if not decision:
      return False
    flags = [_traverse_flags(filter_fn, child) for child in _children(structure)]
  else:
    decided = _children(decision)
    children = _children(structure)
    if len(decided) != len(children):
      raise ValueError("dropout_state_filter_visitor returned %r for a node with "
                       "%d children" % (decision, len(children)))
    flags = [_traverse_flags(filter_fn, child) if flag else False
             for flag, child in zip(decided, children)]
  return _rebuild(structure, flags)


def _map_up_to(shallow, fn, *structures):
  """Maps `fn(index, shallow_leaf, *subtrees)` over the leaves of `shallow`."""
  counter = [0]

  def visit(node, *subtrees):
    if not _is_sequence(node):
      index = counter[0]
      counter[0] += 1
      return fn(index, node, *subtrees)
    return _rebuild(node, [
        visit(child, *sub) for child, *sub in zip(
            _children(node), *[_children(s) for s in subtrees])])

  return visit(shallow, *structures)


class DropoutWrapper(_Wrapper):
  """Dropout on a cell's inputs, state and outputs, with *keep* probabilities.

  Order per step: input dropout, the cell, state dropout, output dropout. A constant
  keep probability of 1.0 inserts no op at all; a non-constant tensor always inserts
  dropout. By default the state filter skips the memory `c` of LSTM states.

  Standard mode draws a fresh mask each step (`tf.nn.dropout`, scaled by 1/keep),
  with per-leaf op seeds derived from `seed` exactly as TF1 did, so seeded runs
  reproduce TF1's masks. With `variational_recurrent=True` one mask of shape
  `[1, depth]` per leaf is drawn once per `session.run` and reused at every step and
  for every batch row; this needs `dtype`, and `input_size` when inputs are dropped.
  """

  def __init__(self, cell, input_keep_prob=1.0, output_keep_prob=1.0,
               state_keep_prob=1.0, variational_recurrent=False,
               input_size=None, dtype=None, seed=None,
               dropout_state_filter_visitor=None, **kwargs):
    super().__init__(cell, **kwargs)
    if (dropout_state_filter_visitor is not None
        and not callable(dropout_state_filter_visitor)):
      raise TypeError("dropout_state_filter_visitor must be callable, got %r"
                      % (dropout_state_filter_visitor,))
    self._dropout_state_filter = (dropout_state_filter_visitor
                                  or _default_dropout_state_filter)
    with tf.name_scope("DropoutWrapperInit"):
      owner = type(self).__name__
      self._input_keep_prob = checks.keep_probability(
          input_keep_prob, "input_keep_prob", owner)
      self._state_keep_prob = checks.keep_probability(
          state_keep_prob, "state_keep_prob", owner)
      self._output_keep_prob = checks.keep_probability(
          output_keep_prob, "output_keep_prob", owner)
    self._variational_recurrent = variational_recurrent
    self._input_size = input_size
    self._seed = seed
    self._input_noise = self._state_noise = self._output_noise = None
    if variational_recurrent:
      if dtype is None:
        raise ValueError("When variational_recurrent=True, dtype must be provided")

      def noise_for(prefix):
        def draw(index, size):
          shape = [1] + tf.TensorShape(size).as_list()
          return tf.random.uniform(shape, seed=self._gen_seed(prefix, index),
                                   dtype=dtype)
        return draw

      if _should_dropout(self._input_keep_prob):
        if input_size is None:
          raise ValueError(
              "When variational_recurrent=True and input_keep_prob < 1.0 or is "
              "unknown, input_size must be provided")
        self._input_noise = _map_sizes(input_size, noise_for("input"))
      self._state_noise = _map_sizes(cell.state_size, noise_for("state"))
      self._output_noise = _map_sizes(cell.output_size, noise_for("output"))

  def get_config(self):
    config = dict(super().get_config(),
                  input_keep_prob=self._input_keep_prob,
                  output_keep_prob=self._output_keep_prob,
                  state_keep_prob=self._state_keep_prob,
                  variational_recurrent=self._variational_recurrent,
                  input_size=self._input_size, seed=self._seed)
    if self._dropout_state_filter is not _default_dropout_state_filter:
      config.update(_function_config(self._dropout_state_filter, "dropout_fn",
                                     "dropout_fn_module"))
    return config

  @classmethod
  def from_config(cls, config, custom_objects=None):
    config = dict(config)
    if "dropout_fn" in config:
      config["dropout_state_filter_visitor"] = _pop_function(
          config, "dropout_fn", "dropout_fn_module", custom_objects)
    return super().from_config(config)

  def _gen_seed(self, prefix, index):
    if self._seed is None:
      return None
    salted = (str(self._seed) + "%s_%d" % (prefix, index)).encode("utf-8")
    return int(hashlib.md5(salted).hexdigest()[:8], 16) & 0x7FFFFFFF

  def _dropout(self, values, prefix, noise, keep_prob, shallow=None):
    shallow = values if shallow is None else shallow

    def apply(index, flag, value, *leaf_noise):
      if isinstance(flag, bool) and not flag:
        return value
      if not self._variational_recurrent:
        return tf.nn.dropout(value, rate=1.0 - keep_prob,
                             seed=self._gen_seed(prefix, index))
      kept = tf.floor(keep_prob + leaf_noise[0])
      dropped = tf.math.divide(value, keep_prob) * kept
      dropped.set_shape(value.shape)
      return dropped

    if self._variational_recurrent:
      return _map_up_to(shallow, apply, values, noise)
    return _map_up_to(shallow, apply, values)

  def _call_wrapped(self, inputs, state, scope):
    if _should_dropout(self._input_keep_prob):
      inputs = self._dropout(inputs, "input", self._input_noise,
                             self._input_keep_prob)
    output, new_state = self._cell(inputs, state, scope=scope)
    if _should_dropout(self._state_keep_prob):
      shallow = _traverse_flags(self._dropout_state_filter, new_state)
      new_state = self._dropout(new_state, "state", self._state_noise,
                                self._state_keep_prob, shallow)
    if _should_dropout(self._output_keep_prob):
      output = self._dropout(output, "output", self._output_noise,
                             self._output_keep_prob)
    return output, new_state


def _should_dropout(keep_prob):
  return not isinstance(keep_prob, float) or keep_prob < 1.0


def _map_sizes(sizes, fn):
  """Maps `fn(index, size)` over the leaves of a state/output size structure."""
  leaves = tf.nest.flatten(sizes)
  return tf.nest.pack_sequence_as(
      sizes, [fn(i, size) for i, size in enumerate(leaves)])


class ResidualWrapper(_Wrapper):
  """Adds the cell's inputs to its outputs (`residual_fn(inputs, outputs)` if given).

  Inputs and outputs must have the same structure and compatible shapes; the state
  is passed through unchanged.
  """

  def __init__(self, cell, residual_fn=None, **kwargs):
    super().__init__(cell, **kwargs)
    self._residual_fn = residual_fn

  def get_config(self):
    config = super().get_config()
    if self._residual_fn is not None:
      # "residule_fn_module": TF 1.15's spelling, kept so its configs load.
      config.update(_function_config(self._residual_fn, "residual_fn",
                                     "residule_fn_module"))
    return config

  @classmethod
  def from_config(cls, config, custom_objects=None):
    config = dict(config)
    if "residual_fn" in config:
      config["residual_fn"] = _pop_function(
          config, "residual_fn", "residule_fn_module", custom_objects)
    return super().from_config(config)

  def _call_wrapped(self, inputs, state, scope):
    outputs, new_state = self._cell(inputs, state, scope=scope)
    if self._residual_fn is not None:
      return self._residual_fn(inputs, outputs), new_state
    try:
      tf.nest.assert_same_structure(inputs, outputs)
    except (ValueError, TypeError) as error:
      raise ValueError("ResidualWrapper: inputs and outputs of the wrapped cell "
                       "differ in structure: %s" % error) from None
    for inp, out in zip(tf.nest.flatten(inputs), tf.nest.flatten(outputs)):
      if not inp.shape.is_compatible_with(out.shape):
        raise ValueError(
            "ResidualWrapper: input shape %s is incompatible with the wrapped "
            "cell's output shape %s" % (inp.shape, out.shape))
    return tf.nest.map_structure(lambda i, o: i + o, inputs, outputs), new_state


class DeviceWrapper(_Wrapper):
  """Runs the wrapped cell's step and `zero_state` under `tf.device(device)`."""

  def __init__(self, cell, device, **kwargs):
    super().__init__(cell, **kwargs)
    self._device = device

  def get_config(self):
    return dict(super().get_config(), device=self._device)

  def zero_state(self, batch_size, dtype):
    with tf.name_scope(type(self).__name__ + "ZeroState"):
      with tf.compat.v1.device(self._device):
        return self._cell.zero_state(batch_size, dtype)

  def _call_wrapped(self, inputs, state, scope):
    with tf.compat.v1.device(self._device):
      return self._cell(inputs, state, scope=scope)
