"""`tensorflow.examples.tutorials.mnist.input_data`: MNIST as TF1 served it.

`read_data_sets` and `DataSet` reproduce TF 1.15's
`contrib/learn/python/learn/datasets/mnist.py` batch for batch:

* validation is the **first** `validation_size` training images, unshuffled;
* float32 images are scaled by 1/255 and, with `reshape`, flattened to `[N, 784]`;
* one-hot labels are float64 `[N, 10]`;
* `next_batch` shuffles on its first call, wraps an epoch by concatenating the old
  order's tail with the head of a fresh shuffle (so every batch is full-size), and
  counts an epoch lazily: one that ends exactly on a batch boundary is counted by
  the next call.

**Random numbers.** TF1 reseeded numpy's *global* RNG in every `DataSet`
constructor (`numpy.random.seed(seed)`) and shuffled with `numpy.random.shuffle`.
Here every `DataSet` owns a private `numpy.random.RandomState(seed)` (the seed
taken modulo 2**31 - 1, as TF1 truncated it) and calls its `shuffle`: the same
Mersenne Twister stream, so for a given `seed` the permutations
(and batches) are identical to TF1's, while the caller's global RNG is left alone.
The one observable difference: in TF1 all `DataSet`s (and any other user of
`numpy.random`) drew from the one global stream, so interleaving, say, train and
validation batches perturbed both; here each stream is independent. `seed=None`
means fresh OS entropy, as in TF1 without a graph-level seed (TF1 would have used
the graph seed if one was set; this pure-numpy loader never looks at graphs).

Nothing is downloaded: `source_url` is accepted and ignored. Missing files raise
`FileNotFoundError` naming the four files and the directory, unless `synthetic`
asks for procedurally drawn digits (`tf1_compat.data.synthetic_digits`).
"""

import collections
import dataclasses
import os

from absl import logging
import numpy as np

from tf1_compat.data import idx
from tf1_compat.data import synthetic_digits

DEFAULT_SOURCE_URL = "https://storage.googleapis.com/cvdf-datasets/mnist/"
NUM_CLASSES = 10
# TF1's fake_data sets have this many examples.
FAKE_NUM_EXAMPLES = 10000

_SYNTHETIC_CHOICES = ("never", "if_missing", "always")
_MAXINT32 = 2**31 - 1


class Datasets(collections.namedtuple("Datasets",
                                      ("train", "validation", "test"))):
  """The three `DataSet`s, the namedtuple TF1 returned."""
  __slots__ = ()


@dataclasses.dataclass(frozen=True, eq=False)
class DataSetState:
  """Everything `next_batch` depends on, for an exact resume.

  Attributes:
    index_in_epoch: position of the next example in the current order.
    epochs_completed: the (lazy) epoch counter.
    order: int64 `[N]`; row `i` of the current `images` is row `order[i]` of the
      images the `DataSet` was built with.
    rng_state: the `RandomState.get_state()` tuple of the shuffling stream.
  """
  index_in_epoch: int
  epochs_completed: int
  order: np.ndarray
  rng_state: tuple


def _numpy_dtype(dtype):
  """uint8 or float32 from a numpy, string or TensorFlow dtype; TypeError else."""
  as_numpy = getattr(dtype, "as_numpy_dtype", dtype)  # tf.DType, without TF.
  try:
    result = np.dtype(as_numpy)
  except TypeError:
    result = None
  if result not in (np.dtype(np.uint8), np.dtype(np.float32)):
    raise TypeError("Invalid image dtype %r, expected uint8 or float32" % (dtype,))
  return result


def dense_to_one_hot(labels, num_classes=NUM_CLASSES):
  """Int labels `[N]` as float64 one-hot rows `[N, num_classes]`, as TF1."""
  labels = np.asarray(labels).ravel()
  one_hot = np.zeros((labels.shape[0], num_classes))
  one_hot[np.arange(labels.shape[0]), labels] = 1.0
  return one_hot


