"""Synthetic digits: determinism, balance, MNIST-like statistics, IDX output."""

import logging
import re

import numpy as np
import pytest

from tf1_compat.data import mnist
from tf1_compat.data import synthetic_digits


@pytest.fixture(scope="module")
def digits():
  return synthetic_digits.generate_digits(2000, seed=7)


def test_shapes_dtypes_and_determinism(digits):
  assert digits.images.shape == (2000, 28, 28)
  assert digits.images.dtype == np.uint8 and digits.labels.dtype == np.uint8
  again = synthetic_digits.generate_digits(2000, seed=7)
  np.testing.assert_array_equal(again.images, digits.images)
  np.testing.assert_array_equal(again.labels, digits.labels)
  other = synthetic_digits.generate_digits(2000, seed=8)
  assert not np.array_equal(other.images, digits.images)


def test_labels_are_balanced_and_shuffled(digits):
  np.testing.assert_array_equal(np.bincount(digits.labels), [200] * 10)
  assert not np.array_equal(digits.labels, np.sort(digits.labels))
  np.testing.assert_array_equal(
      np.bincount(synthetic_digits.generate_digits(13, seed=0).labels),
      [2, 2, 2] + [1] * 7)


def test_mnist_like_statistics(digits):
  images = digits.images.astype(np.float64)
  # Black background with an antialiased edge, bright stroke cores.
  assert 0.15 < np.mean(images > 0) < 0.35
  assert 25.0 < images.mean() < 50.0
  assert np.all(images.max(axis=(1, 2)) > 160)
  # Nothing touches the frame; the ink mass sits near the centre.
  assert images[:, [0, -1], :].max() == 0 and images[:, :, [0, -1]].max() == 0
  grid = np.arange(28)
  mass = images.sum(axis=(1, 2))
  rows = (images.sum(axis=2) * grid).sum(1) / mass
  cols = (images.sum(axis=1) * grid).sum(1) / mass
  assert np.all(np.abs(rows - 13.5) < 3.0) and np.all(np.abs(cols - 13.5) < 3.0)


def test_learnable_but_not_trivial(digits):
  """A nearest-class-mean classifier on raw pixels is well above chance but far
  from perfect (on MNIST it gets about 82 %), and the class means differ, 1 from
  7 and 3 from 8 included."""
  pixels = digits.images.reshape(2000, -1) / 255.0
  train, test = slice(0, 1500), slice(1500, None)
  means = np.stack([pixels[train][digits.labels[train] == k].mean(0)
                    for k in range(10)])
  distances = ((pixels[test][:, None] - means[None]) ** 2).sum(-1)
  accuracy = np.mean(distances.argmin(1) == digits.labels[test])
  assert 0.55 < accuracy < 0.95
  for a, b in [(1, 7), (3, 8), (4, 9), (5, 6)]:
    assert np.linalg.norm(means[a] - means[b]) > 1.5


def test_explicit_labels():
  labels = np.array([1, 7, 7, 3, 8])
  drawn = synthetic_digits.generate_digits(5, seed=1, labels=labels)
  np.testing.assert_array_equal(drawn.labels, labels)
  with pytest.raises(ValueError, match=r"labels: expected shape \(5,\), found "
                     r"\(2,\)"):
    synthetic_digits.generate_digits(5, labels=[1, 2])
  with pytest.raises(ValueError, match=r"0\.\.9, found \[0, 10\]"):
    synthetic_digits.generate_digits(2, labels=[0, 10])


def test_train_and_test_differ():
  data = synthetic_digits.synthetic_mnist(num_train=50, num_test=50, seed=3)
  assert data.train_images.shape == (50, 28, 28)
  assert not np.array_equal(data.train_images, data.test_images)


@pytest.mark.parametrize("compress", [True, False])
def test_written_files_read_back_as_mnist(tmp_path, compress):
  paths = synthetic_digits.write_synthetic_mnist(tmp_path, num_train=40,
                                                 num_test=10, seed=2,
                                                 compress=compress)
  assert paths.train_images.endswith(
      "train-images-idx3-ubyte" + (".gz" if compress else ""))
  expected = synthetic_digits.synthetic_mnist(40, 10, seed=2)
  data = mnist.read_data_sets(tmp_path, dtype=np.uint8, validation_size=10)
  np.testing.assert_array_equal(data.validation.images,
                                expected.train_images[:10].reshape(10, 784))
  np.testing.assert_array_equal(data.train.labels, expected.train_labels[10:])
  np.testing.assert_array_equal(data.test.images,
                                expected.test_images.reshape(10, 784))


def test_large_sets_report_their_progress(monkeypatch, caplog):
  ticks = iter(range(0, 10000, 10))  # Ten seconds a block.
  monkeypatch.setattr(synthetic_digits.time, "monotonic", lambda: next(ticks))
  monkeypatch.setattr(synthetic_digits, "_ANNOUNCE_AT", 3000)
  caplog.set_level(logging.INFO)
  caplog.set_level(logging.INFO, logger="absl")

  def reports():
    return [r.getMessage() for r in caplog.records
            if "synthetic digits" in r.getMessage()]
  synthetic_digits.generate_digits(2999, seed=1)
  assert not reports()
  drawn = synthetic_digits.generate_digits(5000, seed=1)
  messages = reports()
  assert messages[0] == "drawing 5000 synthetic digits..."
  assert re.fullmatch(r"drawing synthetic digits: 2048/5000 \(\d+s\)", messages[1])
  assert re.fullmatch(r"drawing synthetic digits: 4096/5000 \(\d+s\)", messages[2])
  assert re.fullmatch(r"drew 5000 synthetic digits in [\d.]+s", messages[3])
  # Reporting changes nothing drawn.
  monkeypatch.setattr(synthetic_digits, "_ANNOUNCE_AT", 10**9)
  np.testing.assert_array_equal(
      synthetic_digits.generate_digits(5000, seed=1).images, drawn.images)
