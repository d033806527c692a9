"""`dynamic_rnn` and `bidirectional_dynamic_rnn`, with a fast path for the core cells.

TF 1.15's `dynamic_rnn` calls the cell once per time step inside a `while_loop`:
every step multiplies `concat([x_t, h])` by the whole kernel. For the core cells
(`BasicRNNCell`, `BasicLSTMCell`, `LSTMCell`, `GRUCell`) and `MultiRNNCell`
stacks of them, this driver instead runs the sequence layer by layer, the way
cuDNN does: the input part of each layer's kernel multiplies all time steps in
one matmul, and only the recurrent part runs per step. Sequences of at most
`STATIC_UNROLL_MAX_STEPS` (static) steps are unrolled in the graph instead of
looped, which removes the loop's per-step overhead; unrolled batch-major inputs
are sliced and the outputs stacked along the time axis where they are, with no
transpose either way. A step whose state is a constant zero (the first step
from `zero_state`) skips its recurrent matmul, which adds exact zeros. (TensorFlow's fused
one-step kernels, `LSTMBlockCell`/`GRUBlockCell`, measured slower than these
split steps on CPU at every size from 64 units up, and no faster below.)

The variables are the ones TensorFlow's own `dynamic_rnn` makes with the same
cells (`rnn/basic_lstm_cell/kernel`, `rnn/multi_rnn_cell/cell_0/...`), so
checkpoints move both ways, and the outputs, final state and gradients are the
same up to float rounding (two matmuls summed instead of one; within 1e-5 in
float32). Outputs past a row's `sequence_length` are zeros and its state is
carried through, as TF1 did.

Everything else — other cells and wrappers, nested inputs, an unknown number of
time steps, Keras-style cells — goes to `tf.compat.v1.nn.dynamic_rnn`
unchanged, with its own errors. (Layer-wise loops over a length known only at
run time measured slower than TensorFlow's one loop for the seq2seq model's
small two-layer stacks: 31 ms against 22 ms a training step.)
"""

import tensorflow as tf

from tf1_compat.rnn import base
from tf1_compat.rnn import cells as cells_lib
from tf1_compat.rnn import multi_rnn_cell

_V1 = tf.compat.v1

# Up to this many static time steps the fast path unrolls the sequence in the
# graph; longer ones run in a `while_loop` (benchmarks/run.py measures both).
STATIC_UNROLL_MAX_STEPS = 32

_SPLIT_CELLS = (cells_lib.BasicRNNCell, cells_lib.BasicLSTMCell,
                cells_lib.LSTMCell, cells_lib.GRUCell)


def _fast_layers(cell):
  """The layers of a cell the fast path runs, or None when it does not."""
  if type(cell) is multi_rnn_cell.MultiRNNCell:  # pylint: disable=unidiomatic-typecheck
    layers = cell.cells
    if (not cell._state_is_tuple  # pylint: disable=protected-access
        or len({id(layer) for layer in layers}) < len(layers)):
      return None
  else:
    layers = [cell]
  for layer in layers:
    if type(layer) not in _SPLIT_CELLS or layer._keras_style:  # pylint: disable=protected-access,unidiomatic-typecheck
      return None
    if getattr(layer, "_state_is_tuple", True) is False:
      return None
  if cell._keras_style:  # pylint: disable=protected-access
    return None
  return layers


def _fast_inputs(inputs, time_major):
  """Whether the fast path takes `inputs`: one 3-D float tensor, known time and depth."""
  if not tf.is_tensor(inputs) or inputs.shape.rank != 3:
    return False
  if not inputs.dtype.is_floating:
    return False
  time_axis = 0 if time_major else 1
  return (tf.compat.dimension_value(inputs.shape[time_axis]) is not None
          and tf.compat.dimension_value(inputs.shape[2]) is not None)


