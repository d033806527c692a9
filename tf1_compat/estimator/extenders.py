"""`tf.estimator.add_metrics`: TF 1.15's way to add evaluation metrics to an
Estimator without touching its `model_fn`."""

from tf1_compat.estimator import estimator as estimator_lib
from tf1_compat.estimator import util
from tf1_compat.estimator.mode_keys import ModeKeys

_METRIC_FN_ARGS = ("features", "labels", "predictions", "config")


def add_metrics(estimator, metric_fn):
  """A new Estimator whose evaluations also report `metric_fn`'s metrics.

  `metric_fn` takes any of `features`, `labels`, `predictions` (the model's,
  as its EVAL spec gives them) and `config`, by name, and returns a dict of
  metric name -> `(value_op, update_op)`, as `tf.metrics.*` give; a name the
  model already reports is replaced. The new Estimator shares the model
  directory, config and warm-start settings; training and prediction are
  unchanged.

  Raises:
    ValueError: `metric_fn` takes other arguments.
  """
  args = util.fn_args(metric_fn)
  unexpected = [arg for arg in args if arg not in _METRIC_FN_ARGS]
  if unexpected:
    raise ValueError("metric_fn (%s) has following not expected args: %s; it "
                     "may take %s" % (metric_fn, unexpected,
                                      ", ".join(_METRIC_FN_ARGS)))
  model_fn = estimator.model_fn

  def new_model_fn(features, labels, mode, config):
    spec = model_fn(features, labels, mode, config)
    if mode != ModeKeys.EVAL:
      return spec
    given = {"features": features, "labels": labels,
             "predictions": spec.predictions, "config": config}
    metrics = dict(spec.eval_metric_ops or {})
    metrics.update(metric_fn(**{arg: given[arg] for arg in args}))
    return spec._replace(eval_metric_ops=metrics)

  return estimator_lib.Estimator(
      model_fn=new_model_fn, model_dir=estimator.model_dir,
      config=estimator.config,
      warm_start_from=estimator._warm_start_settings)  # pylint: disable=protected-access
