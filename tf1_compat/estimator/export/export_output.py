"""`tf.estimator.export.*Output`: what a `model_fn` exports, as a `SignatureDef`.

A `model_fn` names its serving outputs in `EstimatorSpec.export_outputs`, a dict
`{signature_name: ExportOutput}`; at export each becomes one `SignatureDef` whose
inputs are the serving input receiver's tensors. `PredictOutput` serves any dict
of tensors; `ClassificationOutput` and `RegressionOutput` need a single string
input (serialized `tf.Example`s), as TensorFlow Serving's Classify and Regress
APIs do. `TrainOutput` and `EvalOutput` describe the graphs exported for
`ModeKeys.TRAIN` and `ModeKeys.EVAL` (TF 1.15 kept them out of the public
`tf.estimator.export` namespace, and so do we).
"""

import abc

import tensorflow as tf

from tf1_compat.estimator import errors

_V1 = tf.compat.v1
_SIGNATURES = _V1.saved_model.signature_def_utils

# TensorFlow's method names for supervised signatures (not exported publicly in
# TF 2.21's `signature_constants`).
SUPERVISED_TRAIN_METHOD_NAME = "tensorflow/supervised/training"
SUPERVISED_EVAL_METHOD_NAME = "tensorflow/supervised/eval"


class ExportOutput(abc.ABC):
  """An output of a model that can be served; typically one per model head."""

  _SEPARATOR_CHAR = "/"

  @abc.abstractmethod
  def as_signature_def(self, receiver_tensors):
    """The `SignatureDef` of this output, fed by `receiver_tensors`.

    Args:
      receiver_tensors: A dict of string to `Tensor`: the input nodes.
    """

  def _check_output_key(self, key, error_label):
    # Multi-head models may key outputs by tuples of strings.
    if isinstance(key, tuple):
      key = self._SEPARATOR_CHAR.join(key)
    if not isinstance(key, str):
      raise errors.EstimatorValueError(
          "{} output key must be a string; got {}.".format(error_label, key))
    return key

  def _wrap_and_check_outputs(self, outputs, single_output_default_name,
                              error_label=None):
    """`outputs` as a new dict of string to `Tensor`, checked."""
    if not isinstance(outputs, dict):
      outputs = {single_output_default_name: outputs}
    error_name = error_label or single_output_default_name
    checked = {}
    for key, value in outputs.items():
      key = self._check_output_key(key, error_name)
      if not isinstance(value, tf.Tensor):
        raise errors.EstimatorValueError(
            "{} output value must be a Tensor; got {}.".format(error_name,
                                                               value))
      checked[key] = value
    return checked


def _single_string_input(receiver_tensors, kind):
  if len(receiver_tensors) != 1:
    raise errors.EstimatorValueError(
        "{} input must be a single string Tensor; got {}".format(
            kind, receiver_tensors))
  (_, examples), = receiver_tensors.items()
  if tf.as_dtype(examples.dtype) != tf.string:
    raise errors.EstimatorValueError(
        "{} input must be a single string Tensor; got {}".format(
            kind, receiver_tensors))
  return examples


class ClassificationOutput(ExportOutput):
  """The output of a classification head: string `classes`, float `scores`.

  Either may be None, not both. Classes alone are top-k labels in descending
  order; scores alone score every class in class-id order; both are zipped.
  """

  def __init__(self, scores=None, classes=None):
    if scores is not None and not (isinstance(scores, tf.Tensor)
                                   and scores.dtype.is_floating):
      raise errors.EstimatorValueError(
          "Classification scores must be a float32 Tensor; got {}".format(
              scores))
    if classes is not None and not (isinstance(classes, tf.Tensor)
                                    and tf.as_dtype(classes.dtype) == tf.string):
      raise errors.EstimatorValueError(
          "Classification classes must be a string Tensor; got {}".format(
              classes))
    if scores is None and classes is None:
      raise errors.EstimatorValueError(
          "At least one of scores and classes must be set.")
    self._scores = scores
    self._classes = classes

  @property
  def scores(self):
    return self._scores

  @property
  def classes(self):
    return self._classes

  def as_signature_def(self, receiver_tensors):
    examples = _single_string_input(receiver_tensors, "Classification")
    return _SIGNATURES.classification_signature_def(examples, self.classes,
                                                    self.scores)


class RegressionOutput(ExportOutput):
  """The output of a regression head: one float `Tensor` of values."""

  def __init__(self, value):
    if not (isinstance(value, tf.Tensor) and value.dtype.is_floating):
      raise errors.EstimatorValueError(
          "Regression output value must be a float32 Tensor; got {}".format(
              value))
    self._value = value

  @property
  def value(self):
    return self._value

  def as_signature_def(self, receiver_tensors):
    examples = _single_string_input(receiver_tensors, "Regression")
    return _SIGNATURES.regression_signature_def(examples, self.value)


