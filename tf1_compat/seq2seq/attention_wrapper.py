"""Attention: TF 1.15's mechanisms (Luong, Bahdanau, monotonic) and AttentionWrapper.

Variable placement follows TF1, so seq2seq checkpoints restore:

* A mechanism's `memory_layer` (a bias-free `tf1_compat.layers.Dense`) is applied
  to the memory in the constructor, so its kernel is `<scope at construction>/
  memory_layer/kernel` (`memory_layer_1/...` for a second mechanism).
* Scoring variables are made with `get_variable` when the mechanism is called,
  inside a default-named sub-scope of the caller's scope: under an
  `AttentionWrapper` in `dynamic_decode` that is
  `decoder/attention_wrapper/luong_attention/attention_g` or
  `decoder/attention_wrapper/bahdanau_attention/{attention_v, query_layer/kernel}`.
* The wrapper's cell lives at `decoder/attention_wrapper/<cell scope>/...` and its
  attention layer (bias-free, no activation) at
  `decoder/attention_wrapper/attention_layer/kernel`.
"""

import abc
import collections
import functools
import math

import numpy as np
import tensorflow as tf

from tf1_compat import layers as layers_lib
from tf1_compat.framework import checks
from tf1_compat.rnn import base as rnn_base

_V1 = tf.compat.v1


class AttentionMechanism(abc.ABC):
  """What `AttentionWrapper` needs from a mechanism.

  Concrete mechanisms also provide `values` `[batch, memory_time, depth]`,
  `batch_size`, `dtype`, `initial_alignments(batch_size, dtype)`,
  `initial_state(batch_size, dtype)` and `__call__(query, state) -> (alignments,
  next_state)`; `_BaseAttentionMechanism` implements all of them.
  """

  @property
  @abc.abstractmethod
  def alignments_size(self):
    """The memory time: the size of one alignment vector."""

  @property
  @abc.abstractmethod
  def state_size(self):
    """The size (structure) of the mechanism's recurrent state."""


def _prepare_memory(memory, memory_sequence_length, check_inner_dims_defined):
  """Converts `memory` and zeroes its rows at and beyond each entry's length."""
  memory = tf.nest.map_structure(
      lambda m: tf.convert_to_tensor(m, name="memory"), memory)
  if memory_sequence_length is not None:
    memory_sequence_length = tf.convert_to_tensor(
        memory_sequence_length, name="memory_sequence_length")
  if check_inner_dims_defined:
    for m in tf.nest.flatten(memory):
      if m.shape.rank is None or not m.shape[2:].is_fully_defined():
        raise ValueError("Expected memory %s to have fully defined inner dims, "
                         "but saw shape: %s" % (m.name, m.shape))
  if memory_sequence_length is None:
    return memory
  first = tf.nest.flatten(memory)[0]
  seq_len_mask = tf.sequence_mask(memory_sequence_length,
                                  maxlen=tf.shape(first)[1], dtype=first.dtype)

  def mask(m):
    extra_ones = tf.ones(m.shape.rank - 2, dtype=tf.int32)
    return m * tf.reshape(seq_len_mask,
                          tf.concat((tf.shape(seq_len_mask), extra_ones), 0))

  return tf.nest.map_structure(mask, memory)


def _maybe_mask_score(score, memory_sequence_length, score_mask_value):
  """Sets scores at and beyond each entry's memory length to `score_mask_value`.

  Adds a run-time assertion that every length is > 0 (an empty memory would make
  every score masked and the softmax NaN).
  """
  if memory_sequence_length is None:
    return score
  check = tf.debugging.assert_positive(
      memory_sequence_length,
      message="All values in memory_sequence_length must be greater than zero.")
  with tf.control_dependencies([check]):
    memory_mask = tf.sequence_mask(memory_sequence_length,
                                   maxlen=tf.shape(score)[1])
  return tf.where(memory_mask, score, score_mask_value * tf.ones_like(score))


