"""Stacked bidirectional RNNs: `stack_bidirectional_rnn` (static) and
`stack_bidirectional_dynamic_rnn`.

Layer `i` runs a forward and a backward cell over the previous layer's output,
`concat([fw, bw], -1)` (the inputs for layer 0), so every layer sees the whole
sequence in both directions (unlike a `MultiRNNCell` per direction). Variables:
`stack_bidirectional_rnn/cell_<i>/bidirectional_rnn/{fw,bw}/<cell>/...` for the
dynamic form and `stack_bidirectional_rnn/cell_<i>/{fw,bw}/<cell>/...` for the
static one, as in TF1.
"""

import tensorflow as tf

from tf1_compat import rnn

_V1 = tf.compat.v1


def _check_cells(cells_fw, cells_bw, initial_states_fw, initial_states_bw):
  if not cells_fw:
    raise ValueError("stack_bidirectional_rnn: cells_fw must name at least one "
                     "forward cell, got %r" % (cells_fw,))
  if not cells_bw:
    raise ValueError("stack_bidirectional_rnn: cells_bw must name at least one "
                     "backward cell, got %r" % (cells_bw,))
  if not isinstance(cells_fw, list):
    raise ValueError("stack_bidirectional_rnn: cells_fw must be a list of RNN "
                     "cells (one per layer), got %s" % type(cells_fw).__name__)
  if not isinstance(cells_bw, list):
    raise ValueError("stack_bidirectional_rnn: cells_bw must be a list of RNN "
                     "cells (one per layer), got %s" % type(cells_bw).__name__)
  if len(cells_fw) != len(cells_bw):
    raise ValueError("stack_bidirectional_rnn: forward and backward stacks must "
                     "have the same depth, got %d and %d"
                     % (len(cells_fw), len(cells_bw)))
  for name, states in (("initial_states_fw", initial_states_fw),
                       ("initial_states_bw", initial_states_bw)):
    if states is not None and (not isinstance(states, list)
                               or len(states) != len(cells_fw)):
      raise ValueError("stack_bidirectional_rnn: %s must be a list of %d states "
                       "(one per layer), got %r" % (name, len(cells_fw), states))


def _layer_state(states, i):
  return states[i] if states else None


def stack_bidirectional_dynamic_rnn(cells_fw, cells_bw, inputs,
                                    initial_states_fw=None,
                                    initial_states_bw=None, dtype=None,
                                    sequence_length=None,
                                    parallel_iterations=None, time_major=False,
                                    scope=None, swap_memory=False):
  """Stacked `bidirectional_dynamic_rnn`s.

  Args:
    cells_fw: List of forward cells, one per layer.
    cells_bw: List of backward cells, as many as `cells_fw`.
    inputs: `[batch, time, depth]` (or `[time, batch, depth]` if `time_major`).
    initial_states_fw: Optional list of initial forward states, one per layer.
    initial_states_bw: Optional list of initial backward states.
    dtype: State dtype when initial states are not given.
    sequence_length: Optional int `[batch]` lengths.
    parallel_iterations, swap_memory, time_major: As for `dynamic_rnn`.
    scope: Variable scope; default `stack_bidirectional_rnn`.

  Returns:
    `(outputs, states_fw, states_bw)`: the last layer's `concat([fw, bw], 2)`,
    and tuples of each layer's final forward and backward states.

  Raises:
    ValueError: empty or mismatched cell lists, or initial states that are not
      one per layer.
  """
  _check_cells(cells_fw, cells_bw, initial_states_fw, initial_states_bw)
  states_fw, states_bw = [], []
  layer_input = inputs
  with _V1.variable_scope(scope or "stack_bidirectional_rnn"):
    for i, (cell_fw, cell_bw) in enumerate(zip(cells_fw, cells_bw)):
      with _V1.variable_scope("cell_%d" % i):
        outputs, (state_fw, state_bw) = rnn.bidirectional_dynamic_rnn(
            cell_fw, cell_bw, layer_input,
            initial_state_fw=_layer_state(initial_states_fw, i),
            initial_state_bw=_layer_state(initial_states_bw, i),
            sequence_length=sequence_length,
            parallel_iterations=parallel_iterations, dtype=dtype,
            swap_memory=swap_memory, time_major=time_major)
        layer_input = tf.concat(outputs, 2)
      states_fw.append(state_fw)
      states_bw.append(state_bw)
  return layer_input, tuple(states_fw), tuple(states_bw)


def stack_bidirectional_rnn(cells_fw, cells_bw, inputs, initial_states_fw=None,
                            initial_states_bw=None, dtype=None,
                            sequence_length=None, scope=None):
  """Stacked `static_bidirectional_rnn`s over a list of `[batch, depth]` inputs.

  Returns:
    `(outputs, states_fw, states_bw)`: the last layer's list of
    `concat([fw, bw], 1)` step outputs, and tuples of each layer's final states.

  Raises:
    ValueError: empty inputs, or as for `stack_bidirectional_dynamic_rnn`.
  """
  if not inputs:
    raise ValueError("stack_bidirectional_rnn: inputs must be a non-empty list "
                     "of `[batch, depth]` tensors, got %r" % (inputs,))
  _check_cells(cells_fw, cells_bw, initial_states_fw, initial_states_bw)
  states_fw, states_bw = [], []
  layer_input = inputs
  with _V1.variable_scope(scope or "stack_bidirectional_rnn"):
    for i, (cell_fw, cell_bw) in enumerate(zip(cells_fw, cells_bw)):
      with _V1.variable_scope("cell_%d" % i) as cell_scope:
        layer_input, state_fw, state_bw = _V1.nn.static_bidirectional_rnn(
            cell_fw, cell_bw, layer_input,
            initial_state_fw=_layer_state(initial_states_fw, i),
            initial_state_bw=_layer_state(initial_states_bw, i),
            sequence_length=sequence_length, dtype=dtype, scope=cell_scope)
      states_fw.append(state_fw)
      states_bw.append(state_bw)
  return layer_input, tuple(states_fw), tuple(states_bw)
