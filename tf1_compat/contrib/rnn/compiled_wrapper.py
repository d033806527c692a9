"""`CompiledWrapper`: a cell whose step TensorFlow compiles with XLA, as TF
1.15's contrib marked it."""

import tensorflow as tf

from tf1_compat.rnn import base


def _is_stateless(node_def):
  """Whether the op being created from `node_def` is stateless (by its OpDef).

  The op is looked up in the default graph, where the JIT scope creates it; one
  that cannot be found there is not compiled.
  """
  try:
    op = tf.compat.v1.get_default_graph().get_operation_by_name(node_def.name)
  except KeyError:
    return False
  return not op.op_def.is_stateful


class CompiledWrapper(base.CellWrapper):
  """Builds the wrapped cell's step inside an XLA JIT scope.

  Every op the step creates (its gradients too) gets TensorFlow's
  `_XlaCompile`/`_XlaScope` attributes, through
  `tf.compat.v1.xla.experimental.jit_scope`, so the session's XLA pass
  clusters and compiles them, as in TF 1.15. By default stateful ops
  (variable reads, initializers, random numbers) stay uncompiled, as TF 1.15
  decided from each op's OpDef. The wrapper adds no variable level:
  `rnn/lstm_cell/kernel` stays the same, and `state_size`, `output_size` and
  `zero_state` are the cell's. Graph mode only (the JIT scope has no eager
  meaning).

  Args:
    cell: The wrapped cell.
    compile_stateful: Also compile stateful ops.
  """

  def __init__(self, cell, compile_stateful=False):
    super().__init__(cell)
    self._compile_stateful = compile_stateful

  def __call__(self, inputs, state, scope=None):
    compile_ops = True if self._compile_stateful else _is_stateless
    with tf.compat.v1.xla.experimental.jit_scope(compile_ops=compile_ops):
      return self._cell(inputs, state, scope=scope)
