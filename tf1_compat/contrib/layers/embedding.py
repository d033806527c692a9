"""contrib.layers' `embed_sequence` and `one_hot_encoding`."""

import tensorflow as tf

from tf1_compat.contrib.framework import arg_scopes
from tf1_compat.contrib.framework import variables
from tf1_compat.contrib.layers import _utils

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
