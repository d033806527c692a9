"""contrib feature columns: TF 1.15's keys, defaults, ids and errors."""

import copy
import os

import numpy as np
import pytest
import tensorflow as tf

from tests.contrib import feature_column_testing as fct
from tf1_compat.contrib import layers
from tf1_compat.contrib.layers import feature_column as fc
from tf1_compat.contrib.layers import feature_column_ops as ops

V1 = tf.compat.v1


def _transform(features, columns):
  """Builds `transform_features` in a fresh graph and runs it."""
  graph = fct.graph()
  with graph.as_default():
    out = ops.transform_features(features(), columns)
  return fct.run(graph, out)


class TestKeysAndNames:

  def test_keys_are_the_strings_tf_1_15_sorted_columns_by(self):
    # The input layer concatenates in key order, so these strings fix the
    # layout of a TF 1.15 model's first layer.
    hashed = layers.sparse_column_with_hash_bucket("aaa", 100)
    assert hashed.key == (
        "_SparseColumnHashed(column_name='aaa', is_integerized=False, "
        "bucket_size=100, lookup_config=None, combiner='sum', "
        "dtype=tf.string)")
    embedded = layers.embedding_column(hashed, 4)
    assert embedded.key == (
        "_EmbeddingColumn(sparse_id_column=" + hashed.key + ", dimension=4, "
        "combiner=mean, ckpt_to_load_from=None, tensor_name_in_ckpt=None, "
        "shared_embedding_name=None, shared_vocab_size=None, max_norm=None, "
        "trainable=True)")
    real = layers.real_valued_column("age", 2, default_value=1,
                                     normalizer=lambda x: x)
    assert real.key == ("_RealValuedColumn(column_name=age, dimension=2, "
                        "default_value=(1.0, 1.0), dtype=<dtype: 'float32'>)")

  def test_names(self):
    a = layers.sparse_column_with_hash_bucket("aaa", 10)
    b = layers.sparse_column_with_keys("bbb", ["x", "y"])
    cost = layers.bucketized_column(layers.real_valued_column("cost"), [0, 4])
    assert layers.embedding_column(a, 2).name == "aaa_embedding"
    assert layers.one_hot_column(a).name == "aaa_one_hot"
    assert layers.weighted_sparse_column(b, "w").name == "bbb_weighted_by_w"
    assert cost.name == "cost_bucketized"
    crossed = layers.crossed_column({b, cost, a}, 100)
    assert crossed.name == "aaa_X_bbb_X_cost_bucketized"
    assert [c.name for c in crossed.columns] == ["aaa", "bbb",
                                                 "cost_bucketized"]
    assert layers.scattered_embedding_column(
        "s", 10, 2, 1).name == "s_scattered_embedding"

  def test_columns_are_immutable_and_deep_copy_keeps_hash_keys(self):
    column = layers.sparse_column_with_hash_bucket(
        "ids", 10, hash_keys=[[1, 2], [3, 4]])
    with pytest.raises(AttributeError):
      column.column_name = "other"
    assert copy.deepcopy(column).hash_keys == [[1, 2], [3, 4]]

  def test_feature_column_module_is_tf_contrib_layers_feature_column(self):
    assert layers.feature_column is fc
    assert layers.real_valued_column is fc.real_valued_column


class TestRealValuedColumn:

  def test_defaults_and_default_values(self):
    column = layers.real_valued_column("age")
    assert (column.dimension, column.default_value, column.dtype) == (
        1, None, tf.float32)
    assert layers.real_valued_column("a", 3, default_value=2).default_value \
        == (2., 2., 2.)
    assert layers.real_valued_column(
        "a", 2, default_value=[1, 2], dtype=tf.int32).default_value == (1, 2)
    spec = layers.real_valued_column("a", 2, default_value=[1., 0.]).config
    assert spec == {"a": V1.FixedLenFeature([2], tf.float32, [1., 0.])}

  @pytest.mark.parametrize("kwargs,error,message", [
      (dict(dimension=None), TypeError,
       r"dimension must be an integer\. Use the _real_valued_var_len_column"
       r".*dimension: None, column_name: age"),
      (dict(dimension=1.0), TypeError, r"dimension: 1\.0, column_name: age"),
      (dict(dimension=0), ValueError,
       r"greater than 0\. dimension: 0, column_name: age"),
      (dict(dtype=tf.string), ValueError,
       r"convertible to float\. dtype: <dtype: 'string'>, column_name: age"),
      (dict(dimension=3, default_value=[1.]), ValueError,
       r"default_value: \[1\.0\], dimension: 3, column_name: age"),
      (dict(default_value=2.5, dtype=tf.int32), TypeError,
       r"compatible with dtype\. default_value: 2\.5, dtype: "
       r"<dtype: 'int32'>, column_name: age"),
  ])
  def test_bad_arguments_name_the_column_expected_and_actual(self, kwargs,
                                                             error, message):
    with pytest.raises(error, match=message):
      layers.real_valued_column("age", **kwargs)

  def test_normalizer_and_float_cast_apply_in_the_transform(self):
    column = layers.real_valued_column("n", normalizer=lambda x: x * 2 - 1,
                                       dtype=tf.int64)
    got = _transform(lambda: {"n": tf.constant([[1], [3]], tf.int64)},
                     [column])
    assert got[column].dtype == np.float32
    np.testing.assert_array_equal(got[column], [[1.], [5.]])


