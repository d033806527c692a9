"""Imports of TF 1.15's internal module paths, as 2018 code wrote them."""
import tensorflow as tf
from tensorflow.contrib.framework.python.ops import arg_scope
from tensorflow.contrib.framework.python.ops import variables
from tensorflow.contrib.layers.python.layers import layers as layers_lib
from tensorflow.contrib.layers.python.layers import fully_connected
from tensorflow.contrib.learn.python.learn.datasets import mnist
from tensorflow.contrib.learn.python.learn.preprocessing import text
from tensorflow.contrib.legacy_seq2seq.python.ops import seq2seq
from tensorflow.contrib.crf.python.ops import crf
from tensorflow.contrib.rnn.python.ops import fused_rnn_cell
from tensorflow.contrib.rnn.python.ops import gru_ops
from tensorflow.contrib.rnn.python.ops import rnn_cell as contrib_rnn_cell
from tensorflow.contrib.rnn.python.ops.lstm_ops import LSTMBlockCell
from tensorflow.contrib.seq2seq.python.ops import basic_decoder
from tensorflow.contrib.seq2seq.python.ops import beam_search_ops
import tensorflow.contrib.seq2seq.python.ops.attention_wrapper as wrapper
from tensorflow.contrib.slim.python.slim.nets import resnet_v1
from tensorflow.contrib.training.python.training import hparam
from tensorflow.python.layers.core import Dense
from tensorflow.python.ops import rnn_cell_impl
from tensorflow.python.ops.rnn_cell import LSTMCell

checks = {
    "Dense": Dense is tf.layers.Dense,
    "rnn_cell_impl": rnn_cell_impl.LSTMCell is tf.nn.rnn_cell.LSTMCell,
    "rnn_cell": LSTMCell is tf.contrib.rnn.LSTMCell,
    "basic_decoder": basic_decoder.BasicDecoder is tf.contrib.seq2seq.BasicDecoder,
    "beam_search_ops": beam_search_ops.gather_tree is (
        tf.contrib.seq2seq.gather_tree),
    "attention_wrapper": wrapper.AttentionWrapper is (
        tf.contrib.seq2seq.AttentionWrapper),
    "contrib_rnn_cell": contrib_rnn_cell.LayerNormBasicLSTMCell is (
        tf.contrib.rnn.LayerNormBasicLSTMCell),
    "lstm_ops": LSTMBlockCell is tf.contrib.rnn.LSTMBlockCell,
    "gru_ops": gru_ops.GRUBlockCell is tf.contrib.rnn.GRUBlockCell,
    "fused_rnn_cell": fused_rnn_cell.FusedRNNCellAdaptor is (
        tf.contrib.rnn.FusedRNNCellAdaptor),
    "crf": crf.crf_log_likelihood is tf.contrib.crf.crf_log_likelihood,
    "layers": layers_lib.conv2d is tf.contrib.layers.conv2d,
    "fully_connected": fully_connected is tf.contrib.layers.fully_connected,
    "arg_scope": arg_scope is tf.contrib.framework.arg_scope,
    "variables": variables.model_variable is tf.contrib.framework.model_variable,
    "legacy_seq2seq": seq2seq.rnn_decoder is tf.contrib.legacy_seq2seq.rnn_decoder,
    "hparam": hparam.HParams is tf.contrib.training.HParams,
    "mnist": mnist.read_data_sets is (
        tf.contrib.learn.datasets.mnist.read_data_sets),
    "text": text.VocabularyProcessor is (
        tf.contrib.learn.preprocessing.VocabularyProcessor),
    "resnet_v1": resnet_v1.resnet_v1_50 is (
        tf.contrib.slim.nets.resnet_v1.resnet_v1_50),
}
print("failed:", sorted(name for name, ok in checks.items() if not ok))
try:
  from tensorflow.contrib.rnn.python.tools import checkpoint_convert  # pylint: disable=unused-import
except ImportError as error:
  print("refused:", type(error).__name__, error)