def dynamic_rnn(cell, inputs, sequence_length=None, initial_state=None,
                dtype=None, parallel_iterations=None, swap_memory=False,
                time_major=False, scope=None):
  """TF 1.15's `tf.nn.dynamic_rnn`; see the module docstring for the fast path.

  Args and returns as `tf.compat.v1.nn.dynamic_rnn`: `(outputs, final_state)`,
  outputs `[batch, time, output_size]` (time-major `[time, batch, ...]` with
  `time_major=True`).
  """
  if tf.nest.is_nested(inputs) or tf.executing_eagerly():
    layers = None
  else:
    layers = _fast_layers(cell) if isinstance(cell, base.RNNCell) else None
  if layers is not None:
    inputs = tf.convert_to_tensor(inputs, name="inputs")
  if (layers is None or not _fast_inputs(inputs, time_major)
      or (initial_state is None and dtype is None)):
    return _V1.nn.dynamic_rnn(
        cell, inputs, sequence_length=sequence_length,
        initial_state=initial_state, dtype=dtype,
        parallel_iterations=parallel_iterations, swap_memory=swap_memory,
        time_major=time_major, scope=scope)
  with _V1.variable_scope(scope or "rnn") as varscope:
    if varscope.caching_device is None:
      varscope.set_caching_device(lambda op: op.device)
    steps = tf.compat.dimension_value(inputs.shape[0 if time_major else 1])
    # The loop reads and writes time-major TensorArrays; the unrolled graph
    # slices and stacks along whichever axis holds time.
    transpose = not time_major and steps > STATIC_UNROLL_MAX_STEPS
    if transpose:
      inputs = base.transpose_batch_time(inputs)
    time_axis = 1 if not (time_major or transpose) else 0
    outputs, final_state = _run_layers(
        cell, layers, inputs, time_axis, sequence_length, initial_state, dtype,
        parallel_iterations or 32, swap_memory)
    if transpose:
      outputs = base.transpose_batch_time(outputs)
    return outputs, final_state


def _run_layers(cell, layers, inputs, time_axis, sequence_length,
                initial_state, dtype, parallel_iterations, swap_memory):
  """The fast path over `inputs` with time on `time_axis`: `(outputs, final_state)`."""
  steps = tf.compat.dimension_value(inputs.shape[time_axis])
  batch = (tf.compat.dimension_value(inputs.shape[1 - time_axis])
           or tf.shape(inputs)[1 - time_axis])
  if initial_state is None:
    initial_state = cell.zero_state(batch, dtype)
  base.check_state(cell, initial_state)
  if sequence_length is not None:
    sequence_length = tf.cast(
        tf.convert_to_tensor(sequence_length, name="sequence_length"),
        tf.int32)
    given = sequence_length.shape
    if given.rank not in (None, 1) or (
        isinstance(batch, int) and given.rank == 1
        and tf.compat.dimension_value(given[0]) not in (None, batch)):
      raise ValueError(
          "sequence_length must be a vector of length batch_size (%s), but saw "
          "shape: %s (dynamic_rnn)" % (batch, given))
    shape_checks = []
    if not (isinstance(batch, int) and given.is_fully_defined()):
      # Only the run can tell: TF1's check of the fed shape.
      shape_checks.append(tf.debugging.assert_equal(
          tf.shape(sequence_length), tf.reshape(batch, [1]),
          message="Expected shape for Tensor sequence_length is "
          "[batch_size], but saw shape"))
    with tf.control_dependencies(shape_checks):
      sequence_length = tf.identity(sequence_length, name="sequence_length")
  run = _LayerRun(steps, time_axis, sequence_length, parallel_iterations,
                  swap_memory)
  if len(layers) == 1 and layers[0] is cell:
    with cell._call_scope():  # pylint: disable=protected-access
      return run(cell, inputs, initial_state)
  final_states = []
  with cell._call_scope():  # pylint: disable=protected-access
    for i, layer in enumerate(layers):
      with _V1.variable_scope("cell_%d" % i):
        with layer._call_scope():  # pylint: disable=protected-access
          inputs, state = run(layer, inputs, initial_state[i])
      final_states.append(state)
  cell.built = True
  return inputs, tuple(final_states)