class PredictOutput(ExportOutput):
  """The output of a generic prediction head: a dict of named `Tensor`s.

  A single `Tensor` is served under the name `output`.
  """

  _SINGLE_OUTPUT_DEFAULT_NAME = "output"

  def __init__(self, outputs):
    self._outputs = self._wrap_and_check_outputs(
        outputs, self._SINGLE_OUTPUT_DEFAULT_NAME, error_label="Prediction")

  @property
  def outputs(self):
    return self._outputs

  def as_signature_def(self, receiver_tensors):
    return _SIGNATURES.predict_signature_def(receiver_tensors, self.outputs)


class _SupervisedOutput(ExportOutput):
  """Loss, predictions and metrics of a training or evaluation graph.

  Output keys are prefixed `loss/`, `predictions/` and `metrics/` (a metric
  `m` gives `metrics/m/value` and `metrics/m/update_op`); an update `Operation`
  is wrapped in an empty constant that depends on it, because a `SignatureDef`
  holds tensors only.
  """

  LOSS_NAME = "loss"
  PREDICTIONS_NAME = "predictions"
  METRICS_NAME = "metrics"
  METRIC_VALUE_SUFFIX = "value"
  METRIC_UPDATE_SUFFIX = "update_op"

  def __init__(self, loss=None, predictions=None, metrics=None):
    self._loss = None
    self._predictions = None
    self._metrics = None
    if loss is not None:
      self._loss = self._prefix_output_keys(
          self._wrap_and_check_outputs(loss, self.LOSS_NAME), self.LOSS_NAME)
    if predictions is not None:
      self._predictions = self._prefix_output_keys(
          self._wrap_and_check_outputs(predictions, self.PREDICTIONS_NAME),
          self.PREDICTIONS_NAME)
    if metrics is not None:
      self._metrics = self._wrap_and_check_metrics(metrics)

  def _prefix_key(self, key, output_name):
    if key.find(output_name) != 0:
      key = output_name + self._SEPARATOR_CHAR + key
    return key

  def _prefix_output_keys(self, output_dict, output_name):
    return {self._prefix_key(k, output_name): v for k, v in output_dict.items()}

  def _wrap_and_check_metrics(self, metrics):
    if not isinstance(metrics, dict):
      metrics = {self.METRICS_NAME: metrics}
    outputs = {}
    for key, value in metrics.items():
      if isinstance(value, tuple):
        metric_value, metric_op = value
      else:  # A Keras metric object.
        metric_value = value.result()
        metric_op = value.updates[0]
      key = self._prefix_key(self._check_output_key(key, self.METRICS_NAME),
                             self.METRICS_NAME)
      value_name = key + self._SEPARATOR_CHAR + self.METRIC_VALUE_SUFFIX
      op_name = key + self._SEPARATOR_CHAR + self.METRIC_UPDATE_SUFFIX
      if not isinstance(metric_value, tf.Tensor):
        raise errors.EstimatorValueError(
            "{} output value must be a Tensor; got {}.".format(key,
                                                               metric_value))
      if not isinstance(metric_op, (tf.Tensor, tf.Operation)):
        raise errors.EstimatorValueError(
            "{} update_op must be a Tensor or Operation; got {}.".format(
                key, metric_op))
      if isinstance(metric_op, tf.Operation):
        with tf.control_dependencies([metric_op]):
          metric_op = tf.constant([], name="metric_op_wrapper")
      outputs[value_name] = metric_value
      outputs[op_name] = metric_op
    return outputs

  @property
  def loss(self):
    return self._loss

  @property
  def predictions(self):
    return self._predictions

  @property
  def metrics(self):
    return self._metrics

  @property
  @abc.abstractmethod
  def method_name(self):
    """The `SignatureDef` method name."""

  def as_signature_def(self, receiver_tensors):
    if not receiver_tensors:
      raise errors.EstimatorValueError(
          "{} inputs cannot be None or empty.".format(self.method_name))
    info = _V1.saved_model.utils.build_tensor_info
    inputs = {k: info(t) for k, t in receiver_tensors.items()}
    outputs = {}
    for output_set in (self.loss, self.predictions, self.metrics):
      if output_set is not None:
        outputs.update({k: info(t) for k, t in output_set.items()})
    return _SIGNATURES.build_signature_def(inputs, outputs, self.method_name)


class TrainOutput(_SupervisedOutput):
  """The outputs of a graph exported for `ModeKeys.TRAIN`."""

  @property
  def method_name(self):
    return SUPERVISED_TRAIN_METHOD_NAME


class EvalOutput(_SupervisedOutput):
  """The outputs of a graph exported for `ModeKeys.EVAL`."""

  @property
  def method_name(self):
    return SUPERVISED_EVAL_METHOD_NAME
