"""TF 1.15's wide-and-deep estimators, `DNNLinearCombined*`.

The logits are the sum of a linear model of `linear_feature_columns` (scope
`linear`, TF 1.15's `linear/linear_model/...` variables) and a DNN of
`dnn_feature_columns` (scope `dnn`, `dnn/hiddenlayer_<i>/...`,
`dnn/logits/...`); either part may be absent. Each part has its own
optimizer, applied to the trainable variables of its scope: by default Ftrl at
`min(0.005, 1/sqrt(number of linear columns))` and Adagrad at 0.001, TF 1.15's
defaults (smaller than the single models' 0.2 and 0.05). One training step
runs both and then increments `global_step` once. As in TF 1.15 the head is
built outside both scopes, so the optimizer slots are checkpointed as
`dnn/hiddenlayer_0/kernel/Adagrad` and `linear/linear_model/<column>/weights/Ftrl`.

The linear part's logits get the layer summaries `linear/linear/fraction_of_zero_values`
and `linear/linear/activation`.
"""

import math

import tensorflow as tf

from tf1_compat.estimator import errors
from tf1_compat.estimator import estimator
from tf1_compat.estimator.canned import dnn
from tf1_compat.estimator.canned import features as features_lib
from tf1_compat.estimator.canned import head as head_lib
from tf1_compat.estimator.canned import linear
from tf1_compat.estimator.canned import optimizers

_V1 = tf.compat.v1
_SUM = _V1.losses.Reduction.SUM

# TF 1.15's default learning rates of the combined model's two optimizers.
_DNN_LEARNING_RATE = 0.001
_LINEAR_LEARNING_RATE = 0.005
_MIN_SLICE_SIZE = 64 << 20


def _linear_learning_rate(num_linear_feature_columns):
  return min(_LINEAR_LEARNING_RATE,
             1. / math.sqrt(num_linear_feature_columns))


def _check_no_sync_replicas_optimizer(optimizer):
  if isinstance(optimizer, _V1.train.SyncReplicasOptimizer):
    raise errors.EstimatorValueError(
        "SyncReplicasOptimizer does not support multi optimizers case. "
        "Therefore, it is not supported in DNNLinearCombined model. If you "
        "want to use this optimizer, please use either DNN or Linear model.")


def _validate_feature_columns(linear_feature_columns, dnn_feature_columns):
  linear_feature_columns = tuple(linear_feature_columns or ())
  dnn_feature_columns = tuple(dnn_feature_columns or ())
  if not (linear_feature_columns or dnn_feature_columns):
    raise errors.EstimatorValueError(
        "Either linear_feature_columns or dnn_feature_columns must be "
        "defined.")
  return linear_feature_columns, dnn_feature_columns


