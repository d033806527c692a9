"""`tf.estimator.Estimator`: train, evaluate, predict and export a `model_fn`.

Every method builds a fresh `tf.Graph` (seeded with `config.tf_random_seed`, with
a `global_step`), calls the `input_fn` (on the CPU) and the `model_fn` for its
mode, and runs the graph in a session of its own:

* `train` in a `tf.train.MonitoredTrainingSession` (built from its parts, as
  TF 1.15's `train` configured it) that restores the latest checkpoint of
  `model_dir` and runs TF 1.15's hooks: `NanTensorHook`, a `LoggingTensorHook`
  of `loss` and `step`, `StepCounterHook` and `SummarySaverHook`, and a
  `CheckpointSaverHook` per the config, which also saves when training ends;
* in a `TF_CONFIG` cluster, `train` follows the `RunConfig`: the session's
  master is the task's own server (`config.master`, which
  `train_and_evaluate` starts), variables go to the `ps` tasks
  (`replica_device_setter`), the session config's `device_filters` keep each
  task talking to the parameter servers only, and only the chief
  (`config.is_chief`) initializes or restores the variables, saves
  checkpoints and writes summaries; the other tasks wait for it. A task the
  session needs that stops answering ends training with a one-line
  `TaskUnreachableError` after `TASK_RECONNECT_TIMEOUT_SECS` (TF 1.15 waited
  for it for ever);
* `evaluate` and `predict` in a `tf.train.MonitoredSession` restoring the latest
  (or the given) checkpoint, or initializing variables when there is none;
* `export_saved_model` in a plain session, writing a `SavedModel` through
  `tf.compat.v1.saved_model.builder.SavedModelBuilder` into a temporary
  directory that is renamed when complete (and removed on failure).

Before any session starts, the checkpoint to be restored is compared with the
graph (`checkpoint_fit`), so a `model_dir` holding another model's checkpoint is
reported variable by variable and left untouched.

The methods are meant to be composed from outside (a later `train_and_evaluate`
calls `train(max_steps=...)` and `evaluate(...)` in turn); subclasses configure
the Estimator through their `model_fn` and may not override its methods, as in
TF 1.15. Distribution strategies are not supported. Log lines go to TensorFlow's
logger (`tf.logging`), with TF 1.15's text.
"""

import copy
import os
import tempfile

import tensorflow as tf

from tf1_compat.estimator import checkpoint_fit
from tf1_compat.estimator import errors
from tf1_compat.estimator import evaluation
from tf1_compat.estimator import model_fn as model_fn_lib
from tf1_compat.estimator import run_config
from tf1_compat.estimator import util
from tf1_compat.estimator import warm_starting
from tf1_compat.estimator.export import export_utils
from tf1_compat.estimator.mode_keys import ModeKeys
from tf1_compat.training import distributed

_V1 = tf.compat.v1
_GLOBAL_STEP_KEY = _V1.GraphKeys.GLOBAL_STEP

# Members a subclass may override (TF 1.15's list, less its API-export names).
_ALLOWED_OVERRIDES = frozenset(
    ["model_fn", "_create_and_assert_global_step", "_export_all_saved_models"])


