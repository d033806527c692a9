"""TF 1.15's fused-RNN interface: a whole recurrent network called on a sequence.

A `FusedRNNCell` puts the loop over time inside the call:
`cell(inputs, initial_state=None, dtype=None, sequence_length=None, scope=None)`
with time-major inputs (`[time, batch, depth]` or a list of `[batch, depth]`)
returns `(outputs, final_state)` in the same form. `FusedRNNCellAdaptor` makes
one from an RNN cell through `dynamic_rnn` or `static_rnn` (the cell's variables
keep their names under `rnn/`, or `scope`); `TimeReversedFusedRNN` runs another
one backwards in time.
"""

import abc

import tensorflow as tf

from tf1_compat import rnn

_V1 = tf.compat.v1


class FusedRNNCell(abc.ABC):
  """A recurrent network over whole time-major sequences."""

  @abc.abstractmethod
  def __call__(self, inputs, initial_state=None, dtype=None,
               sequence_length=None, scope=None):
    """Runs over `inputs`; returns `(outputs, final_state)`, outputs in the
    inputs' form (a `[time, batch, ...]` tensor or a list per step)."""


class FusedRNNCellAdaptor(FusedRNNCell):
  """An RNN cell run by `dynamic_rnn` (time-major) or `static_rnn`.

  Args:
    cell: The RNN cell.
    use_dynamic_rnn: Run `dynamic_rnn` (a while loop) rather than `static_rnn`
      (unrolled).
  """

  def __init__(self, cell, use_dynamic_rnn=False):
    self._cell = cell
    self._use_dynamic_rnn = use_dynamic_rnn

  def __call__(self, inputs, initial_state=None, dtype=None,
               sequence_length=None, scope=None):
    is_list = isinstance(inputs, list)
    if self._use_dynamic_rnn:
      outputs, state = rnn.dynamic_rnn(
          self._cell, tf.stack(inputs) if is_list else inputs,
          sequence_length=sequence_length, initial_state=initial_state,
          dtype=dtype, time_major=True, scope=scope)
      return (tf.unstack(outputs) if is_list else outputs), state
    outputs, state = _V1.nn.static_rnn(
        self._cell, inputs if is_list else tf.unstack(inputs),
        initial_state=initial_state, dtype=dtype,
        sequence_length=sequence_length, scope=scope)
    return (outputs if is_list else tf.stack(outputs)), state


class TimeReversedFusedRNN(FusedRNNCell):
  """Runs a `FusedRNNCell` on time-reversed inputs and reverses its outputs.

  A tensor is reversed within each sequence's length (`reverse_sequence`) when
  `sequence_length` is given; a list is reversed whole, whatever the lengths,
  as TF 1.15 did.
  """

  def __init__(self, cell):
    self._cell = cell

  @staticmethod
  def _reverse(t, lengths):
    if isinstance(t, list):
      return list(reversed(t))
    if lengths is None:
      return tf.reverse(t, [0])
    return tf.reverse_sequence(t, lengths, seq_axis=0, batch_axis=1)

  def __call__(self, inputs, initial_state=None, dtype=None,
               sequence_length=None, scope=None):
    outputs, state = self._cell(
        self._reverse(inputs, sequence_length), initial_state=initial_state,
        dtype=dtype, sequence_length=sequence_length, scope=scope)
    return self._reverse(outputs, sequence_length), state
