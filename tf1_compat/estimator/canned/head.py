"""TF 1.15's v1 heads: from logits to predictions, loss, metrics and a train op.

A head turns the logits a canned model computes into the `EstimatorSpec` of a
mode: predictions and serving signatures (PREDICT), the loss and TF 1.15's
metrics (EVAL), and `optimizer.minimize(loss, global_step)` with the loss
summaries (TRAIN). These are the heads TF 1.15's v1 canned estimators
(`tf.estimator.DNNClassifier`, ... in a TF1 program) built internally
(`head_lib._binary_logistic_head_with_sigmoid_cross_entropy_loss`,
`_multi_class_head_with_softmax_cross_entropy_loss`, `_regression_head`), not
the v2 `tf.estimator.*Head` classes, which train with Keras optimizers.

The training loss is the per-example loss times the example weights, reduced
over the batch by `loss_reduction`: `tf.losses.Reduction.SUM` by default, as
TF 1.15's v1 canned estimators did (its v2 classes used `SUM_OVER_BATCH_SIZE`).
So the `loss` an evaluation reports is the mean over batches of the summed
batch loss, and `average_loss` the weighted mean per-example loss.

Labels must be dense, `[D0, ..., DN, label_dimension]` for logits
`[D0, ..., DN, logits_dimension]` (`[D0, ..., DN]` is expanded when the label
dimension is 1). Shapes known when the graph is built are checked then, naming
the expected and the actual shape; the rest by assertions at run time, with
TF 1.15's messages.
"""

import abc
import collections

import tensorflow as tf

from tf1_compat.estimator import errors
from tf1_compat.estimator import model_fn as model_fn_lib
from tf1_compat.estimator import util
from tf1_compat.estimator.canned import features as features_lib
from tf1_compat.estimator.canned import metric_keys
from tf1_compat.estimator.canned import prediction_keys
from tf1_compat.estimator.export import export_output
from tf1_compat.estimator.mode_keys import ModeKeys

_V1 = tf.compat.v1
_REDUCTION = _V1.losses.Reduction
_METRICS = _V1.metrics
_KEYS = metric_keys.MetricKeys
_PRED = prediction_keys.PredictionKeys

# The signature names of a head's serving outputs.
DEFAULT_SERVING_KEY = (
    _V1.saved_model.signature_constants.DEFAULT_SERVING_SIGNATURE_DEF_KEY)
CLASSIFY_SERVING_KEY = "classification"
REGRESS_SERVING_KEY = "regression"
PREDICT_SERVING_KEY = "predict"

# The label a class id outside the vocabulary maps back to.
_UNKNOWN_CLASS = "UNK"


class LossSpec(collections.namedtuple(
    "LossSpec",
    ["training_loss", "unreduced_loss", "weights", "processed_labels"])):
  """What `Head.create_loss` returns.

  Attributes:
    training_loss: The scalar loss, weighted and reduced over the batch.
    unreduced_loss: The per-example loss, `[D0, ..., DN, loss_dimension]`,
      unweighted.
    weights: The example weights (`1.` without a weight column), broadcastable
      to `unreduced_loss`.
    processed_labels: The labels as the loss saw them (class ids, floats,
      reshaped to `[D0, ..., DN, label_dimension]`).
  """


def _summary_key(head_name, value):
  return "%s/%s" % (value, head_name) if head_name else value


def _check_reduction(loss_reduction):
  if (loss_reduction not in _REDUCTION.all()
      or loss_reduction == _REDUCTION.NONE):
    raise errors.EstimatorValueError(
        "Invalid loss_reduction: {}".format(loss_reduction))


def _validate_loss_fn_args(loss_fn):
  """A `loss_fn` takes `labels` and `logits`, and optionally `features`."""
  args = util.fn_args(loss_fn)
  for required in ("labels", "logits"):
    if required not in args:
      raise errors.EstimatorValueError(
          "loss_fn must contain argument: {}. Given arguments: {}".format(
              required, args))
  invalid = sorted(set(args) - {"labels", "logits", "features"})
  if invalid:
    raise errors.EstimatorValueError(
        "loss_fn has unexpected args: {}".format(invalid))


def _static_dims(shape):
  return None if shape.rank is None else shape.as_list()