class Estimator:
  """Trains, evaluates, predicts with and exports the model of a `model_fn`.

  Args:
    model_fn: `model_fn(features, labels, mode, params, config)`, taking
      `features` and any of the others, returning an `EstimatorSpec`.
    model_dir: Where checkpoints and summaries go; must equal
      `config.model_dir` if both are set; if neither is, a new temporary
      directory.
    config: A `RunConfig`, or None for the defaults.
    params: A dict of hyperparameters passed (deep-copied) to `model_fn` and
      `input_fn`s that take `params`.
    warm_start_from: A checkpoint path, checkpoint directory or SavedModel
      directory, or `WarmStartSettings`, to initialize the model from while
      `model_dir` has no checkpoint.

  Raises:
    EstimatorValueError: `model_fn`'s arguments, `params`, `config` or the
      model directories do not fit together (TF 1.15's messages).
  """

  def __init__(self, model_fn, model_dir=None, config=None, params=None,
               warm_start_from=None):
    # A subclass may override only a few members, as in TF 1.15; the check is
    # the class's own, so that `EstimatorV2` checks against itself.
    self.__class__._assert_members_are_not_overridden(self)  # pylint: disable=protected-access
    self._config = maybe_overwrite_model_dir_and_session_config(config,
                                                                model_dir)
    for field in ("train_distribute", "eval_distribute",
                  "experimental_distribute"):
      if getattr(self._config, field) is not None:
        raise errors.EstimatorValueError(
            "RunConfig.%s is not supported by tf1_compat's Estimator: TF 2.21's "
            "distribution strategies do not run TF1 graphs. Leave it None "
            "(one process; TF_CONFIG clusters with parameter servers still "
            "work)." % field)
    self._model_dir = self._config.model_dir
    self._session_config = self._config.session_config
    _V1.logging.info("Using config: %s", str(vars(self._config)))
    self._device_fn = (self._config.device_fn
                       or _get_replica_device_setter(self._config))
    if model_fn is None:
      raise errors.EstimatorValueError("model_fn must be provided to Estimator.")
    model_fn_lib.verify_model_fn_args(model_fn, params)
    self._model_fn = model_fn
    self._params = copy.deepcopy(params or {})
    self._warm_start_settings = warm_starting.settings_from(warm_start_from)

  @property
  def model_dir(self):
    return self._model_dir

  @property
  def config(self):
    return copy.deepcopy(self._config)

  @property
  def params(self):
    return copy.deepcopy(self._params)

  @property
  def model_fn(self):
    """The `model_fn` bound to `params`: `fn(features, labels, mode, config)`."""

    def public_model_fn(features, labels, mode, config):
      return self._call_model_fn(features, labels, mode, config)

    return public_model_fn

  def get_variable_value(self, name):
    """The value of variable `name` in the latest checkpoint, as numpy.

    Raises:
      NoTrainedModelError: `model_dir` has no checkpoint yet.
    """
    _check_checkpoint_available(self._model_dir)
    return tf.train.load_variable(self._model_dir, name)

  def get_variable_names(self):
    """The names of the variables in the latest checkpoint.

    Raises:
      NoTrainedModelError: `model_dir` has no checkpoint yet.
    """
    _check_checkpoint_available(self._model_dir)
    return [name for name, _ in tf.train.list_variables(self._model_dir)]

  def latest_checkpoint(self):
    """The path of `model_dir`'s latest checkpoint, or None."""
    return tf.train.latest_checkpoint(self._model_dir)

  def eval_dir(self, name=None):
    """`model_dir/eval`, or `model_dir/eval_<name>`: where `evaluate` writes."""
    return os.path.join(self._model_dir, "eval_" + name if name else "eval")

  # Training.

  def train(self, input_fn, hooks=None, steps=None, max_steps=None,
            saving_listeners=None):
    """Trains the model on `input_fn`'s batches, resuming from `model_dir`.

    Stops after `steps` more steps, at global step `max_steps` (if that is
    reached already nothing runs), or when the input ends.

    Args:
      input_fn: A function (taking any of `mode`, `params`, `config`) returning
        a `tf.data.Dataset`, a `(features, labels)` tuple or features.
      hooks: More `tf.train.SessionRunHook`s.
      steps: Steps to train in this call; None for no limit.
      max_steps: The global step to stop at; None for no limit.
      saving_listeners: `tf.train.CheckpointSaverListener`s called around each
        checkpoint save.

    Returns:
      `self`.

    Raises:
      EstimatorValueError: both or non-positive `steps`/`max_steps`; a bad
        `input_fn` or `model_fn` result; a checkpoint that does not fit.
    """
    if self._config.task_type in (run_config.TaskType.EVALUATOR,
                                  run_config.TaskType.PS):
      raise errors.EstimatorValueError(
          "Train has been called wrong configuration. Please use "
          "tf.estimator.train_and_evaluate which calls proper API according "
          "to given configuration. Current configuration: {}.".format(
              self.config))
    if steps is not None and max_steps is not None:
      raise errors.EstimatorValueError(
          "Can not provide both steps and max_steps.")
    if steps is not None and steps <= 0:
      raise errors.EstimatorValueError(
          "Must specify steps > 0, given: {}".format(steps))
    if max_steps is not None and max_steps <= 0:
      raise errors.EstimatorValueError(
          "Must specify max_steps > 0, given: {}".format(max_steps))
    if max_steps is not None:
      start_step = _load_global_step_from_checkpoint_dir(self._model_dir)
      if max_steps <= start_step:
        _V1.logging.info("Skipping training since max_steps has already saved.")
        return self
    hooks = util.check_hooks(hooks)
    if steps is not None or max_steps is not None:
      hooks.append(_V1.train.StopAtStepHook(steps, max_steps))
    saving_listeners = _check_listeners_type(saving_listeners)
    loss = self._train_model(input_fn, hooks, saving_listeners)
    _V1.logging.info("Loss for final step: %s.", loss)
    return self

  def _train_model(self, input_fn, hooks, saving_listeners):
    with tf.Graph().as_default() as graph, graph.device(self._device_fn):
      _V1.set_random_seed(self._config.tf_random_seed)
      self._create_and_assert_global_step(graph)
      features, labels, input_hooks = self._get_features_and_labels_from_input_fn(
          input_fn, ModeKeys.TRAIN)
      spec = self._call_model_fn(features, labels, ModeKeys.TRAIN, self.config)
      global_step = _V1.train.get_global_step(graph)
      return self._train_with_estimator_spec(
          spec, list(input_hooks), hooks, global_step, saving_listeners)

  def _train_with_estimator_spec(self, spec, worker_hooks, hooks, global_step,
                                 saving_listeners):
    """Adds TF 1.15's summaries, saver and hooks to `spec`'s graph; trains."""
    if self._warm_start_settings:
      warm_starting.warm_start(self._warm_start_settings)
    # A `loss` summary unless the model_fn made one by that name.
    if not any(s.op.name == "loss"
               for s in _V1.get_collection(_V1.GraphKeys.SUMMARIES)):
      _V1.summary.scalar("loss", spec.loss)
    _V1.add_to_collection(_V1.GraphKeys.LOSSES, spec.loss)
    worker_hooks.extend(hooks)
    worker_hooks.append(_V1.train.NanTensorHook(spec.loss))
    if self._config.log_step_count_steps is not None:
      worker_hooks.append(_V1.train.LoggingTensorHook(
          {"loss": spec.loss, "step": global_step},
          every_n_iter=self._config.log_step_count_steps))
    worker_hooks.extend(spec.training_hooks)

    default_saver = not (spec.scaffold.saver
                         or _V1.get_collection(_V1.GraphKeys.SAVERS))
    if default_saver:
      _V1.add_to_collection(_V1.GraphKeys.SAVERS, _V1.train.Saver(
          sharded=True, max_to_keep=self._config.keep_checkpoint_max,
          keep_checkpoint_every_n_hours=(
              self._config.keep_checkpoint_every_n_hours),
          defer_build=True, save_relative_paths=True))

    chief_hooks = self._checkpoint_saver_hooks(
        spec, worker_hooks + list(spec.training_chief_hooks), saving_listeners)
    save_summary_steps = self._config.save_summary_steps
    log_step_count_steps = self._config.log_step_count_steps
    cluster = self._config.cluster_spec
    if (cluster and run_config.TaskType.WORKER in cluster.jobs
        and run_config.TaskType.MASTER in cluster.jobs):
      # The master also evaluates, so worker 0 writes the summaries.
      save_summary_steps = 0
      log_step_count_steps = None
      if (self._config.task_type == run_config.TaskType.WORKER
          and self._config.task_id == 0):
        if self._config.save_summary_steps:
          worker_hooks.append(_V1.train.SummarySaverHook(
              save_steps=self._config.save_summary_steps,
              output_dir=self._model_dir, scaffold=spec.scaffold))
        if self._config.log_step_count_steps:
          worker_hooks.append(_V1.train.StepCounterHook(
              every_n_steps=self._config.log_step_count_steps,
              output_dir=self._model_dir))

    latest = tf.train.latest_checkpoint(self._model_dir)
    if latest and default_saver:
      checkpoint_fit.check_fits(latest, _V1.global_variables(), self._model_dir)

    loss = None
    any_step_done = False
    try:
      with _monitored_training_session(
          self._config, scaffold=spec.scaffold, hooks=worker_hooks,
          chief_only_hooks=(tuple(chief_hooks)
                            + tuple(spec.training_chief_hooks)),
          save_summaries_steps=save_summary_steps,
          log_step_count_steps=log_step_count_steps) as session:
        while not session.should_stop():
          _, loss = session.run([spec.train_op, spec.loss])
          any_step_done = True
    except (tf.errors.UnavailableError, tf.errors.AbortedError) as error:
      # MonitoredSession recreates its session after these while it runs
      # steps (`distributed.ClusterSessionCreator` then decides whether to go on);
      # they get here from the hooks' `end`, such as the final checkpoint save.
      if not _is_distributed(self._config):
        raise
      raise _lost_task_error(self._config, error) from None
    if not any_step_done:
      _V1.logging.warning("Training with estimator made no steps. "
                          "Perhaps input is empty or misspecified.")
    return loss

  def _checkpoint_saver_hooks(self, spec, hooks, saving_listeners):
    """Our `CheckpointSaverHook` (with the listeners), unless `hooks` have one."""
    has_saver_hook = any(isinstance(h, _V1.train.CheckpointSaverHook)
                         for h in hooks)
    saves = (self._config.save_checkpoints_secs
             or self._config.save_checkpoints_steps)
    if saves and not has_saver_hook:
      return [_V1.train.CheckpointSaverHook(
          self._model_dir, save_secs=self._config.save_checkpoints_secs,
          save_steps=self._config.save_checkpoints_steps,
          scaffold=spec.scaffold, listeners=saving_listeners)]
    if saving_listeners:
      if not has_saver_hook:
        raise errors.EstimatorValueError(
            "There should be a CheckpointSaverHook to use saving_listeners. "
            "Please set one of the RunConfig.save_checkpoints_steps or "
            "RunConfig.save_checkpoints_secs.")
      # TF 1.15 appended the listeners to the hook's private list; a hook has
      # no public way to take listeners after construction.
      raise errors.EstimatorValueError(
          "saving_listeners cannot be attached to the CheckpointSaverHook the "
          "hooks already contain: pass them to that hook instead "
          "(tf.train.CheckpointSaverHook(..., listeners=[...])).")
    return []

  # Evaluation.

  def evaluate(self, input_fn, steps=None, hooks=None, checkpoint_path=None,
               name=None):
    """Evaluates the model on `input_fn`'s batches at one checkpoint.

    Runs every metric's update op per batch until the input ends or after
    `steps` batches, then writes the metrics as summaries to `eval_dir(name)`
    at the checkpoint's global step. Without any checkpoint the model is
    evaluated as initialized (logged), as in TF 1.15.

    Args:
      input_fn: As for `train`.
      steps: The number of batches; None for all.
      hooks: More `tf.train.SessionRunHook`s.
      checkpoint_path: The checkpoint to evaluate; None for the latest.
      name: Evaluation name: results go to `eval_<name>` instead of `eval`.

    Returns:
      A dict of the `model_fn`'s `eval_metric_ops` values, `loss` (the mean of
      the batches' losses) and `global_step`.
    """
    hooks = util.check_hooks(hooks)
    if steps is not None and steps <= 0:
      raise errors.EstimatorValueError(
          "Must specify steps > 0, given: {}".format(steps))
    if not checkpoint_path:
      checkpoint_path = tf.train.latest_checkpoint(self._model_dir)
      if not checkpoint_path:
        _V1.logging.info(
            "Could not find trained model in model_dir: {}, running "
            "initialization to evaluate.".format(self._model_dir))
    with tf.Graph().as_default():
      scaffold, update_op, eval_dict, all_hooks = self._evaluate_build_graph(
          input_fn, hooks, checkpoint_path, steps)
      results = evaluation.evaluate_once(
          checkpoint_path, update_op, eval_dict, scaffold=scaffold,
          hooks=all_hooks, master=self._config.evaluation_master,
          config=self._session_config)
      # Written from within the evaluation graph, which the eval directory's
      # event file then holds (as in TF 1.15).
      current_global_step = results[_GLOBAL_STEP_KEY]
      output_dir = self.eval_dir(name)
      evaluation.write_dict_to_summary(output_dir, results, current_global_step)
      if checkpoint_path:
        evaluation.write_checkpoint_path_to_summary(
            output_dir, checkpoint_path, current_global_step)
    return results

  def _evaluate_build_graph(self, input_fn, hooks, checkpoint_path, steps):
    graph = _V1.get_default_graph()
    _V1.set_random_seed(self._config.tf_random_seed)
    self._create_and_assert_global_step(graph)
    features, labels, input_hooks = self._get_features_and_labels_from_input_fn(
        input_fn, ModeKeys.EVAL)
    spec = self._call_model_fn(features, labels, ModeKeys.EVAL, self.config)
    eval_metric_ops = _verify_and_create_loss_metric(spec.eval_metric_ops,
                                                     spec.loss)
    update_op, eval_dict = _extract_metric_update_ops(eval_metric_ops)
    global_step = _V1.train.get_global_step(graph)
    self._maybe_warm_start(checkpoint_path)
    if _GLOBAL_STEP_KEY in eval_dict:
      raise errors.EstimatorValueError(
          "Metric with name `global_step` is not allowed, because Estimator "
          "already defines a default metric with the same name.")
    eval_dict[_GLOBAL_STEP_KEY] = global_step

    all_hooks = list(input_hooks) + list(hooks)
    if steps is not None:
      all_hooks.append(evaluation.StopAfterNEvalsHook(steps))
    all_hooks.extend(spec.evaluation_hooks)
    scaffold = spec.scaffold
    if scaffold.local_init_op is not None:
      # The eval step counter is a new local variable the model_fn's own
      # local_init_op does not initialize.
      evaluation.get_or_create_eval_step()
      scaffold = _V1.train.Scaffold(
          local_init_op=tf.group(
              scaffold.local_init_op,
              _V1.train.Scaffold.default_local_init_op()),
          copy_from_scaffold=scaffold)
    self._check_checkpoint_fits(spec, checkpoint_path)
    return scaffold, update_op, eval_dict, all_hooks

  # Prediction.

  def predict(self, input_fn, predict_keys=None, hooks=None,
              checkpoint_path=None, yield_single_examples=True):
    """Yields the model's predictions for `input_fn`'s features.

    A generator: the graph is built and the checkpoint restored at the first
    `next()`; it ends when the input does. Without any checkpoint the model
    predicts as initialized (logged), as in TF 1.15.

    Args:
      input_fn: Returns a `tf.data.Dataset`, features, or a tuple whose first
        item is the features.
      predict_keys: Keys of a dict of predictions to compute; None for all.
        Keys the predictions lack are skipped (with a warning); an error if
        none is present.
      hooks: More `tf.train.SessionRunHook`s.
      checkpoint_path: The checkpoint to use; None for the latest.
      yield_single_examples: Yield one example at a time (splitting each
        batch along its first dimension); False yields whole batches.

    Yields:
      A prediction (array or dict of arrays) per example, or per batch.
    """
    hooks = util.check_hooks(hooks)
    if not checkpoint_path:
      checkpoint_path = tf.train.latest_checkpoint(self._model_dir)
    if not checkpoint_path:
      _V1.logging.info(
          "Could not find trained model in model_dir: {}, running "
          "initialization to predict.".format(self._model_dir))
    with tf.Graph().as_default() as graph:
      _V1.set_random_seed(self._config.tf_random_seed)
      self._create_and_assert_global_step(graph)
      features, input_hooks = self._get_features_from_input_fn(
          input_fn, ModeKeys.PREDICT)
      spec = self._call_model_fn(features, None, ModeKeys.PREDICT, self.config)
      self._maybe_warm_start(checkpoint_path)
      predictions = self._extract_keys(spec.predictions, predict_keys)
      all_hooks = list(input_hooks) + list(hooks)
      all_hooks.extend(spec.prediction_hooks)
      self._check_checkpoint_fits(spec, checkpoint_path)
      session_creator = _V1.train.ChiefSessionCreator(
          checkpoint_filename_with_path=checkpoint_path,
          master=self._config.master, scaffold=spec.scaffold,
          config=self._session_config)
      with _V1.train.MonitoredSession(session_creator=session_creator,
                                      hooks=all_hooks) as session:
        while not session.should_stop():
          values = session.run(predictions)
          if not yield_single_examples:
            yield values
          elif not isinstance(predictions, dict):
            yield from values
          else:
            for i in range(_extract_batch_length(values)):
              yield {key: value[i] for key, value in values.items()}

  def _extract_keys(self, predictions, predict_keys):
    if not predict_keys:
      return predictions
    if not isinstance(predictions, dict):
      raise errors.EstimatorValueError(
          "predict_keys argument is not valid in case of non-dict predictions.")
    existing = sorted(predictions)
    kept = {k: v for k, v in predictions.items() if k in predict_keys}
    if not kept:
      raise errors.EstimatorValueError(
          "Expected to run at least one output from %s, provided %s."
          % (existing, list(predict_keys)))
    unknown = [k for k in predict_keys if k not in predictions]
    if unknown:
      _V1.logging.warning("predict_keys %s are not among the predictions %s; "
                          "skipping them.", unknown, existing)
    return kept

  # Export.

  def export_saved_model(self, export_dir_base, serving_input_receiver_fn,
                         assets_extra=None, as_text=False, checkpoint_path=None,
                         experimental_mode=ModeKeys.PREDICT):
    """Exports the graph of one mode and the checkpoint as a SavedModel.

    The graph is built from `serving_input_receiver_fn`'s features and the
    `model_fn` in `experimental_mode`; the checkpoint (default: the latest) is
    restored into it; the SavedModel goes to `<export_dir_base>/<timestamp>`,
    written under `temp-<timestamp>` and renamed when complete. Its signatures
    are the `EstimatorSpec.export_outputs` (for PREDICT, with
    `serving_default`), fed by the receiver tensors; tags `serve`, `train` or
    `eval` by mode.

    Args:
      export_dir_base: The directory of timestamped exports.
      serving_input_receiver_fn: Returns a `ServingInputReceiver` or
        `TensorServingInputReceiver` (for TRAIN/EVAL a
        `SupervisedInputReceiver`).
      assets_extra: `{destination relative to assets.extra/: source path}` of
        files to copy into the export.
      as_text: Write `saved_model.pbtxt` instead of `saved_model.pb`.
      checkpoint_path: The checkpoint to export; None for the latest.
      experimental_mode: The `ModeKeys` value to export.

    Returns:
      The export directory, as bytes (as TF 1.15 returned it).

    Raises:
      NoTrainedModelError: there is no checkpoint (and no warm start).
    """
    if not serving_input_receiver_fn:
      raise errors.EstimatorValueError("An input_receiver_fn must be defined.")
    return self._export_all_saved_models(
        export_dir_base, {experimental_mode: serving_input_receiver_fn},
        assets_extra=assets_extra, as_text=as_text,
        checkpoint_path=checkpoint_path, strip_default_attrs=True)

  def export_savedmodel(self, export_dir_base, serving_input_receiver_fn,
                        assets_extra=None, as_text=False, checkpoint_path=None,
                        strip_default_attrs=False):
    """TF 1.15's deprecated spelling of `export_saved_model` (PREDICT only).

    `strip_default_attrs` removes default-valued attributes from the exported
    `NodeDef`s (`export_saved_model` always does).
    """
    _V1.logging.warning(
        "Estimator.export_savedmodel (from tf1_compat.estimator.estimator) is "
        "deprecated and will be removed in a future version.\nInstructions "
        "for updating:\nThis function has been renamed, use "
        "`export_saved_model` instead.")
    if not serving_input_receiver_fn:
      raise errors.EstimatorValueError("An input_receiver_fn must be defined.")
    return self._export_all_saved_models(
        export_dir_base, {ModeKeys.PREDICT: serving_input_receiver_fn},
        assets_extra=assets_extra, as_text=as_text,
        checkpoint_path=checkpoint_path,
        strip_default_attrs=strip_default_attrs)

  def experimental_export_all_saved_models(self, export_dir_base,
                                           input_receiver_fn_map,
                                           assets_extra=None, as_text=False,
                                           checkpoint_path=None):
    """Exports one SavedModel with a graph per mode of `input_receiver_fn_map`.

    Variables are saved once, from the first of TRAIN, EVAL, PREDICT present.

    Args:
      input_receiver_fn_map: `{ModeKeys value: input receiver fn}`.
      Others: as for `export_saved_model`.

    Returns:
      The export directory, as bytes.
    """
    return self._export_all_saved_models(
        export_dir_base, input_receiver_fn_map, assets_extra=assets_extra,
        as_text=as_text, checkpoint_path=checkpoint_path,
        strip_default_attrs=True)

  def _export_all_saved_models(self, export_dir_base, input_receiver_fn_map,
                               assets_extra=None, as_text=False,
                               checkpoint_path=None, strip_default_attrs=True):
    if not checkpoint_path:
      checkpoint_path = tf.train.latest_checkpoint(self._model_dir)
    if not checkpoint_path:
      if not self._warm_start_settings:
        raise errors.NoTrainedModelError(
            "Couldn't find trained model at {}.".format(self._model_dir))
      checkpoint_path = self._warm_start_settings.ckpt_to_initialize_from
      if tf.io.gfile.isdir(checkpoint_path):
        checkpoint_path = tf.train.latest_checkpoint(checkpoint_path)
    modes = [m for m in (ModeKeys.TRAIN, ModeKeys.EVAL, ModeKeys.PREDICT)
             if input_receiver_fn_map.get(m)]
    if not modes:
      raise errors.EstimatorValueError(
          "No valid modes for exporting found. Got {}.".format(
              list(input_receiver_fn_map.keys())))

    export_dir = export_utils.get_timestamped_export_dir(export_dir_base)
    temp_export_dir = export_utils.get_temp_export_dir(export_dir)
    try:
      builder = _V1.saved_model.builder.SavedModelBuilder(temp_export_dir)
      for i, mode in enumerate(modes):
        # The first graph saves the variables; TRAIN comes first, being the
        # mode the checkpoint was written in.
        self._add_meta_graph_for_mode(
            builder, input_receiver_fn_map[mode], checkpoint_path, mode,
            save_variables=(i == 0), strip_default_attrs=strip_default_attrs)
      builder.save(as_text)
      for destination, source in (assets_extra or {}).items():
        target = os.path.join(temp_export_dir, b"assets.extra",
                              os.fsencode(destination))
        tf.io.gfile.makedirs(os.path.dirname(target))
        tf.io.gfile.copy(source, target)
      tf.io.gfile.rename(temp_export_dir, export_dir)
    except BaseException:
      if tf.io.gfile.exists(temp_export_dir):
        tf.io.gfile.rmtree(temp_export_dir)
      raise
    return export_dir

  def _add_meta_graph_for_mode(self, builder, input_receiver_fn,
                               checkpoint_path, mode, save_variables,
                               strip_default_attrs):
    """Builds `mode`'s graph, restores the checkpoint and adds the MetaGraph."""
    with tf.Graph().as_default() as graph:
      self._create_and_assert_global_step(graph)
      _V1.set_random_seed(self._config.tf_random_seed)
      receiver = input_receiver_fn()
      if not (hasattr(receiver, "features")
              and hasattr(receiver, "receiver_tensors")):
        raise errors.EstimatorTypeError(
            "The input receiver fn for mode %r must return a "
            "tf.estimator.export.ServingInputReceiver or "
            "TensorServingInputReceiver, given: %r" % (mode, receiver))
      spec = self._call_model_fn(features=receiver.features,
                                 labels=getattr(receiver, "labels", None),
                                 mode=mode, config=self.config)
      export_outputs = export_utils.export_outputs_for_mode(
          mode=spec.mode, serving_export_outputs=spec.export_outputs,
          predictions=spec.predictions, loss=spec.loss,
          metrics=spec.eval_metric_ops)
      signature_def_map = export_utils.build_all_signature_defs(
          receiver.receiver_tensors, export_outputs,
          getattr(receiver, "receiver_tensors_alternatives", None),
          serving_only=(mode == ModeKeys.PREDICT))
      local_init_op = (spec.scaffold.local_init_op
                       or _V1.train.Scaffold.default_local_init_op())
      # One saver restores the checkpoint now and is stored in the export, so
      # that a Scaffold's own saver is what a loader restores with.
      saver = spec.scaffold.saver or _V1.train.Saver(sharded=True)
      try:
        self._check_checkpoint_fits(spec, checkpoint_path)
      except errors.CheckpointMismatchError as e:
        raise errors.CheckpointMismatchError(
            _could_not_load_message(mode, checkpoint_path, e)) from None
      with _V1.Session(config=self._session_config) as session:
        try:
          saver.restore(session, checkpoint_path)
        except tf.errors.NotFoundError as e:
          raise errors.EstimatorValueError(
              _could_not_load_message(mode, checkpoint_path, e)) from e
        if spec.train_op is not None:
          _V1.add_to_collection(export_utils.TRAIN_OP_COLLECTION, spec.train_op)
        meta_graph_kwargs = dict(
            tags=export_utils.EXPORT_TAG_MAP[mode],
            signature_def_map=signature_def_map,
            assets_collection=_V1.get_collection(
                _V1.GraphKeys.ASSET_FILEPATHS),
            main_op=local_init_op, saver=saver,
            strip_default_attrs=strip_default_attrs)
        if save_variables:
          builder.add_meta_graph_and_variables(session, **meta_graph_kwargs)
        else:
          builder.add_meta_graph(**meta_graph_kwargs)

  # Graph building shared by the modes.

  def _assert_members_are_not_overridden(self):
    """Raises if `self`'s class overrides a member of `Estimator`."""
    _assert_members_are_not_overridden(Estimator, self)

  def _create_and_assert_global_step(self, graph):
    """Creates the integer `global_step` of `graph` and returns it."""
    step = _V1.train.create_global_step(graph)
    assert step is _V1.train.get_global_step(graph)
    assert step.dtype.is_integer
    return step

  def _call_input_fn(self, input_fn, mode):
    """Calls `input_fn` with the mode, params and config it accepts, on CPU."""
    args = util.fn_args(input_fn)
    kwargs = {}
    if "mode" in args:
      kwargs["mode"] = mode
    if "params" in args:
      kwargs["params"] = self.params
    if "config" in args:
      kwargs["config"] = self.config
    with tf.device("/cpu:0"):
      return input_fn(**kwargs)

  def _get_features_and_labels_from_input_fn(self, input_fn, mode):
    return util.parse_input_fn_result(self._call_input_fn(input_fn, mode), mode)

  def _get_features_from_input_fn(self, input_fn, mode):
    result = util.parse_input_fn_result(self._call_input_fn(input_fn, mode),
                                        mode)
    if not _has_dataset_or_queue_runner(result.features):
      _V1.logging.warning(
          "Input graph does not use tf.data.Dataset or contain a QueueRunner. "
          "That means predict yields forever. This is probably a mistake.")
    return result.features, result.hooks

  def _call_model_fn(self, features, labels, mode, config):
    """Calls `model_fn` with the arguments it accepts; checks its result."""
    args = util.fn_args(self._model_fn)
    kwargs = {}
    if "labels" in args:
      kwargs["labels"] = labels
    elif labels is not None:
      raise errors.EstimatorValueError(
          "model_fn does not take labels, but input_fn returns labels.")
    if "mode" in args:
      kwargs["mode"] = mode
    if "params" in args:
      kwargs["params"] = self.params
    if "config" in args:
      kwargs["config"] = config
    _V1.logging.info("Calling model_fn.")
    result = self._model_fn(features=features, **kwargs)
    _V1.logging.info("Done calling model_fn.")
    if not isinstance(result, model_fn_lib.EstimatorSpec):
      raise errors.EstimatorValueError(
          "model_fn should return an EstimatorSpec; in mode %r it returned %s."
          % (mode, _short_repr(result)))
    return result

  def _maybe_warm_start(self, checkpoint_path):
    if not checkpoint_path and self._warm_start_settings:
      warm_starting.warm_start(self._warm_start_settings)

  def _check_checkpoint_fits(self, spec, checkpoint_path):
    """Compares `checkpoint_path` with the graph if the default saver restores."""
    if (checkpoint_path and spec.scaffold.saver is None
        and not _V1.get_collection(_V1.GraphKeys.SAVERS)):
      in_model_dir = (os.path.dirname(os.path.abspath(checkpoint_path))
                      == os.path.abspath(self._model_dir))
      checkpoint_fit.check_fits(checkpoint_path, _V1.global_variables(),
                                self._model_dir if in_model_dir else None)


