"""`tf.estimator.{classifier,regressor}_parse_example_spec` (TF 1.15's rules)."""

import pytest
import tensorflow as tf

from tf1_compat import estimator
from tf1_compat.estimator import errors

V1 = tf.compat.v1
FC = tf.feature_column


def test_classifier_spec_adds_the_label_and_weight():
  spec = estimator.classifier_parse_example_spec(
      [FC.numeric_column("age"),
       FC.categorical_column_with_hash_bucket("city", 10)],
      label_key="label", weight_column="w")
  assert spec == {
      "age": V1.io.FixedLenFeature((1,), tf.float32),
      "city": V1.io.VarLenFeature(tf.string),
      "label": V1.io.FixedLenFeature((1,), tf.int64),
      "w": V1.io.FixedLenFeature((1,), tf.float32)}


def test_regressor_spec_parses_examples_for_a_canned_model():
  columns = [FC.numeric_column("x", shape=(2,))]
  spec = estimator.regressor_parse_example_spec(
      columns, label_key="y", label_dimension=2, label_default=(0., 0.))
  assert spec["y"] == V1.io.FixedLenFeature((2,), tf.float32, (0., 0.))
  example = tf.train.Example(features=tf.train.Features(feature={
      "x": tf.train.Feature(float_list=tf.train.FloatList(value=[1., 2.]))}))
  with tf.Graph().as_default(), V1.Session() as session:
    parsed = session.run(V1.parse_example([example.SerializeToString()], spec))
  assert parsed["x"].tolist() == [[1., 2.]]
  assert parsed["y"].tolist() == [[0., 0.]]


@pytest.mark.parametrize("kwargs, message", [
    (dict(label_key="age"), "label should not be used as feature. label_key: "
     r"age, features: \['age'\]"),
    (dict(label_key="y", weight_column="age"),
     "weight_column should not be used as feature. weight_column: age"),
    (dict(label_key="y", weight_column=3),
     "weight_column should be an instance of "
     "tf.feature_column.numeric_column"),
])
def test_key_clashes_and_bad_weight_columns(kwargs, message):
  with pytest.raises(errors.EstimatorValueError, match=message):
    estimator.classifier_parse_example_spec([FC.numeric_column("age")],
                                            **kwargs)