def _dnn_linear_combined_model_fn(
    features, labels, mode, head, linear_feature_columns=None,
    linear_optimizer="Ftrl", dnn_feature_columns=None, dnn_optimizer="Adagrad",
    dnn_hidden_units=None, dnn_activation_fn=tf.nn.relu, dnn_dropout=None,
    input_layer_partitioner=None, config=None, batch_norm=False,
    linear_sparse_combiner="sum"):
  """The model function of the combined estimators (TF 1.15's v1 one).

  Returns:
    The head's `EstimatorSpec`.

  Raises:
    EstimatorValueError: no columns at all, DNN columns without
      `dnn_hidden_units`, features that are no dict or lack a column's key.
  """
  linear_feature_columns, dnn_feature_columns = _validate_feature_columns(
      linear_feature_columns, dnn_feature_columns)
  features_lib.check_features(features,
                              linear_feature_columns + dnn_feature_columns)
  num_ps_replicas = config.num_ps_replicas if config else 0
  input_layer_partitioner = input_layer_partitioner or (
      _V1.min_max_variable_partitioner(max_partitions=num_ps_replicas,
                                       min_slice_size=_MIN_SLICE_SIZE))

  dnn_logits = None
  if dnn_feature_columns:
    dnn_optimizer = optimizers.get_optimizer_instance(
        dnn_optimizer, learning_rate=_DNN_LEARNING_RATE)
    _check_no_sync_replicas_optimizer(dnn_optimizer)
    if not dnn_hidden_units:
      raise errors.EstimatorValueError(
          "dnn_hidden_units must be defined when dnn_feature_columns is "
          "specified.")
    dnn_partitioner = _V1.min_max_variable_partitioner(
        max_partitions=num_ps_replicas)
    with _V1.variable_scope("dnn", partitioner=dnn_partitioner) as scope:
      dnn_absolute_scope = scope.name
      dnn_logit_fn = dnn.dnn_logit_fn_builder(
          units=head.logits_dimension, hidden_units=dnn_hidden_units,
          feature_columns=dnn_feature_columns,
          activation_fn=dnn_activation_fn, dropout=dnn_dropout,
          input_layer_partitioner=input_layer_partitioner,
          batch_norm=batch_norm)
      dnn_logits = dnn_logit_fn(features=features, mode=mode)

  linear_logits = None
  if linear_feature_columns:
    linear_optimizer = optimizers.get_optimizer_instance(
        linear_optimizer,
        learning_rate=_linear_learning_rate(len(linear_feature_columns)))
    _check_no_sync_replicas_optimizer(linear_optimizer)
    with _V1.variable_scope("linear",
                            partitioner=input_layer_partitioner) as scope:
      linear_absolute_scope = scope.name
      logit_fn = linear.linear_logit_fn_builder(
          units=head.logits_dimension, feature_columns=linear_feature_columns,
          sparse_combiner=linear_sparse_combiner)
      linear_logits = logit_fn(features=features)
      dnn.add_layer_summary(linear_logits, scope.name)

  if dnn_logits is not None and linear_logits is not None:
    logits = dnn_logits + linear_logits
  elif dnn_logits is not None:
    logits = dnn_logits
  else:
    logits = linear_logits

  def _train_op_fn(loss):
    """Both parts' updates, then one `global_step` increment."""
    train_ops = []
    global_step = _V1.train.get_global_step()
    if dnn_logits is not None:
      train_ops.append(dnn_optimizer.minimize(
          loss, var_list=_V1.get_collection(
              _V1.GraphKeys.TRAINABLE_VARIABLES, scope=dnn_absolute_scope)))
    if linear_logits is not None:
      train_ops.append(linear_optimizer.minimize(
          loss, var_list=_V1.get_collection(
              _V1.GraphKeys.TRAINABLE_VARIABLES,
              scope=linear_absolute_scope)))
    train_op = tf.group(*train_ops)
    with tf.control_dependencies([train_op]):
      return _V1.assign_add(global_step, 1).op

  return head.create_estimator_spec(features=features, mode=mode,
                                    labels=labels, train_op_fn=_train_op_fn,
                                    logits=logits)


def _model_fn_for(head, linear_feature_columns, linear_optimizer,
                  dnn_feature_columns, dnn_optimizer, dnn_hidden_units,
                  dnn_activation_fn, dnn_dropout, input_layer_partitioner,
                  batch_norm, linear_sparse_combiner):
  def _model_fn(features, labels, mode, config):
    return _dnn_linear_combined_model_fn(
        features=features, labels=labels, mode=mode, head=head,
        linear_feature_columns=linear_feature_columns,
        linear_optimizer=linear_optimizer,
        dnn_feature_columns=dnn_feature_columns, dnn_optimizer=dnn_optimizer,
        dnn_hidden_units=dnn_hidden_units, dnn_activation_fn=dnn_activation_fn,
        dnn_dropout=dnn_dropout,
        input_layer_partitioner=input_layer_partitioner, config=config,
        batch_norm=batch_norm, linear_sparse_combiner=linear_sparse_combiner)
  return _model_fn


