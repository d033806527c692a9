"""tf.estimator.add_metrics: extra evaluation metrics around an unchanged
model_fn."""

import numpy as np
import pytest
import tensorflow as tf

from tf1_compat import estimator as estimator_lib

V1 = tf.compat.v1


def _spec_model_fn(features, labels, mode):
  w = V1.get_variable("w", [], initializer=V1.constant_initializer(1.0))
  predictions = features["x"] * w
  loss = tf.reduce_mean(tf.square(predictions - labels))
  train_op = V1.train.GradientDescentOptimizer(0.01).minimize(
      loss, global_step=V1.train.get_global_step())
  return estimator_lib.EstimatorSpec(mode, predictions=predictions, loss=loss,
                                     train_op=train_op)


def test_add_metrics_reports_the_extra_metrics_in_evaluation(tmp_path):
  est = estimator_lib.Estimator(_spec_model_fn, model_dir=str(tmp_path))

  def metric_fn(labels, predictions):
    return {"mae": V1.metrics.mean_absolute_error(labels, predictions)}

  extended = estimator_lib.add_metrics(est, metric_fn)
  assert extended.model_dir == est.model_dir
  x = np.arange(8, dtype=np.float32)

  def eval_input_fn():
    return tf.data.Dataset.from_tensors(({"x": x}, 3 * x))

  metrics = extended.evaluate(eval_input_fn, steps=1)  # w is still 1.0
  np.testing.assert_allclose(metrics["mae"], np.mean(np.abs(x - 3 * x)),
                             rtol=1e-6)
  assert "loss" in metrics and metrics["global_step"] == 0
  with pytest.raises(ValueError, match="not expected args: \\['mode'\\]"):
    estimator_lib.add_metrics(est, lambda predictions, mode: {})
