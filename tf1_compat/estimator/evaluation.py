"""One evaluation pass over a checkpoint, and its results as summaries.

`evaluate_once` restores a checkpoint in a `MonitoredSession`, runs the metrics'
update ops until the input ends or a step budget (`StopAfterNEvalsHook`) is used
up, then reads the metric values once (`tf.train.FinalOpsHook`). The steps are
counted in the local variable `eval_step` (collection `GraphKeys.EVAL_STEP`), as
in TF 1.15. `write_dict_to_summary` writes the results to an event file of the
eval directory at the checkpoint's global step.
"""

import time

from google.protobuf import message
import numpy as np
import tensorflow as tf

from tf1_compat.estimator import errors

_V1 = tf.compat.v1


def get_or_create_eval_step():
  """The graph's `eval_step` counter, a local int64 variable starting at 0."""
  graph = _V1.get_default_graph()
  eval_steps = graph.get_collection(_V1.GraphKeys.EVAL_STEP)
  if len(eval_steps) == 1:
    return eval_steps[0]
  if len(eval_steps) > 1:
    raise errors.EstimatorValueError(
        "Multiple tensors added to tf.GraphKeys.EVAL_STEP")
  return _V1.get_variable(
      "eval_step", shape=[], dtype=tf.int64,
      initializer=_V1.zeros_initializer(), trainable=False,
      collections=[_V1.GraphKeys.LOCAL_VARIABLES, _V1.GraphKeys.EVAL_STEP])


class StopAfterNEvalsHook(_V1.train.SessionRunHook):
  """Logs progress and stops the session after `num_evals` evaluation steps.

  `evaluate_once` gives it the tensor of the step count after each run.

  Args:
    num_evals: Steps to run, or None to run until the input ends.
    log_progress: Whether to log `Evaluation [k/n]` (every step below 20 steps,
      else every tenth of them, and at the end).
  """

  def __init__(self, num_evals, log_progress=True):
    self._num_evals = num_evals
    self._evals_completed = None
    self._log_progress = log_progress
    self._log_frequency = (1 if num_evals is None or num_evals < 20
                           else int(np.floor(num_evals / 10.)))

  def set_evals_completed_tensor(self, evals_completed):
    self._evals_completed = evals_completed

  def before_run(self, run_context):
    return _V1.train.SessionRunArgs({"evals_completed": self._evals_completed})

  def after_run(self, run_context, run_values):
    completed = run_values.results["evals_completed"]
    if self._log_progress:
      if self._num_evals is None:
        _V1.logging.info("Evaluation [%d]", completed)
      elif (completed % self._log_frequency == 0
            or completed == self._num_evals):
        _V1.logging.info("Evaluation [%d/%d]", completed, self._num_evals)
    if self._num_evals is not None and completed >= self._num_evals:
      run_context.request_stop()


def evaluate_once(checkpoint_path, update_op, final_ops, scaffold=None,
                  hooks=None, master="", config=None):
  """Runs `update_op` over the input, then returns the values of `final_ops`.

  Args:
    checkpoint_path: The checkpoint to restore, or None to initialize.
    update_op: The op updating every metric (one evaluation step).
    final_ops: A dict of name to `Tensor`, read once at the end.
    scaffold: The `tf.train.Scaffold` for initialization and restoring.
    hooks: More `SessionRunHook`s; a `StopAfterNEvalsHook` among them sets
      the step budget (without one, steps run until the input ends).
    master: The session master.
    config: A `tf.ConfigProto` for the session.

  Returns:
    A dict of name to the fetched value of each of `final_ops`.
  """
  eval_step = get_or_create_eval_step()
  increment = _V1.assign_add(eval_step, 1, use_locking=True)
  eval_ops = [update_op, increment]
  with tf.control_dependencies(eval_ops):
    evals_completed = tf.identity(eval_step.read_value())
  hooks = list(hooks or [])
  for hook in hooks:
    if isinstance(hook, StopAfterNEvalsHook):
      hook.set_evals_completed_tensor(evals_completed)
  final_ops_hook = _V1.train.FinalOpsHook(final_ops)
  hooks.append(final_ops_hook)

  _V1.logging.info("Starting evaluation at "
                   + time.strftime("%Y-%m-%dT%H:%M:%SZ", time.localtime()))
  session_creator = _V1.train.ChiefSessionCreator(
      scaffold=scaffold, checkpoint_filename_with_path=checkpoint_path,
      master=master, config=config)
  with _V1.train.MonitoredSession(session_creator=session_creator,
                                  hooks=hooks) as session:
    while not session.should_stop():
      session.run(eval_ops)
  _V1.logging.info("Finished evaluation at "
                   + time.strftime("%Y-%m-%d-%H:%M:%S", time.localtime()))
  return final_ops_hook.final_ops_values


def _dict_to_str(dictionary):
  return ", ".join("%s = %s" % (k, v) for k, v in sorted(dictionary.items())
                   if not isinstance(v, bytes))


def write_dict_to_summary(output_dir, dictionary, current_global_step):
  """Writes `dictionary`'s values as summaries at `current_global_step`.

  Floats and ints become scalars; bytes are parsed as a serialized `Summary`
  (its values tagged `<key>/<i>`); arrays become tensor summaries; None,
  `global_step` and anything else are skipped (the latter with a warning).
  """
  _V1.logging.info("Saving dict for global step %d: %s", current_global_step,
                   _dict_to_str(dictionary))
  writer = _V1.summary.FileWriterCache.get(output_dir)
  summary = _V1.Summary()
  for key, value in dictionary.items():
    if value is None or key == "global_step":
      continue
    if isinstance(value, (np.float32, float)):
      summary.value.add(tag=key, simple_value=float(value))
    elif isinstance(value, (np.int64, np.int32, int)):
      summary.value.add(tag=key, simple_value=int(value))
    elif isinstance(value, bytes):
      try:
        parsed = _V1.Summary.FromString(value)
      except message.DecodeError:
        _V1.logging.warning(
            "Skipping summary for %s, cannot parse string to Summary.", key)
        continue
      for i, item in enumerate(parsed.value):
        item.tag = "%s/%d" % (key, i)
      summary.value.extend(parsed.value)
    elif isinstance(value, np.ndarray):
      item = summary.value.add(tag=key, node_name=key)
      item.tensor.CopyFrom(_V1.make_tensor_proto(value))
      _V1.logging.info(
          "Summary for np.ndarray is not visible in Tensorboard by default. "
          "Consider using a Tensorboard plugin for visualization (see "
          "https://github.com/tensorflow/tensorboard-plugin-example/blob/"
          "master/README.md for more information).")
    else:
      _V1.logging.warning(
          "Skipping summary for %s, must be a float, np.float32, np.int64, "
          "np.int32 or int or np.ndarray or a serialized string of Summary.",
          key)
  writer.add_summary(summary, current_global_step)
  writer.flush()


def write_checkpoint_path_to_summary(output_dir, checkpoint_path,
                                     current_global_step):
  """Writes the evaluated checkpoint's path as the summary `checkpoint_path`."""
  _V1.logging.info("Saving 'checkpoint_path' summary for global step %d: %s",
                   current_global_step, checkpoint_path)
  summary = _V1.Summary()
  summary.value.add(tag="checkpoint_path",
                    tensor=_V1.make_tensor_proto(checkpoint_path,
                                                 dtype=tf.string))
  writer = _V1.summary.FileWriterCache.get(output_dir)
  writer.add_summary(summary, current_global_step)
  writer.flush()
