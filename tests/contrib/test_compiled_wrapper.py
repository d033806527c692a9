"""CompiledWrapper: the step's ops are marked for XLA (stateful ones only on
request), the session compiles them, and names and numbers are the cell's."""

import numpy as np
import tensorflow as tf

from tests.contrib import rnn_testing as rt
from tf1_compat import rnn
from tf1_compat.contrib import rnn as contrib_rnn

V1 = tf.compat.v1


def _marked(graph):
  return {op.type for op in graph.get_operations()
          if "_XlaCompile" in op.node_def.attr
          and op.get_attr("_XlaCompile")}


def _step(compile_stateful):
  graph = tf.Graph()
  with graph.as_default():
    cell = contrib_rnn.CompiledWrapper(rnn.LSTMCell(3),
                                       compile_stateful=compile_stateful)
    assert cell.state_size == rnn.LSTMStateTuple(3, 3)
    assert cell.output_size == 3
    state = cell.zero_state(2, tf.float32)
    assert not _marked(graph)  # Only the step is compiled.
    cell(tf.ones([2, 4]), state)
  return graph


def test_step_ops_are_marked_and_stateful_ones_only_on_request():
  graph = _step(compile_stateful=False)
  marked = _marked(graph)
  assert {"MatMul", "BiasAdd", "Sigmoid", "Tanh"} <= marked
  stateful = {op.type for op in graph.get_operations() if op.op_def.is_stateful}
  assert stateful and not stateful & marked
  assert [v.op.name for v in graph.get_collection(
      V1.GraphKeys.GLOBAL_VARIABLES)] == ["lstm_cell/kernel", "lstm_cell/bias"]
  assert stateful <= _marked(_step(compile_stateful=True))


def _dynamic_rnn(compiled, x):
  """Outputs, state and gradients of two LSTM layers; names; ops that ran."""
  graph = tf.Graph()
  with graph.as_default():
    V1.set_random_seed(rt.GRAPH_SEED)

    def wrap(cell):
      return contrib_rnn.CompiledWrapper(cell) if compiled else cell
    with V1.variable_scope("root", initializer=V1.random_uniform_initializer(
        -0.1, 0.1, seed=2)):
      cell = rnn.MultiRNNCell([wrap(rnn.LSTMCell(5)) for _ in range(2)])
      outputs, state = V1.nn.dynamic_rnn(cell, tf.constant(x),
                                         dtype=tf.float32)
    gradients = tf.gradients(outputs, V1.trainable_variables())
    trace = V1.RunMetadata()
    with V1.Session(graph=graph) as session:
      session.run(V1.global_variables_initializer())
      values = session.run((outputs, state, gradients), options=V1.RunOptions(
          trace_level=V1.RunOptions.FULL_TRACE), run_metadata=trace)
    names = [v.op.name for v in V1.global_variables()]
  ran = {node.timeline_label.split(" = ")[-1].split("(")[0]
         for device in trace.step_stats.dev_stats for node in device.node_stats}
  return values, names, ran


def test_dynamic_rnn_is_compiled_with_the_cells_names_and_numbers():
  x = np.random.default_rng(0).normal(size=[4, 3, 2]).astype(np.float32)
  plain, plain_names, plain_ran = _dynamic_rnn(False, x)
  compiled, names, ran = _dynamic_rnn(True, x)
  assert names == plain_names == [
      "root/rnn/multi_rnn_cell/cell_%d/lstm_cell/%s" % (i, n)
      for i in range(2) for n in ("kernel", "bias")]
  assert "_XlaRun" in ran and "_XlaRun" not in plain_ran
  for got, want in zip(tf.nest.flatten(compiled), tf.nest.flatten(plain)):
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