class _HiddenAttribute(property):
  """A class attribute its instances do not have: reading it raises
  `AttributeError(message)` (TF 1.15's `deprecation.hide_attribute_from_api`)."""

  def __init__(self, message):
    def hidden(unused_self):
      raise AttributeError(message)
    super().__init__(hidden)


class EstimatorV2(Estimator):
  """TF 1.15's `tf.compat.v2.estimator.Estimator`: `Estimator` without the
  deprecated `export_savedmodel` (`hasattr` says False).

  Not part of `tf.estimator` (TF 1.15's v1 API, which tf1_compat serves); it
  lives here, under TF 1.15's name, for code and tests that import it from the
  estimator module, as TF 1.15's own `estimator_test.py` does.
  """

  export_savedmodel = _HiddenAttribute(
      "`Estimator.export_savedmodel` has been deprecated. Please use "
      "`export_saved_model` instead.")

  def _assert_members_are_not_overridden(self):
    """Raises if `self`'s class overrides a member of `EstimatorV2`."""
    _assert_members_are_not_overridden(EstimatorV2, self)


def _could_not_load_message(mode, checkpoint_path, error):
  """TF 1.15's message when an export cannot restore `mode`'s variables."""
  return ("Could not load all requested variables from checkpoint. Please make "
          "sure your model_fn does not expect variables that were not saved in "
          "the checkpoint.\n\nEncountered error with mode `{}` while restoring "
          "checkpoint from: `{}`. Full Traceback:\n\n{}".format(
              mode, checkpoint_path, error))


