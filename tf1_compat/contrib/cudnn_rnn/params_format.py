"""cuDNN's parameter formats and the conversions between them, in plain
TensorFlow ops (so they run on a CPU).

Three formats hold the same weights:

* **TF canonical**: what the CudnnCompatible cells use and what TF 1.15's
  CudnnRNN checkpoints store. Per layer and direction, LSTM: `kernel`
  `[input + units, 4 * units]` (gates `i, j, f, o`) and `bias` `[4 * units]`;
  GRU: `gates/kernel` `[input + units, 2 * units]` (`r, u`),
  `candidate/input_projection/kernel` `[input, units]`,
  `candidate/hidden_projection/kernel` `[units, units]` and the three biases;
  RNN (tanh, relu): `kernel` `[input + units, units]`, `bias`.
* **cuDNN canonical**: per layer and direction, one matrix `[units, input]` per
  gate applied to the input, then one `[units, units]` per gate applied to the
  state (cuDNN's gate order: LSTM `i, f, c, o`, GRU `r, u, c`), and one bias
  per matrix. cuDNN adds the input and state biases, so the TF canonical bias
  is their sum; going back, TF1 split it in halves, and so do we.
* **opaque**: the flat buffer `CudnnRNN` consumes. Assumed layout: every
  matrix (row-major) of every layer and direction in the order above, then
  every bias in the same order, which is the layout cuDNN 7 and 8 report for
  `linear_input` (the layout Keras' CuDNNLSTM/GRU and MXNet build by hand).
  Only `input_mode="linear_input"` and no projection are supported.
"""

import numpy as np
import tensorflow as tf

from tf1_compat.framework import checks

CUDNN_LSTM = "lstm"
CUDNN_GRU = "gru"
CUDNN_RNN_TANH = "rnn_tanh"
CUDNN_RNN_RELU = "rnn_relu"
CUDNN_LSTM_PARAMS_PER_LAYER = 8
CUDNN_GRU_PARAMS_PER_LAYER = 6
CUDNN_RNN_TANH_PARAMS_PER_LAYER = 2
CUDNN_RNN_RELU_PARAMS_PER_LAYER = 2
CUDNN_INPUT_LINEAR_MODE = "linear_input"
CUDNN_INPUT_SKIP_MODE = "skip_input"
CUDNN_INPUT_AUTO_MODE = "auto_select"
CUDNN_RNN_UNIDIRECTION = "unidirectional"
CUDNN_RNN_BIDIRECTION = "bidirectional"


def check_direction(direction, owner="CudnnRNN"):
  if direction not in (CUDNN_RNN_UNIDIRECTION, CUDNN_RNN_BIDIRECTION):
    raise checks.ArgumentError(
        "%s: direction must be %r or %r, got %r" % (
            owner, CUDNN_RNN_UNIDIRECTION, CUDNN_RNN_BIDIRECTION, direction))


def check_input_mode(input_mode, owner="CudnnRNN"):
  """Only `linear_input` is supported (the others skip layer 0's matrices)."""
  if input_mode != CUDNN_INPUT_LINEAR_MODE:
    raise checks.ArgumentError(
        "%s: input_mode must be %r (tf1_compat does not support %r or %r, "
        "whose weight layout skips the first layer's input matrices), got %r"
        % (owner, CUDNN_INPUT_LINEAR_MODE, CUDNN_INPUT_SKIP_MODE,
           CUDNN_INPUT_AUTO_MODE, input_mode))


