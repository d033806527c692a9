"""`tf.estimator.RunConfig`: TF 1.15's defaults, `replace` and `TF_CONFIG`.

The clusters, expected properties and messages are those of TF 1.15's
`run_config_test.py`.
"""

import json

import pytest
import tensorflow as tf

from tf1_compat.estimator import errors
from tf1_compat.estimator import run_config as run_config_lib
from tf1_compat.estimator.run_config import RunConfig
from tf1_compat.estimator.run_config import TaskType

_CLUSTER = {
    TaskType.CHIEF: ["host0:0"],
    TaskType.PS: ["host1:1", "host2:2"],
    TaskType.WORKER: ["host3:3", "host4:4", "host5:5"],
}
_MASTER_CLUSTER = {
    TaskType.MASTER: ["host0:0"],
    TaskType.PS: ["host1:1", "host2:2"],
    TaskType.WORKER: ["host3:3", "host4:4", "host5:5"],
}
_GLOBAL_ID_CLUSTER = {
    TaskType.CHIEF: ["host0:0"],
    TaskType.WORKER: ["host3:3", "host4:4", "host5:5"],
    TaskType.PS: ["host6:3", "host7:4", "host8:5"],
}


@pytest.fixture
def tf_config(monkeypatch):
  """Sets `TF_CONFIG` for the test; returns a `RunConfig` factory."""

  def make(config, **kwargs):
    monkeypatch.setenv("TF_CONFIG", json.dumps(config))
    return RunConfig(**kwargs)

  monkeypatch.delenv("TF_CONFIG", raising=False)
  return make


def _distributed(config):
  return dict(cluster_spec=config.cluster_spec.as_dict(),
              task_type=config.task_type, task_id=config.task_id,
              master=config.master,
              evaluation_master=config.evaluation_master,
              is_chief=config.is_chief,
              num_worker_replicas=config.num_worker_replicas,
              num_ps_replicas=config.num_ps_replicas)


def _expected(cluster_spec, task_type, task_id, master, is_chief, workers, ps,
              evaluation_master=""):
  return dict(cluster_spec=cluster_spec, task_type=task_type, task_id=task_id,
              master=master, evaluation_master=evaluation_master,
              is_chief=is_chief, num_worker_replicas=workers,
              num_ps_replicas=ps)


def _device_filters_config(device_filters):
  config = tf.compat.v1.ConfigProto(allow_soft_placement=True)
  config.graph_options.rewrite_options.meta_optimizer_iterations = (
      config.graph_options.rewrite_options.ONE)
  config.device_filters.extend(device_filters)
  return config


