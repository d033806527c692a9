"""contrib layers over feature columns: TF 1.15's variable names, layouts and
sums, recomputed in numpy, and a checkpoint written under TF 1.15's names."""

import os

import numpy as np
import pytest
import tensorflow as tf

from tests.contrib import feature_column_testing as fct
from tf1_compat.contrib import layers
from tf1_compat.contrib.layers import feature_column as fc
from tf1_compat.contrib.layers import feature_column_ops as ops
from tf1_compat.estimator.canned import dnn
from tf1_compat.estimator.canned import linear

V1 = tf.compat.v1
KEYS = V1.GraphKeys
_WORDS = ["marlo", "omar", "stringer"]


def _words():
  return layers.sparse_column_with_keys("wire", _WORDS)


class TestInputFromFeatureColumns:

  def test_names_layout_and_values(self):
    wire = _words()
    embedded = layers.embedding_column(wire, 2)
    one_hot = layers.one_hot_column(wire)
    price = layers.real_valued_column("price", 2)
    bucket = layers.bucketized_column(layers.real_valued_column("age"),
                                      [18., 65.])
    graph = fct.graph()
    with graph.as_default():
      features = {
          "wire": fct.sparse([["omar", "marlo"], [], ["stringer", "nobody"]]),
          "price": tf.constant([[1., 2.], [3., 4.], [5., 6.]]),
          "age": tf.constant([[10.], [30.], [70.]]),
      }
      outputs = {}
      out = ops.input_from_feature_columns(
          features, [price, one_hot, bucket, embedded], cols_to_outs=outputs)
      assert fct.names(graph) == [
          "input_from_feature_columns/wire_embedding/weights:0"]
      assert fct.names(graph, KEYS.MODEL_VARIABLES) == fct.names(graph)
      table = fct.variable(graph,
                           "input_from_feature_columns/wire_embedding/weights")
      assert table.shape.as_list() == [3, 2]
      assert set(outputs) == {price, one_hot, bucket, embedded}
    got, table = fct.run(graph, [out, table])
    # Columns come in key order, which sorts by class name first:
    # _BucketizedColumn, _EmbeddingColumn, _OneHotColumn, _RealValuedColumn.
    buckets = np.eye(3)[[0, 1, 2]]
    embeddings = np.stack([(table[1] + table[0]) / 2, np.zeros(2), table[2]])
    counts = np.array([[1., 1., 0.], [0., 0., 0.], [0., 0., 1.]])
    want = np.concatenate([buckets, embeddings, counts,
                           [[1., 2.], [3., 4.], [5., 6.]]], axis=1)
    np.testing.assert_allclose(got, want, rtol=1e-6)

  def test_scopes_are_uniquified_per_call_and_scope_argument(self):
    embedded = layers.embedding_column(_words(), 2)
    graph = fct.graph()
    with graph.as_default():
      features = {"wire": fct.sparse([["omar"]])}
      ops.input_from_feature_columns(features, [embedded])
      ops.input_from_feature_columns(features, [embedded])
      ops.input_from_feature_columns(features, [embedded], scope="dnn/input")
    assert fct.names(graph) == [
        "input_from_feature_columns/wire_embedding/weights:0",
        "input_from_feature_columns_1/wire_embedding/weights:0",
        "dnn/input/wire_embedding/weights:0"]

  def test_trainable_and_weight_collections(self):
    embedded = layers.embedding_column(_words(), 2, trainable=False)
    graph = fct.graph()
    with graph.as_default():
      features = {"wire": fct.sparse([["omar"]])}
      ops.input_from_feature_columns(features, [embedded],
                                     weight_collections=["mine"])
      assert graph.get_collection("mine") == graph.get_collection(
          KEYS.GLOBAL_VARIABLES)
      assert graph.get_collection(KEYS.TRAINABLE_VARIABLES) == []

  def test_a_partitioner_splits_the_embedding(self):
    embedded = layers.embedding_column(
        layers.sparse_column_with_integerized_feature("ids", 10), 3)
    graph = fct.graph()
    with graph.as_default():
      with V1.variable_scope(
          "model", partitioner=V1.fixed_size_partitioner(2)):
        out = ops.input_from_feature_columns(
            {"ids": fct.sparse([[2, 7]], dtype=tf.int64)}, [embedded])
      assert fct.names(graph) == [
          "model/input_from_feature_columns/ids_embedding/weights/part_0:0",
          "model/input_from_feature_columns/ids_embedding/weights/part_1:0"]
    table = np.arange(30., dtype=np.float32).reshape([10, 3])
    parts = "model/input_from_feature_columns/ids_embedding/weights/part_"
    got = fct.run(graph, out, before=_assign(
        graph, {parts + "0": table[:5], parts + "1": table[5:]}))
    np.testing.assert_allclose(got, [(table[2] + table[7]) / 2])

  def test_columns_a_dnn_cannot_read_name_the_column(self):
    graph = fct.graph()
    with graph.as_default():
      with pytest.raises(ValueError, match=r"Error creating input layer for "
                                           r"column: wire\.\nSparseColumn is "
                                           r"not supported in DNN"):
        ops.input_from_feature_columns({"wire": fct.sparse([["omar"]])},
                                       [_words()])
      with pytest.raises(ValueError, match="found dict"):
        ops.input_from_feature_columns({}, {"a": _words()})

  def test_duplicate_keys_are_refused(self):
    with pytest.raises(ValueError, match="Duplicate feature column key found "
                                         "for column: age"):
      ops.check_feature_columns([
          layers.real_valued_column("age", normalizer=lambda x: x),
          layers.real_valued_column("age")])


