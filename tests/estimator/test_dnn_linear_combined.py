"""`DNNLinearCombined{Classifier,Regressor}` against TF 1.15 and numpy.

The network of TF 1.15's `test_dnn_and_linear_logits_are_added`: input 10,
linear logit `10 * 1 + 2 = 12`, DNN logit `(10 * 3 + 4) * 5 + 6 = 176`.
"""

import numpy as np
import pytest
import tensorflow as tf

from tests.estimator import canned_testing as ct
from tests.estimator import estimator_testing as et
from tf1_compat import estimator
from tf1_compat.estimator import errors
from tf1_compat.estimator.canned.metric_keys import MetricKeys as Keys

V1 = tf.compat.v1
FC = tf.feature_column
pytestmark = pytest.mark.usefixtures("tf1_control_flow")

_LINEAR_X = "linear/linear_model/x/weights"
_VALUES = {_LINEAR_X: [[1.0]], ct.LINEAR_BIAS_NAME: [2.0],
           "dnn/hiddenlayer_0/kernel": [[3.0]], "dnn/hiddenlayer_0/bias": [4.0],
           "dnn/logits/kernel": [[5.0]], "dnn/logits/bias": [6.0]}


def _config():
  return estimator.RunConfig(tf_random_seed=et.SEED)


def _regressor(model_dir):
  x = FC.numeric_column("x")
  return estimator.DNNLinearCombinedRegressor(
      linear_feature_columns=[x], dnn_feature_columns=[x],
      dnn_hidden_units=[1], model_dir=str(model_dir), config=_config())


def _logit(params, x=10.):
  """The combined logit for `params` in `sorted(_VALUES)` order."""
  p = dict(zip(sorted(_VALUES), params))
  linear = x * p[_LINEAR_X][0, 0] + p[ct.LINEAR_BIAS_NAME][0]
  hidden = max(x * p["dnn/hiddenlayer_0/kernel"][0, 0]
               + p["dnn/hiddenlayer_0/bias"][0], 0.)
  return (linear + hidden * p["dnn/logits/kernel"][0, 0]
          + p["dnn/logits/bias"][0])


class TestDNNLinearCombinedRegressor:

  def test_logits_are_added_in_predict_and_export(self, tmp_path):
    model_dir = tmp_path / "model"
    ct.save_checkpoint(model_dir, _VALUES, global_step=1)
    regressor = _regressor(model_dir)
    prediction = next(regressor.predict(estimator.inputs.numpy_input_fn(
        x={"x": np.array([[10.]])}, batch_size=1, shuffle=False)))
    # TF 1.15's value: dnn 176 + linear 12.
    np.testing.assert_allclose(prediction["predictions"], [188.])
    export_dir = regressor.export_saved_model(
        str(tmp_path / "export"),
        estimator.export.build_parsing_serving_input_receiver_fn(
            FC.make_parse_example_spec([FC.numeric_column("x")])))
    examples = ct.serialized_examples({"x": [10., -1.]})
    outputs, signatures = ct.serve(export_dir, {
        "serving_default": {"inputs": examples},
        "predict": {"examples": examples}})
    assert signatures == ["predict", "regression", "serving_default"]
    # x = -1: linear 1, dnn relu(1) * 5 + 6 = 11.
    np.testing.assert_allclose(outputs["serving_default"]["outputs"],
                               [[188.], [12.]])
    np.testing.assert_allclose(outputs["predict"]["predictions"],
                               [[188.], [12.]])

  def test_one_step_runs_both_default_optimizers_once(self, tmp_path):
    accumulators = {"dnn/hiddenlayer_0/kernel": 0.3,
                    "dnn/hiddenlayer_0/bias": 0.4,
                    "dnn/logits/kernel": 0.5, "dnn/logits/bias": 0.6}
    slots = {name + "/Adagrad": np.full(np.shape(_VALUES[name]), value)
             for name, value in accumulators.items()}
    for name in (_LINEAR_X, ct.LINEAR_BIAS_NAME):
      slots[name + "/Ftrl"] = np.full(np.shape(_VALUES[name]), 0.2)
      slots[name + "/Ftrl_1"] = np.full(np.shape(_VALUES[name]), 0.05)
    ct.save_checkpoint(tmp_path, dict(_VALUES, **slots), global_step=1)
    regressor = _regressor(tmp_path)
    losses = ct.LossHook()
    regressor.train(lambda: ({"x": [[10.]]}, [[190.]]), steps=1,
                    hooks=[losses])
    names = sorted(_VALUES)
    params = [np.asarray(_VALUES[n], np.float64) for n in names]

    def loss_fn(params):
      return (_logit(params) - 190.) ** 2

    assert losses.losses == [pytest.approx(4.)]
    gradients = dict(zip(names, ct.numeric_gradient(loss_fn, params)))
    # TF 1.15's defaults: Adagrad at 0.001 for the DNN, Ftrl at
    # min(0.005, 1/sqrt(1 column)) for the linear part; one global step.
    for name, accumulator in accumulators.items():
      new_accumulator = accumulator + gradients[name] ** 2
      np.testing.assert_allclose(
          regressor.get_variable_value(name),
          np.asarray(_VALUES[name]) - 0.001 * gradients[name]
          / np.sqrt(new_accumulator), rtol=1e-6, err_msg=name)
      np.testing.assert_allclose(
          regressor.get_variable_value(name + "/Adagrad"), new_accumulator,
          rtol=1e-5, err_msg=name)
    for name in (_LINEAR_X, ct.LINEAR_BIAS_NAME):
      weight, accumulator, linear = ct.ftrl_step(
          np.asarray(_VALUES[name], np.float64), 0.2, 0.05, gradients[name],
          learning_rate=0.005)
      np.testing.assert_allclose(regressor.get_variable_value(name), weight,
                                 rtol=1e-5, err_msg=name)
      np.testing.assert_allclose(regressor.get_variable_value(name + "/Ftrl"),
                                 accumulator, rtol=1e-5, err_msg=name)
      np.testing.assert_allclose(
          regressor.get_variable_value(name + "/Ftrl_1"), linear, rtol=1e-5,
          err_msg=name)
    assert regressor.get_variable_value("global_step") == 2


