"""`train_and_evaluate`, `TrainSpec`, `EvalSpec`: TF 1.15's local run and errors.

The local runs train `estimator_testing`'s linear model by full-batch gradient
descent, so the evaluated losses are numpy's replay at each checkpoint's step.
Messages are TF 1.15's (`training_test.py`).
"""

import json
import os

import numpy as np
import portpicker
import pytest
import tensorflow as tf

from tests.estimator import estimator_testing as et
from tf1_compat import estimator
from tf1_compat.estimator import errors
from tf1_compat.estimator import training
from tf1_compat.framework import errors as base_errors

V1 = tf.compat.v1


class _Hook(V1.train.SessionRunHook):
  """Counts the session runs it sees."""

  def __init__(self):
    self.runs = 0

  def after_run(self, run_context, run_values):
    self.runs += 1


class _NamedExporter(estimator.Exporter):

  def __init__(self, name):
    self._name = name

  @property
  def name(self):
    return self._name

  def export(self, *args, **kwargs):
    del args, kwargs  # Never exports.


def _serving_input_receiver_fn():
  return estimator.export.build_raw_serving_input_receiver_fn(
      {"x": tf.zeros([1, 2])})()


def _estimator(model_dir, **config):
  config.setdefault("save_checkpoints_steps", 10)
  config.setdefault("log_step_count_steps", None)
  return et.linear_estimator(model_dir, **config)


def _loss_after(steps):
  """numpy's full-batch loss after `steps` gradient-descent steps."""
  return et.numpy_gradient_descent(steps + 1)[0][steps]


def _exported_steps(directory):
  return sorted(
      int(tf.train.load_variable(
          os.path.join(directory, name, "variables", "variables"),
          "global_step"))
      for name in os.listdir(directory))


class TestSpecs:

  def test_defaults_are_tf115s(self):
    train_spec = estimator.TrainSpec(input_fn=lambda: 1)
    assert (train_spec.max_steps, train_spec.hooks) == (None, ())
    eval_spec = estimator.EvalSpec(input_fn=lambda: 1)
    assert (eval_spec.steps, eval_spec.name, eval_spec.hooks,
            eval_spec.exporters, eval_spec.start_delay_secs,
            eval_spec.throttle_secs) == (100, None, (), (), 120, 600)

  def test_all_arguments_are_kept(self):
    hooks = [_Hook()]
    exporter = _NamedExporter("a")
    spec = estimator.EvalSpec(input_fn=lambda: 1, steps=2, name="name",
                              hooks=hooks, exporters=exporter,
                              start_delay_secs=3, throttle_secs=4)
    assert spec == (spec.input_fn, 2, "name", tuple(hooks), (exporter,), 3, 4)
    assert estimator.TrainSpec(lambda: 1, max_steps=2,
                               hooks=hooks).hooks == tuple(hooks)

  @pytest.mark.parametrize("make, error, message", [
      (lambda: estimator.TrainSpec(input_fn="invalid"), TypeError,
       "`input_fn` must be callable"),
      (lambda: estimator.TrainSpec(input_fn=lambda: 1, max_steps=0),
       ValueError, "Must specify max_steps > 0"),
      (lambda: estimator.TrainSpec(input_fn=lambda: 1, hooks=[object()]),
       TypeError, "All hooks must be `SessionRunHook` instances"),
      (lambda: estimator.EvalSpec(input_fn=lambda: 1, steps=0), ValueError,
       "Must specify steps > 0"),
      (lambda: estimator.EvalSpec(input_fn=lambda: 1, name=123), TypeError,
       "`name` must be string"),
      (lambda: estimator.EvalSpec(input_fn=lambda: 1, start_delay_secs=-1),
       ValueError, "Must specify start_delay_secs >= 0"),
      (lambda: estimator.EvalSpec(input_fn=lambda: 1, throttle_secs=-1),
       ValueError, "Must specify throttle_secs >= 0"),
      (lambda: estimator.EvalSpec(input_fn=lambda: 1,
                                  exporters=[_NamedExporter("a"), _Hook()]),
       TypeError, "`exporters` must be an Exporter"),
      (lambda: estimator.EvalSpec(input_fn=lambda: 1,
                                  exporters=_NamedExporter(123)),
       ValueError, "An Exporter must have a string name"),
      (lambda: estimator.EvalSpec(
          input_fn=lambda: 1,
          exporters=[_NamedExporter("a"), _NamedExporter("a")]),
       ValueError, "`exporters` must have unique names."),
      (lambda: estimator.EvalSpec(input_fn=lambda: 1,
                                  exporters=[_NamedExporter(None)]),
       ValueError, "An Exporter cannot have a name that is `None` or empty."),
  ])
  def test_invalid_specs_raise_tf115s_errors(self, make, error, message):
    with pytest.raises(error, match=message) as raised:
      make()
    assert isinstance(raised.value, base_errors.Error)

  def test_train_and_evaluate_checks_its_arguments(self, tmp_path):
    train_spec = estimator.TrainSpec(lambda: 1)
    eval_spec = estimator.EvalSpec(lambda: 1)
    with pytest.raises(TypeError, match="`eval_spec` must have type "
                       "`tf.estimator.EvalSpec`"):
      estimator.train_and_evaluate(_estimator(tmp_path), train_spec, object())
    with pytest.raises(TypeError, match="`estimator` must have type "
                       "`tf.estimator.Estimator`"):
      estimator.train_and_evaluate(object(), train_spec, eval_spec)
    with pytest.raises(TypeError, match="`train_spec` must have type "
                       "`tf.estimator.TrainSpec`"):
      estimator.train_and_evaluate(_estimator(tmp_path), object(), eval_spec)


