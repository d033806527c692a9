"""contrib.layers' embedding lookups, recomputed in numpy."""

import numpy as np
import pytest
import tensorflow as tf

from tests.contrib import feature_column_testing as fct
from tf1_compat.contrib import layers
from tf1_compat.contrib.layers import embedding

V1 = tf.compat.v1
_TABLE = np.arange(12, dtype=np.float32).reshape([4, 3]) / 10.


def _lookup(ids_rows, weight_rows=None, **kwargs):
  graph = fct.graph()
  with graph.as_default():
    ids = fct.sparse(ids_rows, dtype=tf.int64)
    weights = (None if weight_rows is None
               else fct.sparse(weight_rows, dtype=tf.float32))
    out = layers.safe_embedding_lookup_sparse(tf.constant(_TABLE), ids,
                                              sparse_weights=weights, **kwargs)
  return fct.run(graph, out)


class TestSafeEmbeddingLookupSparse:

  def test_default_combiner_is_the_mean_invalid_ids_and_empty_rows_are_zero(
      self):
    got = _lookup([[0, 2], [-1], [3, 3, 1], []])
    want = np.stack([(_TABLE[0] + _TABLE[2]) / 2, np.zeros(3),
                     (2 * _TABLE[3] + _TABLE[1]) / 3, np.zeros(3)])
    np.testing.assert_allclose(got, want, rtol=1e-6)

  def test_weights_and_sqrtn_drop_non_positive_weights(self):
    got = _lookup([[0, 2, 1]], [[2., 1., -1.]], combiner="sqrtn")
    want = (2 * _TABLE[0] + _TABLE[2]) / np.sqrt(5.)
    np.testing.assert_allclose(got, [want], rtol=1e-6)

  def test_sum_keeps_negative_weights_default_id_fills_empty_rows(self):
    got = _lookup([[0, 1], []], [[2., -1.], []], combiner="sum",
                  default_id=3)
    np.testing.assert_allclose(got, [2 * _TABLE[0] - _TABLE[1], _TABLE[3]],
                               rtol=1e-6)

  def test_higher_rank_ids_combine_the_last_dimension(self):
    graph = fct.graph()
    with graph.as_default():
      ids = tf.SparseTensor([[0, 0, 0], [0, 1, 0], [0, 1, 1]],
                            tf.constant([1, 2, 3], tf.int64), [1, 2, 2])
      out = layers.safe_embedding_lookup_sparse(tf.constant(_TABLE), ids,
                                                combiner="sum")
    got = fct.run(graph, out)
    np.testing.assert_allclose(got, [[_TABLE[1], _TABLE[2] + _TABLE[3]]],
                               rtol=1e-6)

  def test_rejects_integer_weights_naming_the_dtypes(self):
    with pytest.raises(ValueError, match="one float dtype.*int32"):
      with fct.graph().as_default():
        layers.safe_embedding_lookup_sparse(
            tf.constant([[1, 2]]), fct.sparse([[0]], dtype=tf.int64))


def test_embedding_lookup_unique_keeps_the_ids_shape():
  graph = fct.graph()
  with graph.as_default():
    out = layers.embedding_lookup_unique(tf.constant(_TABLE),
                                         tf.constant([[3, 0], [3, 3]]))
  got = fct.run(graph, out)
  np.testing.assert_allclose(got, _TABLE[[[3, 0], [3, 3]]])


class TestScatteredEmbedding:

  def test_component_values_are_tf_1_15s(self):
    # TF 1.15's embedding_ops_test: params [.1, .2, .3], hash key 1.
    lookup_sparse = embedding._sampled_scattered_embedding_lookup_sparse  # pylint: disable=protected-access
    graph = fct.graph()
    with graph.as_default():
      params = tf.constant([.1, .2, .3])
      plain = lookup_sparse(
          params, fct.sparse([[], ["a"], []]), dimension=5, hash_key=1)
      signed = lookup_sparse(
          tf.constant([.1, .1, .1]), fct.sparse([[], ["a"], []]),
          dimension=4, hash_key=1, with_sign_hash=True)
    plain, signed = fct.run(graph, [plain, signed])
    np.testing.assert_allclose(plain[1], [.3, .2, .2, .3, .1], rtol=1e-6)
    np.testing.assert_allclose(signed[1], [-.1, -.1, -.1, .1], rtol=1e-6)
    assert not plain[0].any() and not plain[2].any()

  def test_sparse_lookup_combines_the_per_value_lookups(self):
    graph = fct.graph()
    with graph.as_default():
      params = tf.constant(np.linspace(-1, 1, 10, dtype=np.float32))
      single = embedding.scattered_embedding_lookup(
          params, tf.constant(["a", "b", "6ZxWzWOHxZ"]), 4)
      combined = {
          combiner: embedding.scattered_embedding_lookup_sparse(
              params, fct.sparse([["a", "b"], []]), 4, combiner=combiner)
          for combiner in ("sum", "mean", "sqrtn")}
    single, combined = fct.run(graph, [single, combined])
    np.testing.assert_allclose(combined["sum"][0], single[0] + single[1],
                               rtol=1e-6)
    np.testing.assert_allclose(combined["mean"][0],
                               (single[0] + single[1]) / 2, rtol=1e-6)
    np.testing.assert_allclose(combined["sqrtn"][0],
                               (single[0] + single[1]) / np.sqrt(2),
                               rtol=1e-6)
    # An empty row embeds TF 1.15's filler value.
    np.testing.assert_allclose(combined["sum"][1], single[2], rtol=1e-6)

  def test_partitions_must_be_div_sized(self):
    with fct.graph().as_default():
      parts = [tf.zeros([2]), tf.zeros([4])]
      with pytest.raises(ValueError, match="Tensor 0 in params has size 2, "
                                           "expected 3"):
        embedding.scattered_embedding_lookup(parts, tf.constant(["a"]), 2)


def test_distributed_aggregation_equals_the_plain_sparse_lookup():
  graph = fct.graph()
  with graph.as_default():
    ids = fct.sparse([[0, 3], [2]], dtype=tf.int64)
    weights = fct.sparse([[1., 3.], [2.]], dtype=tf.float32)
    parts = [tf.constant(_TABLE[0::2]), tf.constant(_TABLE[1::2])]
    out = embedding.embedding_lookup_sparse_with_distributed_aggregation(
        parts, ids, weights, combiner="mean")
  got = fct.run(graph, out)
  np.testing.assert_allclose(
      got, [(_TABLE[0] + 3 * _TABLE[3]) / 4, _TABLE[2]], rtol=1e-6)