def _short_repr(value):
  text = repr(value)
  return (text[:200] + "...") if len(text) > 200 else text


def _assert_members_are_not_overridden(cls, obj):
  """Raises if `obj`'s class overrides a member of `cls` (TF 1.15's rule)."""
  members = {m for m in dir(cls) if not m.startswith("__")}
  overriding = (members & set(obj.__class__.__dict__)) - _ALLOWED_OVERRIDES
  overridden = sorted(m for m in overriding
                      if getattr(cls, m) != getattr(obj.__class__, m))
  if overridden:
    raise errors.EstimatorValueError(
        "Subclasses of Estimator cannot override members of Estimator. "
        "{} does override {}".format(obj.__class__, overridden))


def maybe_overwrite_model_dir_and_session_config(config, model_dir):
  """`config` with `model_dir` and a default session config filled in.

  Args:
    config: A `RunConfig` or None.
    model_dir: The Estimator's `model_dir` argument (str, `PathLike` or None).

  Returns:
    A `RunConfig` whose `model_dir` is `model_dir`, or the config's own, or a
    new temporary directory (logged), and whose `session_config` is set.

  Raises:
    EstimatorValueError: `config` is no `RunConfig`, or its `model_dir`
      differs from `model_dir`.
  """
  if config is None:
    config = run_config.RunConfig()
    _V1.logging.info("Using default config.")
  if not isinstance(config, run_config.RunConfig):
    raise errors.EstimatorValueError(
        "config must be an instance of `RunConfig`, but provided %s." % config)
  if config.session_config is None:
    config = config.replace(
        session_config=run_config.get_default_session_config())
  if isinstance(model_dir, os.PathLike):
    model_dir = os.fspath(model_dir)
  if model_dir is not None and config.model_dir is not None \
      and config.model_dir != model_dir:
    raise errors.EstimatorValueError(
        "`model_dir` are set both in constructor and `RunConfig`, but with "
        "different values. In constructor: '{}', in `RunConfig`: '{}' ".format(
            model_dir, config.model_dir))
  if model_dir:
    config = config.replace(model_dir=model_dir)
  elif config.model_dir is None:
    model_dir = tempfile.mkdtemp()
    _V1.logging.warning("Using temporary folder as model directory: %s",
                        model_dir)
    config = config.replace(model_dir=model_dir)
  return config


