"""`tf.estimator.train_and_evaluate`, `TrainSpec`, `EvalSpec`, as in TF 1.15.

`train_and_evaluate(estimator, train_spec, eval_spec)` builds a
`_TrainingExecutor`, which runs the role `estimator.config` gives this process:

* locally (no cluster in `TF_CONFIG`): one `Estimator.train` call up to
  `TrainSpec.max_steps`, with a checkpoint listener that evaluates each new
  checkpoint (written per `RunConfig.save_checkpoints_steps/secs`), at most
  once every `EvalSpec.throttle_secs`, runs the `EvalSpec.exporters` after each
  evaluation, and evaluates the last checkpoint when training ends (so the
  final evaluation is at `max_steps`). It returns `(eval_result,
  export_results)`: the last evaluation's metrics and the exporters' results
  for it, as TF 1.15 did. The checkpoint written when training starts is not
  evaluated; `start_delay_secs` only delays a distributed evaluator;
* in a cluster (between-graph replication with parameter servers, TF 1.15's
  default), `run_<task type>`, each returning None:

  - `ps`: starts this task's `tf.train.Server` and serves the variables until
    the process is stopped (`server.join()`);
  - `chief`, `worker`: start the server, then (workers only) wait
    `min(60, 5 * (task index + 1))` seconds -- at most
    `RunConfig.experimental_max_worker_delay_secs` -- and call
    `Estimator.train(max_steps=TrainSpec.max_steps)` against the server. The
    Estimator follows the `RunConfig` (see `estimator.py`): variables on the
    `ps` tasks, only the chief initializes, checkpoints and writes summaries,
    workers train asynchronously on the shared variables (synchronously when
    the `model_fn` wraps its optimizer in `SyncReplicasOptimizer` and returns
    its hook in `training_hooks`, as TF 1.x programs did; closing the chief's
    session then waits `estimator.CLUSTER_STOP_GRACE_SECS`, not 120 s, for
    the optimizer's token thread);
  - `master` (the legacy layout): as the chief, and it also evaluates and
    exports each new checkpoint, throttled, as the local run does;
  - `evaluator` (no server; outside the cluster): waits
    `EvalSpec.start_delay_secs`, then evaluates `model_dir`'s latest
    checkpoint if it is new, runs the exporters, and waits out the rest of
    `throttle_secs`, until it has evaluated a checkpoint at or past
    `max_steps`. Unlike TF 1.15, which waited for ever when the chief died, it
    gives up with `EvaluatorTimeoutError` (one line, exit status 1) when no new
    checkpoint has appeared for `evaluator_idle_timeout_secs`: the largest of
    `EVALUATOR_IDLE_TIMEOUT_SECS` (one hour), three times
    `RunConfig.save_checkpoints_secs` and three times `throttle_secs`.

Faults, with TF 1.15's behaviour unless said otherwise: a worker that dies
leaves the others training (they talk to the parameter servers only);
restarted with the same `TF_CONFIG`, it joins again. A chief that dies leaves
the workers training (nobody checkpoints meanwhile); restarted, it restores
its last checkpoint -- onto the parameter servers too -- and goes on. A
parameter server that dies makes every training task fail within about
`estimator.TASK_RECONNECT_TIMEOUT_SECS` (30 s) with a one-line
`TaskUnreachableError` naming it and exit status 1 (TF 1.15 waited for it for
ever); restart the whole job, and the chief resumes from its last checkpoint.

Validation, one error each: an unknown task type, task type `local`, an
`evaluator` task with an index other than 0 (TF 1.15's messages); a cluster
of several training tasks without `ps` tasks (each would keep its own
variables, and the workers would wait hours for the chief to initialize
them); a config a server cannot start from, or a port that is taken
(`ServerStartError`, TF 1.15's `RuntimeError`).
"""

import collections
import json
import os
import time

import tensorflow as tf

from tf1_compat.estimator import errors
from tf1_compat.estimator import estimator as estimator_lib
from tf1_compat.estimator import exporter as exporter_lib
from tf1_compat.estimator import run_config as run_config_lib
from tf1_compat.training import distributed

