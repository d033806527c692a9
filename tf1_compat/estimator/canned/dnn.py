"""TF 1.15's DNN estimators: `DNNClassifier`, `DNNRegressor`, `DNNEstimator`.

The network, built in variable scope `dnn`, is TF 1.15's:

* `input_from_feature_columns/input_layer`: the
  `tf.compat.v1.feature_column.input_layer` of the (dense) feature columns, so
  an embedding column's table is
  `dnn/input_from_feature_columns/input_layer/<column>_embedding/embedding_weights`;
* per hidden layer `i`: `dnn/hiddenlayer_<i>/kernel` (Glorot-uniform) and
  `dnn/hiddenlayer_<i>/bias` (zeros), the activation, dropout when training,
  and with `batch_norm` `dnn/hiddenlayer_<i>/batchnorm_<i>/` `gamma`, `beta`,
  `moving_mean` and `moving_variance` (momentum 0.999, epsilon 1e-3; the
  moving averages update with the train op);
* `dnn/logits/kernel` and `dnn/logits/bias`.

As in TF 1.15 the `dnn` scope partitions the variables
(`min_max_variable_partitioner(max_partitions=num_ps_replicas)`; one `part_0`
slice without parameter servers, the checkpoint holding the whole variable)
and the head, with the optimizer, is built inside it. That reproduces TF
1.15's checkpoint names for the optimizer slots too:
`dnn/hiddenlayer_0/kernel/t_0/Adagrad`, the quirk of TF1's slot naming under
an enclosing scope that every TF 1.x `DNNClassifier` checkpoint carries.

Training summaries, with TF 1.15's tags:
`dnn/dnn/hiddenlayer_<i>/fraction_of_zero_values`,
`dnn/dnn/hiddenlayer_<i>/activation` (histogram), the same for
`dnn/dnn/logits`, and the head's `loss` and `average_loss`.
"""

import tensorflow as tf

from tf1_compat import layers
from tf1_compat.estimator import errors
from tf1_compat.estimator import estimator
from tf1_compat.estimator.canned import features as features_lib
from tf1_compat.estimator.canned import head as head_lib
from tf1_compat.estimator.canned import optimizers
from tf1_compat.estimator.mode_keys import ModeKeys

_V1 = tf.compat.v1
_SUM = _V1.losses.Reduction.SUM

# TF 1.15's default learning rate of a DNN's optimizer given by name.
_LEARNING_RATE = 0.05
_MIN_SLICE_SIZE = 64 << 20
# TF 1.15's batch norm momentum for the canned DNNs (tf.contrib.layers'), not
# tf.layers' 0.99.
_BATCH_NORM_MOMENTUM = 0.999


def add_layer_summary(value, tag):
  """TF 1.15's per-layer summaries: fraction of zeros and a histogram."""
  _V1.summary.scalar("%s/fraction_of_zero_values" % tag,
                     tf.math.zero_fraction(value))
  _V1.summary.histogram("%s/activation" % tag, value)


def _check_hidden_units(hidden_units):
  try:
    units = tuple(hidden_units)
  except TypeError:
    units = None
  if units is None or not all(
      isinstance(u, int) and not isinstance(u, bool) and u > 0 for u in units):
    raise errors.EstimatorValueError(
        "hidden_units must be an iterable of positive ints (the width of each "
        "hidden layer, e.g. [64, 32]); got %r." % (hidden_units,))
  return units


