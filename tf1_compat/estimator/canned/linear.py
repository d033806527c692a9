"""TF 1.15's linear estimators: `LinearClassifier`, `LinearRegressor`, ...

The logits are `tf.compat.v1.feature_column.linear_model` of the feature
columns, built in variable scope `linear`, so the variables are TF 1.15's:
`linear/linear_model/<column name>/weights` (`[column size, logits]`) and
`linear/linear_model/bias_weights` (`[logits]`), all starting at zero. As in TF
1.15 the scope partitions them with
`min_max_variable_partitioner(max_partitions=num_ps_replicas, min_slice_size=64 MB)`
(one `part_0` slice without parameter servers; the checkpoint holds the whole
variable under the name above), and the head, with the optimizer, is built
inside that scope: the Ftrl slots land in the checkpoint as
`linear/linear_model/<column>/weights/part_0/Ftrl` and `.../Ftrl_1`, the names
TF 1.15 wrote.

Training summaries: `linear/bias` (`bias` histogram with several logits) and
`linear/fraction_of_zero_weights`, plus the head's `loss` and `average_loss`.
"""

import math

import tensorflow as tf

from tf1_compat.estimator import errors
from tf1_compat.estimator import estimator
from tf1_compat.estimator.canned import features as features_lib
from tf1_compat.estimator.canned import head as head_lib
from tf1_compat.estimator.canned import optimizers

_V1 = tf.compat.v1
_SUM = _V1.losses.Reduction.SUM

# TF 1.15's default learning rate of a linear model's optimizer given by name.
_LEARNING_RATE = 0.2
_MIN_SLICE_SIZE = 64 << 20


def default_optimizer(feature_columns):
  """Ftrl at `min(0.2, 1/sqrt(number of columns))`: TF 1.15's `optimizer=None`."""
  learning_rate = min(_LEARNING_RATE, 1.0 / math.sqrt(len(feature_columns)))
  return _V1.train.FtrlOptimizer(learning_rate=learning_rate)


def _compute_fraction_of_zero(variables):
  """The fraction of zero entries over all of `variables`, as a scalar.

  Args:
    variables: Variables (or slices of partitioned ones).
  """
  with _V1.name_scope("zero_fraction"):
    variables = tf.nest.flatten(variables)
    with _V1.name_scope("total_size"):
      sizes = [tf.size(v, out_type=tf.int64) for v in variables]
      total_size = tf.add_n(sizes)
    with _V1.name_scope("total_zero"):
      total_zero = tf.add_n([
          tf.cond(tf.equal(size, 0),
                  true_fn=lambda: tf.constant(0, dtype=tf.float32),
                  false_fn=lambda x=x, size=size: (
                      tf.math.zero_fraction(x) * tf.cast(size, tf.float32)),
                  name="zero_count")
          for x, size in zip(variables, sizes)])
    with _V1.name_scope("compute"):
      fraction = total_zero / tf.cast(total_size, tf.float32,
                                      name="float32_size")
    return tf.identity(fraction, name="zero_fraction_or_nan")


def linear_logit_fn_builder(units, feature_columns, sparse_combiner="sum"):
  """A `logit_fn(features)` computing TF 1.15's linear logits.

  TF 1.15's `tf.estimator.experimental.linear_logit_fn_builder`. Call the
  function inside the variable scope the variables belong to (`linear` for the
  canned estimators).

  Args:
    units: The logits dimension.
    feature_columns: The columns (`tf.feature_column`), summed with weights.
    sparse_combiner: How a categorical column's weights are combined per
      example: `sum`, `mean` or `sqrtn`.

  Returns:
    The function, returning logits `[batch, units]`.
  """

  def linear_logit_fn(features):
    cols_to_vars = {}
    logits = _V1.feature_column.linear_model(
        features=features, feature_columns=feature_columns, units=units,
        sparse_combiner=sparse_combiner, cols_to_vars=cols_to_vars)
    bias = cols_to_vars.pop("bias")
    weights = [part for parts in cols_to_vars.values() for part in parts]
    if units > 1:
      _V1.summary.histogram("bias", tf.concat(bias, axis=0))
    else:
      _V1.summary.scalar("bias", bias[0][0])
    _V1.summary.scalar("fraction_of_zero_weights",
                       _compute_fraction_of_zero(weights))
    return logits

  return linear_logit_fn


def linear_model_fn(features, labels, mode, head, feature_columns, optimizer,
                    partitioner, config, sparse_combiner="sum"):
  """The model function of the linear estimators (TF 1.15's v1 one).

  Args:
    features: The features dict.
    labels: The labels (None when predicting).
    mode: A `ModeKeys` value.
    head: A `head.Head`.
    feature_columns: The columns.
    optimizer: A name, an optimizer or a callable (`optimizers`); None for
      `default_optimizer`.
    partitioner: The variable partitioner, or None for TF 1.15's default.
    config: The `RunConfig` (its `num_ps_replicas` sizes the partitions).
    sparse_combiner: As for `linear_logit_fn_builder`.

  Returns:
    The head's `EstimatorSpec`.
  """
  features_lib.check_features(features, feature_columns)
  num_ps_replicas = config.num_ps_replicas if config else 0
  partitioner = partitioner or _V1.min_max_variable_partitioner(
      max_partitions=num_ps_replicas, min_slice_size=_MIN_SLICE_SIZE)
  with _V1.variable_scope("linear", partitioner=partitioner):
    logit_fn = linear_logit_fn_builder(
        units=head.logits_dimension, feature_columns=feature_columns,
        sparse_combiner=sparse_combiner)
    logits = logit_fn(features=features)
    optimizer = optimizers.get_optimizer_instance(
        optimizer or default_optimizer(feature_columns),
        learning_rate=_LEARNING_RATE)
    return head.create_estimator_spec(features=features, mode=mode,
                                      labels=labels, optimizer=optimizer,
                                      logits=logits)


