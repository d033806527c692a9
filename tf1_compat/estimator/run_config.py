"""`tf.estimator.RunConfig`: where and how an Estimator runs, as in TF 1.15.

Defaults are TF 1.15's: summaries every 100 steps; a checkpoint every 600
seconds unless `save_checkpoints_steps` is given (giving one of the two turns
the other off; both None turns checkpoints off); the 5 newest checkpoints kept,
plus one every 10000 hours (never, in practice); loss and global step logged
every 100 steps.

The cluster comes from the `TF_CONFIG` environment variable, a JSON object with
`cluster` (`{task_type: [address, ...]}`), `task` (`{"type": ..., "index": ...}`)
and optionally `model_dir`, `session_master`, `eval_session_master` and
`service`. Without a cluster the task must be worker 0 and is the chief. With
one, it must have exactly one `chief` (or, in the legacy layout, one `master`);
`master` is the task's `grpc://` address (empty for a one-node cluster), and an
`evaluator` task is outside the training cluster.

Distribution strategies (`train_distribute`, `eval_distribute`,
`experimental_distribute`) are stored, but `Estimator` refuses them: TF 2.21's
strategies no longer drive TF1 graphs.
"""

import copy
import json
import os

import tensorflow as tf

from tf1_compat.estimator import errors
from tf1_compat.estimator import util

_V1 = tf.compat.v1
_USE_DEFAULT = object()

# The properties `replace` may change.
_DEFAULT_REPLACEABLE_LIST = [
    "model_dir",
    "tf_random_seed",
    "save_summary_steps",
    "save_checkpoints_steps",
    "save_checkpoints_secs",
    "session_config",
    "keep_checkpoint_max",
    "keep_checkpoint_every_n_hours",
    "log_step_count_steps",
    "train_distribute",
    "device_fn",
    "protocol",
    "eval_distribute",
    "experimental_distribute",
    "experimental_max_worker_delay_secs",
    "session_creation_timeout_secs",
]

_SAVE_CKPT_ERR = (
    "`save_checkpoints_steps` and `save_checkpoints_secs` cannot be both set.")
_TF_CONFIG_ENV = "TF_CONFIG"
_LOCAL_MASTER = ""
_GRPC_SCHEME = "grpc://"


class TaskType:
  """The task types a `TF_CONFIG` cluster may hold."""
  MASTER = "master"
  PS = "ps"
  WORKER = "worker"
  CHIEF = "chief"
  EVALUATOR = "evaluator"


def get_default_session_config():
  """TF 1.15's Estimator session config: soft placement, one Grappler pass."""
  config = _V1.ConfigProto(allow_soft_placement=True)
  rewrite = config.graph_options.rewrite_options
  rewrite.meta_optimizer_iterations = rewrite.ONE
  return config


def _session_master(cluster_spec, task_type, task_id, tf_config):
  if "session_master" in tf_config:
    return tf_config["session_master"]
  jobs = cluster_spec.jobs
  if len(jobs) == 1 and len(cluster_spec.job_tasks(jobs[0])) == 1:
    return _LOCAL_MASTER
  return _GRPC_SCHEME + cluster_spec.job_tasks(task_type)[task_id]


def _eval_session_master(task_type, tf_config):
  if task_type == TaskType.EVALUATOR:
    return tf_config.get("eval_session_master", _LOCAL_MASTER)
  return _LOCAL_MASTER


def _count_ps(cluster_spec):
  return len(cluster_spec.as_dict().get(TaskType.PS, []))


def _count_worker(cluster_spec, chief_task_type):
  jobs = cluster_spec.as_dict()
  return (len(jobs.get(TaskType.WORKER, []))
          + len(jobs.get(chief_task_type, [])))


def _validate_service(service):
  if service is not None and not isinstance(service, dict):
    raise errors.EstimatorTypeError(
        'If "service" is set in TF_CONFIG, it must be a dict. Given %s'
        % type(service))
  return service


