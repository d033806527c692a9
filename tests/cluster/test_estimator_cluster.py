"""`tf.estimator.train_and_evaluate` on a loopback cluster, and its faults.

`scripts/estimator_linear.py` (a 2018 program: a canned `LinearRegressor` or
a custom `model_fn`, `numpy_input_fn`, `TrainSpec`/`EvalSpec` with a
`LatestExporter`) runs as one process per task. The launcher tests (`python -m
tf1_compat.cluster --style tf_config`) train 1 ps + chief + worker (+ the
evaluator), asynchronously and with `SyncReplicasOptimizer`, then restore the
results into a single-process Estimator. The fault tests start the launcher's
planned tasks themselves, so that they can kill and restart one: a worker, the
chief, a parameter server. All are slow (several TensorFlow processes on two
cores); the in-process tests of the same paths are in `tests/estimator`.

Every wait has a timeout; the processes are killed when a test ends.
"""

import os
import re
import sys
import time

import numpy as np
import pytest
import tensorflow as tf

from tests.cluster import jobs
from tf1_compat import estimator
from tf1_compat.estimator import estimator as estimator_lib

V1 = tf.compat.v1
_SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "scripts",
                       "estimator_linear.py")
_STEP_LINE = re.compile(r"loss = [-+.\deE]+, step = (\d+)")


def _task_command(model_dir, **flags):
  return [sys.executable, "-m", "tf1_compat.run", _SCRIPT,
          "--model_dir=%s" % model_dir] + [
              "--%s=%s" % item for item in sorted(flags.items())]


# The script's data, rebuilt (`make_data` there).
def _make_data(num_examples, seed):
  rng = np.random.RandomState(seed)
  x = rng.rand(num_examples, 2).astype(np.float32)
  y = (x.dot([[2.0], [-1.0]]) + 0.5
       + 0.01 * rng.randn(num_examples, 1)).astype(np.float32)
  return x, y


_EVAL_X, _EVAL_Y = _make_data(50, seed=1)


@pytest.fixture
def tf1_control_flow():
  """TF1's control flow, which the script's graphs (under the runner) use."""
  was_enabled = V1.control_flow_v2_enabled()
  V1.disable_control_flow_v2()
  try:
    yield
  finally:
    if was_enabled:
      V1.enable_control_flow_v2()


def _single_process_regressor(model_dir):
  return estimator.LinearRegressor(
      [tf.feature_column.numeric_column("x", shape=[2])],
      model_dir=str(model_dir), config=estimator.RunConfig(tf_random_seed=1))


def _eval_input_fn():
  return estimator.inputs.numpy_input_fn(
      {"x": _EVAL_X}, _EVAL_Y, batch_size=len(_EVAL_X), num_epochs=1,
      shuffle=False)


def _evaluations(eval_dir):
  """`{global step: {metric: value}}` from the evaluator's event files."""
  results = {}
  for name in sorted(os.listdir(eval_dir)):
    if not name.startswith("events.out.tfevents"):
      continue
    for event in V1.train.summary_iterator(os.path.join(eval_dir, name)):
      for value in event.summary.value:
        if value.HasField("simple_value"):
          results.setdefault(event.step, {})[value.tag] = value.simple_value
  return results


def _saved_model_predictions(export_dir, x):
  with tf.Graph().as_default(), V1.Session() as session:
    meta_graph = V1.saved_model.loader.load(session, ["serve"], export_dir)
    # A raw (float) receiver gets no regress signature, as in TF 1.15.
    signature = meta_graph.signature_def["predict"]
    inputs = signature.inputs["x"].name
    outputs = signature.outputs["predictions"].name
    return session.run(outputs, {inputs: x})


def _checkpoint_step(model_dir):
  latest = tf.train.latest_checkpoint(str(model_dir))
  return int(latest.rsplit("-", 1)[1]) if latest else None