_V1 = tf.compat.v1
_GLOBAL_STEP_KEY = _V1.GraphKeys.GLOBAL_STEP
_TaskType = run_config_lib.TaskType
# How often a repeated "no checkpoint to evaluate" warning may be logged.
_WARNING_INTERVAL_SECS = 600
# Worker i waits min(_MAX_DELAY_SECS, (i + 1) * _DELAY_SECS_PER_WORKER) s.
_MAX_DELAY_SECS = 60
_DELAY_SECS_PER_WORKER = 5
_TRAINER_JOBS = (_TaskType.CHIEF, _TaskType.MASTER, _TaskType.WORKER)
_TF_CONFIG_ENV = "TF_CONFIG"
# The least time an evaluator waits for a new checkpoint before it gives up.
EVALUATOR_IDLE_TIMEOUT_SECS = 3600


# This task's server could not start: the `RunConfig` lacks what it needs
# (TF 1.15's `RuntimeError`, with the same messages) or its port is taken.
ServerStartError = distributed.ServerStartError


class EvaluatorTimeoutError(estimator_lib.ClusterTaskError):
  """No new checkpoint appeared for the evaluator's idle timeout.

  The chief died (or training ended by its input before `max_steps`); TF
  1.15's evaluator waited for ever.
  """


def _validate_input_fn(input_fn):
  if not callable(input_fn):
    raise errors.EstimatorTypeError(
        "`input_fn` must be callable, given: {}".format(input_fn))


def _validate_hooks(hooks):
  hooks = tuple(hooks or [])
  for hook in hooks:
    if not isinstance(hook, _V1.train.SessionRunHook):
      raise errors.EstimatorTypeError(
          "All hooks must be `SessionRunHook` instances, given: {}".format(
              hook))
  return hooks


def _validate_exporters(exporters):
  """`exporters` as a tuple of uniquely, non-emptily named `Exporter`s."""
  if not exporters:
    return ()
  if isinstance(exporters, exporter_lib.Exporter):
    exporters = [exporters]
  type_error = errors.EstimatorTypeError(
      "`exporters` must be an Exporter, an iterable of Exporter, or `None`, "
      "found %s." % (exporters,))
  try:
    exporters = list(exporters)
  except TypeError as e:
    raise type_error from e
  names = []
  for exporter in exporters:
    if not isinstance(exporter, exporter_lib.Exporter):
      raise type_error
    if not exporter.name:
      raise errors.EstimatorValueError(
          "An Exporter cannot have a name that is `None` or empty. All "
          "exporter names: {}".format([e.name for e in exporters]))
    if not isinstance(exporter.name, str):
      raise errors.EstimatorValueError(
          "An Exporter must have a string name. Given: {}".format(
              type(exporter.name)))
    if exporter.name in names:
      raise errors.EstimatorValueError(
          "`exporters` must have unique names. Such a name cannot be `None`. "
          "All exporter names: {}".format([e.name for e in exporters]))
    names.append(exporter.name)
  return tuple(exporters)


class TrainSpec(collections.namedtuple(
    "TrainSpec", ["input_fn", "max_steps", "hooks"])):
  """What `train_and_evaluate` trains on, and for how long.

  Attributes:
    input_fn: The training `input_fn`.
    max_steps: The global step training stops at; None trains until the
      input ends (or forever).
    hooks: `SessionRunHook`s run while training.
  """

  def __new__(cls, input_fn, max_steps=None, hooks=None):
    _validate_input_fn(input_fn)
    if max_steps is not None and max_steps <= 0:
      raise errors.EstimatorValueError(
          "Must specify max_steps > 0, given: {}".format(max_steps))
    return super().__new__(cls, input_fn=input_fn, max_steps=max_steps,
                           hooks=_validate_hooks(hooks))


