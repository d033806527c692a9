"""Helpers: how a `BasicDecoder` samples ids and feeds the next inputs.

A helper answers three questions per step: where to start (`initialize`), which id
the outputs stand for (`sample`), and what goes in next and who has finished
(`next_inputs`). Helpers keep no memory of finished rows: `dynamic_decode` ORs each
step's flags into the previous ones.
"""

import abc
import collections

import tensorflow as tf

from tf1_compat.rnn import base as rnn_base
from tf1_compat.seq2seq import decoder as decoder_lib



class HelperStart(
    collections.namedtuple("HelperStart", ("finished", "next_inputs"))):
  """What `Helper.initialize` returns."""
  __slots__ = ()


class HelperNext(
    collections.namedtuple("HelperNext",
                           ("finished", "next_inputs", "next_state"))):
  """What `Helper.next_inputs` returns."""
  __slots__ = ()


def _unstack_ta(inputs):
  return tf.TensorArray(
      dtype=inputs.dtype, size=tf.shape(inputs)[0],
      element_shape=inputs.shape[1:]).unstack(inputs)


def _bernoulli_sample(probs, dtype=tf.int32, batch_size=None, seed=None):
  """One Bernoulli draw per batch entry: `uniform([batch] + shape(probs)) < probs`.

  With a scalar `probs` the result is `[batch_size]`; with a `[batch]` vector it
  is one draw per entry (`batch_size` ignored).
  """
  probs = tf.convert_to_tensor(probs, name="probs")
  if probs.shape.rank == 0:
    shape = tf.reshape(tf.convert_to_tensor(batch_size, dtype=tf.int32), [1])
  else:
    shape = tf.shape(probs)
  uniform = tf.random.uniform(shape, seed=seed, dtype=probs.dtype)
  return tf.cast(uniform < probs, dtype)


def _call_sampler(sample_n_fn, sample_shape):
  """`sample_n_fn(n)` for `n = prod(sample_shape)`, reshaped to `sample_shape + ...`.

  `sample_shape` is a scalar or a vector (TF 1.15's distributions' rule).
  """
  with tf.name_scope("call_sampler"):
    sample_shape = tf.convert_to_tensor(sample_shape, dtype=tf.int32,
                                        name="sample_shape")
    sample_shape = tf.reshape(sample_shape, [-1])
    samples = sample_n_fn(tf.reduce_prod(sample_shape))
    return tf.reshape(samples, tf.concat(
        [sample_shape, tf.shape(samples)[1:]], 0))


def bernoulli_sample(probs=None, logits=None, dtype=tf.int32, sample_shape=(),
                     seed=None):
  """`sample_shape + shape(probs)` Bernoulli draws: `uniform < probs`.

  Exactly one of `probs` and `logits` (then `probs = sigmoid(logits)`) is used,
  `probs` first, as in TF 1.15.
  """
  if probs is None:
    probs = tf.sigmoid(logits, name="probs")
  else:
    probs = tf.convert_to_tensor(probs, name="probs")
  batch_shape = tf.shape(probs)

  def sample_n(n):
    uniform = tf.random.uniform(tf.concat([[n], batch_shape], 0), seed=seed,
                                dtype=probs.dtype)
    return tf.cast(uniform < probs, dtype)

  return _call_sampler(sample_n, sample_shape)


def categorical_sample(logits, dtype=tf.int32, sample_shape=(), seed=None):
  """`sample_shape + shape(logits)[:-1]` draws of class ids (TF1's multinomial)."""
  logits = tf.convert_to_tensor(logits, name="logits")
  event_size = tf.shape(logits)[-1]
  batch_shape = tf.shape(logits)[:-1]

  def sample_n(n):
    logits_2d = logits if logits.shape.rank == 2 else tf.reshape(
        logits, [-1, event_size])
    sample_dtype = tf.int64 if logits.dtype.size > 4 else tf.int32
    draws = tf.random.categorical(logits_2d, n, seed=seed, dtype=sample_dtype)
    draws = tf.reshape(tf.transpose(draws), tf.concat([[n], batch_shape], 0))
    return tf.cast(draws, dtype)

  return _call_sampler(sample_n, sample_shape)


