"""The fast `dynamic_rnn` against TensorFlow's own, on the same cells and weights.

Each case builds the same model twice, in two graphs: once under
`tf.compat.v1.nn.dynamic_rnn` (TF 1.15's driver, which calls the cell per step)
and once under `tf1_compat.rnn.dynamic_rnn`; the second graph's variables are
loaded with the first one's values by name, so a missing or renamed variable
fails the test. Outputs, final states and the gradients of a loss with respect
to every variable and the inputs must agree to 1e-5.
"""

import numpy as np
import pytest
import tensorflow as tf

from tf1_compat import rnn
from tf1_compat.rnn import driver

_V1 = tf.compat.v1
BATCH, DEPTH = 3, 4

_CELLS = {
    "basic_rnn": lambda: rnn.BasicRNNCell(5),
    "basic_lstm": lambda: rnn.BasicLSTMCell(5, forget_bias=0.5),
    "lstm_peephole_projection": lambda: rnn.LSTMCell(
        6, use_peepholes=True, cell_clip=0.8, num_proj=4, proj_clip=0.6),
    "lstm_peephole": lambda: rnn.LSTMCell(6, use_peepholes=True,
                                          forget_bias=0.7),
    "lstm_clip": lambda: rnn.LSTMCell(6, cell_clip=0.3),
    "gru": lambda: rnn.GRUCell(5),
    "stack": lambda: rnn.MultiRNNCell(
        [rnn.LSTMCell(5), rnn.GRUCell(3), rnn.BasicRNNCell(4)]),
}


def _build(run_rnn, make_cell, steps, time_major, lengths, given_state):
  """The model's endpoints: (outputs, final state, gradients, variable names)."""
  _V1.set_random_seed(1)
  rng = np.random.RandomState(0)
  shape = [steps, BATCH, DEPTH] if time_major else [BATCH, steps, DEPTH]
  inputs = tf.constant(rng.normal(size=shape).astype(np.float32))
  cell = make_cell()
  kwargs = {"dtype": tf.float32}
  if given_state:
    kwargs = {"initial_state": tf.nest.map_structure(
        lambda t: t + 0.3, cell.zero_state(BATCH, tf.float32))}
  if lengths is not None:
    kwargs["sequence_length"] = tf.constant(lengths)
  outputs, state = run_rnn(cell, inputs, time_major=time_major, **kwargs)
  loss = tf.reduce_sum(tf.square(outputs)) + sum(
      tf.reduce_sum(s * (i + 1.0))
      for i, s in enumerate(tf.nest.flatten(state)))
  variables = _V1.trainable_variables()
  grads = tf.gradients(loss, variables + [inputs])
  return outputs, state, grads, [v.op.name for v in variables]


def _share_weights(session, values):
  """Initializes the graph's variables; from `values` by name if given.

  Returns the values, read from this graph when none were given, so the
  second graph of a comparison runs on the first one's weights (a missing or
  renamed variable fails the test).
  """
  session.run(_V1.global_variables_initializer())
  variables = {v.op.name: v for v in _V1.global_variables()}
  if values is None:
    return session.run(variables)
  assert sorted(values) == sorted(variables)
  for name, variable in variables.items():
    variable.load(values[name], session)
  return values


def _run_both(make_cell, steps, time_major=False, lengths=None,
              given_state=False):
  results = []
  values = None
  for run_rnn in (_V1.nn.dynamic_rnn, driver.dynamic_rnn):
    graph = tf.Graph()
    with graph.as_default():
      endpoints = _build(run_rnn, make_cell, steps, time_major, lengths,
                         given_state)
      with _V1.Session(graph=graph) as session:
        values = _share_weights(session, values)
        results.append((session.run(endpoints[:3]), endpoints[3]))
  return results


_LONG = driver.STATIC_UNROLL_MAX_STEPS + 3
_CASES = ([(name, 6) for name in sorted(_CELLS)]
          + [("stack", _LONG), ("basic_lstm", _LONG)])