class _BaseAttentionMechanism(AttentionMechanism):
  """Stores the memory, its keys (`memory_layer(memory)`) and the scorer plumbing.

  `values` are the memory with positions `>= memory_sequence_length` zeroed.
  Scores at those positions become `score_mask_value` (default -inf) before
  `probability_fn`, so alignments there are exactly 0 with softmax.
  """

  def __init__(self, query_layer, memory, probability_fn,
               memory_sequence_length=None, memory_layer=None,
               check_inner_dims_defined=True, score_mask_value=None,
               custom_key_value_fn=None, name=None):
    """Creates the mechanism.

    Args:
      query_layer: Optional callable applied to the query (e.g. a `Dense`).
      memory: `[batch, memory_time, ...]`, usually encoder outputs.
      probability_fn: `(score, previous_alignments) -> alignments`.
      memory_sequence_length: Optional `[batch]` lengths of the memory.
      memory_layer: Optional callable producing the keys from the memory.
      check_inner_dims_defined: Require static dimensions beyond the second.
      score_mask_value: Score at masked positions; default -inf.
      custom_key_value_fn: Optional `(keys, values) -> (keys, values)`.
      name: Name scope of the ops built here.

    Raises:
      TypeError: if a layer or `probability_fn` is not callable.
      ValueError: if the memory's inner dimensions are not static.
    """
    for label, layer in (("query_layer", query_layer),
                         ("memory_layer", memory_layer)):
      if layer is not None and not callable(layer):
        raise TypeError("%s is not a Layer: %s" % (label, type(layer).__name__))
    if not callable(probability_fn):
      raise TypeError("probability_fn must be callable, saw type: %s"
                      % type(probability_fn).__name__)
    self._query_layer = query_layer
    self._memory_layer = memory_layer
    with tf.name_scope(name or "BaseAttentionMechanismInit"):
      self._values = _prepare_memory(memory, memory_sequence_length,
                                     check_inner_dims_defined)
      self._keys = (self._memory_layer(self._values) if self._memory_layer
                    else self._values)
      if custom_key_value_fn is not None:
        self._keys, self._values = custom_key_value_fn(self._keys, self._values)
    layer_dtype = getattr(memory_layer, "dtype", None)
    self.dtype = tf.as_dtype(layer_dtype or self._values.dtype)
    if score_mask_value is None:
      score_mask_value = self.dtype.as_numpy_dtype(-np.inf)
    self._probability_fn = lambda score, prev: probability_fn(
        _maybe_mask_score(score, memory_sequence_length, score_mask_value), prev)
    self._batch_size = (tf.compat.dimension_value(self._keys.shape[0]) or
                        tf.shape(self._keys)[0])
    self._alignments_size = (tf.compat.dimension_value(self._keys.shape[1]) or
                             tf.shape(self._keys)[1])

  @property
  def memory_layer(self):
    return self._memory_layer

  @property
  def query_layer(self):
    return self._query_layer

  @property
  def values(self):
    """The (masked) memory, `[batch, memory_time, depth]`."""
    return self._values

  @property
  def keys(self):
    """`memory_layer(values)`, `[batch, memory_time, num_units]`."""
    return self._keys

  @property
  def batch_size(self):
    return self._batch_size

  @property
  def alignments_size(self):
    return self._alignments_size

  @property
  def state_size(self):
    return self._alignments_size

  def initial_alignments(self, batch_size, dtype):
    """Zeros `[batch_size, memory_time]`."""
    return rnn_base.zero_state_tensors(self._alignments_size, batch_size, dtype)

  def initial_state(self, batch_size, dtype):
    """The mechanism's first state: by default the initial alignments."""
    return self.initial_alignments(batch_size, dtype)


def _luong_score(query, keys, scale):
  """`query . keys^T` per entry, optionally times a scalar `scale`.

  Raises:
    ValueError: if the query depth differs from the keys' (`num_units`).
  """
  depth = tf.compat.dimension_value(query.shape[-1])
  key_units = tf.compat.dimension_value(keys.shape[-1])
  if depth != key_units:
    raise ValueError(
        "Incompatible or unknown inner dimensions between query and keys.  "
        "Query (%s) has units: %s.  Keys (%s) have units: %s.  Perhaps you need "
        "to set num_units to the keys' dimension (%s)?"
        % (query, depth, keys, key_units, key_units))
  score = tf.squeeze(tf.matmul(tf.expand_dims(query, 1), keys,
                               transpose_b=True), [1])
  if scale is not None:
    score = scale * score
  return score


