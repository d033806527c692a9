"""`training.distributed`: cluster descriptions, servers, waits, cluster sessions.

The sessions run in this process against in-process `tf.distribute.Server`s
on free loopback ports (TensorFlow's own `create_local_cluster` does the
same): a parameter server, and the chief or a worker as `open_session` opens
it. Multi-process jobs are in `tests/cluster` and `tests/examples`.
"""

import json
import os
import socket

import numpy as np
import portpicker
import pytest
import tensorflow as tf

from tf1_compat import training
from tf1_compat.framework import errors
from tf1_compat.training import distributed

_V1 = tf.compat.v1
_HOSTS = dict(ps_hosts="127.0.0.1:2221",
              worker_hosts="127.0.0.1:2222,127.0.0.1:2223")


@pytest.fixture(autouse=True)
def _fail_fast(monkeypatch):
  """The cluster session creator sets GRPC_FAIL_FAST; keep it per test."""
  monkeypatch.setenv("GRPC_FAIL_FAST", "true")


def _addresses(count):
  return ["127.0.0.1:%d" % portpicker.pick_unused_port() for _ in range(count)]


def _build(optimizer_wrapper=None):
  global_step = _V1.train.get_or_create_global_step()
  x = _V1.placeholder(tf.float32, [None, 2], name="x")
  y = _V1.placeholder(tf.float32, [None, 1], name="y")
  w = _V1.get_variable("w", [2, 1], initializer=_V1.zeros_initializer())
  loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - y))
  optimizer = _V1.train.GradientDescentOptimizer(0.2)
  if optimizer_wrapper is not None:
    optimizer = optimizer_wrapper(optimizer)
  return x, y, w, loss, optimizer.minimize(loss, global_step=global_step)


def _train(run, rng):
  x, y, _, loss, train_op = run.built
  losses = []

  def step_fn(step):
    del step
    inputs = rng.rand(8, 2).astype(np.float32)
    value, _ = run.session.run([loss, train_op], {
        x: inputs, y: inputs @ np.array([[1.0], [-2.0]], np.float32)})
    losses.append(value)
    return value

  return run.train(step_fn, lambda: {"rng": rng.get_state()}), losses