def check_dense_labels_match_logits_and_reshape(labels, logits,
                                                expected_labels_dimension):
  """`labels` as a Tensor `[D0, ..., DN, expected_labels_dimension]`.

  Labels of rank one less than the logits gain a last dimension of 1.

  Raises:
    EstimatorValueError: labels are None or sparse, or their static shape
      cannot be the expected one (named with the actual shape).
  """
  if labels is None:
    raise errors.EstimatorValueError(
        "You must provide a labels Tensor. Given: None. Suggested "
        "troubleshooting steps: Check that your data contain your label "
        "feature. Check that your input_fn properly parses and returns labels.")
  with _V1.name_scope(None, "labels", (labels, logits)) as scope:
    labels = _V1.convert_to_tensor_or_sparse_tensor(labels)
    if isinstance(labels, tf.SparseTensor):
      raise errors.EstimatorValueError(
          "SparseTensor labels are not supported. labels must be a Tensor of "
          "shape [D0, D1, ..., DN, %s], e.g. [batch_size, %s]. Suggested Fix "
          "(1): Check the label feature in your data. Each example must "
          "contain %s value(s). If not, your choice of label was probably "
          "incorrect. Suggested Fix (2): In your input_fn, use "
          "tf.sparse_tensor_to_dense() to turn labels into a Tensor."
          % ((expected_labels_dimension,) * 3))
    if (labels.shape.rank is not None and logits.shape.rank is not None
        and labels.shape.rank == logits.shape.rank - 1):
      labels = tf.expand_dims(labels, -1)
    expected_static = logits.shape[:-1].concatenate(
        [expected_labels_dimension])
    err_msg = (
        "labels shape must be [D0, D1, ... DN, {}]. Suggested Fix: check "
        "your n_classes argument to the estimator and/or the shape of your "
        "label.".format(expected_labels_dimension))
    static = labels.shape
    if static.rank is not None:
      if static.rank < 2:
        raise errors.EstimatorValueError(
            "%s Expected labels of shape %s (to match logits of shape %s), "
            "got labels of shape %s." % (err_msg, _static_dims(expected_static),
                                         _static_dims(logits.shape),
                                         static.as_list()))
      last = static[-1]
      if last is not None and last != expected_labels_dimension:
        raise errors.EstimatorValueError(
            "Mismatched label shape. Expected labels dimension=%s.  Received "
            "%s. Suggested Fix: If your classifier expects one-hot encoding "
            "label, check your n_classes argument to the estimator and/or the "
            "shape of your label. Otherwise, check the shape of your label. "
            "(Expected labels of shape %s to match logits of shape %s, got "
            "labels of shape %s.)"
            % (expected_labels_dimension, last, _static_dims(expected_static),
               _static_dims(logits.shape), static.as_list()))
      if not static.is_compatible_with(expected_static):
        raise errors.EstimatorValueError(
            "%s Expected labels of shape %s (to match logits of shape %s), "
            "got labels of shape %s." % (err_msg, _static_dims(expected_static),
                                         _static_dims(logits.shape),
                                         static.as_list()))
    assert_rank = _V1.assert_rank_at_least(labels, 2, message=err_msg)
    with tf.control_dependencies([assert_rank]):
      expected_labels_shape = tf.concat(
          [tf.shape(logits)[:-1], [expected_labels_dimension]], axis=0)
      labels_shape = tf.shape(labels)
      assert_dimension = _V1.assert_equal(
          expected_labels_shape, labels_shape, message=err_msg,
          data=["expected_labels_shape: ", expected_labels_shape,
                "labels_shape: ", labels_shape])
      with tf.control_dependencies([assert_dimension]):
        return tf.identity(labels, name=scope)


def _raw_weights(features, weight_column):
  """The weight column's float tensor, rank >= 2, before the shape checks."""
  if isinstance(weight_column, str):
    key, normalizer_fn = weight_column, None
  elif features_lib.is_numeric_column(weight_column):
    key, normalizer_fn = weight_column.key, weight_column.normalizer_fn
  else:
    raise errors.EstimatorTypeError(
        "Weight column must be either a string or _NumericColumn. Given "
        "type: {}.".format(type(weight_column)))
  if not isinstance(features, dict):
    raise errors.EstimatorValueError(
        "features should be a dictionary of `Tensor`s holding the weight "
        "column %r. Given type: %s" % (key, type(features)))
  if key not in features:
    raise errors.EstimatorValueError(
        "The weight column %r is not among the features %s; the input_fn "
        "must return it as a feature." % (key, sorted(features)))
  weights = _V1.convert_to_tensor_or_sparse_tensor(features[key])
  if isinstance(weights, tf.SparseTensor):
    raise errors.EstimatorValueError(
        "The weight column %r must be a dense Tensor, got a SparseTensor."
        % key)
  if not (weights.dtype.is_floating or weights.dtype.is_integer):
    raise errors.EstimatorValueError(
        "Weight column should be castable to float. Given dtype: {}".format(
            weights.dtype))
  if weights.shape.rank == 0:
    raise errors.EstimatorValueError(
        "Feature (key: {}) cannot have rank 0. Given: {}".format(key, weights))
  if weights.shape.rank == 1:
    weights = tf.expand_dims(weights, -1)
  if normalizer_fn is not None:
    weights = normalizer_fn(weights)
  return tf.cast(weights, tf.float32, name="weights")


def get_weights_and_check_match_logits(features, weight_column, logits,
                                       allow_per_logit_weights=False):
  """The example weights, `[D0, ..., DN, 1]` (or per logit), checked.

  Args:
    features: The features dict holding the weight feature.
    weight_column: None (every weight is `1.`), a feature key, or a
      `tf.feature_column.numeric_column` (its key and `normalizer_fn`).
    logits: The logits, `[D0, ..., DN, logits_dimension]`.
    allow_per_logit_weights: Whether weights may also be
      `[D0, ..., DN, logits_dimension]` (regression).

  Returns:
    `1.`, or a float32 Tensor.
  """
  if allow_per_logit_weights:
    err_msg = ("weights shape must be [D0, D1, ... DN], [D0, D1, ... DN, 1] "
               "or [D0, D1, ... DN, logits_dimension]")
  else:
    err_msg = "weights shape must be [D0, D1, ... DN] or [D0, D1, ... DN, 1]"
  if weight_column is None:
    return 1.
  with _V1.name_scope(None, "weights", (logits,)) as scope:
    weights = _raw_weights(features, weight_column)
    weights_shape = tf.shape(weights, name="weights_shape")
    logits_shape = tf.shape(logits, name="logits_shape")
    ranks_known = (weights.shape.rank is not None
                   and logits.shape.rank is not None)

    def shape_error():
      return errors.EstimatorValueError(
          "%s: got weights of shape %s for logits of shape %s."
          % (err_msg, weights.shape.as_list(), _static_dims(logits.shape)))

    if ranks_known and weights.shape.rank == logits.shape.rank - 1:
      if not weights.shape.is_compatible_with(logits.shape[:-1]):
        raise shape_error()
      assert_dimension = _V1.assert_equal(
          logits_shape[:-1], weights_shape, message=err_msg,
          data=["logits_shape: ", logits_shape,
                "weights_shape: ", weights_shape])
      with tf.control_dependencies([assert_dimension]):
        return tf.expand_dims(weights, -1, name=scope)
    allowed = [logits.shape[:-1].concatenate([1])]
    if allow_per_logit_weights:
      allowed.append(logits.shape)
    if ranks_known and not any(weights.shape.is_compatible_with(s)
                               for s in allowed):
      raise shape_error()
    supported_shape = tf.concat([logits_shape[:-1], [1]], axis=0)
    if allow_per_logit_weights:
      condition = tf.reduce_any(
          [tf.reduce_all(tf.equal(logits_shape, weights_shape)),
           tf.reduce_all(tf.equal(supported_shape, weights_shape))])
      assert_dimension = _V1.Assert(
          condition, [err_msg, "logits_shape: ", logits_shape,
                      "weights_shape: ", weights_shape])
    else:
      assert_dimension = _V1.assert_equal(
          supported_shape, weights_shape, message=err_msg,
          data=["logits_shape: ", logits_shape,
                "weights_shape: ", weights_shape])
    with tf.control_dependencies([assert_dimension]):
      return tf.identity(weights, name=scope)