class Helper(abc.ABC):
  """Interface for sampling in a `BasicDecoder`."""

  @property
  @abc.abstractmethod
  def batch_size(self):
    """Scalar `int32` tensor (or int): the batch size."""

  @property
  @abc.abstractmethod
  def sample_ids_shape(self):
    """`TensorShape` of one sample id, without the batch dimension."""

  @property
  @abc.abstractmethod
  def sample_ids_dtype(self):
    """`DType` of the sample ids."""

  @abc.abstractmethod
  def initialize(self, name=None):
    """Returns `(initial_finished, initial_inputs)`."""

  @abc.abstractmethod
  def sample(self, time, outputs, state, name=None):
    """Returns the sample ids for the step's `outputs`."""

  @abc.abstractmethod
  def next_inputs(self, time, outputs, state, sample_ids, name=None):
    """Returns `(finished, next_inputs, next_state)`."""


class CustomHelper(Helper):
  """A helper made of three user functions.

  `batch_size` is the size of the `finished` vector returned by `initialize_fn`,
  and is only known after `initialize()` has been called.
  """

  def __init__(self, initialize_fn, sample_fn, next_inputs_fn,
               sample_ids_shape=None, sample_ids_dtype=None):
    """Creates the helper.

    Args:
      initialize_fn: `() -> (finished, next_inputs)`.
      sample_fn: `(time, outputs, state) -> sample_ids`, called by keyword.
      next_inputs_fn: `(time, outputs, state, sample_ids) -> (finished,
        next_inputs, next_state)`, called by keyword.
      sample_ids_shape: Shape of one sample id; default scalar `[]`.
      sample_ids_dtype: dtype of the ids; default `int32`.
    """
    self._initialize_fn = initialize_fn
    self._sample_fn = sample_fn
    self._next_inputs_fn = next_inputs_fn
    self._batch_size = None
    self._sample_ids_shape = tf.TensorShape(sample_ids_shape or [])
    self._sample_ids_dtype = tf.as_dtype(sample_ids_dtype or tf.int32)

  @property
  def batch_size(self):
    if self._batch_size is None:
      raise ValueError("CustomHelper.batch_size was read before initialize() "
                       "was called; it is the size of initialize_fn's finished")
    return self._batch_size

  @property
  def sample_ids_shape(self):
    return self._sample_ids_shape

  @property
  def sample_ids_dtype(self):
    return self._sample_ids_dtype

  def initialize(self, name=None):
    with tf.name_scope(name or "%sInitialize" % type(self).__name__):
      finished, next_inputs = self._initialize_fn()
      if self._batch_size is None:
        self._batch_size = tf.size(finished)
    return HelperStart(finished, next_inputs)

  def sample(self, time, outputs, state, name=None):
    with tf.name_scope(name or "%sSample" % type(self).__name__):
      return self._sample_fn(time=time, outputs=outputs, state=state)

  def next_inputs(self, time, outputs, state, sample_ids, name=None):
    with tf.name_scope(name or "%sNextInputs" % type(self).__name__):
      return HelperNext(*self._next_inputs_fn(
          time=time, outputs=outputs, state=state, sample_ids=sample_ids))


