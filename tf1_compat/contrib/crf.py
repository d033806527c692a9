"""`tf.contrib.crf`: the linear-chain conditional random field of TF 1.15.

Scores, the forward algorithm (`crf_log_norm`), the log-likelihood and Viterbi
decoding, in the graph (`crf_decode`) and in numpy (`viterbi_decode`), with TF
1.15's arguments, shapes and quirks:

* `crf_log_likelihood(inputs, tag_indices, sequence_lengths)` without
  `transition_params` creates the variable `transitions` `[num_tags, num_tags]`
  with `tf.get_variable` in the *enclosing* variable scope (no scope of its
  own), initialized by that scope's initializer or Glorot-uniform, exactly as
  1.15 did: a TF1 checkpoint's `.../transitions` restores.
* A row with `sequence_lengths` 0 gets score 0 and log-normalizer 0;
  `crf_decode` still returns a tag for it (the best first tag).
* Inputs of static length 1 take a separate branch (no RNN loop); when the
  length is unknown until run time both branches are built and chosen by
  `tf.cond`, as TF1's `smart_cond` did.
* Past each row's length, `crf_decode`'s tags are whatever the reversal leaves
  there (TF1 did not mask them); read only the first `sequence_length` tags.

The three RNN cells the dynamic programs run on (`CrfForwardRnnCell`,
`CrfDecodeForwardRnnCell`, `CrfDecodeBackwardRnnCell`) are public, as in TF1;
they own no variables.
"""

import numpy as np
import tensorflow as tf

from tf1_compat.framework import checks
from tf1_compat.framework import not_provided
from tf1_compat.rnn import base

_V1 = tf.compat.v1

# The variable `crf_log_likelihood` creates when no transitions are given.
TRANSITIONS_NAME = "transitions"

__all__ = [
    "CrfDecodeBackwardRnnCell",
    "CrfDecodeForwardRnnCell",
    "CrfForwardRnnCell",
    "crf_binary_score",
    "crf_decode",
    "crf_log_likelihood",
    "crf_log_norm",
    "crf_multitag_sequence_score",
    "crf_sequence_score",
    "crf_unary_score",
    "viterbi_decode",
]


# ---- argument checks ---------------------------------------------------------


def _check_rank(function, name, tensor, rank, layout):
  """`tensor` as a Tensor of static rank `rank` (or unknown rank)."""
  tensor = tf.convert_to_tensor(tensor)
  if tensor.shape.rank is not None and tensor.shape.rank != rank:
    raise checks.ArgumentError(
        "%s: %s must be %s, got shape %s" % (function, name, layout,
                                             tensor.shape))
  return tensor


def _potentials(function, inputs, name="inputs"):
  """Unary potentials `[batch, max_seq_len, num_tags]` with a known num_tags."""
  inputs = _check_rank(function, name, inputs, 3,
                       "`[batch_size, max_seq_len, num_tags]`")
  if inputs.shape.rank is None or tf.compat.dimension_value(
      inputs.shape[2]) is None:
    raise checks.ArgumentError(
        "%s: %s must be `[batch_size, max_seq_len, num_tags]` with a known "
        "num_tags, got shape %s" % (function, name, inputs.shape))
  return inputs


def _transitions(function, transition_params, num_tags=None):
  """A `[num_tags, num_tags]` matrix with a static size."""
  transition_params = _check_rank(function, "transition_params",
                                  transition_params, 2,
                                  "`[num_tags, num_tags]`")
  shape = transition_params.shape
  if shape.rank is None or tf.compat.dimension_value(shape[0]) is None:
    raise checks.ArgumentError(
        "%s: transition_params must be `[num_tags, num_tags]` with a known "
        "size, got shape %s" % (function, shape))
  size = tf.compat.dimension_value(shape[0])
  if num_tags is not None and size != num_tags:
    raise checks.ArgumentError(
        "%s: transition_params must be `[%d, %d]` to match the inputs' "
        "num_tags, got shape %s" % (function, num_tags, num_tags, shape))
  return transition_params