class TestSequenceInputFromFeatureColumns:

  def test_rank_three_outputs(self):
    embedded = layers.embedding_column(_words(), 2, combiner="sum")
    measure = layers.real_valued_column("m")
    graph = fct.graph()
    with graph.as_default():
      ids = tf.SparseTensor([[0, 0, 0], [0, 1, 0], [0, 1, 1]],
                            ["omar", "marlo", "stringer"], [1, 2, 2])
      out = ops.sequence_input_from_feature_columns(
          {"wire": ids, "m": tf.constant([[0.5, 1.5]])}, [embedded, measure])
      table = fct.variable(
          graph, "sequence_input_from_feature_columns/wire_embedding/weights")
    got, table = fct.run(graph, [out, table])
    want = [[[*table[1], .5], [*(table[0] + table[2]), 1.5]]]
    np.testing.assert_allclose(got, want, rtol=1e-6)

  def test_forbidden_ancestors(self):
    bucket = layers.bucketized_column(layers.real_valued_column("a"), [0.])
    crossed = layers.crossed_column([bucket, _words()], 10)
    with pytest.raises(ValueError, match="Column a_bucketized_X_wire is of "
                                         "type _CrossedColumn"):
      ops.sequence_input_from_feature_columns(
          {}, [layers.embedding_column(crossed, 2)])
    with pytest.raises(ValueError, match="type _BucketizedColumn is not "
                                         "currently supported for sequence "
                                         "data \\(column a_bucketized\\)"):
      ops.sequence_input_from_feature_columns({}, [bucket])


def _assign(graph, values):
  """Ops assigning `{variable name: value}`."""
  with graph.as_default():
    return [fct.variable(graph, name).assign(value)
            for name, value in values.items()]