def check_logits_final_dim(logits, expected_logits_dimension):
  """`logits` as float32, checked to be `[D0, ..., DN, logits_dimension]`."""
  with _V1.name_scope(None, "logits", (logits,)) as scope:
    logits = tf.cast(logits, tf.float32)
    logits_shape = tf.shape(logits)
    message = "logits shape must be [D0, D1, ... DN, logits_dimension]"
    # A Tensor `expected_logits_dimension` (TF 1.15 took one for n_classes)
    # is not compared with the static shape.
    if logits.shape.rank is not None and logits.shape.rank < 2:
      raise errors.EstimatorValueError(
          "%s, got %s (logits_dimension %s)."
          % (message, logits.shape, expected_logits_dimension))
    assert_rank = _V1.assert_rank_at_least(logits, 2, data=[logits_shape],
                                           message=message)
    with tf.control_dependencies([assert_rank]):
      static = logits.shape
      if static.rank is not None and static[-1] is not None:
        if (isinstance(expected_logits_dimension, int)
            and static[-1] != expected_logits_dimension):
          raise errors.EstimatorValueError(
              "%s, got %s (logits_dimension %d)."
              % (message, static, expected_logits_dimension))
        return logits
      assert_dimension = _V1.assert_equal(
          expected_logits_dimension, logits_shape[-1], data=[logits_shape],
          message=message)
      with tf.control_dependencies([assert_dimension]):
        return tf.identity(logits, name=scope)


def _call_loss_fn(loss_fn, labels, logits, features, expected_loss_dim=1):
  """`loss_fn`'s unreduced loss, asserted to be `[D0, ..., DN, dim]`."""
  kwargs = {}
  if "features" in util.fn_args(loss_fn):
    kwargs["features"] = features
  with _V1.name_scope(None, "call_loss_fn", [labels, logits]):
    unweighted_loss = loss_fn(labels=labels, logits=logits, **kwargs)
    logits_shape = tf.shape(logits, name="logits_shape")
    expected_loss_shape = tf.concat(
        [logits_shape[:-1], [expected_loss_dim]], axis=0,
        name="expected_loss_shape")
    loss_shape = tf.shape(unweighted_loss, name="loss_shape")
    check_loss_shape = _V1.Assert(
        tf.reduce_all(tf.equal(loss_shape, expected_loss_shape)),
        data=["loss_fn must return Tensor of shape [D0, D1, ... DN, {}]. "
              .format(expected_loss_dim), "logits_shape: ", logits_shape,
              "loss_shape: ", loss_shape],
        name="check_loss_shape")
    with tf.control_dependencies([check_loss_shape]):
      return tf.identity(unweighted_loss)


def _assert_range(labels, n_classes, message=None):
  with _V1.name_scope(None, "assert_range", (labels,)):
    assert_less = _V1.assert_less_equal(
        labels, tf.cast(n_classes - 1, labels.dtype),
        message=message or "Labels must <= n_classes - 1")
    assert_greater = _V1.assert_non_negative(
        labels, message=message or "Labels must >= 0")
    with tf.control_dependencies((assert_less, assert_greater)):
      return tf.identity(labels)


def _class_id_table(label_vocabulary):
  """Label string -> class id (-1 for a label outside the vocabulary)."""
  return _V1.lookup.StaticHashTable(
      _V1.lookup.KeyValueTensorInitializer(
          keys=tf.constant(list(label_vocabulary), dtype=tf.string),
          values=tf.range(len(label_vocabulary), dtype=tf.int64)),
      default_value=-1, name="class_id_lookup")


def _class_string_table(label_vocabulary):
  """Class id -> label string (TF1's `index_to_string_table_from_tensor`)."""
  return _V1.lookup.StaticHashTable(
      _V1.lookup.KeyValueTensorInitializer(
          keys=tf.range(len(label_vocabulary), dtype=tf.int64),
          values=tf.constant(list(label_vocabulary), dtype=tf.string)),
      default_value=_UNKNOWN_CLASS, name="class_string_lookup")


def _broadcast(weights, values):
  return tf.cast(weights, tf.float32) * tf.ones_like(values, dtype=tf.float32)


def _all_class_ids(logits, n_classes):
  batch_size = tf.shape(logits)[0]
  return tf.tile(tf.expand_dims(tf.range(n_classes), 0), [batch_size, 1])


def _all_classes(logits, n_classes, label_vocabulary=None):
  batch_size = tf.shape(logits)[0]
  if label_vocabulary:
    names = tf.constant(list(label_vocabulary), dtype=tf.string)
  else:
    names = tf.strings.as_string(tf.range(n_classes))
  return tf.tile(tf.expand_dims(names, 0), [batch_size, 1])


def _classes_from_ids(class_ids, label_vocabulary):
  if label_vocabulary:
    return _class_string_table(label_vocabulary).lookup(class_ids)
  return tf.strings.as_string(class_ids, name="str_classes")