class TestSparseColumns:

  def test_hash_bucket_ids_are_fingerprint_modulo_buckets(self):
    strings = layers.sparse_column_with_hash_bucket("s", 1000)
    ints = layers.sparse_column_with_hash_bucket("i", 1000, dtype=tf.int64)
    got = _transform(lambda: {"s": fct.sparse([["omar", "7"], ["marlo"]]),
                              "i": fct.sparse([[7], []], dtype=tf.int64)},
                     [strings, ints])
    graph = fct.graph()
    with graph.as_default():
      want = tf.strings.to_hash_bucket_fast(["omar", "7", "marlo"], 1000)
    want = fct.run(graph, want)
    assert got[strings].values.tolist() == want.tolist()
    # Integers hash as their decimal strings.
    assert got[ints].values.tolist() == [want[1]]
    assert got[ints].indices.tolist() == [[0, 0]]

  def test_hash_keys_give_one_strong_hash_per_key_pair(self):
    # TF 1.15's testOneHotColumnWithSparseColumnWithHashKeys, values and all.
    column = layers.sparse_column_with_hash_bucket(
        "ids", 10, hash_keys=[[10, 20], [20, 30]])
    one_hot = layers.one_hot_column(column)
    graph = fct.graph()
    with graph.as_default():
      out = ops.input_from_feature_columns(
          {"ids": tf.constant(["marlo", "unknown", "omar"])}, [one_hot])
    want = np.zeros([3, 10], np.float32)
    want[0, [1, 7]] = want[1, [1, 9]] = want[2, [0, 9]] = 1.
    np.testing.assert_array_equal(fct.run(graph, out), want)

  @pytest.mark.parametrize("hash_keys", [[], 1, [1, 2], [[1, 2.0]]])
  def test_bad_hash_keys(self, hash_keys):
    with pytest.raises(ValueError, match="hash_keys.*column_name: ids"):
      layers.sparse_column_with_hash_bucket("ids", 10, hash_keys=hash_keys)

  def test_keys_map_to_positions_unknown_to_default(self):
    words = layers.sparse_column_with_keys("w", ["a", "b", "c"])
    numbers = layers.sparse_column_with_keys("n", [42, 1, -1000],
                                             dtype=tf.int64, default_value=7)
    got = _transform(lambda: {
        "w": fct.sparse([["c", "zzz"], ["a"]]),
        "n": fct.sparse([[1, 5]], dtype=tf.int64)}, [words, numbers])
    assert got[words].values.tolist() == [2, -1, 0]
    assert got[numbers].values.tolist() == [1, 7]

  def test_vocabulary_file_with_oov_buckets(self, tmp_path):
    path = os.path.join(str(tmp_path), "vocab.txt")
    with open(path, "w") as f:
      f.write("marlo\nomar\nstringer\n")
    column = layers.sparse_column_with_vocabulary_file(
        "v", path, num_oov_buckets=2, vocab_size=3)
    assert column.length == 5
    got = _transform(lambda: {"v": fct.sparse([["stringer", "marlo", "x"]])},
                     [column])
    ids = got[column].values.tolist()
    assert ids[:2] == [2, 0] and ids[2] in (3, 4)
    with pytest.raises(ValueError, match="vocab_size should be defined. "
                                         "column_name: v"):
      layers.sparse_column_with_vocabulary_file("v", path)

  def test_integerized_ids_are_the_features_modulo_buckets(self):
    column = layers.sparse_column_with_integerized_feature("i", 10)
    got = _transform(lambda: {"i": tf.constant([[3, 12], [-1, 9]], tf.int64)},
                     [column])
    # A dense input drops its -1 entries.
    assert got[column].indices.tolist() == [[0, 0], [0, 1], [1, 1]]
    assert got[column].values.tolist() == [3, 2, 9]

  def test_dense_string_input_drops_empty_strings_and_expands_rank_one(self):
    column = layers.sparse_column_with_keys("w", ["a", "b"])
    got = _transform(lambda: {"w": tf.constant(["b", "", "a"])}, [column])
    assert got[column].indices.tolist() == [[0, 0], [2, 0]]
    assert got[column].values.tolist() == [1, 0]

  def test_weighted_column_casts_integer_weights(self):
    ids = layers.sparse_column_with_keys("ids", ["a", "b"])
    weighted = layers.weighted_sparse_column(ids, "w", dtype=tf.int32)
    assert weighted.config == {"ids": V1.VarLenFeature(tf.string),
                               "w": V1.VarLenFeature(tf.int32)}
    got = _transform(lambda: {"ids": fct.sparse([["b", "a"]]),
                              "w": fct.sparse([[3, 4]], dtype=tf.int32)},
                     [weighted])
    id_values, weight_values = got[weighted]
    assert id_values.values.tolist() == [1, 0]
    assert weight_values.values.dtype == np.float32
    assert weight_values.values.tolist() == [3., 4.]
    with pytest.raises(ValueError, match="not convertible to float. Given "
                                         "<dtype: 'string'> \\(column ids\\)"):
      layers.weighted_sparse_column(ids, "w", dtype=tf.string)

  @pytest.mark.parametrize("kwargs,message", [
      (dict(dtype=tf.float32), "dtype must be string or integer"),
      (dict(hash_bucket_size=0), "bucket_size must be at least 1. "
                                 "bucket_size: 0, column_name: s"),
  ])
  def test_bad_sparse_column_arguments(self, kwargs, message):
    kwargs.setdefault("hash_bucket_size", 10)
    with pytest.raises(ValueError, match=message):
      layers.sparse_column_with_hash_bucket("s", **kwargs)