def _cluster_config(monkeypatch, task_type, index=0, cluster=None):
  cluster = cluster or {"chief": ["host0:0"], "ps": ["host1:1", "host2:2"],
                        "worker": ["host3:3", "host4:4"]}
  monkeypatch.setenv("TF_CONFIG", json.dumps(
      {"cluster": cluster, "task": {"type": task_type, "index": index}}))
  return estimator.RunConfig()


class _FakeServer:
  """Stands in for `tf.train.Server`: records its start and `join`."""

  def __init__(self, started, *args, **kwargs):
    started.append((args, kwargs))
    self.joined = False

  def join(self):
    self.joined = True


def _fake_servers(monkeypatch):
  """Replaces the server start of `train_and_evaluate`; returns the starts."""
  started, servers = [], []

  def start_server(*args, **kwargs):
    servers.append(_FakeServer(started, *args, **kwargs))
    return servers[-1]

  monkeypatch.setattr(training.distributed, "start_server", start_server)
  return started, servers


def _recording_estimator(config, calls):
  """An Estimator whose `train` records its arguments instead of training."""
  model = estimator.Estimator(et.linear_model_fn, config=config,
                              params={"learning_rate": 0.1})
  model.train = lambda **kwargs: calls.append(kwargs)
  return model


class TestDispatch:

  def test_ps_starts_its_server_and_serves(self, monkeypatch):
    started, servers = _fake_servers(monkeypatch)
    config = _cluster_config(monkeypatch, "ps", index=1)
    calls = []
    assert estimator.train_and_evaluate(
        _recording_estimator(config, calls), estimator.TrainSpec(lambda: 1),
        estimator.EvalSpec(lambda: 1)) is None
    (args, kwargs), = started
    assert args[1:] == ("ps", 1) and args[0].as_dict()["ps"] == [
        "host1:1", "host2:2"]
    assert kwargs["config"].log_device_placement is False
    assert servers[0].joined and not calls

  @pytest.mark.parametrize("task_type, index, max_delay, delay", [
      ("chief", 0, None, None), ("worker", 0, None, 5),
      ("worker", 1, None, 10), ("worker", 1, 3, 3), ("worker", 1, 0, None)])
  def test_trainers_start_their_server_wait_and_train(
      self, monkeypatch, task_type, index, max_delay, delay):
    started, _ = _fake_servers(monkeypatch)
    slept = []
    monkeypatch.setattr(training.time, "sleep", slept.append)
    config = _cluster_config(monkeypatch, task_type, index=index).replace(
        experimental_max_worker_delay_secs=max_delay)
    calls = []
    hook = _Hook()
    estimator.train_and_evaluate(
        _recording_estimator(config, calls),
        estimator.TrainSpec(lambda: 1, max_steps=7, hooks=[hook]),
        estimator.EvalSpec(lambda: 1))
    assert [a[1:] for a, _ in started] == [(task_type, index)]
    # TF 1.15: worker i waits min(60, 5 * (i + 1)) s; the chief does not.
    assert slept == ([delay] if delay else [])
    (call,), = [calls]
    assert call["max_steps"] == 7 and call["hooks"] == [hook]
    assert call["saving_listeners"] is None

  def test_master_also_evaluates_each_checkpoint(self, monkeypatch):
    _fake_servers(monkeypatch)
    config = _cluster_config(monkeypatch, "master", cluster={
        "master": ["host0:0"], "worker": ["host3:3"], "ps": ["host1:1"]})
    calls = []
    estimator.train_and_evaluate(
        _recording_estimator(config, calls),
        estimator.TrainSpec(lambda: 1, max_steps=3),
        estimator.EvalSpec(lambda: 1))
    (listener,), = [calls[0]["saving_listeners"]]
    assert isinstance(listener, training._NewCheckpointListenerForEvaluate)  # pylint: disable=protected-access

  def test_a_server_needs_its_master(self, monkeypatch):
    monkeypatch.setenv("TF_CONFIG", json.dumps({
        "cluster": {"chief": ["host0:0"], "ps": ["host1:1"]},
        "task": {"type": "chief", "index": 0}, "session_master": ""}))
    model = estimator.Estimator(et.linear_model_fn,
                                config=estimator.RunConfig(),
                                params={"learning_rate": 0.1})
    with pytest.raises(RuntimeError, match="Could not start server; be sure "
                       "to specify master in RunConfig") as raised:
      estimator.train_and_evaluate(model, estimator.TrainSpec(lambda: 1),
                                   estimator.EvalSpec(lambda: 1))
    assert isinstance(raised.value, training.ServerStartError)
    assert isinstance(raised.value, base_errors.Error)

  def test_several_trainers_need_parameter_servers(self, monkeypatch):
    config = _cluster_config(monkeypatch, "worker", cluster={
        "chief": ["host0:0"], "worker": ["host3:3"]})
    model = estimator.Estimator(et.linear_model_fn, config=config,
                                params={"learning_rate": 0.1})
    with pytest.raises(errors.EstimatorValueError, match=r"has 2 training "
                       r"tasks \(chief, worker\) but no \"ps\" job"):
      estimator.train_and_evaluate(model, estimator.TrainSpec(lambda: 1),
                                   estimator.EvalSpec(lambda: 1))

  def test_evaluator_follows_the_checkpoints_until_max_steps(
      self, monkeypatch, tmp_path, tf_log):
    _estimator(tmp_path).train(et.full_batch_input_fn(), max_steps=20)
    config = _cluster_config(monkeypatch, "evaluator").replace(
        model_dir=str(tmp_path), tf_random_seed=et.SEED)
    model = estimator.Estimator(et.linear_model_fn, config=config,
                                params={"learning_rate": et.LEARNING_RATE})
    latest = estimator.LatestExporter("latest", _serving_input_receiver_fn)
    assert estimator.train_and_evaluate(
        model, estimator.TrainSpec(et.full_batch_input_fn(), max_steps=20),
        estimator.EvalSpec(et.batches_input_fn(25), steps=None,
                           exporters=latest, start_delay_secs=0,
                           throttle_secs=0)) is None
    evaluated = et.summaries(model.eval_dir())["loss"]
    assert list(evaluated) == [20]
    assert evaluated[20] == pytest.approx(_loss_after(20), rel=1e-4)
    assert _exported_steps(os.path.join(str(tmp_path), "export",
                                        "latest")) == [20]
    assert tf_log.matching(
        "Exiting evaluation, global_step=20 >= train max_steps=20")

  def test_evaluator_gives_up_without_new_checkpoints(self, monkeypatch,
                                                      tmp_path):
    monkeypatch.setattr(training, "EVALUATOR_IDLE_TIMEOUT_SECS", 0.3)
    # The idle timeout is also at least three checkpoint intervals.
    assert training.evaluator_idle_timeout_secs(
        _cluster_config(monkeypatch, "evaluator"),
        estimator.EvalSpec(lambda: 1, throttle_secs=700)) == 2100
    config = _cluster_config(monkeypatch, "evaluator").replace(
        model_dir=str(tmp_path), save_checkpoints_steps=10)
    model = estimator.Estimator(et.linear_model_fn, config=config,
                                params={"learning_rate": 0.1})
    with pytest.raises(training.EvaluatorTimeoutError) as raised:
      estimator.train_and_evaluate(
          model, estimator.TrainSpec(lambda: 1, max_steps=5),
          estimator.EvalSpec(et.batches_input_fn(25), start_delay_secs=0,
                             throttle_secs=0.1))
    message = str(raised.value)
    assert message.startswith("evaluator: no new checkpoint in %s for "
                              % tmp_path)
    assert "the last one evaluated is none, max_steps is 5" in message
    assert "\n" not in message
    # Uncaught, it ends the process with the line and exit status 1.
    assert isinstance(raised.value, SystemExit) and raised.value.code == message

  def test_only_evaluator_zero(self, monkeypatch):
    config = _cluster_config(monkeypatch, "evaluator", index=1)
    model = estimator.Estimator(et.linear_model_fn, config=config,
                                params={"learning_rate": 0.1})
    with pytest.raises(ValueError, match="there can only be one `evaluator` "
                       r"task \(with task id 0\).  Given task id 1"):
      estimator.train_and_evaluate(model, estimator.TrainSpec(lambda: 1),
                                   estimator.EvalSpec(lambda: 1))

  @pytest.mark.parametrize("task_type, message", [
      ("local", "`task.type` in TF_CONFIG cannot be `local`"),
      ("alloc", r"Task type alloc is not supported. Supported task types are "
       r"\['chief', 'evaluator', 'master', 'ps', 'worker'\]"),
  ])
  def test_unknown_task_types(self, monkeypatch, task_type, message):
    config = _cluster_config(monkeypatch, task_type, cluster={
        "chief": ["host0:0"], task_type: ["host1:1"]})
    executor = training._TrainingExecutor(  # pylint: disable=protected-access
        estimator.Estimator(et.linear_model_fn, config=config,
                            params={"learning_rate": 0.1}),
        estimator.TrainSpec(lambda: 1), estimator.EvalSpec(lambda: 1))
    with pytest.raises(errors.EstimatorValueError, match=message):
      executor.run()