def _predictions_mean(predictions, weights=None, name=None):
  with _V1.name_scope(name, "predictions_mean",
                      (predictions, weights)) as scope:
    predictions = tf.cast(predictions, tf.float32, name="predictions")
    if weights is not None:
      weights = _broadcast(weights, predictions)
    return _METRICS.mean(predictions, weights=weights, name=scope)


def _indicator_labels_mean(labels, weights=None, name=None):
  with _V1.name_scope(name, "labels_mean", (labels, weights)) as scope:
    labels = tf.cast(labels, tf.float32, name="labels")
    if weights is not None:
      weights = _broadcast(weights, labels)
    return _METRICS.mean(labels, weights=weights, name=scope)


def _accuracy_baseline(labels_mean):
  """The accuracy of always predicting the more frequent class."""
  with _V1.name_scope(None, "accuracy_baseline", labels_mean):
    value, update_op = labels_mean
    return (tf.maximum(value, 1. - value, name="value"),
            tf.maximum(update_op, 1 - update_op, name="update_op"))


def _auc(labels, predictions, weights=None, curve="ROC", name=None):
  with _V1.name_scope(name, "auc", (predictions, labels, weights)) as scope:
    predictions = tf.cast(predictions, tf.float32, name="predictions")
    if weights is not None:
      weights = _broadcast(weights, predictions)
    return _METRICS.auc(labels=labels, predictions=predictions,
                        weights=weights, curve=curve, name=scope)


def _accuracy_at_threshold(labels, predictions, weights, threshold, name=None):
  with _V1.name_scope(name, "accuracy_at_%s" % threshold,
                      (predictions, labels, weights)) as scope:
    threshold_predictions = tf.cast(
        tf.greater_equal(predictions, threshold), tf.float32)
    return _METRICS.accuracy(labels=labels, predictions=threshold_predictions,
                             weights=weights, name=scope)


def _at_threshold(metric, labels, predictions, weights, threshold, name):
  with _V1.name_scope(name, None, (predictions, labels, weights)) as scope:
    value, update_op = metric(labels=labels, predictions=predictions,
                              thresholds=(threshold,), weights=weights,
                              name=scope)
    return tf.squeeze(value), tf.squeeze(update_op)


def _append_update_ops(train_op):
  """`train_op`, grouped with the `UPDATE_OPS` (batch norm) if there are any."""
  update_ops = _V1.get_collection(_V1.GraphKeys.UPDATE_OPS)
  if update_ops:
    return tf.group(train_op, *update_ops)
  return train_op


class Head(abc.ABC):
  """What a canned model puts on top of its logits.

  `create_estimator_spec` builds the predictions, and, by mode, the serving
  outputs, the loss and metrics, or the train op. Arguments are passed by
  name. A head is stateless: one instance builds the graphs of every mode.

  As in TF 1.15, a subclass implements `create_estimator_spec`, or
  `_create_tpu_estimator_spec` (returning a `model_fn._TPUEstimatorSpec`),
  from which `create_estimator_spec` then makes its spec; one with neither
  raises NotImplementedError when asked for a spec.
  """

  @property
  @abc.abstractmethod
  def name(self):
    """The head's name (a metric and summary suffix, a name scope), or None."""

  @property
  @abc.abstractmethod
  def logits_dimension(self):
    """The size of the logits' last dimension."""

  @abc.abstractmethod
  def create_loss(self, features, mode, logits, labels):
    """The `LossSpec` of `logits` against `labels`."""

  def create_estimator_spec(self, features, mode, logits, labels=None,
                            optimizer=None, train_op_fn=None,
                            regularization_losses=None):
    """The `EstimatorSpec` of `mode`.

    Args:
      features: The features dict (for the weight column and `loss_fn`).
      mode: A `ModeKeys` value.
      logits: `[D0, ..., DN, logits_dimension]`.
      labels: The labels; required in TRAIN and EVAL.
      optimizer: A `tf.compat.v1.train.Optimizer` whose `minimize` makes the
        TRAIN op (with `global_step`).
      train_op_fn: Or a function from the loss to the TRAIN op.
      regularization_losses: Scalars added to the training loss.

    Raises:
      NotImplementedError: the subclass implements neither this nor
        `_create_tpu_estimator_spec`.
    """
    try:
      tpu_spec = self._create_tpu_estimator_spec(
          features=features, mode=mode, logits=logits, labels=labels,
          optimizer=optimizer, train_op_fn=train_op_fn,
          regularization_losses=regularization_losses)
    except NotImplementedError:
      raise NotImplementedError(
          "Subclasses of _Head must implement `create_estimator_spec()` or "
          "_create_tpu_estimator_spec().") from None
    return tpu_spec.as_estimator_spec()

  def _create_tpu_estimator_spec(self, features, mode, logits, labels=None,
                                 optimizer=None, train_op_fn=None,
                                 regularization_losses=None):
    """A `model_fn._TPUEstimatorSpec` of `mode` (TF 1.15's TPU head hook)."""
    del features, mode, logits, labels, optimizer, train_op_fn
    del regularization_losses
    raise NotImplementedError(
        "TPUEstimatorSpec not available for this model head.")


