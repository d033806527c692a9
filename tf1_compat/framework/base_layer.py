"""The one base class behind every cell and tf.layers object: TF1 variable scoping.

A `Layer` reproduces how TF 1.15's `tensorflow.python.layers.base.Layer` places and
shares variables, without inheriting from Keras:

* The variable scope is fixed at the first call. By default it is
  `variable_scope(None, default_name=<snake_case class name or name>)`, so names are
  uniquified within the enclosing variable scope (`dense`, `dense_1`, ...). A layer
  constructed with `_reuse=True` enters `variable_scope(<base name>)` without
  uniquifying; one constructed with `_scope=<name>` (the functional API's `name=`)
  captures that scope at construction.
* Every later call re-enters the captured scope with `reuse=True`: the object owns its
  variables, even when it is called under another outer scope.
* Variables come from `tf.compat.v1.get_variable`, so enclosing scope initializers,
  regularizers, custom getters, partitioners and `reuse`/`AUTO_REUSE` behave as in TF1.
* Regularization losses land in `GraphKeys.REGULARIZATION_LOSSES` and `add_update`
  ops in `GraphKeys.UPDATE_OPS`. An `activity_regularizer` adds, per call and per
  output, `regularizer(output) / batch_size` (TF1 made its strength batch-agnostic).
* An `input_spec` (see `input_spec.py`) is checked on every call before anything is
  built, so a bad input fails at graph-build time with the layer's name in the
  message.
* A layer constructed inside `keras_style_scope()` (or after `set_keras_style()`)
  skips all of the above scoping, as TF 1.15's did: see `keras_style_scope`.
"""

import contextlib
import copy
import functools
import re
import weakref

import tensorflow as tf
from tensorflow.python.trackable import base as trackable

from tf1_compat.framework import checks
from tf1_compat.framework import input_spec as input_spec_lib

_V1 = tf.compat.v1

# Per-graph counters for the Keras-style object names (`dense`, `dense_1`, ...)
# reported by `Layer.name`; variable names never depend on them.
_NAME_COUNTERS = weakref.WeakKeyDictionary()


# TF 1.15's switch for Keras-style layers (`tf.layers.experimental`).
_KERAS_STYLE = False


@contextlib.contextmanager
def keras_style_scope():
  """Layers and cells constructed inside this block manage variables Keras-style.

  Such a layer (TF 1.15's `tf.layers.experimental.keras_style_scope`) owns
  plain new variables named by the name scope current at its creation of them:
  inside its call that is the layer's own name (`model_1/lstm_cell_1/kernel`),
  uniquified per call like any name scope, so two objects never share or clash,
  whatever their variable scopes. Enclosing variable scopes, their
  initializers and `reuse` play no part, `scope=`, `_scope` and `_reuse` raise
  ValueError, and its updates are not added to `UPDATE_OPS`. Only the
  construction needs to be inside the block.

  Yields:
    Nothing; the previous setting is restored on exit.
  """
  global _KERAS_STYLE
  previous = _KERAS_STYLE
  _KERAS_STYLE = True
  try:
    yield
  finally:
    _KERAS_STYLE = previous


def set_keras_style():
  """Makes every layer constructed from now on Keras-style (see
  `keras_style_scope`); as in TF 1.15 it cannot be unset."""
  global _KERAS_STYLE
  _KERAS_STYLE = True


def to_snake_case(name):
  """`BasicLSTMCell` -> `basic_lstm_cell`, the way TF1 derives default scope names."""
  intermediate = re.sub("(.)([A-Z][a-z0-9]+)", r"\1_\2", name)
  insecure = re.sub("([a-z])([A-Z])", r"\1_\2", intermediate).lower()
  if insecure[0] != "_":
    return insecure
  return "private" + insecure


def _unique_object_name(base_name):
  """`<base>_1`, `<base>_2`, ... per graph: TF 1.15's tf.layers numbered object
  names from 1 (Keras' `zero_based=False`), unlike variable scopes."""
  counters = _NAME_COUNTERS.setdefault(_V1.get_default_graph(), {})
  counters[base_name] = counters.get(base_name, 0) + 1
  return "%s_%d" % (base_name, counters[base_name])


def add_to_collection_once(elements, collection_key):
  """Adds each element to a graph collection unless it is already there."""
  if not elements:
    return
  collection = _V1.get_collection_ref(collection_key)
  present = {id(x) for x in collection}
  for element in elements:
    if id(element) not in present:
      collection.append(element)
      present.add(id(element))