class CudnnParamsFormatConverter:
  """Converts weights between TF canonical, cuDNN canonical and opaque format.

  TF canonical lists are laid out as TF1's: every layer's weights (forward,
  then backward direction) followed by every layer's biases in the same order.

  Args:
    num_layers: Number of layers.
    num_units: Units per layer.
    input_size: Depth of the first layer's input.
    num_proj: Unsupported; must be None or 0.
    input_mode: Must be `linear_input`.
    direction: `unidirectional` or `bidirectional`.
  """

  _rnn_mode = None
  _num_params_per_layer = None
  _num_tf_weights = 1  # TF canonical weights (and biases) per layer, direction.

  def __init__(self, num_layers, num_units, input_size, num_proj=None,
               input_mode=CUDNN_INPUT_LINEAR_MODE,
               direction=CUDNN_RNN_UNIDIRECTION):
    owner = type(self).__name__
    if num_proj:
      raise checks.ArgumentError("%s: num_proj is not supported, got %r"
                                 % (owner, num_proj))
    check_input_mode(input_mode, owner)
    check_direction(direction, owner)
    self._num_layers = checks.positive_int(num_layers, "num_layers", owner)
    self._num_units = checks.positive_int(num_units, "num_units", owner)
    self._input_size = checks.positive_int(input_size, "input_size", owner)
    self._direction = direction
    self._num_dirs = 1 if direction == CUDNN_RNN_UNIDIRECTION else 2

  @property
  def _num_gates(self):
    return self._num_params_per_layer // 2

  def _layer_input_size(self, layer):
    if layer == 0:
      return self._input_size
    return self._num_units * self._num_dirs

  def cu_canonical_shapes(self):
    """`(weight_shapes, bias_shapes)` of the cuDNN canonical pieces, in order."""
    weights, biases = [], []
    units = self._num_units
    for layer in range(self._num_layers):
      in_size = self._layer_input_size(layer)
      for _ in range(self._num_dirs):
        weights += ([(units, in_size)] * self._num_gates
                    + [(units, units)] * self._num_gates)
        biases += [(units,)] * self._num_params_per_layer
    return weights, biases

  def tf_canonical_shapes(self, layer):
    """`(weight_shapes, bias_shapes)` of one direction of `layer`, TF form."""
    raise NotImplementedError

  def opaque_size(self):
    """The number of elements of the opaque buffer."""
    weights, biases = self.cu_canonical_shapes()
    return int(sum(np.prod(s) for s in weights) + sum(np.prod(s)
                                                      for s in biases))

  # ---- opaque <-> cuDNN canonical --------------------------------------------

  def cu_canonical_to_opaque(self, cu_weights, cu_biases):
    """The opaque buffer: every matrix flattened, then every bias."""
    return tf.concat([tf.reshape(w, [-1]) for w in cu_weights]
                     + [tf.reshape(b, [-1]) for b in cu_biases], axis=0)

  def opaque_to_cu_canonical(self, opaque):
    """`(cu_weights, cu_biases)` cut out of the opaque buffer."""
    weight_shapes, bias_shapes = self.cu_canonical_shapes()
    sizes = [int(np.prod(s)) for s in weight_shapes + bias_shapes]
    pieces = tf.split(tf.reshape(opaque, [-1]), sizes)
    shapes = weight_shapes + bias_shapes
    pieces = [tf.reshape(p, s) for p, s in zip(pieces, shapes)]
    return pieces[:len(weight_shapes)], pieces[len(weight_shapes):]

  # ---- cuDNN canonical <-> TF canonical --------------------------------------

  def _pseudo_layers(self):
    """`(layer, direction)` in cuDNN's (and TF1's canonical lists') order."""
    return [(layer, d) for layer in range(self._num_layers)
            for d in range(self._num_dirs)]

  def tf_canonical_to_cu_canonical(self, tf_canonicals):
    """`(cu_weights, cu_biases)` from a TF canonical list."""
    count = len(self._pseudo_layers()) * self._num_tf_weights
    tf_canonicals = list(tf_canonicals)
    if len(tf_canonicals) != 2 * count:
      raise checks.ArgumentError(
          "%s: expected %d TF canonical tensors (%d weights, then %d biases), "
          "got %d" % (type(self).__name__, 2 * count, count, count,
                      len(tf_canonicals)))
    weights, biases = tf_canonicals[:count], tf_canonicals[count:]
    n = self._num_tf_weights
    cu_weights, cu_biases = [], []
    for i, (layer, _) in enumerate(self._pseudo_layers()):
      cu_weights += self.tf_to_cu_weights(layer, weights[i * n:(i + 1) * n])
      cu_biases += self.tf_to_cu_biases(biases[i * n:(i + 1) * n])
    return cu_weights, cu_biases

  def cu_canonical_to_tf_canonical(self, cu_weights, cu_biases):
    """The TF canonical list (weights, then biases) from cuDNN's pieces."""
    per_layer = self._num_params_per_layer
    weights, biases = [], []
    for i, _ in enumerate(self._pseudo_layers()):
      weights += self.cu_to_tf_weights(
          cu_weights[i * per_layer:(i + 1) * per_layer])
      biases += self.cu_to_tf_biases(cu_biases[i * per_layer:(i + 1) * per_layer])
    return weights + biases

  def tf_canonical_to_opaque(self, tf_canonicals, weights_proj=None):
    """The opaque buffer holding a TF canonical list's weights."""
    if weights_proj is not None:
      raise checks.ArgumentError("%s: weights_proj is not supported"
                                 % type(self).__name__)
    return self.cu_canonical_to_opaque(
        *self.tf_canonical_to_cu_canonical(tf_canonicals))

  def opaque_to_tf_canonical(self, opaque_param):
    """`(weights, biases)`: the TF canonical tensors in an opaque buffer."""
    canonicals = self.cu_canonical_to_tf_canonical(
        *self.opaque_to_cu_canonical(opaque_param))
    half = len(canonicals) // 2
    return canonicals[:half], canonicals[half:]

  # ---- per layer and direction, defined by each RNN type ---------------------

  def tf_to_cu_weights(self, layer, tf_weights):
    raise NotImplementedError

  def tf_to_cu_biases(self, tf_biases):
    raise NotImplementedError

  def cu_to_tf_weights(self, cu_weights):
    raise NotImplementedError

  def cu_to_tf_biases(self, cu_biases):
    raise NotImplementedError


