"""`LinearClassifier`, `LinearRegressor`, `LinearEstimator` against TF 1.15.

Weights are fixed by checkpoints written under TF 1.15's variable names (its
`linear_testing_utils`), so evaluation, prediction and export are checked
against TF 1.15's asserted values or numpy; training is checked by replaying
one optimizer step in numpy and by recovering a known linear function.
"""

import os

import numpy as np
import pytest
import tensorflow as tf

from tests.estimator import canned_testing as ct
from tests.estimator import estimator_testing as et
from tf1_compat import estimator
from tf1_compat.estimator import errors
from tf1_compat.estimator.canned import head as head_lib
from tf1_compat.estimator.canned.metric_keys import MetricKeys as Keys

V1 = tf.compat.v1
FC = tf.feature_column
pytestmark = pytest.mark.usefixtures("tf1_control_flow")


def _config(**kwargs):
  kwargs.setdefault("tf_random_seed", et.SEED)
  return estimator.RunConfig(**kwargs)


class TestLinearRegressor:

  def test_weighted_evaluation_is_tf115s(self, tmp_path):
    ct.save_checkpoint(tmp_path, {ct.AGE_WEIGHT_NAME: [[11.0]],
                                  ct.LINEAR_BIAS_NAME: [2.0]})
    regressor = estimator.LinearRegressor(
        feature_columns=(FC.numeric_column("age"),), weight_column="weights",
        model_dir=str(tmp_path), config=_config())
    metrics = regressor.evaluate(
        input_fn=lambda: ({"age": ((1,), (1,)), "weights": ((1.,), (2.,))},
                          ((10.,), (10.,))), steps=1)
    # Logit 1 * 11 + 2 = 13 against 10: 9 per example; summed with weights
    # 1 and 2 it is 27 (TF 1.15's test_evaluation_weights).
    assert metrics == {Keys.LOSS: 27., Keys.LOSS_MEAN: 9.,
                       Keys.PREDICTION_MEAN: 13., Keys.LABEL_MEAN: 10.,
                       "global_step": 100}

  @pytest.mark.parametrize("combiner, expected", [
      ("mean", [[8.5], [9.0]]), ("sqrtn", [[9.94974], [10.65685]])])
  def test_sparse_combiner_predictions_are_tf115s(self, tmp_path, combiner,
                                                  expected):
    ct.save_checkpoint(tmp_path, {ct.LANGUAGE_WEIGHT_NAME: [[2.], [3.], [5.]],
                                  ct.LINEAR_BIAS_NAME: [5.]}, global_step=1)

    def input_fn():
      return tf.data.Dataset.from_tensors({"language": tf.SparseTensor(
          values=["a", "c", "b", "c"],
          indices=[[0, 0], [0, 1], [1, 0], [1, 1]], dense_shape=[2, 2])})

    regressor = estimator.LinearRegressor(
        feature_columns=(FC.categorical_column_with_vocabulary_list(
            "language", vocabulary_list=["a", "b", "c"]),),
        model_dir=str(tmp_path), sparse_combiner=combiner, config=_config())
    predictions = [p["predictions"] for p in regressor.predict(input_fn)]
    np.testing.assert_allclose(predictions, expected, rtol=1e-5)

  def test_step_from_checkpoint_is_sgds(self, tmp_path):
    ct.save_checkpoint(tmp_path, {ct.AGE_WEIGHT_NAME: [[10.0]],
                                  ct.LINEAR_BIAS_NAME: [5.0]})
    learning_rate = 1e-5
    losses = ct.LossHook()
    regressor = estimator.LinearRegressor(
        feature_columns=(FC.numeric_column("age"),), model_dir=str(tmp_path),
        optimizer=V1.train.GradientDescentOptimizer(learning_rate),
        config=_config())
    regressor.train(input_fn=lambda: ({"age": ((17,), (15,))},
                                      ((5.,), (3.,))),
                    steps=1, hooks=[losses])
    # TF 1.15's testFromCheckpointMultiBatch: (175 - 5)^2 + (155 - 3)^2.
    assert losses.losses == [pytest.approx(52004.)]
    residuals = np.array([175. - 5., 155. - 3.])
    np.testing.assert_allclose(
        regressor.get_variable_value(ct.AGE_WEIGHT_NAME),
        [[10. - learning_rate * np.sum(2 * residuals * [17., 15.])]],
        rtol=1e-6)
    np.testing.assert_allclose(
        regressor.get_variable_value(ct.LINEAR_BIAS_NAME),
        [5. - learning_rate * np.sum(2 * residuals)], rtol=1e-6)
    assert ct.checkpoint_shapes(tmp_path) == {
        "global_step": [], ct.AGE_WEIGHT_NAME: [1, 1],
        ct.LINEAR_BIAS_NAME: [1]}
    assert regressor.get_variable_value("global_step") == 101

  def test_default_optimizer_is_ftrl_at_tf115s_rate(self, tmp_path):
    regressor = estimator.LinearRegressor(
        feature_columns=(FC.numeric_column("age"),), model_dir=str(tmp_path),
        config=_config())
    regressor.train(input_fn=lambda: ({"age": ((17.,),)}, ((5.,),)), steps=1)
    # One FTRL step (lr 0.2, accumulator 0.1, no l1/l2) from zero weights:
    # w = -lr * g / sqrt(0.1 + g^2), with g = d(0 - 5)^2/dw = -2 * 5 * x.
    for name, feature in ((ct.AGE_WEIGHT_NAME, 17.), (ct.LINEAR_BIAS_NAME, 1.)):
      gradient = -2. * 5. * feature
      np.testing.assert_allclose(
          np.ravel(regressor.get_variable_value(name)),
          [-0.2 * gradient / np.sqrt(0.1 + gradient ** 2)], rtol=1e-5)
    # TF 1.15's names: the slots of the `part_0` slices, created in `linear`.
    assert ct.checkpoint_shapes(tmp_path) == {
        "global_step": [],
        ct.AGE_WEIGHT_NAME: [1, 1],
        ct.AGE_WEIGHT_NAME + "/part_0/Ftrl": [1, 1],
        ct.AGE_WEIGHT_NAME + "/part_0/Ftrl_1": [1, 1],
        ct.LINEAR_BIAS_NAME: [1],
        ct.LINEAR_BIAS_NAME + "/part_0/Ftrl": [1],
        ct.LINEAR_BIAS_NAME + "/part_0/Ftrl_1": [1]}

  def test_recovers_known_weights(self, tmp_path):
    rng = np.random.RandomState(1)
    x = rng.uniform(-1., 1., (64, 2)).astype(np.float32)
    true_w, true_b = np.array([3., -2.]), 0.5
    y = (x @ true_w + true_b + 0.01 * rng.randn(64)).astype(np.float32)
    regressor = estimator.LinearRegressor(
        feature_columns=[FC.numeric_column("x", shape=(2,))],
        model_dir=str(tmp_path),
        optimizer=lambda: V1.train.FtrlOptimizer(learning_rate=1.0),
        config=_config())
    regressor.train(estimator.inputs.numpy_input_fn(
        {"x": x}, y, batch_size=64, num_epochs=None, shuffle=False),
                    steps=100)
    weights = regressor.get_variable_value("linear/linear_model/x/weights")
    bias = regressor.get_variable_value(ct.LINEAR_BIAS_NAME)
    least_squares = np.linalg.lstsq(np.hstack([x, np.ones((64, 1))]), y,
                                    rcond=None)[0]
    np.testing.assert_allclose(np.append(weights.ravel(), bias),
                               least_squares, atol=2e-3)
    np.testing.assert_allclose(weights.ravel(), true_w, atol=0.02)
    assert bias[0] == pytest.approx(true_b, abs=0.02)