class TrainingHelper(Helper):
  """Teacher forcing: step `t` is fed `inputs[:, t]`, whatever was sampled.

  `finished` for a row becomes True once `time + 1 >= sequence_length`, so with
  `dynamic_decode` row `b` runs exactly `sequence_length[b]` steps. A row with
  length 0 starts finished. Once every row has finished the next inputs are
  zeros. Sample ids are the int32 argmax of the outputs.
  """

  def __init__(self, inputs, sequence_length, time_major=False, name=None):
    """Creates the helper.

    Args:
      inputs: A (structure of) tensor(s) `[batch, time, ...]`, or
        `[time, batch, ...]` with `time_major`.
      sequence_length: `int32` vector `[batch]`.
      time_major: Whether `inputs` are time-major.
      name: Name scope for the ops.

    Raises:
      ValueError: if `sequence_length` is not a vector.
    """
    with tf.name_scope(name or "TrainingHelper"):
      inputs = tf.nest.map_structure(
          lambda inp: tf.convert_to_tensor(inp, name="inputs"), inputs)
      self._inputs = inputs
      if not time_major:
        inputs = tf.nest.map_structure(rnn_base.transpose_batch_time, inputs)
      self._input_tas = tf.nest.map_structure(_unstack_ta, inputs)
      self._sequence_length = tf.convert_to_tensor(
          sequence_length, name="sequence_length")
      if self._sequence_length.shape.rank != 1:
        raise ValueError(
            "Expected sequence_length to be a vector, but received shape: %s"
            % self._sequence_length.shape)
      self._zero_inputs = tf.nest.map_structure(
          lambda inp: tf.zeros_like(inp[0, :]), inputs)
      self._batch_size = tf.size(self._sequence_length)

  @property
  def inputs(self):
    return self._inputs

  @property
  def sequence_length(self):
    return self._sequence_length

  @property
  def batch_size(self):
    return self._batch_size

  @property
  def sample_ids_shape(self):
    return tf.TensorShape([])

  @property
  def sample_ids_dtype(self):
    return tf.int32

  def initialize(self, name=None):
    with tf.name_scope(name or "TrainingHelperInitialize"):
      finished = tf.equal(0, self._sequence_length)
      next_inputs = tf.cond(
          tf.reduce_all(finished), lambda: self._zero_inputs,
          lambda: tf.nest.map_structure(lambda ta: ta.read(0), self._input_tas))
      return HelperStart(finished, next_inputs)

  def sample(self, time, outputs, state=None, name=None):
    del time, state
    with tf.name_scope(name or "TrainingHelperSample"):
      return tf.cast(tf.argmax(outputs, axis=-1), tf.int32)

  def next_inputs(self, time, outputs, state, sample_ids=None, name=None):
    del outputs, sample_ids
    with tf.name_scope(name or "TrainingHelperNextInputs"):
      next_time = time + 1
      finished = next_time >= self._sequence_length
      next_inputs = tf.cond(
          tf.reduce_all(finished), lambda: self._zero_inputs,
          lambda: tf.nest.map_structure(lambda ta: ta.read(next_time),
                                        self._input_tas))
      return HelperNext(finished, next_inputs, state)


def _check_sampling_probability(probability):
  probability = tf.convert_to_tensor(probability, name="sampling_probability")
  if probability.shape.rank not in (0, 1):
    raise ValueError("sampling_probability must be either a scalar or a vector. "
                     "saw shape: %s" % probability.shape)
  return probability


