"""TF 1.15's contrib feature columns (`real_valued_column`, `embedding_column`, ...).

The columns 2016-2018 Estimator and linear-model code was written against,
with contrib's semantics, which differ from `tf.feature_column`'s:

* `real_valued_column(name, dimension=1, ...)` has a `dimension` (not a
  `shape`) and a `normalizer`; `dimension=None` is refused, as in TF 1.15 (the
  variable-length case was the experimental `_real_valued_var_len_column`).
* Sparse columns combine with "sum" by default; `embedding_column` and
  `shared_embedding_columns` with "mean", `scattered_embedding_column` with
  "mean".
* `embedding_column`'s default initializer is a truncated normal of stddev
  `1/sqrt(vocabulary size)` (core's uses `1/sqrt(dimension)`).
* `crossed_column` without `hash_key` hashes with TF 1.15's old
  `HashCombine` (see `sparse_feature_cross`), so a crossed bucket of a TF 1.15
  checkpoint is the same bucket here.

Each column is an immutable namedtuple with TF 1.15's class name and fields:
its `key` (which orders columns in `input_from_feature_columns`, and so the
layout of its output and of the weights behind it) is the same string TF 1.15
built. As in TF 1.15 the columns also subclass core's v1 column bases, so
`tf.compat.v1.feature_column.input_layer` / `linear_model` and
`make_parse_example_spec`, and through them the canned estimators, accept the
dense and categorical ones.

`feature_column_ops` builds the layers from these columns.
"""

import abc
import collections
import collections.abc
import math

from absl import logging
import tensorflow as tf
# Core's v1 `input_layer` and `linear_model` accept only subclasses of its
# (unexported) column bases; TF 1.15's contrib columns subclassed them too.
from tensorflow.python.feature_column import feature_column as _core  # pylint: disable=g-direct-tensorflow-import
from tf_slim.layers import layers as _slim_layers
from tf_slim.ops import variables as _slim_variables

from tf1_compat.contrib import lookup as _lookup
from tf1_compat.contrib.layers import embedding as _embedding
from tf1_compat.contrib.layers import sparse_feature_cross as _cross
from tf1_compat.framework import errors

# The columns' private protocol (`_transform_feature`, `_num_buckets`, ...) is
# core's, and TF 1.15's private column classes and helpers are API here.
# pylint: disable=protected-access

_V1 = tf.compat.v1

# Checkpoint-visible names.
WEIGHTS_NAME = "weights"
SHARED_EMBEDDING_COLLECTION_PREFIX = "SHARED_EMBEDDING_COLLECTION_"

_COMBINERS = ("mean", "sqrtn", "sum")


class FeatureColumnValueError(errors.Error, ValueError):
  """A feature column got an argument or input it cannot use."""


class FeatureColumnTypeError(errors.Error, TypeError):
  """A feature column got an argument of the wrong type."""


class MissingFeatureError(errors.Error, KeyError, ValueError):
  """A column's input feature is missing.

  A KeyError, as TF 1.15's dictionary lookup raised, and a ValueError, as its
  lazy builder did.
  """

  def __str__(self):
    return str(self.args[0]) if self.args else ""


def raw_feature(columns_to_tensors, key, column_name):
  """`columns_to_tensors[key]`, or a `MissingFeatureError` naming the column."""
  if key in columns_to_tensors:
    return columns_to_tensors[key]
  present = sorted(str(k) for k in columns_to_tensors if isinstance(k, str))
  raise MissingFeatureError(
      "Feature column %s reads the feature %r, which is not among the "
      "features (they hold %s)." % (column_name, key, present))


class _LinearEmbeddingLookupArguments(collections.namedtuple(
    "_LinearEmbeddingLookupArguments",
    ["input_tensor", "weight_tensor", "vocab_size", "initializer",
     "combiner"])):
  """What a linear model looks up for a column: ids, weights, vocabulary."""


class _DeepEmbeddingLookupArguments(collections.namedtuple(
    "_DeepEmbeddingLookupArguments",
    ["input_tensor", "weight_tensor", "vocab_size", "initializer", "combiner",
     "dimension", "shared_embedding_name", "hash_key", "max_norm",
     "trainable"])):
  """What an input layer looks up for an embedding column."""


class _FeatureColumn(abc.ABC):
  """A contrib feature column: a base feature and how a model reads it.

  Subclasses are namedtuples. `insert_transformed_feature` adds the column's
  transformed tensor to a `columns_to_tensors` dict keyed by the column;
  `_deep_embedding_lookup_arguments` (embedding columns),
  `_to_dnn_input_layer` (dense columns), `_wide_embedding_lookup_arguments`
  (categorical columns) and `_to_dense_tensor` (real-valued columns) say how
  `feature_column_ops` consumes it. Those raise NotImplementedError when the
  column cannot be read that way (the ops then try the next way) and
  ValueError when a model must not read it so.
  """

  @property
  @abc.abstractmethod
  def name(self):
    """The column's name: its variable scope and its feature key if a base."""

  @property
  @abc.abstractmethod
  def config(self):
    """`{feature key: FixedLenFeature | VarLenFeature}` for parsing."""

  @property
  @abc.abstractmethod
  def key(self):
    """A string that identifies the column and orders columns."""

  @abc.abstractmethod
  def insert_transformed_feature(self, columns_to_tensors):
    """Adds `columns_to_tensors[self]`, transforming base features as needed."""

  def _to_dnn_input_layer(self, input_tensor, weight_collections=None,
                          trainable=True, output_rank=2):
    raise FeatureColumnValueError(
        "Column %s cannot be an input of a neural network." % self.name)

  def _deep_embedding_lookup_arguments(self, input_tensor):
    raise NotImplementedError(
        "No deep embedding lookup arguments for column {}.".format(self))

  def _wide_embedding_lookup_arguments(self, input_tensor):
    raise NotImplementedError(
        "No wide embedding lookup arguments for column {}.".format(self))

  def _to_dense_tensor(self, input_tensor):
    raise NotImplementedError(
        "No dense tensor representation for column {}.".format(self))

  def _checkpoint_path(self):
    """None, or `(checkpoint, tensor name)` to initialize the weights from."""
    return None

  def _key_without_properties(self, properties):
    """`str(self)` with `properties` left out and field values `str`-ed.

    TF 1.15 dropped the initializer and normalizer (functions, printed with
    their addresses) so that keys, and the column order, are deterministic.
    """
    fields = ["{}={}".format(field, value)
              for field, value in zip(self._fields, self)
              if field not in properties]
    return "{}({})".format(type(self).__name__, ", ".join(fields))


def _get_feature_config(feature_column):
  """The column's `config`, for the column types TF 1.15 could parse."""
  if not isinstance(feature_column, _FeatureColumn):
    raise FeatureColumnTypeError(
        "feature_columns should only contain instances of _FeatureColumn. "
        "Given column is {}".format(feature_column))
  return feature_column.config


def _dense_to_sparse(dense, ignore_value=None):
  """A `SparseTensor` of `dense`'s entries other than `ignore_value`.

  `ignore_value` defaults to `""` for strings and 0 otherwise.
  """
  with _V1.name_scope("DenseToSparseTensor"):
    dense = tf.convert_to_tensor(dense)
    if ignore_value is None:
      ignore_value = "" if dense.dtype == tf.string else 0
    ignore = tf.cast(ignore_value, dense.dtype, name="ignore_value")
    indices = tf.where(tf.not_equal(dense, ignore), name="indices")
    return tf.SparseTensor(
        indices=indices, values=tf.gather_nd(dense, indices, name="values"),
        dense_shape=tf.shape(dense, out_type=tf.int64, name="dense_shape"))


def _reshape_real_valued_tensor(input_tensor, output_rank, column_name=None):
  """`input_tensor` at rank `output_rank`.

  One dimension too few is added at the end (with TF 1.15's warning); more
  dimensions than `output_rank` are flattened into the last one.

  Raises:
    FeatureColumnValueError: `input_tensor` lacks two or more dimensions.
  """
  input_rank = input_tensor.shape.ndims
  if input_rank is not None:
    if output_rank > input_rank + 1:
      raise FeatureColumnValueError(
          "Error while processing column {}. Rank of input Tensor ({}) should "
          "be the same as output_rank ({}). For example, sequence data should "
          "typically be 3 dimensional (rank 3) while non-sequence data is "
          "typically 2 dimensional (rank 2).".format(
              column_name, input_rank, output_rank))
    if output_rank == input_rank + 1:
      logging.warning(
          "Rank of input Tensor (%d) should be the same as output_rank (%d) "
          "for column. Will attempt to expand dims. It is highly recommended "
          "that you resize your input, as this behavior may change.",
          input_rank, output_rank)
      return tf.expand_dims(input_tensor, -1, name="expand_dims")
    if output_rank == input_rank:
      return input_tensor
  return _slim_layers._inner_flatten(input_tensor, output_rank)


