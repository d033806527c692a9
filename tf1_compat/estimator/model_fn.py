"""`tf.estimator.EstimatorSpec`: what a `model_fn` returns, validated as TF 1.15.

A `model_fn(features, labels, mode, params, config)` (any subset of those
arguments, `features` required) builds the graph for one mode and returns an
`EstimatorSpec`:

* TRAIN needs `loss` and `train_op`;
* EVAL needs `loss` (and may add `eval_metric_ops`);
* PREDICT needs `predictions` (and may name `export_outputs`; without them one
  `PredictOutput` of the predictions is served as `serving_default`).

Every tensor must belong to the graph being built (the default graph); `loss`
must have one element and is reshaped to a scalar. A metric is a
`(value, update_op)` pair, as `tf.metrics.*` return, or a Keras metric object
(tf_keras's, graph mode) that was updated, turned into such a pair.
"""

import collections
import sys

import tensorflow as tf

from tf1_compat.estimator import errors
from tf1_compat.estimator import util
from tf1_compat.estimator.export import export_utils
from tf1_compat.estimator.mode_keys import ModeKeys

_V1 = tf.compat.v1

LOSS_METRIC_KEY = "loss"
AVERAGE_LOSS_METRIC_KEY = "average_loss"
VALID_MODEL_FN_ARGS = frozenset(
    ["features", "labels", "mode", "params", "self", "config"])

_DEFAULT_GRAPH_ERROR = (
    '{0} with "{1}" must be from the default graph. '
    "Possible causes of this error include: \n\n"
    "1) {0} was created outside the context of the default graph."
    "\n\n"
    "2) The object passed through to EstimatorSpec was not created "
    'in the most recent call to "model_fn".')


def _in_default_graph(value):
  return tf.executing_eagerly() or value.graph is _V1.get_default_graph()


def _check_is_tensor(value, name):
  if not isinstance(value, (tf.Tensor, tf.Variable)):
    raise errors.EstimatorTypeError(
        "{} must be Tensor, given: {}".format(name, value))
  return value


def _validate_train_op(train_op, mode):
  if train_op is None:
    if mode == ModeKeys.TRAIN:
      raise errors.EstimatorValueError(
          "Missing train_op. An EstimatorSpec for mode 'train' needs the op "
          "that runs one training step (e.g. optimizer.minimize(loss, "
          "global_step=tf.train.get_global_step())).")
    return None
  if not isinstance(train_op, (tf.Operation, tf.Tensor, tf.Variable)):
    raise errors.EstimatorTypeError(
        "train_op must be Operation or Tensor, given: {}".format(train_op))
  if isinstance(train_op, tf.Variable):
    train_op = train_op.op
  if not _in_default_graph(train_op):
    raise errors.EstimatorValueError(
        _DEFAULT_GRAPH_ERROR.format("train_op", train_op.name))
  return train_op


def _validate_loss(loss, mode):
  if loss is None:
    if mode in (ModeKeys.TRAIN, ModeKeys.EVAL):
      raise errors.EstimatorValueError(
          "Missing loss. An EstimatorSpec for mode %r needs a scalar loss "
          "Tensor." % mode)
    return None
  loss = _check_is_tensor(loss, "loss")
  shape = loss.shape
  if shape.num_elements() not in (None, 1):
    raise errors.EstimatorValueError(
        "Loss must be scalar, given: {}".format(loss))
  if not _in_default_graph(loss):
    raise errors.EstimatorValueError(
        _DEFAULT_GRAPH_ERROR.format("loss", loss.name))
  if not shape.is_compatible_with(tf.TensorShape([])):
    loss = tf.reshape(loss, [])
  return loss


def _validate_predictions(predictions, mode):
  if predictions is None:
    if mode == ModeKeys.PREDICT:
      raise errors.EstimatorValueError(
          "Missing predictions. An EstimatorSpec for mode 'infer' needs "
          "predictions (a Tensor or a dict of Tensors).")
    return {}
  if isinstance(predictions, dict):
    predictions = {k: _check_is_tensor(v, "predictions[{}]".format(k))
                   for k, v in predictions.items()}
    for key, value in predictions.items():
      if not _in_default_graph(value):
        raise errors.EstimatorValueError(_DEFAULT_GRAPH_ERROR.format(
            "prediction values", "{0}: {1}".format(key, value.name)))
    return predictions
  predictions = _check_is_tensor(predictions, "predictions")
  if not _in_default_graph(predictions):
    raise errors.EstimatorValueError(
        _DEFAULT_GRAPH_ERROR.format("prediction values", predictions.name))
  return predictions


def _validate_hooks(hooks):
  hooks = tuple(hooks or [])
  for hook in hooks:
    if not isinstance(hook, _V1.train.SessionRunHook):
      raise errors.EstimatorTypeError(
          "All hooks must be SessionRunHook instances, given: {}".format(hook))
  return hooks