def _tags(function, tag_indices):
  tag_indices = _check_rank(function, "tag_indices", tag_indices, 2,
                            "`[batch_size, max_seq_len]`")
  if not tag_indices.dtype.is_integer:
    raise checks.ArgumentError(
        "%s: tag_indices must be int32 or int64, got %s"
        % (function, tag_indices.dtype.name))
  return tag_indices


def _lengths(function, sequence_lengths, name="sequence_lengths"):
  sequence_lengths = _check_rank(function, name, sequence_lengths, 1,
                                 "`[batch_size]`")
  if not sequence_lengths.dtype.is_integer:
    raise checks.ArgumentError("%s: %s must be int32 or int64, got %s"
                               % (function, name, sequence_lengths.dtype.name))
  return sequence_lengths


def _length_is_one(tensor):
  """The static `max_seq_len == 1` when known, else a boolean tensor."""
  length = tf.compat.dimension_value(tensor.shape[1])
  if length is not None:
    return length == 1
  return tf.equal(tf.shape(tensor)[1], 1)


def _smart_cond(pred, true_fn, false_fn):
  if isinstance(pred, bool):
    return true_fn() if pred else false_fn()
  return tf.cond(pred, true_fn, false_fn)


def _zero_where_empty(sequence_lengths, values):
  return tf.where(tf.less_equal(sequence_lengths, 0), tf.zeros_like(values),
                  values)


# ---- scores ------------------------------------------------------------------


def crf_unary_score(tag_indices, sequence_lengths, inputs):
  """The sum of the tagged unary potentials within each row's length.

  Args:
    tag_indices: `[batch_size, max_seq_len]` int32 or int64 tags.
    sequence_lengths: `[batch_size]` true lengths.
    inputs: `[batch_size, max_seq_len, num_tags]` unary potentials.

  Returns:
    `[batch_size]` unary scores.
  """
  function = "crf_unary_score"
  tag_indices = _tags(function, tag_indices)
  sequence_lengths = _lengths(function, sequence_lengths)
  inputs = _potentials(function, inputs)
  picked = tf.gather(inputs, tag_indices, axis=2, batch_dims=2)
  masks = tf.sequence_mask(sequence_lengths, maxlen=tf.shape(tag_indices)[1],
                           dtype=inputs.dtype)
  return tf.reduce_sum(picked * masks, 1)


def crf_binary_score(tag_indices, sequence_lengths, transition_params):
  """The sum of `transition_params[tag_t, tag_t+1]` within each row's length.

  Args:
    tag_indices: `[batch_size, max_seq_len]` int32 or int64 tags.
    sequence_lengths: `[batch_size]` true lengths.
    transition_params: `[num_tags, num_tags]` binary potentials.

  Returns:
    `[batch_size]` binary scores.
  """
  function = "crf_binary_score"
  tag_indices = _tags(function, tag_indices)
  sequence_lengths = _lengths(function, sequence_lengths)
  transition_params = _transitions(function, transition_params)
  num_tags = tf.compat.dimension_value(transition_params.shape[0])
  num_transitions = tf.shape(tag_indices)[1] - 1
  start = tf.slice(tag_indices, [0, 0], [-1, num_transitions])
  end = tf.slice(tag_indices, [0, 1], [-1, num_transitions])
  flat_indices = start * tf.cast(num_tags, tag_indices.dtype) + end
  scores = tf.gather(tf.reshape(transition_params, [-1]), flat_indices)
  masks = tf.sequence_mask(sequence_lengths, maxlen=tf.shape(tag_indices)[1],
                           dtype=transition_params.dtype)
  return tf.reduce_sum(scores * masks[:, 1:], 1)