class TestWeightedSum:

  def test_names_values_and_combiners(self):
    lang = layers.sparse_column_with_keys("lang", ["en", "fr", "hi"],
                                          combiner="sqrtn")
    country = layers.sparse_column_with_keys("country", ["us", "fi"])
    age = layers.real_valued_column("age", 2)
    price = layers.bucketized_column(layers.real_valued_column("price"),
                                     [10.])
    graph = fct.graph()
    with graph.as_default():
      features = {"lang": fct.sparse([["en", "hi"], ["fr"]]),
                  "country": fct.sparse([["fi", "us"], []]),
                  "age": tf.constant([[1., 2.], [3., 4.]]),
                  "price": tf.constant([[5.], [50.]])}
      out, column_to_variable, bias = ops.weighted_sum_from_feature_columns(
          features, [lang, country, age, price], num_outputs=2)
      scope = "weighted_sum_from_feature_columns/"
      assert fct.names(graph) == [
          scope + name + ":0" for name in (
              "price_bucketized/weights", "age/weight", "country/weights",
              "lang/weights", "bias_weight")]
      assert fct.names(graph, KEYS.MODEL_VARIABLES) == fct.names(graph)
      assert [v.shape.as_list() for v in column_to_variable[lang]] == [[3, 2]]
      assert column_to_variable[age][0].shape.as_list() == [2, 2]
      assert bias.op.name == scope + "bias_weight"
    rng = np.random.default_rng(0)
    values = {scope + name: rng.normal(size=shape).astype(np.float32)
              for name, shape in (("lang/weights", [3, 2]),
                                  ("country/weights", [2, 2]),
                                  ("age/weight", [2, 2]),
                                  ("price_bucketized/weights", [2, 2]),
                                  ("bias_weight", [2]))}
    got = fct.run(graph, out, before=_assign(graph, values))
    w = {name[len(scope):]: value for name, value in values.items()}
    want = np.stack([
        (w["lang/weights"][0] + w["lang/weights"][2]) / np.sqrt(2)
        + w["country/weights"][1] + w["country/weights"][0]
        + np.array([1., 2.]) @ w["age/weight"]
        + w["price_bucketized/weights"][0],
        w["lang/weights"][1] + np.array([3., 4.]) @ w["age/weight"]
        + w["price_bucketized/weights"][1],
    ]) + w["bias_weight"]
    np.testing.assert_allclose(got, want, rtol=1e-5)

  def test_weighted_sparse_and_crossed_columns(self):
    ids = layers.sparse_column_with_keys("ids", _WORDS, combiner="mean")
    weighted = layers.weighted_sparse_column(ids, "w")
    crossed = layers.crossed_column(
        [layers.sparse_column_with_hash_bucket("a", 10),
         layers.sparse_column_with_hash_bucket("b", 10)], 4)
    graph = fct.graph()
    with graph.as_default():
      features = {"ids": fct.sparse([["omar", "marlo"]]),
                  "w": fct.sparse([[3., 1.]]),
                  "a": fct.sparse([["x", "y"]]), "b": fct.sparse([["z"]])}
      crossed_ids = ops.transform_features(features, [crossed])[crossed]
      out, _, _ = ops.weighted_sum_from_feature_columns(
          features, [weighted, crossed], num_outputs=1)
    scope = "weighted_sum_from_feature_columns/"
    values = {scope + "ids_weighted_by_w/weights": [[1.], [10.], [100.]],
              scope + "a_X_b/weights": [[1000.], [2000.], [3000.], [4000.]]}
    got, crossed_ids = fct.run(graph, [out, crossed_ids],
                               before=_assign(graph, values))
    crossed_sum = sum((c + 1) * 1000. for c in crossed_ids.values)
    np.testing.assert_allclose(got, [[(3 * 10. + 1 * 1.) / 4 + crossed_sum]])

  def test_embedding_columns_are_refused_naming_the_column(self):
    with fct.graph().as_default():
      with pytest.raises(ValueError, match=r"Error creating weighted sum for "
                                           r"column: wire_embedding\.\n"
                                           r"Column .* is not supported in "
                                           r"linear models"):
        ops.weighted_sum_from_feature_columns(
            {"wire": fct.sparse([["omar"]])},
            [layers.embedding_column(_words(), 2)], num_outputs=1)