class ScheduledEmbeddingTrainingHelper(TrainingHelper):
  """Teacher forcing with scheduled sampling of embedded ids.

  At each step, each row independently (probability `sampling_probability`,
  drawn with `scheduling_seed`) is fed `embedding(id)` for an id drawn from the
  softmax of its outputs (with `seed`) instead of the ground truth. Sample ids are
  -1 where no sampling took place.
  """

  def __init__(self, inputs, sequence_length, embedding, sampling_probability,
               time_major=False, seed=None, scheduling_seed=None, name=None):
    """Creates the helper.

    Args:
      inputs: As for `TrainingHelper`.
      sequence_length: `int32` vector `[batch]`.
      embedding: An embedding matrix `[vocab, depth]`, or a callable on ids.
      sampling_probability: Scalar or `[batch]` float: the chance of sampling.
      time_major: Whether `inputs` are time-major.
      seed: Seed of the categorical draw.
      scheduling_seed: Seed of the per-row sample-or-not draw.
      name: Name scope for the ops.

    Raises:
      ValueError: if `sampling_probability` is not a scalar or vector.
    """
    with tf.name_scope(name or "ScheduledEmbeddingSamplingWrapper"):
      self._embedding_fn = decoder_lib.make_embedding_fn(embedding)
      self._sampling_probability = _check_sampling_probability(
          sampling_probability)
      self._seed = seed
      self._scheduling_seed = scheduling_seed
      super().__init__(inputs=inputs, sequence_length=sequence_length,
                       time_major=time_major, name=name)

  def sample(self, time, outputs, state=None, name=None):
    del time, state
    with tf.name_scope(name or "ScheduledEmbeddingTrainingHelperSample"):
      select_sample = _bernoulli_sample(
          self._sampling_probability, dtype=tf.bool,
          batch_size=self.batch_size, seed=self._scheduling_seed)
      return tf.where(select_sample,
                      categorical_sample(outputs, seed=self._seed),
                      tf.fill([self.batch_size], -1))

  def next_inputs(self, time, outputs, state, sample_ids=None, name=None):
    with tf.name_scope(name or "ScheduledEmbeddingTrainingHelperNextInputs"):
      finished, base_next_inputs, state = super().next_inputs(
          time=time, outputs=outputs, state=state, sample_ids=sample_ids)

      def maybe_sample():
        sampled = sample_ids > -1
        embedded = self._embedding_fn(tf.maximum(sample_ids, 0))
        return decoder_lib.select_rows(sampled, embedded, base_next_inputs)

      next_inputs = tf.cond(tf.reduce_all(finished),
                            lambda: base_next_inputs, maybe_sample)
      return HelperNext(finished, next_inputs, state)


class ScheduledOutputTrainingHelper(TrainingHelper):
  """Teacher forcing with scheduled sampling of the outputs themselves.

  Each row is, with probability `sampling_probability`, fed its own outputs (or
  `next_inputs_fn(outputs)`) instead of the ground truth; `auxiliary_inputs`, if
  given, are concatenated to whichever is fed. Sample ids are int32 0/1 flags.
  """

  def __init__(self, inputs, sequence_length, sampling_probability,
               time_major=False, seed=None, next_inputs_fn=None,
               auxiliary_inputs=None, name=None):
    """Creates the helper.

    Args:
      inputs: As for `TrainingHelper`.
      sequence_length: `int32` vector `[batch]`.
      sampling_probability: Scalar or `[batch]` float: the chance of sampling.
      time_major: Whether `inputs` (and `auxiliary_inputs`) are time-major.
      seed: Seed of the Bernoulli draw.
      next_inputs_fn: Optional callable applied to the sampled rows' outputs.
      auxiliary_inputs: Optional tensor shaped like `inputs` except the last
        dimension, concatenated to every next input.
      name: Name scope for the ops.

    Raises:
      ValueError: if `sampling_probability` is not a scalar or vector.
    """
    with tf.name_scope(name or "ScheduledOutputTrainingHelper"):
      self._sampling_probability = _check_sampling_probability(
          sampling_probability)
      if auxiliary_inputs is None:
        maybe_concatenated_inputs = inputs
      else:
        inputs = tf.convert_to_tensor(inputs, name="inputs")
        auxiliary_inputs = tf.convert_to_tensor(
            auxiliary_inputs, name="auxiliary_inputs")
        maybe_concatenated_inputs = tf.concat((inputs, auxiliary_inputs), -1)
        if not time_major:
          auxiliary_inputs = rnn_base.transpose_batch_time(auxiliary_inputs)
      self._auxiliary_input_tas = (
          _unstack_ta(auxiliary_inputs) if auxiliary_inputs is not None
          else None)
      self._seed = seed
      self._next_inputs_fn = next_inputs_fn
      super().__init__(inputs=maybe_concatenated_inputs,
                       sequence_length=sequence_length,
                       time_major=time_major, name=name)

  def sample(self, time, outputs, state=None, name=None):
    del time, outputs, state
    with tf.name_scope(name or "ScheduledOutputTrainingHelperSample"):
      return _bernoulli_sample(self._sampling_probability,
                              batch_size=self.batch_size, seed=self._seed)

  def next_inputs(self, time, outputs, state, sample_ids=None, name=None):
    with tf.name_scope(name or "ScheduledOutputTrainingHelperNextInputs"):
      finished, base_next_inputs, state = super().next_inputs(
          time=time, outputs=outputs, state=state, sample_ids=sample_ids)
      sampled = tf.cast(sample_ids, tf.bool)

      def with_auxiliary(values, indices=None):
        if self._auxiliary_input_tas is None:
          return values
        auxiliary = self._auxiliary_input_tas.read(time + 1)
        if indices is not None:
          auxiliary = tf.gather_nd(auxiliary, indices)
        return tf.concat((values, auxiliary), -1)

      def maybe_sample():
        if self._next_inputs_fn is None:
          return decoder_lib.select_rows(
              sampled, with_auxiliary(outputs), base_next_inputs)
        where_sampling = tf.cast(tf.where(sampled), tf.int32)
        where_not_sampling = tf.cast(tf.where(tf.logical_not(sampled)), tf.int32)
        sampled_inputs = with_auxiliary(
            self._next_inputs_fn(tf.gather_nd(outputs, where_sampling)),
            where_sampling)
        kept_inputs = tf.gather_nd(base_next_inputs, where_not_sampling)
        base_shape = tf.shape(base_next_inputs)
        return (tf.scatter_nd(where_sampling, sampled_inputs, base_shape) +
                tf.scatter_nd(where_not_sampling, kept_inputs, base_shape))

      no_samples = tf.logical_not(tf.reduce_any(sampled))
      next_inputs = tf.cond(
          tf.logical_or(tf.reduce_all(finished), no_samples),
          lambda: base_next_inputs, maybe_sample)
      return HelperNext(finished, next_inputs, state)


