"""`CudnnLSTM`, `CudnnGRU`, `CudnnRNNTanh`, `CudnnRNNRelu`: TF 1.15's cuDNN RNN
layers, in graph mode.

A layer keeps its weights in TF canonical form (see `params_format`), as
ordinary variables named exactly as TF 1.15's CudnnRNN checkpoints store them
(`cudnn_lstm/rnn/multi_rnn_cell/cell_0/cudnn_compatible_lstm_cell/kernel`,
...; bidirectional: `cudnn_lstm/stack_bidirectional_rnn/cell_0/
bidirectional_rnn/fw/...`). Each call packs them into cuDNN's opaque buffer and
runs `tf.raw_ops.CudnnRNN` (or `CudnnRNNV3` with `sequence_lengths` or
batch-major inputs). So:

* a TF 1.15 CudnnRNN checkpoint restores into the layer with a plain `Saver`
  (its extra `opaque_kernel` entry is not needed);
* the layer's checkpoints restore into the CudnnCompatible cells on a CPU:
  a `MultiRNNCell` of `CudnnCompatibleLSTMCell`s run by `dynamic_rnn` under
  `variable_scope("cudnn_lstm")` (or `stack_bidirectional_dynamic_rnn`);
* `layer.kernel` is the opaque buffer as a tensor, and the
  `CudnnParamsFormatConverter*` classes convert buffers on a CPU.

Differences from TF 1.15, on purpose: the combined biases are stored as TF1
saved them (the sum of cuDNN's input and state biases, split in halves for
the kernel), so cuDNN's two bias halves train as one; `input_mode` must be
`linear_input`; there is no `saveable` (none is needed).

cuDNN kernels exist only on GPUs: calling a layer in a process without a
visible GPU raises `CudnnUnavailableError` at graph-build time, naming the CPU
replacement. `build()` works anywhere. The GPU path has not been run here.
"""

import tensorflow as tf

from tf1_compat.contrib.cudnn_rnn import cudnn_compatible_cells
from tf1_compat.contrib.cudnn_rnn import params_format
from tf1_compat.framework import base_layer
from tf1_compat.framework import checks
from tf1_compat.framework import errors
from tf1_compat.rnn import base

_V1 = tf.compat.v1


class CudnnUnavailableError(errors.Error, RuntimeError):
  """A cuDNN layer was called in a process that sees no GPU."""


def _gpu_available():
  return bool(tf.config.list_physical_devices("GPU"))