def crf_sequence_score(inputs, tag_indices, sequence_lengths,
                       transition_params):
  """The unnormalized score of each row's tag sequence: unary plus binary.

  Args:
    inputs: `[batch_size, max_seq_len, num_tags]` unary potentials.
    tag_indices: `[batch_size, max_seq_len]` tags.
    sequence_lengths: `[batch_size]` true lengths.
    transition_params: `[num_tags, num_tags]` transition matrix.

  Returns:
    `[batch_size]` scores (0 for rows of length 0 when `max_seq_len` is 1).
  """
  function = "crf_sequence_score"
  inputs = _potentials(function, inputs)
  tag_indices = _tags(function, tag_indices)
  sequence_lengths = _lengths(function, sequence_lengths)
  transition_params = _transitions(function, transition_params,
                                   tf.compat.dimension_value(inputs.shape[2]))

  def single():
    picked = tf.gather(tf.squeeze(inputs, [1]), tag_indices, axis=1,
                       batch_dims=1)[:, 0]
    return _zero_where_empty(sequence_lengths, picked)

  def multi():
    return (crf_unary_score(tag_indices, sequence_lengths, inputs)
            + crf_binary_score(tag_indices, sequence_lengths,
                               transition_params))

  return _smart_cond(_length_is_one(inputs), single, multi)


def crf_multitag_sequence_score(inputs, tag_bitmap, sequence_lengths,
                                transition_params):
  """The log-sum-exp of the scores of every tag sequence `tag_bitmap` allows.

  With one-hot rows in `tag_bitmap` this is `crf_sequence_score`.

  Args:
    inputs: `[batch_size, max_seq_len, num_tags]` unary potentials.
    tag_bitmap: `[batch_size, max_seq_len, num_tags]` bool: the allowed tags.
    sequence_lengths: `[batch_size]` true lengths.
    transition_params: `[num_tags, num_tags]` transition matrix.

  Returns:
    `[batch_size]` scores.
  """
  function = "crf_multitag_sequence_score"
  inputs = _potentials(function, inputs)
  tag_bitmap = _check_rank(function, "tag_bitmap", tag_bitmap, 3,
                           "`[batch_size, max_seq_len, num_tags]` bool")
  if tag_bitmap.dtype != tf.bool:
    raise checks.ArgumentError("%s: tag_bitmap must be bool, got %s"
                               % (function, tag_bitmap.dtype.name))
  sequence_lengths = _lengths(function, sequence_lengths)
  transition_params = _transitions(function, transition_params,
                                   tf.compat.dimension_value(inputs.shape[2]))
  filtered = tf.where(tag_bitmap, inputs,
                      tf.fill(tf.shape(inputs),
                              tf.constant(-np.inf, dtype=inputs.dtype)))

  def single():
    return tf.reduce_logsumexp(filtered, axis=[1, 2])

  def multi():
    return crf_log_norm(filtered, sequence_lengths, transition_params)

  return _smart_cond(_length_is_one(inputs), single, multi)


def crf_log_norm(inputs, sequence_lengths, transition_params):
  """The log-partition function of each row: the forward algorithm.

  Args:
    inputs: `[batch_size, max_seq_len, num_tags]` unary potentials.
    sequence_lengths: `[batch_size]` true lengths.
    transition_params: `[num_tags, num_tags]` transition matrix.

  Returns:
    `[batch_size]` log-normalizers (0 for rows of length 0).
  """
  function = "crf_log_norm"
  inputs = _potentials(function, inputs)
  sequence_lengths = _lengths(function, sequence_lengths)
  transition_params = _transitions(function, transition_params,
                                   tf.compat.dimension_value(inputs.shape[2]))
  first_input = tf.squeeze(tf.slice(inputs, [0, 0, 0], [-1, 1, -1]), [1])

  def single():
    return _zero_where_empty(sequence_lengths,
                             tf.reduce_logsumexp(first_input, [1]))

  def multi():
    rest = tf.slice(inputs, [0, 1, 0], [-1, -1, -1])
    lengths_less_one = tf.maximum(
        tf.constant(0, dtype=sequence_lengths.dtype), sequence_lengths - 1)
    _, alphas = _V1.nn.dynamic_rnn(
        cell=CrfForwardRnnCell(transition_params), inputs=rest,
        sequence_length=lengths_less_one, initial_state=first_input,
        dtype=inputs.dtype)
    return _zero_where_empty(sequence_lengths,
                             tf.reduce_logsumexp(alphas, [1]))

  return _smart_cond(_length_is_one(inputs), single, multi)


