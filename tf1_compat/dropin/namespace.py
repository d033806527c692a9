"""Module objects that serve a TF1 namespace: our symbols first, then TensorFlow's.

`Resolver` answers one lookup of `tf.<name>` (or `tf.nn.<name>`, ...) in order:

1. a member we provide (`tf.nn.rnn_cell`, `tf.layers`, `tf.contrib`);
2. the not-provided table: `tf.estimator` raises `NotProvidedError` at the access;
3. the source modules, in order (`tf.compat.v1`, its `nn`, ...).

Values are not cached in the module, so every lookup of a graph-building symbol can
ask `graph_mode.on_graph_api` whether the process should leave eager execution
(see `graph_mode`). Identity is preserved: `tf1_compat.v1.Session is
tf.compat.v1.Session`.
"""

import types

from tf1_compat.dropin import graph_mode
from tf1_compat.framework import not_provided

# Dunder names forwarded to the sources; every other dunder is answered as missing
# so that import machinery never mistakes a namespace for a package.
_FORWARDED_DUNDERS = frozenset([
    "__version__", "__git_version__", "__compiler_version__",
    "__cxx11_abi_flag__", "__monolithic_build__"])

# Names whose lookup never switches to graph mode: mode controls, types used in
# isinstance checks, protocol-buffer messages, feature specs and infrastructure.
SAFE_NAMES = frozenset([
    "AggregationMethod", "AttrValue", "ConfigProto", "DType", "DeviceSpec",
    "Dimension", "Event", "FixedLenFeature", "FixedLenSequenceFeature",
    "GPUOptions", "Graph", "GraphDef", "GraphKeys", "GraphOptions",
    "HistogramProto", "IndexedSlices", "IndexedSlicesSpec", "LogMessage",
    "MetaGraphDef", "NameAttrList", "NoGradient", "NodeDef", "NotDifferentiable",
    "Operation", "OptimizerOptions", "RaggedTensor", "RaggedTensorSpec",
    "RegisterGradient", "RunMetadata", "RunOptions", "SessionLog", "SparseFeature",
    "SparseTensor", "SparseTensorSpec", "SparseTensorValue", "Summary",
    "SummaryMetadata", "Tensor", "TensorInfo", "TensorShape", "TensorSpec",
    "TypeSpec", "UnconnectedGradients", "VarLenFeature", "VariableAggregation",
    "VariableSynchronization", "as_dtype", "control_flow_v2_enabled",
    "dimension_at_index", "dimension_value", "disable_control_flow_v2",
    "disable_eager_execution", "disable_resource_variables",
    "disable_tensor_equality", "disable_v2_behavior", "disable_v2_tensorshape",
    "enable_control_flow_v2", "enable_eager_execution", "enable_resource_variables",
    "enable_tensor_equality", "enable_v2_behavior", "enable_v2_tensorshape",
    "executing_eagerly", "executing_eagerly_outside_functions", "function",
    "get_logger", "load_file_system_library", "load_library", "load_op_library",
    "resource_variables_enabled"])


class Lazy:
  """A namespace member computed on first lookup (e.g. a module that is slow to
  import or comes from an optional package), then kept.

  Args:
    load: A function of no arguments returning the member; it may raise
      `NotProvidedError` (an `AttributeError`) when the member is unavailable,
      which then propagates from every lookup.
  """

  def __init__(self, load):
    self._load = load
    self._value = None
    self._loaded = False

  def get(self):
    if not self._loaded:
      self._value = self._load()
      self._loaded = True
    return self._value


