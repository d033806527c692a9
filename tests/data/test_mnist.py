"""TF1 `input_data` semantics: split, scaling, one-hot and `next_batch` epochs."""

import os

import numpy as np
import pytest

from tf1_compat.data import idx
from tf1_compat.data import mnist

_TRAIN, _TEST = 20, 6


def _write_mnist(directory, train=_TRAIN, test=_TEST, compress=True):
  """Image `i` is filled with the value `i`, its label is `i % 10`."""
  names = idx.MNIST_FILENAMES
  if not compress:
    names = idx.MnistFiles(*(n[:-3] for n in names))
  def images(n, offset):
    return np.broadcast_to((np.arange(n) + offset).astype(np.uint8)[:, None,
                                                                    None],
                           (n, 28, 28))
  idx.write_images(directory / names.train_images, images(train, 0), compress)
  idx.write_labels(directory / names.train_labels, np.arange(train) % 10,
                   compress)
  idx.write_images(directory / names.test_images, images(test, 100), compress)
  idx.write_labels(directory / names.test_labels, np.arange(test) % 10,
                   compress)
  return directory


def _ids(images):
  """The fill value of each flattened uint8 or float image."""
  images = np.asarray(images)
  scale = 255.0 if images.dtype == np.float32 else 1.0
  return np.rint(images.reshape(len(images), -1)[:, 0] * scale).astype(int)


@pytest.fixture
def mnist_dir(tmp_path):
  return _write_mnist(tmp_path)


def test_split_scaling_and_shapes(mnist_dir):
  data = mnist.read_data_sets(mnist_dir, validation_size=5)
  train, validation, test = data
  assert isinstance(data, mnist.Datasets) and data[0] is train
  assert train.images.shape == (15, 784) and train.images.dtype == np.float32
  np.testing.assert_array_equal(_ids(validation.images), np.arange(5))
  np.testing.assert_array_equal(_ids(train.images), np.arange(5, 20))
  np.testing.assert_array_equal(_ids(test.images), np.arange(100, 106))
  np.testing.assert_array_equal(
      train.images[0], np.full(784, np.float32(5) * np.float32(1 / 255)))
  assert train.labels.dtype == np.uint8
  np.testing.assert_array_equal(train.labels, np.arange(5, 20) % 10)
  assert (train.num_examples, validation.num_examples, test.num_examples) == (
      15, 5, 6)
  assert train.epochs_completed == 0


def test_one_hot_is_float64(mnist_dir):
  data = mnist.read_data_sets(mnist_dir, one_hot=True, validation_size=5)
  assert data.train.labels.dtype == np.float64
  assert data.train.labels.shape == (15, 10)
  np.testing.assert_array_equal(data.train.labels.argmax(1),
                                np.arange(5, 20) % 10)
  np.testing.assert_array_equal(data.train.labels.sum(1), np.ones(15))


@pytest.mark.parametrize("dtype", [np.uint8, "uint8"])
def test_uint8_and_unflattened(mnist_dir, dtype):
  data = mnist.read_data_sets(mnist_dir, dtype=dtype, reshape=False,
                              validation_size=0)
  assert data.train.images.shape == (20, 28, 28, 1)
  assert data.train.images.dtype == np.uint8
  assert data.validation.num_examples == 0


def test_tensorflow_style_dtypes_and_invalid_dtype(mnist_dir):
  class FakeTfDType:
    as_numpy_dtype = np.float32
  data = mnist.read_data_sets(mnist_dir, dtype=FakeTfDType(),
                              validation_size=5)
  assert data.train.images.dtype == np.float32
  with pytest.raises(TypeError, match="expected uint8 or float32"):
    mnist.read_data_sets(mnist_dir, dtype=np.float64, validation_size=5)


@pytest.mark.parametrize("size", [-1, _TRAIN + 1])
def test_validation_size_out_of_range(mnist_dir, size):
  with pytest.raises(ValueError, match="between 0 and 20. Received: %d" % size):
    mnist.read_data_sets(mnist_dir, validation_size=size)


