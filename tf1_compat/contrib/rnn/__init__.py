"""`tf.contrib.rnn`: the core cells again, plus the contrib extras 2018 code used.

Re-exported from `tf1_compat.rnn` and TensorFlow (`tf.nn.rnn_cell`'s cells and
wrappers, `static_rnn`, `static_bidirectional_rnn`, `static_state_saving_rnn`),
and rebuilt here with TF 1.15's variable names and numbers:
`LSTMBlockCell`/`LSTMBlockFusedCell` and `GRUBlockCell`/`GRUBlockCellV2`
(TensorFlow's fused kernels), `LayerNormBasicLSTMCell`,
`CoupledInputForgetGateLSTMCell`, `TimeFreqLSTMCell`, `GridLSTMCell`,
`BidirectionalGridLSTMCell`, `GLSTMCell`, `PhasedLSTMCell`, `ConvLSTMCell` and
`Conv1D/2D/3DLSTMCell`, `NASCell`, `UGRNNCell`, `IntersectionRNNCell`,
`IndRNNCell`/`IndyGRUCell`/`IndyLSTMCell`, `SRUCell`, the wrappers
`AttentionCellWrapper`, `HighwayWrapper`, `CompiledWrapper` (XLA),
`EmbeddingWrapper`, `InputProjectionWrapper`, `OutputProjectionWrapper`, and
`stack_bidirectional_rnn`, `stack_bidirectional_dynamic_rnn`,
`transpose_batch_time`, `best_effort_input_batch_size`.

This package also serves `tensorflow.contrib.rnn.python.ops.rnn_cell`, whose
cells TF 1.15 did not list in `tf.contrib.rnn`: `LayerNormLSTMCell`,
`WeightNormLSTMCell`, `MinimalRNNCell`, `CFNCell`, `NTMCell` (with its
`NTMControllerState`) are here too. Other contrib.rnn names (`LSTMBlockWrapper`,
...) raise `NotProvidedError` with the closest replacement.
"""

import tensorflow as tf

from tf1_compat.contrib.rnn.attention_cell_wrapper import AttentionCellWrapper
from tf1_compat.contrib.rnn.block_lstm import LSTMBlockCell
from tf1_compat.contrib.rnn.block_lstm import LSTMBlockFusedCell
from tf1_compat.contrib.rnn.cfn_cell import CFNCell
from tf1_compat.contrib.rnn.compiled_wrapper import CompiledWrapper
from tf1_compat.contrib.rnn.conv_lstm import Conv1DLSTMCell
from tf1_compat.contrib.rnn.conv_lstm import Conv2DLSTMCell
from tf1_compat.contrib.rnn.conv_lstm import Conv3DLSTMCell
from tf1_compat.contrib.rnn.conv_lstm import ConvLSTMCell
from tf1_compat.contrib.rnn.coupled_lstm_cell import CoupledInputForgetGateLSTMCell
from tf1_compat.contrib.rnn.fused_rnn_cell import FusedRNNCell
from tf1_compat.contrib.rnn.fused_rnn_cell import FusedRNNCellAdaptor
from tf1_compat.contrib.rnn.fused_rnn_cell import TimeReversedFusedRNN
from tf1_compat.contrib.rnn.glstm_cell import GLSTMCell
from tf1_compat.contrib.rnn.grid_lstm_cell import BidirectionalGridLSTMCell
from tf1_compat.contrib.rnn.grid_lstm_cell import GridLSTMCell
from tf1_compat.contrib.rnn.gru_block import GRUBlockCell
from tf1_compat.contrib.rnn.gru_block import GRUBlockCellV2
from tf1_compat.contrib.rnn.highway_wrapper import HighwayWrapper
from tf1_compat.contrib.rnn.ind_rnn import IndRNNCell
from tf1_compat.contrib.rnn.ind_rnn import IndyGRUCell
from tf1_compat.contrib.rnn.ind_rnn import IndyLSTMCell
from tf1_compat.contrib.rnn.intersection_rnn_cell import IntersectionRNNCell
from tf1_compat.contrib.rnn.layer_norm_lstm import LayerNormBasicLSTMCell
from tf1_compat.contrib.rnn.layer_norm_lstm import LayerNormLSTMCell
from tf1_compat.contrib.rnn.minimal_rnn_cell import MinimalRNNCell
from tf1_compat.contrib.rnn.nas_cell import NASCell
from tf1_compat.contrib.rnn.ntm_cell import NTMCell
from tf1_compat.contrib.rnn.ntm_cell import NTMControllerState
from tf1_compat.contrib.rnn.phased_lstm_cell import PhasedLSTMCell
from tf1_compat.contrib.rnn.projection_wrappers import EmbeddingWrapper
from tf1_compat.contrib.rnn.projection_wrappers import InputProjectionWrapper
from tf1_compat.contrib.rnn.projection_wrappers import OutputProjectionWrapper
from tf1_compat.contrib.rnn.sru_cell import SRUCell
from tf1_compat.contrib.rnn.stacked_rnn import stack_bidirectional_dynamic_rnn
from tf1_compat.contrib.rnn.stacked_rnn import stack_bidirectional_rnn
from tf1_compat.contrib.rnn.time_freq_lstm_cell import TimeFreqLSTMCell
from tf1_compat.contrib.rnn.ugrnn_cell import UGRNNCell
from tf1_compat.contrib.rnn.weight_norm_lstm_cell import WeightNormLSTMCell
from tf1_compat.framework import not_provided
from tf1_compat.rnn import BasicLSTMCell
from tf1_compat.rnn import BasicRNNCell
from tf1_compat.rnn import DeviceWrapper
from tf1_compat.rnn import DropoutWrapper
from tf1_compat.rnn import GRUCell
from tf1_compat.rnn import LayerRNNCell
from tf1_compat.rnn import LSTMCell
from tf1_compat.rnn import LSTMStateTuple
from tf1_compat.rnn import MultiRNNCell
from tf1_compat.rnn import ResidualWrapper
from tf1_compat.rnn import RNNCell
from tf1_compat.rnn.base import transpose_batch_time