# The modules whose `Metric` runs in TF1 graph mode: tf_keras (Keras 2, the
# runner's `tf.keras`) and TensorFlow's own frozen copy of TF 1.x Keras, the
# `tf.keras` of TF 1.15 itself. A metric object of either can exist only once
# its module has been imported, so neither is imported here.
_KERAS_METRICS_MODULES = ("tf_keras.metrics", "tensorflow.python.keras.metrics")


def _is_keras_metric(value):
  for name in _KERAS_METRICS_MODULES:
    module = sys.modules.get(name)
    if module is not None and isinstance(value, module.Metric):
      return True
  return False


def _add_to_collection_once(collection, variables):
  present = set(_V1.get_collection(collection))
  for variable in variables:
    if variable not in present:
      _V1.add_to_collection(collection, variable)


def _validate_eval_metric_ops(eval_metric_ops):
  """A new dict of name to `(value, update_op)`, Keras metrics converted."""
  if eval_metric_ops is None:
    return {}
  if not isinstance(eval_metric_ops, dict):
    raise errors.EstimatorTypeError(
        "eval_metric_ops must be a dict, given: {}".format(eval_metric_ops))
  for key, value in eval_metric_ops.items():
    if _is_keras_metric(value):
      if not value.updates:
        raise errors.EstimatorValueError(
            'Please call update_state(...) on the "{}" metric'.format(
                value.name))
    elif not isinstance(value, tuple) or len(value) != 2:
      raise errors.EstimatorTypeError(
          "Values of eval_metric_ops must be (metric_value, update_op) "
          "tuples, given: {} for key: {}".format(value, key))
  for key, value in eval_metric_ops.items():
    if _is_keras_metric(value):
      to_check = list(value.updates) + [value.result()]
    else:
      to_check = tf.nest.flatten(value)
    for item in to_check:
      if not hasattr(item, "graph"):
        raise errors.EstimatorTypeError(
            "Values of eval_metric_ops must be (metric_value, update_op) "
            "tuples of Tensors or Operations, given: {} for key: {}".format(
                value, key))
      if not _in_default_graph(item):
        raise errors.EstimatorValueError(_DEFAULT_GRAPH_ERROR.format(
            "eval_metric_ops", "{0}: {1}".format(key, item.name)))
  validated = {}
  metric_variables = []
  for key, value in eval_metric_ops.items():
    if _is_keras_metric(value):
      metric_variables.extend(value.variables)
      value = (value.result(), value.updates[0])
    validated[key] = value
  _add_to_collection_once(_V1.GraphKeys.LOCAL_VARIABLES, metric_variables)
  _add_to_collection_once(_V1.GraphKeys.METRIC_VARIABLES, metric_variables)
  return validated


def _validate_scaffold(scaffold):
  scaffold = scaffold or _V1.train.Scaffold()
  if not isinstance(scaffold, _V1.train.Scaffold):
    raise errors.EstimatorTypeError(
        "scaffold must be tf.train.Scaffold. Given: {}".format(scaffold))
  return scaffold


class EstimatorSpec(collections.namedtuple("EstimatorSpec", [
    "mode", "predictions", "loss", "train_op", "eval_metric_ops",
    "export_outputs", "training_chief_hooks", "training_hooks", "scaffold",
    "evaluation_hooks", "prediction_hooks"])):
  """The ops and objects a `model_fn` returns to an `Estimator`.

  Build it inside the `model_fn`, in the graph the `Estimator` created. Fields
  a mode does not use are kept and ignored (`train_op` when predicting).

  Attributes:
    mode: A `ModeKeys` value.
    predictions: A `Tensor` or dict of `Tensor`s (`{}` if not given).
    loss: A scalar `Tensor` (one of shape `[1]` is reshaped), or None.
    train_op: The `Operation` of one training step, or None.
    eval_metric_ops: A dict of name to `(value, update_op)`.
    export_outputs: A dict of name to `ExportOutput`, in PREDICT mode always
      with a `serving_default` entry; None in other modes when not given.
    training_chief_hooks: Hooks run by the chief only, when training.
    training_hooks: Hooks run by every worker when training.
    scaffold: A `tf.train.Scaffold` (a default one if not given).
    evaluation_hooks: Hooks run when evaluating.
    prediction_hooks: Hooks run when predicting.
  """

  def __new__(cls, mode, predictions=None, loss=None, train_op=None,
              eval_metric_ops=None, export_outputs=None,
              training_chief_hooks=None, training_hooks=None, scaffold=None,
              evaluation_hooks=None, prediction_hooks=None):
    train_op = _validate_train_op(train_op, mode)
    loss = _validate_loss(loss, mode)
    predictions = _validate_predictions(predictions, mode)
    if mode == ModeKeys.PREDICT:
      export_outputs = export_utils.get_export_outputs(export_outputs,
                                                       predictions)
    return super().__new__(
        cls, mode=mode, predictions=predictions, loss=loss, train_op=train_op,
        eval_metric_ops=_validate_eval_metric_ops(eval_metric_ops),
        export_outputs=export_outputs,
        training_chief_hooks=_validate_hooks(training_chief_hooks),
        training_hooks=_validate_hooks(training_hooks),
        scaffold=_validate_scaffold(scaffold),
        evaluation_hooks=_validate_hooks(evaluation_hooks),
        prediction_hooks=_validate_hooks(prediction_hooks))

  def _replace(self, **kwds):
    """A new, validated `EstimatorSpec` with some fields replaced.

    Raises:
      EstimatorValueError: `mode` would change.
    """
    if "mode" in kwds and self.mode != kwds["mode"]:
      raise errors.EstimatorValueError(
          "mode of EstimatorSpec cannot be changed.")
    fields = {name: kwds.pop(name, value)
              for name, value in zip(self._fields, self)}
    if kwds:
      raise errors.EstimatorValueError(
          "Got unexpected field names: %r" % sorted(kwds))
    return EstimatorSpec(**fields)


