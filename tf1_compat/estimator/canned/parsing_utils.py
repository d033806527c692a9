"""`tf.estimator.{classifier,regressor}_parse_example_spec`: a canned model's spec.

The `tf.io.parse_example` spec of the features the columns read, plus the
label (`FixedLenFeature`) and, if given, the weight column, for input
functions that parse `tf.train.Example`s for a canned estimator.
"""

import tensorflow as tf

from tf1_compat.estimator import errors
from tf1_compat.estimator.canned import features as features_lib

_V1 = tf.compat.v1


def _add_label_and_weight_to_parsing_spec(parsing_spec, label_key, label_spec,
                                          weight_column=None):
  if label_key in parsing_spec:
    raise errors.EstimatorValueError(
        "label should not be used as feature. label_key: {}, features: {}"
        .format(label_key, sorted(parsing_spec)))
  parsing_spec[label_key] = label_spec
  if weight_column is None:
    return parsing_spec
  if isinstance(weight_column, str):
    weight_column = _V1.feature_column.numeric_column(weight_column)
  if not features_lib.is_numeric_column(weight_column):
    raise errors.EstimatorValueError(
        "weight_column should be an instance of "
        "tf.feature_column.numeric_column. Given type: {} value: {}".format(
            type(weight_column), weight_column))
  if weight_column.key in parsing_spec:
    raise errors.EstimatorValueError(
        "weight_column should not be used as feature. weight_column: {}, "
        "features: {}".format(weight_column.key, sorted(parsing_spec)))
  parsing_spec.update(
      _V1.feature_column.make_parse_example_spec([weight_column]))
  return parsing_spec


def classifier_parse_example_spec(feature_columns, label_key,
                                  label_dtype=tf.int64, label_default=None,
                                  weight_column=None):
  """The parsing spec of a canned classifier's features, label and weight.

  Args:
    feature_columns: The model's feature columns.
    label_key: The label's feature name; it must not be a column's.
    label_dtype: The label's dtype (`tf.int64`; `tf.string` with a
      `label_vocabulary`).
    label_default: The label's default, or None to require it.
    weight_column: None, a feature key or a `numeric_column` of weights.

  Returns:
    A dict of feature key to `FixedLenFeature`/`VarLenFeature`.

  Raises:
    EstimatorValueError: the label or weight key is also a feature, or the
      weight column is no numeric column.
  """
  return _add_label_and_weight_to_parsing_spec(
      _V1.feature_column.make_parse_example_spec(feature_columns), label_key,
      _V1.io.FixedLenFeature((1,), label_dtype, label_default), weight_column)


def regressor_parse_example_spec(feature_columns, label_key,
                                 label_dtype=tf.float32, label_default=None,
                                 label_dimension=1, weight_column=None):
  """The parsing spec of a canned regressor's features, label and weight.

  Args:
    feature_columns, label_key, label_default, weight_column: As for
      `classifier_parse_example_spec`.
    label_dtype: The label's dtype (`tf.float32`).
    label_dimension: The number of label values per example.

  Returns:
    A dict of feature key to `FixedLenFeature`/`VarLenFeature`.
  """
  return _add_label_and_weight_to_parsing_spec(
      _V1.feature_column.make_parse_example_spec(feature_columns), label_key,
      _V1.io.FixedLenFeature((label_dimension,), label_dtype, label_default),
      weight_column)