@pytest.mark.slow
def test_train_and_evaluate_through_the_launcher(tmp_path, tf1_control_flow):
  model_dir = tmp_path / "model"
  max_steps = 1000
  started = time.monotonic()
  completed = jobs.run_launcher(
      tmp_path, ["--ps", "1", "--workers", "2", "--evaluator", "--style",
                 "tf_config", "--timeout", "240"],
      _task_command(model_dir, max_steps=max_steps,
                    save_checkpoints_steps=100, keep_checkpoint_max=20,
                    step_sleep_secs=0.01, max_worker_delay_secs=2))
  job_secs = time.monotonic() - started
  out = completed.stdout
  assert completed.returncode == 0, out[-4000:] + completed.stderr[-2000:]

  # Both training tasks trained the shared variables; only the chief saved.
  chief_steps = [int(s) for s in re.findall(
      r"\[chief\] .*" + _STEP_LINE.pattern, out)]
  worker_steps = [int(s) for s in re.findall(
      r"\[worker 0\] .*" + _STEP_LINE.pattern, out)]
  assert chief_steps[0] == 0 and len(chief_steps) >= 3, out[-4000:]
  assert len(worker_steps) >= 2 and worker_steps[0] > 0, out[-4000:]
  saves = re.findall(r"\[(.+?)\] .*Saving checkpoints for (\d+)", out)
  assert {task for task, _ in saves} == {"chief"}
  assert _checkpoint_step(model_dir) >= max_steps
  events = [n for n in os.listdir(model_dir) if n.startswith("events.out")]
  assert len(events) == 1, events  # The chief's; a worker writes none.
  assert "[worker 0] " in out and "Start Tensorflow server." in out
  assert "Waiting 2 secs before starting training." in out

  # The evaluator evaluated and exported; the exports are its checkpoints'.
  evaluations = _evaluations(model_dir / "eval")
  assert evaluations, out[-4000:]
  export_base = model_dir / "export" / "linear"
  # The launcher stops the evaluator soon after the chief ends, maybe while
  # it exports (in a `temp-` directory, renamed when complete).
  exports = sorted(e for e in os.listdir(export_base)
                   if not e.startswith("temp-"))
  assert exports, out[-4000:]
  last_export = str(export_base / exports[-1])
  export_step = int(tf.train.load_variable(
      os.path.join(last_export, "variables", "variables"), "global_step"))
  assert export_step in evaluations

  # A single-process Estimator restores the same numbers: the evaluator's
  # metrics at the exported checkpoint, the SavedModel's predictions, and a
  # trained model at the chief's last checkpoint.
  regressor = _single_process_regressor(tmp_path / "single")
  exported_variables = os.path.join(last_export, "variables", "variables")
  metrics = regressor.evaluate(_eval_input_fn(), steps=None,
                               checkpoint_path=exported_variables)
  assert metrics["global_step"] == export_step
  for key in ("average_loss", "loss", "prediction/mean", "label/mean"):
    np.testing.assert_allclose(metrics[key], evaluations[export_step][key],
                               rtol=1e-6)
  predictions = np.array([p["predictions"] for p in regressor.predict(
      estimator.inputs.numpy_input_fn({"x": _EVAL_X}, shuffle=False),
      checkpoint_path=exported_variables)])
  np.testing.assert_allclose(predictions,
                             _saved_model_predictions(last_export, _EVAL_X),
                             rtol=1e-6)
  final = regressor.evaluate(_eval_input_fn(), steps=None,
                             checkpoint_path=tf.train.latest_checkpoint(
                                 str(model_dir)))
  untrained_loss = float(np.mean(_EVAL_Y ** 2))  # Zero weights and bias.
  assert final["average_loss"] < 0.01 * untrained_loss
  print("launcher job: %.1f s" % job_secs)


def _model_fn_estimator(model_dir):
  """The script's `model_fn` (variables `w`, `b`), in this process."""

  def model_fn(features, labels, mode):
    w = V1.get_variable("w", [2, 1], initializer=V1.zeros_initializer())
    b = V1.get_variable("b", [1], initializer=V1.zeros_initializer())
    predictions = tf.matmul(features["x"], w) + b
    if mode == estimator.ModeKeys.PREDICT:
      return estimator.EstimatorSpec(mode, predictions=predictions)
    loss = V1.losses.mean_squared_error(labels, predictions)
    return estimator.EstimatorSpec(mode, loss=loss)

  return estimator.Estimator(model_fn, model_dir=str(model_dir))


@pytest.mark.slow
def test_sync_replicas_model_fn_through_the_launcher(tmp_path):
  model_dir = tmp_path / "model"
  max_steps = 300
  completed = jobs.run_launcher(
      tmp_path, ["--ps", "1", "--workers", "2", "--style", "tf_config",
                 "--timeout", "240"],
      _task_command(model_dir, model="model_fn", sync_replicas="true",
                    max_steps=max_steps, save_checkpoints_steps=100,
                    max_worker_delay_secs=1))
  out = completed.stdout
  assert completed.returncode == 0, out[-4000:] + completed.stderr[-2000:]
  assert "SyncReplicasV2: replicas_to_aggregate=2; total_num_replicas=2" in out
  # Both tasks trained, on one global step advancing once per pair of
  # gradients; the chief's loss went down.
  losses = {task: [(int(step), float(loss)) for loss, step in re.findall(
      r"\[%s\] .*loss = ([-+.\deE]+), step = (\d+)" % task, out)]
            for task in ("chief", "worker 0")}
  assert len(losses["chief"]) >= 3 and len(losses["worker 0"]) >= 2, out[-4000:]
  assert losses["chief"][-1][1] < losses["chief"][0][1] / 100
  assert _checkpoint_step(model_dir) == max_steps
  # The chief's checkpoint restores into a single-process Estimator.
  single = _model_fn_estimator(model_dir)
  metrics = single.evaluate(_eval_input_fn(), steps=None)
  assert metrics["global_step"] == max_steps
  assert metrics["loss"] < 0.01 * float(np.mean(_EVAL_Y ** 2))
  np.testing.assert_allclose(single.get_variable_value("w"), [[2.0], [-1.0]],
                             atol=0.1)


