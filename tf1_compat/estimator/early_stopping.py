"""TF 1.15's early-stopping hooks (`tf.estimator.experimental.stop_if_*`).

A hook made here goes into `Estimator.train(hooks=...)` (or a `TrainSpec`).
On the chief it reads the evaluation metrics written so far under
`estimator.eval_dir()` every `run_every_secs` (or `run_every_steps`), and when
`should_stop_fn()` says so sets the graph's `signal_early_stopping/STOP`
variable and stops training; on other tasks it stops once that variable is
set. Evaluations are what write the metrics: with `train_and_evaluate` the
evaluator (or the local loop) does.
"""

import collections
import os

import tensorflow as tf

from tf1_compat.estimator import estimator as estimator_lib

_V1 = tf.compat.v1
_EVENT_FILE_GLOB = "events.out.tfevents.*"


def read_eval_metrics(eval_dir):
  """`OrderedDict` step -> `{tag: value}` of the scalars in `eval_dir`'s events."""
  by_step = collections.defaultdict(dict)
  if _V1.gfile.Exists(eval_dir):
    for path in _V1.gfile.Glob(os.path.join(eval_dir, _EVENT_FILE_GLOB)):
      for event in _V1.train.summary_iterator(path):
        if not event.HasField("summary"):
          continue
        for value in event.summary.value:
          if value.HasField("simple_value"):
            by_step[event.step][value.tag] = value.simple_value
  return collections.OrderedDict(sorted(by_step.items()))


def _get_or_create_stop_var():
  """The graph's `signal_early_stopping/STOP` variable (TF 1.15's name)."""
  with _V1.variable_scope("signal_early_stopping", values=[],
                         reuse=_V1.AUTO_REUSE):
    return _V1.get_variable(
        "STOP", shape=[], dtype=tf.bool,
        initializer=_V1.constant_initializer(False),
        collections=[_V1.GraphKeys.GLOBAL_VARIABLES], trainable=False)


class _StopOnPredicateHook(_V1.train.SessionRunHook):
  """The chief's hook: asks `should_stop_fn` on a timer, then sets STOP."""

  def __init__(self, should_stop_fn, run_every_secs=60, run_every_steps=None):
    if not callable(should_stop_fn):
      raise TypeError("`should_stop_fn` must be callable, got %r"
                      % (should_stop_fn,))
    self._should_stop_fn = should_stop_fn
    self._timer = _V1.train.SecondOrStepTimer(every_secs=run_every_secs,
                                              every_steps=run_every_steps)
    self._global_step = None
    self._stop_var = None
    self._stop_op = None

  def begin(self):
    self._global_step = _V1.train.get_global_step()
    self._stop_var = _get_or_create_stop_var()
    self._stop_op = _V1.assign(self._stop_var, True)

  def before_run(self, run_context):
    del run_context
    return _V1.train.SessionRunArgs(self._global_step)

  def after_run(self, run_context, run_values):
    step = run_values.results
    if self._timer.should_trigger_for_step(step):
      self._timer.update_last_triggered_step(step)
      if self._should_stop_fn():
        _V1.logging.info("Requesting early stopping at global step %d", step)
        run_context.session.run(self._stop_op)
        run_context.request_stop()


class _CheckForStoppingHook(_V1.train.SessionRunHook):
  """A non-chief task's hook: stops once the chief has set STOP."""

  def __init__(self):
    self._stop_var = None

  def begin(self):
    self._stop_var = _get_or_create_stop_var()

  def before_run(self, run_context):
    del run_context
    return _V1.train.SessionRunArgs(self._stop_var)

  def after_run(self, run_context, run_values):
    if run_values.results:
      _V1.logging.info("Early stopping requested, suspending run.")
      run_context.request_stop()


def _check_estimator(estimator):
  if not isinstance(estimator, estimator_lib.Estimator):
    raise TypeError("`estimator` must have type `tf.estimator.Estimator`. "
                    "Got: %s" % type(estimator))