def _get_replica_device_setter(config):
  """`tf.train.replica_device_setter` over the config's ps tasks, if any."""
  if config.num_ps_replicas <= 0:
    return None
  if config.task_type:
    worker_device = "/job:%s/task:%d" % (config.task_type, config.task_id)
  else:
    worker_device = "/job:worker"
  return _V1.train.replica_device_setter(
      ps_tasks=config.num_ps_replicas, worker_device=worker_device,
      merge_devices=True, cluster=config.cluster_spec)


# Distributed training: the session of a task of a `TF_CONFIG` cluster.

# How long a task waits, after TensorFlow lost its session to an
# `UnavailableError` or `AbortedError`, for the tasks the session uses to
# accept connections again before it stops with `TaskUnreachableError`.
TASK_RECONNECT_TIMEOUT_SECS = distributed.DEFAULT_RECONNECT_TIMEOUT_SECS
# How long closing a cluster task's session waits for its threads (TF 1.15:
# 120 s). A synchronous chief's token queue runner (`SyncReplicasOptimizer`)
# waits there for gradients that never come, until the close cancels it.
CLUSTER_STOP_GRACE_SECS = 10
ClusterTaskError = distributed.ClusterTaskError
TaskUnreachableError = distributed.TaskUnreachableError


def _task_label(config):
  return distributed.task_label(config.task_type, config.task_id)