def _job(tmp_path, command, evaluator=False):
  return jobs.Job(tmp_path, command, _STEP_LINE.pattern, evaluator=evaluator)


@pytest.mark.slow
def test_killed_worker_leaves_the_chief_training_and_rejoins(tmp_path):
  model_dir = tmp_path / "model"
  max_steps = 2500
  command = _task_command(model_dir, max_steps=max_steps,
                          save_checkpoints_steps=250, step_sleep_secs=0.02)
  with _job(tmp_path, command) as job:
    job.wait_for(lambda: len(job.steps("worker 0")) >= 2, 150,
                 "worker 0 to train")
    job.kill("worker 0")
    killed_at_step = job.steps("chief")[-1]
    job.wait_for(lambda: job.steps("chief")[-1] >= killed_at_step + 200, 60,
                 "the chief to train on without worker 0")
    runs_before = job.output("worker 0").count("Start Tensorflow server.")
    job.start("worker 0")
    # Restarted with the same TF_CONFIG: its server takes the same port and
    # its session finds the variables initialized.
    job.wait_for(
        lambda: job.output("worker 0").count("Start Tensorflow server.")
        > runs_before and re.search(
            _STEP_LINE, job.output("worker 0").rsplit(
                "Start Tensorflow server.", 1)[1]), 120,
        "worker 0 to rejoin")
    assert job.wait("chief", 180) == 0, job.output("chief")[-3000:]
    assert job.wait("worker 0", 60) == 0, job.output("worker 0")[-3000:]
  assert _checkpoint_step(model_dir) >= max_steps


@pytest.mark.slow
def test_restarted_chief_resumes_from_its_last_checkpoint(tmp_path):
  model_dir = tmp_path / "model"
  max_steps = 2500
  command = _task_command(model_dir, max_steps=max_steps,
                          save_checkpoints_steps=200, step_sleep_secs=0.02,
                          throttle_secs=2)
  with _job(tmp_path, command, evaluator=True) as job:
    job.wait_for(lambda: len(job.steps("worker 0")) >= 2
                 and (_checkpoint_step(model_dir) or 0) >= 400, 150,
                 "two checkpoints with both tasks training")
    job.kill("chief")
    last_checkpoint = _checkpoint_step(model_dir)
    worker_step = job.steps("worker 0")[-1]
    # The worker trains on without the chief; nobody checkpoints meanwhile.
    job.wait_for(lambda: job.steps("worker 0")[-1] >= worker_step + 100, 60,
                 "worker 0 to train on without the chief")
    assert _checkpoint_step(model_dir) == last_checkpoint
    job.start("chief")
    assert job.wait("chief", 180) == 0, job.output("chief")[-3000:]
    chief = job.output("chief").rsplit("Start Tensorflow server.", 1)[1]
    assert "Restoring parameters from %s" % (
        model_dir / ("model.ckpt-%d" % last_checkpoint)) in chief
    # The restore resets the shared global step to the checkpoint's.
    first_step = int(_STEP_LINE.search(chief).group(1))
    assert last_checkpoint <= first_step < job.steps("worker 0")[-1] + 100
    assert job.wait("worker 0", 60) == 0, job.output("worker 0")[-3000:]
    # The evaluator saw the whole run through and stopped at max_steps.
    assert job.wait("evaluator 0", 90) == 0, job.output("evaluator 0")[-3000:]
  assert "Exiting evaluation, global_step=" in job.output("evaluator 0")
  assert _checkpoint_step(model_dir) >= max_steps
  assert max(_evaluations(model_dir / "eval")) >= max_steps


@pytest.mark.slow
def test_killed_parameter_server_fails_the_training_tasks_in_one_line(
    tmp_path):
  model_dir = tmp_path / "model"
  command = _task_command(model_dir, max_steps=100000,
                          save_checkpoints_steps=500, step_sleep_secs=0.02)
  with _job(tmp_path, command) as job:
    job.wait_for(lambda: len(job.steps("worker 0")) >= 2
                 and len(job.steps("chief")) >= 2, 150, "both to train")
    ps_address = job.address("ps 0")
    job.kill("ps 0")
    killed = time.monotonic()
    failed_after = {}
    bound = estimator_lib.TASK_RECONNECT_TIMEOUT_SECS + 60
    for label in ("chief", "worker 0"):
      status = job.wait(label, bound)
      failed_after[label] = time.monotonic() - killed
      assert status == 1, job.output(label)[-3000:]
      last_line = job.output(label).strip().splitlines()[-1]
      assert last_line.startswith(
          "%s: lost ps 0 (%s)" % (label, ps_address)), job.output(
              label)[-3000:]
      assert "Traceback" not in job.output(label)
  print("tasks failed %s s after the ps died" % {
      label: round(secs, 1) for label, secs in failed_after.items()})
