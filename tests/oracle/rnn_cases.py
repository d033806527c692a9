"""Oracle cases for the RNN cells: every cell and wrapper under every driver.

Each case builds through `api` only, so the same code runs against TF1's legacy
implementation and against ours (see harness.py).
"""

import numpy as np
import tensorflow as tf

from tests.oracle.harness import Built

_V1 = tf.compat.v1
BATCH, TIME, DEPTH = 3, 5, 4
LENGTHS = np.array([5, 2, 0], dtype=np.int32)


def _inputs(time_major=False, depth=DEPTH):
  shape = [TIME, BATCH, depth] if time_major else [BATCH, TIME, depth]
  value = np.random.default_rng(11).normal(size=shape).astype(np.float32)
  return _V1.placeholder(tf.float32, shape, name="x"), value


def _cell(api, kind, units=6):
  rnn = api.rnn_cell
  makers = {
      "basic_rnn": lambda: rnn.BasicRNNCell(units),
      "basic_rnn_relu": lambda: rnn.BasicRNNCell(units, activation=tf.nn.relu),
      "basic_lstm": lambda: rnn.BasicLSTMCell(units),
      "basic_lstm_fb0": lambda: rnn.BasicLSTMCell(units, forget_bias=0.0),
      "basic_lstm_concat": lambda: rnn.BasicLSTMCell(units, state_is_tuple=False),
      "lstm": lambda: rnn.LSTMCell(units),
      "lstm_peep_clip": lambda: rnn.LSTMCell(units, use_peepholes=True,
                                             cell_clip=0.3, forget_bias=0.5),
      "lstm_proj": lambda: rnn.LSTMCell(units, num_proj=3, proj_clip=0.2),
      "lstm_proj_concat": lambda: rnn.LSTMCell(units, num_proj=3,
                                               state_is_tuple=False),
      "lstm_sharded": lambda: rnn.LSTMCell(units, num_proj=4, num_unit_shards=2,
                                           num_proj_shards=2, use_peepholes=True),
      "gru": lambda: rnn.GRUCell(units),
      "gru_init": lambda: rnn.GRUCell(
          units, kernel_initializer=_V1.constant_initializer(0.3),
          bias_initializer=_V1.constant_initializer(-0.2)),
  }
  return makers[kind]()


def _dynamic(kind, with_lengths=True, time_major=False):
  def build(api):
    x, value = _inputs(time_major)
    outputs, state = api.nn.dynamic_rnn(
        _cell(api, kind), x, dtype=tf.float32, time_major=time_major,
        sequence_length=LENGTHS if with_lengths else None)
    return Built(feeds={x: value}, outputs={"outputs": outputs, "state": state})
  return build


def _static(kind):
  def build(api):
    x, value = _inputs()
    outputs, state = api.nn.static_rnn(
        _cell(api, kind), tf.unstack(x, axis=1), dtype=tf.float32,
        sequence_length=LENGTHS)
    return Built(feeds={x: value}, outputs={"outputs": outputs, "state": state})
  return build


def _bidirectional(kind):
  def build(api):
    x, value = _inputs()
    outputs, states = api.nn.bidirectional_dynamic_rnn(
        _cell(api, kind), _cell(api, kind, units=5), x, dtype=tf.float32,
        sequence_length=LENGTHS)
    return Built(feeds={x: value}, outputs={"outputs": outputs, "states": states})
  return build


def _static_bidirectional(kind):
  def build(api):
    x, value = _inputs()
    outputs, fw, bw = api.nn.static_bidirectional_rnn(
        _cell(api, kind), _cell(api, kind, units=5), tf.unstack(x, axis=1),
        dtype=tf.float32, sequence_length=LENGTHS)
    return Built(feeds={x: value}, outputs={"outputs": outputs, "fw": fw, "bw": bw})
  return build


def _multi(api, kinds, state_is_tuple=True):
  return api.rnn_cell.MultiRNNCell([_cell(api, k) for k in kinds],
                                   state_is_tuple=state_is_tuple)


def _multi_dynamic(kinds, state_is_tuple=True):
  def build(api):
    x, value = _inputs()
    outputs, state = api.nn.dynamic_rnn(
        _multi(api, kinds, state_is_tuple), x, dtype=tf.float32,
        sequence_length=LENGTHS)
    return Built(feeds={x: value}, outputs={"outputs": outputs, "state": state})
  return build


def _dropout_wrapped(api, variational):
  rnn = api.rnn_cell
  first = rnn.DropoutWrapper(
      rnn.BasicLSTMCell(6), input_keep_prob=0.8, output_keep_prob=0.7,
      state_keep_prob=0.6, variational_recurrent=variational,
      input_size=DEPTH if variational else None,
      dtype=tf.float32 if variational else None, seed=3)
  second = rnn.DropoutWrapper(rnn.GRUCell(6), output_keep_prob=0.5, seed=5,
                              variational_recurrent=variational,
                              dtype=tf.float32 if variational else None)
  return rnn.MultiRNNCell([first, second])


