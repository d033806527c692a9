"""The delete-the-odd-numbers task: every sample's target, padding and lengths."""

import numpy as np
import pytest

from tf1_compat.data import delete_odd


def _check(batch, copy):
  x, y, lx, ly = batch
  assert x.dtype == y.dtype == lx.dtype == ly.dtype == np.int32
  assert x.shape == (len(lx), lx.max()) and y.shape == (len(ly), ly.max())
  for row, target, n, m in zip(x, y, lx, ly):
    sample = row[:n]
    assert np.all(row[n:] == delete_odd.PAD)
    assert np.all((sample >= 1) & (sample <= 10))
    evens = [v for v in sample if v % 2 == 0]
    odds = [v for v in sample if v % 2 == 1]
    assert 1 <= len(evens) <= 11 and 1 <= len(odds) <= 11
    expected = (evens * 2 if copy else evens) + [delete_odd.EOS]
    assert m == len(expected)
    np.testing.assert_array_equal(target[:m], expected)
    assert np.all(target[m:] == delete_odd.PAD)


@pytest.mark.parametrize("copy", [False, True])
@pytest.mark.parametrize("seed", range(5))
def test_every_target_is_correct(seed, copy):
  _check(delete_odd.delete_odd_batch(64, rng=seed, copy=copy), copy)


def test_generator_rng_and_reproducibility():
  batch = delete_odd.delete_odd_batch(8, rng=np.random.default_rng(1))
  _check(batch, copy=False)
  again = delete_odd.delete_odd_batch(8, rng=np.random.default_rng(1))
  for a, b in zip(batch, again):
    np.testing.assert_array_equal(a, b)
  rng = np.random.RandomState(3)
  first = delete_odd.delete_odd_batch(8, rng=rng)
  second = delete_odd.delete_odd_batch(8, rng=rng)
  assert not np.array_equal(first.lx, second.lx) or not np.array_equal(
      first.x, second.x)


def test_counts_and_tokens_cover_the_course_ranges():
  batch = delete_odd.delete_odd_batch(2000, rng=0)
  num_evens = batch.ly - 1
  num_odds = batch.lx - num_evens
  assert set(num_evens) == set(range(1, 12))
  assert set(num_odds) == set(range(1, 12))
  assert batch.lx.max() <= delete_odd.MAX_LEN
  tokens = np.bincount(batch.x.ravel(), minlength=11)[1:]
  assert np.all(tokens > 0.6 * tokens.mean())


def test_decoder_input_and_target():
  y = np.array([[4, 8, 0], [10, 0, 0]])
  data = delete_odd.decoder_input_and_target(y)
  np.testing.assert_array_equal(data.inputs, [[0, 4, 8], [0, 10, 0]])
  np.testing.assert_array_equal(data.targets, y)
  assert data.inputs.dtype == np.int32


def test_argument_errors():
  with pytest.raises(ValueError, match="num_samples >= 1, found 0"):
    delete_odd.delete_odd_batch(0)
  with pytest.raises(ValueError, match="max_len >= 4, found 3"):
    delete_odd.delete_odd_batch(2, max_len=3)