def _check_combiner(combiner, column_name):
  if combiner not in _COMBINERS:
    raise FeatureColumnValueError(
        "Combiner must be one of 'mean', 'sqrtn' or 'sum'. combiner: {}, "
        "column_name: {}".format(combiner, column_name))


def _check_checkpoint_pair(ckpt_to_load_from, tensor_name_in_ckpt, name):
  if (ckpt_to_load_from is None) != (tensor_name_in_ckpt is None):
    raise FeatureColumnValueError(
        "Must specify both `ckpt_to_load_from` and `tensor_name_in_ckpt` or "
        "none of them (column {}: got {!r} and {!r}).".format(
            name, ckpt_to_load_from, tensor_name_in_ckpt))


# --- Sparse (categorical) columns -------------------------------------------


class _SparseIdLookupConfig(collections.namedtuple(
    "_SparseIdLookupConfig",
    ["vocabulary_file", "keys", "num_oov_buckets", "vocab_size",
     "default_value"])):
  """How a sparse column maps features to ids: a vocabulary file or keys.

  Attributes:
    vocabulary_file: One feature per line; cannot be combined with `keys`.
    keys: Features; a feature's id is its position.
    num_oov_buckets: Hash buckets after the vocabulary for unknown features;
      0 maps them to `default_value`.
    vocab_size: Number of vocabulary entries.
    default_value: The id of an unknown feature when there are no buckets.
  """

  def __new__(cls, vocabulary_file=None, keys=None, num_oov_buckets=0,
              vocab_size=None, default_value=-1):
    return super().__new__(cls, vocabulary_file, keys, num_oov_buckets,
                           vocab_size, default_value)


class _SparseColumn(
    _FeatureColumn, _core._CategoricalColumn,
    collections.namedtuple("_SparseColumn", [
        "column_name", "is_integerized", "bucket_size", "lookup_config",
        "combiner", "dtype"])):
  """A categorical feature: a `SparseTensor` (or dense `Tensor`) of features.

  Exactly one of `bucket_size` (hashed or integerized ids) and
  `lookup_config` (a vocabulary) is set. A dense input is made sparse first,
  dropping `""` (strings) or -1 (integers) entries.

  Attributes:
    column_name: The feature key.
    is_integerized: The features are the ids (modulo `bucket_size`).
    bucket_size: The number of ids, for hashed or integerized columns.
    lookup_config: A `_SparseIdLookupConfig`, for vocabulary columns.
    combiner: How a linear model reduces several ids in a row: "sum" (TF
      1.15's default), "mean" or "sqrtn".
    dtype: `tf.string` or an integer dtype.
  """

  def __new__(cls, column_name, is_integerized=False, bucket_size=None,
              lookup_config=None, combiner="sum", dtype=tf.string):
    if is_integerized and bucket_size is None:
      raise FeatureColumnValueError(
          "bucket_size must be set if is_integerized is True. column_name: "
          "{}".format(column_name))
    if is_integerized and not dtype.is_integer:
      raise FeatureColumnValueError(
          "dtype must be an integer if is_integerized is True. dtype: {}, "
          "column_name: {}.".format(dtype, column_name))
    if dtype != tf.string and not dtype.is_integer:
      raise FeatureColumnValueError(
          "dtype must be string or integer. dtype: {}, column_name: {}".format(
              dtype, column_name))
    if bucket_size is None and lookup_config is None:
      raise FeatureColumnValueError(
          "one of bucket_size or lookup_config must be set. column_name: "
          "{}".format(column_name))
    if bucket_size is not None and lookup_config:
      raise FeatureColumnValueError(
          "one and only one of bucket_size or lookup_config must be set. "
          "column_name: {}".format(column_name))
    if bucket_size is not None and bucket_size < 1:
      raise FeatureColumnValueError(
          "bucket_size must be at least 1. bucket_size: {}, column_name: "
          "{}".format(bucket_size, column_name))
    if lookup_config and not isinstance(lookup_config, _SparseIdLookupConfig):
      raise FeatureColumnTypeError(
          "lookup_config must be an instance of _SparseIdLookupConfig. Given "
          "one is in type {} for column_name {}".format(
              type(lookup_config), column_name))
    if (lookup_config and lookup_config.vocabulary_file
        and lookup_config.vocab_size is None):
      raise FeatureColumnValueError(
          "vocab_size must be defined. column_name: {}".format(column_name))
    return super().__new__(cls, column_name, is_integerized=is_integerized,
                           bucket_size=bucket_size,
                           lookup_config=lookup_config, combiner=combiner,
                           dtype=dtype)

  @property
  def name(self):
    return self.column_name

  @property
  def length(self):
    """The number of ids: buckets, or vocabulary plus OOV buckets."""
    if self.bucket_size is not None:
      return self.bucket_size
    return self.lookup_config.vocab_size + self.lookup_config.num_oov_buckets

  @property
  def config(self):
    return {self.column_name: _V1.VarLenFeature(self.dtype)}

  @property
  def key(self):
    return "{}".format(self)

  def id_tensor(self, input_tensor):
    """The ids in the column's transformed tensor."""
    return input_tensor

  def weight_tensor(self, input_tensor):
    """The weights in the column's transformed tensor (None: weight 1)."""
    del input_tensor
    return None

  def _to_dnn_input_layer(self, input_tensor, weight_collections=None,
                          trainable=True, output_rank=2):
    raise FeatureColumnValueError(
        "SparseColumn is not supported in DNN. Please use embedding_column or "
        "one_hot_column. column: {}".format(self))

  def _wide_embedding_lookup_arguments(self, input_tensor):
    return _LinearEmbeddingLookupArguments(
        input_tensor=self.id_tensor(input_tensor),
        weight_tensor=self.weight_tensor(input_tensor),
        vocab_size=self.length, initializer=_V1.zeros_initializer(),
        combiner=self.combiner)

  def _get_input_sparse_tensor(self, input_tensor):
    """`input_tensor` as a `SparseTensor` (a dense one: rank 2, sparsified)."""
    if isinstance(input_tensor, tf.SparseTensor):
      return input_tensor
    input_tensor = tf.convert_to_tensor(input_tensor)
    # -1, not 0, is dropped from integers: 0 is a valid id.
    ignore_value = "" if input_tensor.dtype == tf.string else -1
    input_tensor = _reshape_real_valued_tensor(input_tensor, 2, self.name)
    return _dense_to_sparse(input_tensor, ignore_value=ignore_value)

  def is_compatible(self, other_column):
    """Whether `other_column` can share an embedding with this one."""
    if self.lookup_config and other_column.lookup_config:
      return self.lookup_config == other_column.lookup_config
    compatible = (self.length == other_column.length and (
        self.dtype == other_column.dtype
        or (self.dtype.is_integer and other_column.dtype.is_integer)))
    if compatible:
      logging.warning("Column %s and %s may not have the same vocabulary.",
                      self.name, other_column.name)
    return compatible

  @abc.abstractmethod
  def _do_transform(self, input_tensor):
    """The ids of `SparseTensor` `input_tensor`."""

  def insert_transformed_feature(self, columns_to_tensors):
    raw = raw_feature(columns_to_tensors, self.name, self.name)
    columns_to_tensors[self] = self._do_transform(
        self._get_input_sparse_tensor(raw))

  def _transform_feature(self, inputs):
    return self._do_transform(
        self._get_input_sparse_tensor(inputs.get(self.name)))

  @property
  def _parse_example_spec(self):
    return self.config

  @property
  def _num_buckets(self):
    return self.length

  def _get_sparse_tensors(self, inputs, weight_collections=None,
                          trainable=None):
    del weight_collections, trainable
    transformed = inputs.get(self)
    return _core._CategoricalColumn.IdWeightPair(
        self.id_tensor(transformed), self.weight_tensor(transformed))


class _SparseColumnIntegerized(_SparseColumn):
  """See `sparse_column_with_integerized_feature`."""

  def _do_transform(self, input_tensor):
    ids = tf.math.floormod(input_tensor.values, self.bucket_size, name="mod")
    return tf.SparseTensor(input_tensor.indices, ids, input_tensor.dense_shape)


def sparse_column_with_integerized_feature(column_name, bucket_size,
                                           combiner="sum", dtype=tf.int64):
  """A sparse column whose integer features are their own ids.

  An id is the feature modulo `bucket_size`; integers that never occur
  still have a weight (or a one-hot slot).

  Args:
    column_name: The feature key.
    bucket_size: The number of ids (> the largest feature), >= 1.
    combiner: "sum" (default), "mean" or "sqrtn": how a linear model reduces
      several ids in a row.
    dtype: An integer dtype.

  Returns:
    A `_SparseColumn`.

  Raises:
    ValueError: `bucket_size` < 1, or `dtype` is not an integer.
  """
  return _SparseColumnIntegerized(column_name, is_integerized=True,
                                  bucket_size=bucket_size, combiner=combiner,
                                  dtype=dtype)


