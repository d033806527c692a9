"""`tf.contrib`, as far as tf1_compat provides it.

Each provided contrib module is a subpackage or module here, loaded on first
access (`tf.contrib.slim` costs nothing until a script touches it), so that
`tf.contrib.<name>`, `import tensorflow.contrib.<name>` and `from
tensorflow.contrib import <name>` all reach the same module object. Any other
`tf.contrib` module (`estimator`, `eager`, `gan`, ...) raises `NotProvidedError`
at the attribute access, naming the closest replacement.
"""

from tf1_compat.framework import not_provided
from tf1_compat.framework import removed_tf_names
from tf1_compat.framework import tf_imports

# tf-slim, which several contrib modules serve, reaches names TF 2.16 removed.
removed_tf_names.restore()

__all__ = ["crf", "cudnn_rnn", "data", "deprecated", "distributions",
           "framework", "layers", "legacy_seq2seq", "learn", "lookup", "losses",
           "metrics", "opt", "rnn", "seq2seq", "signal", "slim", "stateless",
           "tensorboard", "training", "util"]

_not_provided_getattr = not_provided.partial_module_getattr("tf.contrib", __all__)


def __getattr__(name):
  if name in __all__:
    module = tf_imports.import_module("%s.%s" % (__name__, name))
    globals()[name] = module
    return module
  return _not_provided_getattr(name)


def __dir__():
  return sorted(__all__)