class DataSet:
  """An in-memory MNIST split with TF1's `next_batch`.

  Args:
    images: uint8 `[N, rows, cols, 1]` (TF1's layout) or `[N, rows, cols]`.
    labels: `[N]` ints or `[N, 10]` one-hot rows.
    fake_data: build TF1's placeholder set of 10000 examples, whose only use is
      `next_batch(..., fake_data=True)`.
    one_hot: whether fake labels are one-hot (real labels are taken as given).
    dtype: `np.float32` (scaled to [0, 1]) or `np.uint8` (raw); numpy, string or
      TensorFlow dtypes are accepted. Anything else raises `TypeError`.
    reshape: flatten images to `[N, rows * cols]`; otherwise they keep the shape
      they were given.
    seed: seeds this set's private shuffling stream; see the module docstring.
  """

  def __init__(self, images, labels, fake_data=False, one_hot=False,
               dtype=np.float32, reshape=True, seed=None):
    dtype = _numpy_dtype(dtype)
    # TF1 truncated op seeds modulo 2**31 - 1 before seeding numpy.
    self._rng = np.random.RandomState(
        None if seed is None else seed % _MAXINT32)
    self._fake_data = fake_data
    self.one_hot = one_hot
    if fake_data:
      self._num_examples = FAKE_NUM_EXAMPLES
    else:
      images, labels = np.asarray(images), np.asarray(labels)
      if images.shape[0] != labels.shape[0]:
        raise ValueError("DataSet: expected as many labels as images, found "
                         "images.shape %s and labels.shape %s"
                         % (images.shape, labels.shape))
      self._num_examples = images.shape[0]
      if reshape:
        if images.ndim == 4 and images.shape[3] != 1:
          raise ValueError("DataSet(reshape=True): expected one channel, found "
                           "images.shape %s" % (images.shape,))
        if images.ndim not in (3, 4):
          raise ValueError("DataSet(reshape=True): expected images [N, rows, "
                           "cols(, 1)], found shape %s" % (images.shape,))
        images = images.reshape(images.shape[0],
                                images.shape[1] * images.shape[2])
      if dtype == np.float32:
        images = np.multiply(images.astype(np.float32), 1.0 / 255.0)
    self._images = images
    self._labels = labels
    self._order = np.arange(self._num_examples)
    self._epochs_completed = 0
    self._index_in_epoch = 0

  @property
  def images(self):
    """Images in their current (shuffled after the first batch) order."""
    return self._images

  @property
  def labels(self):
    return self._labels

  @property
  def num_examples(self):
    return self._num_examples

  @property
  def epochs_completed(self):
    return self._epochs_completed

  def _shuffle(self):
    perm = np.arange(self._num_examples)
    self._rng.shuffle(perm)
    self._images = self._images[perm]
    self._labels = self._labels[perm]
    self._order = self._order[perm]

  def next_batch(self, batch_size, fake_data=False, shuffle=True):
    """The next `batch_size` examples, with TF1's epoch semantics.

    Args:
      batch_size: examples per batch, in `[1, num_examples]` (TF1 silently
        returned a short batch when it exceeded `num_examples`; this raises).
      fake_data: return TF1's constant fake batch (lists of `[1] * 784` images
        and `0` or `[1] + [0] * 9` labels).
      shuffle: shuffle at the start and on every epoch wrap.

    Returns:
      `(images, labels)`: `[batch_size, 784]` (or the unflattened shape) and
      `[batch_size]` or `[batch_size, 10]`.
    """
    if fake_data:
      fake_image = [1] * 784
      fake_label = [1] + [0] * 9 if self.one_hot else 0
      return ([fake_image for _ in range(batch_size)],
              [fake_label for _ in range(batch_size)])
    if self._fake_data:
      raise ValueError("next_batch: this DataSet was built with fake_data=True; "
                       "expected next_batch(..., fake_data=True)")
    if not 1 <= batch_size <= self._num_examples:
      raise ValueError("next_batch: expected 1 <= batch_size <= num_examples = "
                       "%d, found %d" % (self._num_examples, batch_size))
    start = self._index_in_epoch
    if self._epochs_completed == 0 and start == 0 and shuffle:
      self._shuffle()
    if start + batch_size > self._num_examples:
      self._epochs_completed += 1
      images_rest = self._images[start:self._num_examples]
      labels_rest = self._labels[start:self._num_examples]
      if shuffle:
        self._shuffle()
      self._index_in_epoch = batch_size - (self._num_examples - start)
      end = self._index_in_epoch
      return (np.concatenate((images_rest, self._images[:end]), axis=0),
              np.concatenate((labels_rest, self._labels[:end]), axis=0))
    self._index_in_epoch += batch_size
    return (self._images[start:self._index_in_epoch],
            self._labels[start:self._index_in_epoch])

  def state(self):
    """A `DataSetState` snapshot; `restore` it to replay the same batches."""
    return DataSetState(index_in_epoch=self._index_in_epoch,
                        epochs_completed=self._epochs_completed,
                        order=self._order.copy(),
                        rng_state=self._rng.get_state())

  def restore(self, state):
    """Returns to a `state()` taken from this set (or one built identically).

    Raises:
      ValueError: `state.order` is not a permutation of this set's examples, or
        `state.index_in_epoch` is outside `[0, num_examples]`.
    """
    order = np.asarray(state.order, dtype=np.int64)
    if (order.shape != (self._num_examples,) or not np.array_equal(
        np.sort(order), np.arange(self._num_examples))):
      raise ValueError("DataSet.restore: expected state.order to be a "
                       "permutation of %d examples, found shape %s"
                       % (self._num_examples, order.shape))
    if not 0 <= state.index_in_epoch <= self._num_examples:
      raise ValueError("DataSet.restore: expected 0 <= index_in_epoch <= %d, "
                       "found %d" % (self._num_examples, state.index_in_epoch))
    if not self._fake_data:
      # Current row i is original row self._order[i]; map original rows to
      # current ones, then gather the new order in one step.
      current_row = np.empty_like(self._order)
      current_row[self._order] = np.arange(self._num_examples)
      self._images = self._images[current_row[order]]
      self._labels = self._labels[current_row[order]]
    self._order = order.copy()
    self._index_in_epoch = int(state.index_in_epoch)
    self._epochs_completed = int(state.epochs_completed)
    self._rng.set_state(state.rng_state)