class _TPUEstimatorSpec(collections.namedtuple("TPUEstimatorSpec", [
    "mode", "predictions", "loss", "train_op", "eval_metrics",
    "export_outputs", "scaffold_fn", "host_call", "training_hooks",
    "evaluation_hooks", "prediction_hooks"])):
  """TF 1.15's spec of the v1 heads' `_create_tpu_estimator_spec`.

  A head written for TF 1.15 (`head_lib._Head`) may build this instead of an
  `EstimatorSpec`, for TPUs; away from a TPU, `as_estimator_spec()` is the
  `EstimatorSpec` it stands for. Its metrics are `eval_metrics`, a
  `(metric_fn, tensors)` pair, called then as `metric_fn(**tensors)`; the
  TPU-only `scaffold_fn` and `host_call` are kept and not used (the TPU
  estimator is not rebuilt).
  """

  def __new__(cls, mode, predictions=None, loss=None, train_op=None,
              eval_metrics=None, export_outputs=None, scaffold_fn=None,
              host_call=None, training_hooks=None, evaluation_hooks=None,
              prediction_hooks=None):
    predictions = _validate_predictions(predictions, mode)
    if mode == ModeKeys.PREDICT:
      export_outputs = export_utils.get_export_outputs(export_outputs,
                                                       predictions)
    return super().__new__(
        cls, mode=mode, predictions=predictions,
        loss=_validate_loss(loss, mode),
        train_op=_validate_train_op(train_op, mode),
        eval_metrics=eval_metrics, export_outputs=export_outputs,
        scaffold_fn=scaffold_fn, host_call=host_call,
        training_hooks=_validate_hooks(training_hooks),
        evaluation_hooks=_validate_hooks(evaluation_hooks),
        prediction_hooks=_validate_hooks(prediction_hooks))

  def as_estimator_spec(self):
    """The `EstimatorSpec` of the same mode, ops and hooks."""
    eval_metric_ops = None
    if self.eval_metrics:
      metric_fn, tensors = self.eval_metrics
      eval_metric_ops = metric_fn(**tensors)
    return EstimatorSpec(
        mode=self.mode, predictions=self.predictions, loss=self.loss,
        train_op=self.train_op, eval_metric_ops=eval_metric_ops,
        export_outputs=self.export_outputs,
        training_hooks=self.training_hooks,
        evaluation_hooks=self.evaluation_hooks,
        prediction_hooks=self.prediction_hooks)


def verify_model_fn_args(model_fn, params):
  """Checks `model_fn`'s argument names as TF 1.15 did.

  Raises:
    EstimatorValueError: `features` is not an argument; `params` are given but
      not accepted; an argument is none of features, labels, mode, params,
      config (and `self`).
  """
  args = set(util.fn_args(model_fn))
  if "features" not in args:
    raise errors.EstimatorValueError(
        "model_fn (%s) must include features argument." % model_fn)
  if params is not None and "params" not in args:
    raise errors.EstimatorValueError(
        "model_fn (%s) does not include params argument, but params (%s) is "
        "passed to Estimator." % (model_fn, params))
  if params is None and "params" in args:
    _V1.logging.warning(
        "Estimator's model_fn (%s) includes params argument, but params are "
        "not passed to Estimator.", model_fn)
  unexpected = sorted(args - VALID_MODEL_FN_ARGS)
  if unexpected:
    raise errors.EstimatorValueError(
        "model_fn (%s) has following not expected args: %s" % (model_fn,
                                                                unexpected))


def call_logit_fn(logit_fn, features, mode, params, config):
  """Calls `logit_fn` with the subset of mode, params and config it accepts.

  TF 1.15's `tf.estimator.experimental.call_logit_fn`, for heads and canned
  estimators.

  Returns:
    The logits: a `Tensor` or a dict of string to `Tensor`.
  """
  args = util.fn_args(logit_fn)
  kwargs = {name: value for name, value in
            (("mode", mode), ("params", params), ("config", config))
            if name in args}
  logits = logit_fn(features=features, **kwargs)
  valid_dict = isinstance(logits, dict) and all(
      isinstance(k, str) and isinstance(v, tf.Tensor)
      for k, v in logits.items())
  if not (valid_dict or isinstance(logits, tf.Tensor)):
    raise errors.EstimatorValueError(
        "logit_fn should return a Tensor or a dictionary mapping strings to "
        "Tensors.  logit_fn returned: %s" % logits)
  return logits
