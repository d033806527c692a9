"""TF 1.15's `tf.contrib.seq2seq` on modern TensorFlow, in graph mode.

Decoding runs in `tf.while_loop` with TensorArrays, with TF1's variable names
(`decoder/basic_lstm_cell/kernel`, `decoder/dense/kernel`, `memory_layer/kernel`,
`.../bahdanau_attention/attention_v`, ...), so TF1 seq2seq checkpoints restore.
`gather_tree`, a contrib custom op in TF1, is rebuilt from core ops.
"""

from tf1_compat.seq2seq.attention_wrapper import AttentionMechanism
from tf1_compat.seq2seq.attention_wrapper import AttentionWrapper
from tf1_compat.seq2seq.attention_wrapper import AttentionWrapperState
from tf1_compat.seq2seq.attention_wrapper import BahdanauAttention
from tf1_compat.seq2seq.attention_wrapper import BahdanauMonotonicAttention
from tf1_compat.seq2seq.attention_wrapper import LuongAttention
from tf1_compat.seq2seq.attention_wrapper import LuongMonotonicAttention
from tf1_compat.seq2seq.attention_wrapper import hardmax
from tf1_compat.seq2seq.attention_wrapper import monotonic_attention
from tf1_compat.seq2seq.attention_wrapper import safe_cumprod
from tf1_compat.seq2seq.basic_decoder import BasicDecoder
from tf1_compat.seq2seq.basic_decoder import BasicDecoderOutput
from tf1_compat.seq2seq.beam_search_decoder import BeamSearchDecoder
from tf1_compat.seq2seq.beam_search_decoder import BeamSearchDecoderOutput
from tf1_compat.seq2seq.beam_search_decoder import BeamSearchDecoderState
from tf1_compat.seq2seq.beam_search_decoder import FinalBeamSearchDecoderOutput
from tf1_compat.seq2seq.beam_search_decoder import gather_tree_from_array
from tf1_compat.seq2seq.beam_search_decoder import tile_batch
from tf1_compat.seq2seq.beam_search_ops import gather_tree
from tf1_compat.seq2seq.decoder import Decoder
from tf1_compat.seq2seq.decoder import DecodeResult
from tf1_compat.seq2seq.decoder import dynamic_decode
from tf1_compat.seq2seq.helper import CustomHelper
from tf1_compat.seq2seq.helper import GreedyEmbeddingHelper
from tf1_compat.seq2seq.helper import Helper
from tf1_compat.seq2seq.helper import InferenceHelper
from tf1_compat.seq2seq.helper import SampleEmbeddingHelper
from tf1_compat.seq2seq.helper import ScheduledEmbeddingTrainingHelper
from tf1_compat.seq2seq.helper import ScheduledOutputTrainingHelper
from tf1_compat.seq2seq.helper import TrainingHelper
from tf1_compat.seq2seq.loss import sequence_loss

__all__ = [
    "AttentionMechanism",
    "AttentionWrapper",
    "AttentionWrapperState",
    "BahdanauAttention",
    "BahdanauMonotonicAttention",
    "BasicDecoder",
    "BasicDecoderOutput",
    "BeamSearchDecoder",
    "BeamSearchDecoderOutput",
    "BeamSearchDecoderState",
    "CustomHelper",
    "DecodeResult",
    "Decoder",
    "FinalBeamSearchDecoderOutput",
    "GreedyEmbeddingHelper",
    "Helper",
    "InferenceHelper",
    "LuongAttention",
    "LuongMonotonicAttention",
    "SampleEmbeddingHelper",
    "ScheduledEmbeddingTrainingHelper",
    "ScheduledOutputTrainingHelper",
    "TrainingHelper",
    "dynamic_decode",
    "gather_tree",
    "gather_tree_from_array",
    "hardmax",
    "monotonic_attention",
    "safe_cumprod",
    "sequence_loss",
    "tile_batch",
]
