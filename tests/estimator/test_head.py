"""TF 1.15's v1 heads: predictions, losses and metrics against `head_test.py`'s values.

Each test builds one head's spec in a fresh graph and runs it; expected values
are TF 1.15's (`canned/head_test.py`) or recomputed in numpy.
"""

import numpy as np
import pytest
import tensorflow as tf

from tests.estimator import canned_testing as ct
from tf1_compat.estimator import errors
from tf1_compat.estimator import ModeKeys
from tf1_compat.estimator import model_fn as model_fn_lib
from tf1_compat.estimator.canned import head as head_lib
from tf1_compat.estimator.canned.metric_keys import MetricKeys as Keys
from tf1_compat.estimator.canned.prediction_keys import PredictionKeys as Pred

V1 = tf.compat.v1
pytestmark = pytest.mark.usefixtures("tf1_control_flow")


def _run_eval(spec, feed_dict=None):
  """`(loss, metrics from the update ops, metrics from the value ops)`."""
  with V1.Session() as session:
    session.run([V1.global_variables_initializer(),
                 V1.local_variables_initializer(), V1.tables_initializer()])
    updates = {k: v[1] for k, v in spec.eval_metric_ops.items()}
    loss, updated = session.run((spec.loss, updates), feed_dict=feed_dict)
    values = session.run({k: v[0] for k, v in spec.eval_metric_ops.items()})
  return loss, updated, values


def _run(fetches, feed_dict=None):
  with V1.Session() as session:
    session.run([V1.global_variables_initializer(),
                 V1.local_variables_initializer(), V1.tables_initializer()])
    return session.run(fetches, feed_dict=feed_dict)