class LuongAttention(_BaseAttentionMechanism):
  """Multiplicative attention (Luong et al., 2015): `score = query . keys`.

  Only the memory is projected, so the query (the cell output) must have
  `num_units` units. With `scale=True` the score is multiplied by a learned
  scalar `luong_attention/attention_g` (initialized to 1).
  """

  def __init__(self, num_units, memory, memory_sequence_length=None,
               scale=False, probability_fn=None, score_mask_value=None,
               dtype=None, custom_key_value_fn=None, name="LuongAttention"):
    """Creates the mechanism; see `_BaseAttentionMechanism` for the arguments.

    `probability_fn` takes the score only (default `tf.nn.softmax`); `name`
    only names ops, not variables.
    """
    probability_fn = probability_fn or tf.nn.softmax
    dtype = dtype or tf.float32
    num_units = checks.positive_int(num_units, "num_units",
                                    type(self).__name__)
    super().__init__(
        query_layer=None,
        memory_layer=layers_lib.Dense(num_units, name="memory_layer",
                                      use_bias=False, dtype=dtype),
        memory=memory,
        probability_fn=lambda score, _: probability_fn(score),
        memory_sequence_length=memory_sequence_length,
        score_mask_value=score_mask_value,
        custom_key_value_fn=custom_key_value_fn, name=name)
    self._num_units = num_units
    self._scale = scale
    self._name = name

  def __call__(self, query, state):
    """Returns `(alignments, next_state)`, both `[batch, memory_time]`."""
    with _V1.variable_scope(None, default_name="luong_attention"):
      attention_g = None
      if self._scale:
        attention_g = _V1.get_variable(
            "attention_g", dtype=query.dtype,
            initializer=_V1.ones_initializer(), shape=())
      score = _luong_score(query, self._keys, attention_g)
    alignments = self._probability_fn(score, state)
    return alignments, alignments


def _bahdanau_score(processed_query, keys, attention_v, attention_g=None,
                    attention_b=None):
  """`sum(v * tanh(keys + query))`, or the weight-normalized form."""
  processed_query = tf.expand_dims(processed_query, 1)
  if attention_g is not None and attention_b is not None:
    normed_v = attention_g * attention_v * tf.math.rsqrt(
        tf.reduce_sum(tf.square(attention_v)))
    return tf.reduce_sum(
        normed_v * tf.tanh(keys + processed_query + attention_b), [2])
  return tf.reduce_sum(attention_v * tf.tanh(keys + processed_query), [2])


def _bahdanau_variables(num_units, normalize, dtype):
  attention_v = _V1.get_variable("attention_v", [num_units], dtype=dtype)
  if not normalize:
    return attention_v, None, None
  attention_g = _V1.get_variable(
      "attention_g", dtype=dtype,
      initializer=_V1.constant_initializer(math.sqrt(1. / num_units)), shape=())
  attention_b = _V1.get_variable(
      "attention_b", [num_units], dtype=dtype,
      initializer=_V1.zeros_initializer())
  return attention_v, attention_g, attention_b


class BahdanauAttention(_BaseAttentionMechanism):
  """Additive attention (Bahdanau et al., 2015).

  `score = sum(attention_v * tanh(keys + query_layer(query)))`; both layers are
  bias-free `Dense(num_units)`. With `normalize=True`, `attention_v` is replaced
  by `attention_g * v / |v|` (`attention_g` initialized to `sqrt(1/num_units)`)
  and a bias `attention_b` (zeros) is added inside the tanh.
  """

  def __init__(self, num_units, memory, memory_sequence_length=None,
               normalize=False, probability_fn=None, score_mask_value=None,
               dtype=None, custom_key_value_fn=None, name="BahdanauAttention"):
    """Creates the mechanism; see `_BaseAttentionMechanism` for the arguments.

    `probability_fn` takes the score only (default `tf.nn.softmax`); `name`
    only names ops, not variables.
    """
    probability_fn = probability_fn or tf.nn.softmax
    dtype = dtype or tf.float32
    num_units = checks.positive_int(num_units, "num_units",
                                    type(self).__name__)
    super().__init__(
        query_layer=layers_lib.Dense(num_units, name="query_layer",
                                     use_bias=False, dtype=dtype),
        memory_layer=layers_lib.Dense(num_units, name="memory_layer",
                                      use_bias=False, dtype=dtype),
        memory=memory,
        probability_fn=lambda score, _: probability_fn(score),
        custom_key_value_fn=custom_key_value_fn,
        memory_sequence_length=memory_sequence_length,
        score_mask_value=score_mask_value, name=name)
    self._num_units = num_units
    self._normalize = normalize
    self._name = name

  def __call__(self, query, state):
    """Returns `(alignments, next_state)`, both `[batch, memory_time]`."""
    with _V1.variable_scope(None, default_name="bahdanau_attention"):
      processed_query = self.query_layer(query) if self.query_layer else query
      attention_v, attention_g, attention_b = _bahdanau_variables(
          self._num_units, self._normalize, query.dtype)
      score = _bahdanau_score(processed_query, self._keys, attention_v,
                              attention_g=attention_g, attention_b=attention_b)
    alignments = self._probability_fn(score, state)
    return alignments, alignments