class TestLinearClassifier:

  def test_binary_evaluation_is_tf115s(self, tmp_path):
    ct.save_checkpoint(tmp_path, {ct.AGE_WEIGHT_NAME: [[-11.0]],
                                  ct.LINEAR_BIAS_NAME: [-30.0]})
    classifier = estimator.LinearClassifier(
        feature_columns=(FC.numeric_column("age"),), model_dir=str(tmp_path),
        config=_config())
    metrics = classifier.evaluate(
        input_fn=lambda: ({"age": ((1.,),)}, ((1,),)), steps=1)
    # Logit -41 for label 1: TF 1.15's test_evaluation_for_simple_data.
    expected = {Keys.LOSS: 41., Keys.LOSS_MEAN: 41., Keys.ACCURACY: 0.,
                Keys.PRECISION: 0., Keys.RECALL: 0., Keys.PREDICTION_MEAN: 0.,
                Keys.LABEL_MEAN: 1., Keys.ACCURACY_BASELINE: 1., Keys.AUC: 0.,
                Keys.AUC_PR: 1., "global_step": 100}
    assert sorted(metrics) == sorted(expected)
    for name, value in expected.items():
      np.testing.assert_allclose(metrics[name], value, rtol=1e-3, atol=1e-6,
                                 err_msg=name)

  def test_multi_class_predictions_with_vocabulary(self, tmp_path):
    age_weight = -11.0 * np.arange(4, dtype=np.float32).reshape(1, 4)
    ct.save_checkpoint(tmp_path, {ct.AGE_WEIGHT_NAME: age_weight,
                                  ct.LINEAR_BIAS_NAME: [10.0] * 4})
    vocabulary = ["class_vocab_%d" % i for i in range(4)]
    classifier = estimator.LinearClassifier(
        feature_columns=(FC.numeric_column("age"),), n_classes=4,
        label_vocabulary=vocabulary, model_dir=str(tmp_path),
        config=_config())
    (prediction,) = list(classifier.predict(estimator.inputs.numpy_input_fn(
        x={"age": np.array([[1.]])}, batch_size=1, num_epochs=1,
        shuffle=False)))
    logits = age_weight[0] * 1. + 10.
    np.testing.assert_allclose(prediction["logits"], logits)
    np.testing.assert_allclose(prediction["probabilities"], ct.softmax(logits),
                               rtol=1e-5)
    np.testing.assert_array_equal(prediction["class_ids"], [0])
    np.testing.assert_array_equal(prediction["classes"], [b"class_vocab_0"])
    np.testing.assert_array_equal(prediction["all_class_ids"], [0, 1, 2, 3])
    np.testing.assert_array_equal(prediction["all_classes"],
                                  [v.encode() for v in vocabulary])

  def test_export_serves_tf_examples(self, tmp_path):
    model_dir = tmp_path / "model"
    ct.save_checkpoint(model_dir, {ct.AGE_WEIGHT_NAME: [[2.0]],
                                   ct.LINEAR_BIAS_NAME: [-1.0]})
    columns = [FC.numeric_column("age")]
    classifier = estimator.LinearClassifier(
        feature_columns=columns, model_dir=str(model_dir), config=_config())
    export_dir = classifier.export_saved_model(
        str(tmp_path / "export"),
        estimator.export.build_parsing_serving_input_receiver_fn(
            FC.make_parse_example_spec(columns)))
    ages = [0., 1., -2.]
    examples = [tf.train.Example(features=tf.train.Features(feature={
        "age": tf.train.Feature(float_list=tf.train.FloatList(value=[a]))}))
                .SerializeToString() for a in ages]
    logistic = ct.sigmoid(2. * np.array(ages) - 1.)
    with tf.Graph().as_default(), V1.Session() as session:
      meta_graph = V1.saved_model.loader.load(session, ["serve"],
                                              os.fsdecode(export_dir))
      assert sorted(meta_graph.signature_def) == [
          "classification", "predict", "regression", "serving_default"]
      outputs = {}
      for key in ("serving_default", "regression", "predict"):
        signature = meta_graph.signature_def[key]
        (input_info,) = signature.inputs.values()
        outputs[key] = session.run(
            {k: v.name for k, v in signature.outputs.items()},
            {input_info.name: examples})
    np.testing.assert_allclose(outputs["serving_default"]["scores"],
                               np.stack([1 - logistic, logistic], 1),
                               rtol=1e-5)
    np.testing.assert_array_equal(outputs["serving_default"]["classes"],
                                  [[b"0", b"1"]] * 3)
    np.testing.assert_allclose(outputs["regression"]["outputs"].ravel(),
                               logistic, rtol=1e-5)
    np.testing.assert_array_equal(outputs["predict"]["class_ids"].ravel(),
                                  [0, 1, 0])