class DNNLinearCombinedClassifier(estimator.Estimator):
  """A wide-and-deep classifier (TF 1.15's v1 `DNNLinearCombinedClassifier`).

  Args:
    model_dir: Where checkpoints go (see `Estimator`).
    linear_feature_columns: Columns of the linear ("wide") part.
    linear_optimizer: Its optimizer: `Ftrl` (see the module docstring),
      another name, an optimizer or a callable.
    dnn_feature_columns: Dense columns of the DNN ("deep") part.
    dnn_optimizer: Its optimizer: `Adagrad` at 0.001 by default.
    dnn_hidden_units: The DNN's hidden layer widths (required with DNN
      columns).
    dnn_activation_fn: The DNN's activation (`tf.nn.relu`).
    dnn_dropout: The DNN's dropout probability when training.
    n_classes: The number of classes, > 1.
    weight_column: A feature key or `numeric_column` of example weights.
    label_vocabulary: Strings the (string) labels take.
    input_layer_partitioner: The partitioner of the DNN input layer and the
      linear model.
    config: A `RunConfig`.
    warm_start_from: A checkpoint (directory) or `WarmStartSettings`.
    loss_reduction: A `tf.losses.Reduction` other than NONE (default `SUM`).
    batch_norm: Whether to batch-normalize the DNN's hidden layers.
    linear_sparse_combiner: `sum`, `mean` or `sqrtn`.
  """

  def __init__(self, model_dir=None, linear_feature_columns=None,
               linear_optimizer="Ftrl", dnn_feature_columns=None,
               dnn_optimizer="Adagrad", dnn_hidden_units=None,
               dnn_activation_fn=tf.nn.relu, dnn_dropout=None, n_classes=2,
               weight_column=None, label_vocabulary=None,
               input_layer_partitioner=None, config=None,
               warm_start_from=None, loss_reduction=_SUM, batch_norm=False,
               linear_sparse_combiner="sum"):
    linear_feature_columns, dnn_feature_columns = _validate_feature_columns(
        linear_feature_columns, dnn_feature_columns)
    self._feature_columns = linear_feature_columns + dnn_feature_columns
    head = head_lib.binary_logistic_or_multi_class_head(
        n_classes, weight_column, label_vocabulary, loss_reduction)
    super().__init__(
        model_fn=_model_fn_for(
            head, linear_feature_columns, linear_optimizer,
            dnn_feature_columns, dnn_optimizer, dnn_hidden_units,
            dnn_activation_fn, dnn_dropout, input_layer_partitioner,
            batch_norm, linear_sparse_combiner),
        model_dir=model_dir, config=config, warm_start_from=warm_start_from)


class DNNLinearCombinedRegressor(estimator.Estimator):
  """A wide-and-deep regressor (TF 1.15's v1 `DNNLinearCombinedRegressor`).

  Args:
    label_dimension: The number of targets per example.
    Others: as for `DNNLinearCombinedClassifier`.
  """

  def __init__(self, model_dir=None, linear_feature_columns=None,
               linear_optimizer="Ftrl", dnn_feature_columns=None,
               dnn_optimizer="Adagrad", dnn_hidden_units=None,
               dnn_activation_fn=tf.nn.relu, dnn_dropout=None,
               label_dimension=1, weight_column=None,
               input_layer_partitioner=None, config=None,
               warm_start_from=None, loss_reduction=_SUM, batch_norm=False,
               linear_sparse_combiner="sum"):
    linear_feature_columns, dnn_feature_columns = _validate_feature_columns(
        linear_feature_columns, dnn_feature_columns)
    self._feature_columns = linear_feature_columns + dnn_feature_columns
    head = head_lib.regression_head(label_dimension=label_dimension,
                                    weight_column=weight_column,
                                    loss_reduction=loss_reduction)
    super().__init__(
        model_fn=_model_fn_for(
            head, linear_feature_columns, linear_optimizer,
            dnn_feature_columns, dnn_optimizer, dnn_hidden_units,
            dnn_activation_fn, dnn_dropout, input_layer_partitioner,
            batch_norm, linear_sparse_combiner),
        model_dir=model_dir, config=config, warm_start_from=warm_start_from)


class DNNLinearCombinedEstimator(estimator.Estimator):
  """A wide-and-deep model with a head of the caller's (`canned.head`).

  TF 1.15's v1 `tf.estimator.DNNLinearCombinedEstimator` (no
  `warm_start_from`, no `batch_norm`).

  Args:
    head: A `tf1_compat.estimator.canned.head.Head`.
    Others: as for `DNNLinearCombinedClassifier`.
  """

  def __init__(self, head, model_dir=None, linear_feature_columns=None,
               linear_optimizer="Ftrl", dnn_feature_columns=None,
               dnn_optimizer="Adagrad", dnn_hidden_units=None,
               dnn_activation_fn=tf.nn.relu, dnn_dropout=None,
               input_layer_partitioner=None, config=None,
               linear_sparse_combiner="sum"):
    linear_feature_columns, dnn_feature_columns = _validate_feature_columns(
        linear_feature_columns, dnn_feature_columns)
    self._feature_columns = linear_feature_columns + dnn_feature_columns
    super().__init__(
        model_fn=_model_fn_for(
            head, linear_feature_columns, linear_optimizer,
            dnn_feature_columns, dnn_optimizer, dnn_hidden_units,
            dnn_activation_fn, dnn_dropout, input_layer_partitioner, False,
            linear_sparse_combiner),
        model_dir=model_dir, config=config)
