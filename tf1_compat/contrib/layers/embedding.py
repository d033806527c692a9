"""contrib.layers' embedding functions.

`embed_sequence` and `one_hot_encoding`; `safe_embedding_lookup_sparse` (core's,
under contrib's signature, whose `combiner` defaults to "mean" with a warning),
`embedding_lookup_unique`, and the parameter-hashing lookups
`scattered_embedding_lookup` / `scattered_embedding_lookup_sparse` that
`scattered_embedding_column` reads through.
"""

from absl import logging
import tensorflow as tf

from tf1_compat.contrib.framework import arg_scopes
from tf_slim.ops import variables
from tf1_compat.contrib.layers import _utils
from tf1_compat.contrib.layers import sparse_feature_cross as _cross
from tf1_compat.framework import errors

_V1 = tf.compat.v1

# Checkpoint-visible name of the embedding matrix.
EMBEDDINGS_NAME = "embeddings"


def embed_sequence(ids, vocab_size=None, embed_dim=None, unique=False,
                   initializer=None, regularizer=None, trainable=True,
                   scope=None, reuse=None):
  """Looks up `ids` `[batch, time]` in a learned `[vocab_size, embed_dim]` matrix.

  The matrix is the model variable `<scope>/embeddings` (scope `EmbedSequence`,
  uniquified), initialized by `initializer`, else the enclosing scope's
  initializer, else Glorot-uniform.

  Args:
    ids: Integer tensor `[batch, time]` (any shape works).
    vocab_size: Number of rows.
    embed_dim: Embedding size.
    unique: Look up each distinct id once (`tf.unique`), then scatter back.
    initializer, regularizer, trainable: For the matrix.
    scope: Variable scope; default `EmbedSequence`.
    reuse: Reuse the matrix of `scope`.

  Returns:
    Tensor `ids.shape + [embed_dim]`.

  Raises:
    ValueError: `vocab_size` or `embed_dim` is missing.
  """
  if not (vocab_size and embed_dim):
    raise ValueError("embed_sequence: vocab_size and embed_dim must both be "
                     "given, got %r and %r" % (vocab_size, embed_dim))
  with _V1.variable_scope(scope, "EmbedSequence", [ids], reuse=reuse):
    embeddings = variables.model_variable(
        EMBEDDINGS_NAME, shape=[vocab_size, embed_dim], initializer=initializer,
        regularizer=regularizer, trainable=trainable)
    if not unique:
      return tf.nn.embedding_lookup(embeddings, ids)
    ids = tf.convert_to_tensor(ids)
    flat = tf.reshape(ids, [-1])
    distinct, index = tf.unique(flat)
    looked_up = tf.gather(tf.nn.embedding_lookup(embeddings, distinct), index)
    outputs = tf.reshape(
        looked_up, tf.concat([tf.shape(ids), [embed_dim]], axis=0))
    outputs.set_shape(ids.shape.concatenate([embed_dim]))
    return outputs


@arg_scopes.add_arg_scope
def one_hot_encoding(labels, num_classes, on_value=1.0, off_value=0.0,
                     outputs_collections=None, scope=None):
  """`tf.one_hot(labels, num_classes)` in name scope `OneHotEncoding`."""
  with _V1.name_scope(scope, "OneHotEncoding", [labels]) as sc:
    labels = tf.convert_to_tensor(labels)
    if labels.dtype == tf.int32:
      labels = tf.cast(labels, tf.int64)
    outputs = tf.one_hot(labels, num_classes, on_value=on_value,
                         off_value=off_value)
    return _utils.collect_named_outputs(outputs_collections, sc, outputs)


class EmbeddingLookupError(errors.Error, ValueError):
  """An embedding lookup got parameters or ids it cannot use."""


class EmbeddingLookupTypeError(errors.Error, TypeError):
  """An embedding lookup got ids of the wrong type."""


def is_partitioned_variable(value):
  """Whether `value` is what `get_variable` returns under a partitioner."""
  # TensorFlow 2 exports no name for the class, so it is known by its name.
  return type(value).__name__ == "PartitionedVariable"


def _partitions(params):
  """`params` (a tensor, variable, list or `PartitionedVariable`) as a list."""
  if isinstance(params, (list, tuple)) or is_partitioned_variable(params):
    return list(params)
  return [params]