class _CudnnRNN(base_layer.Layer):
  """The shared layer: canonical variables, opaque packing, the cuDNN op.

  Args:
    num_layers: Number of stacked layers.
    num_units: Units per layer.
    input_mode: Must be `linear_input`.
    direction: `unidirectional` or `bidirectional`.
    dropout: Dropout between layers (cuDNN's; not after the last layer).
    seed: Op seed of the initializer and the dropout.
    dtype: float16, float32 or float64.
    kernel_initializer: Initializer of each cuDNN canonical matrix `[units,
      input]` / `[units, units]`; Glorot-uniform by default.
    bias_initializer: Initializer of each cuDNN canonical bias; zeros by
      default.
    name: Base name of the variable scope.
  """

  _format_class = None
  _cell_name = None
  _tf_weight_names = ()
  _tf_bias_names = ()

  def __init__(self, num_layers, num_units,
               input_mode=params_format.CUDNN_INPUT_LINEAR_MODE,
               direction=params_format.CUDNN_RNN_UNIDIRECTION, dropout=0.0,
               seed=None, dtype=tf.float32, kernel_initializer=None,
               bias_initializer=None, name=None):
    super().__init__(dtype=dtype, name=name)
    owner = type(self).__name__
    params_format.check_direction(direction, owner)
    params_format.check_input_mode(input_mode, owner)
    dtype = tf.as_dtype(dtype)
    if dtype not in (tf.float16, tf.float32, tf.float64):
      raise checks.ArgumentError("%s: dtype must be float16, float32 or "
                                 "float64, got %s" % (owner, dtype.name))
    self._plain_dtype = dtype
    self._num_layers = checks.positive_int(num_layers, "num_layers", owner)
    self._num_units = checks.positive_int(num_units, "num_units", owner)
    self._input_mode = input_mode
    self._direction = direction
    self._dropout = dropout
    self._seed = seed
    self._kernel_initializer = kernel_initializer
    self._bias_initializer = bias_initializer
    self._input_size = None
    self._canonical_weights = []
    self._canonical_biases = []

  # ---- properties ------------------------------------------------------------

  @property
  def num_layers(self):
    return self._num_layers

  @property
  def num_units(self):
    return self._num_units

  @property
  def input_mode(self):
    return self._input_mode

  @property
  def direction(self):
    return self._direction

  @property
  def num_dirs(self):
    return 1 if self._direction == params_format.CUDNN_RNN_UNIDIRECTION else 2

  @property
  def rnn_mode(self):
    return self._format_class._rnn_mode  # pylint: disable=protected-access

  @property
  def input_size(self):
    if not self._input_size:
      raise ValueError("%s %r: input_size is unknown since the layer has not "
                       "been built" % (type(self).__name__, self.name))
    return self._input_size

  @property
  def saveable(self):
    """None: the variables are canonical, so a plain `Saver` suffices."""
    return None

  def _converter(self):
    return self._format_class(self._num_layers, self._num_units,
                              self.input_size, input_mode=self._input_mode,
                              direction=self._direction)

  @property
  def canonical_weight_shapes(self):
    """Shapes of the cuDNN canonical matrices, in cuDNN's order."""
    return self._converter().cu_canonical_shapes()[0]

  @property
  def canonical_bias_shapes(self):
    """Shapes of the cuDNN canonical biases, in cuDNN's order."""
    return self._converter().cu_canonical_shapes()[1]

  @property
  def kernel(self):
    """The opaque parameter buffer `CudnnRNN` runs on, built from the
    canonical variables (a tensor; gradients reach the variables)."""
    if not self.built:
      raise ValueError("%s %r: kernel is unknown since the layer has not been "
                       "built" % (type(self).__name__, self.name))
    return self._converter().tf_canonical_to_opaque(
        self._canonical_weights + self._canonical_biases)

  def state_shape(self, batch_size):
    """The initial state's shapes: `[num_layers * num_dirs, batch, units]`."""
    shape = [self._num_layers * self.num_dirs, batch_size, self._num_units]
    return (shape, shape) if self.rnn_mode == params_format.CUDNN_LSTM else (
        shape,)

  # ---- variables -------------------------------------------------------------

  def _prefix(self, layer, direction):
    if self._direction == params_format.CUDNN_RNN_UNIDIRECTION:
      return "rnn/multi_rnn_cell/cell_%d/%s/" % (layer, self._cell_name)
    return "stack_bidirectional_rnn/cell_%d/bidirectional_rnn/%s/%s/" % (
        layer, ("fw", "bw")[direction], self._cell_name)

  def _check_input(self, inputs):
    shape = inputs.shape
    if shape.rank != 3 or tf.compat.dimension_value(shape[-1]) is None:
      raise ValueError(
          "%s %r: inputs must be 3-D `[time, batch, depth]` (or batch-major) "
          "with a known depth; got shape %s" % (type(self).__name__,
                                                self.name, shape))
    if self._input_size and tf.compat.dimension_value(
        shape[-1]) != self._input_size:
      raise ValueError("%s %r: built for input depth %d, got shape %s"
                       % (type(self).__name__, self.name, self._input_size,
                          shape))

  def build(self, input_shape):
    """Creates the canonical variables for `input_shape` (3-D, known depth).

    Each TF canonical variable is initialized from cuDNN canonical pieces
    drawn by `kernel_initializer`/`bias_initializer`, as TF1 drew them.
    """
    input_shape = tf.TensorShape(input_shape)
    if input_shape.rank != 3 or tf.compat.dimension_value(
        input_shape[-1]) is None:
      raise ValueError("%s %r: expected a 3-D input shape with a known depth, "
                       "got %s" % (type(self).__name__, self.name,
                                   input_shape))
    if self.built:
      return
    self._input_size = tf.compat.dimension_value(input_shape[-1])
    converter = self._converter()
    kernel_initializer = self._kernel_initializer or (
        _V1.glorot_uniform_initializer(seed=self._seed))
    bias_initializer = self._bias_initializer or _V1.constant_initializer(0.0)
    weight_shapes, bias_shapes = converter.cu_canonical_shapes()
    per_layer = len(weight_shapes) // (self._num_layers * self.num_dirs)
    self._set_scope(None)
    weights, biases = [], []
    for index in range(self._num_layers * self.num_dirs):
      layer, direction = divmod(index, self.num_dirs)
      pieces = slice(index * per_layer, (index + 1) * per_layer)
      tf_weight_shapes, tf_bias_shapes = converter.tf_canonical_shapes(layer)
      prefix = self._prefix(layer, direction)
      for i, (name, shape) in enumerate(zip(self._tf_weight_names,
                                            tf_weight_shapes)):
        weights.append(self.add_weight(
            prefix + name, shape=shape, dtype=self._plain_dtype,
            initializer=_canonical_initializer(
                converter.cu_to_tf_weights, weight_shapes[pieces], i,
                kernel_initializer)))
      for i, (name, shape) in enumerate(zip(self._tf_bias_names,
                                            tf_bias_shapes)):
        biases.append(self.add_weight(
            prefix + name, shape=shape, dtype=self._plain_dtype,
            initializer=_canonical_initializer(
                converter.cu_to_tf_biases, bias_shapes[pieces], i,
                bias_initializer)))
    self._canonical_weights = weights
    self._canonical_biases = biases
    self.built = True

  # ---- calling ---------------------------------------------------------------

  def __call__(self, inputs, initial_state=None, sequence_lengths=None,
               time_major=True, training=True, scope=None):
    if not _gpu_available():
      raise CudnnUnavailableError(
          "%s needs a GPU with cuDNN and this process sees none; on a CPU run "
          "the same weights with %s cells in a MultiRNNCell under "
          "tf.variable_scope(%r) (the layer's checkpoint restores into them)"
          % (type(self).__name__, _CPU_CELLS[self.rnn_mode],
             self._scope.name if self._scope is not None else self.name))
    return super().__call__(inputs, initial_state=initial_state,
                            sequence_lengths=sequence_lengths,
                            time_major=time_major, training=training,
                            scope=scope)

  def call(self, inputs, initial_state=None, sequence_lengths=None,
           time_major=True, training=True):
    """Runs the RNN.

    Args:
      inputs: `[time, batch, depth]`, or `[batch, time, depth]` when
        `time_major` is False.
      initial_state: A tuple `(h, c)` (LSTM) or `(h,)`, each `[num_layers *
        num_dirs, batch, units]`; zeros by default.
      sequence_lengths: Optional int32 `[batch]` lengths.
      time_major: The layout of `inputs` and the outputs.
      training: Whether the op keeps what its gradient needs.

    Returns:
      `(outputs, states)`: outputs `[time, batch, num_dirs * units]` (or
      batch-major) and a tuple shaped like `initial_state`.
    """
    if initial_state is not None and not isinstance(initial_state, tuple):
      raise TypeError("%s %r: initial_state must be a tuple, got %r"
                      % (type(self).__name__, self.name, initial_state))
    inputs = tf.convert_to_tensor(inputs, dtype=self._plain_dtype)
    batch_size = tf.shape(inputs)[1 if time_major else 0]
    if initial_state is None:
      initial_state = tuple(tf.zeros(tf.stack(shape), dtype=self._plain_dtype)
                            for shape in self.state_shape(batch_size))
    is_lstm = self.rnn_mode == params_format.CUDNN_LSTM
    h = tf.convert_to_tensor(initial_state[0], dtype=self._plain_dtype)
    c = (tf.convert_to_tensor(initial_state[1], dtype=self._plain_dtype)
         if is_lstm else tf.constant([], dtype=self._plain_dtype))
    seed, seed2 = _V1.get_seed(self._seed)
    arguments = dict(input=inputs, input_h=h, input_c=c, params=self.kernel,
                     is_training=training, rnn_mode=self.rnn_mode,
                     input_mode=self._input_mode, direction=self._direction,
                     dropout=self._dropout, seed=seed or 0, seed2=seed2 or 0)
    if sequence_lengths is None and time_major:
      outputs, output_h, output_c, _ = tf.raw_ops.CudnnRNN(**arguments)
    else:
      if sequence_lengths is None:
        sequence_lengths = tf.fill([batch_size],
                                   tf.shape(inputs)[0 if time_major else 1])
      outputs, output_h, output_c, _, _ = tf.raw_ops.CudnnRNNV3(
          sequence_lengths=tf.cast(sequence_lengths, tf.int32),
          time_major=time_major, **arguments)
    return outputs, ((output_h, output_c) if is_lstm else (output_h,))


