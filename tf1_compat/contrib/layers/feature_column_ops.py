"""TF 1.15's contrib layers over feature columns: input layer, linear sums, parsing.

`input_from_feature_columns` (a DNN's first layer), the linear
`weighted_sum_from_feature_columns` and `joint_weighted_sum_...`, and the
feature plumbing (`transform_features`, `parse_feature_columns_from_examples`,
`infer_real_valued_columns`, `check_feature_columns`).

Variable names are TF 1.15's, so a TF 1.15 checkpoint restores:
`input_from_feature_columns/<column>_embedding/weights`,
`weighted_sum_from_feature_columns/<column>/weights` (sparse columns;
`.../<column>/weight` for dense ones) and
`weighted_sum_from_feature_columns/bias_weight`, all model variables. Columns
are processed sorted by `key`, which fixes the scopes' numbering and the order
of the input layer's concatenated outputs.
"""

import collections
import functools

from absl import logging
import tensorflow as tf
from tf_slim.layers import layers as _slim_layers
from tf_slim.ops import variables as _slim_variables

from tf1_compat.contrib.layers import embedding as _embedding
from tf1_compat.contrib.layers import feature_column as fc
from tf1_compat.framework import errors

# The columns' private protocol (`_transform_feature`, `_num_buckets`, ...) is
# core's, and TF 1.15's private column classes and helpers are API here.
# pylint: disable=protected-access

_V1 = tf.compat.v1
_KEYS = _V1.GraphKeys

# Checkpoint-visible names.
BIAS_NAME = "bias_weight"
DENSE_WEIGHT_NAME = "weight"
JOINT_WEIGHTS_SCOPE = "linear_weights"


class JointWeightedSumError(errors.Error, AssertionError):
  """A column `joint_weighted_sum_from_feature_columns` cannot sum.

  An AssertionError, as TF 1.15's `assert`s raised.
  """


WeightedSum = collections.namedtuple(
    "WeightedSum", ["predictions", "column_to_variable", "bias"])
WeightedSum.__doc__ = """\
`weighted_sum_from_feature_columns`'s result, unpackable as TF 1.15's tuple.

Attributes:
  predictions: `[batch, num_outputs]`.
  column_to_variable: `{column: [variable or its partitions]}`.
  bias: The `bias_weight` variable `[num_outputs]`.
"""

JointWeightedSum = collections.namedtuple(
    "JointWeightedSum", ["predictions", "variables", "bias"])
JointWeightedSum.__doc__ = """\
`joint_weighted_sum_from_feature_columns`'s result, unpackable as a tuple.

Attributes:
  predictions: `[batch, num_outputs]`.
  variables: The one weight variable (or its partitions), as a list.
  bias: The `bias_weight` variable `[num_outputs]`.
"""


def _ordered(feature_columns):
  """Distinct columns sorted by key: TF 1.15's processing order."""
  return sorted(set(feature_columns), key=lambda column: column.key)


def _with_global(weight_collections):
  """`weight_collections` plus GLOBAL_VARIABLES (None stays None)."""
  if weight_collections:
    return list(set(list(weight_collections) + [_KEYS.GLOBAL_VARIABLES]))
  return weight_collections


def _maybe_reshape_input_tensor(tensor, column_name, output_rank):
  """`tensor` (dense or sparse) brought to rank `output_rank`.

  One dimension too few is added at the end; extra inner dimensions are
  flattened.

  Raises:
    FeatureColumnValueError: The rank is unknown, or two or more short.
  """
  input_rank = tensor.shape.ndims
  if input_rank is None and isinstance(tensor, tf.SparseTensor):
    input_rank = tensor.dense_shape.shape.as_list()[0]
  if input_rank is None:
    raise fc.FeatureColumnValueError(
        "Error while processing column {}. Rank of input Tensor can not be "
        "None.".format(column_name))
  if output_rank > input_rank + 1:
    raise fc.FeatureColumnValueError(
        "Error while processing column {}. Rank of input Tensor ({}) should "
        "be the same as output_rank ({}). For example, sequence data should "
        "typically be 3 dimensional (rank 3) while non-sequence data is "
        "typically 2 dimensional (rank 2).".format(column_name, input_rank,
                                                   output_rank))
  if output_rank == input_rank + 1:
    if isinstance(tensor, tf.SparseTensor):
      return tf.sparse.reshape(tensor,
                               tf.concat([tensor.dense_shape, [1]], 0))
    expanded = tf.expand_dims(tensor, -1)
    if tensor.shape.dims is not None:
      expanded.set_shape(tensor.shape.as_list() + [1])
    return expanded
  if output_rank < input_rank:
    return _slim_layers._inner_flatten(tensor, output_rank)
  return tensor


