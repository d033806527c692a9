"""sequence_loss: TF1's hard-coded values and a numpy recomputation of every mode."""

import numpy as np
import pytest
import tensorflow as tf

from tests.seq2seq import testutil
from tf1_compat import seq2seq

BATCH, TIME, VOCAB = 2, 3, 5
LN5 = 1.60944  # every reduction of the uniform-logits case gives ln(vocab)


def _loss(logits, targets, weights, **flags):
  graph = tf.Graph()
  with graph.as_default():
    loss = seq2seq.sequence_loss(tf.constant(logits), tf.constant(targets),
                                 tf.constant(weights), **flags)
  return loss, testutil.run(graph, loss, init=False)


def _uniform_case():
  # Step t's logits are the constant t + 0.5 over the whole vocabulary.
  logits = np.stack([np.full([BATCH, VOCAB], t + 0.5, np.float32)
                     for t in range(TIME)], 1)
  targets = np.tile(np.arange(TIME, dtype=np.int32), [BATCH, 1])
  return logits, targets


_MODES = {
    "both_averages": (dict(), []),
    "average_timesteps": (dict(average_across_batch=False), [BATCH]),
    "average_batch": (dict(average_across_timesteps=False), [TIME]),
    "no_reduction": (dict(average_across_timesteps=False,
                          average_across_batch=False), [BATCH, TIME]),
    "both_sums": (dict(average_across_timesteps=False,
                       average_across_batch=False, sum_over_timesteps=True,
                       sum_over_batch=True), []),
    "sum_timesteps": (dict(average_across_timesteps=False,
                           average_across_batch=False,
                           sum_over_timesteps=True), [BATCH]),
    "sum_batch": (dict(average_across_timesteps=False,
                       average_across_batch=False, sum_over_batch=True),
                  [TIME]),
}


@pytest.mark.parametrize("mode", sorted(_MODES))
def test_tf1_uniform_logits_give_ln_vocab(mode):
  """TF1's kernel-test case: every reduction of uniform logits is ln(5)."""
  flags, shape = _MODES[mode]
  logits, targets = _uniform_case()
  tensor, value = _loss(logits, targets, np.ones([BATCH, TIME], np.float32),
                        **flags)
  assert tensor.shape.as_list() == shape
  np.testing.assert_allclose(value, np.full(shape, LN5), atol=1e-5)


def test_tf1_zero_weights_give_zero():
  logits, targets = _uniform_case()
  for flags, shape in _MODES.values():
    _, value = _loss(logits, targets, np.zeros([BATCH, TIME], np.float32),
                     **flags)
    np.testing.assert_array_equal(value, np.zeros(shape))


def test_tf1_zero_weight_on_last_step():
  logits, targets = _uniform_case()
  weights = np.ones([BATCH, TIME], np.float32)
  weights[:, -1] = 0.0
  _, both = _loss(logits, targets, weights, **_MODES["both_sums"][0])
  _, over_batch = _loss(logits, targets, weights, **_MODES["sum_batch"][0])
  np.testing.assert_allclose(both, LN5, atol=1e-5)
  np.testing.assert_allclose(over_batch, [LN5, LN5, 0.0], atol=1e-5)


def _numpy_reductions(logits, targets, weights):
  rng_index = np.arange(logits.shape[0])[:, None], np.arange(logits.shape[1])
  crossent = -testutil.log_softmax(logits)[rng_index[0], rng_index[1], targets]
  weighted = crossent * weights
  nonzero = (weights != 0).astype(np.float64)
  return {
      "both_averages": weighted.sum() / weights.sum(),
      "average_timesteps": weighted.sum(1) / weights.sum(1),
      "average_batch": weighted.sum(0) / weights.sum(0),
      "no_reduction": weighted,
      "both_sums": weighted.sum() / nonzero.sum(),
      "sum_timesteps": weighted.sum(1) / nonzero.sum(1),
      "sum_batch": weighted.sum(0) / nonzero.sum(0),
  }