def _canonical_initializer(to_tf, cu_shapes, index, initializer):
  """An initializer of TF canonical tensor `index` of one layer direction: it
  draws the cuDNN canonical pieces `cu_shapes` with `initializer` (as TF1 drew
  them) and assembles them."""
  def initialize(shape, dtype=tf.float32, partition_info=None):
    del shape, partition_info
    return to_tf([initializer(s, dtype=dtype) for s in cu_shapes])[index]
  return initialize


class CudnnLSTM(_CudnnRNN):
  """cuDNN's LSTM (no forget bias, no peepholes); weights
  `<scope>/rnn/multi_rnn_cell/cell_<i>/cudnn_compatible_lstm_cell/{kernel,bias}`.
  See `_CudnnRNN` for the arguments."""

  _format_class = params_format.CudnnParamsFormatConverterLSTM
  _cell_name = "cudnn_compatible_lstm_cell"
  _tf_weight_names = (base.WEIGHTS_NAME,)
  _tf_bias_names = (base.BIAS_NAME,)


class CudnnGRU(_CudnnRNN):
  """cuDNN's GRU (reset after the recurrent matmul); weights
  `<scope>/rnn/multi_rnn_cell/cell_<i>/cudnn_compatible_gru_cell/...`. See
  `_CudnnRNN` for the arguments."""

  _format_class = params_format.CudnnParamsFormatConverterGRU
  _cell_name = "cudnn_compatible_gru_cell"
  _tf_weight_names = (
      "gates/" + base.WEIGHTS_NAME,
      cudnn_compatible_cells.GRU_CANDIDATE_INPUT + base.WEIGHTS_NAME,
      cudnn_compatible_cells.GRU_CANDIDATE_HIDDEN + base.WEIGHTS_NAME)
  _tf_bias_names = (
      "gates/" + base.BIAS_NAME,
      cudnn_compatible_cells.GRU_CANDIDATE_INPUT + base.BIAS_NAME,
      cudnn_compatible_cells.GRU_CANDIDATE_HIDDEN + base.BIAS_NAME)


