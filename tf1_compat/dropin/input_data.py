"""`tensorflow.examples.tutorials.mnist.input_data`, for unmodified tutorial code.

`read_data_sets(train_dir, one_hot=...)` reads the four MNIST IDX files from
`train_dir` (gzipped or raw) and serves them batch for batch as TF1 did (see
`tf1_compat.data.mnist`). Nothing is downloaded: when the files are missing, the
error names the four files and the directory to put them in. The runner's
`--synthetic-mnist` option (or `use_synthetic_digits(True)`) makes missing files
fall back to procedurally drawn digits instead, with a loud warning.
"""

import os

import numpy as np

from tf1_compat.data import idx
from tf1_compat.data import mnist
from tf1_compat.data.mnist import DataSet
from tf1_compat.data.mnist import dense_to_one_hot

_SETTINGS = {"synthetic": False}

__all__ = ["DataSet", "dense_to_one_hot", "read_data_sets",
           "use_synthetic_digits"]


def use_synthetic_digits(enabled=True):
  """Whether `read_data_sets` falls back to synthetic digits for missing files."""
  _SETTINGS["synthetic"] = bool(enabled)


def read_data_sets(train_dir, fake_data=False, one_hot=False, dtype=np.float32,
                   reshape=True, validation_size=5000, seed=None,
                   source_url=mnist.DEFAULT_SOURCE_URL):
  """TF1's `input_data.read_data_sets`, reading local files only.

  Args:
    train_dir: Directory holding `train-images-idx3-ubyte.gz`,
      `train-labels-idx1-ubyte.gz`, `t10k-images-idx3-ubyte.gz` and
      `t10k-labels-idx1-ubyte.gz` (or the same names without `.gz`).
    fake_data, one_hot, dtype, reshape, validation_size, seed: As in TF1.
    source_url: Ignored; nothing is downloaded.

  Returns:
    `Datasets(train, validation, test)`.

  Raises:
    FileNotFoundError: files are missing and synthetic digits were not asked
      for; the message says which files and where.
  """
  synthetic = "if_missing" if _SETTINGS["synthetic"] else "never"
  try:
    return mnist.read_data_sets(
        train_dir, fake_data=fake_data, one_hot=one_hot, dtype=dtype,
        reshape=reshape, validation_size=validation_size, seed=seed,
        source_url=source_url, synthetic=synthetic)
  except FileNotFoundError:
    directory = os.path.abspath(os.fspath(train_dir))
    missing = mnist.missing_mnist_files(directory)
    raise FileNotFoundError(
        "input_data.read_data_sets(%r): MNIST needs the four files %s in "
        "directory %s (gzipped as named, or uncompressed without .gz); missing: "
        "%s. tf1_compat downloads nothing: copy the files there (they are "
        "published at %s), or rerun with `python -m tf1_compat.run "
        "--synthetic-mnist ...` to train on procedurally drawn digits instead."
        % (os.fspath(train_dir), ", ".join(idx.MNIST_FILENAMES), directory,
           ", ".join(missing), mnist.DEFAULT_SOURCE_URL)) from None
