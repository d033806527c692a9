"""`tf.contrib.legacy_seq2seq`: TF 1.15's static-unrolled seq2seq library.

The translate tutorial's models (`embedding_attention_seq2seq`,
`model_with_buckets`), their decoders (`rnn_decoder`, `attention_decoder`,
`embedding_*_decoder`), the other model variants and the list-of-steps losses
(`sequence_loss`, `sequence_loss_by_example`), with TF 1.15's variable names, so
their checkpoints restore. Other names raise `NotProvidedError`. The private
`_extract_argmax_and_embed` (the greedy `loop_function`) is reachable here and in
`tf1_compat.contrib.legacy_seq2seq.seq2seq`, as old code expects.
"""

from tf1_compat.contrib.legacy_seq2seq.seq2seq import _extract_argmax_and_embed
from tf1_compat.contrib.legacy_seq2seq.seq2seq import attention_decoder
from tf1_compat.contrib.legacy_seq2seq.seq2seq import basic_rnn_seq2seq
from tf1_compat.contrib.legacy_seq2seq.seq2seq import embedding_attention_decoder
from tf1_compat.contrib.legacy_seq2seq.seq2seq import embedding_attention_seq2seq
from tf1_compat.contrib.legacy_seq2seq.seq2seq import embedding_rnn_decoder
from tf1_compat.contrib.legacy_seq2seq.seq2seq import embedding_rnn_seq2seq
from tf1_compat.contrib.legacy_seq2seq.seq2seq import embedding_tied_rnn_seq2seq
from tf1_compat.contrib.legacy_seq2seq.seq2seq import model_with_buckets
from tf1_compat.contrib.legacy_seq2seq.seq2seq import one2many_rnn_seq2seq
from tf1_compat.contrib.legacy_seq2seq.seq2seq import rnn_decoder
from tf1_compat.contrib.legacy_seq2seq.seq2seq import sequence_loss
from tf1_compat.contrib.legacy_seq2seq.seq2seq import sequence_loss_by_example
from tf1_compat.contrib.legacy_seq2seq.seq2seq import tied_rnn_seq2seq
from tf1_compat.framework import not_provided

__all__ = [
    "attention_decoder",
    "basic_rnn_seq2seq",
    "embedding_attention_decoder",
    "embedding_attention_seq2seq",
    "embedding_rnn_decoder",
    "embedding_rnn_seq2seq",
    "embedding_tied_rnn_seq2seq",
    "model_with_buckets",
    "one2many_rnn_seq2seq",
    "rnn_decoder",
    "sequence_loss",
    "sequence_loss_by_example",
    "tied_rnn_seq2seq",
]

__getattr__ = not_provided.partial_module_getattr("tf.contrib.legacy_seq2seq",
                                                  __all__)