class TestBinaryLogisticHead:

  def test_eval_metrics_are_tf115s(self):
    with tf.Graph().as_default():
      spec = head_lib.binary_logistic_head().create_estimator_spec(
          features={"x": np.array(((42,),), dtype=np.int32)},
          mode=ModeKeys.EVAL,
          logits=np.array(((45,), (-41,)), dtype=np.float32),
          labels=np.array(((1,), (1,)), dtype=np.int32))
      assert spec.train_op is None and spec.export_outputs is None
      loss, updated, values = _run_eval(spec)
    # loss = sum(cross_entropy) = 0 + 41; TF 1.15's head_test.test_eval.
    expected = {Keys.LOSS_MEAN: 20.5, Keys.ACCURACY: 1. / 2,
                Keys.PRECISION: 1., Keys.RECALL: 1. / 2,
                Keys.PREDICTION_MEAN: 1. / 2, Keys.LABEL_MEAN: 2. / 2,
                Keys.ACCURACY_BASELINE: 2. / 2, Keys.AUC: 0., Keys.AUC_PR: 1.}
    np.testing.assert_allclose(loss, 41.)
    assert sorted(updated) == sorted(expected)
    for name, value in expected.items():
      np.testing.assert_allclose(updated[name], value, atol=1e-6, err_msg=name)
      np.testing.assert_allclose(values[name], value, atol=1e-6, err_msg=name)

  def test_weighted_eval_metrics_are_tf115s(self):
    with tf.Graph().as_default():
      spec = head_lib.binary_logistic_head(
          weight_column="label_weights").create_estimator_spec(
              features={
                  "x": np.array(((42,), (43,), (44,)), dtype=np.int32),
                  "label_weights": np.array(((1.,), (.1,), (1.5,)),
                                            dtype=np.float32)},
              mode=ModeKeys.EVAL,
              logits=np.array(((45,), (-41,), (44,)), dtype=np.int32),
              labels=np.array(((1,), (1,), (0,)), dtype=np.int32))
      loss, updated, _ = _run_eval(spec)
    label_mean = 1.1 / 2.6
    # TF 1.15's test_weighted_multi_example_eval.
    expected = {Keys.LOSS_MEAN: 70.1 / 2.6, Keys.ACCURACY: 1. / 2.6,
                Keys.PRECISION: 1. / 2.5, Keys.RECALL: 1. / 1.1,
                Keys.PREDICTION_MEAN: 2.5 / 2.6, Keys.LABEL_MEAN: label_mean,
                Keys.ACCURACY_BASELINE: 1 - label_mean, Keys.AUC: .45454565,
                Keys.AUC_PR: .6737757325172424}
    np.testing.assert_allclose(loss, 70.1, rtol=1e-6)
    for name, value in expected.items():
      np.testing.assert_allclose(updated[name], value, rtol=1e-5,
                                 err_msg=name)

  def test_predictions_and_serving_outputs(self):
    logits = np.array([[-1.5], [2.]], dtype=np.float32)
    with tf.Graph().as_default():
      spec = head_lib.binary_logistic_head(
          label_vocabulary=["no", "yes"]).create_estimator_spec(
              features={}, mode=ModeKeys.PREDICT, logits=logits)
      assert sorted(spec.export_outputs) == [
          "classification", "predict", "regression", "serving_default"]
      assert spec.export_outputs["serving_default"] is (
          spec.export_outputs["classification"])
      classification = spec.export_outputs["classification"]
      predictions, scores, classes, regressed = _run(
          (spec.predictions, classification.scores, classification.classes,
           spec.export_outputs["regression"].value))
    logistic = ct.sigmoid(logits)
    assert sorted(predictions) == sorted(
        [Pred.LOGITS, Pred.LOGISTIC, Pred.PROBABILITIES, Pred.CLASS_IDS,
         Pred.CLASSES, Pred.ALL_CLASS_IDS, Pred.ALL_CLASSES])
    np.testing.assert_allclose(predictions[Pred.LOGISTIC], logistic, rtol=1e-6)
    np.testing.assert_allclose(predictions[Pred.PROBABILITIES],
                               np.hstack([1 - logistic, logistic]), rtol=1e-6)
    np.testing.assert_array_equal(predictions[Pred.CLASS_IDS], [[0], [1]])
    assert predictions[Pred.CLASS_IDS].dtype == np.int64
    np.testing.assert_array_equal(predictions[Pred.CLASSES], [[b"no"], [b"yes"]])
    np.testing.assert_array_equal(predictions[Pred.ALL_CLASS_IDS],
                                  [[0, 1], [0, 1]])
    np.testing.assert_array_equal(predictions[Pred.ALL_CLASSES],
                                  [[b"no", b"yes"]] * 2)
    np.testing.assert_allclose(scores, predictions[Pred.PROBABILITIES])
    np.testing.assert_array_equal(classes, [[b"no", b"yes"]] * 2)
    np.testing.assert_allclose(regressed, logistic, rtol=1e-6)

  def test_thresholds_add_tf115s_metrics(self):
    logits = np.array([[-1.], [0.5], [3.]], dtype=np.float32)
    labels = np.array([[0.], [1.], [1.]], dtype=np.float32)
    with tf.Graph().as_default():
      spec = head_lib.binary_logistic_head(
          thresholds=[0.7]).create_estimator_spec(
              features={}, mode=ModeKeys.EVAL, logits=logits, labels=labels)
      _, updated, _ = _run_eval(spec)
    # logistic = [0.269, 0.622, 0.953]: only the last reaches 0.7.
    assert updated["accuracy/positive_threshold_0.7"] == pytest.approx(2 / 3)
    assert updated["precision/positive_threshold_0.7"] == pytest.approx(1.)
    assert updated["recall/positive_threshold_0.7"] == pytest.approx(1 / 2)

  def test_train_sums_the_loss_and_writes_its_summaries(self):
    logits = np.array([[45.], [-41.], [44.]], dtype=np.float32)
    labels = np.array([1., 1., 0.])
    seen = []

    def train_op_fn(loss):
      seen.append(loss)
      return tf.no_op()

    with tf.Graph().as_default():
      head = head_lib.binary_logistic_head(weight_column="label_weights")
      spec = head.create_estimator_spec(
          features={"label_weights": np.array([1., .1, 1.5])},
          mode=ModeKeys.TRAIN, logits=logits, labels=labels,
          train_op_fn=train_op_fn)
      assert seen == [spec.loss]
      loss, summary = _run((spec.loss, V1.summary.merge_all()))
    # TF 1.15's test_train_one_dim: loss 70.1, average_loss 70.1 / 2.6.
    np.testing.assert_allclose(loss, 70.1, rtol=1e-6)
    values = {v.tag: v.simple_value
              for v in V1.Summary.FromString(summary).value}
    assert values == pytest.approx({Keys.LOSS: 70.1,
                                    Keys.LOSS_MEAN: 70.1 / 2.6})