def build_data_sets(train_images, train_labels, test_images, test_labels,
                    one_hot=False, dtype=np.float32, reshape=True,
                    validation_size=5000, seed=None):
  """Splits and wraps arrays exactly as `read_data_sets` does with its files.

  Args:
    train_images: uint8 `[N, rows, cols]` or `[N, rows, cols, 1]`.
    train_labels: uint8 `[N]`.
    test_images: as `train_images`.
    test_labels: as `train_labels`.
    one_hot: float64 one-hot labels `[N, 10]` instead of ints.
    dtype: image dtype, see `DataSet`.
    reshape: flatten images to `[N, rows * cols]`.
    validation_size: the first `validation_size` training examples become the
      validation set, unshuffled.
    seed: the shuffling seed of every `DataSet`.

  Returns:
    `Datasets(train, validation, test)`.
  """
  train_images, test_images = (images if images.ndim == 4 else images[..., None]
                               for images in (np.asarray(train_images),
                                              np.asarray(test_images)))
  if one_hot:
    train_labels = dense_to_one_hot(train_labels)
    test_labels = dense_to_one_hot(test_labels)
  if not 0 <= validation_size <= len(train_images):
    raise ValueError("Validation size should be between 0 and {}. Received: {}."
                     .format(len(train_images), validation_size))
  options = dict(dtype=dtype, reshape=reshape, seed=seed)
  train = DataSet(train_images[validation_size:],
                  train_labels[validation_size:], **options)
  validation = DataSet(train_images[:validation_size],
                       train_labels[:validation_size], **options)
  test = DataSet(test_images, test_labels, **options)
  return Datasets(train=train, validation=validation, test=test)


def find_mnist_files(train_dir):
  """`MnistFiles` of the four files' paths in `train_dir` (None where missing)."""
  return idx.MnistFiles(*(_find(os.fspath(train_dir), name)
                          for name in idx.MNIST_FILENAMES))


def missing_mnist_files(train_dir):
  """Names (of `idx.MNIST_FILENAMES`) found in `train_dir` neither gzipped nor raw."""
  return [name for name, path in zip(idx.MNIST_FILENAMES,
                                     find_mnist_files(train_dir))
          if path is None]


def _find(train_dir, name):
  """The path of `name` or of its uncompressed twin (name without `.gz`)."""
  for candidate in (name, name[:-len(".gz")]):
    path = os.path.join(train_dir, candidate)
    if os.path.isfile(path):
      return path
  return None


def _read_split(images_path, labels_path):
  logging.info("Extracting %s", images_path)
  images = idx.read_images(images_path)
  logging.info("Extracting %s", labels_path)
  labels = idx.read_labels(labels_path)
  if len(images) != len(labels):
    raise ValueError("MNIST files %r and %r: expected as many labels as images, "
                     "found %d images and %d labels"
                     % (images_path, labels_path, len(images), len(labels)))
  if labels.size and labels.max() >= NUM_CLASSES:
    raise ValueError("MNIST label file %r: expected labels in 0..9, found %d"
                     % (labels_path, labels.max()))
  return images, labels