class EvalSpec(collections.namedtuple("EvalSpec", [
    "input_fn", "steps", "name", "hooks", "exporters", "start_delay_secs",
    "throttle_secs"])):
  """What `train_and_evaluate` evaluates on, how often, and what it exports.

  Attributes:
    input_fn: The evaluation `input_fn`.
    steps: Batches per evaluation (100); None until the input ends.
    name: The evaluation's name (results in `model_dir/eval_<name>`).
    hooks: `SessionRunHook`s run while evaluating.
    exporters: `Exporter`s (or one) run after each evaluation.
    start_delay_secs: How long a distributed evaluator waits before its first
      evaluation.
    throttle_secs: The least time between two evaluations (a new checkpoint
      within it is not evaluated).
  """

  def __new__(cls, input_fn, steps=100, name=None, hooks=None, exporters=None,
              start_delay_secs=120, throttle_secs=600):
    _validate_input_fn(input_fn)
    if steps is not None and steps <= 0:
      raise errors.EstimatorValueError(
          "Must specify steps > 0, given: {}".format(steps))
    if name is not None and not isinstance(name, str):
      raise errors.EstimatorTypeError(
          "`name` must be string, given: {}".format(name))
    hooks = _validate_hooks(hooks)
    exporters = _validate_exporters(exporters)
    if start_delay_secs < 0:
      raise errors.EstimatorValueError(
          "Must specify start_delay_secs >= 0, given: {}".format(
              start_delay_secs))
    if throttle_secs < 0:
      raise errors.EstimatorValueError(
          "Must specify throttle_secs >= 0, given: {}".format(throttle_secs))
    return super().__new__(
        cls, input_fn=input_fn, steps=steps, name=name, hooks=hooks,
        exporters=exporters, start_delay_secs=start_delay_secs,
        throttle_secs=throttle_secs)


def _assert_eval_spec(eval_spec):
  if not isinstance(eval_spec, EvalSpec):
    raise errors.EstimatorTypeError(
        "`eval_spec` must have type `tf.estimator.EvalSpec`. Got: {}".format(
            type(eval_spec)))


def train_and_evaluate(estimator, train_spec, eval_spec):
  """Trains, evaluates and exports `estimator` as its `RunConfig` says.

  Without a cluster in `TF_CONFIG` it trains locally and evaluates each new
  checkpoint; in a cluster it runs this task's role (see the module
  docstring).

  Args:
    estimator: A `tf.estimator.Estimator` (canned or not).
    train_spec: A `TrainSpec`.
    eval_spec: An `EvalSpec`.

  Returns:
    Locally, `(eval_result, export_results)`: the last evaluation's metrics
    dict (None if nothing was evaluated) and the list of the exporters'
    results for it. In a cluster, None (TF 1.15: undefined).

  Raises:
    EstimatorTypeError: a spec or the estimator has the wrong type.
    EstimatorValueError: an `evaluator` task with an id other than 0, an
      unknown task type, or several training tasks without `ps`.
    ServerStartError: the config cannot start this task's server, or its
      port is taken.
    TaskUnreachableError: (from a training task) a task the session needs
      stopped answering.
    EvaluatorTimeoutError: (from the evaluator) no new checkpoint for its
      idle timeout.
  """
  _assert_eval_spec(eval_spec)
  executor = _TrainingExecutor(estimator=estimator, train_spec=train_spec,
                               eval_spec=eval_spec)
  config = estimator.config
  if config.task_type == _TaskType.EVALUATOR and config.task_id > 0:
    raise errors.EstimatorValueError(
        "For distributed training, there can only be one `evaluator` task "
        "(with task id 0).  Given task id {}".format(config.task_id))
  return executor.run()


class _EvalStatus:
  """Whether `_Evaluator.evaluate_and_export` evaluated anything."""
  EVALUATED = "evaluated"
  MISSING_CHECKPOINT = "missing checkpoint"
  NO_NEW_CHECKPOINT = "no new checkpoint"


class _EvalResult(collections.namedtuple(
    "EvalResult", ["status", "metrics", "checkpoint_path"])):
  """One evaluation: its status, metrics and checkpoint (checked as TF 1.15)."""

  def __new__(cls, status, metrics=None, checkpoint_path=None):
    if status != _EvalStatus.EVALUATED:
      if metrics:
        raise errors.EstimatorValueError(
            "metrics must be `None` if status is not {}; got status {}, "
            "metrics {}".format(_EvalStatus.EVALUATED, status, metrics))
      if checkpoint_path:
        raise errors.EstimatorValueError(
            "checkpoint must be `None` if status is not {}; got status {}, "
            "checkpoint_path {}".format(_EvalStatus.EVALUATED, status,
                                        checkpoint_path))
      return super().__new__(cls, status, metrics, checkpoint_path)
    if not metrics:
      raise errors.EstimatorValueError(
          "Internal error: `Estimator.evaluate` should never return empty "
          "metrics.")
    if not isinstance(metrics, dict):
      raise errors.EstimatorTypeError(
          "`Estimator.evaluate` should return dict. Given {}.".format(
              type(metrics)))
    if _GLOBAL_STEP_KEY not in metrics:
      raise errors.EstimatorValueError(
          "Internal error: `Estimator.evaluate` result should have "
          "`global_step` in result. Given {}".format(metrics))
    if not checkpoint_path:
      raise errors.EstimatorValueError(
          "Internal error: `checkpoint_path` should never be empty.")
    return super().__new__(cls, status, metrics, checkpoint_path)