class TestClusterConfig:

  def test_flags_of_the_tf1_how_to(self):
    config = distributed.ClusterConfig.from_flags(
        job_name="worker", task_index=1, **_HOSTS)
    assert dict(config.cluster) == {
        "ps": ("127.0.0.1:2221",),
        "worker": ("127.0.0.1:2222", "127.0.0.1:2223")}
    assert (config.label, config.address, config.target) == (
        "worker 1", "127.0.0.1:2223", "grpc://127.0.0.1:2223")
    assert not config.is_chief and not config.is_ps
    assert config.num_replicas == 2 and config.replica_index == 1
    assert config.device_filters == ["/job:ps", "/job:worker/task:1"]
    chief = distributed.ClusterConfig.from_flags(job_name="worker",
                                                 task_index=0, **_HOSTS)
    assert chief.is_chief and chief.label == "worker 0"
    assert distributed.ClusterConfig.from_flags(None, None, None, 0) is None

  def test_tf_config_with_a_chief(self):
    config = distributed.ClusterConfig.from_tf_config(json.dumps({
        "cluster": {"chief": ["h:1"], "worker": ["h:2", "h:3"],
                    "ps": ["h:4"]},
        "task": {"type": "worker", "index": 0}, "environment": "cloud"}))
    assert not config.is_chief and config.replica_index == 1
    assert config.worker_device == "/job:worker/task:0"
    chief = distributed.ClusterConfig.from_tf_config(json.dumps({
        "cluster": {"chief": ["h:1"], "ps": ["h:4"]},
        "task": {"type": "chief", "index": 0}}))
    assert chief.is_chief and chief.label == "chief"
    assert distributed.ClusterConfig.from_tf_config('{"task": {}}') is None
    assert distributed.ClusterConfig.from_tf_config("") is None

  def test_flags_win_over_tf_config(self):
    environ = {"TF_CONFIG": json.dumps({
        "cluster": {"worker": ["h:9"]}, "task": {"type": "worker"}})}
    assert distributed.resolve(job_name="ps", environ=environ,
                               **_HOSTS).label == "ps 0"
    assert distributed.resolve(environ=environ).address == "h:9"
    assert distributed.resolve(environ={}) is None

  @pytest.mark.parametrize("kwargs, message", [
      (dict(job_name="chief", **_HOSTS),
       r"^--job_name must be ps or worker \(with --ps_hosts and "
       r"--worker_hosts\), got 'chief'$"),
      (dict(job_name="worker", task_index=2, **_HOSTS),
       r"^--task_index=2 is outside the cluster: --worker_hosts lists 2 "
       r"worker tasks \(indices 0..1\)$"),
      (dict(job_name="ps", task_index=1, **_HOSTS),
       r"^--task_index=1 is outside the cluster: --ps_hosts lists 1 ps task "
       r"\(indices 0..0\)$"),
      (dict(job_name="worker", ps_hosts="h:1", worker_hosts=""),
       r"^--worker_hosts is empty: expected the comma-separated host:port"),
      (dict(job_name="worker", ps_hosts="h:1", worker_hosts="h2"),
       r"^--worker_hosts: expected host:port addresses, got 'h2'$"),
      (dict(job_name="worker", ps_hosts="h:1", worker_hosts="h:1"),
       r"address h:1 is given to both ps 0 and worker 0$"),
  ])
  def test_bad_flags_get_one_line(self, kwargs, message):
    kwargs.setdefault("task_index", 0)
    with pytest.raises(distributed.ClusterConfigError, match=message) as raised:
      distributed.ClusterConfig.from_flags(**kwargs)
    assert isinstance(raised.value, (errors.Error, ValueError))

  @pytest.mark.parametrize("text, message", [
      ('{"cluster": {"worker": ["h:1"]}, "task": ',
       r"^TF_CONFIG is not valid JSON \(Expecting value: line 1 column 42 "
       r"\(char 41\)\): \{\"cluster\""),
      ("[1, 2]", r"^TF_CONFIG must be a JSON object, got \[1, 2\]$"),
      ('{"cluster": {"worker": ["h:1"]}}',
       r"^TF_CONFIG has a \"cluster\" but no \"task\""),
      ('{"cluster": {"worker": ["h:1"]}, "task": {"type": "worker", '
       '"index": 3}}', r"^TF_CONFIG's task index 3 is outside the cluster: "
       r"job worker has 1 task \(indices 0..0\)$"),
      ('{"cluster": {"chief": ["h:1"]}, "task": {"type": "evaluator"}}',
       r"^TF_CONFIG's task type 'evaluator': expected one of the cluster's "
       r"jobs among chief, ps, worker"),
      ('{"cluster": {"chief": ["h:1", "h:2"]}, "task": {"type": "chief"}}',
       r"^ClusterConfig.cluster: expected one chief, got 2"),
  ])
  def test_bad_tf_config_gets_one_line(self, text, message):
    with pytest.raises(distributed.ClusterConfigError, match=message):
      distributed.ClusterConfig.from_tf_config(text)

  def test_run_config_takes_a_cluster(self):
    cluster = distributed.ClusterConfig.from_flags(job_name="worker",
                                                   task_index=1, **_HOSTS)
    config = training.RunConfig(seed=7, cluster=cluster)
    assert config.data_seed == 8
    assert training.RunConfig(seed=7).data_seed == 7
    with pytest.raises(training.ConfigError, match="RunConfig.eval_only "
                       "evaluates in one process"):
      training.RunConfig(eval_only=True, cluster=cluster)
    with pytest.raises(training.ConfigError, match="RunConfig.cluster must "
                       "be a ClusterConfig"):
      training.RunConfig(cluster={"ps": []})