def crf_log_likelihood(inputs, tag_indices, sequence_lengths,
                       transition_params=None):
  """The log-likelihood of each row's tag sequence under the CRF.

  Args:
    inputs: `[batch_size, max_seq_len, num_tags]` unary potentials.
    tag_indices: `[batch_size, max_seq_len]` tags.
    sequence_lengths: `[batch_size]` true lengths.
    transition_params: `[num_tags, num_tags]` transition matrix, or None to
      create the variable `transitions` in the enclosing variable scope.

  Returns:
    `(log_likelihood, transition_params)`: `[batch_size]` log-likelihoods and
    the transition matrix used (the new variable when none was given).
  """
  function = "crf_log_likelihood"
  inputs = _potentials(function, inputs)
  num_tags = tf.compat.dimension_value(inputs.shape[2])
  if transition_params is None:
    transition_params = _V1.get_variable(TRANSITIONS_NAME,
                                         [num_tags, num_tags],
                                         dtype=inputs.dtype)
  sequence_scores = crf_sequence_score(inputs, tag_indices, sequence_lengths,
                                       transition_params)
  log_norm = crf_log_norm(inputs, sequence_lengths, transition_params)
  return sequence_scores - log_norm, transition_params


# ---- decoding ----------------------------------------------------------------


def viterbi_decode(score, transition_params):
  """The best tag sequence of one sentence, in numpy (for use outside the graph).

  Args:
    score: `[seq_len, num_tags]` unary potentials (a numpy array).
    transition_params: `[num_tags, num_tags]` transition matrix.

  Returns:
    `(viterbi, viterbi_score)`: a list of `seq_len` tag indices and the best
    sequence's score.
  """
  score = np.asarray(score)
  transition_params = np.asarray(transition_params)
  if score.ndim != 2 or transition_params.shape != (score.shape[1],) * 2:
    raise checks.ArgumentError(
        "viterbi_decode: expected score `[seq_len, num_tags]` and "
        "transition_params `[num_tags, num_tags]`, got shapes %s and %s"
        % (score.shape, transition_params.shape))
  trellis = np.zeros_like(score)
  backpointers = np.zeros_like(score, dtype=np.int32)
  trellis[0] = score[0]
  for t in range(1, score.shape[0]):
    candidates = np.expand_dims(trellis[t - 1], 1) + transition_params
    trellis[t] = score[t] + np.max(candidates, 0)
    backpointers[t] = np.argmax(candidates, 0)
  viterbi = [np.argmax(trellis[-1])]
  for pointers in reversed(backpointers[1:]):
    viterbi.append(pointers[viterbi[-1]])
  viterbi.reverse()
  return viterbi, np.max(trellis[-1])


def crf_decode(potentials, transition_params, sequence_length):
  """The best tag sequence of each row, in the graph (Viterbi).

  Args:
    potentials: `[batch_size, max_seq_len, num_tags]` unary potentials.
    transition_params: `[num_tags, num_tags]` transition matrix.
    sequence_length: `[batch_size]` true lengths.

  Returns:
    `(decode_tags, best_score)`: `[batch_size, max_seq_len]` int32 tags (only
    the first `sequence_length` of a row are meaningful) and `[batch_size]`
    best scores.
  """
  function = "crf_decode"
  potentials = _potentials(function, potentials, "potentials")
  num_tags = tf.compat.dimension_value(potentials.shape[2])
  transition_params = _transitions(function, transition_params, num_tags)
  sequence_length = _lengths(function, sequence_length, "sequence_length")

  def single():
    squeezed = tf.squeeze(potentials, [1])
    tags = tf.expand_dims(tf.argmax(squeezed, axis=1), 1)
    return tf.cast(tags, tf.int32), tf.reduce_max(squeezed, axis=1)

  def multi():
    initial_state = tf.squeeze(tf.slice(potentials, [0, 0, 0], [-1, 1, -1]),
                               axis=[1])
    inputs = tf.slice(potentials, [0, 1, 0], [-1, -1, -1])
    lengths_less_one = tf.maximum(
        tf.constant(0, dtype=sequence_length.dtype), sequence_length - 1)
    backpointers, last_score = _V1.nn.dynamic_rnn(
        CrfDecodeForwardRnnCell(transition_params), inputs=inputs,
        sequence_length=lengths_less_one, initial_state=initial_state,
        time_major=False, dtype=tf.int32)
    backpointers = tf.reverse_sequence(backpointers, lengths_less_one,
                                       seq_axis=1, batch_axis=0)
    last_tag = tf.expand_dims(
        tf.cast(tf.argmax(last_score, axis=1), tf.int32), axis=-1)
    tags, _ = _V1.nn.dynamic_rnn(
        CrfDecodeBackwardRnnCell(num_tags), inputs=backpointers,
        sequence_length=lengths_less_one, initial_state=last_tag,
        time_major=False, dtype=tf.int32)
    tags = tf.concat([last_tag, tf.squeeze(tags, axis=[2])], axis=1)
    tags = tf.reverse_sequence(tags, sequence_length, seq_axis=1, batch_axis=0)
    return tags, tf.reduce_max(last_score, axis=1)

  return _smart_cond(_length_is_one(potentials), single, multi)