def _validate_task_type_and_task_id(cluster_spec, task_env, chief_task_type):
  """`(task_type, task_id)` of `task_env`, checked against the cluster."""
  if chief_task_type not in cluster_spec.jobs:
    raise errors.EstimatorValueError(
        'If "cluster" is set in TF_CONFIG, it must have one "%s" node.'
        % chief_task_type)
  if len(cluster_spec.job_tasks(chief_task_type)) > 1:
    raise errors.EstimatorValueError(
        'The "cluster" in TF_CONFIG must have only one "%s" node.'
        % chief_task_type)
  task_type = task_env.get("type", None)
  task_id = task_env.get("index", None)
  if not task_type:
    raise errors.EstimatorValueError(
        'If "cluster" is set in TF_CONFIG, task type must be set.')
  if task_id is None:
    raise errors.EstimatorValueError(
        'If "cluster" is set in TF_CONFIG, task index must be set.')
  task_id = int(task_id)
  if task_id < 0:
    raise errors.EstimatorValueError("Task index must be non-negative number.")
  # An evaluator is outside the training cluster; any index is fine.
  if task_type == TaskType.EVALUATOR:
    return task_type, task_id
  if task_type not in cluster_spec.jobs:
    raise errors.EstimatorValueError(
        "%s is not a valid task_type in the cluster_spec:\n%s\n\n"
        "Note that these values may be coming from the TF_CONFIG environment "
        "variable." % (task_type, cluster_spec))
  if not 0 <= task_id < len(cluster_spec.job_tasks(task_type)):
    raise errors.EstimatorValueError(
        "%d is not a valid task_id for task_type %s in the cluster_spec:\n"
        "%s\n\nNote that these values may be coming from the TF_CONFIG "
        "environment variable." % (task_id, task_type, cluster_spec))
  return task_type, task_id


def _global_id_in_cluster(cluster_spec, task_type, task_id, chief_task_type):
  """The chief is 0, then other types alphabetically, then `ps`, by index."""
  ordered = [chief_task_type]
  ordered.extend(t for t in sorted(cluster_spec.jobs)
                 if t not in (chief_task_type, TaskType.PS))
  if TaskType.PS in cluster_spec.jobs:
    ordered.append(TaskType.PS)
  next_id = 0
  for t in ordered:
    if t == task_type:
      return next_id + task_id
    next_id += len(cluster_spec.job_tasks(t))
  raise errors.EstimatorValueError(
      "task_type %r is not in the cluster_spec %s." % (task_type, cluster_spec))


def _model_dir(tf_config, model_dir):
  """`model_dir`, or TF_CONFIG's, which must agree with it when both are set."""
  if model_dir == "":  # pylint: disable=g-explicit-bool-comparison
    raise errors.EstimatorValueError("model_dir should be non-empty.")
  from_tf_config = tf_config.get("model_dir")
  if from_tf_config == "":  # pylint: disable=g-explicit-bool-comparison
    raise errors.EstimatorValueError(
        "model_dir in TF_CONFIG should be non-empty.")
  if from_tf_config:
    if model_dir and from_tf_config != model_dir:
      raise errors.EstimatorValueError(
          "`model_dir` provided in RunConfig construct, if set, must have the "
          "same value as the model_dir in TF_CONFIG. model_dir: {}\n"
          "TF_CONFIG[\"model_dir\"]: {}.\n".format(model_dir, from_tf_config))
    _V1.logging.info("Using model_dir in TF_CONFIG: %s", from_tf_config)
  return model_dir or from_tf_config


def _load_tf_config():
  """`TF_CONFIG` as a dict (`{}` when unset).

  Raises:
    EstimatorValueError: it is not a JSON object (TF 1.15 let json's
      `ValueError` through); the message is one line.
  """
  text = os.environ.get(_TF_CONFIG_ENV) or "{}"
  try:
    tf_config = json.loads(text)
  except ValueError as error:
    raise errors.EstimatorValueError(
        "TF_CONFIG is not valid JSON (%s): %s" % (error, " ".join(
            text.split())[:120])) from None
  if not isinstance(tf_config, dict):
    raise errors.EstimatorValueError(
        "TF_CONFIG must be a JSON object, got %s" % " ".join(text.split())[:120])
  return tf_config


def _path_to_str(path):
  return os.fspath(path) if isinstance(path, os.PathLike) else path