class Layer(trackable.Trackable):
  """Base for objects that own TF1-scoped variables and build them on first call.

  Subclasses implement `build(input_shape)` (creating variables with `add_weight`)
  and `call(inputs, ...)`. `__call__` takes an optional `scope=` keyword that fixes
  the variable scope on the first call, exactly as TF1 did.

  Layers are trackable, as TF 1.15's were, so `tf.train.Checkpoint` saves them
  object by object: each variable under its name in the layer (`kernel`), and
  the layers a subclass registers with `_track_trackable` (a wrapper's `cell`).
  """

  def __init_subclass__(cls, **kwargs):
    """Makes each subclass's `build` mark the layer built, as TF 1.15's did:
    `cell.build(shape)` called directly, then `cell(...)`, builds once."""
    super().__init_subclass__(**kwargs)
    build = cls.__dict__.get("build")
    if build is not None and not getattr(build, "_marks_built", False):
      @functools.wraps(build)
      def marking_build(self, *args, **kwargs):
        result = build(self, *args, **kwargs)
        self.built = True
        return result
      marking_build._marks_built = True  # pylint: disable=protected-access
      cls.build = marking_build

  def __init__(self, trainable=True, name=None, dtype=None,
               activity_regularizer=None, _scope=None, _reuse=None):
    if isinstance(name, _V1.VariableScope):
      # TF1's functional layers pass the enclosing scope as `name` (and
      # `_scope`): the scope's name is the base name, the object gets its own.
      base_name, name = name.name, None
    else:
      base_name = name
    self.trainable = trainable
    self.built = False
    self._dtype = None if dtype is None else tf.as_dtype(dtype)
    self._reuse = _reuse
    self._base_name = base_name or to_snake_case(type(self).__name__)
    self._name = name or _unique_object_name(self._base_name)
    self._maybe_initialize_trackable()
    self._trainable_weights = []
    self._non_trainable_weights = []
    self._losses = []
    self._updates = []
    self._current_scope = None
    self._always_reuse_scope = None
    self._built_input_shape = None
    self._activity_regularizer = activity_regularizer
    self._conditional_ids = set()
    self.input_spec = None
    self._keras_style = _KERAS_STYLE
    if _KERAS_STYLE:
      for argument, value in (("scope", _scope), ("reuse", _reuse)):
        if value is not None:
          raise ValueError(
              "%s argument not allowed when keras style layers are enabled, "
              "but saw: %s (layer %r)" % (argument, value, self._name))
    if _scope:
      with _V1.variable_scope(_scope) as captured_scope:
        self._scope = captured_scope
    else:
      self._scope = None

  # ---- properties -------------------------------------------------------------

  @property
  def name(self):
    return self._name

  @property
  def dtype(self):
    """The layer's dtype name, taken from the first input when not given."""
    return None if self._dtype is None else self._dtype.name

  @property
  def scope_name(self):
    if self._scope is None:
      raise ValueError(
          "No name available for layer scope because the layer %r has not been "
          "used yet. The scope name is determined the first time the layer "
          "instance is called." % self._name)
    return self._scope.name

  @property
  def trainable_weights(self):
    return list(self._trainable_weights) if self.trainable else []

  @property
  def non_trainable_weights(self):
    if self.trainable:
      return list(self._non_trainable_weights)
    return self._trainable_weights + self._non_trainable_weights

  @property
  def weights(self):
    return self.trainable_weights + self.non_trainable_weights

  trainable_variables = trainable_weights
  non_trainable_variables = non_trainable_weights
  variables = weights

  @property
  def activity_regularizer(self):
    return self._activity_regularizer

  @property
  def losses(self):
    return list(self._losses)

  @property
  def updates(self):
    """The layer's update ops; none while `trainable` is False, as in TF1.

    TF1 reported no updates for a non-trainable layer, so e.g. the moving-average
    ops of `batch_normalization(..., trainable=False)` never reach `UPDATE_OPS`.
    """
    return list(self._updates) if self.trainable else []

  # ---- variable creation -------------------------------------------------------

  def _set_scope(self, scope=None):
    if self._scope is not None:
      return
    if self._reuse:
      with _V1.variable_scope(
          scope if scope is not None else self._base_name) as captured_scope:
        self._scope = captured_scope
    else:
      with _V1.variable_scope(
          scope, default_name=self._base_name) as captured_scope:
        self._scope = captured_scope

  def add_weight(self, name, shape, dtype=None, initializer=None,
                 regularizer=None, trainable=None, constraint=None,
                 partitioner=None, use_resource=None,
                 synchronization=tf.VariableSynchronization.AUTO,
                 aggregation=tf.VariableAggregation.NONE):
    """Creates (or, when reusing, fetches) `<layer scope>/<name>`.

    With `initializer=None` the enclosing variable scope's initializer is used, and
    failing that Glorot-uniform for floating dtypes, as in TF1. `trainable`
    defaults to True, except for `synchronization=ON_READ` variables, which
    cannot be trainable.
    """
    if self._keras_style:
      return self._add_keras_style_weight(name, shape, dtype, initializer,
                                          regularizer, trainable, constraint,
                                          use_resource)
    if synchronization == tf.VariableSynchronization.ON_READ:
      if trainable:
        raise ValueError(
            "Synchronization value can be set to VariableSynchronization.ON_READ "
            "only for non-trainable variables. You have specified trainable=True "
            "and synchronization=VariableSynchronization.ON_READ (layer %r, "
            "variable %r)." % (self._name, name))
      trainable = False
    elif trainable is None:
      trainable = True
    dtype = tf.as_dtype(dtype or self._dtype or tf.float32)
    graph = _V1.get_default_graph()
    existing = set(graph.get_collection(_V1.GraphKeys.GLOBAL_VARIABLES))
    existing |= set(graph.get_collection(_V1.GraphKeys.LOCAL_VARIABLES))
    self._set_scope(None)
    reuse = True if self.built else self._reuse
    with _V1.variable_scope(self._scope, reuse=reuse,
                            auxiliary_name_scope=False) as scope:
      self._current_scope = scope
      with _V1.name_scope(scope.original_name_scope):
        if initializer is None:
          initializer = scope.initializer
        if initializer is None and (dtype.is_floating or dtype.is_complex):
          initializer = _V1.glorot_uniform_initializer()
        trainable = bool(trainable and self.trainable)
        variable = _V1.get_variable(
            name, shape=shape, dtype=dtype, initializer=initializer,
            trainable=trainable, constraint=constraint,
            partitioner=partitioner, use_resource=use_resource,
            synchronization=synchronization, aggregation=aggregation)
        parts = partitions(variable)
        if regularizer is not None and not any(p in existing for p in parts):
          self._add_weight_regularization(name, parts, regularizer)
    if tf.executing_eagerly():  # No collections: the argument decides.
      is_trainable = trainable
    else:
      # A custom getter or enclosing scope may override `trainable`: the
      # collection is the truth, as in TF1.
      is_trainable = parts[0] in set(
          graph.get_collection(_V1.GraphKeys.TRAINABLE_VARIABLES))
    tracked = self._trainable_weights if is_trainable else self._non_trainable_weights
    for part in parts:
      if all(part is not v for v in tracked):
        tracked.append(part)
    if isinstance(variable, tf.Variable):
      self._track_trackable(variable, name=name, overwrite=True)
    return variable

  add_variable = add_weight

  def _add_keras_style_weight(self, name, shape, dtype, initializer,
                              regularizer, trainable, constraint, use_resource):
    """TF 1.15's Keras `add_weight`: always a new (resource) variable, named by
    the current name scope; Glorot-uniform for floats and zeros for integers
    and bools unless `initializer` is given (a callable or a value)."""
    dtype = tf.as_dtype(dtype or self._dtype or tf.float32)
    if initializer is None:
      if dtype.is_floating or dtype.is_complex:
        initializer = _V1.glorot_uniform_initializer()
      elif dtype.is_integer or dtype.is_unsigned or dtype.is_bool:
        initializer = _V1.zeros_initializer()
      else:
        raise ValueError("An initializer for variable %s of type %s is "
                         "required for layer %s" % (name, dtype.name,
                                                    self._name))
    if isinstance(initializer, type):
      initializer = initializer()
    if callable(initializer):
      initial_value, variable_dtype = (
          functools.partial(initializer, shape, dtype=dtype), dtype.base_dtype)
    else:
      initial_value, variable_dtype = initializer, None
    trainable = bool((True if trainable is None else trainable)
                     and self.trainable)
    variable = _V1.Variable(
        initial_value, name=name, trainable=trainable, dtype=variable_dtype,
        constraint=constraint,
        use_resource=True if use_resource is None else use_resource,
        shape=tf.TensorShape(shape))
    if regularizer is not None:
      self._add_weight_regularization(name, [variable], regularizer)
    tracked = (self._trainable_weights if trainable
               else self._non_trainable_weights)
    tracked.append(variable)
    self._track_trackable(variable, name=name, overwrite=True)
    return variable

  def _add_weight_regularization(self, name, parts, regularizer):
    for part in parts:
      with _V1.name_scope(name + "/Regularizer"):
        loss = regularizer(part)
      if loss is not None:
        self._losses.append(loss)
        add_to_collection_once([loss], _V1.GraphKeys.REGULARIZATION_LOSSES)

  def add_loss(self, losses, inputs=None):
    """Records loss tensors on the layer and in `REGULARIZATION_LOSSES`.

    `inputs` marks them as depending on this call's inputs (any value but None
    or False): `get_losses_for(None)` lists only the others.
    """
    losses = tf.nest.flatten(losses)
    self._losses.extend(losses)
    self._conditional_ids.update(id(x) for x in losses if inputs not in (None,
                                                                      False))
    add_to_collection_once(losses, _V1.GraphKeys.REGULARIZATION_LOSSES)

  def add_update(self, updates, inputs=None):
    """Records ops (e.g. moving-average assigns) to run with the train op.

    `inputs` as for `add_loss`: see `get_updates_for`.
    """
    updates = tf.nest.flatten(updates)
    self._updates.extend(updates)
    self._conditional_ids.update(id(x) for x in updates if inputs not in (None,
                                                                       False))

  def get_updates_for(self, inputs):
    """The unconditional updates (`inputs=None`), or those `inputs` lead to."""
    return self._select_for(self.updates, inputs)

  def get_losses_for(self, inputs):
    """The unconditional losses (`inputs=None`), or those `inputs` lead to."""
    return self._select_for(self.losses, inputs)

  def _select_for(self, elements, inputs):
    if inputs is None:
      return [x for x in elements if id(x) not in self._conditional_ids]
    conditional = [x for x in elements if id(x) in self._conditional_ids]
    reachable = _ops_reachable_from(tf.nest.flatten(inputs))
    return [x for x in conditional if _op_of(x) in reachable]

  # ---- calling -----------------------------------------------------------------

  def build(self, input_shape):
    """Creates the layer's variables; the default creates none."""
    del input_shape

  def call(self, inputs, *args, **kwargs):
    """The identity, as TF 1.15's base `Layer` (subclasses override it)."""
    del args, kwargs
    return inputs

  def get_config(self):
    """`name`, `trainable`, `dtype`: what TF 1.15's base layer serialized;
    subclasses add their constructor arguments."""
    return {"name": self._name, "trainable": self.trainable,
            "dtype": self.dtype}

  @classmethod
  def from_config(cls, config):
    """The layer that `get_config` describes: `cls(**config)`."""
    return cls(**config)

  def count_params(self):
    """The number of scalars in the layer's variables; the layer must be built."""
    if not self.built:
      raise ValueError(
          "You tried to call `count_params` on %s, but the layer isn't built. "
          "You can build it manually via: `%s.build(batch_input_shape)`."
          % (self._name, self._name))
    return int(sum(v.shape.num_elements() for v in self.weights))

  def get_weights(self):
    """The variables' values as numpy arrays (in graph mode, from the default
    session, as TF 1.15's Keras backend did)."""
    if tf.executing_eagerly():
      return [v.numpy() for v in self.weights]
    return _default_session(self, "get_weights").run(self.weights)

  def set_weights(self, weights):
    """Assigns numpy values to the variables, in `weights` order."""
    variables = self.weights
    if len(weights) != len(variables):
      raise ValueError(
          "You called `set_weights(weights)` on layer %r with a weight list of "
          "length %d, but the layer was expecting %d weights."
          % (self._name, len(weights), len(variables)))
    if tf.executing_eagerly():
      for variable, value in zip(variables, weights):
        variable.assign(value)
      return
    session = _default_session(self, "set_weights")
    for variable, value in zip(variables, weights):
      variable.load(value, session)

  def __deepcopy__(self, memo):
    """A copy whose containers are new; graph objects (tensors, variables, the
    variable scope) are shared, since a graph cannot be copied."""
    result = type(self).__new__(type(self))
    memo[id(self)] = result
    for key, value in self.__dict__.items():
      setattr(result, key, _copy_sharing_graph_objects(value, memo))
    return result

  def _check_input(self, inputs):
    """Hook for input validation; runs on every call, before `build`.

    The default checks `self.input_spec` against the first input.
    """
    if self.input_spec is not None:
      input_spec_lib.assert_input_compatibility(
          self.input_spec, tf.nest.flatten(inputs)[0], self)

  def _add_activity_regularization(self, outputs):
    with _V1.name_scope("ActivityRegularizer"):
      for output in tf.nest.flatten(outputs):
        loss = self._activity_regularizer(output)
        batch_size = tf.cast(tf.shape(output)[0], loss.dtype)
        self.add_loss(loss / batch_size, inputs=True)

  def apply(self, inputs, *args, **kwargs):
    """TF1's alias of `__call__`."""
    return self(inputs, *args, **kwargs)

  def __call__(self, inputs, *args, **kwargs):
    checks.require_graph_mode("%s %r" % (type(self).__name__, self._name))
    scope = kwargs.pop("scope", None)
    inputs = tf.nest.map_structure(_to_tensor, inputs)
    if self._keras_style:
      if scope is not None:
        raise ValueError(
            "scope argument not allowed when keras style layers are enabled, "
            "but saw: %s (layer %r)" % (scope, self._name))
      with _V1.name_scope(self._name):
        return self._build_and_call(inputs, args, kwargs)
    with self._call_scope(scope):
      outputs = self._build_and_call(inputs, args, kwargs)
    add_to_collection_once(self.updates, _V1.GraphKeys.UPDATE_OPS)
    return outputs

  @contextlib.contextmanager
  def _call_scope(self, scope=None):
    """The variable and name scope `__call__` runs `build` and `call` in.

    The first entry fixes the layer's scope (under `scope` when given); once
    the layer is built it is re-entered with `reuse=True`. Code that runs a
    layer's math other than through `__call__` (the RNN driver's fast path)
    enters this, then `_build_once`, so its variables are the ones `__call__`
    would have made.
    """
    self._set_scope(scope)
    if self.built:
      if self._always_reuse_scope is None:
        self._always_reuse_scope = _V1.variable_scope(
            self._scope, reuse=True, auxiliary_name_scope=False)
      scope_context = self._always_reuse_scope
    else:
      scope_context = _V1.variable_scope(
          self._scope, reuse=self._reuse, auxiliary_name_scope=False)
    with scope_context as captured:
      self._current_scope = captured
      with _V1.name_scope(captured.original_name_scope):
        yield

  def _build_once(self, input_shapes, dtype=None):
    """`build(input_shapes)` unless built; the layer's dtype defaults to `dtype`."""
    if self.built:
      return
    if self._dtype is None and dtype is not None:
      self._dtype = tf.as_dtype(dtype).base_dtype
    self.build(input_shapes)
    self.built = True

  def _build_and_call(self, inputs, args, kwargs):
    """Input checks, `build` on the first call, `call`, activity losses."""
    self._check_input(inputs)
    first = tf.nest.flatten(inputs)[0]
    self._build_once(tf.nest.map_structure(lambda t: t.shape, inputs),
                    getattr(first, "dtype", None))
    outputs = self.call(inputs, *args, **kwargs)
    if self._activity_regularizer is not None:
      self._add_activity_regularization(outputs)
    return outputs


