"""`tf.estimator.Exporter`s: what `train_and_evaluate` exports after evaluating.

`train_and_evaluate` calls every exporter of the `EvalSpec` after each
evaluation with the evaluated checkpoint and its metrics; an exporter writes
(or skips) a SavedModel under `<model_dir>/export/<exporter name>/<timestamp>`
through `Estimator.export_saved_model`:

* `LatestExporter` exports every time and keeps the newest `exports_to_keep`;
* `BestExporter` exports when `compare_fn` says the metrics beat the best so
  far (by default: a smaller `loss`), keeping the newest `exports_to_keep`;
* `FinalExporter` exports once, after the evaluation at `max_steps`.
"""

import abc
import os

import tensorflow as tf

from tf1_compat.estimator import errors
from tf1_compat.estimator import gc
from tf1_compat.estimator import util
from tf1_compat.estimator.canned import metric_keys

_V1 = tf.compat.v1


class Exporter(abc.ABC):
  """Exports a trained model when `train_and_evaluate` says so."""

  @property
  @abc.abstractmethod
  def name(self):
    """The directory name under `model_dir/export/`; unique per `EvalSpec`."""

  @abc.abstractmethod
  def export(self, estimator, export_path, checkpoint_path, eval_result,
             is_the_final_export):
    """Exports `checkpoint_path`, or decides not to.

    Args:
      estimator: The `Estimator` being trained.
      export_path: The directory of this exporter's timestamped exports.
      checkpoint_path: The checkpoint just evaluated.
      eval_result: Its metrics, as `Estimator.evaluate` returned them.
      is_the_final_export: Whether this is the evaluation at `max_steps`.

    Returns:
      The export directory (bytes), or None if nothing was exported.
    """


class _SavedModelExporter(Exporter):
  """Exports a SavedModel of the serving graph on every call."""

  def __init__(self, name, serving_input_receiver_fn, assets_extra=None,
               as_text=False):
    self._name = name
    self._serving_input_receiver_fn = serving_input_receiver_fn
    self._assets_extra = assets_extra
    self._as_text = as_text

  @property
  def name(self):
    return self._name

  def export(self, estimator, export_path, checkpoint_path, eval_result,
             is_the_final_export):
    del eval_result, is_the_final_export  # Exports unconditionally.
    return estimator.export_saved_model(
        export_path, self._serving_input_receiver_fn,
        assets_extra=self._assets_extra, as_text=self._as_text,
        checkpoint_path=checkpoint_path)


def _export_version_parser(path):
  """A `gc.Path` with the version of a 10-digit timestamp directory, or None."""
  name = os.path.basename(path.path)
  if not (len(name) == 10 and name.isdigit()):
    return None
  return path._replace(export_version=int(name))


def _garbage_collect_exports(export_dir_base, exports_to_keep):
  """Deletes all but the newest `exports_to_keep` exports (None keeps all)."""
  if exports_to_keep is None:
    return
  delete = gc._negation(gc._largest_export_versions(exports_to_keep))
  for path in delete(gc._get_paths(export_dir_base,
                                  parser=_export_version_parser)):
    try:
      tf.io.gfile.rmtree(path.path)
    except tf.errors.NotFoundError as e:
      _V1.logging.warning("Can not delete %s recursively: %s", path.path, e)


def _check_exports_to_keep(exports_to_keep, message):
  if exports_to_keep is not None and exports_to_keep <= 0:
    raise errors.EstimatorValueError(message % exports_to_keep)


def _loss_smaller(best_eval_result, current_eval_result):
  """Whether the current evaluation's `loss` is smaller than the best one's."""
  default_key = metric_keys.MetricKeys.LOSS
  if not best_eval_result or default_key not in best_eval_result:
    raise errors.EstimatorValueError(
        "best_eval_result cannot be empty or no loss is found in it.")
  if not current_eval_result or default_key not in current_eval_result:
    raise errors.EstimatorValueError(
        "current_eval_result cannot be empty or no loss is found in it.")
  return best_eval_result[default_key] > current_eval_result[default_key]


def _verify_compare_fn_args(compare_fn):
  args = set(util.fn_args(compare_fn))
  for required in ("best_eval_result", "current_eval_result"):
    if required not in args:
      raise errors.EstimatorValueError(
          "compare_fn (%s) must include %s argument." % (compare_fn, required))
  unexpected = sorted(args - {"best_eval_result", "current_eval_result"})
  if unexpected:
    raise errors.EstimatorValueError(
        "compare_fn (%s) has following not expected args: %s"
        % (compare_fn, unexpected))


