"""`import tensorflow as tf` resolving to the TF1 compat API, inside the runner.

`install(v1)` puts module objects in `sys.modules`, and a finder first on
`sys.meta_path`, so that for the rest of the process:

* `tensorflow` is a namespace serving `v1` (`tf1_compat.v1`) first and the real
  `tensorflow` package second (for `tf.__version__`, `tf.python`, `tf.core`, ...).
  It keeps the real package's `__path__`, so imports of real submodules that still
  exist (`tensorflow.python.*`, `tensorflow.core.*`, `tensorflow.lite`) load the
  real modules untouched;
* `tensorflow.compat.v1` is `v1` too, so code migrated as `import
  tensorflow.compat.v1 as tf` also gets `tf.nn.rnn_cell` and `tf.layers`
  (`tensorflow.compat.v2` stays TensorFlow's);
* `tensorflow.contrib` is `tf1_compat.contrib`, and `tensorflow.contrib.<name>...`
  for every module it provides is the very module object
  `tf1_compat.contrib.<name>...`, loaded on first import;
* `tensorflow.estimator` (and its `export`, `inputs`) is `tf1_compat.estimator`;
* `tensorflow.keras...` is TF 1.15's `tf.keras` from the tf-keras package
  (`from tensorflow.keras.layers import Dense` included), the object
  `tf.keras` serves;
* TF 1.15's internal module paths that 2018 code imports
  (`tensorflow.python.layers.core`, `tensorflow.python.ops.rnn_cell_impl`,
  `tensorflow.contrib.seq2seq.python.ops.beam_search_ops`, ...) are the modules
  `module_paths` lists, with the real TensorFlow package attributes rebound so
  that `from tensorflow.python.ops import rnn_cell_impl` sees ours too;
* `tensorflow.examples.tutorials.mnist.input_data` is `dropin.input_data`;
* any other `tensorflow.contrib.*` or `tensorflow.examples.*` import fails with
  `NotProvidedImportError` naming the closest replacement, in every import form:
  `import tensorflow.contrib.x`, `from tensorflow.contrib import x` and `from
  tensorflow.contrib.x import y`. Imports of anything else (tensorboard, numpy,
  ...) are not touched.

Code that was already holding the real `tensorflow` module (TensorFlow itself, this
library) keeps it; only later imports see the alias.
"""

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import sys
import types

import tensorflow as real_tf

from tf1_compat import contrib
from tf1_compat import estimator
from tf1_compat.dropin import input_data
from tf1_compat.dropin import module_paths
from tf1_compat.dropin import namespace
from tf1_compat.dropin import v1_api
from tf1_compat.framework import not_provided
from tf1_compat.framework import tf_imports

_TF_CONTRIB = "tensorflow.contrib"
_OUR_CONTRIB = contrib.__name__
_TF_EXAMPLES = "tensorflow.examples"
_TF_KERAS = "tensorflow.keras"


class _PathPackage(types.ModuleType):
  """A TF 1.15 package path (`...seq2seq.python.ops`, `...python.layers`).

  It keeps its TF 1.15 name, so that `from <path> import <module>` imports the
  listed module below it through the finder, and serves the attributes of the
  module standing for it, if any (`from tensorflow.contrib.layers.python.layers
  import fully_connected`).
  """

  def __init__(self, name, serving=None):
    super().__init__(name)
    self.__path__ = []
    self.__dict__["_tf1_serving"] = serving

  def __getattr__(self, name):
    serving = self.__dict__["_tf1_serving"]
    if serving is None or name.startswith("__"):
      raise AttributeError(name)
    return getattr(tf_imports.import_module(serving), name)


class _PackageLoader(importlib.abc.Loader):
  """Creates a `_PathPackage` for a TF 1.15 package path."""

  def __init__(self, serving=None):
    self._serving = serving

  def create_module(self, spec):
    return _PathPackage(spec.name, self._serving)

  def exec_module(self, module):
    del module


class _AliasLoader(importlib.abc.Loader):
  """Loads an alias name as an existing module of ours (the same object)."""

  def __init__(self, target):
    self._target = target
    self._own_spec = None

  def create_module(self, spec):
    module = tf_imports.import_module(self._target)
    self._own_spec = module.__spec__
    return module

  def exec_module(self, module):
    # The import system stamped the alias spec on the module; it keeps its own.
    module.__spec__ = self._own_spec


