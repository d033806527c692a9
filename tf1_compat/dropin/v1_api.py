"""Assembles the TF 1.15 `tensorflow` namespace served by `tf1_compat.v1`.

What is ours and what is TensorFlow's:

* `tf.nn.rnn_cell` -> `tf1_compat.rnn` (the ten TF1 names); the rest of `tf.nn`
  is `tf.compat.v1.nn` (including the `static_rnn`/`dynamic_rnn` drivers);
* `tf.layers` -> `tf1_compat.layers`, plus `Layer` and `InputSpec`;
* `tf.contrib` -> `tf1_compat.contrib` (`rnn`, `seq2seq`, `layers`, `framework`);
* `tf.compat.v1` -> `tf1_compat.v1` itself;
* `tf.enable_eager_execution`/`tf.enable_v2_behavior` record that the user chose
  eager execution (see `graph_mode`);
* everything else -> `tf.compat.v1` (placeholders, Session, variable scopes,
  optimizers, Saver, summaries, `tf.data`'s v1 Dataset, `tf.app`, `tf.flags`,
  `tf.logging`, `tf.gfile`, ...), except the APIs in `not_provided`, which raise
  `NotProvidedError` at the access.
"""

import functools

import tensorflow as tf

from tf1_compat import contrib
from tf1_compat import layers
from tf1_compat import rnn
from tf1_compat.dropin import graph_mode
from tf1_compat.dropin import namespace
from tf1_compat.framework import base_layer
from tf1_compat.framework import input_spec

_V1 = tf.compat.v1

# TF 1.15's `tf.nn.rnn_cell`, exactly.
RNN_CELL_NAMES = ("BasicLSTMCell", "BasicRNNCell", "DeviceWrapper",
                  "DropoutWrapper", "GRUCell", "LSTMCell", "LSTMStateTuple",
                  "MultiRNNCell", "RNNCell", "ResidualWrapper")


def _noting(note, function):
  @functools.wraps(function)
  def wrapper(*args, **kwargs):
    note()
    return function(*args, **kwargs)
  return wrapper


def rnn_cell_namespace():
  """`tf.nn.rnn_cell`: TF1's ten cell and wrapper names, from `tf1_compat.rnn`."""
  return namespace.ApiNamespace(
      "tf1_compat.v1.nn.rnn_cell",
      namespace.Resolver("tf.nn.rnn_cell",
                         members={n: getattr(rnn, n) for n in RNN_CELL_NAMES},
                         graph_entry=True, partial=True),
      doc="TF1's tf.nn.rnn_cell, served by tf1_compat.rnn.")


def nn_namespace():
  """`tf.nn`: `tf.compat.v1.nn` with our `rnn_cell`."""
  return namespace.ApiNamespace(
      "tf1_compat.v1.nn",
      namespace.Resolver("tf.nn", sources=[_V1.nn],
                         members={"rnn_cell": rnn_cell_namespace()},
                         graph_entry=True),
      doc="TF1's tf.nn: tf.compat.v1.nn with tf1_compat's rnn_cell.")


def layers_namespace():
  """`tf.layers`: `tf1_compat.layers` plus the base `Layer` and `InputSpec`."""
  return namespace.ApiNamespace(
      "tf1_compat.v1.layers",
      namespace.Resolver("tf.layers", sources=[layers],
                         members={"Layer": base_layer.Layer,
                                  "InputSpec": input_spec.InputSpec},
                         graph_entry=True, partial=True, exported_only=True),
      doc="TF1's tf.layers, served by tf1_compat.layers.")


def compat_namespace(v1_module):
  """`tf.compat`: `tf.compat.v1.compat` whose `v1` is `v1_module`."""
  return namespace.ApiNamespace(
      "tf1_compat.v1.compat",
      namespace.Resolver("tf.compat", sources=[_V1.compat],
                         members={"v1": v1_module}),
      doc="tf.compat, with v1 served by tf1_compat.v1.")


def top_level(v1_module):
  """The `Resolver` behind `tf1_compat.v1` (a module-level `__getattr__`)."""
  members = {
      "nn": nn_namespace(),
      "layers": layers_namespace(),
      "contrib": contrib,
      "compat": compat_namespace(v1_module),
      "enable_eager_execution": _noting(graph_mode.note_eager_chosen,
                                        _V1.enable_eager_execution),
      "enable_v2_behavior": _noting(graph_mode.note_eager_chosen,
                                    _V1.enable_v2_behavior),
      "disable_eager_execution": _noting(graph_mode.note_graph_chosen,
                                         _V1.disable_eager_execution),
      "disable_v2_behavior": _noting(graph_mode.note_graph_chosen,
                                     _V1.disable_v2_behavior),
  }
  return namespace.Resolver("tf", sources=[_V1], members=members,
                            graph_entry=True)