class _ContinuousEvalListener:
  """Hooks around each evaluation; returning False stops the loop."""

  def before_eval(self):
    """Called before an evaluation; False stops training and evaluation."""
    return True

  def after_eval(self, eval_result):
    """Called with each `_EvalResult`; False stops training and evaluation."""
    del eval_result  # The default listener never stops.
    return True


class _Evaluator:
  """Evaluates the latest checkpoint (once per checkpoint) and exports."""

  def __init__(self, estimator, eval_spec, max_training_steps):
    _assert_eval_spec(eval_spec)
    self._estimator = estimator
    self._eval_spec = eval_spec
    self._max_training_steps = max_training_steps
    self._is_final_export_triggered = False
    self._previous_ckpt_path = None
    self._last_warning_time = 0

  @property
  def is_final_export_triggered(self):
    return self._is_final_export_triggered

  def evaluate_and_export(self):
    """`(_EvalResult, export results)` for the latest checkpoint, if new."""
    latest_ckpt_path = self._estimator.latest_checkpoint()
    if not latest_ckpt_path:
      self._log_err_msg("Estimator is not trained yet. Will start an "
                        "evaluation when a checkpoint is ready.")
      return _EvalResult(status=_EvalStatus.MISSING_CHECKPOINT), []
    if latest_ckpt_path == self._previous_ckpt_path:
      self._log_err_msg(
          "No new checkpoint ready for evaluation. Skip the current "
          "evaluation pass as evaluation results are expected to be same for "
          "the same checkpoint.")
      return _EvalResult(status=_EvalStatus.NO_NEW_CHECKPOINT), []
    metrics = self._estimator.evaluate(
        input_fn=self._eval_spec.input_fn, steps=self._eval_spec.steps,
        name=self._eval_spec.name, checkpoint_path=latest_ckpt_path,
        hooks=self._eval_spec.hooks)
    eval_result = _EvalResult(status=_EvalStatus.EVALUATED, metrics=metrics,
                              checkpoint_path=latest_ckpt_path)
    is_the_final_export = bool(
        self._max_training_steps
        and eval_result.metrics[_GLOBAL_STEP_KEY] >= self._max_training_steps)
    export_results = self._export_eval_result(eval_result,
                                              is_the_final_export)
    if is_the_final_export:
      _V1.logging.debug(
          "Calling exporter with the `is_the_final_export=True`.")
      self._is_final_export_triggered = True
    self._last_warning_time = 0
    self._previous_ckpt_path = latest_ckpt_path
    return eval_result, export_results

  def _log_err_msg(self, message):
    now = time.time()
    if now - self._last_warning_time > _WARNING_INTERVAL_SECS:
      _V1.logging.warning(message)
      self._last_warning_time = now

  def _export_eval_result(self, eval_result, is_the_final_export):
    export_dir_base = os.path.join(_as_str(self._estimator.model_dir),
                                   "export")
    return [
        exporter.export(
            estimator=self._estimator,
            export_path=os.path.join(export_dir_base, _as_str(exporter.name)),
            checkpoint_path=eval_result.checkpoint_path,
            eval_result=eval_result.metrics,
            is_the_final_export=is_the_final_export)
        for exporter in self._eval_spec.exporters]


def _as_str(value):
  """`value` as text: bytes decoded, anything else through `str` (TF 1.15's
  `compat.as_str_any`, so a `model_dir` given as bytes or a path works)."""
  if isinstance(value, bytes):
    return value.decode("utf-8")
  return str(value)