class _LayerRun:
  """Runs one layer over a whole sequence (inside its call scope).

  Time is on `time_axis` of the inputs and outputs: 0, or 1 (batch-major) when
  unrolled.
  """

  def __init__(self, steps, time_axis, sequence_length, parallel_iterations,
               swap_memory):
    self._steps = steps
    self._time_axis = time_axis
    self._sequence_length = sequence_length
    self._parallel_iterations = parallel_iterations
    self._swap_memory = swap_memory

  def __call__(self, layer, inputs, state):
    depth = tf.compat.dimension_value(inputs.shape[2])
    layer._check_input(tf.TensorSpec([None, depth], inputs.dtype))  # pylint: disable=protected-access
    base.check_state(layer, state)
    layer._build_once(tf.TensorShape([None, depth]), inputs.dtype)  # pylint: disable=protected-access
    split = layer._split_step()  # pylint: disable=protected-access
    shape = tf.shape(inputs)
    rows = split.project(tf.reshape(inputs, [-1, depth]))
    rows = tf.reshape(rows, tf.concat([shape[:2], tf.shape(rows)[1:]], axis=0))
    if self._steps <= STATIC_UNROLL_MAX_STEPS:
      outputs, state = self._unrolled(split.step, rows, state)
    else:
      outputs, state = self._looped(split.step, rows, state)
    outputs.set_shape(inputs.shape[:2].concatenate(
        [tf.compat.dimension_value(layer.output_size)]))
    return outputs, state

  def _masked(self, time, output, new_state, state):
    """TF1's past-the-end rule: zero output, the state carried through."""
    if self._sequence_length is None:
      return output, new_state
    valid = tf.expand_dims(time < self._sequence_length, 1)
    output = tf.where(valid, output, tf.zeros_like(output))
    new_state = tf.nest.map_structure(
        lambda new, old: tf.where(valid, new, old), new_state, state)
    return output, new_state

  def _unrolled(self, step, rows, state):
    outputs = []
    for time, row in enumerate(tf.unstack(rows, num=self._steps,
                                          axis=self._time_axis)):
      output, new_state = step(row, state)
      output, state = self._masked(time, output, new_state, state)
      outputs.append(output)
    return tf.stack(outputs, axis=self._time_axis), state

  def _looped(self, step, rows, state):
    row_array = tf.TensorArray(rows.dtype, size=self._steps,
                               element_shape=rows.shape[1:]).unstack(rows)
    emitted = tf.TensorArray(rows.dtype, size=self._steps)

    def body(time, state, emitted):
      output, new_state = step(row_array.read(time), state)
      output, new_state = self._masked(time, output, new_state, state)
      return time + 1, new_state, emitted.write(time, output)

    _, state, emitted = tf.while_loop(
        lambda time, *_: time < self._steps, body,
        (tf.constant(0), state, emitted),
        parallel_iterations=self._parallel_iterations,
        swap_memory=self._swap_memory)
    return emitted.stack(), state


def bidirectional_dynamic_rnn(cell_fw, cell_bw, inputs, sequence_length=None,
                              initial_state_fw=None, initial_state_bw=None,
                              dtype=None, parallel_iterations=None,
                              swap_memory=False, time_major=False, scope=None):
  """TF 1.15's `tf.nn.bidirectional_dynamic_rnn`, on this module's `dynamic_rnn`.

  The forward cell runs under `<scope>/fw`, the backward cell under
  `<scope>/bw` on the inputs reversed within each row's `sequence_length` (the
  whole time axis without one); returns `((output_fw, output_bw),
  (state_fw, state_bw))`, the backward outputs reversed back into input order.
  """
  base.assert_like_rnncell("cell_fw", cell_fw)
  base.assert_like_rnncell("cell_bw", cell_bw)
  with _V1.variable_scope(scope or "bidirectional_rnn"):
    with _V1.variable_scope("fw") as fw_scope:
      output_fw, state_fw = dynamic_rnn(
          cell_fw, inputs, sequence_length=sequence_length,
          initial_state=initial_state_fw, dtype=dtype,
          parallel_iterations=parallel_iterations, swap_memory=swap_memory,
          time_major=time_major, scope=fw_scope)
    time_axis, batch_axis = (0, 1) if time_major else (1, 0)

    def reverse(value):
      if sequence_length is None:
        return tf.reverse(value, axis=[time_axis])
      return tf.reverse_sequence(value, seq_lengths=sequence_length,
                                 seq_axis=time_axis, batch_axis=batch_axis)

    with _V1.variable_scope("bw") as bw_scope:
      reversed_inputs = tf.nest.map_structure(reverse, inputs)
      reversed_output, state_bw = dynamic_rnn(
          cell_bw, reversed_inputs, sequence_length=sequence_length,
          initial_state=initial_state_bw, dtype=dtype,
          parallel_iterations=parallel_iterations, swap_memory=swap_memory,
          time_major=time_major, scope=bw_scope)
  output_bw = tf.nest.map_structure(reverse, reversed_output)
  return (output_fw, output_bw), (state_fw, state_bw)