def safe_cumprod(x, *args, **kwargs):
  """`cumprod(x)` computed as `exp(cumsum(log(x)))` with `x` clipped to
  `[tiny, 1]`, avoiding underflow; takes `tf.math.cumsum`'s arguments."""
  with tf.name_scope("SafeCumprod"):
    x = tf.convert_to_tensor(x, name="x")
    tiny = np.finfo(x.dtype.as_numpy_dtype).tiny
    return tf.exp(tf.cumsum(tf.math.log(tf.clip_by_value(x, tiny, 1)),
                            *args, **kwargs))


def monotonic_attention(p_choose_i, previous_attention, mode):
  """Monotonic attention distribution from choosing probabilities (Raffel et al.).

  Args:
    p_choose_i: `[batch, memory_time]` probabilities in `[0, 1]`.
    previous_attention: `[batch, memory_time]`; a one-hot at 0 for the first
      step.
    mode: "recursive" (exact, `tf.scan`), "parallel" (cumsum/cumprod closed
      form, approximate) or "hard" (probabilities must be 0 or 1).

  Returns:
    `[batch, memory_time]` attention.

  Raises:
    ValueError: for an unknown `mode`.
  """
  p_choose_i = tf.convert_to_tensor(p_choose_i, name="p_choose_i")
  previous_attention = tf.convert_to_tensor(previous_attention,
                                            name="previous_attention")
  if mode == "recursive":
    batch_size = (tf.compat.dimension_value(p_choose_i.shape[0]) or
                  tf.shape(p_choose_i)[0])
    shifted_1mp_choose_i = tf.concat(
        [tf.ones((batch_size, 1), dtype=p_choose_i.dtype),
         1 - p_choose_i[:, :-1]], 1)
    attention = p_choose_i * tf.transpose(tf.scan(
        lambda x, yz: tf.reshape(yz[0] * x + yz[1], (batch_size,)),
        [tf.transpose(shifted_1mp_choose_i), tf.transpose(previous_attention)],
        tf.zeros((batch_size,), dtype=p_choose_i.dtype)))
  elif mode == "parallel":
    cumprod_1mp_choose_i = safe_cumprod(1 - p_choose_i, axis=1, exclusive=True)
    attention = p_choose_i * cumprod_1mp_choose_i * tf.cumsum(
        previous_attention /
        tf.clip_by_value(cumprod_1mp_choose_i, 1e-10, 1.), axis=1)
  elif mode == "hard":
    p_choose_i *= tf.cumsum(previous_attention, axis=1)
    attention = p_choose_i * tf.math.cumprod(1 - p_choose_i, axis=1,
                                             exclusive=True)
  else:
    raise ValueError("mode must be 'recursive', 'parallel', or 'hard', saw %r"
                     % (mode,))
  return attention


def _monotonic_probability_fn(score, previous_alignments, sigmoid_noise, mode,
                              seed=None):
  """Noisy sigmoid of the score, then `monotonic_attention`."""
  if sigmoid_noise > 0:
    noise = tf.random.normal(tf.shape(score), dtype=score.dtype, seed=seed)
    score += sigmoid_noise * noise
  if mode == "hard":
    p_choose_i = tf.cast(score > 0, score.dtype)
  else:
    p_choose_i = tf.sigmoid(score)
  return monotonic_attention(p_choose_i, previous_alignments, mode)


class _BaseMonotonicAttentionMechanism(_BaseAttentionMechanism):
  """Monotonic mechanisms start from a one-hot alignment at memory position 0."""

  def initial_alignments(self, batch_size, dtype):
    return tf.one_hot(tf.zeros((batch_size,), dtype=tf.int32),
                      self._alignments_size, dtype=dtype)


