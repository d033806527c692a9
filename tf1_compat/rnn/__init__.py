"""TF1 RNN cells (`tf.nn.rnn_cell.*` / `tf.contrib.rnn.*`) on modern TensorFlow.

The drivers, re-exported here so a single import serves old code: `dynamic_rnn`
and `bidirectional_dynamic_rnn` are `driver.py`'s (TensorFlow's own, with a fast
path for the core cells: the same variables and numbers); `static_rnn`,
`static_bidirectional_rnn` and `raw_rnn` are TensorFlow's `tf.compat.v1.nn` ones.
"""

import tensorflow as tf

from tf1_compat.rnn import base
from tf1_compat.rnn.base import LayerRNNCell
from tf1_compat.rnn.base import LSTMStateTuple
from tf1_compat.rnn.base import RNNCell
from tf1_compat.rnn.base import assert_like_rnncell
from tf1_compat.rnn.cells import BasicLSTMCell
from tf1_compat.rnn.cells import BasicRNNCell
from tf1_compat.rnn.cells import GRUCell
from tf1_compat.rnn.cells import LSTMCell
from tf1_compat.rnn.driver import bidirectional_dynamic_rnn
from tf1_compat.rnn.driver import dynamic_rnn
from tf1_compat.rnn.multi_rnn_cell import MultiRNNCell
from tf1_compat.rnn.wrappers import DeviceWrapper
from tf1_compat.rnn.wrappers import DropoutWrapper
from tf1_compat.rnn.wrappers import ResidualWrapper

static_rnn = tf.compat.v1.nn.static_rnn
static_bidirectional_rnn = tf.compat.v1.nn.static_bidirectional_rnn
raw_rnn = tf.compat.v1.nn.raw_rnn

# TF 1.15's `rnn_cell_impl` module-level names that its own tests and 2018 code
# read through `tensorflow.python.ops.rnn_cell_impl` (served by this package).
_WEIGHTS_VARIABLE_NAME = base.WEIGHTS_NAME
_BIAS_VARIABLE_NAME = base.BIAS_NAME
ASSERT_LIKE_RNNCELL_ERROR_REGEXP = "is not an RNNCell"

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