# ---- the cells of the dynamic programs ---------------------------------------


class _CrfCell(base.RNNCell):
  """A variable-free cell: `__call__` runs the step directly, with no scope."""

  def __call__(self, inputs, state, scope=None):
    del scope  # Unused, as in TF1: these cells create no variables.
    return self.call(tf.convert_to_tensor(inputs), state)


class CrfForwardRnnCell(_CrfCell):
  """One step of the forward algorithm: `alpha' = x + logsumexp(alpha + T, 0)`.

  Args:
    transition_params: `[num_tags, num_tags]` transition matrix.
  """

  def __init__(self, transition_params):
    super().__init__()
    transition_params = _transitions("CrfForwardRnnCell", transition_params)
    self._transition_params = tf.expand_dims(transition_params, 0)
    self._num_tags = tf.compat.dimension_value(transition_params.shape[0])

  @property
  def state_size(self):
    return self._num_tags

  @property
  def output_size(self):
    return self._num_tags

  def call(self, inputs, state):
    scores = tf.expand_dims(state, 2) + self._transition_params
    new_alphas = inputs + tf.reduce_logsumexp(scores, [1])
    return new_alphas, new_alphas


class CrfDecodeForwardRnnCell(_CrfCell):
  """One Viterbi step: the best previous tag per tag (output, int32) and the
  new best scores (state).

  Args:
    transition_params: `[num_tags, num_tags]` transition matrix.
  """

  def __init__(self, transition_params):
    super().__init__()
    transition_params = _transitions("CrfDecodeForwardRnnCell",
                                     transition_params)
    self._transition_params = tf.expand_dims(transition_params, 0)
    self._num_tags = tf.compat.dimension_value(transition_params.shape[0])

  @property
  def state_size(self):
    return self._num_tags

  @property
  def output_size(self):
    return self._num_tags

  def call(self, inputs, state):
    scores = tf.expand_dims(state, 2) + self._transition_params
    new_state = inputs + tf.reduce_max(scores, [1])
    backpointers = tf.cast(tf.argmax(scores, 1), tf.int32)
    return backpointers, new_state


class CrfDecodeBackwardRnnCell(_CrfCell):
  """One backtracking step: follows the backpointers from the next tag.

  The state is the next tag `[batch_size, 1]`; the output is the same tag
  after the step.

  Args:
    num_tags: The number of tags.
  """

  def __init__(self, num_tags):
    super().__init__()
    self._num_tags = num_tags

  @property
  def state_size(self):
    return 1

  @property
  def output_size(self):
    return 1

  def call(self, inputs, state):
    state = tf.squeeze(state, axis=[1])
    rows = tf.range(tf.shape(inputs)[0])
    new_tags = tf.expand_dims(
        tf.gather_nd(inputs, tf.stack([rows, state], axis=1)), axis=-1)
    return new_tags, new_tags


__getattr__ = not_provided.partial_module_getattr("tf.contrib.crf", __all__)