class TestJointWeightedSum:

  def test_one_variable_offset_ids(self):
    country = layers.sparse_column_with_keys("country", ["us", "finland"])
    language = layers.sparse_column_with_keys("language",
                                              ["english", "finnish", "hindi"])
    graph = fct.graph()
    with graph.as_default():
      out, variables, bias = ops.joint_weighted_sum_from_feature_columns(
          {"country": fct.sparse([["finland"], ["us"]]),
           "language": fct.sparse([["hindi"], ["english"]])},
          [country, language], num_outputs=1)
      assert fct.names(graph) == [
          "joint_weighted_sum_from_feature_columns/linear_weights/weights:0",
          "joint_weighted_sum_from_feature_columns/bias_weight:0"]
      assert [v.shape.as_list() for v in variables] == [[5, 1]]
      setup = [variables[0].assign([[.1], [.2], [.3], [.4], [.5]]),
               bias.assign([.01])]
    got = fct.run(graph, out, before=setup)
    np.testing.assert_allclose(got, [[.2 + .5 + .01], [.1 + .3 + .01]],
                               rtol=1e-6)

  def test_refusals(self):
    weighted = layers.weighted_sparse_column(_words(), "w")
    with fct.graph().as_default():
      with pytest.raises(AssertionError, match="weighted sparse columns.*"
                                               "column wire_weighted_by_w"):
        ops.joint_weighted_sum_from_feature_columns(
            {"wire": fct.sparse([["omar"]]), "w": tf.constant([[1.]])},
            [weighted], num_outputs=1)
      with pytest.raises(NotImplementedError, match="column age"):
        ops.joint_weighted_sum_from_feature_columns(
            {"age": tf.constant([[1.]])}, [layers.real_valued_column("age")],
            num_outputs=1)


def test_a_checkpoint_saved_under_tf_1_15s_names_restores(tmp_path):
  """Variables named as TF 1.15 named them restore into the rebuilt graph."""
  path = os.path.join(str(tmp_path), "model.ckpt")
  rng = np.random.default_rng(1)
  saved = {
      "input_from_feature_columns/wire_embedding/weights": rng.normal(
          size=[3, 4]),
      "weighted_sum_from_feature_columns/wire/weights": rng.normal(
          size=[3, 1]),
      "weighted_sum_from_feature_columns/age/weight": rng.normal(size=[1, 1]),
      "weighted_sum_from_feature_columns/bias_weight": rng.normal(size=[1]),
  }
  writer = tf.Graph()
  with writer.as_default():
    variables = [V1.Variable(value.astype(np.float32), name=name)
                 for name, value in saved.items()]
    saver = V1.train.Saver(variables)
    with V1.Session(graph=writer) as session:
      session.run(V1.global_variables_initializer())
      saver.save(session, path)
  wire, age = _words(), layers.real_valued_column("age")
  graph = fct.graph()
  with graph.as_default():
    features = {"wire": fct.sparse([["stringer", "omar"]]),
                "age": tf.constant([[2.]])}
    dense = ops.input_from_feature_columns(
        features, [layers.embedding_column(wire, 4)])
    logits, _, _ = ops.weighted_sum_from_feature_columns(features,
                                                         [wire, age], 1)
    restorer = V1.train.Saver()
    tables = V1.tables_initializer()
  with V1.Session(graph=graph) as session:
    restorer.restore(session, path)
    session.run(tables)
    dense, logits = session.run([dense, logits])
  s = {k.split("/", 1)[1]: v for k, v in saved.items()}
  np.testing.assert_allclose(
      dense, [(s["wire_embedding/weights"][2]
               + s["wire_embedding/weights"][1]) / 2], rtol=1e-6)
  np.testing.assert_allclose(
      logits, [s["wire/weights"][2] + s["wire/weights"][1]
               + 2. * s["age/weight"][0] + s["bias_weight"]], rtol=1e-6)


def test_ckpt_to_load_from_initializes_the_embedding(tmp_path):
  path = os.path.join(str(tmp_path), "emb.ckpt")
  table = np.arange(12., dtype=np.float32).reshape([3, 4])
  writer = tf.Graph()
  with writer.as_default():
    saver = V1.train.Saver([V1.Variable(table, name="old/table")])
    with V1.Session(graph=writer) as session:
      session.run(V1.global_variables_initializer())
      saver.save(session, path)
  column = layers.embedding_column(_words(), 4, ckpt_to_load_from=path,
                                   tensor_name_in_ckpt="old/table")
  graph = fct.graph()
  with graph.as_default():
    out = ops.input_from_feature_columns({"wire": fct.sparse([["stringer"]])},
                                         [column])
  np.testing.assert_allclose(fct.run(graph, out), table[[2]])


