"""tf1_compat: the TensorFlow 1.x graph-mode API, restored natively on modern TensorFlow.

Subpackages: `rnn` (tf.nn.rnn_cell cells), `layers` (tf.layers), `seq2seq`
(tf.contrib.seq2seq), `contrib` (tf.contrib.rnn/layers/framework), `data` (offline
MNIST, text8 and toy data), `models` (the course models' graph builders), `training`
(device choice, checkpoints and the step loop of the examples). `tf1_compat.v1` is a
drop-in for `import tensorflow as tf` in TF1 code; `python -m tf1_compat.run
SCRIPT` runs an unmodified TF1 script.
"""

__version__ = "0.1.0"