class _SingleHead(Head):
  """The flow TF 1.15's three v1 heads share; subclasses fill in the parts."""

  def __init__(self, weight_column, loss_reduction, loss_fn, name):
    self._weight_column = weight_column
    self._loss_reduction = loss_reduction
    self._loss_fn = loss_fn
    self._name = name

  @property
  def name(self):
    return self._name

  def _metric_key(self, key):
    return _summary_key(self._name, key)

  @abc.abstractmethod
  def _predictions(self, logits):
    """`(logits, predictions dict)`, in the `predictions` name scope."""

  @abc.abstractmethod
  def _export_outputs(self, predictions):
    """The PREDICT mode's `{signature name: ExportOutput}`."""

  @abc.abstractmethod
  def _eval_metric_ops(self, predictions, loss_spec, regularization_loss):
    """`{metric key: (value, update_op)}` of EVAL."""

  def create_estimator_spec(self, features, mode, logits, labels=None,
                            optimizer=None, train_op_fn=None,
                            regularization_losses=None):
    with _V1.name_scope(self._name, "head"):
      with _V1.name_scope(None, "predictions", (logits,)):
        logits, predictions = self._predictions(logits)
      if mode == ModeKeys.PREDICT:
        return model_fn_lib.EstimatorSpec(
            mode=ModeKeys.PREDICT, predictions=predictions,
            export_outputs=self._export_outputs(predictions))
      loss_spec = self.create_loss(features=features, mode=mode,
                                   logits=logits, labels=labels)
      if regularization_losses:
        regularization_loss = tf.add_n(regularization_losses)
        loss = tf.add_n([loss_spec.training_loss, regularization_loss])
      else:
        regularization_loss = None
        loss = loss_spec.training_loss
      if mode == ModeKeys.EVAL:
        with _V1.name_scope(None, "metrics", (logits,)):
          eval_metric_ops = self._eval_metric_ops(predictions, loss_spec,
                                                  regularization_loss)
        return model_fn_lib.EstimatorSpec(
            mode=ModeKeys.EVAL, predictions=predictions, loss=loss,
            eval_metric_ops=eval_metric_ops)
      if optimizer is not None:
        if train_op_fn is not None:
          raise errors.EstimatorValueError(
              "train_op_fn and optimizer cannot both be set.")
        train_op = optimizer.minimize(
            loss, global_step=_V1.train.get_global_step())
      elif train_op_fn is not None:
        train_op = train_op_fn(loss)
      else:
        raise errors.EstimatorValueError(
            "train_op_fn and optimizer cannot both be None.")
      train_op = _append_update_ops(train_op)
      if self._loss_reduction == _REDUCTION.SUM:
        example_weight_sum = tf.reduce_sum(
            loss_spec.weights * tf.ones_like(loss_spec.unreduced_loss))
        mean_loss = loss_spec.training_loss / example_weight_sum
      else:
        mean_loss = None
    with _V1.name_scope(""):
      _V1.summary.scalar(_summary_key(self._name, _KEYS.LOSS), loss)
      if mean_loss is not None:
        _V1.summary.scalar(_summary_key(self._name, _KEYS.LOSS_MEAN),
                           mean_loss)
      if regularization_loss is not None:
        _V1.summary.scalar(
            _summary_key(self._name, _KEYS.LOSS_REGULARIZATION),
            regularization_loss)
    return model_fn_lib.EstimatorSpec(
        mode=ModeKeys.TRAIN, predictions=predictions, loss=loss,
        train_op=train_op)

  def _weighted_loss(self, features, logits, labels, unweighted_loss,
                     allow_per_logit_weights=False):
    weights = get_weights_and_check_match_logits(
        features=features, weight_column=self._weight_column, logits=logits,
        allow_per_logit_weights=allow_per_logit_weights)
    training_loss = _V1.losses.compute_weighted_loss(
        unweighted_loss, weights=weights, reduction=self._loss_reduction)
    return LossSpec(training_loss=training_loss,
                    unreduced_loss=unweighted_loss, weights=weights,
                    processed_labels=labels)

  def _regularization_metric(self, metric_ops, regularization_loss):
    if regularization_loss is not None:
      metric_ops[_summary_key(self._name, _KEYS.LOSS_REGULARIZATION)] = (
          _METRICS.mean(values=regularization_loss,
                        name=_KEYS.LOSS_REGULARIZATION))