class BahdanauMonotonicAttention(_BaseMonotonicAttentionMechanism):
  """`BahdanauAttention`'s energy plus a learned scalar bias
  (`attention_score_bias`, init `score_bias_init`), through
  `monotonic_attention` instead of softmax. Variables live under
  `bahdanau_monotonic_attention/`."""

  def __init__(self, num_units, memory, memory_sequence_length=None,
               normalize=False, score_mask_value=None, sigmoid_noise=0.,
               sigmoid_noise_seed=None, score_bias_init=0., mode="parallel",
               dtype=None, name="BahdanauMonotonicAttention"):
    dtype = dtype or tf.float32
    num_units = checks.positive_int(num_units, "num_units",
                                    type(self).__name__)
    super().__init__(
        query_layer=layers_lib.Dense(num_units, name="query_layer",
                                     use_bias=False, dtype=dtype),
        memory_layer=layers_lib.Dense(num_units, name="memory_layer",
                                      use_bias=False, dtype=dtype),
        memory=memory,
        probability_fn=functools.partial(
            _monotonic_probability_fn, sigmoid_noise=sigmoid_noise, mode=mode,
            seed=sigmoid_noise_seed),
        memory_sequence_length=memory_sequence_length,
        score_mask_value=score_mask_value, name=name)
    self._num_units = num_units
    self._normalize = normalize
    self._name = name
    self._score_bias_init = score_bias_init

  def __call__(self, query, state):
    """Returns `(alignments, next_state)`, both `[batch, memory_time]`."""
    with _V1.variable_scope(None, default_name="bahdanau_monotonic_attention"):
      processed_query = self.query_layer(query) if self.query_layer else query
      attention_v, attention_g, attention_b = _bahdanau_variables(
          self._num_units, self._normalize, query.dtype)
      score = _bahdanau_score(processed_query, self._keys, attention_v,
                              attention_g=attention_g, attention_b=attention_b)
      # A callable initializer: the variable is made inside the decoder's
      # while loop, where a constant initial value would belong to the loop.
      score_bias = _V1.get_variable(
          "attention_score_bias", shape=(), dtype=processed_query.dtype,
          initializer=_V1.constant_initializer(self._score_bias_init))
      score += score_bias
    alignments = self._probability_fn(score, state)
    return alignments, alignments


class LuongMonotonicAttention(_BaseMonotonicAttentionMechanism):
  """`LuongAttention`'s energy plus a learned scalar bias
  (`attention_score_bias`, init `score_bias_init`), through
  `monotonic_attention` instead of softmax. Variables live under
  `luong_monotonic_attention/`."""

  def __init__(self, num_units, memory, memory_sequence_length=None,
               scale=False, score_mask_value=None, sigmoid_noise=0.,
               sigmoid_noise_seed=None, score_bias_init=0., mode="parallel",
               dtype=None, name="LuongMonotonicAttention"):
    dtype = dtype or tf.float32
    num_units = checks.positive_int(num_units, "num_units",
                                    type(self).__name__)
    super().__init__(
        query_layer=None,
        memory_layer=layers_lib.Dense(num_units, name="memory_layer",
                                      use_bias=False, dtype=dtype),
        memory=memory,
        probability_fn=functools.partial(
            _monotonic_probability_fn, sigmoid_noise=sigmoid_noise, mode=mode,
            seed=sigmoid_noise_seed),
        memory_sequence_length=memory_sequence_length,
        score_mask_value=score_mask_value, name=name)
    self._num_units = num_units
    self._scale = scale
    self._score_bias_init = score_bias_init
    self._name = name

  def __call__(self, query, state):
    """Returns `(alignments, next_state)`, both `[batch, memory_time]`."""
    with _V1.variable_scope(None, default_name="luong_monotonic_attention"):
      attention_g = None
      if self._scale:
        attention_g = _V1.get_variable(
            "attention_g", dtype=query.dtype,
            initializer=_V1.ones_initializer(), shape=())
      score = _luong_score(query, self._keys, attention_g)
      score_bias = _V1.get_variable(
          "attention_score_bias", shape=(), dtype=query.dtype,
          initializer=_V1.constant_initializer(self._score_bias_init))
      score += score_bias
    alignments = self._probability_fn(score, state)
    return alignments, alignments


def hardmax(logits, name=None):
  """One-hot vectors at the argmax of the last axis of `logits`."""
  with tf.name_scope(name or "Hardmax"):
    logits = tf.convert_to_tensor(logits, name="logits")
    depth = (tf.compat.dimension_value(logits.shape[-1]) or
             tf.shape(logits)[-1])
    return tf.one_hot(tf.argmax(logits, -1), depth, dtype=logits.dtype)


class AttentionWrapperState(
    collections.namedtuple("AttentionWrapperState",
                           ("cell_state", "attention", "time", "alignments",
                            "alignment_history", "attention_state"))):
  """The state of an `AttentionWrapper`.

  Fields: `cell_state` (the wrapped cell's); `attention` `[batch, attention
  size]`, emitted at the previous step and fed to the next; `time`, a scalar
  `int32` step counter; `alignments` `[batch, memory_time]` (a tuple with several
  mechanisms); `alignment_history`, a TensorArray per mechanism (or `()`) whose
  `stack()` is `[decoder_steps, batch, memory_time]`; `attention_state`, each
  mechanism's own state.
  """
  __slots__ = ()

  def clone(self, **kwargs):
    """A copy with the given fields replaced, e.g. `clone(cell_state=enc_state)`.

    Each replacing tensor must have the shape of the one it replaces: a static
    mismatch raises ValueError; an unknown dimension gets a run-time assertion.
    The old static shape is set on the new tensor.
    """
    def with_same_shape(old, new):
      if isinstance(old, tf.Tensor) and isinstance(new, tf.Tensor):
        return _with_same_shape(old, new)
      return new
    return tf.nest.map_structure(with_same_shape, self,
                                 super()._replace(**kwargs))


