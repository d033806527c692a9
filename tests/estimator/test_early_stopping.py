"""tf.estimator.experimental's early-stopping hooks: they read the evaluations
in `eval_dir()` and stop training through `signal_early_stopping/STOP`."""

import numpy as np
import pytest
import tensorflow as tf

from tf1_compat import estimator as estimator_lib
from tf1_compat.estimator import early_stopping

V1 = tf.compat.v1


def _model_fn(features, labels, mode):
  w = V1.get_variable("w", [], initializer=V1.zeros_initializer())
  loss = tf.reduce_mean(tf.square(features["x"] * w - labels))
  train_op = V1.train.GradientDescentOptimizer(0.01).minimize(
      loss, global_step=V1.train.get_global_step())
  return estimator_lib.EstimatorSpec(mode, loss=loss, train_op=train_op)


def _input_fn():
  x = np.arange(8, dtype=np.float32)
  return tf.data.Dataset.from_tensors(({"x": x}, 2 * x)).repeat()


def _write_evaluations(eval_dir, losses):
  """Event files as `Estimator.evaluate` writes them: one scalar per step."""
  with tf.Graph().as_default():
    writer = V1.summary.FileWriter(eval_dir)
    for step, loss in losses:
      summary = V1.Summary(value=[V1.Summary.Value(tag="loss",
                                                   simple_value=loss)])
      writer.add_summary(summary, step)
    writer.close()


def _estimator(tmp_path):
  return estimator_lib.Estimator(
      _model_fn, model_dir=str(tmp_path / "model"),
      config=estimator_lib.RunConfig(tf_random_seed=1, log_step_count_steps=None))


def test_no_decrease_stops_training_and_sets_the_stop_variable(tmp_path):
  est = _estimator(tmp_path)
  _write_evaluations(est.eval_dir(), [(10, 1.0), (20, 0.5), (30, 0.6),
                                      (40, 0.7)])
  assert list(early_stopping.read_eval_metrics(est.eval_dir())) == [
      10, 20, 30, 40]
  hook = estimator_lib.experimental.stop_if_no_decrease_hook(
      est, "loss", max_steps_without_decrease=20, run_every_secs=None,
      run_every_steps=5)
  est.train(_input_fn, hooks=[hook], steps=1000)
  assert est.get_variable_value("global_step") < 10
  assert est.get_variable_value("signal_early_stopping/STOP")


def test_threshold_not_crossed_and_improving_metrics_train_on(tmp_path):
  est = _estimator(tmp_path)
  _write_evaluations(est.eval_dir(), [(10, 1.0), (20, 0.5)])
  hooks = [
      estimator_lib.experimental.stop_if_lower_hook(
          est, "loss", 0.1, run_every_secs=None, run_every_steps=2),
      estimator_lib.experimental.stop_if_no_decrease_hook(
          est, "loss", 20, run_every_secs=None, run_every_steps=2),
      # Evaluations before `min_steps` do not count.
      estimator_lib.experimental.stop_if_higher_hook(
          est, "loss", 0.7, min_steps=15, run_every_secs=None,
          run_every_steps=2)]
  est.train(_input_fn, hooks=hooks, steps=12)
  assert est.get_variable_value("global_step") == 12


def test_bad_arguments_and_missing_metrics_get_one_line(tmp_path):
  est = _estimator(tmp_path)
  with pytest.raises(TypeError, match="must have type `tf.estimator.Estimator`"):
    estimator_lib.experimental.stop_if_higher_hook(object(), "loss", 1.0)
  with pytest.raises(ValueError, match="Only one of `run_every_secs`"):
    estimator_lib.experimental.stop_if_higher_hook(est, "loss", 1.0,
                                                   run_every_steps=3)
  _write_evaluations(est.eval_dir(), [(10, 1.0)])
  hook = estimator_lib.experimental.stop_if_higher_hook(
      est, "accuracy", 0.5, run_every_secs=None, run_every_steps=1)
  with pytest.raises(ValueError, match="no metric 'accuracy'.*has \\['loss'\\]"):
    est.train(_input_fn, hooks=[hook], steps=3)

