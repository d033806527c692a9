"""TF1 RNN cells (`tf.nn.rnn_cell.*` / `tf.contrib.rnn.*`) on modern TensorFlow.

The drivers are TensorFlow's own `tf.compat.v1.nn` functions, re-exported here so a
single import serves old code: `static_rnn`, `dynamic_rnn`,
`bidirectional_dynamic_rnn`, `static_bidirectional_rnn`, `raw_rnn`.
"""

import tensorflow as tf

from tf1_compat.rnn.base import LayerRNNCell
from tf1_compat.rnn.base import LSTMStateTuple
from tf1_compat.rnn.base import RNNCell
from tf1_compat.rnn.cells import BasicLSTMCell
from tf1_compat.rnn.cells import BasicRNNCell
from tf1_compat.rnn.cells import GRUCell
from tf1_compat.rnn.cells import LSTMCell
from tf1_compat.rnn.multi_rnn_cell import MultiRNNCell
from tf1_compat.rnn.wrappers import DeviceWrapper
from tf1_compat.rnn.wrappers import DropoutWrapper
from tf1_compat.rnn.wrappers import ResidualWrapper

static_rnn = tf.compat.v1.nn.static_rnn
dynamic_rnn = tf.compat.v1.nn.dynamic_rnn
bidirectional_dynamic_rnn = tf.compat.v1.nn.bidirectional_dynamic_rnn
static_bidirectional_rnn = tf.compat.v1.nn.static_bidirectional_rnn
raw_rnn = tf.compat.v1.nn.raw_rnn

__all__ = [
    "BasicLSTMCell",
    "BasicRNNCell",
    "DeviceWrapper",
    "DropoutWrapper",
    "GRUCell",
    "LSTMCell",
    "LSTMStateTuple",
    "LayerRNNCell",
    "MultiRNNCell",
    "RNNCell",
    "ResidualWrapper",
    "bidirectional_dynamic_rnn",
    "dynamic_rnn",
    "raw_rnn",
    "static_bidirectional_rnn",
    "static_rnn",
]