class TestInProcessCluster:
  """The chief's path against a parameter server in this process.

  Multi-process jobs (chief, workers, ps, evaluator, and their faults) are in
  `tests/cluster/test_estimator_cluster.py`.
  """

  def test_chief_trains_on_the_parameter_server(self, monkeypatch, tmp_path,
                                                tf_log):
    monkeypatch.setenv("GRPC_FAIL_FAST", "true")
    ps, chief = ["127.0.0.1:%d" % portpicker.pick_unused_port()
                 for _ in range(2)]
    cluster = {"chief": [chief], "ps": [ps]}
    tf.distribute.Server(tf.train.ClusterSpec(cluster), job_name="ps",
                         task_index=0)
    config = _cluster_config(monkeypatch, "chief", cluster=cluster).replace(
        model_dir=str(tmp_path), tf_random_seed=et.SEED,
        save_checkpoints_steps=10, log_step_count_steps=None)
    assert config.master == "grpc://" + chief
    model = estimator.Estimator(et.linear_model_fn, config=config,
                                params={"learning_rate": et.LEARNING_RATE})
    assert estimator.train_and_evaluate(
        model, estimator.TrainSpec(et.full_batch_input_fn(), max_steps=20),
        estimator.EvalSpec(et.batches_input_fn(25))) is None
    assert tf_log.matching("Start Tensorflow server.")
    assert model.latest_checkpoint().endswith("model.ckpt-20")
    # Trained on the parameter server exactly as in one process: numpy's
    # replay of full-batch gradient descent.
    _, w, b = et.numpy_gradient_descent(20)
    np.testing.assert_allclose(model.get_variable_value("w"), w, rtol=1e-4)
    np.testing.assert_allclose(model.get_variable_value("b"), b, rtol=1e-4)
    monkeypatch.delenv("TF_CONFIG")
    metrics = _estimator(tmp_path).evaluate(et.batches_input_fn(25))
    assert metrics["global_step"] == 20
    assert metrics["loss"] == pytest.approx(_loss_after(20), rel=1e-4)