class GreedyEmbeddingHelper(Helper):
  """Inference: feeds `embedding(argmax(outputs))` back in.

  A row's `finished` flag is True on the step whose argmax is `end_token` (the
  step is kept by `dynamic_decode`; lengths include it). Once every row has
  finished, the next inputs are the start inputs (they are never used).

  An `end_token` outside `[0, vocab)` could never be produced, so decoding could
  never stop: it raises ValueError at graph-build time when `end_token` and the
  vocabulary (embedding rows or logits depth) are static, and otherwise fails
  the first step with an `InvalidArgumentError` naming both.
  """

  def __init__(self, embedding, start_tokens, end_token):
    """Creates the helper.

    Args:
      embedding: An embedding matrix `[vocab, depth]` (looked up with
        `embedding_lookup`), or a callable taking a vector of ids.
      start_tokens: `int32` vector `[batch]`.
      end_token: `int32` scalar.

    Raises:
      ValueError: if `start_tokens` is not a vector, `end_token` not a scalar,
        or `end_token` is statically outside the embedding's vocabulary.
    """
    self._embedding_fn = decoder_lib.make_embedding_fn(embedding)
    self._start_tokens = tf.convert_to_tensor(
        start_tokens, dtype=tf.int32, name="start_tokens")
    self._end_token = tf.convert_to_tensor(
        end_token, dtype=tf.int32, name="end_token")
    if self._start_tokens.shape.rank != 1:
      raise ValueError("start_tokens must be a vector, saw shape: %s"
                       % self._start_tokens.shape)
    self._batch_size = tf.size(self._start_tokens)
    if self._end_token.shape.rank != 0:
      raise ValueError("end_token must be a scalar, saw shape: %s"
                       % self._end_token.shape)
    if not callable(embedding):
      decoder_lib.check_end_token(self._end_token, decoder_lib.static_vocab_size(embedding, axis=0),
                      "the embedding's vocabulary (its first dimension)")
    self._start_inputs = self._embedding_fn(self._start_tokens)

  @property
  def batch_size(self):
    return self._batch_size

  @property
  def sample_ids_shape(self):
    return tf.TensorShape([])

  @property
  def sample_ids_dtype(self):
    return tf.int32

  def initialize(self, name=None):
    del name
    finished = tf.tile([False], [self._batch_size])
    return HelperStart(finished, self._start_inputs)

  def _logits(self, outputs):
    if not isinstance(outputs, tf.Tensor):
      raise TypeError("Expected outputs to be a single Tensor, got: %s"
                      % type(outputs).__name__)
    return decoder_lib.with_end_token_check(outputs, self._end_token)

  def sample(self, time, outputs, state, name=None):
    del time, state, name
    return tf.argmax(self._logits(outputs), axis=-1, output_type=tf.int32)

  def next_inputs(self, time, outputs, state, sample_ids, name=None):
    del time, outputs, name
    finished = tf.equal(sample_ids, self._end_token)
    next_inputs = tf.cond(
        tf.reduce_all(finished), lambda: self._start_inputs,
        lambda: self._embedding_fn(sample_ids))
    return HelperNext(finished, next_inputs, state)