class Resolver:
  """Looks up names of one TF1 namespace.

  Args:
    api: The namespace as users spell it, e.g. `tf` or `tf.nn`.
    sources: Modules to fall back to, in order.
    members: `{name: value}` served first; a `Lazy` value is loaded on first
      lookup.
    graph_entry: Whether looking up a function or class here (other than
      `SAFE_NAMES`) counts as graph code for `graph_mode.on_graph_api`.
    partial: Whether this namespace is a partial rebuild (like `tf.layers`):
      unknown names then raise `NotProvidedError` listing what is provided.
    exported_only: Serve only the names in each source's `__all__` (so that
      e.g. `tf.layers` does not expose our submodules).
  """

  def __init__(self, api, sources=(), members=None, graph_entry=False,
               partial=False, exported_only=False):
    self.api = api
    self.sources = tuple(sources)
    self.members = dict(members or {})
    self.graph_entry = graph_entry
    self.partial = partial
    self.exported_only = exported_only
    self._guards = {}

  def resolve(self, name):
    """The value of `<api>.<name>`; raises AttributeError (or a subclass)."""
    dunder = name.startswith("__") and name.endswith("__")
    if dunder and name not in _FORWARDED_DUNDERS:
      raise AttributeError(name)
    if name in self.members:
      member = self.members[name]
      value = member.get() if isinstance(member, Lazy) else member
      return self._guarded(name, value)
    error = None if dunder else not_provided.error("%s.%s" % (self.api, name))
    if error is not None:
      raise error
    for source in self.sources:
      if self.exported_only and name not in getattr(source, "__all__", ()):
        continue
      try:
        value = getattr(source, name)
      except not_provided.NotProvidedError:
        raise
      except AttributeError:
        continue
      if (self.graph_entry and name not in SAFE_NAMES
          and callable(value) and not isinstance(value, types.ModuleType)):
        graph_mode.on_graph_api("%s.%s" % (self.api, name))
      return self._guarded(name, value)
    if self.partial:
      raise not_provided.unknown_member_error(self.api, name, self.names())
    raise AttributeError("%s has no attribute %r (tf1_compat serves %s from %s)"
                         % (self.api, name, self.api, self._source_names()))

  def _guarded(self, name, value):
    """`value`, or, for a module with not-provided entries below it (TF's own
    `tf.raw_ops`, `tf.data.experimental`, tf-keras's `tf.keras.utils`, ...), a
    namespace over it that refuses those names with their reasons (kept, so
    that repeated lookups give the same object)."""
    if (not isinstance(value, types.ModuleType)
        or isinstance(value, ApiNamespace)
        or getattr(value, "__name__", "").startswith("tf1_compat.")):
      return value  # Ours refuse their missing names themselves.
    api = "%s.%s" % (self.api, name)
    if not not_provided.has_entries_under(api):
      return value
    guarded = self._guards.get(api)
    if guarded is None or guarded.__dict__["_tf1_resolver"].sources[0] is not (
        value):
      guarded = ApiNamespace(getattr(value, "__name__", api),
                             Resolver(api, sources=[value],
                                      graph_entry=self.graph_entry),
                             doc=getattr(value, "__doc__", None),
                             path=getattr(value, "__path__", None))
      self._guards[api] = guarded
    return guarded

  def names(self):
    """The public names this namespace serves."""
    names = set(self.members)
    for source in self.sources:
      exported = getattr(source, "__all__", None)
      if exported is None and not self.exported_only:
        exported = dir(source)
      names.update(exported or ())
    return sorted(n for n in names if not n.startswith("_"))

  def _source_names(self):
    if not self.sources:
      return "tf1_compat only"
    return ", ".join(getattr(s, "__name__", repr(s)) for s in self.sources)


class ApiNamespace(types.ModuleType):
  """A module object backed by a `Resolver` (e.g. `tf.nn` with our `rnn_cell`).

  The import system binds each newly imported submodule to its parent; such a
  binding never shadows a name this namespace already serves (importing the real
  `tensorflow.lite` package must not replace `tf.lite` of the v1 API).
  """

  def __init__(self, name, resolver, doc=None, path=None):
    super().__init__(name, doc)
    self.__dict__["_tf1_resolver"] = resolver
    if path is not None:
      self.__dict__["__path__"] = list(path)

  def __getattr__(self, name):
    return self.__dict__["_tf1_resolver"].resolve(name)

  def __setattr__(self, name, value):
    if isinstance(value, types.ModuleType) and self._serves(name):
      return
    super().__setattr__(name, value)

  def _serves(self, name):
    try:
      self.__dict__["_tf1_resolver"].resolve(name)
    except AttributeError:
      return False
    return True

  def __dir__(self):
    return sorted(set(self.__dict__["_tf1_resolver"].names())
                  | {n for n in self.__dict__ if not n.startswith("_tf1_")})

  def __repr__(self):
    return "<tf1_compat namespace %r for %s>" % (
        self.__name__, self.__dict__["_tf1_resolver"].api)