class TestLocalRun:

  def test_evaluates_each_checkpoint_and_exports(self, tmp_path):
    model = _estimator(tmp_path)
    latest = estimator.LatestExporter("latest", _serving_input_receiver_fn,
                                      exports_to_keep=2)
    best = estimator.BestExporter(
        serving_input_receiver_fn=_serving_input_receiver_fn)
    final = estimator.FinalExporter("final", _serving_input_receiver_fn)
    higher_loss = estimator.BestExporter(
        name="higher_loss", serving_input_receiver_fn=_serving_input_receiver_fn,
        compare_fn=lambda best_eval_result, current_eval_result: (
            current_eval_result["loss"] > best_eval_result["loss"]))
    metrics, export_results = estimator.train_and_evaluate(
        model, estimator.TrainSpec(et.full_batch_input_fn(), max_steps=30),
        estimator.EvalSpec(et.batches_input_fn(25), steps=None,
                           exporters=[latest, best, final, higher_loss],
                           throttle_secs=0))
    assert metrics["global_step"] == 30
    assert metrics["loss"] == pytest.approx(_loss_after(30), rel=1e-4)
    # One evaluation per new checkpoint (10, 20, 30), none of step 0.
    evaluated = et.summaries(model.eval_dir())["loss"]
    assert sorted(evaluated) == [10, 20, 30]
    for step, loss in evaluated.items():
      assert loss == pytest.approx(_loss_after(step), rel=1e-4)
    export_base = os.path.join(model.model_dir, "export")
    assert sorted(os.listdir(export_base)) == ["best_exporter", "final",
                                               "latest"]
    # Latest keeps the newest two; Best exports improvements after the first
    # evaluation (the baseline it reads back from eval/); Final exports once.
    assert _exported_steps(os.path.join(export_base, "latest")) == [20, 30]
    assert _exported_steps(os.path.join(export_base, "best_exporter")) == [
        20, 30]
    assert _exported_steps(os.path.join(export_base, "final")) == [30]
    assert len(export_results) == 4 and export_results[3] is None
    for result, name in zip(export_results, ["latest", "best_exporter",
                                             "final"]):
      assert os.path.dirname(os.fsdecode(result)) == os.path.join(
          export_base, name)

    # At max_steps already: nothing is trained or evaluated (TF 1.15).
    assert estimator.train_and_evaluate(
        model, estimator.TrainSpec(et.full_batch_input_fn(), max_steps=30),
        estimator.EvalSpec(et.batches_input_fn(25), steps=None)) == (None,
                                                                     None)
    assert sorted(et.summaries(model.eval_dir())["loss"]) == [10, 20, 30]

  def test_throttle_secs_skips_checkpoints_but_not_the_last(self, tmp_path):
    model = _estimator(tmp_path)
    train_hook, eval_hook = _Hook(), _Hook()
    metrics, export_results = estimator.train_and_evaluate(
        model,
        estimator.TrainSpec(et.full_batch_input_fn(), max_steps=30,
                            hooks=[train_hook]),
        estimator.EvalSpec(et.batches_input_fn(25), steps=None, name="held",
                           hooks=[eval_hook], throttle_secs=3600))
    assert metrics["global_step"] == 30
    assert export_results == []
    assert sorted(et.summaries(model.eval_dir("held"))["loss"]) == [10, 30]
    assert train_hook.runs == 30
    # Each evaluation runs its 25 examples as one batch.
    assert eval_hook.runs == 2

  def test_needs_a_checkpoint_saver(self, tmp_path):
    model = _estimator(tmp_path, save_checkpoints_steps=None,
                       save_checkpoints_secs=None)
    with pytest.raises(ValueError, match="There should be a "
                       "CheckpointSaverHook to use saving_listeners"):
      estimator.train_and_evaluate(
          model, estimator.TrainSpec(et.full_batch_input_fn(), max_steps=2),
          estimator.EvalSpec(et.batches_input_fn(25)))