def _is_distributed(config):
  """Whether `config`'s task trains in a cluster, through a gRPC master."""
  return bool(config.cluster_spec and config.master)


def _lost_task_error(config, error):
  return distributed.lost_task_error(
      _task_label(config), config.cluster_spec, error,
      own=(config.task_type, config.task_id))


def _monitored_training_session(config, scaffold, hooks, chief_only_hooks,
                                save_summaries_steps, log_step_count_steps):
  """`tf.train.MonitoredTrainingSession` as TF 1.15's `train` opened it.

  Built from its parts -- the same session creators and hooks, in the same
  order -- so that a cluster task's creator can be
  `distributed.ClusterSessionCreator`, which waits for the other tasks with
  bounds. The chief restores `model_dir`'s latest checkpoint and runs the
  chief-only hooks, a `StepCounterHook` and a `SummarySaverHook` writing to
  `model_dir`, then `hooks`; any other task waits for the chief's
  initialization and runs `hooks` only, so it writes no checkpoint and no
  summary.
  """
  if config.is_chief:
    all_hooks = list(chief_only_hooks)
    if log_step_count_steps and log_step_count_steps > 0:
      all_hooks.append(_V1.train.StepCounterHook(
          output_dir=config.model_dir, every_n_steps=log_step_count_steps))
    if save_summaries_steps and save_summaries_steps > 0:
      all_hooks.append(_V1.train.SummarySaverHook(
          scaffold=scaffold, save_steps=save_summaries_steps,
          output_dir=config.model_dir))
    all_hooks.extend(hooks)
  else:
    all_hooks = list(hooks)
  if _is_distributed(config):
    filters = (config.session_config.device_filters
               if config.session_config else ())
    creator = distributed.ClusterSessionCreator(
        scaffold, _task_label(config), config.master, config.is_chief,
        distributed.session_tasks(config.cluster_spec, config.task_type,
                                  config.task_id, filters),
        config=config.session_config,
        checkpoint_dir=config.model_dir if config.is_chief else None,
        startup_timeout_secs=config.session_creation_timeout_secs,
        reconnect_timeout_secs=TASK_RECONNECT_TIMEOUT_SECS)
  elif config.is_chief:
    creator = _V1.train.ChiefSessionCreator(
        scaffold=scaffold, checkpoint_dir=config.model_dir,
        master=config.master, config=config.session_config)
  else:
    creator = _V1.train.WorkerSessionCreator(
        scaffold=scaffold, master=config.master, config=config.session_config,
        max_wait_secs=config.session_creation_timeout_secs)
  grace = {"stop_grace_period_secs": CLUSTER_STOP_GRACE_SECS} if (
      _is_distributed(config)) else {}
  return _V1.train.MonitoredSession(session_creator=creator, hooks=all_hooks,
                                    **grace)