class CudnnRNNTanh(_CudnnRNN):
  """cuDNN's tanh RNN; weights `.../basic_rnn_cell/{kernel,bias}`."""

  _format_class = params_format.CudnnParamsFormatConverterTanh
  _cell_name = "basic_rnn_cell"
  _tf_weight_names = (base.WEIGHTS_NAME,)
  _tf_bias_names = (base.BIAS_NAME,)


class CudnnRNNRelu(_CudnnRNN):
  """cuDNN's relu RNN; weights `.../basic_rnn_cell/{kernel,bias}`."""

  _format_class = params_format.CudnnParamsFormatConverterRelu
  _cell_name = "basic_rnn_cell"
  _tf_weight_names = (base.WEIGHTS_NAME,)
  _tf_bias_names = (base.BIAS_NAME,)


_CPU_CELLS = {
    params_format.CUDNN_LSTM: "tf.contrib.cudnn_rnn.CudnnCompatibleLSTMCell",
    params_format.CUDNN_GRU: "tf.contrib.cudnn_rnn.CudnnCompatibleGRUCell",
    params_format.CUDNN_RNN_TANH: "tf.nn.rnn_cell.BasicRNNCell",
    params_format.CUDNN_RNN_RELU:
        "tf.nn.rnn_cell.BasicRNNCell(activation=tf.nn.relu)",
}