def test_whole_train_set_as_validation(mnist_dir):
  data = mnist.read_data_sets(mnist_dir, validation_size=_TRAIN)
  assert (data.train.num_examples, data.validation.num_examples) == (0, 20)


def test_raw_files_are_found(tmp_path):
  data = mnist.read_data_sets(_write_mnist(tmp_path, compress=False),
                              validation_size=2)
  assert data.train.num_examples == 18


def test_missing_files_list_all_four_and_the_directory(tmp_path):
  with pytest.raises(FileNotFoundError) as error:
    mnist.read_data_sets(tmp_path / "nowhere")
  message = str(error.value)
  for name in idx.MNIST_FILENAMES:
    assert name in message
  assert os.path.join(str(tmp_path), "nowhere") in message
  assert "synthetic" in message


def test_count_mismatch_between_images_and_labels(mnist_dir):
  idx.write_labels(mnist_dir / idx.MNIST_FILENAMES.test_labels,
                   np.zeros(_TEST - 1, np.uint8))
  with pytest.raises(ValueError, match="t10k-images.*t10k-labels.*found 6 "
                     "images and 5 labels"):
    mnist.read_data_sets(mnist_dir)


def test_corrupt_file_propagates_the_idx_error(mnist_dir):
  idx.write_labels(mnist_dir / idx.MNIST_FILENAMES.train_images,
                   np.zeros(3, np.uint8))
  with pytest.raises(ValueError, match="expected magic number 2051, found "
                     "2049"):
    mnist.read_data_sets(mnist_dir)


def test_synthetic_choices(tmp_path, mnist_dir, monkeypatch):
  calls = []
  monkeypatch.setattr(mnist, "synthetic_data_sets",
                      lambda **options: calls.append(options) or "synthetic")
  assert mnist.read_data_sets(tmp_path / "empty",
                              synthetic="if_missing") == "synthetic"
  assert mnist.read_data_sets(mnist_dir, one_hot=True,
                              synthetic="always") == "synthetic"
  assert calls[1]["one_hot"] and calls[1]["validation_size"] == 5000
  assert mnist.read_data_sets(mnist_dir, validation_size=1,
                              synthetic="if_missing").train.num_examples == 19
  with pytest.raises(ValueError, match="synthetic in .*found 'yes'"):
    mnist.read_data_sets(mnist_dir, synthetic="yes")


def test_synthetic_data_sets_warn_loudly(caplog):
  data = mnist.synthetic_data_sets(num_train=60, num_test=20,
                                   validation_size=10, one_hot=True)
  assert "USING SYNTHETIC DIGITS" in caplog.text
  assert data.train.images.shape == (50, 784)
  assert data.validation.labels.shape == (10, 10)
  assert data.test.num_examples == 20


def _dataset(n=5, **kwargs):
  images = np.arange(n, dtype=np.uint8)[:, None, None, None] * np.ones(
      (1, 28, 28, 1), np.uint8)
  return mnist.DataSet(images, np.arange(n), dtype=np.uint8, **kwargs)


def test_next_batch_without_shuffle_hand_computed():
  data = _dataset()
  expected = [([0, 1], 0), ([2, 3], 0), ([4, 0], 1), ([1, 2], 1), ([3, 4], 1),
              # The epoch ended on a batch boundary: counted on the next call.
              ([0, 1], 2), ([2, 3, 4, 0, 1], 3)]
  for ids, epochs in expected[:-1]:
    images, labels = data.next_batch(2, shuffle=False)
    np.testing.assert_array_equal(_ids(images), ids)
    np.testing.assert_array_equal(labels, ids)
    assert data.epochs_completed == epochs
  images, _ = data.next_batch(5, shuffle=False)
  np.testing.assert_array_equal(_ids(images), expected[-1][0])
  assert data.epochs_completed == expected[-1][1]