def _dropout(variational):
  def build(api):
    x, value = _inputs()
    # One iteration at a time: a stateful random op inside the while loop draws
    # in scheduling order when iterations run in parallel.
    outputs, state = api.nn.dynamic_rnn(
        _dropout_wrapped(api, variational), x, dtype=tf.float32,
        parallel_iterations=1)
    return Built(feeds={x: value}, outputs={"outputs": outputs, "state": state})
  return build


def _dropout_keep_all(api):
  x, value = _inputs()
  rnn = api.rnn_cell
  cell = rnn.DropoutWrapper(rnn.LSTMCell(6), input_keep_prob=1.0,
                            output_keep_prob=1.0, state_keep_prob=1.0)
  outputs, state = api.nn.dynamic_rnn(cell, x, dtype=tf.float32,
                                      sequence_length=LENGTHS)
  return Built(feeds={x: value}, outputs={"outputs": outputs, "state": state})


def _residual_device(api):
  x, value = _inputs(depth=6)
  rnn = api.rnn_cell
  cell = rnn.MultiRNNCell([
      rnn.DeviceWrapper(rnn.GRUCell(6), "/cpu:0"),
      rnn.ResidualWrapper(rnn.BasicLSTMCell(6)),
  ])
  outputs, state = api.nn.dynamic_rnn(cell, x, dtype=tf.float32)
  return Built(feeds={x: value}, outputs={"outputs": outputs, "state": state})


def _explicit_scope_and_initializer(api):
  """Direct cell calls: `scope=` drops the class level; scope initializers apply."""
  x, value = _inputs()
  rnn = api.rnn_cell
  with _V1.variable_scope("root", initializer=_V1.constant_initializer(0.5)):
    cell = rnn.BasicLSTMCell(4)
    state = cell.zero_state(BATCH, tf.float32)
    out_a, state = cell(x[:, 0], state, scope="explicit")
    out_b, state = cell(x[:, 1], state)  # Reuses explicit/*.
    gru = rnn.GRUCell(3)
    out_c, _ = gru(x[:, 0], gru.zero_state(BATCH, tf.float32))
  return Built(feeds={x: value},
               outputs={"a": out_a, "b": out_b, "c": out_c, "state": state})


def _raw_rnn(api):
  x, value = _inputs(time_major=True)
  cell = api.rnn_cell.LSTMCell(6, use_peepholes=True)
  lengths = tf.constant(LENGTHS)
  inputs_ta = tf.TensorArray(tf.float32, size=TIME).unstack(x)

  def loop_fn(time, cell_output, cell_state, loop_state):
    emit = cell_output
    if cell_output is None:
      next_state = cell.zero_state(BATCH, tf.float32)
    else:
      next_state = cell_state
    finished = time >= lengths
    next_input = tf.cond(
        tf.reduce_all(finished), lambda: tf.zeros([BATCH, DEPTH], tf.float32),
        lambda: inputs_ta.read(time))
    return finished, next_input, next_state, emit, loop_state

  outputs_ta, state, _ = api.nn.raw_rnn(cell, loop_fn)
  return Built(feeds={x: value},
               outputs={"outputs": outputs_ta.stack(), "state": state})


def _hand_loop_reuse(api):
  """The 2018 idiom: one cell called in a Python loop under reuse_variables()."""
  x, value = _inputs()
  cell = api.rnn_cell.BasicRNNCell(5)
  state = cell.zero_state(BATCH, tf.float32)
  outputs = []
  with _V1.variable_scope("RNN"):
    for t in range(TIME):
      if t > 0:
        _V1.get_variable_scope().reuse_variables()
      output, state = cell(x[:, t], state)
      outputs.append(output)
  return Built(feeds={x: value}, outputs={"outputs": outputs, "state": state})


CASES = {}
for _kind in ("basic_rnn", "basic_rnn_relu", "basic_lstm", "basic_lstm_fb0",
              "basic_lstm_concat", "lstm", "lstm_peep_clip", "lstm_proj",
              "lstm_proj_concat", "lstm_sharded", "gru", "gru_init"):
  CASES["dynamic_" + _kind] = _dynamic(_kind)
  CASES["static_" + _kind] = _static(_kind)
for _kind in ("basic_lstm", "lstm_proj", "gru", "basic_rnn"):
  CASES["dynamic_nolen_" + _kind] = _dynamic(_kind, with_lengths=False)
  CASES["dynamic_time_major_" + _kind] = _dynamic(_kind, time_major=True)
  CASES["bidirectional_" + _kind] = _bidirectional(_kind)
  CASES["static_bidirectional_" + _kind] = _static_bidirectional(_kind)
CASES["multi_lstm"] = _multi_dynamic(["basic_lstm", "basic_lstm"])
CASES["multi_mixed"] = _multi_dynamic(["lstm_proj", "gru", "basic_rnn"])
CASES["multi_concat"] = _multi_dynamic(["basic_lstm_concat", "gru"],
                                       state_is_tuple=False)
CASES["dropout_standard"] = _dropout(variational=False)
CASES["dropout_variational"] = _dropout(variational=True)
CASES["dropout_keep_all"] = _dropout_keep_all
CASES["residual_device"] = _residual_device
CASES["explicit_scope_initializer"] = _explicit_scope_and_initializer
CASES["raw_rnn"] = _raw_rnn
CASES["hand_loop_reuse"] = _hand_loop_reuse
del _kind