class SampleEmbeddingHelper(GreedyEmbeddingHelper):
  """Inference: feeds `embedding(id)` for an id drawn from `softmax(outputs / T)`."""

  def __init__(self, embedding, start_tokens, end_token,
               softmax_temperature=None, seed=None):
    """Creates the helper.

    Args:
      embedding: As for `GreedyEmbeddingHelper`.
      start_tokens: `int32` vector `[batch]`.
      end_token: `int32` scalar.
      softmax_temperature: Optional float > 0 dividing the logits (default 1).
      seed: Optional seed of the draw.
    """
    super().__init__(embedding, start_tokens, end_token)
    self._softmax_temperature = softmax_temperature
    self._seed = seed

  def sample(self, time, outputs, state, name=None):
    del time, state, name
    logits = self._logits(outputs)
    if self._softmax_temperature is not None:
      logits = logits / self._softmax_temperature
    return categorical_sample(logits, seed=self._seed)


class InferenceHelper(Helper):
  """Inference with user functions: ids come from `sample_fn(outputs)`.

  The next inputs are the ids themselves (or `next_inputs_fn(ids)`), and a row
  finishes when `end_fn(ids)` says so. Nothing bounds the loop but `end_fn`:
  pass `maximum_iterations` to `dynamic_decode`.
  """

  def __init__(self, sample_fn, sample_shape, sample_dtype, start_inputs,
               end_fn, next_inputs_fn=None):
    """Creates the helper.

    Args:
      sample_fn: `outputs -> sample_ids`.
      sample_shape: Shape of one sample, without the batch dimension.
      sample_dtype: dtype of the samples.
      start_inputs: The first inputs, `[batch, ...]`.
      end_fn: `sample_ids -> bool [batch]`.
      next_inputs_fn: Optional `sample_ids -> next_inputs`.
    """
    self._sample_fn = sample_fn
    self._end_fn = end_fn
    self._sample_shape = tf.TensorShape(sample_shape)
    self._sample_dtype = tf.as_dtype(sample_dtype)
    self._next_inputs_fn = next_inputs_fn
    self._start_inputs = tf.convert_to_tensor(start_inputs, name="start_inputs")
    self._batch_size = tf.shape(self._start_inputs)[0]

  @property
  def batch_size(self):
    return self._batch_size

  @property
  def sample_ids_shape(self):
    return self._sample_shape

  @property
  def sample_ids_dtype(self):
    return self._sample_dtype

  def initialize(self, name=None):
    del name
    finished = tf.tile([False], [self._batch_size])
    return HelperStart(finished, self._start_inputs)

  def sample(self, time, outputs, state, name=None):
    del time, state, name
    return self._sample_fn(outputs)

  def next_inputs(self, time, outputs, state, sample_ids, name=None):
    del time, outputs, name
    if self._next_inputs_fn is None:
      next_inputs = sample_ids
    else:
      next_inputs = self._next_inputs_fn(sample_ids)
    return HelperNext(self._end_fn(sample_ids), next_inputs, state)