def make_early_stopping_hook(estimator, should_stop_fn, run_every_secs=60,
                             run_every_steps=None):
  """A hook stopping `estimator`'s training when `should_stop_fn()` is True."""
  _check_estimator(estimator)
  if run_every_secs is not None and run_every_steps is not None:
    raise ValueError("Only one of `run_every_secs` and `run_every_steps` must "
                     "be set.")
  if estimator.config.is_chief:
    return _StopOnPredicateHook(should_stop_fn, run_every_secs,
                                run_every_steps)
  return _CheckForStoppingHook()


def _metric(metrics, metric_name, step, eval_dir):
  if metric_name not in metrics:
    raise ValueError("early stopping: no metric %r in the evaluation at step "
                     "%d under %s; it has %s" % (metric_name, step, eval_dir,
                                                 sorted(metrics)))
  return metrics[metric_name]


def _threshold_hook(estimator, metric_name, threshold, higher_is_better,
                    eval_dir, min_steps, run_every_secs, run_every_steps):
  _check_estimator(estimator)
  eval_dir = eval_dir or estimator.eval_dir()
  crossed = ((lambda value: value > threshold) if higher_is_better
             else (lambda value: value < threshold))

  def should_stop():
    for step, metrics in read_eval_metrics(eval_dir).items():
      if step < min_steps:
        continue
      value = _metric(metrics, metric_name, step, eval_dir)
      if crossed(value):
        _V1.logging.info(
            'At step %s, metric "%s" has value %s which is %s the configured '
            "threshold (%s) for early stopping.", step, metric_name, value,
            "greater than" if higher_is_better else "less than", threshold)
        return True
    return False

  return make_early_stopping_hook(estimator, should_stop, run_every_secs,
                                  run_every_steps)


def _no_improvement_hook(estimator, metric_name, max_steps_without_improvement,
                         higher_is_better, eval_dir, min_steps, run_every_secs,
                         run_every_steps):
  _check_estimator(estimator)
  eval_dir = eval_dir or estimator.eval_dir()
  better = ((lambda a, b: a > b) if higher_is_better
            else (lambda a, b: a < b))

  def should_stop():
    best, best_step = None, None
    for step, metrics in read_eval_metrics(eval_dir).items():
      if step < min_steps:
        continue
      value = _metric(metrics, metric_name, step, eval_dir)
      if best is None or better(value, best):
        best, best_step = value, step
      if step - best_step >= max_steps_without_improvement:
        _V1.logging.info(
            'No %s in metric "%s" for %s steps, which is greater than or equal '
            "to max steps (%s) configured for early stopping.",
            "increase" if higher_is_better else "decrease", metric_name,
            step - best_step, max_steps_without_improvement)
        return True
    return False

  return make_early_stopping_hook(estimator, should_stop, run_every_secs,
                                  run_every_steps)


def stop_if_higher_hook(estimator, metric_name, threshold, eval_dir=None,
                        min_steps=0, run_every_secs=60, run_every_steps=None):
  """Stops once an evaluation at step >= `min_steps` has metric > threshold."""
  return _threshold_hook(estimator, metric_name, threshold, True, eval_dir,
                         min_steps, run_every_secs, run_every_steps)


def stop_if_lower_hook(estimator, metric_name, threshold, eval_dir=None,
                       min_steps=0, run_every_secs=60, run_every_steps=None):
  """Stops once an evaluation at step >= `min_steps` has metric < threshold."""
  return _threshold_hook(estimator, metric_name, threshold, False, eval_dir,
                         min_steps, run_every_secs, run_every_steps)


def stop_if_no_increase_hook(estimator, metric_name, max_steps_without_increase,
                             eval_dir=None, min_steps=0, run_every_secs=60,
                             run_every_steps=None):
  """Stops when the metric's best is `max_steps_without_increase` steps old."""
  return _no_improvement_hook(estimator, metric_name,
                              max_steps_without_increase, True, eval_dir,
                              min_steps, run_every_secs, run_every_steps)


def stop_if_no_decrease_hook(estimator, metric_name, max_steps_without_decrease,
                             eval_dir=None, min_steps=0, run_every_secs=60,
                             run_every_steps=None):
  """Stops when the metric's lowest is `max_steps_without_decrease` steps old."""
  return _no_improvement_hook(estimator, metric_name,
                              max_steps_without_decrease, False, eval_dir,
                              min_steps, run_every_secs, run_every_steps)
