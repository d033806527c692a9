"""`GridLSTMCell` (Kalchbrenner, Danihelka and Graves 2016) and
`BidirectionalGridLSTMCell`: LSTMs over time and frequency, as TF 1.15's
contrib computed them (with Sainath and Li's peepholes)."""

import collections

import tensorflow as tf

from tf1_compat.contrib.rnn import coupled_lstm_cell
from tf1_compat.framework import checks
from tf1_compat.rnn import base

_V1 = tf.compat.v1

# The peephole weights of one block as (gate, LSTM, cell state looked at), in
# TF1's creation order: the frequency LSTM's `F`, `I`, `O`, each looking at
# `c_freq` (`f`) then `c_time` (`t`), then the time LSTM's.
_PEEPHOLES = tuple((gate, lstm, source)
                   for lstm in ("freq", "time")
                   for gate in ("F", "I", "O")
                   for source in ("f", "t"))


def _state_names(prefix, num_frequency_blocks):
  """`<prefix>_f<freq>_b<block>_c, ..._m` for every shift of every block."""
  names = []
  for block, count in enumerate(num_frequency_blocks):
    for freq in range(count):
      stem = "%s_f%02d_b%02d" % (prefix, freq, block)
      names += [stem + "_c", stem + "_m"]
  return names


class GridLSTMCell(base.LayerRNNCell):
  """A time LSTM and a frequency LSTM at every frequency shift of the input.

  The input `[batch, depth]` is cut into windows of `feature_size` taken every
  `frequency_skip` columns: one run of them over the whole input, or one per
  block `[start_freqindex_list[b], end_freqindex_list[b])`, and block `b`
  must have `num_frequency_blocks[b]` windows. At window `k` of block `b`,
  both LSTMs read `[x_k, m_time_k, m_freq_{k-1}]`, where `(c_time_k,
  m_time_k)` is the window's slice of the state and `(c_freq, m_freq)` is
  carried across windows from zeros. The frequency LSTM uses `W_f_<b>`,
  `B_f_<b>`; the time LSTM `W_t_<b>`, `B_t_<b>`, or the same ones with
  `share_time_frequency_weights`. Gates are `i, j, f, o` (`i, j, o` and
  `f = 1 - i` with `couple_input_forget_gates`); peepholes look at both
  `c_freq` and `c_time`; `cell_clip` clips both cell states. The output is
  `concat(m_time_k, m_freq_k for every window)` `[batch, 2 * num_units *
  total_blocks]`, the new state `(c_time_k, m_time_k)` for every window.

  With `state_is_tuple` the state is a `state_tuple_type` namedtuple with the
  fields `state_f<kk>_b<bb>_c`, `state_f<kk>_b<bb>_m`; otherwise their
  concatenation.

  Variables per block `b`: the kernel `W_f_<b>` `[feature_size + 2 *
  num_units, G * num_units]` (G = 4, or 3 when coupled), stored as the shards
  `W_f_<b>_0 .. W_f_<b>_<num_unit_shards - 1>` (so `W_f_0_0` with one shard),
  `B_f_<b>` (zeros), `W_t_<b>_<shard>`, `B_t_<b>`, and with peepholes
  `W_<F|I|O>_diag_<freq|time><f|t>_<b>` `[num_units]` (no `F` ones when
  coupled, no `time` ones when sharing weights).

  TF1 quirks kept on purpose: `initializer` is accepted and ignored (the
  kernels take the enclosing scope's initializer, else Glorot-uniform), and a
  concatenated state is read per window index only, so with several blocks
  every block reads the first block's slices of it.

  Args:
    num_units: Units of each LSTM.
    use_peepholes: Use the diagonal peephole weights.
    share_time_frequency_weights: One set of weights for both LSTMs.
    cell_clip: Clip the cell states to `±cell_clip`, or None.
    initializer: Ignored (see above).
    num_unit_shards: Shards of each kernel.
    forget_bias: Added to the forget gates at run time.
    feature_size: The window width.
    frequency_skip: The window stride.
    num_frequency_blocks: The number of windows of each block (required).
    start_freqindex_list: The first input column of each block, or None for
      one block over the whole input.
    end_freqindex_list: The end (exclusive) of each block.
    couple_input_forget_gates: Use `f = 1 - i`.
    state_is_tuple: Namedtuple states, else concatenated ones.
    reuse: Reuse the variables of an existing scope of the same name.

  Raises:
    ValueError: `num_frequency_blocks` missing, the block lists of unequal
      lengths (at construction); an input that does not give each block its
      number of windows (at the call).
  """

  def __init__(self, num_units, use_peepholes=False,
               share_time_frequency_weights=False, cell_clip=None,
               initializer=None, num_unit_shards=1, forget_bias=1.0,
               feature_size=None, frequency_skip=None,
               num_frequency_blocks=None, start_freqindex_list=None,
               end_freqindex_list=None, couple_input_forget_gates=False,
               state_is_tuple=True, reuse=None):
    super().__init__(_reuse=reuse)
    owner = type(self).__name__
    if not state_is_tuple:
      tf.get_logger().warning(
          "%s: Using a concatenated state is slower and will soon be "
          "deprecated.  Use state_is_tuple=True.", owner)
    if num_frequency_blocks is None:
      raise checks.ArgumentError("%s: Must specify num_frequency_blocks"
                                 % owner)
    self._num_units = checks.positive_int(num_units, "num_units", owner)
    self._use_peepholes = use_peepholes
    self._share_time_frequency_weights = share_time_frequency_weights
    self._couple_input_forget_gates = couple_input_forget_gates
    self._state_is_tuple = state_is_tuple
    self._cell_clip = cell_clip
    self._initializer = initializer
    self._num_unit_shards = checks.positive_int(num_unit_shards,
                                                "num_unit_shards", owner)
    self._forget_bias = forget_bias
    self._feature_size = checks.positive_int(feature_size, "feature_size",
                                             owner)
    self._frequency_skip = checks.positive_int(frequency_skip,
                                               "frequency_skip", owner)
    self._num_frequency_blocks = [
        checks.positive_int(n, "num_frequency_blocks[%d]" % b, owner)
        for b, n in enumerate(num_frequency_blocks)]
    self._start_freqindex_list = start_freqindex_list
    self._end_freqindex_list = end_freqindex_list
    if start_freqindex_list:
      if len(start_freqindex_list) != len(end_freqindex_list or ()):
        raise checks.ArgumentError(
            "%s: Length of start and end freqindex_list does not match %d %d"
            % (owner, len(start_freqindex_list),
               len(end_freqindex_list or ())))
      if len(self._num_frequency_blocks) != len(start_freqindex_list):
        raise checks.ArgumentError(
            "%s: Length of num_frequency_blocks is not equal to "
            "start_freqindex_list %d %d" % (owner, len(num_frequency_blocks),
                                            len(start_freqindex_list)))
    elif len(self._num_frequency_blocks) != 1:
      raise checks.ArgumentError(
          "%s: Length of num_frequency_blocks is not 1, but instead is %d "
          "(give start_freqindex_list and end_freqindex_list for several "
          "blocks)" % (owner, len(self._num_frequency_blocks)))
    self._total_blocks = sum(self._num_frequency_blocks)
    if state_is_tuple:
      self._state_tuple_type = collections.namedtuple(
          "GridLSTMStateTuple",
          _state_names("state", self._num_frequency_blocks))
      self._state_size = self._state_tuple_type(
          *[self._num_units] * (2 * self._total_blocks))
    else:
      self._state_tuple_type = None
      self._state_size = 2 * self._num_units * self._total_blocks
    self._output_size = 2 * self._num_units * self._total_blocks

  @property
  def output_size(self):
    return self._output_size

  @property
  def state_size(self):
    return self._state_size

  @property
  def state_tuple_type(self):
    """The namedtuple class of the state (None for a concatenated state)."""
    return self._state_tuple_type

  def _directions(self):
    """The variable sub-scopes of the LSTM sets: one, unnamed."""
    return ("",)

  def _add_block_weights(self, prefix, block):
    """`{name: weight}` of block `block`, created in TF1's order."""
    units = self._num_units
    gates = 3 if self._couple_input_forget_gates else 4
    shape = [self._feature_size + 2 * units, gates * units]
    lstms = ("f",) if self._share_time_frequency_weights else ("f", "t")
    weights = {}
    for lstm in lstms:
      weights["W_" + lstm] = coupled_lstm_cell.sharded_weight(
          self, "%sW_%s_%d" % (prefix, lstm, block), shape,
          self._num_unit_shards)
      weights["B_" + lstm] = self.add_weight(
          "%sB_%s_%d" % (prefix, lstm, block), shape=[gates * units],
          initializer=_V1.zeros_initializer())
    if self._use_peepholes:
      for gate, lstm, source in _PEEPHOLES:
        if gate == "F" and self._couple_input_forget_gates:
          continue
        if lstm == "time" and self._share_time_frequency_weights:
          continue
        name = "W_%s_diag_%s%s" % (gate, lstm, source)
        weights[name] = self.add_weight("%s%s_%d" % (prefix, name, block),
                                        shape=[units])
    return weights

  def build(self, inputs_shape):
    self._weights = {
        direction: [self._add_block_weights(
            direction + "/" if direction else "", block)
                    for block in range(len(self._num_frequency_blocks))]
        for direction in self._directions()}

  def _check_input(self, inputs):
    super()._check_input(inputs)
    self._block_spans(inputs.shape)

  def _block_spans(self, input_shape):
    """`(start, windows)` of each block of an input of `input_shape`.

    Raises:
      ValueError: a block that does not have its `num_frequency_blocks`
        windows.
    """
    if self._start_freqindex_list:
      bounds = list(zip(self._start_freqindex_list, self._end_freqindex_list))
    else:
      bounds = [(0, tf.compat.dimension_value(input_shape[-1]))]
    spans = []
    for block, (start, end) in enumerate(bounds):
      # TF1 truncated toward zero, not down: a block narrower than a
      # window by less than a stride still counts one window.
      count = int((end - start - self._feature_size) / self._frequency_skip) + 1
      if count != self._num_frequency_blocks[block]:
        raise ValueError(
            "Invalid num_frequency_blocks, requires %d but gets %d, please "
            "check the input size and filter config are correct (cell %r, "
            "block %d of input shape %s)" % (
                self._num_frequency_blocks[block], count, self._cell_label(),
                block, input_shape))
      spans.append((start, count))
    return spans

  def call(self, inputs, state):
    m_out, state_out = [], []
    for block, block_inputs in enumerate(self._make_tf_features(inputs)):
      m_block, state_block = self._compute(
          block_inputs, self._weights[""][block], block, state, "state",
          self._state_is_tuple)
      m_out += m_block
      state_out += state_block
    if self._state_is_tuple:
      new_state = self._state_tuple_type(*state_out)
    else:
      new_state = tf.concat(state_out, 1)
    return tf.concat(m_out, 1), new_state

  def _gates(self, cell_inputs, weights, lstm):
    """`i, j, f, o` of one LSTM (`f` is None when coupled)."""
    matrix = tf.nn.bias_add(tf.matmul(cell_inputs, weights["W_" + lstm]),
                            weights["B_" + lstm])
    if self._couple_input_forget_gates:
      i, j, o = tf.split(matrix, num_or_size_splits=3, axis=1)
      return i, j, None, o
    return tuple(tf.split(matrix, num_or_size_splits=4, axis=1))

  def _lstm_step(self, gates, c_prev, c_prev_freq, c_prev_time, weights, lstm):
    """The new cell state of the `freq` or `time` LSTM."""
    i, j, f, _ = gates

    def peep(gate):
      return (weights["W_%s_diag_%sf" % (gate, lstm)] * c_prev_freq
              + weights["W_%s_diag_%st" % (gate, lstm)] * c_prev_time)
    i_gate = tf.sigmoid(i + peep("I") if self._use_peepholes else i)
    if self._couple_input_forget_gates:
      f_gate = 1.0 - i_gate
    elif self._use_peepholes:
      f_gate = tf.sigmoid(f + self._forget_bias + peep("F"))
    else:
      f_gate = tf.sigmoid(f + self._forget_bias)
    c = f_gate * c_prev + i_gate * tf.tanh(j)
    if self._cell_clip is not None:
      c = tf.clip_by_value(c, -self._cell_clip, self._cell_clip)
    return c

  def _output(self, o, c, c_freq, c_time, weights, lstm):
    if self._use_peepholes:
      o = (o + weights["W_O_diag_%sf" % lstm] * c_freq
           + weights["W_O_diag_%st" % lstm] * c_time)
    return tf.sigmoid(o) * tf.tanh(c)

  def _compute(self, freq_inputs, weights, block, state, state_prefix,
               state_is_tuple):
    """One step of block `block` over its windows `freq_inputs`.

    Returns:
      `(outputs, states)`: the lists `[m_time, m_freq, ...]` and `[c_time,
      m_time, ...]`, two entries per window.
    """
    units = self._num_units
    batch = (tf.compat.dimension_value(freq_inputs[0].shape[0])
             or tf.shape(freq_inputs[0])[0])
    dtype = freq_inputs[0].dtype
    m_prev_freq = tf.zeros([batch, units], dtype)
    c_prev_freq = tf.zeros([batch, units], dtype)
    time_lstm = "freq" if self._share_time_frequency_weights else "time"
    time_weights = "f" if self._share_time_frequency_weights else "t"
    m_out, state_out = [], []
    for freq, window in enumerate(freq_inputs):
      if state_is_tuple:
        stem = "%s_f%02d_b%02d" % (state_prefix, freq, block)
        c_prev_time = getattr(state, stem + "_c")
        m_prev_time = getattr(state, stem + "_m")
      else:
        c_prev_time = tf.slice(state, [0, 2 * freq * units], [-1, units])
        m_prev_time = tf.slice(state, [0, (2 * freq + 1) * units], [-1, units])
      cell_inputs = tf.concat([window, m_prev_time, m_prev_freq], 1)
      freq_gates = self._gates(cell_inputs, weights, "f")
      time_gates = (freq_gates if self._share_time_frequency_weights
                    else self._gates(cell_inputs, weights, time_weights))
      c_freq = self._lstm_step(freq_gates, c_prev_freq, c_prev_freq,
                               c_prev_time, weights, "freq")
      c_time = self._lstm_step(time_gates, c_prev_time, c_prev_freq,
                               c_prev_time, weights, time_lstm)
      m_freq = self._output(freq_gates[3], c_freq, c_freq, c_time, weights,
                            "freq")
      m_time = self._output(time_gates[3], c_time, c_freq, c_time, weights,
                            time_lstm)
      m_prev_freq, c_prev_freq = m_freq, c_freq
      state_out += [c_time, m_time]
      m_out += [m_time, m_freq]
    return m_out, state_out

  def _make_tf_features(self, input_feat, slice_offset=0):
    """The windows of each block: a list (per block) of `[batch,
    feature_size]` slices.

    A positive `slice_offset` pads the input with that many zero columns at
    the end and starts every window that much later; a negative one pads at
    the front instead (the backward direction of
    `BidirectionalGridLSTMCell`).
    """
    if slice_offset > 0:
      inputs = tf.pad(input_feat, [[0, 0], [0, slice_offset]])
    elif slice_offset < 0:
      inputs = tf.pad(input_feat, [[0, 0], [-slice_offset, 0]])
      slice_offset = 0
    else:
      inputs = input_feat
    skip = self._frequency_skip
    return [[tf.slice(inputs, [0, start + slice_offset + k * skip],
                      [-1, self._feature_size]) for k in range(count)]
            for start, count in self._block_spans(input_feat.shape)]


