"""`tf.contrib.seq2seq`: `tf1_compat.seq2seq` under its TF1 name.

Every public name of `tf1_compat.seq2seq` (helpers, `BasicDecoder`,
`dynamic_decode`, `BeamSearchDecoder`, `tile_batch`, `gather_tree`,
`AttentionWrapper`, `LuongAttention`, `BahdanauAttention`, `sequence_loss`, ...) is
served here; other names raise `NotProvidedError`.
"""

from tf1_compat import seq2seq as _seq2seq
from tf1_compat.dropin import not_provided

__all__ = list(_seq2seq.__all__)


def __getattr__(name):
  if name in __all__:
    return getattr(_seq2seq, name)
  if name.startswith("__"):
    raise AttributeError(name)
  raise not_provided.unknown_member_error("tf.contrib.seq2seq", name, __all__)


def __dir__():
  return sorted(__all__)
