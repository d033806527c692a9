"""tf1_compat: the TensorFlow 1.x graph-mode API, restored natively on modern TensorFlow.

Subpackages: `rnn` (tf.nn.rnn_cell / tf.contrib.rnn cells), `layers` (tf.layers).
"""

__version__ = "0.1.0"