class MultiClassHeadWithSoftmaxCrossEntropyLoss(_SingleHead):
  """Softmax cross-entropy over `n_classes > 2` classes.

  Logits `[D0, ..., DN, n_classes]`; labels integer class ids in
  `[0, n_classes)` (or, with `label_vocabulary`, strings from it),
  `[D0, ..., DN, 1]` or `[D0, ..., DN]`. Metrics: `average_loss`, `accuracy`
  (and `regularization_loss`).

  `n_classes` may also be a scalar integer Tensor, as in TF 1.15, which then
  is the `logits_dimension` too; its value is not checked.

  Raises:
    EstimatorValueError: `n_classes` is not an int > 2 or a Tensor.
  """

  def __init__(self, n_classes, weight_column=None, label_vocabulary=None,
               loss_reduction=_REDUCTION.SUM, loss_fn=None, name=None):
    if n_classes is None:
      raise errors.EstimatorValueError("n_classes cannot be None")
    if not (isinstance(n_classes, (int, tf.Tensor))
            and not isinstance(n_classes, bool)):
      raise errors.EstimatorValueError(
          "n_classes must be an int > 2: %r." % (n_classes,))
    if isinstance(n_classes, int) and n_classes <= 2:
      raise errors.EstimatorValueError(
          "n_classes must be > 2: %s." % n_classes)
    super().__init__(weight_column, loss_reduction, loss_fn, name)
    self._n_classes = n_classes
    self._label_vocabulary = label_vocabulary

  @property
  def logits_dimension(self):
    return self._n_classes

  def _label_ids(self, labels):
    if self._label_vocabulary is None:
      if not labels.dtype.is_integer:
        raise errors.EstimatorValueError(
            "Labels dtype should be integer. Instead got {}.".format(
                labels.dtype))
      label_ids = labels
    else:
      if labels.dtype != tf.string:
        raise errors.EstimatorValueError(
            "Labels dtype should be string if there is a vocabulary. Instead "
            "got {}".format(labels.dtype))
      label_ids = _class_id_table(self._label_vocabulary).lookup(labels)
    return _assert_range(label_ids, self._n_classes)

  def create_loss(self, features, mode, logits, labels):
    del mode  # The loss is the same in every mode.
    logits = tf.convert_to_tensor(logits)
    labels = check_dense_labels_match_logits_and_reshape(
        labels=labels, logits=logits, expected_labels_dimension=1)
    label_ids = self._label_ids(labels)
    if self._loss_fn:
      unweighted_loss = _call_loss_fn(self._loss_fn, label_ids, logits,
                                      features, expected_loss_dim=1)
    else:
      unweighted_loss = tf.expand_dims(
          _V1.losses.sparse_softmax_cross_entropy(
              labels=label_ids, logits=logits, reduction=_REDUCTION.NONE),
          axis=-1)
    return self._weighted_loss(features, logits, label_ids, unweighted_loss)

  def _predictions(self, logits):
    logits = check_logits_final_dim(logits, self.logits_dimension)
    class_ids = tf.expand_dims(
        tf.argmax(logits, axis=-1, name=_PRED.CLASS_IDS), axis=-1)
    return logits, {
        _PRED.LOGITS: logits,
        _PRED.PROBABILITIES: tf.nn.softmax(logits, name=_PRED.PROBABILITIES),
        _PRED.CLASS_IDS: class_ids,
        _PRED.CLASSES: _classes_from_ids(class_ids, self._label_vocabulary),
        _PRED.ALL_CLASS_IDS: _all_class_ids(logits, self._n_classes),
        _PRED.ALL_CLASSES: _all_classes(logits, self._n_classes,
                                        self._label_vocabulary),
    }

  def _export_outputs(self, predictions):
    classification = export_output.ClassificationOutput(
        scores=predictions[_PRED.PROBABILITIES],
        classes=_all_classes(predictions[_PRED.LOGITS], self._n_classes,
                             self._label_vocabulary))
    return {DEFAULT_SERVING_KEY: classification,
            CLASSIFY_SERVING_KEY: classification,
            PREDICT_SERVING_KEY: export_output.PredictOutput(predictions)}

  def _eval_metric_ops(self, predictions, loss_spec, regularization_loss):
    metric_ops = {
        _summary_key(self._name, _KEYS.LOSS_MEAN): _METRICS.mean(
            values=loss_spec.unreduced_loss, weights=loss_spec.weights,
            name=_KEYS.LOSS_MEAN),
        _summary_key(self._name, _KEYS.ACCURACY): _METRICS.accuracy(
            labels=loss_spec.processed_labels,
            predictions=predictions[_PRED.CLASS_IDS],
            weights=loss_spec.weights, name=_KEYS.ACCURACY),
    }
    self._regularization_metric(metric_ops, regularization_loss)
    return metric_ops