def dnn_logit_fn_builder(units, hidden_units, feature_columns, activation_fn,
                         dropout, input_layer_partitioner, batch_norm):
  """A `logit_fn(features, mode)` computing TF 1.15's DNN logits.

  TF 1.15's `tf.estimator.experimental.dnn_logit_fn_builder`. Call the function
  inside the variable scope the variables belong to (`dnn` for the canned
  estimators).

  Args:
    units: The logits dimension.
    hidden_units: The width of each hidden layer.
    feature_columns: Dense `tf.feature_column` columns (wrap categorical ones
      in `embedding_column` or `indicator_column`).
    activation_fn: The hidden layers' activation (None for none).
    dropout: The probability of dropping a hidden unit when training, or None.
    input_layer_partitioner: The partitioner of the input layer's variables.
    batch_norm: Whether to batch-normalize each hidden layer's output.

  Returns:
    The function, returning logits `[batch, units]`.

  Raises:
    EstimatorValueError: `units` is not an int.
  """
  if not isinstance(units, int):
    raise errors.EstimatorValueError(
        "units must be an int.  Given type: {}".format(type(units)))
  hidden_units = _check_hidden_units(hidden_units)

  def dnn_logit_fn(features, mode):
    is_training = mode == ModeKeys.TRAIN
    scope_name = _V1.get_variable_scope().name
    with _V1.variable_scope("input_from_feature_columns",
                            partitioner=input_layer_partitioner):
      net = _V1.feature_column.input_layer(features=features,
                                           feature_columns=feature_columns)
    for layer_id, num_units in enumerate(hidden_units):
      layer_name = "hiddenlayer_%d" % layer_id
      net = layers.dense(
          net, units=num_units, activation=activation_fn,
          kernel_initializer=_V1.glorot_uniform_initializer(),
          name=layer_name)
      if dropout is not None and is_training:
        net = tf.nn.dropout(net, rate=dropout)
      if batch_norm:
        with _V1.variable_scope(layer_name):
          net = layers.batch_normalization(
              net, momentum=_BATCH_NORM_MOMENTUM, trainable=True,
              training=is_training, name="batchnorm_%d" % layer_id)
      add_layer_summary(net, _joined(scope_name, layer_name))
    logits = layers.dense(
        net, units=units, activation=None,
        kernel_initializer=_V1.glorot_uniform_initializer(), name="logits")
    add_layer_summary(logits, _joined(scope_name, "logits"))
    return logits

  return dnn_logit_fn


def _joined(scope_name, name):
  return "%s/%s" % (scope_name, name) if scope_name else name


def _dnn_model_fn(features, labels, mode, head, hidden_units, feature_columns,
                  optimizer="Adagrad", activation_fn=tf.nn.relu, dropout=None,
                  input_layer_partitioner=None, config=None, batch_norm=False):
  """The model function of the DNN estimators (TF 1.15's v1 one, by its name).

  Args:
    features: The features dict.
    labels: The labels (None when predicting).
    mode: A `ModeKeys` value.
    head: A `head.Head`.
    hidden_units, feature_columns, activation_fn, dropout, batch_norm: As for
      `dnn_logit_fn_builder`.
    optimizer: A name (at 0.05), an optimizer or a callable (`optimizers`).
    input_layer_partitioner: The input layer's partitioner; None for TF
      1.15's `min_max_variable_partitioner(num_ps_replicas, 64 MB)`.
    config: The `RunConfig`.

  Returns:
    The head's `EstimatorSpec`.
  """
  optimizer = optimizers.get_optimizer_instance(optimizer,
                                                learning_rate=_LEARNING_RATE)
  features_lib.check_features(features, feature_columns)
  num_ps_replicas = config.num_ps_replicas if config else 0
  partitioner = _V1.min_max_variable_partitioner(
      max_partitions=num_ps_replicas)
  with _V1.variable_scope("dnn", partitioner=partitioner):
    input_layer_partitioner = input_layer_partitioner or (
        _V1.min_max_variable_partitioner(max_partitions=num_ps_replicas,
                                         min_slice_size=_MIN_SLICE_SIZE))
    logit_fn = dnn_logit_fn_builder(
        units=head.logits_dimension, hidden_units=hidden_units,
        feature_columns=feature_columns, activation_fn=activation_fn,
        dropout=dropout, input_layer_partitioner=input_layer_partitioner,
        batch_norm=batch_norm)
    logits = logit_fn(features=features, mode=mode)
    return head.create_estimator_spec(features=features, mode=mode,
                                      labels=labels, optimizer=optimizer,
                                      logits=logits)


def _model_fn_for(estimator_name, hidden_units, feature_columns, make_head,
                  optimizer, activation_fn, dropout, input_layer_partitioner,
                  batch_norm):
  """The canned DNNs' `model_fn`, their arguments checked in TF 1.15's order.

  `make_head()` builds the head after the network's arguments are checked.
  """
  hidden_units = _check_hidden_units(hidden_units)
  feature_columns = features_lib.feature_columns_tuple(feature_columns,
                                                       estimator_name)
  head = make_head()

  def _model_fn(features, labels, mode, config):
    return _dnn_model_fn(
        features=features, labels=labels, mode=mode, head=head,
        hidden_units=hidden_units, feature_columns=feature_columns,
        optimizer=optimizer, activation_fn=activation_fn, dropout=dropout,
        input_layer_partitioner=input_layer_partitioner, config=config,
        batch_norm=batch_norm)
  return _model_fn


