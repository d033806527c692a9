"""TF 1.15's `tensorflow`, for graph-mode code: `import tf1_compat.v1 as tf`.

Everything in `tf.compat.v1`, with the parts TensorFlow 2 lost filled in from this
library: `tf.nn.rnn_cell.*`, `tf.layers.*`, `tf.contrib.rnn`, `tf.contrib.seq2seq`,
`tf.contrib.layers` and `tf.contrib.framework`. APIs we do not provide
(`tf.estimator`, `tf.contrib.learn`, ...) raise `NotProvidedError` at the access,
naming the closest replacement.

    import tf1_compat.v1 as tf
    tf.disable_v2_behavior()          # optional, see below

    x = tf.placeholder(tf.float32, [None, 28, 28])
    cell = tf.contrib.rnn.BasicLSTMCell(128)
    outputs, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    logits = tf.layers.dense(state.h, 10)

Importing this module changes nothing global: Keras 3 and eager code elsewhere in
the process keep working. The process enters TF1 graph mode (TensorFlow's
`disable_v2_behavior()`) when the user asks for it: by calling
`tf.disable_v2_behavior()`, or implicitly at the first graph-building call made
through this module outside any `Graph.as_default()` block (`tf.placeholder`,
`tf.Variable`, `tf.Session`, `tf.layers.dense`, ...), with a warning. Code inside
`with tf.Graph().as_default():` never switches anything. To run an unmodified
script that says `import tensorflow as tf`, use `python -m tf1_compat.run`.
"""

import sys as _sys

from tf1_compat.dropin import v1_api as _v1_api

_RESOLVER = _v1_api.top_level(_sys.modules[__name__])


def __getattr__(name):
  return _RESOLVER.resolve(name)


def __dir__():
  return _RESOLVER.names()
