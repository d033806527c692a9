"""A 2018 Estimator program: `tf.estimator.train_and_evaluate` of a linear model.

`y = 2 x0 - x1 + 0.5` (plus noise) from a `numpy_input_fn`, with a
`TrainSpec(max_steps=...)` and an `EvalSpec` whose `LatestExporter` exports a
SavedModel after each evaluation. `--model=canned` trains a
`LinearRegressor`; `--model=model_fn` a custom `model_fn` whose variables are
`w` (`[2, 1]`) and `b` (`[1]`), which with `--sync_replicas` wraps its
optimizer in `SyncReplicasOptimizer` and adds the optimizer's hook, as TF 1.x
programs did. Run as is, it trains and evaluates in one process; under
`python -m tf1_compat.cluster --style tf_config`, `TF_CONFIG` makes each
process a ps, the chief, a worker or the evaluator. `--step_sleep_secs` slows
each training step down (the fault tests kill tasks mid-run). The data and the
models are what `tests/cluster/test_estimator_cluster.py` rebuilds to check
the results.
"""
import time

import numpy as np
import tensorflow as tf

flags = tf.app.flags
flags.DEFINE_string("model_dir", None, "checkpoints, summaries and exports")
flags.DEFINE_enum("model", "canned", ["canned", "model_fn"], "which model")
flags.DEFINE_boolean("sync_replicas", False, "synchronous training")
flags.DEFINE_integer("max_steps", 300, "global step training stops at")
flags.DEFINE_integer("save_checkpoints_steps", 50, "checkpoint interval")
flags.DEFINE_integer("keep_checkpoint_max", 5, "checkpoints kept")
flags.DEFINE_integer("throttle_secs", 1, "least seconds between evaluations")
flags.DEFINE_integer("start_delay_secs", 0, "evaluator's start delay")
flags.DEFINE_integer("max_worker_delay_secs", 60,
                     "cap of the workers' start delay")
flags.DEFINE_float("step_sleep_secs", 0.0, "sleep after each training step")
FLAGS = flags.FLAGS

NUM_EXAMPLES = 200
EVAL_EXAMPLES = 50
BATCH_SIZE = 20
LEARNING_RATE = 0.1


def make_data(num_examples, seed):
  rng = np.random.RandomState(seed)
  x = rng.rand(num_examples, 2).astype(np.float32)
  y = (x.dot([[2.0], [-1.0]]) + 0.5
       + 0.01 * rng.randn(num_examples, 1)).astype(np.float32)
  return x, y


def model_fn(features, labels, mode, params, config):
  w = tf.get_variable("w", [2, 1], initializer=tf.zeros_initializer())
  b = tf.get_variable("b", [1], initializer=tf.zeros_initializer())
  predictions = tf.matmul(features["x"], w) + b
  if mode == tf.estimator.ModeKeys.PREDICT:
    return tf.estimator.EstimatorSpec(
        mode, predictions={"predictions": predictions},
        export_outputs={"predict": tf.estimator.export.PredictOutput(
            {"predictions": predictions})})
  loss = tf.losses.mean_squared_error(labels, predictions)
  if mode == tf.estimator.ModeKeys.EVAL:
    return tf.estimator.EstimatorSpec(mode, loss=loss, eval_metric_ops={
        "average_loss": tf.metrics.mean_squared_error(labels, predictions)})
  optimizer = tf.train.GradientDescentOptimizer(LEARNING_RATE)
  hooks = []
  if params["sync_replicas"]:
    optimizer = tf.train.SyncReplicasOptimizer(
        optimizer, replicas_to_aggregate=config.num_worker_replicas,
        total_num_replicas=config.num_worker_replicas)
    hooks.append(optimizer.make_session_run_hook(config.is_chief))
  train_op = optimizer.minimize(loss, global_step=tf.train.get_global_step())
  return tf.estimator.EstimatorSpec(mode, loss=loss, train_op=train_op,
                                    training_hooks=hooks)


def serving_input_receiver_fn():
  return tf.estimator.export.build_raw_serving_input_receiver_fn(
      {"x": tf.placeholder(tf.float32, [None, 2], name="x")})()


class _SleepHook(tf.train.SessionRunHook):

  def __init__(self, secs):
    self._secs = secs

  def after_run(self, run_context, run_values):
    time.sleep(self._secs)


def main(_):
  tf.logging.set_verbosity(tf.logging.INFO)
  train_x, train_y = make_data(NUM_EXAMPLES, seed=0)
  eval_x, eval_y = make_data(EVAL_EXAMPLES, seed=1)
  config = tf.estimator.RunConfig(
      model_dir=FLAGS.model_dir, tf_random_seed=1,
      save_checkpoints_steps=FLAGS.save_checkpoints_steps,
      keep_checkpoint_max=FLAGS.keep_checkpoint_max, log_step_count_steps=50,
      experimental_max_worker_delay_secs=FLAGS.max_worker_delay_secs)
  if FLAGS.model == "canned":
    estimator = tf.estimator.LinearRegressor(
        [tf.feature_column.numeric_column("x", shape=[2])], config=config)
  else:
    estimator = tf.estimator.Estimator(
        model_fn, config=config, params={"sync_replicas": FLAGS.sync_replicas})
  train_input_fn = tf.estimator.inputs.numpy_input_fn(
      {"x": train_x}, train_y, batch_size=BATCH_SIZE, num_epochs=None,
      shuffle=True)
  eval_input_fn = tf.estimator.inputs.numpy_input_fn(
      {"x": eval_x}, eval_y, batch_size=EVAL_EXAMPLES, num_epochs=1,
      shuffle=False)
  hooks = [_SleepHook(FLAGS.step_sleep_secs)] if FLAGS.step_sleep_secs else []
  train_spec = tf.estimator.TrainSpec(train_input_fn,
                                      max_steps=FLAGS.max_steps, hooks=hooks)
  eval_spec = tf.estimator.EvalSpec(
      eval_input_fn, steps=None,
      exporters=tf.estimator.LatestExporter("linear",
                                            serving_input_receiver_fn),
      start_delay_secs=FLAGS.start_delay_secs,
      throttle_secs=FLAGS.throttle_secs)
  tf.estimator.train_and_evaluate(estimator, train_spec, eval_spec)


if __name__ == "__main__":
  tf.app.run()
