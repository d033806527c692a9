"""`tf.contrib.seq2seq`: `tf1_compat.seq2seq` under its TF1 name.

Every public name of `tf1_compat.seq2seq` (helpers, `BasicDecoder`,
`dynamic_decode`, `BeamSearchDecoder`, `tile_batch`, `gather_tree`,
`AttentionWrapper`, `LuongAttention`, `BahdanauAttention`, `sequence_loss`, ...) is
served here; other names raise `NotProvidedError`.
"""

from tf1_compat import seq2seq as _seq2seq
from tf1_compat.framework import not_provided

__all__ = list(_seq2seq.__all__)
globals().update({_name: getattr(_seq2seq, _name) for _name in __all__})

__getattr__ = not_provided.partial_module_getattr("tf.contrib.seq2seq", __all__)