class _SparseColumnHashed(_SparseColumn):
  """See `sparse_column_with_hash_bucket`.

  `hash_keys` is an attribute outside the tuple, so (as in TF 1.15) it takes
  no part in the key, equality or hash.
  """

  def __new__(cls, column_name, is_integerized=False, bucket_size=None,
              lookup_config=None, combiner="sum", dtype=tf.string,
              hash_keys=None):
    if hash_keys is not None:
      if not isinstance(hash_keys, list) or not hash_keys:
        raise FeatureColumnValueError(
            "hash_keys must be a non-empty list. hash_keys: {}, column_name: "
            "{}".format(hash_keys, column_name))
      pairs_ok = all(
          isinstance(pair, list) and len(pair) == 2
          and all(isinstance(k, int) for k in pair) for pair in hash_keys)
      if not pairs_ok:
        raise FeatureColumnValueError(
            "Each element of hash_keys must be a pair of integers. hash_keys: "
            "{}, column_name: {}".format(hash_keys, column_name))
    column = super().__new__(cls, column_name, is_integerized=is_integerized,
                             bucket_size=bucket_size,
                             lookup_config=lookup_config, combiner=combiner,
                             dtype=dtype)
    column.hash_keys = hash_keys
    return column

  def _do_transform(self, input_tensor):
    values = input_tensor.values
    if self.dtype.is_integer:
      values = tf.strings.as_string(values)
    if not self.hash_keys:
      ids = tf.strings.to_hash_bucket_fast(values, self.bucket_size,
                                           name="lookup")
      return tf.SparseTensor(input_tensor.indices, ids,
                             input_tensor.dense_shape)
    # One strong-hash id per key pair, side by side along the last axis.
    per_key = [
        tf.SparseTensor(
            input_tensor.indices,
            tf.strings.to_hash_bucket_strong(values, self.bucket_size, key),
            input_tensor.dense_shape)
        for key in self.hash_keys]
    return _V1.sparse.concat(axis=1, sp_inputs=per_key, name="lookup")


def sparse_column_with_hash_bucket(column_name, hash_bucket_size,
                                   combiner="sum", dtype=tf.string,
                                   hash_keys=None):
  """A sparse column whose ids are hashes of its features.

  `id = Fingerprint64(feature) % hash_bucket_size` (integers are hashed as
  their decimal strings). With `hash_keys`, each feature gets one strong-hash
  id per key pair instead, to make collisions rarer.

  Args:
    column_name: The feature key.
    hash_bucket_size: The number of ids, >= 1.
    combiner: "sum" (default), "mean" or "sqrtn".
    dtype: `tf.string` or an integer dtype.
    hash_keys: None, or a non-empty list of `[int, int]` strong-hash keys.

  Returns:
    A `_SparseColumn`.

  Raises:
    ValueError: a bad `hash_bucket_size`, `dtype` or `hash_keys`.
  """
  return _SparseColumnHashed(column_name, bucket_size=hash_bucket_size,
                             combiner=combiner, dtype=dtype,
                             hash_keys=hash_keys)


class _SparseColumnKeys(_SparseColumn):
  """See `sparse_column_with_keys`."""

  def _do_transform(self, input_tensor):
    table = _lookup.index_table_from_tensor(
        mapping=tuple(self.lookup_config.keys),
        default_value=self.lookup_config.default_value, dtype=self.dtype,
        name="lookup")
    return table.lookup(input_tensor)


def sparse_column_with_keys(column_name, keys, default_value=-1,
                            combiner="sum", dtype=tf.string):
  """A sparse column whose id of a feature is its position in `keys`.

  A feature not in `keys` gets `default_value` (-1: dropped by the lookups).
  The table must be initialized (`tf.tables_initializer()`).

  Args:
    column_name: The feature key.
    keys: The vocabulary, castable to `dtype`.
    default_value: The id of an unknown feature.
    combiner: "sum" (default), "mean" or "sqrtn".
    dtype: `tf.string` or an integer dtype.

  Returns:
    A `_SparseColumn`.
  """
  keys = tuple(keys)
  return _SparseColumnKeys(
      column_name,
      lookup_config=_SparseIdLookupConfig(keys=keys, vocab_size=len(keys),
                                          default_value=default_value),
      combiner=combiner, dtype=dtype)


class _SparseColumnVocabulary(_SparseColumn):
  """See `sparse_column_with_vocabulary_file`."""

  def _do_transform(self, input_tensor):
    if self.dtype.is_integer:
      input_tensor = tf.SparseTensor(input_tensor.indices,
                                     tf.strings.as_string(input_tensor.values),
                                     input_tensor.dense_shape)
    config = self.lookup_config
    table = _lookup.index_table_from_file(
        vocabulary_file=config.vocabulary_file,
        num_oov_buckets=config.num_oov_buckets, vocab_size=config.vocab_size,
        default_value=config.default_value, name=self.name + "_lookup")
    return table.lookup(input_tensor)


def sparse_column_with_vocabulary_file(column_name, vocabulary_file,
                                       num_oov_buckets=0, vocab_size=None,
                                       default_value=-1, combiner="sum",
                                       dtype=tf.string):
  """A sparse column whose id of a feature is its line in `vocabulary_file`.

  Integers are looked up as their decimal strings. Unknown features get one of
  `num_oov_buckets` hash buckets after the vocabulary, or `default_value`.

  Args:
    column_name: The feature key.
    vocabulary_file: One feature per line.
    num_oov_buckets: Buckets for unknown features (0: use `default_value`).
    vocab_size: The number of lines used; required.
    default_value: The id of an unknown feature without buckets.
    combiner: "sum" (default), "mean" or "sqrtn".
    dtype: `tf.string` or an integer dtype.

  Returns:
    A `_SparseColumn`.

  Raises:
    ValueError: `vocab_size` is missing, or a bad `dtype`.
  """
  if vocab_size is None:
    raise FeatureColumnValueError(
        "vocab_size should be defined. column_name: {}".format(column_name))
  return _SparseColumnVocabulary(
      column_name,
      lookup_config=_SparseIdLookupConfig(
          vocabulary_file=vocabulary_file, num_oov_buckets=num_oov_buckets,
          vocab_size=vocab_size, default_value=default_value),
      combiner=combiner, dtype=dtype)


class _WeightedSparseColumn(
    _FeatureColumn, _core._CategoricalColumn,
    collections.namedtuple("_WeightedSparseColumn",
                           ["sparse_id_column", "weight_column_name",
                            "dtype"])):
  """See `weighted_sparse_column`; transforms to an `(ids, weights)` tuple."""

  def __new__(cls, sparse_id_column, weight_column_name, dtype):
    return super().__new__(cls, sparse_id_column, weight_column_name, dtype)

  @property
  def name(self):
    return "{}_weighted_by_{}".format(self.sparse_id_column.name,
                                      self.weight_column_name)

  @property
  def length(self):
    return self.sparse_id_column.length

  @property
  def config(self):
    config = _get_feature_config(self.sparse_id_column)
    config.update({self.weight_column_name: _V1.VarLenFeature(self.dtype)})
    return config

  @property
  def lookup_config(self):
    return self.sparse_id_column.lookup_config

  @property
  def key(self):
    return "{}".format(self)

  def id_tensor(self, input_tensor):
    return input_tensor[0]

  def weight_tensor(self, input_tensor):
    return input_tensor[1]

  def _to_dnn_input_layer(self, input_tensor, weight_collections=None,
                          trainable=True, output_rank=2):
    raise FeatureColumnValueError(
        "WeightedSparseColumn is not supported in DNN. Please use "
        "embedding_column or one_hot_column. column: {}".format(self))

  def _wide_embedding_lookup_arguments(self, input_tensor):
    return _LinearEmbeddingLookupArguments(
        input_tensor=self.id_tensor(input_tensor),
        weight_tensor=self.weight_tensor(input_tensor),
        vocab_size=self.length, initializer=_V1.zeros_initializer(),
        combiner=self.sparse_id_column.combiner)

  def _do_transform(self, id_tensor, weight_tensor):
    if not isinstance(weight_tensor, tf.SparseTensor):
      # A dense weight tensor keeps its non-zero entries.
      weight_tensor = _dense_to_sparse(weight_tensor)
    if not self.dtype.is_floating:
      weight_tensor = tf.cast(weight_tensor, tf.float32)
    return (id_tensor, weight_tensor)

  def insert_transformed_feature(self, columns_to_tensors):
    if self.sparse_id_column not in columns_to_tensors:
      self.sparse_id_column.insert_transformed_feature(columns_to_tensors)
    weights = raw_feature(columns_to_tensors, self.weight_column_name,
                          self.name)
    columns_to_tensors[self] = self._do_transform(
        columns_to_tensors[self.sparse_id_column], weights)

  def _transform_feature(self, inputs):
    return self._do_transform(inputs.get(self.sparse_id_column),
                              inputs.get(self.weight_column_name))

  @property
  def _parse_example_spec(self):
    return self.config

  @property
  def _num_buckets(self):
    return self.length

  def _get_sparse_tensors(self, inputs, weight_collections=None,
                          trainable=None):
    del weight_collections, trainable
    transformed = inputs.get(self)
    return _core._CategoricalColumn.IdWeightPair(
        self.id_tensor(transformed), self.weight_tensor(transformed))

  def is_compatible(self, other_column):
    """Whether `other_column` can share an embedding with this one."""
    if isinstance(other_column, _WeightedSparseColumn):
      return self.sparse_id_column.is_compatible(other_column.sparse_id_column)
    return self.sparse_id_column.is_compatible(other_column)