def _not_provided(tf_module_name):
  """`NotProvidedImportError` for a `tensorflow.contrib/examples` module we lack.

  Its `name` is left unset: Python's `from package import x` swallows a
  ModuleNotFoundError naming exactly `package.x` and reports a bare "cannot
  import name"; this way every import form shows our message.
  """
  api = not_provided.module_api(tf_module_name)
  entry = not_provided.lookup(api)
  if entry is not None:
    message = entry.message(api)
  else:
    parent = api.rsplit(".", 1)[0]
    message = ("%s is not provided by tf1_compat: %s has no such module. "
               "Closest replacement: the public names of %s. (See %s.)"
               % (api, parent, parent, not_provided.COVERAGE_DOC))
  return not_provided.NotProvidedImportError(api, message, None)


def _provided_contrib_module(tf_module_name):
  """`tf1_compat.contrib...` serving `tensorflow.contrib...`, or None."""
  relative = tf_module_name[len(_TF_CONTRIB) + 1:]
  if relative.split(".")[0] not in contrib.__all__:
    return None
  ours = "%s.%s" % (_OUR_CONTRIB, relative)
  try:
    with tf_imports.real_tensorflow():
      found = importlib.util.find_spec(ours)
  except ImportError:
    return None
  return None if found is None else ours


def _alias_spec(fullname, served_by):
  """A spec loading `fullname` as the existing module `served_by`."""
  with tf_imports.real_tensorflow():
    found = importlib.util.find_spec(served_by)
  return importlib.machinery.ModuleSpec(
      fullname, _AliasLoader(served_by),
      is_package=(found.submodule_search_locations is not None
                  or module_paths.has_children(fullname)))


class _ObjectLoader(importlib.abc.Loader):
  """Loads a name as an object the v1 namespace already serves."""

  def __init__(self, served):
    self._served = served

  def create_module(self, spec):
    return self._served

  def exec_module(self, module):
    del module


def _served_keras_member(v1, fullname):
  """The namespace object `tf.keras.<path>` serves for `fullname`, or None.

  TF 1.15's `tf.keras` modules that tf-keras's v1 API lacks and tf1_compat
  restores (`wrappers.scikit_learn`) are namespaces of `v1.keras`, not
  modules on disk.
  """
  served = v1.keras
  for part in fullname[len(_TF_KERAS) + 1:].split("."):
    served = getattr(served, part, None)
    if not isinstance(served, types.ModuleType):
      return None
  return served


def _keras_spec(v1, fullname, keras_module):
  """The alias spec of `tensorflow.keras[.sub]`, or the missing-extra error."""
  target = keras_module + fullname[len(_TF_KERAS):]
  try:
    with tf_imports.real_tensorflow():
      found = importlib.util.find_spec(target)
  except ImportError:
    found = None
  if found is None:
    try:
      v1_api.load_keras()
    except not_provided.NotProvidedError as error:
      raise not_provided.NotProvidedImportError(
          "tf.keras", str(error), fullname) from None
    if fullname == _TF_KERAS:
      return None
    served = _served_keras_member(v1, fullname)
    if served is None:
      return None
    return importlib.machinery.ModuleSpec(fullname, _ObjectLoader(served),
                                          is_package=True)
  return importlib.machinery.ModuleSpec(
      fullname, _AliasLoader(target),
      is_package=found.submodule_search_locations is not None)


class _AliasFinder(importlib.abc.MetaPathFinder):
  """Serves `tensorflow.contrib.*` from tf1_compat.contrib and `tensorflow.keras.*`
  from tf-keras (and `v1.keras`); refuses the contrib and examples modules we
  lack."""

  def __init__(self, v1):
    self._v1 = v1

  def find_spec(self, fullname, path, target=None):
    del path, target
    served_by = module_paths.target(fullname)
    if fullname in module_paths.PACKAGES or (
        served_by is not None and module_paths.has_children(fullname)):
      return importlib.machinery.ModuleSpec(
          fullname, _PackageLoader(served_by), is_package=True)
    if served_by is not None:
      return _alias_spec(fullname, served_by)
    if fullname == _TF_KERAS or fullname.startswith(_TF_KERAS + "."):
      return _keras_spec(self._v1, fullname, v1_api.KERAS_MODULE)
    if fullname.startswith(_TF_CONTRIB + "."):
      ours = _provided_contrib_module(fullname)
      if ours is None:
        raise _not_provided(fullname)
      return _alias_spec(fullname, ours)
    if fullname.startswith(_OUR_CONTRIB + "."):
      # `from tensorflow.contrib import x` imports `tf1_compat.contrib.x`
      # (the module's own name) after the attribute lookup failed.
      relative = fullname[len(_OUR_CONTRIB) + 1:]
      if relative.split(".")[0] not in contrib.__all__:
        raise _not_provided("%s.%s" % (_TF_CONTRIB, relative))
      return None
    if fullname.startswith(_TF_EXAMPLES + "."):
      raise _not_provided(fullname)
    return None