class _NewCheckpointListenerForEvaluate(_V1.train.CheckpointSaverListener):
  """Evaluates (and exports) after a checkpoint save, throttled.

  The save when training starts is skipped; the save when it ends is
  evaluated unless that step was just evaluated.
  """

  def __init__(self, evaluator, eval_throttle_secs, continuous_eval_listener):
    self._evaluator = evaluator
    self._eval_throttle_secs = eval_throttle_secs
    self._continuous_eval_listener = continuous_eval_listener
    self.eval_result, self.export_results = None, None
    self._timer = None
    self._is_first_run = True

  def begin(self):
    self._timer = _V1.train.SecondOrStepTimer(
        every_secs=self._eval_throttle_secs)
    self._is_first_run = True

  def after_save(self, session, global_step_value):
    del session  # Evaluation runs in a graph of its own.
    if self._is_first_run:
      self._is_first_run = False
      return None
    if not self._continuous_eval_listener.before_eval():
      _V1.logging.info("Exiting training and evaluation loop, as requested by "
                       "_ContinuousEvalListener.before_eval.")
      return True
    if self._timer.should_trigger_for_step(global_step_value):
      self._evaluate(global_step_value)
      if not self._continuous_eval_listener.after_eval(self.eval_result):
        _V1.logging.info("Exiting evaluation, as requested by "
                         "_ContinuousEvalListener.after_eval.")
        return True
    else:
      _V1.logging.info(
          "Skip the current checkpoint eval due to throttle secs ({} secs)."
          .format(self._eval_throttle_secs))
    return None

  def end(self, session, global_step_value):
    del session  # Evaluation runs in a graph of its own.
    if global_step_value != self._timer.last_triggered_step():
      if self._continuous_eval_listener.before_eval():
        self._evaluate(global_step_value)
        self._continuous_eval_listener.after_eval(self.eval_result)

  def _evaluate(self, global_step_value):
    self._timer.update_last_triggered_step(global_step_value)
    self.eval_result, self.export_results = (
        self._evaluator.evaluate_and_export())
    if self.eval_result.status != _EvalStatus.EVALUATED:
      raise errors.NoNewCheckpointError(
          "There was no new checkpoint after the training. Eval status: {}"
          .format(self.eval_result.status))