def weighted_sparse_column(sparse_id_column, weight_column_name,
                           dtype=tf.float32):
  """A sparse column whose ids carry the weights of another feature.

  The input holds `sparse_id_column`'s feature and, under
  `weight_column_name`, a `SparseTensor` of weights with the same indices (a
  dense one keeps its non-zero entries). Integer weights are cast to float32.

  Args:
    sparse_id_column: A column from a `sparse_column_with_*` function.
    weight_column_name: The weights' feature key.
    dtype: The weights' dtype, float or integer.

  Returns:
    A `_WeightedSparseColumn`.

  Raises:
    ValueError: `dtype` is neither float nor integer.
  """
  if not (dtype.is_integer or dtype.is_floating):
    raise FeatureColumnValueError(
        "dtype is not convertible to float. Given {} (column {})".format(
            dtype, sparse_id_column.name))
  return _WeightedSparseColumn(sparse_id_column, weight_column_name, dtype)


# --- Dense columns -----------------------------------------------------------


class _OneHotColumn(
    _FeatureColumn, _core._DenseColumn,
    collections.namedtuple("_OneHotColumn", ["sparse_id_column"])):
  """See `one_hot_column`."""

  @property
  def name(self):
    return "{}_one_hot".format(self.sparse_id_column.name)

  @property
  def length(self):
    return self.sparse_id_column.length

  @property
  def config(self):
    return _get_feature_config(self.sparse_id_column)

  @property
  def key(self):
    return "{}".format(self)

  def insert_transformed_feature(self, columns_to_tensors):
    if self.sparse_id_column not in columns_to_tensors:
      self.sparse_id_column.insert_transformed_feature(columns_to_tensors)
    columns_to_tensors[self] = columns_to_tensors[self.sparse_id_column]

  def _to_dnn_input_layer(self, transformed_input_tensor,
                          unused_weight_collections=None,
                          unused_trainable=False, output_rank=2):
    """The multi-hot `[..., length]` of the ids, weighted if they are.

    Args:
      transformed_input_tensor: The sparse column's transformed tensor, of
        rank >= `output_rank`.
      unused_weight_collections: Unused: nothing is learned.
      unused_trainable: Unused.
      output_rank: The rank of the result; inner dimensions of the ids are
        flattened into the last one.

    Returns:
      A float32 tensor whose last axis counts (or sums the weights of) each id;
      invalid ids (< 0) count for nothing.
    """
    sparse_column = self.sparse_id_column
    ids = _slim_layers._inner_flatten(
        sparse_column.id_tensor(transformed_input_tensor), output_rank)
    weights = sparse_column.weight_tensor(transformed_input_tensor)
    if weights is not None:
      merged = _V1.sparse_merge(sp_ids=ids, sp_values=weights,
                                vocab_size=self.length)
      # Keep the cells inside the dense shape: this drops the ids < 0.
      merged = tf.sparse.slice(merged, tf.zeros_like(merged.dense_shape),
                               merged.dense_shape)
      dense = tf.sparse.to_dense(merged)
      shape = tf.concat([tf.shape(dense)[:-1], [self.length]], axis=0)
      return tf.reshape(dense, shape)
    dense_ids = tf.sparse.to_dense(ids, default_value=-1)
    one_hot = tf.one_hot(dense_ids, depth=self.length, on_value=1.0,
                         off_value=0.0)
    return tf.reduce_sum(one_hot, axis=[output_rank - 1])

  @property
  def _variable_shape(self):
    return tf.TensorShape([self.length])

  def _get_dense_tensor(self, inputs, weight_collections=None, trainable=None):
    del weight_collections, trainable
    return inputs.get(self)

  def _transform_feature(self, inputs):
    return self._to_dnn_input_layer(inputs.get(self.sparse_id_column))

  @property
  def _parse_example_spec(self):
    return self.config


def one_hot_column(sparse_id_column):
  """A dense multi-hot (or weighted) encoding of a sparse column, for DNNs.

  The result has one slot per id, so it suits small vocabularies; the sparse
  column's `combiner` is not used.

  Args:
    sparse_id_column: A column from `sparse_column_with_*`,
      `weighted_sparse_column` or `crossed_column`.

  Returns:
    A `_OneHotColumn`.
  """
  return _OneHotColumn(sparse_id_column)


class _EmbeddingColumn(
    _FeatureColumn, _core._DenseColumn,
    collections.namedtuple("_EmbeddingColumn", [
        "sparse_id_column", "dimension", "combiner", "initializer",
        "ckpt_to_load_from", "tensor_name_in_ckpt", "shared_embedding_name",
        "shared_vocab_size", "max_norm", "trainable"])):
  """See `embedding_column` and `shared_embedding_columns`."""

  def __new__(cls, sparse_id_column, dimension, combiner="mean",
              initializer=None, ckpt_to_load_from=None,
              tensor_name_in_ckpt=None, shared_embedding_name=None,
              shared_vocab_size=None, max_norm=None, trainable=True):
    if initializer is not None and not callable(initializer):
      raise FeatureColumnValueError(
          "initializer must be callable if specified. Embedding of "
          "column_name: {} (got {!r})".format(sparse_id_column.name,
                                              initializer))
    _check_checkpoint_pair(ckpt_to_load_from, tensor_name_in_ckpt,
                           "{}_embedding".format(sparse_id_column.name))
    if initializer is None:
      logging.warning(
          "The default stddev value of initializer was changed from "
          "\"1/sqrt(vocab_size)\" to \"1/sqrt(dimension)\" in core "
          "implementation (tf.feature_column.embedding_column).")
      initializer = _V1.truncated_normal_initializer(
          mean=0.0, stddev=1 / math.sqrt(sparse_id_column.length))
    return super().__new__(cls, sparse_id_column, dimension, combiner,
                           initializer, ckpt_to_load_from,
                           tensor_name_in_ckpt, shared_embedding_name,
                           shared_vocab_size, max_norm, trainable)

  @property
  def name(self):
    if self.shared_embedding_name is None:
      return "{}_embedding".format(self.sparse_id_column.name)
    return "{}_shared_embedding".format(self.sparse_id_column.name)

  @property
  def length(self):
    if self.shared_vocab_size is None:
      return self.sparse_id_column.length
    return self.shared_vocab_size

  @property
  def config(self):
    return _get_feature_config(self.sparse_id_column)

  @property
  def key(self):
    return self._key_without_properties(["initializer"])

  def insert_transformed_feature(self, columns_to_tensors):
    if self.sparse_id_column not in columns_to_tensors:
      self.sparse_id_column.insert_transformed_feature(columns_to_tensors)
    columns_to_tensors[self] = columns_to_tensors[self.sparse_id_column]

  def _deep_embedding_lookup_arguments(self, input_tensor):
    return _DeepEmbeddingLookupArguments(
        input_tensor=self.sparse_id_column.id_tensor(input_tensor),
        weight_tensor=self.sparse_id_column.weight_tensor(input_tensor),
        vocab_size=self.length, dimension=self.dimension,
        initializer=self.initializer, combiner=self.combiner,
        shared_embedding_name=self.shared_embedding_name, hash_key=None,
        max_norm=self.max_norm, trainable=self.trainable)

  def _checkpoint_path(self):
    if self.ckpt_to_load_from is not None:
      return self.ckpt_to_load_from, self.tensor_name_in_ckpt
    return None

  def _wide_embedding_lookup_arguments(self, input_tensor):
    raise FeatureColumnValueError(
        "Column {} is not supported in linear models. Please use "
        "sparse_column.".format(self))

  @property
  def _variable_shape(self):
    return tf.TensorShape([self.dimension])

  def _get_dense_tensor(self, inputs, weight_collections=None, trainable=None):
    return _embeddings_from_arguments(
        self, self._deep_embedding_lookup_arguments(inputs.get(self)),
        weight_collections, trainable)

  def _transform_feature(self, inputs):
    return inputs.get(self.sparse_id_column)

  @property
  def _parse_example_spec(self):
    return self.config


def _variable_list(variable):
  """A variable, or a partitioned one's partitions, as a list."""
  if _embedding.is_partitioned_variable(variable):
    return list(variable)
  return [variable]


