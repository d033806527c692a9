"""`tf.contrib.learn.datasets.base`: TF 1.15's dataset tuples and CSV loaders.

`Datasets` is the class `read_data_sets` returns (`tf1_compat.data.mnist`'s).
Nothing is downloaded: `maybe_download` returns files that are already there
and raises for the others; the bundled iris and Boston CSV files are not
shipped, so `load_iris` and `load_boston` raise `NotProvidedError`.
"""

import collections
import csv
import os

import numpy as np
import tensorflow as tf

from tf1_compat.data import mnist as data_mnist
from tf1_compat.framework import errors
from tf1_compat.framework import not_provided

__all__ = ["Dataset", "Datasets", "load_csv_with_header",
           "load_csv_without_header", "maybe_download"]

Dataset = collections.namedtuple("Dataset", ["data", "target"])
Datasets = data_mnist.Datasets


class CsvFormatError(errors.Error, ValueError):
  """A CSV file that does not hold what the loader expects."""


class NotDownloadedError(errors.Error, FileNotFoundError):
  """`maybe_download` was asked for a file that is not there."""


def _row_into(path, line, row, target_column, data, target):
  """Fills `data[line - 2]` and `target[line - 2]` from one CSV row."""
  try:
    target[line - 2] = np.asarray(row.pop(target_column), dtype=target.dtype)
    data[line - 2] = np.asarray(row, dtype=data.dtype)
  except (IndexError, ValueError) as e:
    raise CsvFormatError(
        "load_csv_with_header(%r), line %d: expected %d features and a target "
        "(column %d) of dtypes %s and %s, found %r (%s)"
        % (path, line, data.shape[1], target_column, data.dtype, target.dtype,
           row, e)) from None


def load_csv_with_header(filename, target_dtype, features_dtype,
                         target_column=-1):
  """Reads a CSV file whose header row starts with `n_samples,n_features`.

  As in TF1, rows beyond the header's count are an error here (TF1 failed on
  an index), and missing rows stay zeros.

  Args:
    filename: Any `tf.io.gfile` path.
    target_dtype: numpy dtype of the target column.
    features_dtype: numpy dtype of the features.
    target_column: Index of the target column in each row.

  Returns:
    `Dataset(data=[n_samples, n_features], target=[n_samples])`.

  Raises:
    ValueError: a missing or malformed header, too many rows, or a row that
      does not convert.
  """
  with tf.io.gfile.GFile(filename) as csv_file:
    rows = csv.reader(csv_file)
    header = next(rows, None)
    try:
      n_samples, n_features = int(header[0]), int(header[1])
    except (TypeError, IndexError, ValueError):
      raise CsvFormatError(
          "load_csv_with_header(%r): expected a header row starting with "
          "n_samples,n_features, found %r" % (filename, header)) from None
    data = np.zeros((n_samples, n_features), dtype=features_dtype)
    target = np.zeros((n_samples,), dtype=target_dtype)
    for index, row in enumerate(rows):
      if index >= n_samples:
        raise CsvFormatError(
            "load_csv_with_header(%r): expected %d rows after the header (its "
            "n_samples), found more" % (filename, n_samples))
      _row_into(filename, index + 2, row, target_column, data, target)
  return Dataset(data=data, target=target)


def load_csv_without_header(filename, target_dtype, features_dtype,
                            target_column=-1):
  """Reads a CSV file of rows only (no header).

  Returns:
    `Dataset(data=[rows, features], target=[rows])`.
  """
  data, target = [], []
  with tf.io.gfile.GFile(filename) as csv_file:
    for line, row in enumerate(csv.reader(csv_file), start=1):
      try:
        target.append(row.pop(target_column))
        data.append(np.asarray(row, dtype=features_dtype))
      except (IndexError, ValueError) as e:
        raise CsvFormatError(
            "load_csv_without_header(%r), line %d: expected features of dtype "
            "%s and a target (column %d), found %r (%s)"
            % (filename, line, np.dtype(features_dtype), target_column, row,
               e)) from None
  return Dataset(data=np.array(data), target=np.array(target, dtype=target_dtype))


def maybe_download(filename, work_directory, source_url):
  """The path of `filename` in `work_directory`, which must already hold it.

  Raises:
    FileNotFoundError: the file is not there (nothing is downloaded).
  """
  path = os.path.join(work_directory, filename)
  if tf.io.gfile.exists(path):
    return path
  raise NotDownloadedError(
      "maybe_download(%r, %r): expected the file at %s, found none. tf1_compat "
      "downloads nothing: fetch %s into that directory yourself"
      % (filename, work_directory, path, source_url))


_NOT_SHIPPED = (
    "TF 1.15 bundled this CSV file with contrib.learn; tf1_compat does not ship "
    "it")
# Names this module refuses: {name: (why, closest)}.
NOT_PROVIDED = {
    "load_iris": (_NOT_SHIPPED, "sklearn.datasets.load_iris(), or the CSV file "
                  "read with tf.contrib.learn.datasets.base.load_csv_with_header "
                  "(provided)"),
    "load_boston": (_NOT_SHIPPED, "the CSV file read with "
                    "tf.contrib.learn.datasets.base.load_csv_with_header "
                    "(provided)"),
    "shrink_csv": ("the CSV-subsampling helper is not rebuilt",
                   "csv.reader and csv.writer keeping every ratio-th row"),
    "retry": ("the download retry decorator is not rebuilt; tf1_compat "
              "downloads nothing", "download files before running the script"),
    "urlretrieve_with_retry": ("tf1_compat downloads nothing",
                               "urllib.request.urlretrieve before running the "
                               "script"),
}

__getattr__ = not_provided.partial_module_getattr(
    "tf.contrib.learn.datasets.base", __all__, NOT_PROVIDED)