@pytest.mark.parametrize("mode", sorted(_MODES))
def test_matches_numpy_with_uneven_weights(mode):
  """Averages divide by the weights' sum, sums by the count of nonzero weights
  (so the two differ once weights are not 0/1)."""
  rng = np.random.default_rng(3)
  logits = rng.normal(size=[3, 4, 6]).astype(np.float32)
  targets = rng.integers(0, 6, size=[3, 4]).astype(np.int32)
  weights = np.array([[1, 1, 0.5, 0], [2, 1, 1, 1], [1, 0, 0, 0]], np.float32)
  _, value = _loss(logits, targets, weights, **_MODES[mode][0])
  np.testing.assert_allclose(value, _numpy_reductions(logits, targets,
                                                      weights)[mode],
                             rtol=1e-5)


def test_average_flag_wins_over_sum_flag_on_other_axis():
  """TF1 quirk: average over time + sum over batch reduces time only."""
  rng = np.random.default_rng(4)
  logits = rng.normal(size=[3, 4, 6]).astype(np.float32)
  targets = rng.integers(0, 6, size=[3, 4]).astype(np.int32)
  weights = np.ones([3, 4], np.float32)
  tensor, value = _loss(logits, targets, weights, average_across_batch=False,
                        sum_over_batch=True)
  assert tensor.shape.as_list() == [3]
  np.testing.assert_allclose(
      value, _numpy_reductions(logits, targets, weights)["average_timesteps"],
      rtol=1e-5)


def test_custom_softmax_loss_function_gets_flat_keyword_arguments():
  seen = {}

  def loss_fn(labels, logits):
    seen["shapes"] = (labels.shape.as_list(), logits.shape.as_list())
    return tf.cast(labels, tf.float32)  # the "loss" is the target id itself

  targets = np.array([[1, 2], [3, 4]], np.int32)
  _, value = _loss(np.zeros([2, 2, 5], np.float32), targets,
                   np.ones([2, 2], np.float32), softmax_loss_function=loss_fn,
                   average_across_timesteps=False, average_across_batch=False)
  assert seen["shapes"][0] == [4]
  np.testing.assert_array_equal(value, targets)


@pytest.mark.parametrize("flags", [
    dict(average_across_timesteps=True, sum_over_timesteps=True),
    dict(average_across_batch=True, sum_over_batch=True),
])
def test_conflicting_flags_raise(flags):
  with tf.Graph().as_default():
    with pytest.raises(ValueError, match="cannot be set"):
      seq2seq.sequence_loss(tf.zeros([2, 3, 4]), tf.zeros([2, 3], tf.int32),
                            tf.ones([2, 3]), **flags)


@pytest.mark.parametrize("which", ["logits", "targets", "weights"])
def test_wrong_rank_raises(which):
  with tf.Graph().as_default():
    args = dict(logits=tf.zeros([2, 3, 4]),
                targets=tf.zeros([2, 3], tf.int32), weights=tf.ones([2, 3]))
    args[which] = tf.zeros([6], args[which].dtype)
    with pytest.raises(ValueError, match=which.capitalize()):
      seq2seq.sequence_loss(**args)


def test_sequence_loss_class_defaults_sum_and_divide_by_nonzero_weights():
  from tf1_compat.seq2seq import loss as loss_lib  # pylint: disable=import-outside-toplevel
  rng = np.random.default_rng(3)
  logits = rng.normal(size=[BATCH, TIME, VOCAB]).astype(np.float32)
  targets = rng.integers(0, VOCAB, size=[BATCH, TIME]).astype(np.int32)
  weights = np.array([[1, 1, 0], [1, 0, 0]], np.float32)
  graph = tf.Graph()
  with graph.as_default():
    default = loss_lib.SequenceLoss()(targets, logits, weights)
    averaged = loss_lib.SequenceLoss(
        average_across_timesteps=True, average_across_batch=True,
        sum_over_timesteps=False, sum_over_batch=False)(targets, logits, weights)
  got_default, got_averaged = testutil.run(graph, [default, averaged], init=False)
  log_probs = logits - np.log(np.exp(logits).sum(-1, keepdims=True))
  token_losses = -np.take_along_axis(log_probs, targets[..., None], -1)[..., 0]
  weighted = (token_losses * weights).sum()
  np.testing.assert_allclose(got_default, weighted / 3, rtol=1e-5)
  np.testing.assert_allclose(got_averaged, weighted / weights.sum(), rtol=1e-5)