def _shared_embedding(args, trainable, weight_collections):
  """The embedding named `args.shared_embedding_name`, created once per graph.

  The first column to need it creates it (in that column's variable scope) and
  files it in the graph collection `SHARED_EMBEDDING_COLLECTION_<NAME>`; the
  other columns read it from there.
  """
  collection_name = (SHARED_EMBEDDING_COLLECTION_PREFIX
                     + args.shared_embedding_name.upper())
  graph = _V1.get_default_graph()
  collection = graph.get_collection_ref(collection_name)
  shape = [args.vocab_size, args.dimension]
  if not collection:
    embeddings = _slim_variables.model_variable(
        name=args.shared_embedding_name, shape=shape, dtype=tf.float32,
        initializer=args.initializer, trainable=trainable and args.trainable,
        collections=weight_collections)
    graph.add_to_collection(collection_name, embeddings)
    return embeddings
  if len(collection) > 1:
    raise FeatureColumnValueError(
        "Collection %s can only contain one (partitioned) variable; it holds "
        "%d." % (collection_name, len(collection)))
  embeddings = collection[0]
  if embeddings.get_shape() != shape:
    raise FeatureColumnValueError(
        "The embedding variable with name {} already exists, but its shape "
        "does not match required embedding shape here. Please make sure to "
        "use different shared_embedding_name for different shared "
        "embeddings. (existing {}, required {})".format(
            args.shared_embedding_name, embeddings.get_shape(), shape))
  return embeddings


def _embeddings_from_arguments(column, args, weight_collections, trainable,
                               output_rank=2):
  """Creates `column`'s embedding variable and looks its ids up.

  The variable is the model variable `weights` (`[vocab_size, dimension]`; the
  1-D `[size]` parameters of a scattered embedding), or the shared embedding,
  in the current variable scope.

  Args:
    column: The embedding column.
    args: Its `_DeepEmbeddingLookupArguments`.
    weight_collections: Extra collections for the variable.
    trainable: Whether the model trains it (and the column allows it).
    output_rank: The ids' inner dimensions are flattened to this rank.

  Returns:
    The combined embeddings, `[..., dimension]`.
  """
  ids = _slim_layers._inner_flatten(args.input_tensor, output_rank)
  weights = None
  if args.weight_tensor is not None:
    weights = _slim_layers._inner_flatten(args.weight_tensor, output_rank)
  trainable = trainable and args.trainable
  if args.hash_key:
    parameters = _slim_variables.model_variable(
        name=WEIGHTS_NAME, shape=[args.vocab_size], dtype=tf.float32,
        initializer=args.initializer, trainable=trainable,
        collections=weight_collections)
    return _embedding.scattered_embedding_lookup_sparse(
        parameters, ids, args.dimension, hash_key=args.hash_key,
        combiner=args.combiner, name="lookup")
  if args.shared_embedding_name is not None:
    embeddings = _shared_embedding(args, trainable, weight_collections)
  else:
    embeddings = _slim_variables.model_variable(
        name=WEIGHTS_NAME, shape=[args.vocab_size, args.dimension],
        dtype=tf.float32, initializer=args.initializer, trainable=trainable,
        collections=weight_collections)
  embeddings = _variable_list(embeddings)
  _maybe_restore_from_checkpoint(column._checkpoint_path(), embeddings)
  return _embedding.safe_embedding_lookup_sparse(
      embeddings, ids, sparse_weights=weights, combiner=args.combiner,
      name=column.name + "weights", max_norm=args.max_norm)


def _maybe_restore_from_checkpoint(checkpoint_path, variables):
  """Initializes `variables` from `(checkpoint, tensor name)`, if given."""
  if checkpoint_path is None:
    return
  path, tensor_name = checkpoint_path
  target = variables[0] if len(variables) == 1 else variables
  _V1.train.init_from_checkpoint(path, {tensor_name: target})


def embedding_column(sparse_id_column, dimension, combiner="mean",
                     initializer=None, ckpt_to_load_from=None,
                     tensor_name_in_ckpt=None, max_norm=None, trainable=True):
  """A learned dense embedding of a sparse column, for DNNs.

  `input_from_feature_columns` creates its model variable
  `<scope>/<column>_embedding/weights` `[vocabulary, dimension]` and combines
  the embeddings of a row's ids (weighted, for a weighted column).

  Args:
    sparse_id_column: A column from `sparse_column_with_*`,
      `weighted_sparse_column` or `crossed_column` (its combiner is not used).
    dimension: The embedding size.
    combiner: "mean" (default), "sqrtn" or "sum".
    initializer: Of the embedding; default a truncated normal with mean 0 and
      stddev `1/sqrt(sparse_id_column.length)` (TF 1.15's, logged as
      different from core's).
    ckpt_to_load_from: A checkpoint to initialize the embedding from, with
      `tensor_name_in_ckpt`; both or neither.
    tensor_name_in_ckpt: The tensor in that checkpoint.
    max_norm: Clip each embedding to this l2 norm before combining.
    trainable: Whether the embedding is trained.

  Returns:
    An `_EmbeddingColumn`.

  Raises:
    ValueError: `initializer` is not callable, or only one of the checkpoint
      arguments is given.
  """
  return _EmbeddingColumn(sparse_id_column, dimension, combiner, initializer,
                          ckpt_to_load_from, tensor_name_in_ckpt,
                          max_norm=max_norm, trainable=trainable)


def _default_shared_embedding_name(sparse_id_columns):
  """TF 1.15's name: up to three sorted column names, `_plus_<n>_others`."""
  sparse = sorted(c for c in sparse_id_columns if isinstance(c, _SparseColumn))
  weighted = sorted((c for c in sparse_id_columns
                     if not isinstance(c, _SparseColumn)),
                    key=lambda c: c.name)
  names = [c.name for c in sparse + weighted]
  name = "_".join(names[:3])
  if len(names) > 3:
    name += "_plus_{}_others".format(len(names) - 3)
  return name + "_shared_embedding"


def shared_embedding_columns(sparse_id_columns, dimension, combiner="mean",
                             shared_embedding_name=None, initializer=None,
                             ckpt_to_load_from=None, tensor_name_in_ckpt=None,
                             max_norm=None, trainable=True):
  """Embedding columns of several sparse columns that share one embedding.

  The shared model variable is named `shared_embedding_name` (default: the
  first three sorted column names joined, `_plus_<n>_others` for the rest, and
  `_shared_embedding`) and created in the scope of the first column that
  needs it; the columns must have compatible vocabularies.

  Args:
    sparse_id_columns: A non-string sequence of sparse or weighted sparse
      columns.
    dimension, combiner, initializer, ckpt_to_load_from, tensor_name_in_ckpt,
      max_norm, trainable: As for `embedding_column` (the default stddev uses
      the first column's length).
    shared_embedding_name: The shared variable's name.

  Returns:
    A list of one `_EmbeddingColumn` for a single column (which then keeps its
    own vocabulary size), else a tuple of them.

  Raises:
    TypeError: `sparse_id_columns` is not a non-string sequence of sparse
      columns.
    ValueError: It is empty, or the columns are not compatible.
  """
  if (not isinstance(sparse_id_columns, collections.abc.Sequence)
      or isinstance(sparse_id_columns, str)):
    raise FeatureColumnTypeError(
        "sparse_id_columns must be a non-string sequence (ex: list or tuple) "
        "instead of type {}.".format(type(sparse_id_columns)))
  if not sparse_id_columns:
    raise FeatureColumnValueError(
        "The input sparse_id_columns should have at least one element.")
  for column in sparse_id_columns:
    if not isinstance(column, (_SparseColumn, _WeightedSparseColumn)):
      raise FeatureColumnTypeError(
          "Elements of sparse_id_columns must be _SparseColumn or "
          "_WeightedSparseColumn, but {} is not.".format(column))
  if len(sparse_id_columns) == 1:
    return [_EmbeddingColumn(
        sparse_id_columns[0], dimension, combiner, initializer,
        ckpt_to_load_from, tensor_name_in_ckpt, shared_embedding_name,
        max_norm=max_norm, trainable=trainable)]
  first = sparse_id_columns[0]
  for column in sparse_id_columns[1:]:
    ok = (first.is_compatible(column) if isinstance(first,
                                                    _WeightedSparseColumn)
          else column.is_compatible(first))
    if not ok:
      raise FeatureColumnValueError(
          "The input sparse id columns are not compatible: {} and {} differ "
          "in vocabulary.".format(first.name, column.name))
  if not shared_embedding_name:
    shared_embedding_name = _default_shared_embedding_name(sparse_id_columns)
  return tuple(
      _EmbeddingColumn(column, dimension, combiner, initializer,
                       ckpt_to_load_from, tensor_name_in_ckpt,
                       shared_embedding_name, first.length,
                       max_norm=max_norm, trainable=trainable)
      for column in sparse_id_columns)