def _check_checkpoint_available(model_dir):
  if not tf.train.latest_checkpoint(model_dir):
    raise errors.NoTrainedModelError(
        "Could not find trained model in model_dir: {}.".format(model_dir))


def _check_listeners_type(saving_listeners):
  listeners = list(saving_listeners or [])
  for listener in listeners:
    if not isinstance(listener, _V1.train.CheckpointSaverListener):
      raise errors.EstimatorTypeError(
          "saving_listeners must be a list of CheckpointSaverListener, "
          "given: {}".format(listener))
  return listeners


# TF 1.15 defined `WarmStartSettings` (and imported `VocabInfo`) in this
# module, where code and its canned estimators' tests take them from.
VocabInfo = warm_starting.VocabInfo
WarmStartSettings = warm_starting.WarmStartSettings

# TF 1.15 wrote the evaluation summaries with `estimator._write_dict_to_summary`,
# which its exporters' and early-stopping tests call to fake an evaluation.
_write_dict_to_summary = evaluation.write_dict_to_summary


def _load_global_step_from_checkpoint_dir(model_dir):
  """The `global_step` stored in `model_dir`'s latest checkpoint, else 0."""
  latest = tf.train.latest_checkpoint(model_dir)
  if not latest:
    return 0
  try:
    return _V1.train.NewCheckpointReader(latest).get_tensor(_GLOBAL_STEP_KEY)
  except (tf.errors.OpError, ValueError):
    return 0


