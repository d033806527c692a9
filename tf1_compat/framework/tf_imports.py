"""Imports that see the real `tensorflow`, even inside the runner.

Inside `tf1-run`, `sys.modules["tensorflow"]` (and `tensorflow.compat.v1`, ...)
is the TF1 namespace, so that the user's `import tensorflow as tf` gets TF 1.15's
API. tf1_compat's own modules, and the libraries they use (tf-slim, TensorFlow
Probability), are written against the real TensorFlow 2 package: a module of
theirs first imported while the TF1 namespace is in place would bind `tf` to
the wrong object. `import_module` imports with the real modules put back for
the duration (under a lock), and is what every lazy import in tf1_compat uses.

The runner registers the real modules with `register_real_modules` when it
installs the TF1 namespace; until then `import_module` is a plain import.
"""

import contextlib
import importlib
import sys
import threading

_LOCK = threading.RLock()
_REAL = {}
_REAL_ATTRIBUTES = []


def register_real_modules(real_modules, real_attributes=()):
  """Records what the runner replaced, to be put back during `import_module`.

  Args:
    real_modules: `{name: module or None}`: what `sys.modules` held before
      aliasing; `None` means the name was absent (e.g. `tensorflow.contrib`)
      and is removed for the duration.
    real_attributes: `(package, name, module)` triples: submodule attributes of
      real TensorFlow packages the runner rebound (`tensorflow.python.ops`'s
      `rnn_cell_impl`, ...), which `from package import name` reads.
  """
  with _LOCK:
    _REAL.clear()
    _REAL.update(real_modules)
    _REAL_ATTRIBUTES[:] = list(real_attributes)


@contextlib.contextmanager
def real_tensorflow():
  """Within the block, `sys.modules` holds the real TensorFlow modules."""
  with _LOCK:
    saved = {name: sys.modules.get(name) for name in _REAL}
    saved_attributes = [(package, name, getattr(package, name, None))
                        for package, name, _ in _REAL_ATTRIBUTES]
    _put(_REAL, [(p, n, m) for p, n, m in _REAL_ATTRIBUTES])
    try:
      yield
    finally:
      _put(saved, saved_attributes)


def _put(modules, attributes):
  for name, module in modules.items():
    if module is None:
      sys.modules.pop(name, None)
    else:
      sys.modules[name] = module
  for package, name, module in attributes:
    setattr(package, name, module)


def import_module(name):
  """`importlib.import_module(name)`, with the real TensorFlow in place."""
  module = sys.modules.get(name)
  if module is not None:
    return module
  with real_tensorflow():
    return importlib.import_module(name)
