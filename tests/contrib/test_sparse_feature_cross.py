"""sparse_feature_cross: TF 1.15's crosses, strings and both hashes.

The hashed values are the ones TF 1.15's own kernel tests asserted for its
`SparseFeatureCross` (no hash key: `HashCombine`) and `...V2` (a hash key:
`FingerprintCat64`) kernels.
"""

import pytest
import tensorflow as tf

from tests.contrib import feature_column_testing as fct
from tf1_compat.contrib import layers
from tf1_compat.contrib.layers import sparse_feature_cross as cross_lib

cross = cross_lib.sparse_feature_cross
KEY = layers.SPARSE_FEATURE_CROSS_DEFAULT_HASH_KEY


def _three_columns():
  return [fct.sparse([["batch1-FC1-F1"]]), fct.sparse([["batch1-FC2-F1"]]),
          fct.sparse([["batch1-FC3-F1"]])]


@pytest.mark.parametrize("hash_key,num_buckets,want", [
    (None, 0, 3735511728867393167),
    (None, 100, 74),
    (KEY, 0, 1971693436396284976),
    (KEY, 100, 83),
])
def test_hashes_are_tf_1_15s(hash_key, num_buckets, want):
  graph = fct.graph()
  with graph.as_default():
    out = cross(_three_columns(), hashed_output=True, num_buckets=num_buckets,
                hash_key=hash_key)
  got = fct.run(graph, out)
  assert got.indices.tolist() == [[0, 0]]
  assert got.values.tolist() == [want]
  assert got.dense_shape.tolist() == [1, 1]


def test_default_hash_collides_where_tf_1_15s_did_and_the_keyed_one_not():
  graph = fct.graph()
  with graph.as_default():
    ones = tf.constant([[1], [1]])
    ids = tf.constant([[359], [359 + 1024]])
    old = cross([ones, ids], hashed_output=True, num_buckets=1024)
    new = cross([ones, ids], hashed_output=True, num_buckets=1024,
                hash_key=KEY)
  old, new = fct.run(graph, [old, new])
  assert old.values[0] == old.values[1]
  assert new.values[0] != new.values[1]


def test_strings_list_every_combination_last_input_fastest():
  graph = fct.graph()
  with graph.as_default():
    out = cross([fct.sparse([["a1", "a2"], ["b1"]]),
                 tf.constant([[11, 12], [21, 22]], tf.int64),
                 fct.sparse([["x"], []])])
  got = fct.run(graph, out)
  # Sparse inputs come before dense ones; row 1 has no third feature.
  assert got.values.tolist() == [b"a1_X_x_X_11", b"a1_X_x_X_12",
                                 b"a2_X_x_X_11", b"a2_X_x_X_12"]
  assert got.indices.tolist() == [[0, 0], [0, 1], [0, 2], [0, 3]]
  assert got.dense_shape.tolist() == [2, 4]


def test_hashed_rows_keep_the_layout_of_the_string_cross():
  inputs = lambda: [fct.sparse([["a", "b", "c"], [], ["d"]]),
                    fct.sparse([["x", "y"], ["z"], ["w"]])]
  graph = fct.graph()
  with graph.as_default():
    strings = cross(inputs())
    hashed = cross(inputs(), hashed_output=True, num_buckets=1000)
  strings, hashed = fct.run(graph, [strings, hashed])
  assert hashed.indices.tolist() == strings.indices.tolist()
  assert hashed.dense_shape.tolist() == strings.dense_shape.tolist() == [3, 6]
  assert len(hashed.values) == 7 and all(0 <= v < 1000 for v in hashed.values)


def test_integers_hash_as_themselves_strings_by_fingerprint():
  # An int64 feature enters the hash as its value, so crossing the int
  # Fingerprint64 of a string equals crossing the string.
  graph = fct.graph()
  with graph.as_default():
    fingerprint = tf.bitcast(tf.fingerprint(tf.constant(["foo"])), tf.int64)
    by_string = cross([tf.constant([["foo"]]), tf.constant([[7]])],
                      hashed_output=True, num_buckets=997)
    by_value = cross([tf.reshape(fingerprint, [1, 1]), tf.constant([[7]])],
                     hashed_output=True, num_buckets=997)
  by_string, by_value = fct.run(graph, [by_string, by_value])
  assert by_string.values.tolist() == by_value.values.tolist()


def test_rejects_what_is_not_a_list_of_tensors():
  with pytest.raises(TypeError, match="must be a list"):
    cross(fct.sparse([["a"]]))
  with pytest.raises(TypeError, match="SparseTensors or Tensors.*'a'"):
    cross([fct.sparse([["a"]]), "a"])