class TestProperties:

  def test_defaults(self, tf_config):
    config = RunConfig()
    assert config.model_dir is None
    assert config.session_config is None
    assert config.tf_random_seed is None
    assert config.save_summary_steps == 100
    assert config.save_checkpoints_secs == 600
    assert config.save_checkpoints_steps is None
    assert config.keep_checkpoint_max == 5
    assert config.keep_checkpoint_every_n_hours == 10000
    assert config.log_step_count_steps == 100
    assert config.service is None
    assert config.device_fn is None
    assert config.experimental_max_worker_delay_secs is None
    assert config.session_creation_timeout_secs == 7200
    assert config.protocol is None
    assert config.train_distribute is None
    assert config.eval_distribute is None
    assert _distributed(config) == _expected({}, TaskType.WORKER, 0, "", True,
                                             1, 0)
    assert config.global_id_in_cluster == 0

  def test_init_and_replace_set_values(self):
    session_config = tf.compat.v1.ConfigProto(allow_soft_placement=True)
    device_fn = lambda op: "/cpu:0"
    values = dict(tf_random_seed=11, save_summary_steps=12,
                  save_checkpoints_secs=14, session_config=session_config,
                  keep_checkpoint_max=16, keep_checkpoint_every_n_hours=17,
                  device_fn=device_fn, session_creation_timeout_secs=18)
    for config in (RunConfig(**values), RunConfig().replace(**values)):
      for name, value in values.items():
        assert getattr(config, name) == value
    original = RunConfig(model_dir="a")
    assert original.replace(model_dir="b").model_dir == "b"
    assert original.model_dir == "a"

  def test_none_values(self):
    names = ["tf_random_seed", "model_dir", "save_summary_steps",
             "save_checkpoints_secs", "save_checkpoints_steps",
             "session_config", "keep_checkpoint_max",
             "keep_checkpoint_every_n_hours", "device_fn"]
    for config in (RunConfig(**{n: None for n in names}),
                   RunConfig().replace(**{n: None for n in names})):
      assert all(getattr(config, n) is None for n in names)

  @pytest.mark.parametrize("name", ["master", "some_undefined_property"])
  def test_replace_refuses_other_properties(self, name):
    with pytest.raises(errors.EstimatorValueError,
                       match="Replacing %s is not supported" % name):
      RunConfig().replace(**{name: "x"})

  @pytest.mark.parametrize("kwargs, message", [
      (dict(model_dir=""), "model_dir should be non-empty"),
      (dict(save_summary_steps=-1), "save_summary_steps should be >= 0"),
      (dict(save_checkpoints_steps=-1), "save_checkpoints_steps should be >= 0"),
      (dict(save_checkpoints_secs=-1), "save_checkpoints_secs should be >= 0"),
      (dict(session_config={}), "session_config must be instance of ConfigProto"),
      (dict(keep_checkpoint_max=-1), "keep_checkpoint_max should be >= 0"),
      (dict(keep_checkpoint_every_n_hours=0),
       "keep_checkpoint_every_n_hours should be > 0"),
      (dict(log_step_count_steps=0), "log_step_count_steps should be > 0"),
      (dict(session_creation_timeout_secs=0),
       "session_creation_timeout_secs should be > 0"),
      (dict(tf_random_seed=1.0), "tf_random_seed must be integer"),
      (dict(device_fn=lambda x, y: 0),
       'device_fn must be callable with exactly one argument "op".'),
      (dict(experimental_max_worker_delay_secs="5"),
       "experimental_max_worker_delay_secs must be an integer if set."),
      (dict(protocol="http"), "protocol should be grpc or grpc\\+verbs"),
  ])
  def test_invalid_values(self, kwargs, message):
    with pytest.raises(ValueError, match=message):
      RunConfig(**kwargs)
    if "model_dir" not in kwargs:
      with pytest.raises(ValueError, match=message):
        RunConfig().replace(**kwargs)

  def test_checkpoint_steps_and_secs(self):
    config_with_steps = RunConfig().replace(save_checkpoints_steps=100)
    assert config_with_steps.save_checkpoints_steps == 100
    assert config_with_steps.save_checkpoints_secs is None
    config_with_secs = config_with_steps.replace(save_checkpoints_secs=200)
    assert config_with_secs.save_checkpoints_secs == 200
    assert config_with_secs.save_checkpoints_steps is None
    assert RunConfig(save_checkpoints_steps=5).save_checkpoints_secs is None
    assert RunConfig(save_checkpoints_secs=5).save_checkpoints_steps is None
    for config in (RunConfig().replace(save_checkpoints_secs=None),
                   config_with_steps.replace(save_checkpoints_steps=None),
                   RunConfig().replace(save_checkpoints_steps=None,
                                       save_checkpoints_secs=None)):
      assert config.save_checkpoints_steps is None
      assert config.save_checkpoints_secs is None
    message = ("`save_checkpoints_steps` and `save_checkpoints_secs` cannot be "
               "both set.")
    with pytest.raises(ValueError, match=message):
      RunConfig().replace(save_checkpoints_steps=100, save_checkpoints_secs=200)
    with pytest.raises(ValueError, match=message):
      RunConfig(save_checkpoints_steps=100, save_checkpoints_secs=200)

  def test_default_session_config(self):
    assert run_config_lib.get_default_session_config() == (
        _device_filters_config([]))


