"""`tf.contrib`, as far as tf1_compat rebuilds it: `rnn`, `seq2seq`, `layers` and
`framework`.

Any other `tf.contrib` module (`learn`, `slim`, `estimator`, `eager`, ...) raises
`NotProvidedError` at the attribute access, naming the closest replacement.
"""

from tf1_compat.contrib import framework
from tf1_compat.contrib import layers
from tf1_compat.contrib import rnn
from tf1_compat.contrib import seq2seq
from tf1_compat.dropin import not_provided

__all__ = ["framework", "layers", "rnn", "seq2seq"]


def __getattr__(name):
  if name.startswith("__"):
    raise AttributeError(name)
  raise not_provided.unknown_member_error("tf.contrib", name, __all__)