class TestMultiClassHead:

  def test_weighted_eval_is_tf115s(self):
    with tf.Graph().as_default():
      spec = head_lib.multi_class_head(
          3, weight_column="label_weights").create_estimator_spec(
              features={"label_weights": np.array(((1.,), (2.,), (3.,)))},
              mode=ModeKeys.EVAL,
              logits=np.array(((10, 0, 0), (0, 10, 0), (0, 0, 10)),
                              dtype=np.float32),
              labels=np.array(((1,), (2,), (2,)), dtype=np.int64))
      loss, updated, _ = _run_eval(spec)
    # loss = sum([10, 10, 0] * [1, 2, 3]) = 30; TF 1.15's values.
    np.testing.assert_allclose(loss, 30., rtol=1e-3)
    assert updated == pytest.approx({Keys.LOSS_MEAN: 5., Keys.ACCURACY: 0.5},
                                    rel=1e-3)

  def test_vocabulary_labels_and_predictions(self):
    logits = np.array([[1., 2., 3.], [3., 0., -1.]], dtype=np.float32)
    vocabulary = ["a", "b", "c"]
    with tf.Graph().as_default():
      head = head_lib.multi_class_head(3, label_vocabulary=vocabulary)
      spec = head.create_estimator_spec(
          features={}, mode=ModeKeys.EVAL, logits=logits,
          labels=tf.constant([["c"], ["b"]]))
      loss, updated, _ = _run_eval(spec)
      predictions = _run(spec.predictions)
    probabilities = ct.softmax(logits)
    np.testing.assert_allclose(
        loss, -np.log(probabilities[0, 2]) - np.log(probabilities[1, 1]),
        rtol=1e-5)
    assert updated[Keys.ACCURACY] == pytest.approx(0.5)
    np.testing.assert_allclose(predictions[Pred.PROBABILITIES], probabilities,
                               rtol=1e-5)
    np.testing.assert_array_equal(predictions[Pred.CLASSES], [[b"c"], [b"a"]])
    np.testing.assert_array_equal(predictions[Pred.ALL_CLASSES],
                                  [[b"a", b"b", b"c"]] * 2)

  def test_labels_outside_the_vocabulary_fail_the_range_check(self):
    with tf.Graph().as_default():
      head = head_lib.multi_class_head(3, label_vocabulary=["a", "b", "c"])
      loss = head.create_loss(features={}, mode=ModeKeys.EVAL,
                              logits=np.zeros((1, 3), np.float32),
                              labels=tf.constant([["d"]])).training_loss
      with pytest.raises(tf.errors.InvalidArgumentError,
                         match="Labels must >= 0"):
        _run(loss)

  @pytest.mark.parametrize("n_classes, message", [
      (2, r"n_classes must be > 2: 2\."),
      (None, "n_classes cannot be None"),
      (3.0, r"n_classes must be an int > 2: 3\.0"),
  ])
  def test_n_classes_is_checked(self, n_classes, message):
    with pytest.raises(errors.EstimatorValueError, match=message):
      head_lib.multi_class_head(n_classes)

  def test_n_classes_may_be_a_tensor_as_in_tf115(self):
    with tf.Graph().as_default():
      n_classes = tf.constant(3)
      head = head_lib._multi_class_head_with_softmax_cross_entropy_loss(
          n_classes)
      assert head.logits_dimension is n_classes
      spec = head.create_estimator_spec(
          features={}, mode=ModeKeys.PREDICT,
          logits=np.array([[1., 0., 0.], [0., 0., 1.]], np.float32))
      class_ids, all_classes = _run((spec.predictions[Pred.CLASS_IDS],
                                     spec.predictions[Pred.ALL_CLASSES]))
    np.testing.assert_array_equal([[0], [2]], class_ids)
    np.testing.assert_array_equal([[b"0", b"1", b"2"]] * 2, all_classes)

  def test_float_labels_are_refused(self):
    with tf.Graph().as_default():
      with pytest.raises(ValueError, match="Labels dtype should be integer"):
        head_lib.multi_class_head(3).create_loss(
            features={}, mode=ModeKeys.EVAL,
            logits=np.zeros((2, 3), np.float32),
            labels=np.array([[1.], [2.]], np.float32))