class _TrainingExecutor:
  """Runs the training, evaluation and export of one process's role.

  `run` dispatches on `estimator.config.task_type`: no cluster means
  `run_local`; otherwise `run_<task type>` (`run_chief`, `run_worker`,
  `run_master`, `run_evaluator`, `run_ps`; see the module docstring). A
  subclass may add roles as `run_<type>` methods, as in TF 1.15.

  Args:
    estimator: A `tf.estimator.Estimator`.
    train_spec: A `TrainSpec`.
    eval_spec: An `EvalSpec`, or None for roles that only train.
    train_hooks: More training hooks (beyond `train_spec.hooks`).
    continuous_eval_listener: A `_ContinuousEvalListener` consulted around
      each evaluation.
  """

  def __init__(self, estimator, train_spec, eval_spec, train_hooks=None,
               continuous_eval_listener=None):
    if not isinstance(estimator, estimator_lib.Estimator):
      raise errors.EstimatorTypeError(
          "`estimator` must have type `tf.estimator.Estimator`. Got: {}"
          .format(type(estimator)))
    if not isinstance(train_spec, TrainSpec):
      raise errors.EstimatorTypeError(
          "`train_spec` must have type `tf.estimator.TrainSpec`. Got: {}"
          .format(type(train_spec)))
    if eval_spec and not isinstance(eval_spec, EvalSpec):
      raise errors.EstimatorTypeError(
          "`eval_spec` must be either `None` or have type "
          "`tf.estimator.EvalSpec`. Got: {}".format(type(eval_spec)))
    if (continuous_eval_listener and not isinstance(
        continuous_eval_listener, _ContinuousEvalListener)):
      raise errors.EstimatorTypeError(
          "`continuous_eval_listener` must have type "
          "`_ContinuousEvalListener`.")
    self._estimator = estimator
    self._train_spec = train_spec
    self._eval_spec = eval_spec
    self._train_hooks = _validate_hooks(train_hooks)
    self._continuous_eval_listener = (continuous_eval_listener
                                      or _ContinuousEvalListener())
    self._server = None

  @property
  def estimator(self):
    return self._estimator

  def run(self):
    """Runs this process's role; see the class docstring.

    Raises:
      EstimatorValueError: a cluster without a task type, task type `local`,
        or a task type with no `run_<type>` (TF 1.15's messages); several
        training tasks without `ps`.
    """
    config = self._estimator.config
    if (not config.cluster_spec
        and config.task_type != _TaskType.EVALUATOR):
      _V1.logging.info(
          "Running training and evaluation locally (non-distributed).")
      return self.run_local()
    if not config.task_type:
      raise errors.EstimatorValueError(
          "`estimator.config` must have task_type set. This usually means "
          "TF_CONFIG environment is not set correctly.")
    if config.task_type == "local":
      raise errors.EstimatorValueError(
          "`task.type` in TF_CONFIG cannot be `local`. Leaving `cluster` and "
          "`task` properties in TF_CONFIG absent triggers train and evaluate "
          "`Estimator` locally (non-distributed).")
    available_tasks = [
        name for name in dir(self)
        if name.startswith("run_") and name != "run_local"
        and callable(getattr(self, name))]
    task_to_run = "run_" + config.task_type
    if task_to_run not in available_tasks:
      raise errors.EstimatorValueError(
          "Task type {} is not supported. Supported task types are {}".format(
              config.task_type, [x[len("run_"):] for x in available_tasks]))
    _validate_cluster(config)
    return getattr(self, task_to_run)()

  def run_local(self):
    """Trains to `max_steps`, evaluating and exporting each new checkpoint.

    Returns:
      `(metrics of the last evaluation or None, the exporters' results)`.
    """
    _assert_eval_spec(self._eval_spec)
    train_hooks = list(self._train_spec.hooks) + list(self._train_hooks)
    config = self._estimator.config
    _V1.logging.info(
        "Start train and evaluate loop. The evaluate will happen after every "
        "checkpoint. Checkpoint frequency is determined based on RunConfig "
        "arguments: save_checkpoints_steps {} or save_checkpoints_secs {}."
        .format(config.save_checkpoints_steps, config.save_checkpoints_secs))
    evaluator = _Evaluator(self._estimator, self._eval_spec,
                           self._train_spec.max_steps)
    listener_for_eval = _NewCheckpointListenerForEvaluate(
        evaluator, self._eval_spec.throttle_secs,
        self._continuous_eval_listener)
    self._estimator.train(input_fn=self._train_spec.input_fn,
                          max_steps=self._train_spec.max_steps,
                          hooks=train_hooks,
                          saving_listeners=[listener_for_eval])
    eval_result = listener_for_eval.eval_result or _EvalResult(
        status=_EvalStatus.MISSING_CHECKPOINT)
    return eval_result.metrics, listener_for_eval.export_results

  def run_chief(self):
    """Trains as the chief: initializes, checkpoints, writes summaries."""
    self._start_distributed_training()

  def run_worker(self):
    """Trains as a (non-chief) worker, after its start delay."""
    self._start_distributed_training()

  def run_master(self):
    """Trains as the master (the legacy chief), evaluating each checkpoint.

    The evaluation and export run in the master's process, after each
    checkpoint save that `throttle_secs` lets through and after the last one,
    as `run_local` does.
    """
    _assert_eval_spec(self._eval_spec)
    evaluator = _Evaluator(self._estimator, self._eval_spec,
                           self._train_spec.max_steps)
    self._start_distributed_training(saving_listeners=[
        _NewCheckpointListenerForEvaluate(
            evaluator, self._eval_spec.throttle_secs,
            _ContinuousEvalListener())])

  def run_evaluator(self):
    """Evaluates and exports new checkpoints until `max_steps` is evaluated.

    Raises:
      EvaluatorTimeoutError: no new checkpoint for the idle timeout.
    """
    self._start_continuous_evaluation()

  def run_ps(self):
    """Serves variables as a parameter server until the process is stopped."""
    server = self._start_std_server(self._estimator.config)
    server.join()

  def _start_std_server(self, config):
    """Starts and returns this task's `tf.train.Server`.

    Returns:
      The server, or None for a cluster of one training task, which trains
      without one (its `master` is empty).

    Raises:
      ServerStartError: no cluster, task type or task id; or no `master`
        in a cluster of more than one task.
    """
    if (not config.cluster_spec or not config.task_type
        or config.task_id is None):
      raise ServerStartError(
          "Could not start server; be sure to specify cluster_spec, "
          "task_type, and task in RunConfig or set the TF_CONFIG environment "
          "variable.")
    if not config.master:
      jobs = config.cluster_spec.jobs
      if (len(jobs) == 1 and len(config.cluster_spec.job_tasks(jobs[0])) == 1
          and config.task_type in _TRAINER_JOBS):
        _V1.logging.info("Skip starting Tensorflow server as there is only "
                         "one node in the cluster.")
        return None
      raise ServerStartError(
          "Could not start server; be sure to specify master in RunConfig or "
          "set the TF_CONFIG environment variable.")
    _V1.logging.info("Start Tensorflow server.")
    server_config = _V1.ConfigProto(log_device_placement=False)
    if config.session_config is not None:
      server_config.gpu_options.CopyFrom(config.session_config.gpu_options)
    return distributed.start_server(
        config.cluster_spec, config.task_type, config.task_id,
        config=server_config, protocol=config.protocol)

  def _start_distributed_training(self, saving_listeners=None):
    """Starts the server, waits the worker delay, trains to `max_steps`."""
    config = self._estimator.config
    # The server starts before the delay, so that the other tasks can connect
    # meanwhile. Kept referenced for as long as this task trains.
    self._server = (None if _is_google_env()
                    else self._start_std_server(config))
    start_delay_secs = _worker_start_delay_secs(config)
    if start_delay_secs > 0:
      _V1.logging.info("Waiting %d secs before starting training.",
                       start_delay_secs)
      time.sleep(start_delay_secs)
    self._estimator.train(
        input_fn=self._train_spec.input_fn,
        max_steps=self._train_spec.max_steps,
        hooks=list(self._train_spec.hooks) + list(self._train_hooks),
        saving_listeners=saving_listeners)

  def _start_continuous_evaluation(self):
    """Evaluates new checkpoints, throttled, until `max_steps` is evaluated."""
    _assert_eval_spec(self._eval_spec)
    config = self._estimator.config
    start_delay_secs = self._eval_spec.start_delay_secs
    if start_delay_secs:
      _V1.logging.info("Waiting %f secs before starting eval.",
                       start_delay_secs)
      time.sleep(start_delay_secs)
    evaluator = _Evaluator(self._estimator, self._eval_spec,
                           self._train_spec.max_steps)
    latest_evaluated = None
    # The idle time runs from the start of the pass that evaluated the latest
    # new checkpoint (before that, of the first pass). A pass reads the clock
    # twice, as TF 1.15's did: at its start and before it throttles.
    idle_since = None
    while True:
      if latest_evaluated is not None:
        global_step = latest_evaluated.metrics.get(_GLOBAL_STEP_KEY)
        if (global_step and self._train_spec.max_steps
            and global_step >= self._train_spec.max_steps):
          _V1.logging.info(
              "Exiting evaluation, global_step=%s >= train max_steps=%s",
              global_step, self._train_spec.max_steps)
          return
      started = time.time()
      if idle_since is None:
        idle_since = started
      idle_secs = started - idle_since
      # The timeout is at least EVALUATOR_IDLE_TIMEOUT_SECS: `config` is read
      # only once the evaluator has been idle that long.
      if (idle_secs >= EVALUATOR_IDLE_TIMEOUT_SECS and
          idle_secs >= evaluator_idle_timeout_secs(config, self._eval_spec)):
        raise EvaluatorTimeoutError(
            "evaluator: no new checkpoint in %s for %d s (the idle timeout: "
            "the largest of %d s, 3 * save_checkpoints_secs and 3 * "
            "throttle_secs); the last one evaluated is %s, max_steps is %s. "
            "The chief seems to have stopped; ending the evaluation."
            % (self._estimator.model_dir, idle_secs,
               EVALUATOR_IDLE_TIMEOUT_SECS,
               ("at global step %s" % latest_evaluated.metrics.get(
                   _GLOBAL_STEP_KEY)) if latest_evaluated else "none",
               self._train_spec.max_steps))
      eval_result, should_early_stop = self._execute_evaluator_once(
          evaluator, self._continuous_eval_listener,
          self._eval_spec.throttle_secs, started=started)
      if should_early_stop:
        return
      if eval_result.status == _EvalStatus.EVALUATED:
        latest_evaluated = eval_result
        idle_since = started

  def _execute_evaluator_once(self, evaluator, continuous_eval_listener,
                              throttle_secs, started=None):
    """One pass: `(eval_result or None, whether a listener stopped it)`.

    Evaluates and exports the latest checkpoint if it is new, then sleeps for
    what remains of `throttle_secs` since `started` (the pass's start time,
    read now if not given).
    """
    start = time.time() if started is None else started
    if not continuous_eval_listener.before_eval():
      _V1.logging.info("Exiting evaluation, as requested by "
                       "_ContinuousEvalListener.before_eval.")
      return None, True
    # An evaluation at or past max_steps is the final export; the loop then
    # ends on the same global step.
    eval_result, _ = evaluator.evaluate_and_export()
    if not continuous_eval_listener.after_eval(eval_result):
      _V1.logging.info("Exiting evaluation, as requested by "
                       "_ContinuousEvalListener.after_eval.")
      return eval_result, True
    difference = throttle_secs - (time.time() - start)
    if difference > 0:
      _V1.logging.info("Waiting %f secs before starting next eval run.",
                       difference)
      time.sleep(difference)
    elif throttle_secs == 0 and eval_result.status != _EvalStatus.EVALUATED:
      _V1.logging.warning(
          "EvalSpec.throttle_secs is set as 0. This might overload the job "
          "before finding (next) new checkpoint. Please consider to increase "
          "it.")
    return eval_result, False


