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
"""

import re
import weakref

import tensorflow as tf

from tf1_compat.framework import input_spec as input_spec_lib

_V1 = tf.compat.v1

# Per-graph counters for the Keras-style object names (`dense`, `dense_1`, ...)
# reported by `Layer.name`; variable names never depend on them.
_NAME_COUNTERS = weakref.WeakKeyDictionary()


def to_snake_case(name):
  """`BasicLSTMCell` -> `basic_lstm_cell`, the way TF1 derives default scope names."""
  intermediate = re.sub("(.)([A-Z][a-z0-9]+)", r"\1_\2", name)
  insecure = re.sub("([a-z])([A-Z])", r"\1_\2", intermediate).lower()
  if insecure[0] != "_":
    return insecure
  return "private" + insecure


def _unique_object_name(base_name):
  counters = _NAME_COUNTERS.setdefault(_V1.get_default_graph(), {})
  count = counters.get(base_name, 0)
  counters[base_name] = count + 1
  return base_name if count == 0 else "%s_%d" % (base_name, count)


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


class Layer:
  """Base for objects that own TF1-scoped variables and build them on first call.

  Subclasses implement `build(input_shape)` (creating variables with `add_weight`)
  and `call(inputs, ...)`. `__call__` takes an optional `scope=` keyword that fixes
  the variable scope on the first call, exactly as TF1 did.
  """

  def __init__(self, trainable=True, name=None, dtype=None,
               activity_regularizer=None, _scope=None, _reuse=None):
    if isinstance(name, _V1.VariableScope):
      raise TypeError("Layer name must be a string, got VariableScope %r"
                      % name.name)
    self.trainable = trainable
    self.built = False
    self._dtype = None if dtype is None else tf.as_dtype(dtype)
    self._reuse = _reuse
    self._base_name = name or to_snake_case(type(self).__name__)
    self._name = name or _unique_object_name(self._base_name)
    self._trainable_weights = []
    self._non_trainable_weights = []
    self._losses = []
    self._updates = []
    self._current_scope = None
    self._always_reuse_scope = None
    self._built_input_shape = None
    self._activity_regularizer = activity_regularizer
    self.input_spec = None
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
                 regularizer=None, trainable=True, constraint=None,
                 partitioner=None):
    """Creates (or, when reusing, fetches) `<layer scope>/<name>`.

    With `initializer=None` the enclosing variable scope's initializer is used, and
    failing that Glorot-uniform for floating dtypes, as in TF1.
    """
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
            partitioner=partitioner)
        parts = partitions(variable)
        if regularizer is not None and not any(p in existing for p in parts):
          self._add_weight_regularization(name, parts, regularizer)
    trainable_set = set(graph.get_collection(_V1.GraphKeys.TRAINABLE_VARIABLES))
    # A custom getter or enclosing scope may override `trainable`: the collection
    # is the truth, as in TF1.
    is_trainable = parts[0] in trainable_set
    tracked = self._trainable_weights if is_trainable else self._non_trainable_weights
    for part in parts:
      if all(part is not v for v in tracked):
        tracked.append(part)
    return variable

  add_variable = add_weight

  def _add_weight_regularization(self, name, parts, regularizer):
    for part in parts:
      with _V1.name_scope(name + "/Regularizer"):
        loss = regularizer(part)
      if loss is not None:
        self._losses.append(loss)
        add_to_collection_once([loss], _V1.GraphKeys.REGULARIZATION_LOSSES)

  def add_loss(self, loss):
    """Records a loss tensor on the layer and in `REGULARIZATION_LOSSES`."""
    self._losses.append(loss)
    add_to_collection_once([loss], _V1.GraphKeys.REGULARIZATION_LOSSES)

  def add_update(self, update):
    """Records an op (e.g. a moving-average assign) to run with the train op."""
    self._updates.append(update)

  # ---- calling -----------------------------------------------------------------

  def build(self, input_shape):
    """Creates the layer's variables; the default creates none."""
    del input_shape

  def call(self, inputs, *args, **kwargs):
    raise NotImplementedError(
        "%s must implement call()" % type(self).__name__)

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
        self.add_loss(loss / batch_size)

  def apply(self, inputs, *args, **kwargs):
    """TF1's alias of `__call__`."""
    return self(inputs, *args, **kwargs)

  def __call__(self, inputs, *args, **kwargs):
    scope = kwargs.pop("scope", None)
    inputs = tf.nest.map_structure(_to_tensor, inputs)
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
        self._check_input(inputs)
        if not self.built:
          first = tf.nest.flatten(inputs)[0]
          if self._dtype is None and hasattr(first, "dtype"):
            self._dtype = first.dtype.base_dtype
          self.build(tf.nest.map_structure(lambda t: t.shape, inputs))
          self.built = True
        outputs = self.call(inputs, *args, **kwargs)
        if self._activity_regularizer is not None:
          self._add_activity_regularization(outputs)
    add_to_collection_once(self.updates, _V1.GraphKeys.UPDATE_OPS)
    return outputs


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