def _input_from_feature_columns(columns_to_tensors, feature_columns,
                                weight_collections, trainable, scope,
                                output_rank, default_name, cols_to_outs=None):
  """`input_from_feature_columns` at `output_rank` (2, or 3 for sequences)."""
  columns_to_tensors = columns_to_tensors.copy()
  check_feature_columns(feature_columns)
  if cols_to_outs is not None and not isinstance(cols_to_outs, dict):
    raise fc.FeatureColumnValueError(
        "cols_to_outs must be a dict unless None, got %s"
        % type(cols_to_outs).__name__)
  values = list(columns_to_tensors.values())
  with _V1.variable_scope(scope, default_name=default_name, values=values):
    outputs = []
    transformer = _Transformer(columns_to_tensors)
    weight_collections = _with_global(weight_collections)
    for column in _ordered(feature_columns):
      with _V1.variable_scope(None, default_name=column.name, values=values):
        transformed = transformer.transform(column)
        if output_rank == 3:
          transformed = tf.nest.map_structure(
              functools.partial(_maybe_reshape_input_tensor,
                                column_name=column.name, output_rank=3),
              transformed)
        try:
          arguments = column._deep_embedding_lookup_arguments(transformed)
          outputs.append(fc._embeddings_from_arguments(
              column, arguments, weight_collections, trainable,
              output_rank=output_rank))
        except NotImplementedError as not_embedding:
          try:
            outputs.append(column._to_dnn_input_layer(
                transformed, weight_collections, trainable,
                output_rank=output_rank))
          except ValueError as e:
            raise fc.FeatureColumnValueError(
                "Error creating input layer for column: {}.\n{}, {}".format(
                    column.name, e, not_embedding)) from e
        if cols_to_outs is not None:
          cols_to_outs[column] = outputs[-1]
    return tf.concat(outputs, output_rank - 1)


def input_from_feature_columns(columns_to_tensors, feature_columns,
                               weight_collections=None, trainable=True,
                               scope=None, cols_to_outs=None):
  """A DNN's input layer: each column's dense tensor, concatenated.

  Columns are read in `key` order, each in variable scope
  `<scope>/<column name>` (uniquified); an embedding column creates
  `.../<column>_embedding/weights` there. Real-valued inputs of rank 1 are
  expanded to `[batch, 1]`.

  Args:
    columns_to_tensors: `{feature key or column: Tensor or SparseTensor}`;
      a column key means its transformation is done already.
    feature_columns: The dense columns (real-valued, bucketized, embedding,
      one-hot, scattered embedding).
    weight_collections: Extra collections for the created variables.
    trainable: Whether the variables are trained.
    scope: Variable scope; default `input_from_feature_columns`.
    cols_to_outs: A dict that receives `{column: its output tensor}`.

  Returns:
    `[batch, sum of the columns' sizes]`.

  Raises:
    ValueError: `feature_columns` is a dict, holds duplicates, or holds a
      column a DNN cannot read (sparse, weighted sparse, crossed).
  """
  return _input_from_feature_columns(
      columns_to_tensors, feature_columns, weight_collections, trainable,
      scope, output_rank=2, default_name="input_from_feature_columns",
      cols_to_outs=cols_to_outs)


