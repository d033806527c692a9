"""Oracle cases for the contrib pieces that have a TF1 twin in tf-keras' legacy code.

tf-keras has no contrib, but several contrib pieces are, by TF1's own definition,
a legacy core piece under other names or on another kernel:

* `LSTMBlockCell` / `LSTMBlockFusedCell` compute `LSTMCell`'s math with its
  variables (the block cell is checkpoint-compatible with it);
* `contrib.layers.batch_norm` is the core batch normalization with contrib's
  defaults (decay 0.999, no gamma, training mode), a 2-D input running through the
  fused kernel as `[batch, 1, 1, channels]`;
* `stack_bidirectional_dynamic_rnn` is core `bidirectional_dynamic_rnn`s stacked
  in `stack_bidirectional_rnn/cell_<i>` scopes;
* `fully_connected` / `conv2d` are the core dense/convolution with ReLU, built
  under a custom getter that renames `kernel`/`bias` to `weights`/`biases` (how
  TF1's contrib built them).

So each case builds our contrib piece when run by us and the legacy twin when run
by the oracle (`TF_USE_LEGACY_KERAS=1`), and the harness compares names, outputs
and gradients.
"""

import os

import numpy as np
import tensorflow as tf

from tests.oracle.harness import Built

_V1 = tf.compat.v1
BATCH, TIME, DEPTH, UNITS = 3, 5, 4, 6
LENGTHS = np.array([5, 2, 0], dtype=np.int32)


def _legacy():
  return os.environ.get("TF_USE_LEGACY_KERAS") == "1"


def _feed(shape, seed=11, name="x"):
  value = np.random.default_rng(seed).normal(size=shape).astype(np.float32)
  return _V1.placeholder(tf.float32, shape, name=name), value


def _contrib_rnn():
  from tf1_compat.contrib import rnn  # pylint: disable=import-outside-toplevel
  return rnn


def _contrib_layers():
  from tf1_compat.contrib import layers  # pylint: disable=import-outside-toplevel
  return layers


def _block_cell(peephole, with_lengths):
  def build(api):
    x, value = _feed([BATCH, TIME, DEPTH])
    if _legacy():
      cell = api.rnn_cell.LSTMCell(UNITS, use_peepholes=peephole,
                                   forget_bias=0.5)
    else:
      cell = _contrib_rnn().LSTMBlockCell(UNITS, use_peephole=peephole,
                                          forget_bias=0.5)
    outputs, state = api.nn.dynamic_rnn(
        cell, x, dtype=tf.float32,
        sequence_length=LENGTHS if with_lengths else None)
    return Built(feeds={x: value}, outputs={"outputs": outputs, "state": state})
  return build


def _block_cell_multi(api):
  x, value = _feed([BATCH, TIME, DEPTH])
  if _legacy():
    cells = [api.rnn_cell.LSTMCell(UNITS) for _ in range(2)]
  else:
    cells = [_contrib_rnn().LSTMBlockCell(UNITS) for _ in range(2)]
  outputs, state = api.nn.dynamic_rnn(api.rnn_cell.MultiRNNCell(cells), x,
                                      dtype=tf.float32, sequence_length=LENGTHS)
  return Built(feeds={x: value}, outputs={"outputs": outputs, "state": state})


def _fused_cell(peephole, with_lengths, as_list=False):
  def build(api):
    x, value = _feed([TIME, BATCH, DEPTH])
    lengths = LENGTHS if with_lengths else None
    if _legacy():
      cell = api.rnn_cell.LSTMCell(UNITS, use_peepholes=peephole,
                                   name="lstm_fused_cell")
      outputs, state = api.nn.dynamic_rnn(cell, x, dtype=tf.float32,
                                          time_major=True,
                                          sequence_length=lengths)
    else:
      cell = _contrib_rnn().LSTMBlockFusedCell(UNITS, use_peephole=peephole)
      with _V1.variable_scope("rnn"):
        inputs = tf.unstack(x) if as_list else x
        outputs, state = cell(inputs, dtype=tf.float32, sequence_length=lengths)
      if as_list:
        outputs = tf.stack(outputs)
    return Built(feeds={x: value}, outputs={"outputs": outputs, "state": state})
  return build