class _GatedFormat(CudnnParamsFormatConverter):
  """LSTM and the plain RNNs: one TF kernel `[input + units, gates * units]`."""

  _TF_FROM_CU_GATES = (0,)  # The cuDNN gate of each TF gate block, in TF order.

  def tf_canonical_shapes(self, layer):
    width = len(self._TF_FROM_CU_GATES) * self._num_units
    return ([[self._layer_input_size(layer) + self._num_units, width]],
            [[width]])

  def tf_to_cu_weights(self, layer, tf_weights):
    kernel, = tf_weights
    in_size = self._layer_input_size(layer)
    blocks = tf.split(tf.transpose(kernel), len(self._TF_FROM_CU_GATES),
                      axis=0)
    cu_order = [None] * len(blocks)
    for tf_index, cu_index in enumerate(self._TF_FROM_CU_GATES):
      cu_order[cu_index] = blocks[tf_index]
    on_input, on_state = zip(*(tf.split(b, [in_size, self._num_units], axis=1)
                               for b in cu_order))
    return list(on_input) + list(on_state)

  def tf_to_cu_biases(self, tf_biases):
    bias, = tf_biases
    blocks = tf.split(bias, len(self._TF_FROM_CU_GATES), axis=0)
    cu_order = [None] * len(blocks)
    for tf_index, cu_index in enumerate(self._TF_FROM_CU_GATES):
      cu_order[cu_index] = blocks[tf_index] * 0.5
    return cu_order + cu_order

  def cu_to_tf_weights(self, cu_weights):
    gates = len(self._TF_FROM_CU_GATES)
    on_input, on_state = cu_weights[:gates], cu_weights[gates:]
    joined = [tf.concat([w, r], axis=1) for w, r in zip(on_input, on_state)]
    return [tf.transpose(tf.concat([joined[c] for c in self._TF_FROM_CU_GATES],
                                   axis=0))]

  def cu_to_tf_biases(self, cu_biases):
    gates = len(self._TF_FROM_CU_GATES)
    summed = [b_w + b_r for b_w, b_r in zip(cu_biases[:gates],
                                            cu_biases[gates:])]
    return [tf.concat([summed[c] for c in self._TF_FROM_CU_GATES], axis=0)]


class CudnnParamsFormatConverterLSTM(_GatedFormat):
  """LSTM: TF's gates `i, j, f, o` are cuDNN's `i, c, f, o` (cuDNN order
  `i, f, c, o`)."""

  _rnn_mode = CUDNN_LSTM
  _num_params_per_layer = CUDNN_LSTM_PARAMS_PER_LAYER
  _TF_FROM_CU_GATES = (0, 2, 1, 3)


class CudnnParamsFormatConverterTanh(_GatedFormat):
  """The tanh RNN: one gate, `BasicRNNCell`'s `kernel` and `bias`."""

  _rnn_mode = CUDNN_RNN_TANH
  _num_params_per_layer = CUDNN_RNN_TANH_PARAMS_PER_LAYER


class CudnnParamsFormatConverterRelu(_GatedFormat):
  """The relu RNN: one gate, `BasicRNNCell`'s `kernel` and `bias`."""

  _rnn_mode = CUDNN_RNN_RELU
  _num_params_per_layer = CUDNN_RNN_RELU_PARAMS_PER_LAYER


class CudnnParamsFormatConverterGRU(CudnnParamsFormatConverter):
  """GRU: `gates/kernel` holds cuDNN's `r, u` matrices; the candidate's input
  and state matrices stay separate (`candidate/input_projection`,
  `candidate/hidden_projection`), and so do its two biases."""

  _rnn_mode = CUDNN_GRU
  _num_params_per_layer = CUDNN_GRU_PARAMS_PER_LAYER
  _num_tf_weights = 3

  def tf_canonical_shapes(self, layer):
    in_size, units = self._layer_input_size(layer), self._num_units
    return ([[in_size + units, 2 * units], [in_size, units], [units, units]],
            [[2 * units], [units], [units]])

  def tf_to_cu_weights(self, layer, tf_weights):
    gates, candidate_input, candidate_hidden = tf_weights
    in_size = self._layer_input_size(layer)
    w_r, w_u = tf.split(tf.transpose(gates), 2, axis=0)
    w_ir, r_r = tf.split(w_r, [in_size, self._num_units], axis=1)
    w_iu, r_u = tf.split(w_u, [in_size, self._num_units], axis=1)
    return [w_ir, w_iu, tf.transpose(candidate_input), r_r, r_u,
            tf.transpose(candidate_hidden)]

  def tf_to_cu_biases(self, tf_biases):
    gates, candidate_input, candidate_hidden = tf_biases
    b_r, b_u = tf.split(gates * 0.5, 2, axis=0)
    return [b_r, b_u, candidate_input, b_r, b_u, candidate_hidden]

  def cu_to_tf_weights(self, cu_weights):
    w_ir, w_iu, w_ic, r_r, r_u, r_c = cu_weights
    gates = tf.concat([tf.concat([w_ir, r_r], axis=1),
                       tf.concat([w_iu, r_u], axis=1)], axis=0)
    return [tf.transpose(gates), tf.transpose(w_ic), tf.transpose(r_c)]

  def cu_to_tf_biases(self, cu_biases):
    b_wr, b_wu, b_wc, b_rr, b_ru, b_rc = cu_biases
    return [tf.concat([b_wr + b_rr, b_wu + b_ru], axis=0), b_wc, b_rc]