def safe_embedding_lookup_sparse(embedding_weights, sparse_ids,
                                 sparse_weights=None, combiner=None,
                                 default_id=None, name=None,
                                 partition_strategy="div", max_norm=None):
  """Combines the embeddings of `sparse_ids`, skipping invalid ids and weights.

  TensorFlow's `tf.compat.v1.nn.safe_embedding_lookup_sparse`, with TF 1.15
  contrib's signature: ids < 0 are dropped, and (unless `combiner="sum"`) so
  are ids whose weight is <= 0; a row left empty gets the embedding of
  `default_id`, or zeros. The ids may have any rank; the last dimension is
  combined.

  Args:
    embedding_weights: The `[vocab, d1, ...]` embeddings: a tensor or variable,
      a list of partitions, or a `PartitionedVariable`.
    sparse_ids: `SparseTensor` `[d_0, ..., d_n]` of int ids.
    sparse_weights: `SparseTensor` of float weights like `sparse_ids`, or None
      for weight 1.
    combiner: "mean" (TF 1.15's default when None, with its warning that the
      default would change), "sqrtn" or "sum".
    default_id: Id whose embedding fills empty rows; None for zeros.
    name: Name scope of the ops.
    partition_strategy: "div" or "mod", for partitioned `embedding_weights`.
    max_norm: Clip each embedding to this l2 norm before combining.

  Returns:
    A dense tensor `[d_0, ..., d_{n-1}, d1, ...]`.

  Raises:
    ValueError: No `embedding_weights`, or weights of mixed or non-float dtypes.
  """
  if combiner is None:
    logging.warning('The default value of combiner will change from "mean" '
                    'to "sqrtn" after 2016/11/01.')
    combiner = "mean"
  if embedding_weights is None:
    raise EmbeddingLookupError(
        "safe_embedding_lookup_sparse: missing embedding_weights")
  weights = [w if hasattr(w, "dtype") else tf.convert_to_tensor(w)
             for w in _partitions(embedding_weights)]
  if not weights:
    raise EmbeddingLookupError(
        "safe_embedding_lookup_sparse: embedding_weights is an empty list")
  dtypes = {tf.as_dtype(w.dtype).base_dtype for w in weights}
  if sparse_weights is not None:
    dtypes.add(sparse_weights.dtype.base_dtype)
  if len(dtypes) != 1 or not next(iter(dtypes)).is_floating:
    raise EmbeddingLookupError(
        "safe_embedding_lookup_sparse: embedding_weights and sparse_weights "
        "must share one float dtype, got %s" % sorted(d.name for d in dtypes))
  return _V1.nn.safe_embedding_lookup_sparse(
      weights, sparse_ids, sparse_weights=sparse_weights, combiner=combiner,
      default_id=default_id, name=name, partition_strategy=partition_strategy,
      max_norm=max_norm)


def embedding_lookup_unique(params, ids, partition_strategy="mod", name=None):
  """`embedding_lookup` of each distinct id once; `ids` may have any shape.

  Returns:
    `ids.shape + params.shape[1:]`.
  """
  with _V1.name_scope(name, "EmbeddingLookupUnique", [params, ids]):
    ids = tf.convert_to_tensor(ids)
    shape = tf.shape(ids)
    distinct, index = tf.unique(tf.reshape(ids, [-1]))
    found = _V1.nn.embedding_lookup(params, distinct,
                                    partition_strategy=partition_strategy)
    embeddings = tf.reshape(tf.gather(found, index),
                            tf.concat([shape, tf.shape(found)[1:]], 0))
    embeddings.set_shape(ids.shape.concatenate(found.shape[1:]))
    return embeddings


def scattered_embedding_lookup(params, values, dimension, name=None,
                               hash_key=None):
  """Embeds `values` by parameter hashing: component i of v is params[h(i, v)].

  `h` is `sparse_feature_cross` of `(i, v)` modulo the number of parameters,
  so the lookup needs no vocabulary.

  Args:
    params: The 1-D parameters: a tensor, a list of partitions of sizes
      `[3, 3, 2, 2]`-style (the first ones one longer), or a
      `PartitionedVariable`. Shapes must be fully defined.
    values: `Tensor` `[d0, ..., dn]` of strings or integers.
    dimension: Embedding size.
    name: Name scope of the ops.
    hash_key: `sparse_feature_cross`'s hash key; None for TF 1.15's default
      crossing.

  Returns:
    `Tensor` `[d0, ..., dn, dimension]`.

  Raises:
    ValueError: `dimension` is missing or not positive, or the partitions are
      not `div`-sized.
  """
  if dimension is None:
    raise EmbeddingLookupError(
        "scattered_embedding_lookup: you must specify dimension")
  return _sampled_scattered_embedding_lookup(
      params, values, dimension=dimension, hash_key=hash_key, name=name)


def _parameter_count(params):
  """The total size of 1-D `div`-partitioned `params`, checked."""
  sizes = []
  for part in params:
    part.shape.assert_has_rank(1)
    part.shape.assert_is_fully_defined()
    sizes.append(int(part.shape[0]))
  total = sum(sizes)
  for index, size in enumerate(sizes):
    expected = (total - index - 1) // len(sizes) + 1
    if size != expected:
      raise EmbeddingLookupError(
          "Tensor %d in params has size %d, expected %d (div partitioning of "
          "%d parameters)." % (index, size, expected, total))
  return total


