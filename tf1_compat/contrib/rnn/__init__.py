"""`tf.contrib.rnn`: the core cells again, plus the contrib extras 2018 code used.

Re-exported from `tf1_compat.rnn` and TensorFlow (`tf.nn.rnn_cell`'s cells and
wrappers, `static_rnn`, `static_bidirectional_rnn`, `static_state_saving_rnn`),
and rebuilt here: `LSTMBlockCell`/`LSTMBlockFusedCell` (TensorFlow's fused LSTM
kernels), `LayerNormBasicLSTMCell`, `EmbeddingWrapper`, `InputProjectionWrapper`,
`OutputProjectionWrapper`, `stack_bidirectional_rnn`,
`stack_bidirectional_dynamic_rnn`, `transpose_batch_time` and
`best_effort_input_batch_size`. Other contrib.rnn names raise `NotProvidedError`
with the closest replacement.
"""

import tensorflow as tf

from tf1_compat.contrib.rnn.block_lstm import LSTMBlockCell
from tf1_compat.contrib.rnn.block_lstm import LSTMBlockFusedCell
from tf1_compat.contrib.rnn.layer_norm_lstm import LayerNormBasicLSTMCell
from tf1_compat.contrib.rnn.projection_wrappers import EmbeddingWrapper
from tf1_compat.contrib.rnn.projection_wrappers import InputProjectionWrapper
from tf1_compat.contrib.rnn.projection_wrappers import OutputProjectionWrapper
from tf1_compat.contrib.rnn.stacked_rnn import stack_bidirectional_dynamic_rnn
from tf1_compat.contrib.rnn.stacked_rnn import stack_bidirectional_rnn
from tf1_compat.dropin import not_provided
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

static_rnn = tf.compat.v1.nn.static_rnn
static_bidirectional_rnn = tf.compat.v1.nn.static_bidirectional_rnn
static_state_saving_rnn = tf.compat.v1.nn.static_state_saving_rnn


def transpose_batch_time(x):
  """Swaps the first two axes (`[batch, time, ...]` <-> `[time, batch, ...]`).

  Tensors of rank < 2 are returned unchanged.
  """
  x = tf.convert_to_tensor(x)
  rank = x.shape.rank
  if rank is not None and rank < 2:
    return x
  if rank is None:
    perm = tf.concat([[1, 0], tf.range(2, tf.rank(x))], axis=0)
    return tf.transpose(x, perm)
  result = tf.transpose(x, [1, 0] + list(range(2, rank)))
  result.set_shape(tf.TensorShape([x.shape[1], x.shape[0]]).concatenate(
      x.shape[2:]))
  return result


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
    "BasicLSTMCell",
    "BasicRNNCell",
    "DeviceWrapper",
    "DropoutWrapper",
    "EmbeddingWrapper",
    "GRUCell",
    "InputProjectionWrapper",
    "LSTMBlockCell",
    "LSTMBlockFusedCell",
    "LSTMCell",
    "LSTMStateTuple",
    "LayerNormBasicLSTMCell",
    "LayerRNNCell",
    "MultiRNNCell",
    "OutputProjectionWrapper",
    "RNNCell",
    "ResidualWrapper",
    "best_effort_input_batch_size",
    "stack_bidirectional_dynamic_rnn",
    "stack_bidirectional_rnn",
    "static_bidirectional_rnn",
    "static_rnn",
    "static_state_saving_rnn",
    "transpose_batch_time",
]


def __getattr__(name):
  if name.startswith("__"):
    raise AttributeError(name)
  raise not_provided.unknown_member_error("tf.contrib.rnn", name, __all__)