class TestWaits:

  def test_session_tasks_follow_the_device_filters(self):
    cluster = {"ps": ["h:1", "h:2"], "worker": ["h:3", "h:4"], "chief": ["h:5"]}
    assert distributed.session_tasks(
        cluster, "worker", 1, ["/job:ps", "/job:worker/task:1"]) == [
            ("ps 0", "h:1"), ("ps 1", "h:2")]
    assert [t for t, _ in distributed.session_tasks(cluster, "chief", 0)] == [
        "ps 0", "ps 1", "worker 0", "worker 1"]

  def test_creator_gives_up_on_a_task_that_never_answers(self):
    now = [0.0]

    class Clock:
      time = staticmethod(lambda: now[0])
      sleep = staticmethod(lambda secs: now.__setitem__(0, now[0] + secs))

    creator = distributed.ClusterSessionCreator(
        None, "worker 1", "grpc://h:4", False, [("ps 0", "h:1")],
        startup_timeout_secs=20, reconnect_timeout_secs=5,
        probe=lambda address: False, clock=Clock)
    with pytest.raises(distributed.TaskUnreachableError) as raised:
      creator.create_session()
    assert str(raised.value) == ("worker 1: ps 0 (h:1) did not accept "
                                 "connections within 20 s; is it running?")
    assert (raised.value.task, raised.value.address) == ("ps 0", "h:1")
    assert now[0] == 20
    assert isinstance(raised.value, SystemExit) and raised.value.code == str(
        raised.value)

  def test_lost_task_errors_name_the_task(self):
    error = tf.errors.UnavailableError(
        None, None, "From /job:worker/replica:0/task:1:\nSocket closed\n"
        "remote target /job:ps/replica:0/task:1 while calling RecvTensor")
    lost = distributed.lost_task_error(
        "worker 1", {"ps": ["h:1", "h:2"], "worker": ["h:3", "h:4"]}, error,
        own=("worker", 1))
    assert str(lost).startswith("worker 1: lost ps 1 (h:2): UnavailableError: "
                                "From /job:worker/replica:0/task:1:; stopping")

  def test_a_port_in_use_is_one_line(self):
    holder = socket.socket()
    holder.bind(("127.0.0.1", 0))
    holder.listen()
    address = "127.0.0.1:%d" % holder.getsockname()[1]
    try:
      with pytest.raises(distributed.ServerStartError) as raised:
        distributed.start_server({"worker": [address]}, "worker", 0)
    finally:
      holder.close()
    assert str(raised.value) == (
        "worker 0: cannot listen on %s: the port is in use (another task or "
        "program holds it); free it or give this task another port" % address)


def test_step_labels_advance_and_land_on_logging_steps():
  label = distributed._next_label  # pylint: disable=protected-access
  assert label(8, 9, 10) == 9 and label(9, None, 10) == 10
  # Other tasks advanced the global step past 10: the label is 10, then on.
  assert label(9, 12, 10) == 10 and label(10, 12, 10) == 12
  # A synchronous step that did not move the global step still advances.
  assert label(12, 12, 10) == 13 and label(12, 13, None) == 13


def test_sync_replicas_keeps_the_variable_names_of_one_process():

  def variable_names(optimizer_wrapper):
    with tf.Graph().as_default(), _V1.variable_scope("model"):
      global_step = _V1.train.get_or_create_global_step()
      w = _V1.get_variable("w", [2])
      optimizer = _V1.train.AdamOptimizer(0.1)
      if optimizer_wrapper is not None:
        optimizer = optimizer_wrapper(optimizer)
      optimizer.minimize(tf.reduce_sum(w * w), global_step=global_step)
      return sorted(v.op.name for v in _V1.global_variables())

  names = variable_names(None)
  assert "model/beta1_power" in names
  assert variable_names(distributed.SyncReplicas(2)) == names


def _cluster(addresses, job_name, task_index, **options):
  return distributed.ClusterConfig(
      {"ps": addresses[:1], "worker": addresses[1:]}, job_name, task_index,
      **options)


def _parameter_server(addresses):
  """A ps of `addresses` in this process (it serves until the tests end)."""
  return tf.distribute.Server(
      tf.train.ClusterSpec({"ps": addresses[:1], "worker": addresses[1:]}),
      job_name="ps", task_index=0)