# Column types a sequence input layer reads, and those it must not read
# anywhere among a column's ancestors (TF 1.15's lists).
_SUPPORTED_SEQUENCE_COLUMNS = (fc._OneHotColumn, fc._EmbeddingColumn,
                               fc._RealValuedColumn,
                               fc._RealValuedVarLenColumn)
_FORBIDDEN_SEQUENCE_COLUMNS = (fc._ScatteredEmbeddingColumn,
                               fc._BucketizedColumn, fc._CrossedColumn)


def _parent_columns(column):
  if isinstance(column, (fc._WeightedSparseColumn, fc._OneHotColumn,
                         fc._EmbeddingColumn)):
    return (column.sparse_id_column,)
  if isinstance(column, fc._BucketizedColumn):
    return (column.source_column,)
  if isinstance(column, fc._CrossedColumn):
    return tuple(column.columns)
  return ()


def _check_sequence_columns(feature_columns):
  for column in feature_columns:
    if not isinstance(column, _SUPPORTED_SEQUENCE_COLUMNS):
      raise fc.FeatureColumnValueError(
          "FeatureColumn type {} is not currently supported for sequence data "
          "(column {}).".format(type(column).__name__, column.name))
  gathered = list(feature_columns)
  for column in gathered:
    for parent in _parent_columns(column):
      if parent not in gathered:
        gathered.append(parent)
  for column in gathered:
    if isinstance(column, _FORBIDDEN_SEQUENCE_COLUMNS):
      raise fc.FeatureColumnValueError(
          "Column {} is of type {}, which is not currently supported for "
          "sequences.".format(column.name, type(column).__name__))


def sequence_input_from_feature_columns(columns_to_tensors, feature_columns,
                                        weight_collections=None,
                                        trainable=True, scope=None):
  """`input_from_feature_columns` for `[batch, time, ...]` inputs.

  Experimental in TF 1.15. Reads one-hot, embedding and real-valued columns
  (none built on scattered embedding, bucketized or crossed columns); inputs
  are brought to rank 3 and the outputs concatenated on the last axis. Scope
  `sequence_input_from_feature_columns`.

  Returns:
    `[batch, time, sum of the columns' sizes]`.

  Raises:
    ValueError: An unsupported column, or one built on a forbidden one.
  """
  _check_sequence_columns(feature_columns)
  return _input_from_feature_columns(
      columns_to_tensors, feature_columns, weight_collections, trainable,
      scope, output_rank=3,
      default_name="sequence_input_from_feature_columns")


def _create_embedding_lookup(column, values, arguments, num_outputs,
                             trainable, weight_collections):
  """A sparse column's linear weights `[vocab, num_outputs]` and their sum."""
  with _V1.variable_scope(None, default_name=column.name, values=values):
    variable = _slim_variables.model_variable(
        name=fc.WEIGHTS_NAME, shape=[arguments.vocab_size, num_outputs],
        dtype=tf.float32, initializer=arguments.initializer,
        trainable=trainable, collections=weight_collections)
    variable = fc._variable_list(variable)
    predictions = _embedding.safe_embedding_lookup_sparse(
        variable, arguments.input_tensor,
        sparse_weights=arguments.weight_tensor, combiner=arguments.combiner,
        name=column.name + "_weights")
    return variable, predictions


def _create_dense_weighted_sum(column, values, transformed, num_outputs,
                               trainable, weight_collections):
  """A real-valued column's weight `[dimension, num_outputs]` and product."""
  with _V1.variable_scope(None, default_name=column.name, values=values):
    tensor = column._to_dense_tensor(transformed)
    tensor = _maybe_reshape_input_tensor(tensor, column.name, output_rank=2)
    variable = [_slim_variables.model_variable(
        name=DENSE_WEIGHT_NAME, shape=[tensor.shape[1], num_outputs],
        initializer=_V1.zeros_initializer(), trainable=trainable,
        collections=weight_collections)]
    return variable, tf.matmul(tensor, variable[0], name="matmul")