def evaluator_idle_timeout_secs(config, eval_spec):
  """How long the evaluator waits for a new checkpoint before it gives up.

  The largest of `EVALUATOR_IDLE_TIMEOUT_SECS`, three checkpoint intervals
  (`config.save_checkpoints_secs`, when checkpoints are timed) and three
  `eval_spec.throttle_secs`.
  """
  return max(EVALUATOR_IDLE_TIMEOUT_SECS,
             3 * (config.save_checkpoints_secs or 0),
             3 * eval_spec.throttle_secs)


def _worker_start_delay_secs(config):
  """TF 1.15's delay before a worker trains: `min(60, 5 * (index + 1))`.

  The chief (and master) start at once, so that the variables are
  initialized before most workers ask; `experimental_max_worker_delay_secs`
  replaces the 60 s cap (0 turns the delay off).
  """
  if config.task_type != _TaskType.WORKER:
    return 0
  max_delay_secs = _MAX_DELAY_SECS
  if config.experimental_max_worker_delay_secs is not None:
    max_delay_secs = int(config.experimental_max_worker_delay_secs)
  return min(max_delay_secs, (config.task_id + 1) * _DELAY_SECS_PER_WORKER)


def _is_google_env():
  """Whether `TF_CONFIG` says Google's environment, which starts servers."""
  tf_config = json.loads(os.environ.get(_TF_CONFIG_ENV) or "{}")
  return tf_config.get("environment") == "google"