class _ScatteredEmbeddingColumn(
    _FeatureColumn, _core._DenseColumn,
    collections.namedtuple("_ScatteredEmbeddingColumn", [
        "column_name", "size", "dimension", "hash_key", "combiner",
        "initializer"])):
  """See `scattered_embedding_column`."""

  def __new__(cls, column_name, size, dimension, hash_key, combiner="sqrtn",
              initializer=None):
    if initializer is not None and not callable(initializer):
      raise FeatureColumnValueError(
          "initializer must be callable if specified. column_name: {} (got "
          "{!r})".format(column_name, initializer))
    if initializer is None:
      initializer = _V1.truncated_normal_initializer(mean=0.0, stddev=0.1)
    return super().__new__(cls, column_name, size, dimension, hash_key,
                           combiner, initializer)

  @property
  def name(self):
    return "{}_scattered_embedding".format(self.column_name)

  @property
  def config(self):
    return {self.column_name: _V1.VarLenFeature(tf.string)}

  @property
  def key(self):
    return self._key_without_properties(["initializer"])

  def insert_transformed_feature(self, columns_to_tensors):
    columns_to_tensors[self] = raw_feature(columns_to_tensors,
                                           self.column_name, self.name)

  def _deep_embedding_lookup_arguments(self, input_tensor):
    return _DeepEmbeddingLookupArguments(
        input_tensor=input_tensor, weight_tensor=None, vocab_size=self.size,
        initializer=self.initializer, combiner=self.combiner,
        dimension=self.dimension, shared_embedding_name=None,
        hash_key=self.hash_key, max_norm=None, trainable=True)

  @property
  def _variable_shape(self):
    return tf.TensorShape([self.dimension])

  def _get_dense_tensor(self, inputs, weight_collections=None, trainable=None):
    return _embeddings_from_arguments(
        self, self._deep_embedding_lookup_arguments(inputs.get(self)),
        weight_collections, trainable)

  def _transform_feature(self, inputs):
    return inputs.get(self.column_name)

  @property
  def _parse_example_spec(self):
    return self.config


def scattered_embedding_column(column_name, size, dimension, hash_key,
                               combiner="mean", initializer=None):
  """An embedding of a string feature by parameter hashing, for DNNs.

  Component i of feature v's embedding is parameter `hash(i, v) % size` of
  the model variable `weights` `[size]`, so no vocabulary is needed:
  `scattered_embedding_column(name, size=buckets * dimension, dimension,
  hash_key=SPARSE_FEATURE_CROSS_DEFAULT_HASH_KEY)` has the parameters of an
  `embedding_column` of `buckets` hash buckets, with fewer collisions.

  Args:
    column_name: The feature key (a `SparseTensor` of strings).
    size: The number of parameters, >= 1.
    dimension: The embedding size, >= 1.
    hash_key: The hash key of `sparse_feature_cross`.
    combiner: "mean" (default), "sqrtn" or "sum".
    initializer: Of the parameters; default a truncated normal of stddev 0.1.

  Returns:
    A `_ScatteredEmbeddingColumn`.

  Raises:
    ValueError: `size` or `dimension` < 1, or an unknown `combiner`.
  """
  if dimension < 1 or size < 1:
    raise FeatureColumnValueError(
        "Dimension and size must be greater than 0. dimension: {}, size: {}, "
        "column_name: {}".format(dimension, size, column_name))
  _check_combiner(combiner, column_name)
  return _ScatteredEmbeddingColumn(column_name, size, dimension, hash_key,
                                   combiner, initializer)


class _RealValuedVarLenColumn(
    _FeatureColumn,
    collections.namedtuple("_RealValuedVarLenColumn", [
        "column_name", "default_value", "dtype", "normalizer", "is_sparse"])):
  """A variable-length numeric feature (TF 1.15's experimental column).

  Parsed as a `SparseTensor` (`is_sparse`) or as a `[batch, None]` tensor
  padded with `default_value`. Not a core column: only contrib's sequence
  input layer reads it.
  """

  @property
  def name(self):
    return self.column_name

  @property
  def config(self):
    if self.is_sparse:
      return {self.column_name: _V1.VarLenFeature(self.dtype)}
    return {self.column_name: _V1.FixedLenSequenceFeature(
        [], self.dtype, allow_missing=True, default_value=self.default_value)}

  @property
  def key(self):
    return self._key_without_properties(["normalizer"])

  @property
  def normalizer_fn(self):
    return self.normalizer

  def _normalized_input_tensor(self, input_tensor):
    if self.normalizer is None:
      return input_tensor
    if self.is_sparse:
      return tf.SparseTensor(input_tensor.indices,
                             self.normalizer(input_tensor.values),
                             input_tensor.dense_shape)
    return self.normalizer(input_tensor)

  def insert_transformed_feature(self, columns_to_tensors):
    raw = raw_feature(columns_to_tensors, self.name, self.name)
    columns_to_tensors[self] = tf.cast(self._normalized_input_tensor(raw),
                                       tf.float32)

  def _to_dnn_input_layer(self, input_tensor, weight_collections=None,
                          trainable=True, output_rank=2):
    return _reshape_real_valued_tensor(self._to_dense_tensor(input_tensor),
                                       output_rank, self.name)

  def _to_dense_tensor(self, input_tensor):
    if not self.is_sparse:
      return input_tensor
    raise FeatureColumnValueError(
        "Set is_sparse to False if you want a dense Tensor for column_name: "
        "{}".format(self.name))


def _real_valued_var_len_column(column_name, default_value=None,
                                dtype=tf.float32, normalizer=None,
                                is_sparse=False):
  """TF 1.15's experimental column for variable-length numeric data.

  Args:
    column_name: The feature key.
    default_value: The padding of the dense form; required unless
      `is_sparse`. A scalar.
    dtype: A float or integer dtype.
    normalizer: Applied to the values (a `SparseTensor`'s values when
      `is_sparse`).
    is_sparse: Parse as a `SparseTensor` rather than a padded tensor.

  Returns:
    A `_RealValuedVarLenColumn`.

  Raises:
    TypeError: `dtype` is not numeric.
    ValueError: `default_value` is missing for a dense column, or a list.
  """
  if not (dtype.is_integer or dtype.is_floating):
    raise FeatureColumnTypeError(
        "dtype must be convertible to float. dtype: {}, column_name: "
        "{}".format(dtype, column_name))
  if default_value is None and not is_sparse:
    raise FeatureColumnValueError(
        "default_value must be provided when is_sparse=False to parse a "
        "padded Tensor. column_name: {}".format(column_name))
  if isinstance(default_value, list):
    raise FeatureColumnValueError(
        "Only scalar default value. default_value: {}, column_name: "
        "{}".format(default_value, column_name))
  if default_value is not None:
    default_value = (int(default_value) if dtype.is_integer
                     else float(default_value))
  return _RealValuedVarLenColumn(column_name, default_value, dtype, normalizer,
                                 is_sparse)


class _RealValuedColumn(
    _FeatureColumn, _core._DenseColumn,
    collections.namedtuple("_RealValuedColumn", [
        "column_name", "dimension", "default_value", "dtype", "normalizer"])):
  """See `real_valued_column`; the input is a `[batch, dimension]` tensor."""

  def __new__(cls, column_name, dimension, default_value, dtype, normalizer):
    if default_value is not None:
      default_value = tuple(default_value)
    return super().__new__(cls, column_name, dimension, default_value, dtype,
                           normalizer)

  @property
  def name(self):
    return self.column_name

  @property
  def config(self):
    default_value = self.default_value
    if default_value is not None:
      default_value = list(default_value)
    return {self.column_name: _V1.FixedLenFeature([self.dimension], self.dtype,
                                                  default_value)}

  @property
  def key(self):
    return self._key_without_properties(["normalizer"])

  @property
  def normalizer_fn(self):
    return self.normalizer

  def _normalized_input_tensor(self, input_tensor):
    if self.normalizer is None:
      return input_tensor
    return self.normalizer(input_tensor)

  def insert_transformed_feature(self, columns_to_tensors):
    raw = raw_feature(columns_to_tensors, self.name, self.name)
    columns_to_tensors[self] = tf.cast(self._normalized_input_tensor(raw),
                                       tf.float32)

  def _to_dnn_input_layer(self, input_tensor, weight_collections=None,
                          trainable=True, output_rank=2):
    input_tensor = self._to_dense_tensor(input_tensor)
    if input_tensor.dtype != tf.float32:
      input_tensor = tf.cast(input_tensor, tf.float32)
    return _reshape_real_valued_tensor(input_tensor, output_rank, self.name)

  def _to_dense_tensor(self, input_tensor):
    return input_tensor

  @property
  def _variable_shape(self):
    return tf.TensorShape([self.dimension])

  def _get_dense_tensor(self, inputs, weight_collections=None, trainable=None):
    del weight_collections, trainable
    return inputs.get(self)

  def _transform_feature(self, inputs):
    return tf.cast(self._normalized_input_tensor(inputs.get(self.name)),
                   tf.float32)

  @property
  def _parse_example_spec(self):
    return self.config