@pytest.mark.parametrize("cell_name,steps", _CASES)
def test_same_numbers_and_variables_as_tensorflows_dynamic_rnn(cell_name,
                                                               steps):
  (theirs, their_names), (ours, our_names) = _run_both(_CELLS[cell_name],
                                                      steps)
  assert our_names == their_names
  for expected, actual in zip(tf.nest.flatten(theirs), tf.nest.flatten(ours)):
    np.testing.assert_allclose(actual, expected, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("steps", [5, driver.STATIC_UNROLL_MAX_STEPS + 2])
def test_sequence_length_zero_outputs_and_carried_state(steps):
  lengths = [steps, 2, 0]
  (theirs, _), (ours, _) = _run_both(_CELLS["stack"], steps, lengths=lengths,
                                     given_state=True)
  for expected, actual in zip(tf.nest.flatten(theirs), tf.nest.flatten(ours)):
    np.testing.assert_allclose(actual, expected, rtol=1e-5, atol=1e-5)
  outputs = ours[0]
  assert not outputs[1, 2:].any() and not outputs[2].any()


def test_time_major_and_given_initial_state():
  (theirs, _), (ours, _) = _run_both(_CELLS["basic_lstm"], 7, time_major=True,
                                     given_state=True)
  for expected, actual in zip(tf.nest.flatten(theirs), tf.nest.flatten(ours)):
    np.testing.assert_allclose(actual, expected, rtol=1e-5, atol=1e-5)


def test_batch_major_stack_from_a_given_state():
  (theirs, _), (ours, _) = _run_both(_CELLS["stack"], 6, given_state=True)
  for expected, actual in zip(tf.nest.flatten(theirs), tf.nest.flatten(ours)):
    np.testing.assert_allclose(actual, expected, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("cell_name", ["basic_lstm", "gru"])
def test_unrolled_batch_major_graph_has_no_transpose_or_zero_matmul(cell_name):
  steps = 6
  with tf.Graph().as_default() as graph:
    inputs = _V1.placeholder(tf.float32, [BATCH, steps, DEPTH])
    outputs, _ = driver.dynamic_rnn(_CELLS[cell_name](), inputs,
                                    dtype=tf.float32)
    forward = {op.type for op in graph.get_operations()}
    matmuls = [op for op in graph.get_operations() if op.type == "MatMul"]
    tf.gradients(outputs, inputs)
    ops = graph.get_operations()
  assert "Transpose" not in forward
  assert "Transpose" not in {op.type for op in ops}
  # One matmul over every step's inputs, then one recurrent matmul per step
  # after the first (whose state is zero_state's zeros); GRU's candidate has
  # its own.
  per_step = 2 if cell_name == "gru" else 1
  assert len(matmuls) == 1 + per_step * (steps - 1)


def test_static_shapes_and_state_structure():
  with tf.Graph().as_default():
    inputs = _V1.placeholder(tf.float32, [None, 9, DEPTH])
    cell = rnn.MultiRNNCell([rnn.BasicLSTMCell(5), rnn.GRUCell(2)])
    outputs, state = driver.dynamic_rnn(cell, inputs, dtype=tf.float32)
    assert outputs.shape.as_list() == [None, 9, 2]
    assert isinstance(state, tuple) and isinstance(state[0],
                                                   rnn.LSTMStateTuple)
    assert state[1].shape.as_list() == [None, 2]
    # The stack, built by the fast path, then steps as a cell with the same
    # variables.
    before = len(_V1.global_variables())
    cell(inputs[:, 0], state)
    assert len(_V1.global_variables()) == before


def test_other_cells_and_unknown_lengths_use_tensorflows_driver():
  with tf.Graph().as_default():
    wrapped = rnn.DropoutWrapper(rnn.GRUCell(3), output_keep_prob=1.0)
    outputs, _ = driver.dynamic_rnn(
        wrapped, tf.zeros([2, 4, DEPTH]), dtype=tf.float32)
    assert "while" in outputs.op.name or any(
        "while" in op.name for op in tf.compat.v1.get_default_graph()
        .get_operations())
    unknown_time = _V1.placeholder(tf.float32, [2, None, DEPTH])
    outputs, _ = driver.dynamic_rnn(rnn.GRUCell(3), unknown_time,
                                    dtype=tf.float32, scope="unknown")
    assert outputs.shape.as_list() == [2, None, 3]


def test_bad_sequence_length_and_state_fail_at_build_time():
  with tf.Graph().as_default():
    inputs = tf.zeros([2, 4, DEPTH])
    with pytest.raises(ValueError, match="sequence_length must be a vector"):
      driver.dynamic_rnn(rnn.GRUCell(3), inputs, dtype=tf.float32,
                         sequence_length=[[1, 2]])
    with pytest.raises(ValueError, match="gru_cell"):
      driver.dynamic_rnn(rnn.GRUCell(3), inputs,
                         initial_state=tf.zeros([2, 5]), scope="bad_state")


def test_wrong_sized_sequence_length_fails_with_its_name():
  with tf.Graph().as_default():
    with pytest.raises(ValueError, match=r"length batch_size \(2\)"):
      driver.dynamic_rnn(rnn.GRUCell(3), tf.zeros([2, 4, DEPTH]),
                         dtype=tf.float32, sequence_length=[1, 2, 3])
    inputs = _V1.placeholder(tf.float32, [None, 4, DEPTH])
    outputs, _ = driver.dynamic_rnn(rnn.GRUCell(3), inputs, dtype=tf.float32,
                                    sequence_length=[1, 2, 3], scope="fed")
    with _V1.Session() as session:
      session.run(_V1.global_variables_initializer())
      with pytest.raises(tf.errors.InvalidArgumentError,
                         match="sequence_length"):
        session.run(outputs, {inputs: np.zeros([2, 4, DEPTH])})


@pytest.mark.parametrize("lengths", [None, [5, 3, 1]])
def test_bidirectional_matches_tensorflows(lengths):
  results = []
  values = None
  for run_bidi in (_V1.nn.bidirectional_dynamic_rnn,
                   driver.bidirectional_dynamic_rnn):
    graph = tf.Graph()
    with graph.as_default():
      _V1.set_random_seed(2)
      inputs = tf.constant(np.random.RandomState(3).normal(
          size=[BATCH, 5, DEPTH]).astype(np.float32))
      kwargs = {} if lengths is None else {"sequence_length": lengths}
      outputs, states = run_bidi(rnn.BasicLSTMCell(4), rnn.GRUCell(3), inputs,
                                 dtype=tf.float32, **kwargs)
      grads = tf.gradients(
          tf.reduce_sum(tf.square(outputs[0])) + tf.reduce_sum(outputs[1]),
          _V1.trainable_variables())
      with _V1.Session(graph=graph) as session:
        values = _share_weights(session, values)
        results.append(session.run([outputs, states, grads]))
  for expected, actual in zip(tf.nest.flatten(results[0]),
                              tf.nest.flatten(results[1])):
    np.testing.assert_allclose(actual, expected, rtol=1e-5, atol=1e-5)