def _sampled_scattered_embedding_lookup(params, values, dimension=None,
                                        sampled_candidates=None,
                                        hash_key=None, name=None):
  """`scattered_embedding_lookup` of chosen components only.

  Args:
    params, values, hash_key, name: As for `scattered_embedding_lookup`.
    dimension: The embedding size, when all components are wanted.
    sampled_candidates: `[d0, ..., dn, N]` component indices to return
      instead (then `dimension` is ignored); checked at run time to match
      `values`' shape.

  Returns:
    `[d0, ..., dn, dimension]`, or `[d0, ..., dn, N]`.
  """
  params = _partitions(params)
  with _V1.name_scope(name, "scattered_embedding_lookup",
                      params + [dimension, values]):
    values = tf.convert_to_tensor(values)
    values_shape = tf.shape(values)
    column = tf.reshape(values, [-1, 1])
    if sampled_candidates is None:
      if dimension is None:
        raise EmbeddingLookupError(
            "You must specify either dimension or sampled_candidates.")
      if dimension <= 0:
        raise EmbeddingLookupError(
            "Dimension must be >0. Given is %d" % dimension)
      sampled_candidates = tf.tile(tf.expand_dims(tf.range(0, dimension), 0),
                                   tf.shape(column))
    else:
      sampled_candidates = tf.convert_to_tensor(sampled_candidates)
      candidates_shape = tf.shape(sampled_candidates)
      dimension = candidates_shape[tf.rank(sampled_candidates) - 1]
      expected_shape = tf.concat([values_shape, [dimension]], 0)
      same_shape = _V1.Assert(
          tf.reduce_all(tf.equal(candidates_shape, expected_shape)),
          ["The shape of sampled_candidates: ", candidates_shape,
           " does not match the shape of values: ", values_shape])
      with tf.control_dependencies([same_shape]):
        sampled_candidates = tf.reshape(sampled_candidates, [-1, dimension])
    total = _parameter_count(params)
    # Crossing each (component, value) pair hashes it to a parameter.
    ids = _cross.sparse_feature_cross([sampled_candidates, column],
                                      hashed_output=True, num_buckets=total,
                                      hash_key=hash_key)
    found = _V1.nn.embedding_lookup(params, tf.sparse.to_dense(ids),
                                    partition_strategy="div")
    return tf.reshape(found, tf.concat([values_shape, [dimension]], 0))


def _sampled_scattered_embedding_lookup_sparse(params, sp_values,
                                               dimension=None,
                                               sampled_candidates=None,
                                               hash_key=None,
                                               with_sign_hash=False,
                                               name=None):
  """Sums each row's (sampled) scattered embeddings of a 2-D `SparseTensor`.

  Equals the one-hot `[rows, V]` of `sp_values` times `h` `[V, dimension]`,
  `h(v, i) = params[hash(i, v)]`; with `with_sign_hash` each term is also
  multiplied by a hashed sign (+1 or -1), which removes the bias of hash
  collisions. `sampled_candidates` `[rows, N]` keeps N components per row.

  Returns:
    `[rows, dimension]`, or `[rows, N]`; empty rows are zeros.

  Raises:
    TypeError: `sp_values` is not a `SparseTensor`.
  """
  if not isinstance(sp_values, tf.SparseTensor):
    raise EmbeddingLookupTypeError("sp_values must be SparseTensor, got %s"
                                   % type(sp_values).__name__)
  with _V1.name_scope(name, "sampled_scattered_embedding_lookup_sparse",
                      [sp_values, params, dimension,
                       sampled_candidates]) as scope:
    segment_ids = sp_values.indices[:, 0]
    if sampled_candidates is not None:
      # One row of candidates per value.
      sampled_candidates = tf.gather(sampled_candidates, segment_ids)
    embeddings = _sampled_scattered_embedding_lookup(
        params, sp_values.values, dimension=dimension,
        sampled_candidates=sampled_candidates, hash_key=hash_key,
        name="values_lookup")
    if with_sign_hash:
      signs = _sampled_scattered_embedding_lookup(
          tf.constant([-1., 1.]), sp_values.values, dimension=dimension,
          sampled_candidates=sampled_candidates, hash_key=hash_key,
          name="signs_lookup")
      embeddings = tf.multiply(signs, embeddings, name="signs_hash")
    return tf.math.unsorted_segment_sum(
        embeddings, tf.cast(segment_ids, tf.int32),
        num_segments=tf.shape(sp_values)[0], name=scope)


