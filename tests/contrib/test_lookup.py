"""contrib.lookup: TF1 names and signatures, with TF 1.15's test values."""

import numpy as np
import pytest
import tensorflow as tf

from tf1_compat.contrib import lookup

V1 = tf.compat.v1


def _vocab(tmp_path, words=("brain", "salad", "surgery")):
  path = tmp_path / "vocab.txt"
  path.write_text("\n".join(words) + "\n")
  return str(path)


def _run(graph, fetches):
  with V1.Session(graph=graph) as session:
    session.run(V1.tables_initializer())
    return session.run(fetches)


def test_tables_from_files_match_tf1_values(tmp_path):
  vocab = _vocab(tmp_path)
  graph = tf.Graph()
  with graph.as_default():
    plain = lookup.index_table_from_file(vocabulary_file=vocab,
                                         num_oov_buckets=1)
    hashed = lookup.index_table_from_file(vocabulary_file=vocab,
                                          num_oov_buckets=1000)
    reverse = lookup.index_to_string_table_from_file(vocab,
                                                     default_value="UNK")
    got = _run(graph, {
        "plain": plain.lookup(tf.constant(["salad", "surgery", "tarkus"])),
        "hashed": hashed.lookup(tf.constant(
            ["salad", "surgery", "tarkus", "toccata"])),
        "reverse": reverse.lookup(tf.constant([1, 7], tf.int64)),
        "size": hashed.size()})
  np.testing.assert_array_equal(got["plain"], [1, 2, 3])
  # lookup_ops_test.py: 3 + fingerprint("tarkus") mod 1000, ... ("toccata").
  np.testing.assert_array_equal(got["hashed"], [1, 2, 867, 860])
  assert list(got["reverse"]) == [b"salad", b"UNK"]
  assert got["size"] == 1003


def test_hash_buckets_and_hasher_specs_match_tf1_values(tmp_path):
  vocab = _vocab(tmp_path, ("brain", "salad", "surgery"))
  graph = tf.Graph()
  with graph.as_default():
    only_buckets = lookup.IdTableWithHashBuckets(None, 5)
    ints = lookup.IdTableWithHashBuckets(None, 5, key_dtype=tf.int32)
    table = lookup.HashTable(lookup.TextFileIdTableInitializer(
        vocab, vocab_size=3), -1)
    fast = lookup.IdTableWithHashBuckets(table, 3,
                                         hasher_spec=lookup.FastHashSpec)
    strong = lookup.IdTableWithHashBuckets(
        table, 3, hasher_spec=lookup.StrongHashSpec((1, 2)))
    words = tf.constant(["fruit", "brain", "salad", "surgery", "UNK"])
    got = _run(graph, {
        "buckets": only_buckets.lookup(tf.constant(["brain", "salad",
                                                    "surgery"])),
        "ints": ints.lookup(tf.constant([42, 1, -1000], tf.int32)),
        "fast": fast.lookup(words), "strong": strong.lookup(words)})
  np.testing.assert_array_equal(got["buckets"], [3, 1, 4])
  np.testing.assert_array_equal(got["ints"], [1, 4, 2])
  np.testing.assert_array_equal(got["fast"], [5, 0, 1, 2, 5])
  np.testing.assert_array_equal(got["strong"], [5, 0, 1, 2, 3])
  with pytest.raises(TypeError, match="Invalid .?key_dtype"):
    lookup.IdTableWithHashBuckets(None, num_oov_buckets=5,
                                  key_dtype=tf.float64)


def test_contrib_signatures_and_deprecated_helpers():
  graph = tf.Graph()
  with graph.as_default():
    mapping = tf.constant(["emerson", "lake", "palmer"])
    table = lookup.index_table_from_tensor(mapping=mapping, num_oov_buckets=1)
    features = tf.constant(["emerson", "lake", "and", "palmer"])
    ids = lookup.string_to_index(features, mapping=mapping)
    names = lookup.index_to_string(tf.constant([1, 5], tf.int64),
                                   mapping=mapping, default_value="UNKNOWN")
    shared = lookup.HashTable(lookup.KeyValueTensorInitializer(
        ["a", "b"], [1, 2], value_dtype=tf.int64), -1, shared_name="shared_t")
    keys, values = shared.export()
    got = _run(graph, {"table": table.lookup(features), "ids": ids,
                       "names": names, "value": shared.lookup(tf.constant("b")),
                       "exported": tf.size(keys)})
    assert shared.init is shared.initializer
    assert any(op.get_attr("shared_name") == b"shared_t"
               for op in graph.get_operations() if op.type == "HashTableV2")
  np.testing.assert_array_equal(got["table"], [0, 1, 3, 2])
  np.testing.assert_array_equal(got["ids"], [0, 1, -1, 2])
  assert list(got["names"]) == [b"lake", b"UNKNOWN"]
  assert got["value"] == 2 and got["exported"] == 2
  with pytest.raises(ValueError, match="mapping must be specified"):
    lookup.index_table_from_tensor(mapping=None)
  with pytest.raises(ValueError, match="vocabulary_file.? must be specified"):
    lookup.index_table_from_file(vocabulary_file="")
  with pytest.raises(ValueError, match="requires string"):
    with tf.Graph().as_default():
      lookup.string_to_index_table_from_tensor(tf.constant([1, 2]))


def test_mutable_tables_are_tensorflows():
  graph = tf.Graph()
  with graph.as_default():
    table = lookup.MutableHashTable(tf.string, tf.int64, default_value=-1)
    insert = table.insert(tf.constant(["x", "y"]),
                          tf.constant([7, 8], tf.int64))
    dense = lookup.MutableDenseHashTable(tf.int64, tf.int64, default_value=-1,
                                         empty_key=0, deleted_key=-2)
    with V1.Session(graph=graph) as session:
      session.run(insert)
      session.run(dense.insert(tf.constant([3], tf.int64),
                               tf.constant([30], tf.int64)))
      assert list(session.run(table.lookup(tf.constant(["y", "z"])))) == [8, -1]
      assert session.run(dense.lookup(tf.constant([3], tf.int64)))[0] == 30
