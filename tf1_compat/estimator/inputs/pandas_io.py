"""`tf.estimator.inputs.pandas_input_fn`: an `input_fn` over a pandas DataFrame.

The DataFrame's columns are batched like `numpy_input_fn`'s arrays (see
`feeding`): rows by position, in order unless shuffled. `features` is a dict of
column name to tensor; `labels` is `y`'s tensor (a Series) or a dict of its
columns (a DataFrame). pandas is optional: it is imported when
`pandas_input_fn` is called, and its absence is reported then.
"""

import importlib
import uuid

import numpy as np

from tf1_compat.estimator import errors
from tf1_compat.estimator.inputs import feeding
from tf1_compat.estimator.inputs import numpy_io


def _import_pandas():
  try:
    return importlib.import_module("pandas")
  except ImportError as e:
    raise errors.PandasNotInstalledError(
        "pandas_input_fn should not be called without pandas installed: "
        "importing pandas failed (%s). Install pandas (`pip install pandas`), "
        "or pass the columns as numpy arrays to "
        "tf.estimator.inputs.numpy_input_fn." % e) from e


def _unique_target_key(frame, name):
  if name in frame:
    name += "_" + str(uuid.uuid4())
  return name


def pandas_input_fn(x, y=None, batch_size=128, num_epochs=1, shuffle=None,
                    queue_capacity=1000, num_threads=1,
                    target_column="target"):
  """An `input_fn` returning batches of `x`'s columns (and of `y`) as tensors.

  Args:
    x: A pandas `DataFrame` (copied; not changed).
    y: None, a `Series` or a `DataFrame`, with `x`'s index.
    batch_size: Rows per batch.
    num_epochs: Passes over the rows; None repeats forever.
    shuffle: Required bool.
    queue_capacity: Rows in the shuffle buffer; None for `len(x)` (four times
      that when shuffling).
    num_threads: TF1's reader threads (see `numpy_input_fn`).
    target_column: The name `y` (a Series) is carried under; must not be a
      column of `x`.

  Returns:
    `input_fn()` -> `features` or `(features, labels)`.

  Raises:
    PandasNotInstalledError: pandas cannot be imported.
    EstimatorValueError: `shuffle` is not a bool, `target_column` is taken,
      or the indexes of `x` and `y` differ.
    EstimatorTypeError: `target_column` is not a string.
  """
  pd = _import_pandas()
  numpy_io.check_shuffle(shuffle)
  if not isinstance(target_column, str):
    raise errors.EstimatorTypeError("target_column must be a string type")

  x = x.copy()
  y_columns = None
  if y is not None:
    if target_column in x:
      raise errors.EstimatorValueError(
          "Cannot use name %s for target column: DataFrame already has a "
          "column with that name: %s" % (target_column, x.columns))
    if not np.array_equal(x.index, y.index):
      raise errors.EstimatorValueError(
          "Index for x and y are mismatched.\nIndex for x: %s\n"
          "Index for y: %s\n" % (x.index, y.index))
    if isinstance(y, pd.DataFrame):
      y_columns = [(column, _unique_target_key(x, column)) for column in list(y)]
      for column, key in y_columns:
        x[key] = y[column]
    else:
      x[target_column] = y
  if queue_capacity is None:
    queue_capacity = 4 * len(x) if shuffle else len(x)

  def input_fn():
    names = list(x.columns)
    batch = feeding.batch_columns(
        [np.asarray(x[name].values) for name in names], batch_size,
        num_epochs, shuffle, queue_capacity, num_threads)
    features = dict(zip(names, batch))
    if y is None:
      return features
    if y_columns is not None:
      return features, {column: features.pop(key) for column, key in y_columns}
    return features, features.pop(target_column)

  return input_fn
