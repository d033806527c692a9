"""`import tensorflow as tf` resolving to the TF1 compat API, inside the runner.

`install()` puts module objects in `sys.modules` so that, for the rest of the
process:

* `tensorflow` is a namespace serving `tf1_compat.v1` first and the real
  `tensorflow` package second (for `tf.__version__`, `tf.python`, `tf.core`, ...).
  It keeps the real package's `__path__`, so imports of real submodules that still
  exist (`tensorflow.python.*`, `tensorflow.core.*`, `tensorflow.lite`) load the
  real modules untouched;
* `tensorflow.compat.v1` serves `tf1_compat.v1` too, so code migrated as
  `import tensorflow.compat.v1 as tf` also gets `tf.nn.rnn_cell` and `tf.layers`
  (`tensorflow.compat.v2` stays TensorFlow's);
* `tensorflow.contrib`, `.contrib.rnn`, `.contrib.seq2seq`, `.contrib.layers`,
  `.contrib.framework` are `tf1_compat.contrib`'s modules;
* `tensorflow.examples.tutorials.mnist.input_data` is `dropin.input_data`;
* a finder placed first on `sys.meta_path` answers any other
  `tensorflow.contrib.*` or `tensorflow.examples.*` import with
  `NotProvidedImportError` naming the closest replacement. Imports of anything
  else (tensorboard, numpy, ...) are not touched.

Code that was already holding the real `tensorflow` module (TensorFlow itself, this
library) keeps it; only later imports see the alias.
"""

import importlib.abc
import sys
import types

import tensorflow as real_tf

import tf1_compat.v1 as tf1
from tf1_compat import contrib
from tf1_compat.dropin import input_data
from tf1_compat.dropin import namespace
from tf1_compat.dropin import not_provided

# Prefixes whose imports the finder answers (everything else passes through).
_HANDLED_PREFIXES = ("tensorflow.contrib.", "tensorflow.examples.")


class _NotProvidedFinder(importlib.abc.MetaPathFinder):
  """Raises `NotProvidedImportError` for contrib/examples modules we lack."""

  def find_spec(self, fullname, path, target=None):
    del path, target
    if not fullname.startswith(_HANDLED_PREFIXES):
      return None
    error = not_provided.import_error(fullname)
    if error is None:
      api = not_provided.module_api(fullname)
      parent = api.rsplit(".", 1)[0]
      error = not_provided.NotProvidedImportError(
          api, "%s is not provided by tf1_compat: %s has no such module. "
          "Closest replacement: the public names of %s. (See %s.)"
          % (api, parent, parent, not_provided.COVERAGE_DOC), fullname)
    raise error


def _package(name, doc, **children):
  """A plain module with `__path__ = []` (so the finder sees child imports)."""
  module = types.ModuleType(name, doc)
  module.__path__ = []
  for child_name, child in children.items():
    setattr(module, child_name, child)
  return module


def tensorflow_namespace():
  """The object that `import tensorflow` yields inside the runner."""
  alias = namespace.ApiNamespace(
      "tensorflow",
      namespace.Resolver("tf", sources=[tf1, real_tf]),
      doc="TF 1.15's tensorflow, served by tf1_compat.v1 (then real TensorFlow).",
      path=real_tf.__path__)
  alias.__file__ = real_tf.__file__
  return alias


def _aliased_modules():
  mnist = _package("tensorflow.examples.tutorials.mnist",
                   "TF1's MNIST tutorial package (input_data only).",
                   input_data=input_data)
  tutorials = _package("tensorflow.examples.tutorials",
                       "TF1's tutorials package.", mnist=mnist)
  examples = _package("tensorflow.examples", "TF1's examples package.",
                      tutorials=tutorials)
  modules = {
      "tensorflow": tensorflow_namespace(),
      "tensorflow.compat": tf1.compat,
      "tensorflow.compat.v1": tf1,
      "tensorflow.compat.v2": real_tf.compat.v2,
      "tensorflow.contrib": contrib,
      "tensorflow.examples": examples,
      "tensorflow.examples.tutorials": tutorials,
      "tensorflow.examples.tutorials.mnist": mnist,
      "tensorflow.examples.tutorials.mnist.input_data": input_data,
  }
  for name in contrib.__all__:
    modules["tensorflow.contrib." + name] = getattr(contrib, name)
  return modules


class Installed:
  """What `install()` changed, so that `uninstall()` can put it back."""

  def __init__(self, previous, finder):
    self._previous = previous
    self._finder = finder

  def uninstall(self):
    """Restores the previous `sys.modules` entries and removes the finder."""
    for name, module in self._previous.items():
      if module is None:
        sys.modules.pop(name, None)
      else:
        sys.modules[name] = module
    if self._finder in sys.meta_path:
      sys.meta_path.remove(self._finder)


def install():
  """Makes `import tensorflow` (and contrib, input_data) resolve to the compat API.

  Returns:
    An `Installed` handle whose `uninstall()` undoes it.
  """
  modules = _aliased_modules()
  previous = {name: sys.modules.get(name) for name in modules}
  finder = _NotProvidedFinder()
  sys.meta_path.insert(0, finder)
  sys.modules.update(modules)
  return Installed(previous, finder)
