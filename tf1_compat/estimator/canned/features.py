"""Checks a canned estimator's features against its feature columns.

TF 1.15 found a missing feature deep inside `input_layer` or `linear_model`
(`ValueError: Feature age is not in features dictionary.`); the canned model
functions check first and name every missing key, the columns that need it and
the features the `input_fn` did return.
"""

import tensorflow as tf

from tf1_compat.estimator import errors

_V1 = tf.compat.v1


def is_numeric_column(column):
  """Whether `column` is a `numeric_column` (TF1's or TF2's)."""
  # TF 2.21 exports no class for what `tf.feature_column.numeric_column`
  # returns, so the column is recognized by its type's name.
  return (type(column).__name__ in ("NumericColumn", "_NumericColumn")
          and hasattr(column, "key") and hasattr(column, "normalizer_fn"))


def feature_columns_tuple(feature_columns, estimator_name):
  """`feature_columns` as a tuple, checked to be a non-empty iterable.

  Raises:
    EstimatorValueError: `feature_columns` is None, a single string, or empty.
  """
  if isinstance(feature_columns, (str, bytes)) or feature_columns is None:
    raise errors.EstimatorValueError(
        "%s needs feature_columns, an iterable of tf.feature_column columns; "
        "got %r." % (estimator_name, feature_columns))
  columns = tuple(feature_columns)
  if not columns:
    raise errors.EstimatorValueError(
        "%s needs at least one feature column; feature_columns is empty."
        % estimator_name)
  return columns


def check_features(features, feature_columns):
  """Raises unless `features` is a dict holding every key the columns read.

  Args:
    features: What the `input_fn` (or serving receiver) gave the model.
    feature_columns: The columns the model reads.

  Raises:
    EstimatorValueError: `features` is no dict (TF 1.15's message), or lacks
      a key a column needs.
  """
  if not isinstance(features, dict):
    raise errors.EstimatorValueError(
        "features should be a dictionary of `Tensor`s. Given type: {}".format(
            type(features)))
  needed = _V1.feature_column.make_parse_example_spec(feature_columns)
  missing = sorted(key for key in needed if key not in features)
  if missing:
    readers = sorted({
        column.name for column in feature_columns
        if set(_V1.feature_column.make_parse_example_spec([column]))
        & set(missing)})
    raise errors.EstimatorValueError(
        "Feature %s is not in features dictionary: the feature columns %s "
        "read the feature key(s) %s, but the input_fn's features have only "
        "the keys %s." % (missing[0], readers, missing, sorted(features)))