def _validate_properties(config):
  """Raises TF 1.15's ValueError for the first invalid non-None property."""

  def check(name, condition, message):
    value = getattr(config, name)
    if value is not None and not condition(value):
      raise errors.EstimatorValueError(message)

  check("model_dir", lambda d: d, "model_dir should be non-empty")
  check("save_summary_steps", lambda s: s >= 0,
        "save_summary_steps should be >= 0")
  check("save_checkpoints_steps", lambda s: s >= 0,
        "save_checkpoints_steps should be >= 0")
  check("save_checkpoints_secs", lambda s: s >= 0,
        "save_checkpoints_secs should be >= 0")
  check("session_config", lambda c: isinstance(c, _V1.ConfigProto),
        "session_config must be instance of ConfigProto")
  check("keep_checkpoint_max", lambda k: k >= 0,
        "keep_checkpoint_max should be >= 0")
  check("keep_checkpoint_every_n_hours", lambda h: h > 0,
        "keep_checkpoint_every_n_hours should be > 0")
  check("log_step_count_steps", lambda n: n > 0,
        "log_step_count_steps should be > 0")
  check("tf_random_seed", lambda s: isinstance(s, int),
        "tf_random_seed must be integer.")
  check("experimental_max_worker_delay_secs", lambda d: isinstance(d, int),
        "experimental_max_worker_delay_secs must be an integer if set.")
  check("session_creation_timeout_secs", lambda t: t > 0,
        "session_creation_timeout_secs should be > 0")
  check("device_fn",
        lambda f: callable(f) and set(util.fn_args(f)) == {"op"},
        'device_fn must be callable with exactly one argument "op".')
  check("protocol", lambda p: p in (None, "grpc", "grpc+verbs"),
        "protocol should be grpc or grpc+verbs")