def test_parse_feature_columns_from_examples():
  bucket = layers.bucketized_column(layers.real_valued_column("price", 3),
                                    [0., 10., 100.])
  wire = _words()
  example = tf.train.Example(features=tf.train.Features(feature={
      "price": tf.train.Feature(float_list=tf.train.FloatList(
          value=[20., 110., -3.])),
      "wire": tf.train.Feature(bytes_list=tf.train.BytesList(
          value=[b"stringer", b"marlo"])),
  }))
  graph = fct.graph()
  with graph.as_default():
    out = ops.parse_feature_columns_from_examples(
        [example.SerializeToString()], [bucket, wire])
    # The bucketized column's source is transformed (and kept) on the way.
    assert set(out) == {"price", "wire", bucket, bucket.source_column, wire}
  got = fct.run(graph, {"bucket": out[bucket], "wire": out[wire]})
  np.testing.assert_array_equal(got["bucket"], [[2, 3, 0]])
  assert got["wire"].values.tolist() == [2, 0]


def test_transform_features_keeps_only_the_columns():
  bucket = layers.bucketized_column(layers.real_valued_column("p"), [0.])
  with fct.graph().as_default():
    out = ops.transform_features({"p": tf.constant([[1.]]), "q": 3}, [bucket])
  assert list(out) == [bucket]


def test_infer_real_valued_columns():
  with fct.graph().as_default():
    columns = layers.infer_real_valued_columns(
        {"a": tf.zeros([4, 2, 3], tf.int64), "b": tf.zeros([4])})
    assert [(c.name, c.dimension, c.dtype) for c in columns] == [
        ("a", 6, tf.int64), ("b", 1, tf.float32)]
    with pytest.raises(ValueError, match="SparseTensor is not supported.*"
                                         "tensor s"):
      layers.infer_real_valued_columns({"s": fct.sparse([[1.]])})
    with pytest.raises(ValueError, match="Non integer or non floating"):
      layers.infer_real_valued_columns(tf.constant(["x"]))


def test_the_contrib_namespace_provides_the_feature_column_api():
  for name in ("real_valued_column", "sparse_column_with_hash_bucket",
               "input_from_feature_columns",
               "weighted_sum_from_feature_columns",
               "safe_embedding_lookup_sparse", "feature_column",
               "SPARSE_FEATURE_CROSS_DEFAULT_HASH_KEY"):
    assert name in layers.__all__
  assert layers.input_from_feature_columns is ops.input_from_feature_columns
  assert layers.crossed_column is fc.crossed_column


def test_canned_estimator_logits_read_contrib_columns():
  # TF 1.15's canned estimators read contrib columns through core's v1
  # input_layer / linear_model, with those layers' variable names.
  wire, age = _words(), layers.real_valued_column("age")
  graph = fct.graph()
  with graph.as_default():
    features = {"wire": fct.sparse([["omar"], ["marlo"]]),
                "age": tf.constant([[1.], [2.]])}
    with V1.variable_scope("dnn"):
      deep = dnn.dnn_logit_fn_builder(
          1, [3], [layers.embedding_column(wire, 2), age], tf.nn.relu, None,
          None, False)(features, "train")
    with V1.variable_scope("linear"):
      wide = linear.linear_logit_fn_builder(1, [wire, age])(features)
    assert fct.names(graph) == [
        "dnn/input_from_feature_columns/input_layer/wire_embedding/weights:0",
        "dnn/hiddenlayer_0/kernel:0", "dnn/hiddenlayer_0/bias:0",
        "dnn/logits/kernel:0", "dnn/logits/bias:0",
        "linear/linear_model/age/weights:0",
        "linear/linear_model/wire/weights:0",
        "linear/linear_model/bias_weights:0"]
  deep, wide = fct.run(graph, [deep, wide])
  assert deep.shape == wide.shape == (2, 1)