def _with_same_shape(old, new):
  if not old.shape.is_compatible_with(new.shape):
    raise ValueError("AttentionWrapperState.clone: the new tensor %s has shape "
                     "%s, incompatible with the shape %s of the field it "
                     "replaces" % (new.name, new.shape, old.shape))
  if not (old.shape.is_fully_defined() and new.shape.is_fully_defined()):
    check = tf.debugging.assert_equal(
        tf.shape(new), tf.shape(old),
        message="AttentionWrapperState.clone: the new tensor's shape differs "
                "from the shape of the field it replaces")
    with tf.control_dependencies([check]):
      new = tf.identity(new)
  new.set_shape(old.shape.merge_with(new.shape))
  return new


def _compute_attention(attention_mechanism, cell_output, attention_state,
                       attention_layer):
  """Returns `(attention, alignments, next_attention_state)` for one mechanism.

  `context = alignments @ values`; the attention is
  `attention_layer(concat([cell_output, context], 1))`, or the context itself.
  """
  alignments, next_attention_state = attention_mechanism(
      cell_output, state=attention_state)
  context = tf.squeeze(tf.matmul(tf.expand_dims(alignments, 1),
                                 attention_mechanism.values), [1])
  if attention_layer is not None:
    attention = attention_layer(tf.concat([cell_output, context], 1))
  else:
    attention = context
  return attention, alignments, next_attention_state