class TestDNNLinearCombinedClassifier:

  def test_multi_class_evaluation_with_vocabulary(self, tmp_path):
    values = {
        "linear/linear_model/age/weights": [[1., -1., 0.5]],
        "linear/linear_model/city/weights": [[0.2, 0., 0.], [0., 0., 1.]],
        ct.LINEAR_BIAS_NAME: [0., 0.5, -0.5],
        "dnn/hiddenlayer_0/kernel": [[0.5, -1.]],
        "dnn/hiddenlayer_0/bias": [0., 1.],
        "dnn/logits/kernel": [[1., 0., -1.], [0., 2., 0.]],
        "dnn/logits/bias": [0.1, 0.2, 0.3]}
    ct.save_checkpoint(tmp_path, values)
    age = FC.numeric_column("age")
    city = FC.categorical_column_with_vocabulary_list("city", ["sf", "ny"])
    classifier = estimator.DNNLinearCombinedClassifier(
        linear_feature_columns=[age, city], dnn_feature_columns=[age],
        dnn_hidden_units=[2], n_classes=3, label_vocabulary=["x", "y", "z"],
        model_dir=str(tmp_path), config=_config())
    metrics = classifier.evaluate(
        lambda: ({"age": [[2.], [-1.]], "city": [["ny"], ["sf"]]},
                 [["z"], ["y"]]), steps=1)
    ages = np.array([[2.], [-1.]])
    city_weights = np.array(values["linear/linear_model/city/weights"])
    linear = (ages @ np.array(values["linear/linear_model/age/weights"])
              + city_weights[[1, 0]] + values[ct.LINEAR_BIAS_NAME])
    hidden = np.maximum(ages @ np.array(values["dnn/hiddenlayer_0/kernel"])
                        + values["dnn/hiddenlayer_0/bias"], 0.)
    logits = (linear + hidden @ np.array(values["dnn/logits/kernel"])
              + values["dnn/logits/bias"])
    probabilities = ct.softmax(logits)
    losses = -np.log(probabilities[[0, 1], [2, 1]])
    assert metrics[Keys.LOSS] == pytest.approx(losses.sum(), rel=1e-5)
    assert metrics[Keys.LOSS_MEAN] == pytest.approx(losses.mean(), rel=1e-5)
    accuracy = np.mean(logits.argmax(axis=1) == [2, 1])
    assert metrics[Keys.ACCURACY] == pytest.approx(accuracy)

  def test_needs_some_columns_and_dnn_hidden_units(self, tmp_path):
    with pytest.raises(errors.EstimatorValueError,
                       match="Either linear_feature_columns or "
                       "dnn_feature_columns must be defined."):
      estimator.DNNLinearCombinedClassifier()
    classifier = estimator.DNNLinearCombinedClassifier(
        dnn_feature_columns=[FC.numeric_column("x")],
        model_dir=str(tmp_path))
    with pytest.raises(errors.EstimatorValueError,
                       match="dnn_hidden_units must be defined when "
                       "dnn_feature_columns is specified."):
      classifier.train(lambda: ({"x": [[1.]]}, [[1]]), steps=1)