def _tf1_batches(n, batch_size, steps, seed):
  """TF 1.15's `next_batch` verbatim in behaviour, on numpy's global RNG."""
  saved = np.random.get_state()
  np.random.seed(seed)
  order, index, epochs, out = np.arange(n), 0, 0, []
  for _ in range(steps):
    start = index
    if epochs == 0 and start == 0:
      perm = np.arange(n)
      np.random.shuffle(perm)
      order = order[perm]
    if start + batch_size > n:
      epochs += 1
      rest = order[start:n]
      perm = np.arange(n)
      np.random.shuffle(perm)
      order = order[perm]
      index = batch_size - (n - start)
      out.append((np.concatenate([rest, order[:index]]), epochs))
    else:
      index += batch_size
      out.append((order[start:index], epochs))
  np.random.set_state(saved)
  return out


@pytest.mark.parametrize("batch_size", [1, 3, 7])
def test_shuffled_batches_match_tf1_global_rng_sequence(batch_size):
  global_state = np.random.get_state()
  data = _dataset(7, seed=1234)
  for ids, epochs in _tf1_batches(7, batch_size, 12, seed=1234):
    images, labels = data.next_batch(batch_size)
    np.testing.assert_array_equal(_ids(images), ids)
    np.testing.assert_array_equal(labels, ids)
    assert data.epochs_completed == epochs
  # The caller's global RNG is never touched.
  np.testing.assert_array_equal(np.random.get_state()[1], global_state[1])


def test_seed_is_truncated_like_tf1_op_seeds():
  big = _dataset(7, seed=2**31 - 1 + 1234)
  small = _dataset(7, seed=1234)
  np.testing.assert_array_equal(big.next_batch(7)[1], small.next_batch(7)[1])


def test_first_batch_permutes_the_stored_images_like_tf1():
  data = _dataset(7, seed=3)
  data.next_batch(2)
  perm = np.arange(7)
  np.random.RandomState(3).shuffle(perm)
  np.testing.assert_array_equal(_ids(data.images), perm)
  np.testing.assert_array_equal(data.labels, perm)


def test_every_example_once_per_epoch():
  data = _dataset(10, seed=0)
  seen = np.concatenate([data.next_batch(5)[1] for _ in range(2)])
  assert sorted(seen) == list(range(10))


def test_state_restore_replays_batches():
  data = _dataset(7, seed=5)
  for _ in range(3):
    data.next_batch(3)
  state = data.state()
  expected = [data.next_batch(3) for _ in range(6)]
  data.restore(state)
  for images, labels in expected:
    got_images, got_labels = data.next_batch(3)
    np.testing.assert_array_equal(got_images, images)
    np.testing.assert_array_equal(got_labels, labels)
  fresh = _dataset(7, seed=99)
  fresh.restore(state)
  assert fresh.epochs_completed == state.epochs_completed
  for images, labels in expected:
    got_images, got_labels = fresh.next_batch(3)
    np.testing.assert_array_equal(got_images, images)
    np.testing.assert_array_equal(got_labels, labels)


def test_state_before_first_batch():
  data = _dataset(7, seed=5)
  state = data.state()
  first = data.next_batch(4)[1]
  data.next_batch(4)
  data.restore(state)
  np.testing.assert_array_equal(data.next_batch(4)[1], first)


def test_restore_rejects_foreign_state():
  state = _dataset(7, seed=5).state()
  with pytest.raises(ValueError, match="permutation of 5 examples"):
    _dataset(5).restore(state)


def test_batch_size_must_fit():
  with pytest.raises(ValueError, match="batch_size <= num_examples = 5, found "
                     "6"):
    _dataset().next_batch(6)


def test_fake_data():
  data = mnist.read_data_sets("unused", fake_data=True, one_hot=True)
  assert data.train.num_examples == 10000
  images, labels = data.train.next_batch(3, fake_data=True)
  assert images == [[1] * 784] * 3 and labels == [[1] + [0] * 9] * 3
  with pytest.raises(ValueError, match="fake_data=True"):
    data.train.next_batch(3)


def test_dense_to_one_hot():
  np.testing.assert_array_equal(
      mnist.dense_to_one_hot(np.array([2, 0])),
      [[0, 0, 1, 0, 0, 0, 0, 0, 0, 0], [1, 0, 0, 0, 0, 0, 0, 0, 0, 0]])