def _copy_sharing_graph_objects(value, memo):
  """A deep copy of `value` in which what cannot be copied (tensors, variables,
  scopes) is shared; lists, tuples and dicts holding them are still new."""
  if isinstance(value, (list, tuple)) and not hasattr(value, "_fields"):
    return type(value)(_copy_sharing_graph_objects(v, memo) for v in value)
  if isinstance(value, dict):
    return {k: _copy_sharing_graph_objects(v, memo) for k, v in value.items()}
  try:
    return copy.deepcopy(value, memo)
  except (TypeError, ValueError, NotImplementedError, AttributeError):
    return value


def _default_session(layer, method):
  session = _V1.get_default_session()
  if session is None:
    raise ValueError(
        "%s.%s needs a default session in graph mode: call it inside `with "
        "tf.Session() as sess:` (or `sess.as_default()`)" % (layer.name, method))
  return session


def _op_of(element):
  return element if isinstance(element, tf.Operation) else element.op


def _ops_reachable_from(inputs):
  """The ops downstream of `inputs` (tensors or ops), through data and control
  edges, `inputs`' own ops included."""
  pending = [_op_of(x) for x in inputs if hasattr(x, "graph")]
  reachable = set()
  while pending:
    op = pending.pop()
    if op in reachable:
      continue
    reachable.add(op)
    for output in op.outputs:
      pending.extend(output.consumers())
    pending.extend(op._control_outputs)  # pylint: disable=protected-access
  return reachable


def partitions(variable):
  """The shards of a partitioned variable, or `[variable]` for a plain one."""
  if isinstance(variable, tf.Variable):
    return [variable]
  return list(variable)


def _to_tensor(value):
  if isinstance(value, (tf.Tensor, tf.Variable, tf.SparseTensor,
                        tf.TensorArray)):
    return value
  if hasattr(value, "_as_graph_element") or tf.is_tensor(value):
    return value
  return tf.convert_to_tensor(value)