class TestBucketizedColumn:

  def test_buckets_count_the_boundaries_at_or_below(self):
    column = layers.bucketized_column(layers.real_valued_column("p", 2),
                                      [0., 10., 10., 100.])
    assert column.boundaries == (0., 10., 100.) and column.length == 4
    values = np.array([[-5., 10.], [150., 0.], [9.99, 100.]], np.float32)
    got = _transform(lambda: {"p": tf.constant(values)}, [column])
    want = np.searchsorted([0., 10., 100.], values, side="right")
    np.testing.assert_array_equal(got[column], want)

  def test_sparse_ids_offset_each_dimension(self):
    column = layers.bucketized_column(layers.real_valued_column("p", 2),
                                      [0., 10.])
    graph = fct.graph()
    with graph.as_default():
      buckets = tf.constant([[0, 2], [1, 1]])
      out = column.to_sparse_tensor(buckets)
    got = fct.run(graph, out)
    assert got.indices.tolist() == [[0, 0], [0, 1], [1, 0], [1, 1]]
    # Dimension 1's ids start after dimension 0's three buckets.
    assert got.values.tolist() == [0, 5, 1, 4]

  def test_bad_boundaries_and_sources(self):
    with pytest.raises(ValueError, match=r"sorted list\. boundaries: "
                                         r"\[5, 0, 4\] \(column c\)"):
      layers.bucketized_column(layers.real_valued_column("c"), [5, 0, 4])
    with pytest.raises(TypeError, match="must be an instance of "
                                        "_RealValuedColumn"):
      layers.bucketized_column(
          layers.sparse_column_with_integerized_feature("i", 10), [0])


class TestCrossedColumn:

  def _columns(self):
    return [layers.sparse_column_with_hash_bucket(name, 10)
            for name in ("a", "b", "c")]

  def _features(self):
    return {"a": fct.sparse([["batch1-FC1-F1"]]),
            "b": fct.sparse([["batch1-FC2-F1"]]),
            "c": fct.sparse([["batch1-FC3-F1"]])}

  @pytest.mark.parametrize("hash_key,want", [
      (None, 74), (layers.SPARSE_FEATURE_CROSS_DEFAULT_HASH_KEY, 83)])
  def test_ids_are_tf_1_15s_cross_hashes(self, hash_key, want):
    # TF 1.15's sparse_feature_cross kernel tests' values, reached through
    # the column: the raw features of the sorted columns are crossed.
    a, b, c = self._columns()
    crossed = layers.crossed_column([c, a, b], 100, hash_key=hash_key)
    got = _transform(self._features, [crossed])
    assert got[crossed].values.tolist() == [want]

  def test_nested_crosses_are_flattened(self):
    a, b, c = self._columns()
    flat = layers.crossed_column([a, b, c], 100)
    nested = layers.crossed_column([layers.crossed_column([a, b], 50), c], 100)
    got = _transform(self._features, [flat, nested])
    assert got[flat].values.tolist() == got[nested].values.tolist()

  def test_bad_crosses(self):
    a = layers.sparse_column_with_hash_bucket("a", 10)
    with pytest.raises(TypeError, match="columns must be a set of "
                                        "_SparseColumn.*is a "
                                        "_RealValuedColumn"):
      layers.crossed_column([a, layers.real_valued_column("r")], 10)
    with pytest.raises(ValueError, match="at least 2 elements"):
      layers.crossed_column([a], 10)
    with pytest.raises(ValueError, match="hash_bucket_size must be at least "
                                         "2. hash_bucket_size: 1"):
      layers.crossed_column([a, a], 1)
    with pytest.raises(ValueError, match="both `ckpt_to_load_from` and "
                                         "`tensor_name_in_ckpt`.*a_X_a"):
      layers.crossed_column([a, a], 10, ckpt_to_load_from="x")