def _package(name, doc, **children):
  """A plain module with `__path__ = []` (so the finder sees child imports)."""
  module = types.ModuleType(name, doc)
  module.__path__ = []
  for child_name, child in children.items():
    setattr(module, child_name, child)
  return module


def tensorflow_namespace(v1):
  """The object that `import tensorflow` yields inside the runner."""
  alias = namespace.ApiNamespace(
      "tensorflow",
      namespace.Resolver("tf", sources=[v1, real_tf]),
      doc="TF 1.15's tensorflow, served by tf1_compat.v1 (then real TensorFlow).",
      path=real_tf.__path__)
  alias.__file__ = real_tf.__file__
  return alias


def _aliased_modules(v1):
  mnist = _package("tensorflow.examples.tutorials.mnist",
                   "TF1's MNIST tutorial package (input_data only).",
                   input_data=input_data)
  tutorials = _package("tensorflow.examples.tutorials",
                       "TF1's tutorials package.", mnist=mnist)
  examples = _package(_TF_EXAMPLES, "TF1's examples package.",
                      tutorials=tutorials)
  return {
      "tensorflow": tensorflow_namespace(v1),
      "tensorflow.compat": v1.compat,
      "tensorflow.compat.v1": v1,
      "tensorflow.compat.v2": real_tf.compat.v2,
      _TF_CONTRIB: contrib,
      "tensorflow.estimator": estimator,
      "tensorflow.estimator.export": estimator.export,
      "tensorflow.estimator.inputs": estimator.inputs,
      _TF_EXAMPLES: examples,
      "tensorflow.examples.tutorials": tutorials,
      "tensorflow.examples.tutorials.mnist": mnist,
      "tensorflow.examples.tutorials.mnist.input_data": input_data,
  }


def _rebind_loaded_paths():
  """`{name: ours}` for the `module_paths` already loaded as TensorFlow's, and
  the `(package, name, real module)` attributes they replace."""
  modules, attributes = {}, []
  for name, served_by in module_paths.MODULE_PATHS.items():
    if name not in sys.modules:
      continue
    modules[name] = importlib.import_module(served_by)
    package_name, _, child = name.rpartition(".")
    package = sys.modules.get(package_name)
    if package is not None and hasattr(package, child):
      attributes.append((package, child, getattr(package, child)))
  return modules, attributes


class Installed:
  """What `install()` changed, so that `uninstall()` can put it back."""

  def __init__(self, previous, attributes, finder):
    self._previous = previous
    self._attributes = attributes
    self._finder = finder

  def uninstall(self):
    """Restores the `sys.modules` entries, drops the aliases, removes the finder."""
    for name in [n for n in sys.modules if n.startswith(_TF_CONTRIB + ".")
                 or n == _TF_KERAS or n.startswith(_TF_KERAS + ".")]:
      del sys.modules[name]
    for name, module in self._previous.items():
      if module is None:
        sys.modules.pop(name, None)
      else:
        sys.modules[name] = module
    for package, child, module in self._attributes:
      setattr(package, child, module)
    if self._finder in sys.meta_path:
      sys.meta_path.remove(self._finder)
    tf_imports.register_real_modules({})


def install(v1):
  """Makes `import tensorflow` (and contrib, input_data) resolve to the compat API.

  Args:
    v1: The module served as `tensorflow` and `tensorflow.compat.v1`
      (`tf1_compat.v1`).

  Returns:
    An `Installed` handle whose `uninstall()` undoes it.
  """
  modules = _aliased_modules(v1)
  rebound, attributes = _rebind_loaded_paths()
  modules.update(rebound)
  previous = {name: sys.modules.get(name) for name in modules}
  tf_imports.register_real_modules(previous, attributes)
  finder = _AliasFinder(v1)
  sys.meta_path.insert(0, finder)
  sys.modules.update(modules)
  for package, child, _ in attributes:
    setattr(package, child, modules["%s.%s" % (package.__name__, child)])
  return Installed(previous, attributes, finder)