class AttentionWrapper(rnn_base.RNNCell):
  """Wraps a cell with attention over a memory (TF 1.15 semantics).

  One step:
  1. `cell_inputs = cell_input_fn(inputs, state.attention)` — by default
     `concat([inputs, attention], -1)`: the previous attention is fed back
     ("input feeding"), zeros at the first step.
  2. `cell_output, cell_state = cell(cell_inputs, state.cell_state)`.
  3. Each mechanism scores `cell_output` against its keys → `alignments`.
  4. `context = alignments @ values`.
  5. `attention = attention_layer(concat([cell_output, context]))` — a
     bias-free, activation-free `Dense(attention_layer_size)` — or the context
     when no attention layer is configured; concatenated over mechanisms.
  6. With `alignment_history`, the alignments are written at `state.time`.
  7. The output is `attention` (`output_attention=True`, Luong style) or
     `cell_output` (Bahdanau style); the attention is in the next state either
     way.

  With a `BeamSearchDecoder`, the memory, its lengths and the initial cell
  state must be tiled with `tile_batch` and `zero_state` called with
  `batch_size * beam_width`; otherwise the batch-size assertions here fail.
  """

  def __init__(self, cell, attention_mechanism, attention_layer_size=None,
               alignment_history=False, cell_input_fn=None,
               output_attention=True, initial_cell_state=None, name=None,
               attention_layer=None, attention_fn=None, dtype=None):
    """Creates the wrapper.

    Args:
      cell: The RNN cell to wrap.
      attention_mechanism: An `AttentionMechanism`, or a list of them (then
        alignments and attention states are tuples).
      attention_layer_size: Optional int (list with several mechanisms): the
        depth of the attention layer(s). None uses the context as attention.
      alignment_history: Keep every step's alignments in a TensorArray.
      cell_input_fn: Optional `(inputs, attention) -> cell_inputs`.
      output_attention: Output the attention (True) or the cell output.
      initial_cell_state: Optional cell state returned by `zero_state`.
      name: Base name of the variable scope (default `attention_wrapper`).
      attention_layer: Optional layer(s) instead of `attention_layer_size`.
      attention_fn: Optional `(mechanism, cell_output, attention_state,
        attention_layer) -> (attention, alignments, next_attention_state)`.
      dtype: The cell dtype.

    Raises:
      TypeError: on a non-mechanism, or non-callable `cell_input_fn`.
      ValueError: if `attention_layer_size` and `attention_layer` are both set,
        or their lengths differ from the number of mechanisms.
    """
    super().__init__(name=name, dtype=dtype)
    rnn_base.assert_like_rnncell("cell", cell, "AttentionWrapper")
    if isinstance(attention_mechanism, (list, tuple)):
      self._is_multi = True
      attention_mechanisms = tuple(attention_mechanism)
      for mechanism in attention_mechanisms:
        if not isinstance(mechanism, AttentionMechanism):
          raise TypeError("attention_mechanism must contain only instances of "
                          "AttentionMechanism, saw type: %s"
                          % type(mechanism).__name__)
    else:
      self._is_multi = False
      if not isinstance(attention_mechanism, AttentionMechanism):
        raise TypeError(
            "attention_mechanism must be an AttentionMechanism or list of "
            "multiple AttentionMechanism instances, saw type: %s"
            % type(attention_mechanism).__name__)
      attention_mechanisms = (attention_mechanism,)

    if cell_input_fn is None:
      cell_input_fn = lambda inputs, attention: tf.concat([inputs, attention],
                                                          -1)
    elif not callable(cell_input_fn):
      raise TypeError("cell_input_fn must be callable, saw type: %s"
                      % type(cell_input_fn).__name__)

    if attention_layer_size is not None and attention_layer is not None:
      raise ValueError("Only one of attention_layer_size and attention_layer "
                       "should be set")
    if attention_layer_size is not None:
      sizes = tuple(
          checks.positive_int(size, "attention_layer_size", type(self).__name__)
          for size in (attention_layer_size
                       if isinstance(attention_layer_size, (list, tuple))
                       else (attention_layer_size,)))
      if len(sizes) != len(attention_mechanisms):
        raise ValueError(
            "If provided, attention_layer_size must contain exactly one "
            "integer per attention_mechanism, saw: %d vs %d"
            % (len(sizes), len(attention_mechanisms)))
      self._attention_layers = tuple(
          layers_lib.Dense(size, name="attention_layer", use_bias=False,
                           dtype=attention_mechanisms[i].dtype)
          for i, size in enumerate(sizes))
      self._attention_layer_size = sum(sizes)
    elif attention_layer is not None:
      self._attention_layers = tuple(
          attention_layer if isinstance(attention_layer, (list, tuple))
          else (attention_layer,))
      if len(self._attention_layers) != len(attention_mechanisms):
        raise ValueError(
            "If provided, attention_layer must contain exactly one layer per "
            "attention_mechanism, saw: %d vs %d"
            % (len(self._attention_layers), len(attention_mechanisms)))
      self._attention_layer_size = sum(
          tf.compat.dimension_value(tf.TensorShape(layer.compute_output_shape(
              [None, cell.output_size +
               tf.compat.dimension_value(mechanism.values.shape[-1])]))[-1])
          for layer, mechanism in zip(self._attention_layers,
                                      attention_mechanisms))
    else:
      self._attention_layers = None
      self._attention_layer_size = sum(
          tf.compat.dimension_value(mechanism.values.shape[-1])
          for mechanism in attention_mechanisms)

    self._attention_fn = attention_fn or _compute_attention
    self._cell = cell
    self._attention_mechanisms = attention_mechanisms
    self._cell_input_fn = cell_input_fn
    self._output_attention = output_attention
    self._alignment_history = alignment_history
    with tf.name_scope(name or "AttentionWrapperInit"):
      if initial_cell_state is None:
        self._initial_cell_state = None
      else:
        last = tf.nest.flatten(initial_cell_state)[-1]
        state_batch_size = (tf.compat.dimension_value(last.shape[0]) or
                            tf.shape(last)[0])
        message = (
            "When constructing AttentionWrapper %s: Non-matching batch sizes "
            "between the memory (encoder output) and initial_cell_state.  Are "
            "you using the BeamSearchDecoder?  You may need to tile your "
            "initial state via the tile_batch function with argument "
            "multiple=beam_width." % self._base_name)
        with tf.control_dependencies(
            self._batch_size_checks(state_batch_size, message)):
          self._initial_cell_state = tf.nest.map_structure(
              lambda s: tf.identity(s, name="check_initial_cell_state"),
              initial_cell_state)

  def _batch_size_checks(self, batch_size, message):
    return [tf.debugging.assert_equal(batch_size, mechanism.batch_size,
                                      message=message)
            for mechanism in self._attention_mechanisms]

  def _item_or_tuple(self, seq):
    items = tuple(seq)
    return items if self._is_multi else items[0]

  @property
  def output_size(self):
    if self._output_attention:
      return self._attention_layer_size
    return self._cell.output_size

  @property
  def state_size(self):
    """An `AttentionWrapperState` of the component sizes."""
    return AttentionWrapperState(
        cell_state=self._cell.state_size,
        time=tf.TensorShape([]),
        attention=self._attention_layer_size,
        alignments=self._item_or_tuple(
            m.alignments_size for m in self._attention_mechanisms),
        attention_state=self._item_or_tuple(
            m.state_size for m in self._attention_mechanisms),
        alignment_history=self._item_or_tuple(
            m.alignments_size if self._alignment_history else ()
            for m in self._attention_mechanisms))

  def zero_state(self, batch_size, dtype):
    """The first `AttentionWrapperState`.

    The cell state is `initial_cell_state` if given, else the cell's zero
    state; `time` is 0, `attention` and `alignments` zeros, and
    `alignment_history` empty TensorArrays (or `()`). Asserts that `batch_size`
    equals every mechanism's memory batch (with beam search: `batch_size *
    beam_width` and a tiled memory) — at graph-build time when both are static.
    """
    with tf.name_scope(type(self).__name__ + "ZeroState"):
      if self._initial_cell_state is not None:
        cell_state = self._initial_cell_state
      else:
        cell_state = self._cell.zero_state(batch_size, dtype)
      message = (
          "When calling zero_state of AttentionWrapper %s: Non-matching batch "
          "sizes between the memory (encoder output) and the requested batch "
          "size.  Are you using the BeamSearchDecoder?  If so, make sure your "
          "encoder output has been tiled to beam_width via tile_batch, and the "
          "batch_size= argument passed to zero_state is batch_size * "
          "beam_width." % self._base_name)
      with tf.control_dependencies(self._batch_size_checks(batch_size,
                                                           message)):
        cell_state = tf.nest.map_structure(
            lambda s: tf.identity(s, name="checked_cell_state"), cell_state)
      initial_alignments = [m.initial_alignments(batch_size, dtype)
                            for m in self._attention_mechanisms]
      return AttentionWrapperState(
          cell_state=cell_state,
          time=tf.zeros([], dtype=tf.int32),
          attention=rnn_base.zero_state_tensors(self._attention_layer_size,
                                                batch_size, dtype),
          alignments=self._item_or_tuple(initial_alignments),
          attention_state=self._item_or_tuple(
              m.initial_state(batch_size, dtype)
              for m in self._attention_mechanisms),
          alignment_history=self._item_or_tuple(
              tf.TensorArray(dtype, size=0, dynamic_size=True,
                             element_shape=alignment.shape)
              if self._alignment_history else ()
              for alignment in initial_alignments))

  def call(self, inputs, state):
    """One attention step (see the class docstring).

    Raises:
      TypeError: if `state` is not an `AttentionWrapperState`.
    """
    if not isinstance(state, AttentionWrapperState):
      raise TypeError("Expected state to be instance of AttentionWrapperState. "
                      "Received type %s instead." % type(state).__name__)
    cell_inputs = self._cell_input_fn(inputs, state.attention)
    cell_output, next_cell_state = self._cell(cell_inputs, state.cell_state)

    cell_batch_size = (tf.compat.dimension_value(cell_output.shape[0]) or
                       tf.shape(cell_output)[0])
    message = (
        "When applying AttentionWrapper %s: Non-matching batch sizes between "
        "the memory (encoder output) and the query (decoder output).  Are you "
        "using the BeamSearchDecoder?  You may need to tile your memory input "
        "via the tile_batch function with argument multiple=beam_width."
        % self.name)
    with tf.control_dependencies(self._batch_size_checks(cell_batch_size,
                                                         message)):
      cell_output = tf.identity(cell_output, name="checked_cell_output")

    if self._is_multi:
      previous_attention_state = state.attention_state
      previous_alignment_history = state.alignment_history
    else:
      previous_attention_state = [state.attention_state]
      previous_alignment_history = [state.alignment_history]

    all_alignments, all_attentions, all_states, all_histories = [], [], [], []
    for i, mechanism in enumerate(self._attention_mechanisms):
      attention, alignments, next_attention_state = self._attention_fn(
          mechanism, cell_output, previous_attention_state[i],
          self._attention_layers[i] if self._attention_layers else None)
      history = (previous_alignment_history[i].write(state.time, alignments)
                 if self._alignment_history else ())
      all_states.append(next_attention_state)
      all_alignments.append(alignments)
      all_attentions.append(attention)
      all_histories.append(history)

    attention = tf.concat(all_attentions, 1)
    next_state = AttentionWrapperState(
        time=state.time + 1,
        cell_state=next_cell_state,
        attention=attention,
        attention_state=self._item_or_tuple(all_states),
        alignments=self._item_or_tuple(all_alignments),
        alignment_history=self._item_or_tuple(all_histories))
    if self._output_attention:
      return attention, next_state
    return cell_output, next_state