def _real_default_value(column_name, dimension, default_value, dtype):
  """`default_value` as TF 1.15 stored it: one value per dimension, typed.

  Returns None when `default_value` does not fit `dtype`.
  """
  integer = isinstance(default_value, int)
  if integer and dtype.is_integer:
    return [default_value] * dimension
  if integer and dtype.is_floating:
    return [float(default_value)] * dimension
  if isinstance(default_value, float) and dtype.is_floating:
    return [default_value] * dimension
  if isinstance(default_value, list):
    if len(default_value) != dimension:
      raise FeatureColumnValueError(
          "The length of default_value must be equal to dimension. "
          "default_value: {}, dimension: {}, column_name: {}".format(
              default_value, dimension, column_name))
    all_int = all(isinstance(v, int) for v in default_value)
    all_number = all(isinstance(v, (int, float)) for v in default_value)
    if all_int and dtype.is_integer:
      return default_value
    if all_number and dtype.is_floating:
      return [float(v) for v in default_value]
  return None


def real_valued_column(column_name, dimension=1, default_value=None,
                       dtype=tf.float32, normalizer=None):
  """A dense numeric feature of `dimension` values per example.

  Args:
    column_name: The feature key.
    dimension: The number of values, an int >= 1 (None is refused; TF 1.15
      kept variable-length values in `_real_valued_var_len_column`).
    default_value: For parsing examples that lack the feature: a number for
      every dimension, or a list of `dimension` numbers, compatible with
      `dtype`. None makes parsing fail on a missing feature.
    dtype: A float or integer dtype; models read the values as float32.
    normalizer: A function applied to the input tensor (e.g.
      `lambda x: (x - 3.0) / 4.2`), after defaults.

  Returns:
    A `_RealValuedColumn`.

  Raises:
    TypeError: `dimension` is not an int, or `default_value` does not fit
      `dtype`.
    ValueError: `dimension` < 1, `dtype` is not numeric, or a default list
      of the wrong length.
  """
  if dimension is None:
    raise FeatureColumnTypeError(
        "dimension must be an integer. Use the _real_valued_var_len_column "
        "for variable length features. dimension: {}, column_name: {}".format(
            dimension, column_name))
  if not isinstance(dimension, int):
    raise FeatureColumnTypeError(
        "dimension must be an integer. dimension: {}, column_name: {}".format(
            dimension, column_name))
  if dimension < 1:
    raise FeatureColumnValueError(
        "dimension must be greater than 0. dimension: {}, column_name: "
        "{}".format(dimension, column_name))
  if not (dtype.is_integer or dtype.is_floating):
    raise FeatureColumnValueError(
        "dtype must be convertible to float. dtype: {}, column_name: "
        "{}".format(dtype, column_name))
  if default_value is not None:
    typed = _real_default_value(column_name, dimension, default_value, dtype)
    if typed is None:
      raise FeatureColumnTypeError(
          "default_value must be compatible with dtype. default_value: {}, "
          "dtype: {}, column_name: {}".format(default_value, dtype,
                                              column_name))
    default_value = typed
  return _RealValuedColumn(column_name, dimension, default_value, dtype,
                           normalizer)


def _bucketize(values, boundaries):
  """The bucket (int32) of each value: `boundaries` are the buckets' starts."""
  values = tf.convert_to_tensor(values)
  if values.dtype not in (tf.int32, tf.int64, tf.float32, tf.float64):
    values = tf.cast(values, tf.float32)
  return tf.raw_ops.Bucketize(input=values,
                              boundaries=[float(b) for b in boundaries],
                              name="bucketize")


class _BucketizedColumn(
    _FeatureColumn, _core._CategoricalColumn, _core._DenseColumn,
    collections.namedtuple("_BucketizedColumn",
                           ["source_column", "boundaries"])):
  """See `bucketized_column`.

  Boundaries `[a, b, c]` make the buckets `(-inf, a)`, `[a, b)`, `[b, c)`,
  `[c, inf)`. A DNN reads one one-hot per dimension, concatenated; a linear
  model one id per dimension, dimension d's ids offset by `d * (len + 1)`.
  """

  def __new__(cls, source_column, boundaries):
    if not isinstance(source_column, _RealValuedColumn):
      raise FeatureColumnTypeError(
          "source_column must be an instance of _RealValuedColumn. "
          "source_column: {}".format(source_column))
    if source_column.dimension is None:
      raise FeatureColumnValueError(
          "source_column must have a defined dimension. source_column: "
          "{}".format(source_column))
    if not isinstance(boundaries, (list, tuple)) or not boundaries:
      raise FeatureColumnValueError(
          "boundaries must be a non-empty list or tuple. boundaries: {} "
          "(column {})".format(boundaries, source_column.name))
    # Equal neighbours are merged; a decrease is an error.
    kept = []
    for current, following in zip(boundaries[:-1], boundaries[1:]):
      if current > following:
        raise FeatureColumnValueError(
            "boundaries must be a sorted list. boundaries: {} (column "
            "{})".format(boundaries, source_column.name))
      if current < following:
        kept.append(current)
    kept.append(boundaries[-1])
    return super().__new__(cls, source_column, tuple(kept))

  @property
  def name(self):
    return "{}_bucketized".format(self.source_column.name)

  @property
  def length(self):
    """The number of buckets of one dimension."""
    return len(self.boundaries) + 1

  @property
  def config(self):
    return self.source_column.config

  @property
  def key(self):
    return "{}".format(self)

  def _to_dnn_input_layer(self, input_tensor, weight_collections=None,
                          trainable=True, output_rank=2):
    if output_rank != 2:
      raise FeatureColumnValueError(
          "BucketizedColumn currently only supports output_rank=2 (column {} "
          "got {})".format(self.name, output_rank))
    one_hot = tf.one_hot(tf.cast(input_tensor, tf.int64), self.length, 1., 0.,
                         name="one_hot")
    return tf.reshape(one_hot,
                      [-1, self.length * self.source_column.dimension],
                      name="reshape")

  def to_sparse_tensor(self, input_tensor):
    """The buckets `[batch, dimension]` as one id per (row, dimension)."""
    dimension = self.source_column.dimension
    batch_size = tf.shape(input_tensor, name="shape")[0]
    flat = tf.reshape(input_tensor, [-1], name="reshape")
    if dimension > 1:
      rows = tf.expand_dims(tf.range(0, batch_size), 1, name="expand_dims")
      rows = tf.reshape(tf.tile(rows, [1, dimension], name="tile"), [-1],
                        name="reshape")
      columns = tf.tile(tf.range(0, dimension), [batch_size], name="tile")
      # Dimension d's buckets become the ids d*length ... (d+1)*length - 1.
      ids = flat + self.length * columns
    else:
      rows = tf.range(0, batch_size)
      columns = tf.zeros([batch_size], dtype=tf.int32, name="zeros")
      ids = flat
    indices = tf.cast(tf.transpose(tf.stack((rows, columns))), tf.int64)
    shape = tf.cast(tf.stack([batch_size, dimension]), tf.int64)
    return tf.SparseTensor(indices, ids, shape)

  def _wide_embedding_lookup_arguments(self, input_tensor):
    return _LinearEmbeddingLookupArguments(
        input_tensor=self.to_sparse_tensor(input_tensor), weight_tensor=None,
        vocab_size=self.length * self.source_column.dimension,
        initializer=_V1.zeros_initializer(), combiner="sum")

  def _transform_feature(self, inputs):
    return _bucketize(inputs.get(self.source_column), self.boundaries)

  def insert_transformed_feature(self, columns_to_tensors):
    columns_to_tensors[self] = self._transform_feature(
        _LazyBuilderByColumnsToTensor(columns_to_tensors))

  @property
  def _parse_example_spec(self):
    return self.config

  @property
  def _num_buckets(self):
    return self.length * self.source_column.dimension

  def _get_sparse_tensors(self, inputs, weight_collections=None,
                          trainable=None):
    del weight_collections, trainable
    return _core._CategoricalColumn.IdWeightPair(
        self.to_sparse_tensor(inputs.get(self)), None)

  @property
  def _variable_shape(self):
    return tf.TensorShape([self.length * self.source_column.dimension])

  def _get_dense_tensor(self, inputs, weight_collections=None, trainable=None):
    return self._to_dnn_input_layer(inputs.get(self), weight_collections,
                                    trainable)


def bucketized_column(source_column, boundaries):
  """Discretizes a `real_valued_column` into buckets.

  Args:
    source_column: A `_RealValuedColumn`.
    boundaries: A sorted, non-empty list or tuple of numbers; repeats are
      merged.

  Returns:
    A `_BucketizedColumn`.

  Raises:
    TypeError: `source_column` is not a real-valued column.
    ValueError: `boundaries` is empty or not sorted.
  """
  return _BucketizedColumn(source_column, boundaries)