class TestTfConfig:

  @pytest.mark.parametrize("config, expected", [
      ({"task": {"type": TaskType.WORKER, "index": 0}},
       _expected({}, TaskType.WORKER, 0, "", True, 1, 0)),
      ({"session_master": "_my_master"},
       _expected({}, TaskType.WORKER, 0, "_my_master", True, 1, 0)),
      ({"eval_session_master": "_my_eval_master"},
       _expected({}, TaskType.WORKER, 0, "", True, 1, 0,
                 evaluation_master="_my_eval_master")),
      ({"cluster": _CLUSTER, "task": {"type": TaskType.CHIEF, "index": 0}},
       _expected(_CLUSTER, TaskType.CHIEF, 0, "grpc://host0:0", True, 4, 2)),
      ({"cluster": {TaskType.CHIEF: ["host0:0"]},
        "task": {"type": TaskType.CHIEF, "index": 0}},
       _expected({TaskType.CHIEF: ["host0:0"]}, TaskType.CHIEF, 0, "", True,
                 1, 0)),
      ({"cluster": _CLUSTER, "task": {"type": TaskType.WORKER, "index": 1}},
       _expected(_CLUSTER, TaskType.WORKER, 1, "grpc://host4:4", False, 4, 2)),
      ({"cluster": _CLUSTER, "task": {"type": TaskType.PS, "index": 0}},
       _expected(_CLUSTER, TaskType.PS, 0, "grpc://host1:1", False, 4, 2)),
      ({"cluster": _CLUSTER, "task": {"type": TaskType.EVALUATOR, "index": 12}},
       _expected({}, TaskType.EVALUATOR, 12, "", False, 0, 0)),
      ({"cluster": _MASTER_CLUSTER,
        "task": {"type": TaskType.MASTER, "index": 0}},
       _expected(_MASTER_CLUSTER, TaskType.MASTER, 0, "grpc://host0:0", True,
                 4, 2)),
      ({"cluster": {TaskType.MASTER: ["host0:0"]},
        "task": {"type": TaskType.MASTER, "index": 0}},
       _expected({TaskType.MASTER: ["host0:0"]}, TaskType.MASTER, 0, "", True,
                 1, 0)),
      ({"cluster": _MASTER_CLUSTER,
        "task": {"type": TaskType.WORKER, "index": 1}},
       _expected(_MASTER_CLUSTER, TaskType.WORKER, 1, "grpc://host4:4", False,
                 4, 2)),
      ({"cluster": _MASTER_CLUSTER, "task": {"type": TaskType.PS, "index": 0}},
       _expected(_MASTER_CLUSTER, TaskType.PS, 0, "grpc://host1:1", False, 4,
                 2)),
  ])
  def test_distributed_properties(self, tf_config, config, expected):
    assert _distributed(tf_config(config)) == expected

  @pytest.mark.parametrize("cluster", [
      {TaskType.CHIEF: ["host0:0"]},
      {TaskType.CHIEF: ["host0:0"], TaskType.PS: ["host1:1", "host2:2"]},
      {TaskType.MASTER: ["host0:0"]},
      {TaskType.MASTER: ["host0:0"], TaskType.PS: ["host1:1", "host2:2"]},
  ])
  def test_session_master_in_tf_config_wins(self, tf_config, cluster):
    task_type = next(iter(cluster))
    config = tf_config({"cluster": cluster,
                        "task": {"type": task_type, "index": 0},
                        "session_master": "_my_master"})
    assert config.master == "_my_master"

  def test_evaluator(self, tf_config):
    config = tf_config({"cluster": _CLUSTER,
                        "task": {"type": TaskType.EVALUATOR, "index": 12},
                        "eval_session_master": "grpc://123"})
    assert config.evaluation_master == "grpc://123"
    assert config.global_id_in_cluster is None
    assert config.session_config is None

  @pytest.mark.parametrize("cluster, task_type, task_id, global_id", [
      (_GLOBAL_ID_CLUSTER, TaskType.CHIEF, 0, 0),
      (_GLOBAL_ID_CLUSTER, TaskType.WORKER, 2, 3),
      (_GLOBAL_ID_CLUSTER, TaskType.PS, 1, 5),
      (dict(_GLOBAL_ID_CLUSTER, other_type=["host3:1", "host4:2"]),
       "other_type", 1, 2),
      ({TaskType.MASTER: ["host0:0"], TaskType.WORKER: ["h3:3", "h4:4", "h5:5"],
        TaskType.PS: ["h6:3", "h7:4", "h8:5"]}, TaskType.WORKER, 2, 3),
      ({TaskType.MASTER: ["host0:0"], TaskType.WORKER: ["h3:3", "h4:4", "h5:5"],
        TaskType.PS: ["h6:3", "h7:4", "h8:5"]}, TaskType.PS, 1, 5),
  ])
  def test_global_id_in_cluster(self, tf_config, cluster, task_type, task_id,
                                global_id):
    config = tf_config({"cluster": cluster,
                        "task": {"type": task_type, "index": task_id}})
    assert config.global_id_in_cluster == global_id

  @pytest.mark.parametrize("config, message", [
      ({"task": {"type": TaskType.CHIEF, "index": 0}},
       'If "cluster" is not set in TF_CONFIG, task type must be WORKER.'),
      ({"task": {"type": TaskType.MASTER, "index": 0}},
       'If "cluster" is not set in TF_CONFIG, task type must be WORKER.'),
      ({"task": {"type": TaskType.WORKER, "index": 1}},
       'If "cluster" is not set in TF_CONFIG, task index must be 0.'),
      ({"cluster": {TaskType.CHIEF: ["host0:0", "host:6:6"],
                    TaskType.WORKER: ["host3:3"]}},
       'The "cluster" in TF_CONFIG must have only one "chief" node.'),
      ({"cluster": {TaskType.MASTER: ["host0:0", "host:6:6"],
                    TaskType.WORKER: ["host3:3"]}},
       'The "cluster" in TF_CONFIG must have only one "master" node.'),
      ({"cluster": {TaskType.WORKER: ["host3:3", "host4:4"]}},
       'If "cluster" is set .* it must have one "chief" node'),
      ({"cluster": {TaskType.CHIEF: ["host3:3"]}},
       'If "cluster" is set .* task type must be set'),
      ({"cluster": {TaskType.CHIEF: ["host3:3"]},
        "task": {"type": TaskType.CHIEF}},
       'If "cluster" is set .* task index must be set'),
      ({"cluster": {TaskType.CHIEF: ["host3:3"]},
        "task": {"type": TaskType.CHIEF, "index": 1}},
       "1 is not a valid task_id for task_type chief"),
      ({"cluster": {TaskType.CHIEF: ["host3:3"]},
        "task": {"type": TaskType.CHIEF, "index": -1}},
       "Task index must be non-negative number."),
      ({"cluster": {TaskType.CHIEF: ["host3:3"]},
        "task": {"type": TaskType.EVALUATOR, "index": -1}},
       "Task index must be non-negative number."),
      ({"cluster": {TaskType.CHIEF: ["host3:3"]},
        "task": {"type": TaskType.WORKER, "index": 0}},
       "worker is not a valid task_type in the cluster_spec"),
      ({"cluster": {TaskType.MASTER: ["host3:3"]},
        "task": {"type": TaskType.MASTER, "index": 1}},
       "is not a valid task_id"),
      ({"cluster": _MASTER_CLUSTER,
        "task": {"type": TaskType.EVALUATOR, "index": 1}},
       "If `master` node exists in `cluster`, task_type `evaluator` is not "
       "supported."),
      ({"cluster": dict(_MASTER_CLUSTER, chief=["host3:3"]),
        "task": {"type": TaskType.PS, "index": 1}},
       "If `master` node exists in `cluster`, job `chief` is not supported."),
      ({"model_dir": ""}, "model_dir in TF_CONFIG should be non-empty"),
  ])
  def test_invalid_tf_configs(self, tf_config, config, message):
    with pytest.raises(errors.EstimatorValueError, match=message):
      tf_config(config)

  @pytest.mark.parametrize("text, message", [
      ('{"cluster": ', r"^TF_CONFIG is not valid JSON \(Expecting value: "
       r"line 1 column 13 \(char 12\)\): \{\"cluster\":$"),
      ("[]", r"^TF_CONFIG must be a JSON object, got \[\]$"),
  ])
  def test_malformed_tf_config_is_one_line(self, monkeypatch, text, message):
    monkeypatch.setenv("TF_CONFIG", text)
    with pytest.raises(errors.EstimatorValueError, match=message):
      RunConfig()

  def test_service(self, tf_config):
    service = {"key1": [1, 2], "key2": {"a": 3, "b": 4}, "key3": 789}
    assert tf_config({"service": service}).service == service
    assert tf_config({"model_dir": "/tmp/123"}).service is None
    with pytest.raises(TypeError, match='If "service" is set in TF_CONFIG, it '
                                        "must be a dict. Given"):
      tf_config({"service": 789})

  def test_model_dir(self, tf_config):
    assert tf_config({"model_dir": "/tmp/123"}).model_dir == "/tmp/123"
    assert tf_config({"model_dir": "/tmp/123"},
                     model_dir="/tmp/123").model_dir == "/tmp/123"
    with pytest.raises(
        ValueError,
        match="`model_dir` provided in RunConfig construct, if set, must have "
              "the same value as the model_dir in TF_CONFIG. "):
      tf_config({"model_dir": "/tmp/123"}, model_dir="/tmp/456")

  @pytest.mark.parametrize("config, device_filters", [
      ({"cluster": _MASTER_CLUSTER,
        "task": {"type": TaskType.MASTER, "index": 0}},
       ["/job:ps", "/job:master"]),
      ({"cluster": _CLUSTER, "task": {"type": TaskType.CHIEF, "index": 0}},
       ["/job:ps", "/job:chief"]),
      ({"cluster": _MASTER_CLUSTER,
        "task": {"type": TaskType.WORKER, "index": 1}},
       ["/job:ps", "/job:worker/task:1"]),
      ({"cluster": _MASTER_CLUSTER, "task": {"type": TaskType.PS, "index": 1}},
       ["/job:ps", "/job:worker", "/job:chief", "/job:master"]),
  ])
  def test_distributed_session_config(self, tf_config, config,
                                      device_filters):
    assert tf_config(config).session_config == _device_filters_config(
        device_filters)

  def test_other_task_type_has_no_session_config(self, tf_config):
    config = tf_config({
        "cluster": dict(_MASTER_CLUSTER, other_type=["host3:1", "host4:2"]),
        "task": {"type": "other_type", "index": 0}})
    assert config.session_config is None