class LatestExporter(Exporter):
  """Exports after every evaluation; keeps the newest `exports_to_keep`.

  Args:
    name: The export directory's name under `model_dir/export/`.
    serving_input_receiver_fn: Returns the serving `ServingInputReceiver`.
    assets_extra: `{destination: source}` files to copy into `assets.extra/`.
    as_text: Write `saved_model.pbtxt`.
    exports_to_keep: How many exports to keep (the rest are deleted, oldest
      first); None keeps all.

  Raises:
    EstimatorValueError: `exports_to_keep` is not positive.
  """

  def __init__(self, name, serving_input_receiver_fn, assets_extra=None,
               as_text=False, exports_to_keep=5):
    self._saved_model_exporter = _SavedModelExporter(
        name, serving_input_receiver_fn, assets_extra, as_text)
    _check_exports_to_keep(
        exports_to_keep,
        "`exports_to_keep`, if provided, must be positive number: %s")
    self._exports_to_keep = exports_to_keep

  @property
  def name(self):
    return self._saved_model_exporter.name

  def export(self, estimator, export_path, checkpoint_path, eval_result,
             is_the_final_export):
    export_result = self._saved_model_exporter.export(
        estimator, export_path, checkpoint_path, eval_result,
        is_the_final_export)
    _garbage_collect_exports(export_path, self._exports_to_keep)
    return export_result


class BestExporter(Exporter):
  """Exports when an evaluation beats the best so far (default: lower `loss`).

  The best result survives restarts: at its first export for a `model_dir`
  the exporter reads the scalar summaries of the event files matching
  `event_file_pattern` (the evaluations written so far) and takes the best.
  As in TF 1.15, those files already hold the evaluation being exported, so
  in a fresh `model_dir` the first evaluation only sets the bar and is not
  exported; each later one is exported only if `compare_fn` prefers it.

  Args:
    name: The export directory's name under `model_dir/export/`.
    serving_input_receiver_fn: Returns the serving `ServingInputReceiver`.
    event_file_pattern: Event files of past evaluations, relative to
      `model_dir` (`eval/*.tfevents.*`; None to start without a best).
    compare_fn: `compare_fn(best_eval_result, current_eval_result)`, True
      when the current result is better.
    assets_extra: `{destination: source}` files to copy into `assets.extra/`.
    as_text: Write `saved_model.pbtxt`.
    exports_to_keep: How many exports to keep; None keeps all.

  Raises:
    EstimatorValueError: no `compare_fn`, one with other arguments, or a
      non-positive `exports_to_keep`.
  """

  def __init__(self, name="best_exporter", serving_input_receiver_fn=None,
               event_file_pattern="eval/*.tfevents.*",
               compare_fn=_loss_smaller, assets_extra=None, as_text=False,
               exports_to_keep=5):
    if compare_fn is None:
      raise errors.EstimatorValueError("`compare_fn` must not be None.")
    _verify_compare_fn_args(compare_fn)
    self._compare_fn = compare_fn
    self._saved_model_exporter = _SavedModelExporter(
        name, serving_input_receiver_fn, assets_extra, as_text)
    self._event_file_pattern = event_file_pattern
    self._model_dir = None
    self._best_eval_result = None
    _check_exports_to_keep(
        exports_to_keep,
        "`exports_to_keep`, if provided, must be a positive number. Got %s")
    self._exports_to_keep = exports_to_keep

  @property
  def name(self):
    return self._saved_model_exporter.name

  def export(self, estimator, export_path, checkpoint_path, eval_result,
             is_the_final_export):
    if self._model_dir != estimator.model_dir and self._event_file_pattern:
      _V1.logging.info("Loading best metric from event files.")
      self._model_dir = estimator.model_dir
      self._best_eval_result = self._get_best_eval_result(
          os.path.join(self._model_dir, self._event_file_pattern))
    if self._best_eval_result is not None and not self._compare_fn(
        best_eval_result=self._best_eval_result,
        current_eval_result=eval_result):
      return None
    _V1.logging.info("Performing best model export.")
    self._best_eval_result = eval_result
    export_result = self._saved_model_exporter.export(
        estimator, export_path, checkpoint_path, eval_result,
        is_the_final_export)
    _garbage_collect_exports(export_path, self._exports_to_keep)
    return export_result

  def _get_best_eval_result(self, event_files):
    """The best scalar-summary dict among the events of `event_files`."""
    best_eval_result = None
    for event_file in tf.io.gfile.glob(event_files):
      for event in _V1.train.summary_iterator(event_file):
        if not event.HasField("summary"):
          continue
        event_eval_result = {
            value.tag: value.simple_value for value in event.summary.value
            if value.HasField("simple_value")}
        if event_eval_result and (
            best_eval_result is None
            or self._compare_fn(best_eval_result, event_eval_result)):
          best_eval_result = event_eval_result
    return best_eval_result


class FinalExporter(Exporter):
  """Exports once, after the final evaluation (at `TrainSpec.max_steps`).

  Args:
    name: The export directory's name under `model_dir/export/`.
    serving_input_receiver_fn: Returns the serving `ServingInputReceiver`.
    assets_extra: `{destination: source}` files to copy into `assets.extra/`.
    as_text: Write `saved_model.pbtxt`.
  """

  def __init__(self, name, serving_input_receiver_fn, assets_extra=None,
               as_text=False):
    self._saved_model_exporter = _SavedModelExporter(
        name, serving_input_receiver_fn, assets_extra, as_text)

  @property
  def name(self):
    return self._saved_model_exporter.name

  def export(self, estimator, export_path, checkpoint_path, eval_result,
             is_the_final_export):
    if not is_the_final_export:
      return None
    _V1.logging.info("Performing the final export in the end of training.")
    return self._saved_model_exporter.export(
        estimator, export_path, checkpoint_path, eval_result,
        is_the_final_export)