class TestEmbeddingColumns:

  def test_default_initializer_stddev_is_one_over_sqrt_vocabulary(self):
    # 1/sqrt(400) = 0.05; core's 1/sqrt(dimension) would be 0.2.
    column = layers.embedding_column(
        layers.sparse_column_with_hash_bucket("a", 400), 25)
    graph = fct.graph()
    with graph.as_default():
      ops.input_from_feature_columns({"a": fct.sparse([["x"]])}, [column])
      weights = fct.variable(graph,
                             "input_from_feature_columns/a_embedding/weights")
    got = fct.run(graph, weights)
    assert got.shape == (400, 25)
    assert np.abs(got).max() <= 2 * 0.05 + 1e-6
    # A normal truncated at 2 sigma keeps 88% of sigma.
    assert 0.8 * 0.05 < got.std() < 0.95 * 0.05

  def test_shared_embedding_names_and_one_shared_variable(self):
    a1 = layers.sparse_column_with_keys("a1", ["x", "y", "z"])
    a2 = layers.sparse_column_with_keys("a2", ["x", "y", "z"])
    e1, e2 = layers.shared_embedding_columns([a2, a1], 4)
    assert e1.shared_embedding_name == "a1_a2_shared_embedding"
    assert (e1.name, e2.name) == ("a2_shared_embedding",
                                  "a1_shared_embedding")
    graph = fct.graph()
    with graph.as_default():
      out = ops.input_from_feature_columns(
          {"a1": fct.sparse([["y"], ["z"]]), "a2": fct.sparse([["y"], ["z"]])},
          [e1, e2])
      assert fct.names(graph) == [
          "input_from_feature_columns/a1_shared_embedding/"
          "a1_a2_shared_embedding:0"]
    got = fct.run(graph, out)
    np.testing.assert_array_equal(got[:, :4], got[:, 4:])
    many = layers.shared_embedding_columns(
        [layers.sparse_column_with_keys(k, ["x"]) for k in "dcbae"], 2)
    assert many[0].shared_embedding_name == ("a_b_c_plus_2_others_"
                                             "shared_embedding")

  def test_shared_embedding_errors(self):
    a = layers.sparse_column_with_keys("a", ["x", "y"])
    b = layers.sparse_column_with_keys("b", ["x", "y", "z"])
    with pytest.raises(ValueError, match="not compatible: a and b"):
      layers.shared_embedding_columns([a, b], 2)
    with pytest.raises(TypeError, match="non-string sequence"):
      layers.shared_embedding_columns({a, b}, 2)
    with pytest.raises(TypeError, match="must be _SparseColumn or "
                                        "_WeightedSparseColumn"):
      layers.shared_embedding_columns([a, layers.real_valued_column("r")], 2)

  def test_bad_embedding_arguments_name_the_column(self):
    a = layers.sparse_column_with_hash_bucket("aaa", 10)
    with pytest.raises(ValueError, match="initializer must be callable.*"
                                         "column_name: aaa \\(got 3\\)"):
      layers.embedding_column(a, 2, initializer=3)
    with pytest.raises(ValueError, match="Dimension and size must be greater "
                                         "than 0. dimension: 0, size: 10, "
                                         "column_name: s"):
      layers.scattered_embedding_column("s", 10, 0, 1)
    with pytest.raises(ValueError, match="combiner: max, column_name: s"):
      layers.scattered_embedding_column("s", 10, 2, 1, combiner="max")


