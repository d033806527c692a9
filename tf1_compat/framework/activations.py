"""Activation lookup by name, as TF1 layers and cells accepted (`activation="relu"`).

Resolved to plain TensorFlow ops so that no Keras version is involved.
"""

import tensorflow as tf


def _hard_sigmoid(x):
  # The Keras 2 definition TF1 layers used: a piecewise-linear clip.
  return tf.clip_by_value(0.2 * x + 0.5, 0.0, 1.0)


def _linear(x):
  return x


def _softmax(x):
  return tf.nn.softmax(x, axis=-1)


_BY_NAME = {
    "elu": tf.nn.elu,
    "exponential": tf.exp,
    "gelu": tf.nn.gelu,
    "hard_sigmoid": _hard_sigmoid,
    "linear": _linear,
    "relu": tf.nn.relu,
    "relu6": tf.nn.relu6,
    "selu": tf.nn.selu,
    "sigmoid": tf.sigmoid,
    "softmax": _softmax,
    "softplus": tf.nn.softplus,
    "softsign": tf.nn.softsign,
    "swish": tf.nn.silu,
    "tanh": tf.tanh,
}


def get(activation):
  """Returns the callable for `activation` (None, a callable, or a known name)."""
  if activation is None or callable(activation):
    return activation
  if isinstance(activation, str) and activation in _BY_NAME:
    return _BY_NAME[activation]
  raise ValueError("Unknown activation %r; expected a callable or one of %s"
                   % (activation, ", ".join(sorted(_BY_NAME))))


def serialize(activation):
  """The name `get` maps back to `activation` (its own name if not a known one)."""
  for name, function in _BY_NAME.items():
    if activation is function:
      return name
  return getattr(activation, "__name__", activation)
