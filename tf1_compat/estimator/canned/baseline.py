"""TF 1.15's baselines: `BaselineClassifier`, `BaselineRegressor`, ...

A baseline ignores the feature values: its logits are one learned vector
`baseline/bias` (`[logits_dimension]`, starting at zero) for every example, so
a trained classifier predicts the (log-odds of the) label distribution and a
regressor the label mean. The features only give the batch size; all but the
weight column must agree on it (asserted). Trained by Ftrl at 0.3 by default.
"""

import tensorflow as tf

from tf1_compat.estimator import errors
from tf1_compat.estimator import estimator
from tf1_compat.estimator.canned import features as features_lib
from tf1_compat.estimator.canned import head as head_lib
from tf1_compat.estimator.canned import optimizers

_V1 = tf.compat.v1
_SUM = _V1.losses.Reduction.SUM

# TF 1.15's default learning rate of a baseline's optimizer given by name.
_LEARNING_RATE = 0.3


def _weight_column_key(weight_column):
  if weight_column is None or isinstance(weight_column, str):
    return weight_column
  if not features_lib.is_numeric_column(weight_column):
    raise errors.EstimatorTypeError(
        "Weight column must be either a string or _NumericColumn. Given "
        "type: {}.".format(type(weight_column)))
  return weight_column.key


def _batch_size_and_size_checks(features, weight_column_key):
  """The first feature's batch size, and assertions that the others share it."""
  size_checks = []
  batch_size = None
  for key, feature in features.items():
    if key == weight_column_key:
      continue
    first_dim = tf.shape(feature)[0]
    if batch_size is None:
      batch_size = first_dim
    else:
      size_checks.append(_V1.assert_equal(batch_size, first_dim))
  return size_checks, batch_size


def _baseline_logit_fn_builder(num_outputs, weight_column=None):
  """A `logit_fn(features)`: `baseline/bias` tiled over the batch."""

  def baseline_logit_fn(features):
    if not isinstance(features, dict) or not features:
      raise errors.EstimatorValueError(
          "A baseline needs a non-empty features dict (for the batch size); "
          "got %r." % (features,))
    size_checks, batch_size = _batch_size_and_size_checks(
        features, _weight_column_key(weight_column))
    with tf.control_dependencies(size_checks):
      with _V1.variable_scope("baseline"):
        bias = _V1.get_variable("bias", shape=[num_outputs],
                                initializer=_V1.zeros_initializer())
        return tf.multiply(bias, tf.ones([batch_size, num_outputs]))

  return baseline_logit_fn


def baseline_model_fn(features, labels, mode, head, optimizer,
                      weight_column=None, config=None):
  """The model function of the baselines (TF 1.15's v1 one)."""
  del config  # A baseline has nothing to partition.
  logits = _baseline_logit_fn_builder(head.logits_dimension,
                                     weight_column)(features)

  def train_op_fn(loss):
    opt = optimizers.get_optimizer_instance(optimizer,
                                            learning_rate=_LEARNING_RATE)
    return opt.minimize(loss, global_step=_V1.train.get_global_step())

  return head.create_estimator_spec(features=features, mode=mode,
                                    logits=logits, labels=labels,
                                    train_op_fn=train_op_fn)


class BaselineClassifier(estimator.Estimator):
  """Predicts the label distribution: TF 1.15's v1 `BaselineClassifier`.

  Args:
    model_dir: Where checkpoints go (see `Estimator`).
    n_classes: The number of classes, > 1.
    weight_column: A feature key or `numeric_column` of example weights.
    label_vocabulary: Strings the (string) labels take.
    optimizer: `Ftrl` (at 0.3) by default; another name, an optimizer or a
      callable.
    config: A `RunConfig`.
    loss_reduction: A `tf.losses.Reduction` other than NONE (default `SUM`).
  """

  def __init__(self, model_dir=None, n_classes=2, weight_column=None,
               label_vocabulary=None, optimizer="Ftrl", config=None,
               loss_reduction=_SUM):
    head = head_lib.binary_logistic_or_multi_class_head(
        n_classes, weight_column, label_vocabulary, loss_reduction)

    def _model_fn(features, labels, mode, config):
      return baseline_model_fn(features=features, labels=labels, mode=mode,
                               head=head, optimizer=optimizer,
                               weight_column=weight_column, config=config)

    super().__init__(model_fn=_model_fn, model_dir=model_dir, config=config)


class BaselineRegressor(estimator.Estimator):
  """Predicts the label mean, TF 1.15's v1 `tf.estimator.BaselineRegressor`.

  Args:
    label_dimension: The number of targets per example.
    Others: as for `BaselineClassifier`.
  """

  def __init__(self, model_dir=None, label_dimension=1, weight_column=None,
               optimizer="Ftrl", config=None, loss_reduction=_SUM):
    head = head_lib.regression_head(label_dimension=label_dimension,
                                    weight_column=weight_column,
                                    loss_reduction=loss_reduction)

    def _model_fn(features, labels, mode, config):
      return baseline_model_fn(features=features, labels=labels, mode=mode,
                               head=head, optimizer=optimizer,
                               weight_column=weight_column, config=config)

    super().__init__(model_fn=_model_fn, model_dir=model_dir, config=config)


class BaselineEstimator(estimator.Estimator):
  """A baseline with a head of the caller's (`canned.head`).

  Args:
    head: A `tf1_compat.estimator.canned.head.Head`.
    model_dir, optimizer, config: As for `BaselineClassifier`.
  """

  def __init__(self, head, model_dir=None, optimizer="Ftrl", config=None):

    def _model_fn(features, labels, mode, config):
      return baseline_model_fn(features=features, labels=labels, mode=mode,
                               head=head, optimizer=optimizer, config=config)

    super().__init__(model_fn=_model_fn, model_dir=model_dir, config=config)