class TestOneHotColumn:

  def test_counts_ids_and_ignores_unknown_ones(self):
    column = layers.one_hot_column(
        layers.sparse_column_with_keys("w", ["a", "b", "c"]))
    graph = fct.graph()
    with graph.as_default():
      out = ops.input_from_feature_columns(
          {"w": fct.sparse([["a", "a", "q"], [], ["c"]])}, [column])
    np.testing.assert_array_equal(fct.run(graph, out),
                                  [[2., 0., 0.], [0., 0., 0.], [0., 0., 1.]])

  def test_weighted_one_hot_sums_the_weights(self):
    ids = layers.sparse_column_with_keys("ids", ["a", "b", "c"])
    column = layers.one_hot_column(layers.weighted_sparse_column(ids, "w"))
    graph = fct.graph()
    with graph.as_default():
      out = ops.input_from_feature_columns(
          {"ids": tf.constant([["a", "unknown", "c"]]),
           "w": tf.constant([[2., 4., 6.]])}, [column])
    np.testing.assert_array_equal(fct.run(graph, out), [[2., 0., 6.]])


class TestParsingSpecs:

  def test_feature_spec_of_every_column_type(self):
    var_len = fc._real_valued_var_len_column  # pylint: disable=protected-access
    a = layers.sparse_column_with_hash_bucket("a", 10)
    ids = layers.sparse_column_with_keys("ids", [1, 2], dtype=tf.int32)
    columns = {
        layers.embedding_column(a, 2),
        layers.weighted_sparse_column(ids, "w"),
        layers.bucketized_column(layers.real_valued_column("p", 3), [0.]),
        layers.crossed_column([a, ids], 10),
        layers.scattered_embedding_column("s", 10, 2, 1),
        var_len("v", default_value=0),
    }
    want = {"a": V1.VarLenFeature(tf.string),
            "ids": V1.VarLenFeature(tf.int32),
            "w": V1.VarLenFeature(tf.float32),
            "p": V1.FixedLenFeature([3], tf.float32),
            "s": V1.VarLenFeature(tf.string),
            "v": V1.FixedLenSequenceFeature([], tf.float32,
                                            allow_missing=True,
                                            default_value=0.)}
    assert layers.create_feature_spec_for_parsing(columns) == want
    core = V1.feature_column.make_parse_example_spec(
        [c for c in columns if not isinstance(
            c, fc._RealValuedVarLenColumn)])  # pylint: disable=protected-access
    assert core == {k: v for k, v in want.items() if k != "v"}

  def test_placeholders(self):
    with fct.graph().as_default():
      got = layers.make_place_holder_tensors_for_base_features([
          layers.sparse_column_with_hash_bucket("s", 10),
          layers.real_valued_column("r", 5)])
    assert isinstance(got["s"], tf.SparseTensor)
    assert got["r"].shape.as_list() == [None, 5]
    assert got["r"].op.name == "Placeholder_r"


class TestCoreLayersAcceptContribColumns:

  def test_input_layer_and_linear_model(self):
    a = layers.sparse_column_with_keys("aaa", ["x", "y"])
    age = layers.real_valued_column("age")
    features = lambda: {"aaa": fct.sparse([["y"], ["x", "y"]]),
                        "age": tf.constant([[2.], [3.]])}
    graph = fct.graph()
    with graph.as_default():
      dense = V1.feature_column.input_layer(
          features(), [layers.embedding_column(a, 2, combiner="sum"), age])
      logits = V1.feature_column.linear_model(features(), [a, age])
      assert fct.names(graph) == [
          "input_layer/aaa_embedding/weights:0",
          "linear_model/aaa/weights:0", "linear_model/age/weights:0",
          "linear_model/bias_weights:0"]
      table = fct.variable(graph, "input_layer/aaa_embedding/weights")
    dense, logits, table = fct.run(graph, [dense, logits, table])
    np.testing.assert_allclose(
        dense, [[*table[1], 2.], [*(table[0] + table[1]), 3.]], rtol=1e-6)
    np.testing.assert_array_equal(logits, [[0.], [0.]])


def test_missing_feature_names_the_column_and_the_features_present():
  column = layers.embedding_column(
      layers.sparse_column_with_hash_bucket("aaa", 10), 2)
  with fct.graph().as_default():
    with pytest.raises(fc.MissingFeatureError,
                       match=r"Feature column aaa reads the feature 'aaa', "
                             r"which is not among the features \(they hold "
                             r"\['bbb'\]\)") as raised:
      ops.input_from_feature_columns({"bbb": fct.sparse([["x"]])}, [column])
  assert isinstance(raised.value, KeyError)
  assert isinstance(raised.value, ValueError)