class _CrossedColumn(
    _FeatureColumn, _core._CategoricalColumn,
    collections.namedtuple("_CrossedColumn", [
        "columns", "hash_bucket_size", "hash_key", "combiner",
        "ckpt_to_load_from", "tensor_name_in_ckpt"])):
  """See `crossed_column`.

  The cross of the leaf columns' features (raw features of sparse columns,
  bucket ids of bucketized ones; nested crosses are flattened), hashed by
  `sparse_feature_cross` into `hash_bucket_size` ids.
  """

  @staticmethod
  def _assert_is_crossable(column):
    if not isinstance(column, (_SparseColumn, _CrossedColumn,
                               _BucketizedColumn)):
      raise FeatureColumnTypeError(
          "columns must be a set of _SparseColumn, _CrossedColumn, or "
          "_BucketizedColumn instances. (column {} is a {})".format(
              column, type(column).__name__))

  def __new__(cls, columns, hash_bucket_size, hash_key, combiner="sum",
              ckpt_to_load_from=None, tensor_name_in_ckpt=None):
    for column in columns:
      cls._assert_is_crossable(column)
    if len(columns) < 2:
      raise FeatureColumnValueError(
          "columns must contain at least 2 elements. columns: {}".format(
              columns))
    if hash_bucket_size < 2:
      raise FeatureColumnValueError(
          "hash_bucket_size must be at least 2. hash_bucket_size: {}".format(
              hash_bucket_size))
    _check_checkpoint_pair(ckpt_to_load_from, tensor_name_in_ckpt,
                           "_X_".join(sorted(c.name for c in columns)))
    ordered = tuple(sorted(columns, key=lambda column: column.name))
    return super().__new__(cls, ordered, hash_bucket_size, hash_key, combiner,
                           ckpt_to_load_from, tensor_name_in_ckpt)

  @property
  def name(self):
    return "_X_".join(sorted(column.name for column in self.columns))

  @property
  def config(self):
    config = {}
    for column in self.columns:
      config.update(_get_feature_config(column))
    return config

  @property
  def length(self):
    return self.hash_bucket_size

  @property
  def key(self):
    return "{}".format(self)

  def id_tensor(self, input_tensor):
    return input_tensor

  def weight_tensor(self, input_tensor):
    del input_tensor
    return None

  def _to_dnn_input_layer(self, input_tensor, weight_collections=None,
                          trainable=True, output_rank=2):
    raise FeatureColumnValueError(
        "CrossedColumn is not supported in DNN. Please use embedding_column. "
        "column: {}".format(self))

  def _checkpoint_path(self):
    if self.ckpt_to_load_from is not None:
      return self.ckpt_to_load_from, self.tensor_name_in_ckpt
    return None

  def _wide_embedding_lookup_arguments(self, input_tensor):
    return _LinearEmbeddingLookupArguments(
        input_tensor=input_tensor, weight_tensor=None, vocab_size=self.length,
        initializer=_V1.zeros_initializer(), combiner=self.combiner)

  def _leaf_columns(self):
    leaves = []
    for column in self.columns:
      if isinstance(column, _CrossedColumn):
        leaves.extend(column._leaf_columns())
      else:
        leaves.append(column)
    return leaves

  def _transform_feature(self, inputs):
    features = []
    for column in self._leaf_columns():
      if isinstance(column, _SparseColumn):
        features.append(inputs.get(column.name))
      elif isinstance(column, _BucketizedColumn):
        features.append(column.to_sparse_tensor(inputs.get(column)))
      else:
        features.append(inputs.get(column))
    return _cross.sparse_feature_cross(
        features, hashed_output=True, num_buckets=self.hash_bucket_size,
        hash_key=self.hash_key, name="cross")

  def insert_transformed_feature(self, columns_to_tensors):
    columns_to_tensors[self] = self._transform_feature(
        _LazyBuilderByColumnsToTensor(columns_to_tensors))

  @property
  def _parse_example_spec(self):
    return self.config

  @property
  def _num_buckets(self):
    return self.length

  def _get_sparse_tensors(self, inputs, weight_collections=None,
                          trainable=None):
    del weight_collections, trainable
    return _core._CategoricalColumn.IdWeightPair(inputs.get(self), None)


class _LazyBuilderByColumnsToTensor:
  """`get(key)`: a raw feature by name, or a column transformed on demand."""

  def __init__(self, columns_to_tensors):
    self._columns_to_tensors = columns_to_tensors

  def get(self, key):
    if key in self._columns_to_tensors:
      return self._columns_to_tensors[key]
    if isinstance(key, str):
      raise MissingFeatureError(
          "features dictionary doesn't contain key ({}); it holds {}".format(
              key, sorted(str(k) for k in self._columns_to_tensors
                          if isinstance(k, str))))
    if not isinstance(key, _FeatureColumn):
      raise FeatureColumnTypeError(
          '"key" must be either a "str" or "_FeatureColumn". Provided: '
          "{}".format(key))
    key.insert_transformed_feature(self._columns_to_tensors)
    return self._columns_to_tensors[key]


def crossed_column(columns, hash_bucket_size, combiner="sum",
                   ckpt_to_load_from=None, tensor_name_in_ckpt=None,
                   hash_key=None):
  """The cross (conjunction) of sparse, bucketized or crossed columns.

  `id = hash(cartesian product of the columns' features) % hash_bucket_size`.
  Without `hash_key` the hash is TF 1.15's default (its old `HashCombine`);
  with one, `FingerprintCat64` seeded by it. For linear models, or wrapped in
  `embedding_column` / `one_hot_column`.

  Args:
    columns: An iterable of at least two `_SparseColumn`, `_BucketizedColumn`
      or `_CrossedColumn`; kept sorted by name.
    hash_bucket_size: The number of ids, >= 2.
    combiner: "sum" (default), "mean" or "sqrtn".
    ckpt_to_load_from: A checkpoint to initialize the linear weights from,
      with `tensor_name_in_ckpt`; both or neither.
    tensor_name_in_ckpt: The tensor in that checkpoint.
    hash_key: The `FingerprintCat64` hash key, or None.

  Returns:
    A `_CrossedColumn`.

  Raises:
    TypeError: A column cannot be crossed.
    ValueError: Fewer than two columns, `hash_bucket_size` < 2, or only one of
      the checkpoint arguments.
  """
  return _CrossedColumn(columns, hash_bucket_size, hash_key, combiner=combiner,
                        ckpt_to_load_from=ckpt_to_load_from,
                        tensor_name_in_ckpt=tensor_name_in_ckpt)


# --- Parsing -----------------------------------------------------------------


def create_feature_spec_for_parsing(feature_columns):
  """The `tf.io.parse_example` spec of the columns' base features.

  Args:
    feature_columns: An iterable of contrib columns, or a dict whose values
      are.

  Returns:
    `{feature key: FixedLenFeature | VarLenFeature | FixedLenSequenceFeature}`.

  Raises:
    TypeError: An item is not a contrib feature column.
  """
  if isinstance(feature_columns, dict):
    feature_columns = feature_columns.values()
  spec = {}
  for column in feature_columns:
    spec.update(_get_feature_config(column))
  return spec


def _create_sequence_feature_spec_for_parsing(sequence_feature_columns,
                                              allow_missing_by_default=False):
  """The `parse_single_sequence_example` spec of the columns' features.

  Fixed-length features become `FixedLenSequenceFeature`s; one that had a
  default is parsed with `allow_missing=True` instead (with TF 1.15's
  warning).
  """
  spec = {}
  for key, feature in create_feature_spec_for_parsing(
      sequence_feature_columns).items():
    if isinstance(feature, _V1.VarLenFeature):
      spec[key] = feature
      continue
    if not isinstance(feature, (_V1.FixedLenFeature,
                                _V1.FixedLenSequenceFeature)):
      raise FeatureColumnTypeError(
          "Unsupported feature type: {} (feature {})".format(
              type(feature).__name__, key))
    has_default = feature.default_value is not None
    if has_default:
      logging.warning(
          'Found default value %s for feature "%s". Ignoring this value and '
          "setting `allow_missing=True` instead.", feature.default_value, key)
    spec[key] = _V1.FixedLenSequenceFeature(
        shape=feature.shape, dtype=feature.dtype,
        allow_missing=allow_missing_by_default or has_default)
  return spec


def make_place_holder_tensors_for_base_features(feature_columns):
  """Placeholders for the columns' base features, for feeding at inference.

  Args:
    feature_columns: An iterable of contrib columns.

  Returns:
    `{feature key: tensor}`: a `sparse_placeholder` for a variable-length
    feature, else a `placeholder` `[None, dimension]`, each named
    `Placeholder_<key>`.
  """
  placeholders = {}
  for key, feature in create_feature_spec_for_parsing(feature_columns).items():
    name = "Placeholder_{}".format(key)
    if isinstance(feature, _V1.VarLenFeature):
      placeholders[key] = _V1.sparse_placeholder(feature.dtype, name=name)
    else:
      placeholders[key] = _V1.placeholder(
          feature.dtype, shape=(None, feature.shape[0]), name=name)
  return placeholders