static_rnn = tf.compat.v1.nn.static_rnn
static_bidirectional_rnn = tf.compat.v1.nn.static_bidirectional_rnn
static_state_saving_rnn = tf.compat.v1.nn.static_state_saving_rnn


def best_effort_input_batch_size(flat_input):
  """The batch size of time-major inputs: static if any input knows it.

  Args:
    flat_input: A list of `[time, batch, ...]` tensors.

  Returns:
    A Python int, or the dynamic `tf.shape(flat_input[0])[1]`.

  Raises:
    ValueError: an input of known rank < 2.
  """
  for tensor in flat_input:
    shape = tensor.shape
    if shape.rank is None:
      continue
    if shape.rank < 2:
      raise ValueError("best_effort_input_batch_size: expected inputs of rank >= "
                       "2, got %s with shape %s" % (tensor.name, shape))
    batch_size = tf.compat.dimension_value(shape[1])
    if batch_size is not None:
      return batch_size
  return tf.shape(flat_input[0])[1]


__all__ = [
    "AttentionCellWrapper",
    "BasicLSTMCell",
    "BasicRNNCell",
    "BidirectionalGridLSTMCell",
    "CFNCell",
    "CompiledWrapper",
    "Conv1DLSTMCell",
    "Conv2DLSTMCell",
    "Conv3DLSTMCell",
    "ConvLSTMCell",
    "CoupledInputForgetGateLSTMCell",
    "DeviceWrapper",
    "DropoutWrapper",
    "EmbeddingWrapper",
    "FusedRNNCell",
    "FusedRNNCellAdaptor",
    "GLSTMCell",
    "GRUBlockCell",
    "GRUBlockCellV2",
    "GRUCell",
    "GridLSTMCell",
    "HighwayWrapper",
    "IndRNNCell",
    "IndyGRUCell",
    "IndyLSTMCell",
    "InputProjectionWrapper",
    "IntersectionRNNCell",
    "LSTMBlockCell",
    "LSTMBlockFusedCell",
    "LSTMCell",
    "LSTMStateTuple",
    "LayerNormBasicLSTMCell",
    "LayerNormLSTMCell",
    "LayerRNNCell",
    "MinimalRNNCell",
    "MultiRNNCell",
    "NASCell",
    "NTMCell",
    "NTMControllerState",
    "OutputProjectionWrapper",
    "PhasedLSTMCell",
    "RNNCell",
    "ResidualWrapper",
    "SRUCell",
    "TimeFreqLSTMCell",
    "TimeReversedFusedRNN",
    "UGRNNCell",
    "WeightNormLSTMCell",
    "best_effort_input_batch_size",
    "stack_bidirectional_dynamic_rnn",
    "stack_bidirectional_rnn",
    "static_bidirectional_rnn",
    "static_rnn",
    "static_state_saving_rnn",
    "transpose_batch_time",
]


__getattr__ = not_provided.partial_module_getattr("tf.contrib.rnn", __all__)