def scattered_embedding_lookup_sparse(params, sparse_values, dimension,
                                      combiner=None, default_value=None,
                                      name=None, hash_key=None):
  """`scattered_embedding_lookup` of a 2-D `SparseTensor`, combined per row.

  Empty rows are filled with `default_value` before the lookup; by default
  TF 1.15's arbitrary `"6ZxWzWOHxZ"` (strings) or `1288896567` (integers).

  Args:
    params: As for `scattered_embedding_lookup`.
    sparse_values: 2-D `SparseTensor` of the values to embed.
    dimension: Embedding size.
    combiner: "mean" (TF 1.15's default when None, with a warning), "sqrtn"
      or "sum".
    default_value: The value embedded for an empty row.
    name: Name scope of the ops.
    hash_key: As for `scattered_embedding_lookup`.

  Returns:
    `Tensor` `[rows, dimension]`.

  Raises:
    TypeError: `sparse_values` is not a `SparseTensor`.
    ValueError: Unknown `combiner`.
  """
  if combiner is None:
    logging.warning('The default value of combiner will change from "mean" '
                    'to "sqrtn" after 2016/11/01.')
    combiner = "mean"
  params = _partitions(params)
  if not isinstance(sparse_values, tf.SparseTensor):
    raise EmbeddingLookupTypeError(
        "scattered_embedding_lookup_sparse: sparse_values must be a "
        "SparseTensor, got %s" % type(sparse_values).__name__)
  reducers = {"sum": tf.sparse.segment_sum, "mean": tf.sparse.segment_mean,
              "sqrtn": tf.sparse.segment_sqrt_n}
  if combiner not in reducers:
    raise EmbeddingLookupError(
        "scattered_embedding_lookup_sparse: combiner must be one of 'mean', "
        "'sqrtn' or 'sum', got %r" % (combiner,))
  with _V1.name_scope(name, "scattered_embedding_lookup_sparse",
                      params + [sparse_values]) as scope:
    if default_value is None:
      default_value = ("6ZxWzWOHxZ" if sparse_values.dtype == tf.string
                       else 1288896567)
    filled, _ = tf.sparse.fill_empty_rows(
        sparse_values,
        tf.convert_to_tensor(default_value, dtype=sparse_values.dtype))
    segment_ids = tf.cast(filled.indices[:, 0], tf.int32)
    distinct, index = tf.unique(filled.values)
    embeddings = scattered_embedding_lookup(params, distinct, dimension,
                                            hash_key=hash_key)
    return reducers[combiner](embeddings, index, segment_ids, name=scope)


def embedding_lookup_sparse_with_distributed_aggregation(
    params, sp_ids, sp_weights, partition_strategy="mod", name=None,
    combiner=None, max_norm=None):
  """`tf.compat.v1.nn.embedding_lookup_sparse` under TF 1.15 contrib's name.

  TF 1.15's version summed each partition's embeddings on that partition's
  device before the final sum; the result is the same sum, which TensorFlow's
  own op computes.

  Args:
    params: The embeddings: a tensor, a list of partitions, or a
      `PartitionedVariable`.
    sp_ids: `SparseTensor` `[N, M]` of int ids.
    sp_weights: `SparseTensor` of float weights like `sp_ids`, or None.
    partition_strategy: "mod" (default) or "div".
    name: Name scope of the ops.
    combiner: "mean" (TF 1.15's default when None, with a warning), "sqrtn"
      or "sum".
    max_norm: Clip each embedding to this l2 norm before combining.

  Returns:
    `[rows, ...]`: the combined embeddings of each row of `sp_ids`.

  Raises:
    TypeError: `sp_ids` (or `sp_weights`) is not a `SparseTensor`.
    ValueError: An unknown `combiner`, or weights unlike the ids.
  """
  if combiner is None:
    logging.warning('The default value of combiner will change from "mean" '
                    'to "sqrtn" after 2016/11/01.')
    combiner = "mean"
  if combiner not in ("mean", "sqrtn", "sum"):
    raise EmbeddingLookupError(
        "combiner must be one of 'mean', 'sqrtn' or 'sum', got %r"
        % (combiner,))
  if not isinstance(sp_ids, tf.SparseTensor):
    raise EmbeddingLookupTypeError("sp_ids must be SparseTensor, got %s"
                                   % type(sp_ids).__name__)
  if sp_weights is not None:
    if not isinstance(sp_weights, tf.SparseTensor):
      raise EmbeddingLookupTypeError(
          "sp_weights must be either None or SparseTensor, got %s"
          % type(sp_weights).__name__)
    sp_ids.values.shape.assert_is_compatible_with(sp_weights.values.shape)
    sp_ids.indices.shape.assert_is_compatible_with(sp_weights.indices.shape)
    sp_ids.dense_shape.shape.assert_is_compatible_with(
        sp_weights.dense_shape.shape)
  return _V1.nn.embedding_lookup_sparse(
      _partitions(params), sp_ids, sp_weights,
      partition_strategy=partition_strategy, name=name, combiner=combiner,
      max_norm=max_norm)