def _stacked_bidirectional(api):
  x, value = _feed([BATCH, TIME, DEPTH])
  cells_fw = [api.rnn_cell.GRUCell(UNITS), api.rnn_cell.BasicLSTMCell(UNITS)]
  cells_bw = [api.rnn_cell.LSTMCell(UNITS), api.rnn_cell.GRUCell(UNITS)]
  if _legacy():
    layer_input, states_fw, states_bw = x, [], []
    with _V1.variable_scope("stack_bidirectional_rnn"):
      for i, (fw, bw) in enumerate(zip(cells_fw, cells_bw)):
        with _V1.variable_scope("cell_%d" % i):
          outputs, (state_fw, state_bw) = api.nn.bidirectional_dynamic_rnn(
              fw, bw, layer_input, dtype=tf.float32, sequence_length=LENGTHS)
          layer_input = tf.concat(outputs, 2)
        states_fw.append(state_fw)
        states_bw.append(state_bw)
    outputs = layer_input
  else:
    outputs, states_fw, states_bw = (
        _contrib_rnn().stack_bidirectional_dynamic_rnn(
            cells_fw, cells_bw, x, dtype=tf.float32, sequence_length=LENGTHS))
  return Built(feeds={x: value}, outputs={
      "outputs": outputs, "states_fw": tuple(states_fw),
      "states_bw": tuple(states_bw)})


def _batch_norm(shape, is_training):
  def build(api):
    x, value = _feed(shape)
    if _legacy():
      inputs = x if len(shape) == 4 else tf.reshape(x, [-1, 1, 1, shape[-1]])
      outputs = api.layers.batch_normalization(
          inputs, momentum=0.999, epsilon=0.001, scale=False,
          training=is_training, fused=True, name="BatchNorm")
      outputs = tf.reshape(outputs, shape)
    else:
      outputs = _contrib_layers().batch_norm(x, is_training=is_training)
    updates = _V1.get_collection(_V1.GraphKeys.UPDATE_OPS)
    moving = {v.op.name: v for v in _V1.global_variables()
              if "moving" in v.op.name}
    return Built(feeds={x: value}, outputs={"outputs": outputs},
                 run_extra=tuple(updates),
                 read_after={name: tf.identity(v) for name, v in moving.items()})
  return build


def _contrib_names(getter, name, *args, **kwargs):
  """The custom getter TF1's contrib layers put around core layers."""
  head, _, short = name.rpartition("/")
  short = {"kernel": "weights", "bias": "biases"}.get(short, short)
  return getter(head + "/" + short, *args, **kwargs)


def _renamed():
  return _V1.variable_scope(_V1.get_variable_scope(),
                            custom_getter=_contrib_names)


def _fully_connected(api):
  x, value = _feed([BATCH, DEPTH])
  if _legacy():
    with _renamed():
      hidden = api.layers.dense(x, 5, activation=tf.nn.relu,
                                name="fully_connected")
      logits = api.layers.dense(hidden, 3, name="fully_connected_1")
  else:
    layers = _contrib_layers()
    hidden = layers.fully_connected(x, 5)
    logits = layers.fully_connected(hidden, 3, activation_fn=None)
  return Built(feeds={x: value}, outputs={"hidden": hidden, "logits": logits})


def _conv2d(api):
  x, value = _feed([2, 6, 6, 3])
  if _legacy():
    with _renamed():
      outputs = api.layers.conv2d(x, 4, [3, 3], strides=2, padding="same",
                                  activation=tf.nn.relu, name="Conv")
  else:
    outputs = _contrib_layers().conv2d(x, 4, [3, 3], stride=2)
  return Built(feeds={x: value}, outputs={"outputs": outputs})


CASES = {
    "block_cell": _block_cell(peephole=False, with_lengths=True),
    "block_cell_peephole": _block_cell(peephole=True, with_lengths=True),
    "block_cell_no_lengths": _block_cell(peephole=False, with_lengths=False),
    "block_cell_multi": _block_cell_multi,
    "fused_cell": _fused_cell(peephole=False, with_lengths=True),
    "fused_cell_peephole": _fused_cell(peephole=True, with_lengths=True),
    "fused_cell_no_lengths": _fused_cell(peephole=False, with_lengths=False),
    "fused_cell_list_input": _fused_cell(peephole=False, with_lengths=True,
                                         as_list=True),
    "stacked_bidirectional": _stacked_bidirectional,
    "batch_norm_4d_training": _batch_norm([4, 3, 3, 2], is_training=True),
    "batch_norm_4d_inference": _batch_norm([4, 3, 3, 2], is_training=False),
    "batch_norm_2d_training": _batch_norm([6, 3], is_training=True),
    "fully_connected": _fully_connected,
    "conv2d": _conv2d,
}