class TestLinearEstimator:

  def test_takes_a_v1_head(self, tmp_path):
    ct.save_checkpoint(tmp_path, {
        "linear/linear_model/x/weights": [[1., 0.], [0., 2.]],
        ct.LINEAR_BIAS_NAME: [0.5, -0.5]})
    linear = estimator.LinearEstimator(
        head=head_lib.regression_head(label_dimension=2),
        feature_columns=[FC.numeric_column("x", shape=(2,))],
        model_dir=str(tmp_path), config=_config())
    metrics = linear.evaluate(
        lambda: ({"x": [[1., 1.]]}, [[1., 1.]]), steps=1)
    # Predictions [1.5, 1.5] against [1, 1]: summed squared error 0.5.
    assert metrics[Keys.LOSS] == pytest.approx(0.5)
    assert metrics[Keys.LOSS_MEAN] == pytest.approx(0.25)


class TestBadInput:

  def test_a_missing_feature_is_named(self, tmp_path):
    classifier = estimator.LinearClassifier(
        feature_columns=[FC.numeric_column("age"),
                         FC.categorical_column_with_hash_bucket("city", 10)],
        model_dir=str(tmp_path), config=_config())
    with pytest.raises(errors.EstimatorValueError) as raised:
      classifier.train(lambda: ({"age": [[1.]], "town": [["x"]]}, [[1]]),
                       steps=1)
    assert str(raised.value) == (
        "Feature city is not in features dictionary: the feature columns "
        "['city'] read the feature key(s) ['city'], but the input_fn's "
        "features have only the keys ['age', 'town'].")
    assert not os.listdir(tmp_path)

  def test_labels_of_the_wrong_shape_are_named(self, tmp_path):
    classifier = estimator.LinearClassifier(
        feature_columns=[FC.numeric_column("age")], n_classes=3,
        model_dir=str(tmp_path), config=_config())
    with pytest.raises(errors.EstimatorValueError,
                       match=r"Mismatched label shape. Expected labels "
                       r"dimension=1.  Received 3\..*got labels of shape "
                       r"\[2, 3\]"):
      classifier.train(lambda: ({"age": [[1.], [2.]]},
                                [[0, 0, 1], [0, 1, 0]]), steps=1)
    assert not os.listdir(tmp_path)

  def test_another_models_checkpoint_is_named_and_kept(self, tmp_path):
    ct.save_checkpoint(tmp_path, ct.dnn_values(ct.DNN_ONE_DIM))
    before = et.snapshot(tmp_path)
    regressor = estimator.LinearRegressor(
        feature_columns=[FC.numeric_column("age")], model_dir=str(tmp_path),
        config=_config())
    with pytest.raises(errors.CheckpointMismatchError,
                       match=r"missing from the checkpoint: "
                       r"linear/linear_model/age/weights, "
                       r"linear/linear_model/age/weights/part_0/Ftrl"):
      regressor.train(lambda: ({"age": [[1.]]}, [[1.]]), steps=1)
    assert et.snapshot(tmp_path) == before

  @pytest.mark.parametrize("kwargs, message", [
      (dict(feature_columns=[]), "needs at least one feature column"),
      (dict(feature_columns=None), "needs feature_columns"),
      (dict(feature_columns=[FC.numeric_column("a")], n_classes=1),
       "n_classes must be an int > 1"),
      (dict(feature_columns=[FC.numeric_column("a")], sparse_combiner="max"),
       "sparse_combiner must be one of"),
      (dict(feature_columns=[FC.numeric_column("a")], optimizer="Adadelta"),
       "Unsupported optimizer name: Adadelta"),
  ])
  def test_constructor_arguments_are_checked(self, kwargs, message):
    with pytest.raises(errors.EstimatorValueError, match=message):
      classifier = estimator.LinearClassifier(**kwargs)
      classifier.train(lambda: ({"a": [[1.]]}, [[1]]), steps=1)