def _bias(num_outputs, trainable, weight_collections):
  bias = _slim_variables.model_variable(
      BIAS_NAME, shape=[num_outputs], initializer=_V1.zeros_initializer(),
      trainable=trainable, collections=_with_global(weight_collections))
  if isinstance(bias, tf.Variable):
    logging.info("Created variable %s, with device=%s", bias.name,
                 bias.device)
  return bias


def weighted_sum_from_feature_columns(columns_to_tensors, feature_columns,
                                      num_outputs, weight_collections=None,
                                      trainable=True, scope=None):
  """A linear model: the sum of each column's weighted ids or values, + bias.

  Each sparse, weighted, bucketized or crossed column gets
  `<scope>/<column>/weights` `[ids, num_outputs]` (zeros; looked up and
  reduced with the column's combiner), each real-valued column
  `<scope>/<column>/weight` `[dimension, num_outputs]` (zeros), and the sum
  gets `<scope>/bias_weight` `[num_outputs]` (zeros). A column with
  `ckpt_to_load_from` is initialized from that checkpoint.

  Args:
    columns_to_tensors: `{feature key or column: Tensor or SparseTensor}`.
    feature_columns: The columns.
    num_outputs: The number of outputs (logits).
    weight_collections: Extra collections for the variables.
    trainable: Whether the variables are trained.
    scope: Variable scope; default `weighted_sum_from_feature_columns`.

  Returns:
    `WeightedSum(predictions, column_to_variable, bias)`, TF 1.15's triple.

  Raises:
    ValueError: `feature_columns` is a dict, holds duplicates, or holds a
      column a linear model cannot read (embedding, one-hot).
  """
  columns_to_tensors = columns_to_tensors.copy()
  check_feature_columns(feature_columns)
  values = list(columns_to_tensors.values())
  with _V1.variable_scope(scope,
                          default_name="weighted_sum_from_feature_columns",
                          values=values):
    outputs = []
    column_to_variable = {}
    transformer = _Transformer(columns_to_tensors)
    for column in _ordered(feature_columns):
      transformed = transformer.transform(column)
      try:
        try:
          arguments = column._wide_embedding_lookup_arguments(transformed)
          variable, predictions = _create_embedding_lookup(
              column, values, arguments, num_outputs, trainable,
              weight_collections)
        except NotImplementedError:
          variable, predictions = _create_dense_weighted_sum(
              column, values, transformed, num_outputs, trainable,
              weight_collections)
      except ValueError as e:
        raise fc.FeatureColumnValueError(
            "Error creating weighted sum for column: {}.\n{}".format(
                column.name, e)) from e
      outputs.append(tf.reshape(predictions, shape=(-1, num_outputs)))
      column_to_variable[column] = variable
      fc._maybe_restore_from_checkpoint(column._checkpoint_path(), variable)
    bias = _bias(num_outputs, trainable, weight_collections)
    predictions = tf.nn.bias_add(tf.add_n(outputs), bias)
    return WeightedSum(predictions, column_to_variable, bias)


