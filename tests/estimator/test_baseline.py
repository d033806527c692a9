"""`BaselineClassifier` and `BaselineRegressor` against TF 1.15 and numpy.

Unlike the other canned-estimator tests these build their graphs with TF 2's
default control flow (`cond_v2`), as a TF2 program using `tf1_compat.estimator`
without `disable_v2_behavior` does.
"""

import numpy as np
import pytest
import tensorflow as tf

from tests.estimator import canned_testing as ct
from tests.estimator import estimator_testing as et
from tf1_compat import estimator
from tf1_compat.estimator.canned.metric_keys import MetricKeys as Keys

V1 = tf.compat.v1


def _config():
  return estimator.RunConfig(tf_random_seed=et.SEED)


def test_classifier_weighted_evaluation_is_tf115s(tmp_path):
  ct.save_checkpoint(tmp_path, {ct.BASELINE_BIAS_NAME: [-1.0]})
  classifier = estimator.BaselineClassifier(
      weight_column="w", model_dir=str(tmp_path), config=_config())
  metrics = classifier.evaluate(
      input_fn=lambda: ({"age": [17., 18.], "w": [1., 2.]}, [1, 0]), steps=1)
  # Logit -1 for both; TF 1.15's _test_evaluation_weights(n_classes=2).
  expected_loss = 1.3133 * 1. + 0.3132 * 2.
  label_mean = 1. / 3.
  expected = {Keys.LOSS: expected_loss, Keys.LOSS_MEAN: expected_loss / 3.,
              Keys.ACCURACY: 2. / 3., Keys.PRECISION: 0., Keys.RECALL: 0.,
              Keys.PREDICTION_MEAN: ct.sigmoid(-1.),
              Keys.LABEL_MEAN: label_mean,
              Keys.ACCURACY_BASELINE: 1. - label_mean, Keys.AUC: 0.5,
              Keys.AUC_PR: 2. / 3., "global_step": 100}
  assert sorted(metrics) == sorted(expected)
  for name, value in expected.items():
    np.testing.assert_allclose(metrics[name], value, rtol=1e-3, err_msg=name)


def test_regressor_step_is_ftrl_at_tf115s_rate(tmp_path):
  regressor = estimator.BaselineRegressor(model_dir=str(tmp_path),
                                          config=_config())
  regressor.train(lambda: ({"age": [[17.], [15.]]}, [[5.], [3.]]), steps=1)
  # d/db of (b - 5)^2 + (b - 3)^2 at b = 0; one Ftrl step at 0.3.
  weight, _, _ = ct.ftrl_step(0., 0.1, 0., -2. * (5. + 3.), learning_rate=0.3)
  np.testing.assert_allclose(
      regressor.get_variable_value(ct.BASELINE_BIAS_NAME), [weight],
      rtol=1e-6)
  assert ct.checkpoint_shapes(tmp_path) == {
      "global_step": [], ct.BASELINE_BIAS_NAME: [1],
      ct.BASELINE_BIAS_NAME + "/Ftrl": [1],
      ct.BASELINE_BIAS_NAME + "/Ftrl_1": [1]}


def test_classifier_predicts_and_exports_with_a_raw_receiver(tmp_path):
  model_dir = tmp_path / "model"
  bias = [0.5, -1., 2.]
  ct.save_checkpoint(model_dir, {ct.BASELINE_BIAS_NAME: bias})
  classifier = estimator.BaselineClassifier(
      n_classes=3, label_vocabulary=["a", "b", "c"], model_dir=str(model_dir),
      config=_config())
  x = np.array([[1.], [7.]], dtype=np.float32)
  predictions = list(classifier.predict(estimator.inputs.numpy_input_fn(
      {"x": x}, batch_size=2, shuffle=False)))
  assert len(predictions) == 2
  for prediction in predictions:
    np.testing.assert_allclose(prediction["logits"], bias)
    np.testing.assert_allclose(prediction["probabilities"], ct.softmax(bias),
                               rtol=1e-6)
    np.testing.assert_array_equal(prediction["classes"], [b"c"])
  export_dir = classifier.export_saved_model(
      str(tmp_path / "export"),
      estimator.export.build_raw_serving_input_receiver_fn(
          {"x": tf.zeros([1, 1])}))
  outputs, signatures = ct.serve(export_dir, {"predict": {"x": x}})
  # As in TF 1.15, a classification signature needs serialized examples, so
  # with a raw receiver only `predict` is exported (no serving_default).
  assert signatures == ["predict"]
  np.testing.assert_allclose(outputs["predict"]["probabilities"],
                             [ct.softmax(bias)] * 2, rtol=1e-6)