def _validate_cluster(config):
  """Refuses the clusters between-graph training cannot run.

  Raises:
    EstimatorValueError: several training tasks without `ps` tasks while the
      `RunConfig` has no `device_fn` to place the variables: each task would
      keep variables of its own, and the workers would wait
      `session_creation_timeout_secs` for the chief to initialize them (TF
      1.15 let them wait).
  """
  cluster = config.cluster_spec
  if not cluster:
    return
  if (config.task_type in _TRAINER_JOBS and config.num_worker_replicas > 1
      and config.num_ps_replicas == 0 and config.device_fn is None):
    trainers = [job for job in cluster.jobs if job in _TRAINER_JOBS]
    raise errors.EstimatorValueError(
        "TF_CONFIG's \"cluster\" has %d training tasks (%s) but no \"ps\" "
        "job: in between-graph replication only parameter servers share the "
        "variables, so each task would train variables of its own and the "
        "workers would wait session_creation_timeout_secs (%d s) for the "
        "chief to initialize theirs. Add "
        "\"ps\" tasks to the cluster (python -m tf1_compat.cluster --ps 1 "
        "...), or give RunConfig a device_fn that places the variables. "
        "Cluster: %s" % (config.num_worker_replicas, ", ".join(trainers),
                         config.session_creation_timeout_secs,
                         cluster.as_dict()))