class TestRegressionHead:

  def test_per_value_weights_are_tf115s(self):
    # TF 1.15's test_weighted_multi_value_eval: 3 values per example.
    logits = np.array(((1., -1., 0.5),), dtype=np.float32)
    labels = np.array(((1., -2., 3.),), dtype=np.float32)
    weights = np.array(((1., 1.5, 2.),), dtype=np.float32)
    with tf.Graph().as_default():
      spec = head_lib.regression_head(
          weight_column="label_weights",
          label_dimension=3).create_estimator_spec(
              features={"label_weights": weights}, mode=ModeKeys.EVAL,
              logits=logits, labels=labels)
      loss, updated, _ = _run_eval(spec)
    squared = (logits - labels) ** 2
    np.testing.assert_allclose(loss, np.sum(weights * squared), rtol=1e-6)
    np.testing.assert_allclose(updated[Keys.LOSS_MEAN],
                               np.sum(weights * squared) / np.sum(weights),
                               rtol=1e-6)
    np.testing.assert_allclose(updated[Keys.PREDICTION_MEAN],
                               np.sum(weights * logits) / np.sum(weights),
                               rtol=1e-6)
    np.testing.assert_allclose(updated[Keys.LABEL_MEAN],
                               np.sum(weights * labels) / np.sum(weights),
                               rtol=1e-6)

  def test_inverse_link_and_serving_outputs(self):
    logits = np.array([[0.], [1.]], dtype=np.float32)
    with tf.Graph().as_default():
      spec = head_lib.regression_head(
          inverse_link_fn=tf.exp).create_estimator_spec(
              features={}, mode=ModeKeys.PREDICT, logits=logits)
      assert sorted(spec.export_outputs) == ["predict", "regression",
                                             "serving_default"]
      predictions = _run(spec.predictions)
    np.testing.assert_allclose(predictions[Pred.PREDICTIONS], np.exp(logits),
                               rtol=1e-6)
    np.testing.assert_allclose(predictions[Pred.LOGITS], logits)

  def test_regularization_losses_are_added(self):
    with tf.Graph().as_default():
      spec = head_lib.regression_head().create_estimator_spec(
          features={}, mode=ModeKeys.EVAL,
          logits=np.array([[1.], [2.]], np.float32),
          labels=np.array([[0.], [0.]], np.float32),
          regularization_losses=[tf.constant(2.), tf.constant(0.5)])
      loss, updated, _ = _run_eval(spec)
    assert loss == pytest.approx(5. + 2.5)
    assert updated[Keys.LOSS_REGULARIZATION] == pytest.approx(2.5)
    assert updated[Keys.LOSS_MEAN] == pytest.approx(2.5)