class BinaryLogisticHeadWithSigmoidCrossEntropyLoss(_SingleHead):
  """Sigmoid cross-entropy for two classes, from one logit per example.

  Logits `[D0, ..., DN, 1]`; labels in `[0, 1]` (floats allowed; or, with
  `label_vocabulary`, strings from it). Predicts `logistic` and the
  probabilities of both classes (softmax over `[0, logit]`). Metrics:
  `average_loss`, `accuracy`, `precision`, `recall`, `prediction/mean`,
  `label/mean`, `accuracy_baseline`, `auc`, `auc_precision_recall`, and per
  threshold `accuracy/precision/recall/positive_threshold_<t>`.
  """

  def __init__(self, weight_column=None, thresholds=None,
               label_vocabulary=None, loss_reduction=_REDUCTION.SUM,
               loss_fn=None, name=None):
    super().__init__(weight_column, loss_reduction, loss_fn, name)
    self._thresholds = tuple(thresholds) if thresholds else tuple()
    self._label_vocabulary = label_vocabulary

  @property
  def logits_dimension(self):
    return 1

  def create_loss(self, features, mode, logits, labels):
    del mode  # The loss is the same in every mode.
    logits = tf.convert_to_tensor(logits)
    labels = check_dense_labels_match_logits_and_reshape(
        labels=labels, logits=logits, expected_labels_dimension=1)
    if self._label_vocabulary is not None:
      if labels.dtype != tf.string:
        raise errors.EstimatorValueError(
            "Labels dtype should be string if there is a vocabulary. Instead "
            "got {}".format(labels.dtype))
      labels = _class_id_table(self._label_vocabulary).lookup(labels)
    elif labels.dtype == tf.string:
      raise errors.EstimatorValueError(
          "Labels are strings (dtype string), but the classifier has no "
          "label_vocabulary: pass label_vocabulary=[...] or give labels in "
          "[0, 1].")
    labels = _assert_range(tf.cast(labels, tf.float32), n_classes=2)
    if self._loss_fn:
      unweighted_loss = _call_loss_fn(self._loss_fn, labels, logits, features,
                                      expected_loss_dim=1)
    else:
      unweighted_loss = tf.nn.sigmoid_cross_entropy_with_logits(
          labels=labels, logits=logits)
    return self._weighted_loss(features, logits, labels, unweighted_loss)

  def _predictions(self, logits):
    logits = check_logits_final_dim(logits, self.logits_dimension)
    logistic = tf.sigmoid(logits, name=_PRED.LOGISTIC)
    two_class_logits = tf.concat((tf.zeros_like(logits), logits), axis=-1,
                                 name="two_class_logits")
    class_ids = tf.expand_dims(
        tf.argmax(two_class_logits, axis=-1, name=_PRED.CLASS_IDS), axis=-1)
    return logits, {
        _PRED.LOGITS: logits,
        _PRED.LOGISTIC: logistic,
        _PRED.PROBABILITIES: tf.nn.softmax(two_class_logits,
                                           name=_PRED.PROBABILITIES),
        _PRED.CLASS_IDS: class_ids,
        _PRED.CLASSES: _classes_from_ids(class_ids, self._label_vocabulary),
        _PRED.ALL_CLASS_IDS: _all_class_ids(logits, 2),
        _PRED.ALL_CLASSES: _all_classes(logits, 2, self._label_vocabulary),
    }

  def _export_outputs(self, predictions):
    classification = export_output.ClassificationOutput(
        scores=predictions[_PRED.PROBABILITIES],
        classes=_all_classes(predictions[_PRED.LOGITS], 2,
                             self._label_vocabulary))
    return {
        DEFAULT_SERVING_KEY: classification,
        CLASSIFY_SERVING_KEY: classification,
        REGRESS_SERVING_KEY: export_output.RegressionOutput(
            value=predictions[_PRED.LOGISTIC]),
        PREDICT_SERVING_KEY: export_output.PredictOutput(predictions),
    }

  def _eval_metric_ops(self, predictions, loss_spec, regularization_loss):
    labels = loss_spec.processed_labels
    weights = loss_spec.weights
    logistic = predictions[_PRED.LOGISTIC]
    class_ids = predictions[_PRED.CLASS_IDS]
    key = self._metric_key
    labels_mean = _indicator_labels_mean(labels=labels, weights=weights,
                                         name=_KEYS.LABEL_MEAN)
    metric_ops = {
        key(_KEYS.LOSS_MEAN): _METRICS.mean(
            values=loss_spec.unreduced_loss, weights=weights,
            name=_KEYS.LOSS_MEAN),
        key(_KEYS.ACCURACY): _METRICS.accuracy(
            labels=labels, predictions=class_ids, weights=weights,
            name=_KEYS.ACCURACY),
        key(_KEYS.PRECISION): _METRICS.precision(
            labels=labels, predictions=class_ids, weights=weights,
            name=_KEYS.PRECISION),
        key(_KEYS.RECALL): _METRICS.recall(
            labels=labels, predictions=class_ids, weights=weights,
            name=_KEYS.RECALL),
        key(_KEYS.PREDICTION_MEAN): _predictions_mean(
            predictions=logistic, weights=weights,
            name=_KEYS.PREDICTION_MEAN),
        key(_KEYS.LABEL_MEAN): labels_mean,
        key(_KEYS.ACCURACY_BASELINE): _accuracy_baseline(labels_mean),
        key(_KEYS.AUC): _auc(labels=labels, predictions=logistic,
                             weights=weights, name=_KEYS.AUC),
        key(_KEYS.AUC_PR): _auc(labels=labels, predictions=logistic,
                                weights=weights, curve="PR",
                                name=_KEYS.AUC_PR),
    }
    self._regularization_metric(metric_ops, regularization_loss)
    for threshold in self._thresholds:
      accuracy_key = _KEYS.ACCURACY_AT_THRESHOLD % threshold
      metric_ops[key(accuracy_key)] = _accuracy_at_threshold(
          labels=labels, predictions=logistic, weights=weights,
          threshold=threshold, name=accuracy_key)
      precision_key = _KEYS.PRECISION_AT_THRESHOLD % threshold
      metric_ops[key(precision_key)] = _at_threshold(
          _METRICS.precision_at_thresholds, labels=labels,
          predictions=logistic, weights=weights, threshold=threshold,
          name=precision_key)
      recall_key = _KEYS.RECALL_AT_THRESHOLD % threshold
      metric_ops[key(recall_key)] = _at_threshold(
          _METRICS.recall_at_thresholds, labels=labels, predictions=logistic,
          weights=weights, threshold=threshold, name=recall_key)
    return metric_ops


class RegressionHeadWithMeanSquaredErrorLoss(_SingleHead):
  """Squared error over `label_dimension` targets per example.

  Logits and labels `[D0, ..., DN, label_dimension]` (labels `[D0, ..., DN]`
  when it is 1); weights may also be per target. Predicts `predictions` (the
  logits, or `inverse_link_fn(logits)`, then also `logits`). Metrics:
  `average_loss`, `prediction/mean`, `label/mean`.
  """

  def __init__(self, label_dimension, weight_column=None,
               loss_reduction=_REDUCTION.SUM, loss_fn=None,
               inverse_link_fn=None, name=None):
    if not isinstance(label_dimension, int) or label_dimension < 1:
      raise errors.EstimatorValueError(
          "Invalid label_dimension %s." % (label_dimension,))
    super().__init__(weight_column, loss_reduction, loss_fn, name)
    self._logits_dimension = label_dimension
    self._inverse_link_fn = inverse_link_fn

  @property
  def logits_dimension(self):
    return self._logits_dimension

  def create_loss(self, features, mode, logits, labels):
    del mode  # The loss is the same in every mode.
    logits = tf.convert_to_tensor(logits)
    labels = check_dense_labels_match_logits_and_reshape(
        labels=labels, logits=logits,
        expected_labels_dimension=self._logits_dimension)
    labels = tf.cast(labels, tf.float32)
    if self._loss_fn:
      unweighted_loss = _call_loss_fn(
          self._loss_fn, labels, logits, features,
          expected_loss_dim=self._logits_dimension)
    else:
      unweighted_loss = _V1.losses.mean_squared_error(
          labels=labels, predictions=logits, reduction=_REDUCTION.NONE)
    return self._weighted_loss(features, logits, labels, unweighted_loss,
                               allow_per_logit_weights=True)

  def _predictions(self, logits):
    logits = check_logits_final_dim(logits, self._logits_dimension)
    if self._inverse_link_fn:
      return logits, {_PRED.PREDICTIONS: self._inverse_link_fn(logits),
                      _PRED.LOGITS: logits}
    return logits, {_PRED.PREDICTIONS: logits}

  def _export_outputs(self, predictions):
    regression = export_output.RegressionOutput(
        value=predictions[_PRED.PREDICTIONS])
    return {DEFAULT_SERVING_KEY: regression,
            REGRESS_SERVING_KEY: regression,
            PREDICT_SERVING_KEY: export_output.PredictOutput(predictions)}

  def _eval_metric_ops(self, predictions, loss_spec, regularization_loss):
    weights = loss_spec.weights
    metric_ops = {
        _summary_key(self._name, _KEYS.LOSS_MEAN): _METRICS.mean(
            values=loss_spec.unreduced_loss, weights=weights),
        _summary_key(self._name, _KEYS.PREDICTION_MEAN): _predictions_mean(
            predictions=predictions[_PRED.PREDICTIONS], weights=weights,
            name=_KEYS.PREDICTION_MEAN),
        _summary_key(self._name, _KEYS.LABEL_MEAN): _METRICS.mean(
            values=loss_spec.processed_labels, weights=weights),
    }
    self._regularization_metric(metric_ops, regularization_loss)
    return metric_ops


