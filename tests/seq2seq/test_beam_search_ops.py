"""gather_tree: TF1's kernel-test values, hand-made trees, a numpy kernel, errors."""

import numpy as np
import pytest
import tensorflow as tf

from tests.seq2seq import testutil
from tf1_compat import seq2seq

V1 = tf.compat.v1


def _gather(step_ids, parent_ids, max_lengths, end_token):
  graph = tf.Graph()
  with graph.as_default():
    out = seq2seq.gather_tree(np.asarray(step_ids, np.int32),
                              np.asarray(parent_ids, np.int32),
                              np.asarray(max_lengths, np.int32), end_token)
  assert out.shape.as_list() == list(np.shape(step_ids))
  assert out.dtype == tf.int32
  return testutil.run(graph, out, init=False)


def test_tf1_single_batch_pads_with_end_token():
  # [time, batch=1, beam=3]; the last step lies beyond max_sequence_lengths=3.
  step_ids = np.array([[1, 2, 3], [4, 5, 6], [7, 8, 9], [-1, -1, -1]])[:, None]
  parent_ids = np.array([[0, 0, 0], [0, 1, 1], [2, 1, 2], [-1, -1, -1]])[:, None]
  got = _gather(step_ids, parent_ids, [3], end_token=10)
  np.testing.assert_array_equal(
      got[:, 0], [[2, 2, 2], [6, 5, 6], [7, 8, 9], [10, 10, 10]])


def test_tf1_batch_of_two_with_end_token_in_a_path():
  step_ids = np.array([[[1, 2, 3], [4, 5, 6], [7, 8, 9]],
                       [[2, 3, 4], [5, 6, 7], [8, 9, 10]]]).transpose(1, 0, 2)
  parent_ids = np.array([[[0, 0, 0], [0, 1, 1], [2, 1, 2]],
                         [[0, 0, 0], [1, 2, 0], [2, 1, 1]]]).transpose(1, 0, 2)
  got = _gather(step_ids, parent_ids, [3, 3], end_token=11)
  np.testing.assert_array_equal(
      got.transpose(1, 0, 2),
      [[[2, 2, 2], [6, 5, 6], [7, 8, 9]], [[2, 4, 4], [7, 6, 6], [8, 9, 10]]])


def test_hand_made_tree():
  """Two beams, hand-traced.

  time 0: beam0 picks 5, beam1 picks 6 (both from the start)
  time 1: beam0 <- beam1 picks 7; beam1 <- beam0 picks 8
  time 2: beam0 <- beam0 picks 9; beam1 <- beam0 picks 3
  Paths: beam0 = 6 7 9 (parent chain 0 -> 1), beam1 = 6 7 3.
  """
  step_ids = np.array([[[5, 6]], [[7, 8]], [[9, 3]]])
  parent_ids = np.array([[[0, 0]], [[1, 0]], [[0, 0]]])
  got = _gather(step_ids, parent_ids, [3], end_token=0)
  np.testing.assert_array_equal(got[:, 0], [[6, 6], [7, 7], [9, 3]])


def test_tokens_after_first_end_token_become_end_token():
  step_ids = np.array([[[4, 0]], [[0, 5]], [[6, 7]]])
  parent_ids = np.zeros([3, 1, 2], np.int32) + np.arange(2)  # beams keep lanes
  got = _gather(step_ids, parent_ids, [3], end_token=0)
  np.testing.assert_array_equal(got[:, 0], [[4, 0], [0, 0], [0, 0]])


def test_zero_and_clipped_lengths():
  """Length 0 gives all end tokens; a length beyond max_time is clipped."""
  step_ids = np.arange(12).reshape(2, 2, 3) + 1
  parent_ids = np.zeros([2, 2, 3], np.int32) + np.arange(3)
  got = _gather(step_ids, parent_ids, [0, 7], end_token=-5)
  np.testing.assert_array_equal(got[:, 0], np.full([2, 3], -5))
  np.testing.assert_array_equal(got[:, 1], step_ids[:, 1])


def test_random_trees_match_numpy_kernel():
  rng = np.random.default_rng(0)
  time, batch, beam, end = 7, 4, 5, 3
  step_ids = rng.integers(0, 9, size=[time, batch, beam])
  parent_ids = rng.integers(0, beam, size=[time, batch, beam])
  lengths = np.array([7, 3, 0, 10])
  got = _gather(step_ids, parent_ids, lengths, end)
  np.testing.assert_array_equal(
      got, testutil.numpy_gather_tree(step_ids, parent_ids, lengths, end))


def test_invalid_followed_parent_raises_at_run_time():
  step_ids = np.ones([3, 1, 2], np.int32)
  parent_ids = np.array([[[0, 0]], [[0, 2]], [[0, 1]]])  # beam 1 -> parent 2
  with pytest.raises(tf.errors.InvalidArgumentError,
                     match=r"Saw invalid parent id 2 at \(batch, time, beam\) == "
                           r"\(0, 0, 1\); gather_tree needs parent ids in "
                           r"\[0, beam_width = 2\)"):
    _gather(step_ids, parent_ids, [3], end_token=0)


def test_unfollowed_invalid_parents_are_ignored():
  """Parents at step 0 and beyond the length are never read (TF1 kernel)."""
  step_ids = np.ones([3, 1, 2], np.int32)
  parent_ids = np.array([[[-1, 9]], [[0, 1]], [[-1, -1]]])
  got = _gather(step_ids, parent_ids, [2], end_token=0)
  np.testing.assert_array_equal(got[:, 0], [[1, 1], [1, 1], [0, 0]])


def test_static_shape_errors():
  with tf.Graph().as_default():
    with pytest.raises(ValueError, match="same shape"):
      seq2seq.gather_tree(tf.zeros([3, 1, 2], tf.int32),
                          tf.zeros([3, 1, 3], tf.int32), [3], 0)
    with pytest.raises(ValueError, match="end_token must be a scalar"):
      seq2seq.gather_tree(tf.zeros([3, 1, 2], tf.int32),
                          tf.zeros([3, 1, 2], tf.int32), [3], [0])