class RunConfig:
  """The configuration of an Estimator run.

  Args:
    model_dir: Where checkpoints and summaries go (a path or `PathLike`); None
      lets the `Estimator` choose (its own `model_dir`, else a temporary
      directory).
    tf_random_seed: The graph-level seed of every graph the Estimator builds.
    save_summary_steps: Write summaries every this many steps.
    save_checkpoints_steps: Save a checkpoint every this many steps.
    save_checkpoints_secs: Save a checkpoint every this many seconds (600 when
      neither this nor `save_checkpoints_steps` is given).
    session_config: A `tf.ConfigProto`, or None for the Estimator's default.
    keep_checkpoint_max: How many recent checkpoints to keep (0 or None: all).
    keep_checkpoint_every_n_hours: Also keep one checkpoint per this many
      hours.
    log_step_count_steps: Log loss and global step (and write
      `global_step/sec`) every this many steps.
    train_distribute: Stored only (see the module docstring).
    device_fn: `fn(op) -> device string`, overriding the default placement.
    protocol: None, `grpc` or `grpc+verbs`.
    eval_distribute: Stored only.
    experimental_distribute: Stored only.
    experimental_max_worker_delay_secs: An int, or None.
    session_creation_timeout_secs: How long workers wait for a session.

  Raises:
    EstimatorValueError: an invalid value, both checkpoint intervals set, or
      an invalid `TF_CONFIG`.
  """

  def __init__(self, model_dir=None, tf_random_seed=None,
               save_summary_steps=100, save_checkpoints_steps=_USE_DEFAULT,
               save_checkpoints_secs=_USE_DEFAULT, session_config=None,
               keep_checkpoint_max=5, keep_checkpoint_every_n_hours=10000,
               log_step_count_steps=100, train_distribute=None, device_fn=None,
               protocol=None, eval_distribute=None,
               experimental_distribute=None,
               experimental_max_worker_delay_secs=None,
               session_creation_timeout_secs=7200):
    steps_default = save_checkpoints_steps is _USE_DEFAULT
    secs_default = save_checkpoints_secs is _USE_DEFAULT
    if steps_default and secs_default:
      save_checkpoints_steps, save_checkpoints_secs = None, 600
    elif secs_default:
      save_checkpoints_secs = None
    elif steps_default:
      save_checkpoints_steps = None
    elif save_checkpoints_steps is not None and save_checkpoints_secs is not None:
      raise errors.EstimatorValueError(_SAVE_CKPT_ERR)

    tf_config = _load_tf_config()
    if tf_config:
      _V1.logging.info("TF_CONFIG environment variable: %s", tf_config)
    model_dir = _model_dir(tf_config, _path_to_str(model_dir))

    RunConfig._replace(
        self, allowed_properties_list=_DEFAULT_REPLACEABLE_LIST,
        model_dir=model_dir, tf_random_seed=tf_random_seed,
        save_summary_steps=save_summary_steps,
        save_checkpoints_steps=save_checkpoints_steps,
        save_checkpoints_secs=save_checkpoints_secs,
        session_config=session_config,
        keep_checkpoint_max=keep_checkpoint_max,
        keep_checkpoint_every_n_hours=keep_checkpoint_every_n_hours,
        log_step_count_steps=log_step_count_steps,
        train_distribute=train_distribute, device_fn=device_fn,
        protocol=protocol, eval_distribute=eval_distribute,
        experimental_distribute=experimental_distribute,
        experimental_max_worker_delay_secs=experimental_max_worker_delay_secs,
        session_creation_timeout_secs=session_creation_timeout_secs)
    self._init_distributed_setting_from_environment_var(tf_config)
    if not self._session_config and self._cluster_spec:
      RunConfig._replace(
          self, allowed_properties_list=_DEFAULT_REPLACEABLE_LIST,
          session_config=self._default_session_config_distributed())

  def _default_session_config_distributed(self):
    """Device filters so that each task talks to the parameter servers only."""
    if self._task_type == TaskType.MASTER:
      device_filters = ["/job:ps", "/job:master"]
    elif self._task_type == TaskType.CHIEF:
      device_filters = ["/job:ps", "/job:chief"]
    elif self._task_type == TaskType.WORKER:
      device_filters = ["/job:ps", "/job:worker/task:%d" % self._task_id]
    elif self._task_type == TaskType.PS:
      device_filters = ["/job:ps", "/job:worker", "/job:chief", "/job:master"]
    else:
      return None
    config = get_default_session_config()
    config.device_filters.extend(device_filters)
    return config

  def _init_distributed_setting_from_environment_var(self, tf_config):
    self._service = _validate_service(tf_config.get("service"))
    self._cluster_spec = _V1.train.ClusterSpec(tf_config.get("cluster", {}))
    task_env = tf_config.get("task", {})
    if self._cluster_spec and TaskType.MASTER in self._cluster_spec.jobs:
      self._init_distributed_setting_with_master(tf_config)
      return
    if not self._cluster_spec:
      self._task_type = task_env.get("type", TaskType.WORKER)
      self._task_id = int(task_env.get("index", 0))
      self._global_id_in_cluster = 0
      if self._task_type != TaskType.WORKER:
        raise errors.EstimatorValueError(
            'If "cluster" is not set in TF_CONFIG, task type must be WORKER.')
      if self._task_id != 0:
        raise errors.EstimatorValueError(
            'If "cluster" is not set in TF_CONFIG, task index must be 0.')
      self._master = tf_config.get("session_master", _LOCAL_MASTER)
      self._evaluation_master = tf_config.get("eval_session_master",
                                              _LOCAL_MASTER)
      self._is_chief = True
      self._num_ps_replicas = 0
      self._num_worker_replicas = 1
      return
    self._task_type, self._task_id = _validate_task_type_and_task_id(
        self._cluster_spec, task_env, TaskType.CHIEF)
    self._evaluation_master = _eval_session_master(self._task_type, tf_config)
    if self._task_type == TaskType.EVALUATOR:
      self._cluster_spec = _V1.train.ClusterSpec({})
      self._master = _LOCAL_MASTER
      self._num_ps_replicas = 0
      self._num_worker_replicas = 0
      self._global_id_in_cluster = None
    else:
      self._master = _session_master(self._cluster_spec, self._task_type,
                                     self._task_id, tf_config)
      self._num_ps_replicas = _count_ps(self._cluster_spec)
      self._num_worker_replicas = _count_worker(self._cluster_spec,
                                                TaskType.CHIEF)
      self._global_id_in_cluster = _global_id_in_cluster(
          self._cluster_spec, self._task_type, self._task_id, TaskType.CHIEF)
    self._is_chief = self._task_type == TaskType.CHIEF

  def _init_distributed_setting_with_master(self, tf_config):
    """The legacy layout, whose chief is the one `master` task."""
    if TaskType.CHIEF in self._cluster_spec.jobs:
      raise errors.EstimatorValueError(
          "If `master` node exists in `cluster`, job `chief` is not supported.")
    self._task_type, self._task_id = _validate_task_type_and_task_id(
        self._cluster_spec, tf_config.get("task", {}), TaskType.MASTER)
    if self._task_type == TaskType.EVALUATOR:
      raise errors.EstimatorValueError(
          "If `master` node exists in `cluster`, task_type `evaluator` is not "
          "supported.")
    self._global_id_in_cluster = _global_id_in_cluster(
        self._cluster_spec, self._task_type, self._task_id, TaskType.MASTER)
    self._master = _session_master(self._cluster_spec, self._task_type,
                                   self._task_id, tf_config)
    self._evaluation_master = _eval_session_master(self._task_type, tf_config)
    self._num_ps_replicas = _count_ps(self._cluster_spec)
    self._num_worker_replicas = _count_worker(self._cluster_spec,
                                              TaskType.MASTER)
    self._is_chief = self._task_type == TaskType.MASTER

  cluster_spec = property(lambda self: self._cluster_spec)
  device_fn = property(lambda self: self._device_fn,
                       doc="`fn(op) -> device`, or None for the default.")
  evaluation_master = property(lambda self: self._evaluation_master)
  is_chief = property(lambda self: self._is_chief)
  master = property(lambda self: self._master)
  num_ps_replicas = property(lambda self: self._num_ps_replicas)
  num_worker_replicas = property(lambda self: self._num_worker_replicas)
  task_id = property(lambda self: self._task_id)
  task_type = property(lambda self: self._task_type)
  global_id_in_cluster = property(
      lambda self: self._global_id_in_cluster,
      doc="This task's index among all training tasks (chief first, then "
          "other types alphabetically, `ps` last); None for an evaluator.")
  experimental_max_worker_delay_secs = property(
      lambda self: self._experimental_max_worker_delay_secs)
  tf_random_seed = property(lambda self: self._tf_random_seed)
  save_summary_steps = property(lambda self: self._save_summary_steps)
  save_checkpoints_secs = property(lambda self: self._save_checkpoints_secs)
  save_checkpoints_steps = property(lambda self: self._save_checkpoints_steps)
  session_config = property(lambda self: self._session_config)
  keep_checkpoint_max = property(lambda self: self._keep_checkpoint_max)
  keep_checkpoint_every_n_hours = property(
      lambda self: self._keep_checkpoint_every_n_hours)
  log_step_count_steps = property(lambda self: self._log_step_count_steps)
  session_creation_timeout_secs = property(
      lambda self: self._session_creation_timeout_secs)
  model_dir = property(lambda self: self._model_dir)
  service = property(lambda self: self._service,
                     doc="TF_CONFIG's `service` dict, or None.")
  train_distribute = property(lambda self: self._train_distribute)
  eval_distribute = property(lambda self: self._eval_distribute)
  experimental_distribute = property(
      lambda self: self._experimental_distribute)
  protocol = property(lambda self: self._protocol)

  def replace(self, **kwargs):
    """A copy with some properties replaced (those `__init__` takes).

    Setting one of `save_checkpoints_steps`/`save_checkpoints_secs` to a value
    turns the other off; setting both to values is an error.

    Raises:
      EstimatorValueError: an unknown or non-replaceable property, or an
        invalid value.
    """
    return RunConfig._replace(copy.deepcopy(self),
                              allowed_properties_list=_DEFAULT_REPLACEABLE_LIST,
                              **kwargs)

  @staticmethod
  def _replace(config, allowed_properties_list=None, **kwargs):
    allowed = allowed_properties_list or []
    for key, value in kwargs.items():
      if key not in allowed:
        raise errors.EstimatorValueError(
            "Replacing {} is not supported. Allowed properties are {}.".format(
                key, allowed))
      setattr(config, "_" + key, value)
    steps = config._save_checkpoints_steps  # pylint: disable=protected-access
    secs = config._save_checkpoints_secs  # pylint: disable=protected-access
    if "save_checkpoints_steps" in kwargs and "save_checkpoints_secs" in kwargs:
      if steps is not None and secs is not None:
        raise errors.EstimatorValueError(_SAVE_CKPT_ERR)
    elif "save_checkpoints_steps" in kwargs and steps is not None:
      config._save_checkpoints_secs = None  # pylint: disable=protected-access
    elif "save_checkpoints_secs" in kwargs and secs is not None:
      config._save_checkpoints_steps = None  # pylint: disable=protected-access
    _validate_properties(config)
    return config