class TestClusterSession:

  @pytest.mark.parametrize("sync", [False, True], ids=["async", "sync"])
  def test_chief_trains_and_one_process_resumes_its_checkpoint(
      self, tmp_path, sync):
    addresses = _addresses(2)
    _parameter_server(addresses)
    directory = str(tmp_path / "ckpt")
    config = training.RunConfig(
        num_steps=30, checkpoint_every=10, checkpoint_dir=directory,
        logdir=str(tmp_path / "logs"), export_dir=str(tmp_path / "export"),
        cluster=_cluster(addresses, "worker", 0, sync_replicas=sync))
    rng = np.random.RandomState(0)
    with training.open_session(_build, config, apply_state=lambda s: None) as run:
      assert isinstance(run, distributed.ClusterTrainingSession)
      assert run.restored is None and run.events is not None
      # Variables live on the parameter server, the other ops on the task.
      _, _, w, loss, _ = run.built
      assert w.device == "/job:ps/task:0"
      assert loss.device.startswith("/job:worker/task:0")
      outcome, losses = _train(run, rng)
      assert run.session.should_stop()
      weights = run.session.run(w)
      run.add_scalar("after", 1.0, outcome.steps_done)
      exported = run.export({"predict": ({"x": run.built[0]},
                                         {"y": run.built[3]})})
    assert outcome.steps_done == 30 and outcome.interrupted_by is None
    # Synchronously, a gradient computed before the last update is dropped.
    assert len(losses) == 30 if not sync else 30 <= len(losses) <= 32
    assert losses[-1] < losses[0] / 10
    assert outcome.checkpoint == os.path.join(directory, "model.ckpt-30")
    assert sorted(f for f in os.listdir(directory) if f.endswith(".index")) == [
        "model.ckpt-10.index", "model.ckpt-20.index", "model.ckpt-30.index"]
    assert os.path.exists(outcome.checkpoint + ".state.json")
    # The export has no device placements: plain TensorFlow loads it here.
    with tf.Graph().as_default(), _V1.Session() as session:
      _V1.saved_model.loader.load(session, ["serve"], exported)
      w, = [v for v in _V1.global_variables() if v.op.name == "w"]
      assert w.device == ""
      np.testing.assert_array_equal(session.run(w), weights)

    single = training.RunConfig(num_steps=30, checkpoint_dir=directory)
    with training.open_session(_build, single) as run:
      assert run.restored.path == outcome.checkpoint
      assert run.global_step() == 30
      np.testing.assert_array_equal(run.session.run(run.built[2]), weights)

  def test_restarted_chief_resumes_from_its_checkpoint(self, tmp_path):
    addresses = _addresses(2)
    _parameter_server(addresses)
    directory = str(tmp_path / "ckpt")
    states = []
    for num_steps in (10, 25):
      config = training.RunConfig(num_steps=num_steps, checkpoint_every=5,
                                  checkpoint_dir=directory,
                                  cluster=_cluster(addresses, "worker", 0))
      rng = np.random.RandomState(1)
      with training.open_session(_build, config,
                                 apply_state=states.append) as run:
        first = run.global_step()
        outcome, losses = _train(run, rng)
    # The second run restored step 10 (weights and side file) and trained on.
    assert first == 10 and len(states) == 1 and len(losses) == 15
    assert outcome.steps_done == 25

  def test_worker_waits_for_the_chief_with_a_bound(self):
    addresses = _addresses(3)
    _parameter_server(addresses)
    config = training.RunConfig(num_steps=5, cluster=_cluster(
        addresses, "worker", 1, startup_timeout_secs=1.5))
    with pytest.raises(distributed.ChiefTimeoutError) as raised:
      with training.open_session(_build, config):
        pass
    assert str(raised.value) == ("worker 1: the chief did not initialize the "
                                 "variables within 1.5 s; is it running?")

  def test_task_waits_for_the_parameter_server_with_a_bound(self):
    addresses = _addresses(2)
    config = training.RunConfig(num_steps=5, cluster=_cluster(
        addresses, "worker", 0, startup_timeout_secs=1))
    with pytest.raises(distributed.TaskUnreachableError, match=(
        r"^worker 0: ps 0 \(%s\) did not accept connections within 1 s; is it "
        r"running\?$" % addresses[0])):
      with training.open_session(_build, config):
        pass