def joint_weighted_sum_from_feature_columns(columns_to_tensors,
                                            feature_columns, num_outputs,
                                            weight_collections=None,
                                            trainable=True, scope=None):
  """A linear model of unweighted sparse columns, all weights in one variable.

  The columns' ids are offset into one id space (in `key` order) and looked
  up in `<scope>/linear_weights/weights` `[total ids, num_outputs]`, plus
  `<scope>/bias_weight`. Only "sum" combiners and no weighted columns.

  Args:
    columns_to_tensors, feature_columns, num_outputs, weight_collections,
      trainable: As for `weighted_sum_from_feature_columns`.
    scope: Variable scope; default `joint_weighted_sum_from_feature_columns`.

  Returns:
    `JointWeightedSum(predictions, variables, bias)`, TF 1.15's triple.

  Raises:
    NotImplementedError: A real-valued column (bucketize it instead).
    JointWeightedSumError: A weighted column, a combiner other than "sum",
      or no columns.
  """
  columns_to_tensors = columns_to_tensors.copy()
  check_feature_columns(feature_columns)
  values = list(columns_to_tensors.values())
  with _V1.variable_scope(
      scope, default_name="joint_weighted_sum_from_feature_columns",
      values=values):
    transformer = _Transformer(columns_to_tensors)
    lookups = []
    for column in _ordered(feature_columns):
      transformed = transformer.transform(column)
      try:
        lookups.append(
            (column, column._wide_embedding_lookup_arguments(transformed)))
      except NotImplementedError:
        raise NotImplementedError(
            "Real-valued columns are not supported. Use "
            "weighted_sum_from_feature_columns instead, or bucketize these "
            "columns (column {}).".format(column.name)) from None
    ids = []
    total = 0
    for column, arguments in lookups:
      if arguments.weight_tensor is not None:
        raise JointWeightedSumError(
            "Joint sums for weighted sparse columns are not supported. Please "
            "use weighted_sum_from_feature_columns instead (column {}).".format(
                column.name))
      if arguments.combiner != "sum":
        raise JointWeightedSumError(
            "Combiners other than sum are not supported for joint sums. "
            "Please use weighted_sum_from_feature_columns instead (column {} "
            "has combiner {!r}).".format(column.name, arguments.combiner))
      sparse = arguments.input_tensor
      ids.append(tf.SparseTensor(sparse.indices, sparse.values + total,
                                 sparse.dense_shape))
      total += arguments.vocab_size
    if not ids:
      raise JointWeightedSumError("At least one column must be in the model.")
    joint_ids = _V1.sparse.concat(1, ids)
    with _V1.variable_scope(None, default_name=JOINT_WEIGHTS_SCOPE,
                            values=values):
      variable = fc._variable_list(_slim_variables.model_variable(
          name=fc.WEIGHTS_NAME, shape=[total, num_outputs], dtype=tf.float32,
          initializer=_V1.zeros_initializer(), trainable=trainable,
          collections=weight_collections))
      predictions = _embedding.safe_embedding_lookup_sparse(
          variable, joint_ids, sparse_weights=None, combiner="sum",
          name="_weights")
    bias = _bias(num_outputs, trainable, weight_collections)
    return JointWeightedSum(tf.nn.bias_add(predictions, bias), variable, bias)


def parse_feature_columns_from_examples(serialized, feature_columns,
                                        name=None, example_names=None):
  """Parses `tf.Example`s for the columns and adds the columns' transforms.

  Args:
    serialized: 1-D string tensor of serialized `Example`s.
    feature_columns: The columns.
    name: Name of the parsing op.
    example_names: Optional 1-D string tensor naming the examples.

  Returns:
    `{feature key: parsed tensor}` plus `{column: transformed tensor}`.
  """
  check_feature_columns(feature_columns)
  columns_to_tensors = _V1.io.parse_example(
      serialized=serialized,
      features=fc.create_feature_spec_for_parsing(feature_columns), name=name,
      example_names=example_names)
  transformer = _Transformer(columns_to_tensors)
  for column in _ordered(feature_columns):
    transformer.transform(column)
  return columns_to_tensors


def transform_features(features, feature_columns):
  """`{column: transformed tensor}` for `feature_columns`, from `features`.

  Args:
    features: `{feature key: Tensor or SparseTensor}`.
    feature_columns: The columns to transform.

  Returns:
    A dict holding exactly the given columns.
  """
  columns_to_tensors = features.copy()
  check_feature_columns(feature_columns)
  transformer = _Transformer(columns_to_tensors)
  for column in _ordered(feature_columns):
    transformer.transform(column)
  for key in list(columns_to_tensors):
    if key not in feature_columns:
      del columns_to_tensors[key]
  return columns_to_tensors