def _check_sparse_combiner(sparse_combiner):
  if sparse_combiner not in ("sum", "mean", "sqrtn"):
    raise errors.EstimatorValueError(
        "sparse_combiner must be one of 'sum', 'mean', 'sqrtn'; got %r."
        % (sparse_combiner,))


class LinearClassifier(estimator.Estimator):
  """A linear classifier (logistic regression; softmax for `n_classes > 2`).

  TF 1.15's v1 `tf.estimator.LinearClassifier`: the training loss is summed
  over the batch (`loss_reduction=tf.losses.Reduction.SUM`).

  Args:
    feature_columns: The `tf.feature_column` columns the model reads.
    model_dir: Where checkpoints go (see `Estimator`).
    n_classes: The number of classes, > 1.
    weight_column: A feature key or `numeric_column` of example weights.
    label_vocabulary: Strings the (string) labels take; else labels are
      class ids (or, for 2 classes, floats in `[0, 1]`).
    optimizer: `Ftrl` (at 0.2) by default; another name (`optimizers`), a
      `tf.compat.v1.train.Optimizer`, or a callable returning one.
    config: A `RunConfig`.
    partitioner: A variable partitioner; None for TF 1.15's default.
    warm_start_from: A checkpoint (directory) or `WarmStartSettings`.
    loss_reduction: A `tf.losses.Reduction` other than NONE.
    sparse_combiner: `sum`, `mean` or `sqrtn`, for categorical columns.
  """

  def __init__(self, feature_columns, model_dir=None, n_classes=2,
               weight_column=None, label_vocabulary=None, optimizer="Ftrl",
               config=None, partitioner=None, warm_start_from=None,
               loss_reduction=_SUM, sparse_combiner="sum"):
    feature_columns = features_lib.feature_columns_tuple(
        feature_columns, "LinearClassifier")
    _check_sparse_combiner(sparse_combiner)
    head = head_lib.binary_logistic_or_multi_class_head(
        n_classes, weight_column, label_vocabulary, loss_reduction)

    def _model_fn(features, labels, mode, config):
      return linear_model_fn(
          features=features, labels=labels, mode=mode, head=head,
          feature_columns=feature_columns, optimizer=optimizer,
          partitioner=partitioner, config=config,
          sparse_combiner=sparse_combiner)

    super().__init__(model_fn=_model_fn, model_dir=model_dir, config=config,
                     warm_start_from=warm_start_from)


class LinearRegressor(estimator.Estimator):
  """A linear regressor (squared error): TF 1.15's v1 `LinearRegressor`.

  Args:
    feature_columns: The `tf.feature_column` columns the model reads.
    model_dir: Where checkpoints go (see `Estimator`).
    label_dimension: The number of targets per example.
    weight_column: A feature key or `numeric_column` of example weights.
    optimizer: `Ftrl` (at 0.2) by default; see `LinearClassifier`.
    config: A `RunConfig`.
    partitioner: A variable partitioner; None for TF 1.15's default.
    warm_start_from: A checkpoint (directory) or `WarmStartSettings`.
    loss_reduction: A `tf.losses.Reduction` other than NONE (default `SUM`).
    sparse_combiner: `sum`, `mean` or `sqrtn`, for categorical columns.
  """

  def __init__(self, feature_columns, model_dir=None, label_dimension=1,
               weight_column=None, optimizer="Ftrl", config=None,
               partitioner=None, warm_start_from=None, loss_reduction=_SUM,
               sparse_combiner="sum"):
    feature_columns = features_lib.feature_columns_tuple(
        feature_columns, "LinearRegressor")
    _check_sparse_combiner(sparse_combiner)
    head = head_lib.regression_head(label_dimension=label_dimension,
                                    weight_column=weight_column,
                                    loss_reduction=loss_reduction)

    def _model_fn(features, labels, mode, config):
      return linear_model_fn(
          features=features, labels=labels, mode=mode, head=head,
          feature_columns=feature_columns, optimizer=optimizer,
          partitioner=partitioner, config=config,
          sparse_combiner=sparse_combiner)

    super().__init__(model_fn=_model_fn, model_dir=model_dir, config=config,
                     warm_start_from=warm_start_from)


class LinearEstimator(estimator.Estimator):
  """A linear model with a head of the caller's (`canned.head`).

  TF 1.15's v1 `tf.estimator.LinearEstimator`; it takes no `warm_start_from`.

  Args:
    head: A `tf1_compat.estimator.canned.head.Head`.
    feature_columns, model_dir, optimizer, config, partitioner,
    sparse_combiner: As for `LinearClassifier`.
  """

  def __init__(self, head, feature_columns, model_dir=None, optimizer="Ftrl",
               config=None, partitioner=None, sparse_combiner="sum"):
    feature_columns = features_lib.feature_columns_tuple(
        feature_columns, "LinearEstimator")
    _check_sparse_combiner(sparse_combiner)

    def _model_fn(features, labels, mode, config):
      return linear_model_fn(
          features=features, labels=labels, mode=mode, head=head,
          feature_columns=feature_columns, optimizer=optimizer,
          partitioner=partitioner, config=config,
          sparse_combiner=sparse_combiner)

    super().__init__(model_fn=_model_fn, model_dir=model_dir, config=config)