def _verify_and_create_loss_metric(eval_metric_ops, loss):
  """Adds `loss`: the mean of the batches' losses (`tf.metrics.mean`)."""
  if model_fn_lib.LOSS_METRIC_KEY in eval_metric_ops:
    raise errors.EstimatorValueError(
        'Metric with name "%s" is not allowed, because Estimator already '
        "defines a default metric with the same name."
        % model_fn_lib.LOSS_METRIC_KEY)
  eval_metric_ops = dict(eval_metric_ops)
  eval_metric_ops[model_fn_lib.LOSS_METRIC_KEY] = _V1.metrics.mean(loss)
  return eval_metric_ops


def _extract_metric_update_ops(eval_dict):
  """One op updating every metric (sorted by name), and the value tensors."""
  update_ops = []
  value_ops = {}
  for name, (value, update) in sorted(eval_dict.items()):
    value_ops[name] = value
    update_ops.append(update)
  return (tf.group(*update_ops) if update_ops else None), value_ops


def _extract_batch_length(values):
  batch_length = None
  for key, value in values.items():
    batch_length = batch_length or value.shape[0]
    if value.shape[0] != batch_length:
      raise errors.EstimatorValueError(
          "Batch length of predictions should be same. %s has different batch "
          "length than others." % key)
  return batch_length


def _has_dataset_or_queue_runner(features):
  tensors = [t for t in tf.nest.flatten(features) if isinstance(t, tf.Tensor)]
  if any(t.op.type == "IteratorGetNext" for t in tensors):
    return True
  return bool(_V1.get_collection(_V1.GraphKeys.QUEUE_RUNNERS))