class TestShapeAndArgumentErrors:

  def test_label_dimension_mismatch_names_both_shapes(self):
    head = head_lib.multi_class_head(3)
    with tf.Graph().as_default():
      with pytest.raises(errors.EstimatorValueError) as raised:
        head.create_loss(features={}, mode=ModeKeys.EVAL,
                         logits=np.ones((2, 3), np.float32),
                         labels=np.array(((45, 44), (41, 42)), np.int64))
    message = str(raised.value)
    assert message.startswith("Mismatched label shape. Expected labels "
                              "dimension=1.  Received 2.")
    assert "Expected labels of shape [2, 1]" in message
    assert "logits of shape [2, 3], got labels of shape [2, 2]" in message

  def test_batch_mismatch_is_caught_statically(self):
    head = head_lib.regression_head()
    with tf.Graph().as_default():
      with pytest.raises(errors.EstimatorValueError,
                         match=r"Expected labels of shape \[3, 1\] .* got "
                         r"labels of shape \[2, 1\]"):
        head.create_loss(features={}, mode=ModeKeys.EVAL,
                         logits=np.ones((3, 1), np.float32),
                         labels=np.ones((2, 1), np.float32))

  def test_dynamic_shapes_are_asserted_with_tf115s_message(self):
    head = head_lib.binary_logistic_head()
    with tf.Graph().as_default():
      labels = V1.placeholder(tf.float32)
      logits = V1.placeholder(tf.float32)
      loss = head.create_loss(features={}, mode=ModeKeys.EVAL,
                              logits=logits, labels=labels).training_loss
      with pytest.raises(
          tf.errors.InvalidArgumentError,
          match=r"\[expected_labels_shape: \] \[2 1\] \[labels_shape: \] "
          r"\[2 2\]"):
        _run(loss, {logits: np.ones((2, 1)), labels: np.ones((2, 2))})

  def test_missing_labels_and_sparse_labels(self):
    head = head_lib.regression_head()
    with tf.Graph().as_default():
      logits = np.ones((2, 1), np.float32)
      with pytest.raises(errors.EstimatorValueError,
                         match="You must provide a labels Tensor. Given: None"):
        head.create_estimator_spec(features={}, mode=ModeKeys.TRAIN,
                                   logits=logits, labels=None,
                                   train_op_fn=lambda loss: tf.no_op())
      with pytest.raises(errors.EstimatorValueError,
                         match="SparseTensor labels are not supported"):
        head.create_loss(features={}, mode=ModeKeys.EVAL, logits=logits,
                         labels=tf.SparseTensor([[0, 0]], [1.], [2, 1]))

  def test_logits_of_the_wrong_dimension(self):
    with tf.Graph().as_default():
      with pytest.raises(errors.EstimatorValueError,
                         match=r"logits shape must be \[D0, D1, \.\.\. DN, "
                         r"logits_dimension\], got \(2, 2\)"):
        head_lib.binary_logistic_head().create_estimator_spec(
            features={}, mode=ModeKeys.PREDICT,
            logits=np.ones((2, 2), np.float32))

  def test_weights_of_the_wrong_shape_and_missing_weights(self):
    head = head_lib.binary_logistic_head(weight_column="w")
    with tf.Graph().as_default():
      logits = np.ones((2, 1), np.float32)
      labels = np.ones((2, 1), np.float32)
      with pytest.raises(errors.EstimatorValueError,
                         match=r"weights shape must be .*: got weights of "
                         r"shape \[2, 3\] for logits of shape \[2, 1\]"):
        head.create_loss(features={"w": np.ones((2, 3), np.float32)},
                         mode=ModeKeys.EVAL, logits=logits, labels=labels)
      with pytest.raises(errors.EstimatorValueError,
                         match=r"The weight column 'w' is not among the "
                         r"features \['x'\]"):
        head.create_loss(features={"x": logits}, mode=ModeKeys.EVAL,
                         logits=logits, labels=labels)

  def test_weight_column_must_be_a_key_or_numeric_column(self):
    head = head_lib.regression_head(weight_column=3)
    with tf.Graph().as_default():
      with pytest.raises(TypeError,
                         match="Weight column must be either a string or "
                         "_NumericColumn"):
        head.create_loss(features={"x": np.ones((1, 1))}, mode=ModeKeys.EVAL,
                         logits=np.ones((1, 1), np.float32),
                         labels=np.ones((1, 1), np.float32))

  def test_numeric_weight_column_is_normalized(self):
    column = tf.feature_column.numeric_column(
        "w", normalizer_fn=lambda w: 2. * w)
    head = head_lib.regression_head(weight_column=column)
    with tf.Graph().as_default():
      loss = head.create_loss(
          features={"w": np.array([1., 3.], np.float32)}, mode=ModeKeys.EVAL,
          logits=np.array([[1.], [1.]], np.float32),
          labels=np.array([[0.], [2.]], np.float32)).training_loss
      assert _run(loss) == pytest.approx(2. * 1. + 6. * 1.)

  @pytest.mark.parametrize("factory", [
      head_lib.binary_logistic_head, head_lib.regression_head,
      lambda **kw: head_lib.multi_class_head(3, **kw)])
  def test_loss_reduction_is_checked(self, factory):
    with pytest.raises(errors.EstimatorValueError,
                       match="Invalid loss_reduction: none"):
      factory(loss_reduction=V1.losses.Reduction.NONE)

  def test_thresholds_and_loss_fn_are_checked(self):
    with pytest.raises(ValueError, match=r"thresholds not in \(0, 1\)"):
      head_lib.binary_logistic_head(thresholds=(0., 0.5))
    with pytest.raises(ValueError,
                       match=r"loss_fn has unexpected args: \['name'\]"):
      head_lib.regression_head(
          loss_fn=lambda labels, logits, name=None: labels)

  @pytest.mark.parametrize("n_classes", [1, 0, 2.5, True])
  def test_canned_classifier_head_needs_two_classes(self, n_classes):
    with pytest.raises(errors.EstimatorValueError,
                       match=r"n_classes must be an int > 1 .* got %r"
                       % (n_classes,)):
      head_lib.binary_logistic_or_multi_class_head(
          n_classes, None, None, V1.losses.Reduction.SUM)

  def test_train_needs_exactly_one_of_optimizer_and_train_op_fn(self):
    head = head_lib.regression_head()
    with tf.Graph().as_default():
      V1.train.create_global_step()
      kwargs = dict(features={}, mode=ModeKeys.TRAIN,
                    logits=tf.Variable([[1.]]), labels=[[1.]])
      with pytest.raises(ValueError, match="cannot both be None"):
        head.create_estimator_spec(**kwargs)
      with pytest.raises(ValueError, match="cannot both be set"):
        head.create_estimator_spec(
            optimizer=V1.train.GradientDescentOptimizer(0.1),
            train_op_fn=lambda loss: tf.no_op(), **kwargs)