class DNNClassifier(estimator.Estimator):
  """A feed-forward classifier: TF 1.15's v1 `tf.estimator.DNNClassifier`.

  The training loss is summed over the batch
  (`loss_reduction=tf.losses.Reduction.SUM`, TF 1.15's v1 default).

  Args:
    hidden_units: The width of each hidden layer, e.g. `[64, 32]`.
    feature_columns: Dense `tf.feature_column` columns.
    model_dir: Where checkpoints go (see `Estimator`).
    n_classes: The number of classes, > 1.
    weight_column: A feature key or `numeric_column` of example weights.
    label_vocabulary: Strings the (string) labels take; else labels are
      class ids (or, for 2 classes, floats in `[0, 1]`).
    optimizer: `Adagrad` (at 0.05) by default; another name, a
      `tf.compat.v1.train.Optimizer`, or a callable returning one.
    activation_fn: The hidden layers' activation (`tf.nn.relu`).
    dropout: The probability of dropping a hidden unit when training.
    input_layer_partitioner: A partitioner for the input layer's variables.
    config: A `RunConfig`.
    warm_start_from: A checkpoint (directory) or `WarmStartSettings`.
    loss_reduction: A `tf.losses.Reduction` other than NONE.
    batch_norm: Whether to batch-normalize the hidden layers.
  """

  def __init__(self, hidden_units, feature_columns, model_dir=None,
               n_classes=2, weight_column=None, label_vocabulary=None,
               optimizer="Adagrad", activation_fn=tf.nn.relu, dropout=None,
               input_layer_partitioner=None, config=None,
               warm_start_from=None, loss_reduction=_SUM, batch_norm=False):
    model_fn = _model_fn_for(
        "DNNClassifier", hidden_units, feature_columns,
        lambda: head_lib.binary_logistic_or_multi_class_head(
            n_classes, weight_column, label_vocabulary, loss_reduction),
        optimizer, activation_fn, dropout, input_layer_partitioner, batch_norm)
    super().__init__(model_fn=model_fn, model_dir=model_dir, config=config,
                     warm_start_from=warm_start_from)


class DNNRegressor(estimator.Estimator):
  """A feed-forward regressor: TF 1.15's v1 `tf.estimator.DNNRegressor`.

  Args:
    hidden_units, feature_columns, model_dir, weight_column, optimizer,
    activation_fn, dropout, input_layer_partitioner, config, warm_start_from,
    loss_reduction, batch_norm: As for `DNNClassifier`.
    label_dimension: The number of targets per example.
  """

  def __init__(self, hidden_units, feature_columns, model_dir=None,
               label_dimension=1, weight_column=None, optimizer="Adagrad",
               activation_fn=tf.nn.relu, dropout=None,
               input_layer_partitioner=None, config=None,
               warm_start_from=None, loss_reduction=_SUM, batch_norm=False):
    model_fn = _model_fn_for(
        "DNNRegressor", hidden_units, feature_columns,
        lambda: head_lib.regression_head(label_dimension=label_dimension,
                                         weight_column=weight_column,
                                         loss_reduction=loss_reduction),
        optimizer, activation_fn, dropout, input_layer_partitioner, batch_norm)
    super().__init__(model_fn=model_fn, model_dir=model_dir, config=config,
                     warm_start_from=warm_start_from)


class DNNEstimator(estimator.Estimator):
  """A feed-forward network with a head of the caller's (`canned.head`).

  TF 1.15's v1 `tf.estimator.DNNEstimator`.

  Args:
    head: A `tf1_compat.estimator.canned.head.Head`.
    Others: as for `DNNClassifier`.
  """

  def __init__(self, head, hidden_units, feature_columns, model_dir=None,
               optimizer="Adagrad", activation_fn=tf.nn.relu, dropout=None,
               input_layer_partitioner=None, config=None,
               warm_start_from=None, batch_norm=False):
    model_fn = _model_fn_for(
        "DNNEstimator", hidden_units, feature_columns, lambda: head,
        optimizer, activation_fn, dropout, input_layer_partitioner, batch_norm)
    super().__init__(model_fn=model_fn, model_dir=model_dir, config=config,
                     warm_start_from=warm_start_from)