class BidirectionalGridLSTMCell(GridLSTMCell):
  """A `GridLSTMCell` run over the frequency windows in both directions.

  The forward direction is `GridLSTMCell`'s step with its variables in
  sub-scope `fwd`; the backward one runs each block's windows in reverse
  order with its own variables in sub-scope `bwd`, on windows shifted by
  `backward_slice_offset` columns (see `_make_tf_features`). The time
  direction is untouched, so the cell still runs online. The state is always
  a `state_tuple_type` namedtuple (`fwd_state_f<kk>_b<bb>_c`, ..., then the
  `bwd_state_...` fields); the output is `concat(forward outputs, backward
  outputs)` `[batch, 4 * num_units * total_blocks]`.

  Variables: `GridLSTMCell`'s, once under `fwd/` and once under `bwd/`.

  Args:
    num_units, use_peepholes, share_time_frequency_weights, cell_clip,
    initializer, num_unit_shards, forget_bias, feature_size, frequency_skip,
    num_frequency_blocks, start_freqindex_list, end_freqindex_list,
    couple_input_forget_gates, reuse: As for `GridLSTMCell`.
    backward_slice_offset: The column offset of the backward windows.
  """

  def __init__(self, num_units, use_peepholes=False,
               share_time_frequency_weights=False, cell_clip=None,
               initializer=None, num_unit_shards=1, forget_bias=1.0,
               feature_size=None, frequency_skip=None,
               num_frequency_blocks=None, start_freqindex_list=None,
               end_freqindex_list=None, couple_input_forget_gates=False,
               backward_slice_offset=0, reuse=None):
    super().__init__(
        num_units, use_peepholes, share_time_frequency_weights, cell_clip,
        initializer, num_unit_shards, forget_bias, feature_size, frequency_skip,
        num_frequency_blocks, start_freqindex_list, end_freqindex_list,
        couple_input_forget_gates, True, reuse)
    self._backward_slice_offset = int(backward_slice_offset)
    names = []
    for direction in ("fwd", "bwd"):
      names += _state_names(direction + "_state", self._num_frequency_blocks)
    self._state_tuple_type = collections.namedtuple(
        "BidirectionalGridLSTMStateTuple", names)
    self._state_size = self._state_tuple_type(
        *[self._num_units] * (4 * self._total_blocks))
    self._output_size = 4 * self._num_units * self._total_blocks

  def _directions(self):
    return ("fwd", "bwd")

  def call(self, inputs, state):
    fwd_inputs = self._make_tf_features(inputs)
    bwd_inputs = (self._make_tf_features(inputs, self._backward_slice_offset)
                  if self._backward_slice_offset else fwd_inputs)
    m_out, state_out = {}, {}
    for direction, features in (("fwd", fwd_inputs), ("bwd", bwd_inputs)):
      m_out[direction], state_out[direction] = [], []
      for block, block_inputs in enumerate(features):
        if direction == "bwd":
          block_inputs = block_inputs[::-1]
        m_block, state_block = self._compute(
            block_inputs, self._weights[direction][block], block, state,
            direction + "_state", True)
        m_out[direction] += m_block
        state_out[direction] += state_block
    new_state = self._state_tuple_type(*(state_out["fwd"] + state_out["bwd"]))
    return tf.concat(m_out["fwd"] + m_out["bwd"], 1), new_state