def parse_feature_columns_from_sequence_examples(serialized,
                                                 context_feature_columns,
                                                 sequence_feature_columns,
                                                 name=None,
                                                 example_name=None):
  """Parses one `tf.SequenceExample` for context and sequence columns.

  Args:
    serialized: A scalar (one element) string tensor: batch after parsing.
    context_feature_columns: Columns of context features, or None.
    sequence_feature_columns: Columns of per-step features, or None.
    name: Name of the parsing op.
    example_name: Optional scalar string naming the example.

  Returns:
    `(context features, sequence features)`, dicts keyed by feature key.

  Raises:
    ValueError: `serialized` holds more than one element.
  """
  try:
    serialized = tf.reshape(serialized, [])
  except ValueError as e:
    raise fc.FeatureColumnValueError(
        "serialized must contain as single sequence example. Batching must "
        "be done after parsing for sequence examples. Error: {}".format(
            e)) from e
  context_feature_columns = context_feature_columns or []
  sequence_feature_columns = sequence_feature_columns or []
  check_feature_columns(context_feature_columns)
  check_feature_columns(sequence_feature_columns)
  context_spec = fc.create_feature_spec_for_parsing(context_feature_columns)
  sequence_spec = fc._create_sequence_feature_spec_for_parsing(
      sequence_feature_columns, allow_missing_by_default=False)
  return _V1.io.parse_single_sequence_example(serialized, context_spec,
                                              sequence_spec, example_name,
                                              name)


def _infer_real_valued_column_for_tensor(name, tensor):
  if isinstance(tensor, tf.SparseTensor):
    raise fc.FeatureColumnValueError(
        "SparseTensor is not supported for auto detection. Please define "
        "corresponding FeatureColumn for tensor {} {}.".format(name, tensor))
  if not (tensor.dtype.is_integer or tensor.dtype.is_floating):
    raise fc.FeatureColumnValueError(
        "Non integer or non floating types are not supported for auto "
        "detection. Please define corresponding FeatureColumn for tensor {} "
        "{}.".format(name, tensor))
  dimension = 1
  for size in tensor.shape.as_list()[1:]:
    dimension *= size
  return fc.real_valued_column(name, dimension=dimension, dtype=tensor.dtype)


def infer_real_valued_columns(features):
  """One `real_valued_column` per dense numeric tensor, sized by its shape.

  Args:
    features: A tensor (its column is named `""`) or a dict of tensors.

  Returns:
    A list of `_RealValuedColumn`s, `dimension` = the product of each
    tensor's non-batch dimensions.

  Raises:
    ValueError: A `SparseTensor` or a non-numeric tensor.
  """
  if not isinstance(features, dict):
    return [_infer_real_valued_column_for_tensor("", features)]
  return [_infer_real_valued_column_for_tensor(key, value)
          for key, value in features.items()]


def check_feature_columns(feature_columns):
  """Raises unless `feature_columns` is a non-dict iterable of distinct keys.

  Raises:
    ValueError: `feature_columns` is a dict, or two columns share a key
      (nearly identical columns; one must go).
  """
  if isinstance(feature_columns, dict):
    raise fc.FeatureColumnValueError(
        "Expected feature_columns to be iterable, found dict.")
  seen = set()
  for column in feature_columns:
    if column.key in seen:
      raise fc.FeatureColumnValueError(
          "Duplicate feature column key found for column: {}. This usually "
          "means that the column is almost identical to another column, and "
          "one must be discarded.".format(column.name))
    seen.add(column.key)


class _Transformer:
  """Transforms columns into a `columns_to_tensors` dict, each at most once.

  A column used twice (a bucketized column alone and in a cross) is
  transformed once; a column already present (transformed by the input
  pipeline) is returned as it is.
  """

  def __init__(self, columns_to_tensors):
    self._columns_to_tensors = columns_to_tensors

  def transform(self, feature_column):
    """The tensor of `feature_column`, created if needed.

    Raises:
      FeatureColumnValueError: The column added no tensor.
    """
    if feature_column in self._columns_to_tensors:
      return self._columns_to_tensors[feature_column]
    feature_column.insert_transformed_feature(self._columns_to_tensors)
    if feature_column not in self._columns_to_tensors:
      raise fc.FeatureColumnValueError(
          "Column {} is not supported.".format(feature_column.name))
    return self._columns_to_tensors[feature_column]