def synthetic_data_sets(num_train=60000, num_test=10000, digits_seed=0,
                        one_hot=False, dtype=np.float32, reshape=True,
                        validation_size=5000, seed=None):
  """`Datasets` of procedurally drawn digits, split and served like MNIST.

  Logs a loud warning: numbers measured on them are not MNIST numbers.

  Args:
    num_train: training examples before the validation split (MNIST: 60000).
    num_test: test examples (MNIST: 10000).
    digits_seed: the seed of the drawings (fixed by default, like a dataset).
    one_hot: see `build_data_sets`.
    dtype: see `build_data_sets`.
    reshape: see `build_data_sets`.
    validation_size: see `build_data_sets`.
    seed: the shuffling seed, as in `read_data_sets`.

  Returns:
    `Datasets(train, validation, test)`.
  """
  logging.warning(
      "USING SYNTHETIC DIGITS, NOT MNIST: %d train + %d test procedurally drawn "
      "digits (digits_seed=%d). Accuracies are not comparable with published "
      "MNIST results.", num_train, num_test, digits_seed)
  data = synthetic_digits.synthetic_mnist(num_train, num_test, digits_seed)
  return build_data_sets(data.train_images, data.train_labels,
                         data.test_images, data.test_labels, one_hot=one_hot,
                         dtype=dtype, reshape=reshape,
                         validation_size=validation_size, seed=seed)


def read_data_sets(train_dir, fake_data=False, one_hot=False, dtype=np.float32,
                   reshape=True, validation_size=5000, seed=None,
                   source_url=DEFAULT_SOURCE_URL, synthetic="never"):
  """TF1's `input_data.read_data_sets`, reading local IDX files only.

  Each of the four files (`idx.MNIST_FILENAMES`) may be gzipped (the standard
  `.gz` name) or raw (the same name without `.gz`).

  Args:
    train_dir: the directory holding the files.
    fake_data: return three TF1 fake-data sets instead (no files read).
    one_hot: float64 one-hot labels `[N, 10]` instead of uint8 `[N]`.
    dtype: `np.float32` (scaled to [0, 1]) or `np.uint8`; TensorFlow dtypes work
      too.
    reshape: flatten images to `[N, 784]`; otherwise `[N, 28, 28, 1]`.
    validation_size: the first `validation_size` training images (unshuffled)
      become the validation set; must be in `[0, number of training images]`.
    seed: shuffling seed of every `DataSet` (see the module docstring).
    source_url: ignored; nothing is downloaded.
    synthetic: `"never"` (missing files raise), `"if_missing"` (missing files
      fall back to 60000 + 10000 synthetic digits, with a loud warning) or
      `"always"` (synthetic digits even when the files exist).

  Returns:
    `Datasets(train, validation, test)`.

  Raises:
    FileNotFoundError: files are missing and `synthetic` is `"never"`.
    ValueError: malformed files, images and labels of different counts, or a
      `validation_size` out of range.
  """
  del source_url  # Kept for TF1 signature compatibility; there is no network.
  if synthetic not in _SYNTHETIC_CHOICES:
    raise ValueError("read_data_sets: expected synthetic in %s, found %r"
                     % (_SYNTHETIC_CHOICES, synthetic))
  if fake_data:
    def fake():
      return DataSet([], [], fake_data=True, one_hot=one_hot, dtype=dtype,
                     seed=seed)
    return Datasets(train=fake(), validation=fake(), test=fake())
  options = dict(one_hot=one_hot, dtype=dtype, reshape=reshape,
                 validation_size=validation_size, seed=seed)
  if synthetic == "always":
    return synthetic_data_sets(**options)
  train_dir = os.fspath(train_dir)
  missing = missing_mnist_files(train_dir)
  if missing:
    if synthetic == "if_missing":
      logging.warning("MNIST files missing from %r: %s", train_dir,
                      ", ".join(missing))
      return synthetic_data_sets(**options)
    raise FileNotFoundError(
        "MNIST: expected the four files %s (gzipped, or raw without .gz) in "
        "directory %r; missing: %s. Nothing is downloaded: copy them there, or "
        "pass synthetic='if_missing' to train on procedurally drawn digits "
        "(tf1_compat.data.write_synthetic_mnist writes such files)."
        % (", ".join(idx.MNIST_FILENAMES), train_dir, ", ".join(missing)))
  paths = find_mnist_files(train_dir)
  train_images, train_labels = _read_split(paths.train_images,
                                           paths.train_labels)
  test_images, test_labels = _read_split(paths.test_images, paths.test_labels)
  if train_images.shape[1:] != test_images.shape[1:]:
    raise ValueError("MNIST files %r and %r: expected the same image size, found "
                     "%s and %s" % (paths.train_images, paths.test_images,
                                    train_images.shape[1:],
                                    test_images.shape[1:]))
  return build_data_sets(train_images, train_labels, test_images, test_labels,
                         **options)