def binary_logistic_head(weight_column=None, thresholds=None,
                         label_vocabulary=None, loss_reduction=_REDUCTION.SUM,
                         loss_fn=None, name=None):
  """A `BinaryLogisticHeadWithSigmoidCrossEntropyLoss`, arguments checked.

  TF 1.15's `head_lib._binary_logistic_head_with_sigmoid_cross_entropy_loss`.

  Raises:
    EstimatorTypeError: `label_vocabulary` is no list or tuple.
    EstimatorValueError: a threshold outside `(0, 1)`, an invalid
      `loss_reduction` or `loss_fn`.
  """
  thresholds = tuple(thresholds) if thresholds else tuple()
  if label_vocabulary is not None and not isinstance(label_vocabulary,
                                                     (list, tuple)):
    raise errors.EstimatorTypeError(
        "label_vocabulary should be a list or tuple. Given type: {}".format(
            type(label_vocabulary)))
  for threshold in thresholds:
    if threshold <= 0.0 or threshold >= 1.0:
      raise errors.EstimatorValueError(
          "thresholds not in (0, 1): {}.".format((thresholds,)))
  _check_reduction(loss_reduction)
  if loss_fn:
    _validate_loss_fn_args(loss_fn)
  return BinaryLogisticHeadWithSigmoidCrossEntropyLoss(
      weight_column=weight_column, thresholds=thresholds,
      label_vocabulary=label_vocabulary, loss_reduction=loss_reduction,
      loss_fn=loss_fn, name=name)


def multi_class_head(n_classes, weight_column=None, label_vocabulary=None,
                     loss_reduction=_REDUCTION.SUM, loss_fn=None, name=None):
  """A `MultiClassHeadWithSoftmaxCrossEntropyLoss`, arguments checked.

  TF 1.15's `head_lib._multi_class_head_with_softmax_cross_entropy_loss`.

  Raises:
    EstimatorValueError: `n_classes` is not an int > 2, `label_vocabulary` is
      no list or tuple, an invalid `loss_reduction` or `loss_fn`.
  """
  if label_vocabulary is not None and not isinstance(label_vocabulary,
                                                     (list, tuple)):
    raise errors.EstimatorValueError(
        "label_vocabulary should be a list or a tuple. Given type: {}".format(
            type(label_vocabulary)))
  _check_reduction(loss_reduction)
  if loss_fn:
    _validate_loss_fn_args(loss_fn)
  return MultiClassHeadWithSoftmaxCrossEntropyLoss(
      n_classes=n_classes, weight_column=weight_column,
      label_vocabulary=label_vocabulary, loss_reduction=loss_reduction,
      loss_fn=loss_fn, name=name)


def regression_head(weight_column=None, label_dimension=1,
                    loss_reduction=_REDUCTION.SUM, loss_fn=None,
                    inverse_link_fn=None, name=None):
  """A `RegressionHeadWithMeanSquaredErrorLoss`, arguments checked.

  TF 1.15's `head_lib._regression_head`.

  Raises:
    EstimatorValueError: an invalid `label_dimension`, `loss_reduction` or
      `loss_fn`.
  """
  _check_reduction(loss_reduction)
  if loss_fn:
    _validate_loss_fn_args(loss_fn)
  return RegressionHeadWithMeanSquaredErrorLoss(
      weight_column=weight_column, label_dimension=label_dimension,
      loss_reduction=loss_reduction, loss_fn=loss_fn,
      inverse_link_fn=inverse_link_fn, name=name)


def binary_logistic_or_multi_class_head(n_classes, weight_column,
                                        label_vocabulary, loss_reduction):
  """The head of a canned classifier: binary for 2 classes, else multi-class.

  Raises:
    EstimatorValueError: `n_classes` is not an int > 1, or another argument
      is invalid.
  """
  if (not isinstance(n_classes, int) or isinstance(n_classes, bool)
      or n_classes < 2):
    raise errors.EstimatorValueError(
        "n_classes must be an int > 1 (the number of label classes; 2 for "
        "binary classification), got %r." % (n_classes,))
  if n_classes == 2:
    return binary_logistic_head(weight_column=weight_column,
                                label_vocabulary=label_vocabulary,
                                loss_reduction=loss_reduction)
  return multi_class_head(n_classes, weight_column=weight_column,
                          label_vocabulary=label_vocabulary,
                          loss_reduction=loss_reduction)


# TF 1.15's own names for the base class and the factories, private there (the
# v1 heads were the canned estimators' and `tf.contrib.estimator`'s), which
# code and tests written against `head_lib` call.
_Head = Head
_binary_logistic_head_with_sigmoid_cross_entropy_loss = binary_logistic_head
_multi_class_head_with_softmax_cross_entropy_loss = multi_class_head
_regression_head = regression_head
_binary_logistic_or_multi_class_head = binary_logistic_or_multi_class_head