class _TpuOnlyHead(head_lib._Head):
  """A TF 1.15 head implementing `_create_tpu_estimator_spec` only."""

  name = "tpu_only"
  logits_dimension = 1

  def create_loss(self, features, mode, logits, labels):
    del features, mode, logits, labels
    return None

  def _create_tpu_estimator_spec(self, features, mode, logits, labels=None,
                                 optimizer=None, train_op_fn=None,
                                 regularization_losses=None):
    del features, labels, optimizer, train_op_fn, regularization_losses
    total = tf.reduce_sum(logits)
    return model_fn_lib._TPUEstimatorSpec(
        mode=mode, loss=total,
        eval_metrics=(lambda x: {"mean": V1.metrics.mean(x)}, {"x": logits}))


class _HeadWithoutSpecs(_TpuOnlyHead):
  _create_tpu_estimator_spec = head_lib._Head._create_tpu_estimator_spec


def test_a_head_may_build_tf115s_tpu_spec_instead():
  with tf.Graph().as_default():
    spec = _TpuOnlyHead().create_estimator_spec(
        features={}, mode=ModeKeys.EVAL,
        logits=np.array([[1.], [3.]], np.float32))
    assert isinstance(spec, model_fn_lib.EstimatorSpec)
    loss, updated, _ = _run_eval(spec)
  assert loss == 4.0 and updated == {"mean": 2.0}


def test_a_head_with_neither_spec_raises_not_implemented():
  with tf.Graph().as_default():
    with pytest.raises(NotImplementedError,
                       match=r"must implement `create_estimator_spec\(\)` or "
                             r"_create_tpu_estimator_spec\(\)"):
      _HeadWithoutSpecs().create_estimator_spec(
          features={}, mode=ModeKeys.EVAL, logits=np.zeros((1, 1), np.float32))
