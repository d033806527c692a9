"""contrib.layers: contrib's defaults and names, recomputed in numpy."""

import numpy as np
import pytest
import tensorflow as tf

from tf1_compat.contrib import framework
from tf1_compat.contrib import layers
from tf1_compat.dropin import not_provided

V1 = tf.compat.v1
KEYS = V1.GraphKeys


def _run(graph, fetches, feed_dict=None, run_first=None):
  with V1.Session(graph=graph) as session:
    session.run(V1.global_variables_initializer())
    if run_first is not None:
      session.run(run_first, feed_dict=feed_dict)
    return session.run(fetches, feed_dict=feed_dict)


def _names(graph, key=KEYS.GLOBAL_VARIABLES):
  return [v.name for v in graph.get_collection(key)]


def _values(variables):
  return {v.op.name: v for v in variables}


class TestFullyConnected:

  def test_relu_default_weights_biases_names_and_model_variables(self):
    x = np.random.default_rng(0).normal(size=[4, 3]).astype(np.float32)
    graph = tf.Graph()
    with graph.as_default():
      hidden = layers.fully_connected(tf.constant(x), 5)
      logits = layers.fully_connected(hidden, 2, activation_fn=None)
      got = _run(graph, {"hidden": hidden, "logits": logits,
                         "vars": _values(V1.global_variables())})
      assert _names(graph) == [
          "fully_connected/weights:0", "fully_connected/biases:0",
          "fully_connected_1/weights:0", "fully_connected_1/biases:0"]
      assert _names(graph, KEYS.MODEL_VARIABLES) == _names(graph)
      assert _names(graph, KEYS.TRAINABLE_VARIABLES) == _names(graph)
    v = got["vars"]
    want = np.maximum(x @ v["fully_connected/weights"]
                      + v["fully_connected/biases"], 0)
    np.testing.assert_allclose(got["hidden"], want, atol=1e-5)
    np.testing.assert_allclose(
        got["logits"], want @ v["fully_connected_1/weights"]
        + v["fully_connected_1/biases"], atol=1e-5)

  def test_normalizer_replaces_the_bias_and_runs_before_activation(self):
    graph = tf.Graph()
    with graph.as_default():
      calls = []

      def normalizer(value, scale):
        calls.append(scale)
        return value * scale

      out = layers.fully_connected(tf.ones([2, 3]), 4, normalizer_fn=normalizer,
                                   normalizer_params={"scale": -1.0})
      assert calls == [-1.0]
      assert _names(graph) == ["fully_connected/weights:0"]
      got, weights = _run(graph, [out, V1.global_variables()[0]])
    np.testing.assert_allclose(got, np.maximum(-np.ones([2, 3]) @ weights, 0),
                               atol=1e-6)

  def test_collections_regularizer_reuse_and_rank3(self):
    graph = tf.Graph()
    with graph.as_default():
      x = tf.ones([2, 7, 3])
      out = layers.fully_connected(
          x, 4, scope="fc", weights_regularizer=layers.l2_regularizer(0.5),
          biases_initializer=None,
          variables_collections={"weights": ["my_weights"]},
          outputs_collections="outputs")
      again = layers.fully_connected(x, 4, scope="fc", reuse=True,
                                     biases_initializer=None)
      assert out.shape.as_list() == [2, 7, 4]
      assert _names(graph) == ["fc/weights:0"]
      assert _names(graph, "my_weights") == ["fc/weights:0"]
      assert graph.get_collection("outputs") == [out]
      assert out.aliases == ["fc"]
      assert len(graph.get_collection(KEYS.REGULARIZATION_LOSSES)) == 1
      first, second = _run(graph, [out, again])
    np.testing.assert_allclose(first, second)

  def test_num_outputs_must_be_an_int(self):
    with tf.Graph().as_default():
      with pytest.raises(ValueError, match="num_outputs must be a Python int"):
        layers.fully_connected(tf.ones([2, 3]), 4.0)

  def test_default_initializer_is_glorot_uniform(self):
    graph = tf.Graph()
    with graph.as_default():
      layers.fully_connected(tf.ones([2, 300]), 200)
      weights = _run(graph, V1.global_variables()[0])
    limit = np.sqrt(6.0 / 500)
    assert np.abs(weights).max() <= limit
    assert np.abs(weights).max() > 0.95 * limit


class TestConvolutionsAndPooling:

  def test_conv2d_defaults(self):
    x = np.random.default_rng(1).normal(size=[2, 5, 5, 3]).astype(np.float32)
    graph = tf.Graph()
    with graph.as_default():
      out = layers.conv2d(tf.constant(x), 4, [3, 3])
      assert out.shape.as_list() == [2, 5, 5, 4]
      assert _names(graph) == ["Conv/weights:0", "Conv/biases:0"]
      assert _names(graph, KEYS.MODEL_VARIABLES) == _names(graph)
      got, weights, biases = _run(graph, [out] + V1.global_variables())
    want = tf.nn.conv2d(x, weights, 1, "SAME") + biases
    np.testing.assert_allclose(got, np.maximum(want.numpy(), 0), atol=1e-5)

  def test_conv_rank_dispatch_transpose_and_errors(self):
    graph = tf.Graph()
    with graph.as_default():
      assert layers.convolution(tf.ones([2, 9, 3]), 4, 3).shape.as_list() == [
          2, 9, 4]
      up = layers.conv2d_transpose(tf.ones([2, 4, 4, 3]), 5, [3, 3], stride=2)
      assert up.shape.as_list() == [2, 8, 8, 5]
      assert "Conv2d_transpose/weights:0" in _names(graph)
      with pytest.raises(ValueError, match="rank 4"):
        layers.conv2d(tf.ones([2, 9, 3]), 4, 3)
      with pytest.raises(ValueError, match="data_format"):
        layers.conv2d(tf.ones([2, 9, 9, 3]), 4, 3, data_format="HWCN")

  def test_pooling_defaults_and_flatten(self):
    with tf.Graph().as_default():
      x = tf.ones([2, 7, 7, 3])
      assert layers.max_pool2d(x, [2, 2]).shape.as_list() == [2, 3, 3, 3]
      assert layers.avg_pool2d(x, 3, stride=1,
                               padding="SAME").shape.as_list() == [2, 7, 7, 3]
      assert layers.flatten(x).shape.as_list() == [2, 147]
      with pytest.raises(ValueError, match="at least 2 dimensions"):
        layers.flatten(tf.ones([3]))

  def test_repeat_and_stack_scopes(self):
    graph = tf.Graph()
    with graph.as_default():
      net = layers.repeat(tf.ones([1, 6, 6, 2]), 2, layers.conv2d, 3, [3, 3],
                          scope="conv1")
      layers.stack(layers.flatten(net), layers.fully_connected, [8, (4,)],
                   scope="fc")
    assert _names(graph) == [
        "conv1/conv1_1/weights:0", "conv1/conv1_1/biases:0",
        "conv1/conv1_2/weights:0", "conv1/conv1_2/biases:0",
        "fc/fc_1/weights:0", "fc/fc_1/biases:0",
        "fc/fc_2/weights:0", "fc/fc_2/biases:0"]


class TestDropout:

  def test_keep_prob_and_training_by_default(self):
    graph = tf.Graph()
    with graph.as_default():
      x = tf.ones([1000, 10])
      dropped = layers.dropout(x, keep_prob=0.25, seed=1)
      identity = layers.dropout(x, is_training=False)
      got, same = _run(graph, [dropped, identity])
    assert set(np.unique(got)) == {0.0, 4.0}
    assert 0.2 < (got > 0).mean() < 0.3
    np.testing.assert_array_equal(same, np.ones([1000, 10]))


class TestBatchNorm:

  def test_contrib_defaults_names_and_updates(self):
    x = np.random.default_rng(2).normal(3.0, 2.0, size=[8, 2, 2, 3])
    x = x.astype(np.float32)
    graph = tf.Graph()
    with graph.as_default():
      out = layers.batch_norm(tf.constant(x))
      assert _names(graph) == ["BatchNorm/beta:0", "BatchNorm/moving_mean:0",
                               "BatchNorm/moving_variance:0"]
      assert _names(graph, KEYS.MODEL_VARIABLES) == _names(graph)
      assert _names(graph, KEYS.TRAINABLE_VARIABLES) == ["BatchNorm/beta:0"]
      updates = graph.get_collection(KEYS.UPDATE_OPS)
      assert len(updates) == 2
      moving_mean = V1.global_variables()[1]
      got, mean = _run(graph, [out, moving_mean], run_first=updates)
    flat = x.reshape([-1, 3])
    want = (x - flat.mean(0)) / np.sqrt(flat.var(0) + 0.001)
    np.testing.assert_allclose(got, want, atol=1e-4)
    np.testing.assert_allclose(mean, 0.001 * flat.mean(0), atol=1e-5)

  def test_inline_updates_scale_and_rank2_bessel_variance(self):
    x = np.random.default_rng(3).normal(size=[6, 4]).astype(np.float32)
    graph = tf.Graph()
    with graph.as_default():
      out = layers.batch_norm(tf.constant(x), scale=True, decay=0.5,
                              updates_collections=None)
      assert not graph.get_collection(KEYS.UPDATE_OPS)
      assert "BatchNorm/gamma:0" in _names(graph)
      variance = [v for v in V1.global_variables()
                  if v.op.name == "BatchNorm/moving_variance"][0]
      with V1.Session() as session:
        session.run(V1.global_variables_initializer())
        session.run(out)
        got_variance = session.run(variance)
    # Fused kernel: moving variance gets the Bessel-corrected batch variance.
    np.testing.assert_allclose(got_variance, 0.5 + 0.5 * x.var(0, ddof=1),
                               atol=1e-5)

  def test_custom_updates_collection_and_inference(self):
    graph = tf.Graph()
    with graph.as_default():
      layers.batch_norm(tf.ones([4, 3]), updates_collections="my_updates")
      assert not graph.get_collection(KEYS.UPDATE_OPS)
      assert len(graph.get_collection("my_updates")) == 2
      out = layers.batch_norm(tf.fill([4, 3], 2.0), is_training=False,
                              scope="frozen")
      got = _run(graph, out)
    np.testing.assert_allclose(got, np.full([4, 3], 2.0 / np.sqrt(1.001)),
                               atol=1e-5)

  def test_unsupported_arguments_raise(self):
    with tf.Graph().as_default():
      with pytest.raises(NotImplementedError, match="zero_debias_moving_mean"):
        layers.batch_norm(tf.ones([4, 3]), zero_debias_moving_mean=True)
      with pytest.raises(ValueError, match="data_format"):
        layers.batch_norm(tf.ones([4, 3]), data_format="NWC")


class TestLayerNormEmbeddingOneHot:

  def test_layer_norm_matches_numpy(self):
    x = np.random.default_rng(4).normal(size=[3, 2, 5]).astype(np.float32)
    graph = tf.Graph()
    with graph.as_default():
      out = layers.layer_norm(tf.constant(x), begin_norm_axis=1)
      assert _names(graph) == ["LayerNorm/beta:0", "LayerNorm/gamma:0"]
      got = _run(graph, out)
    flat = x.reshape([3, -1])
    want = ((flat - flat.mean(1, keepdims=True))
            / np.sqrt(flat.var(1, keepdims=True) + 1e-12)).reshape(x.shape)
    np.testing.assert_allclose(got, want, atol=1e-4)

  def test_embed_sequence(self):
    ids = np.array([[1, 2, 2], [0, 4, 1]], np.int32)
    graph = tf.Graph()
    with graph.as_default():
      plain = layers.embed_sequence(ids, vocab_size=5, embed_dim=3)
      unique = layers.embed_sequence(ids, vocab_size=5, embed_dim=3,
                                     unique=True, scope="EmbedSequence",
                                     reuse=True)
      assert plain.shape.as_list() == [2, 3, 3]
      assert _names(graph) == ["EmbedSequence/embeddings:0"]
      assert _names(graph, KEYS.MODEL_VARIABLES) == _names(graph)
      got_plain, got_unique, table = _run(
          graph, [plain, unique, V1.global_variables()[0]])
    np.testing.assert_allclose(got_plain, table[ids])
    np.testing.assert_allclose(got_unique, table[ids])
    with pytest.raises(ValueError, match="vocab_size and embed_dim"):
      with tf.Graph().as_default():
        layers.embed_sequence(ids, vocab_size=5)

  def test_one_hot_encoding(self):
    with tf.Graph().as_default():
      out = layers.one_hot_encoding(tf.constant([0, 2]), 3)
      np.testing.assert_array_equal(_run(tf.compat.v1.get_default_graph(), out),
                                    [[1, 0, 0], [0, 0, 1]])


class TestArgScopeIntegration:

  def test_arg_scope_sets_defaults_and_call_site_wins(self):
    graph = tf.Graph()
    with graph.as_default():
      with framework.arg_scope([layers.fully_connected], activation_fn=None,
                               biases_initializer=None):
        layers.fully_connected(tf.ones([2, 3]), 4, scope="a")
        layers.fully_connected(tf.ones([2, 3]), 4, scope="b",
                               biases_initializer=V1.zeros_initializer())
      layers.fully_connected(tf.ones([2, 3]), 4, scope="c")
    assert _names(graph) == ["a/weights:0", "b/weights:0", "b/biases:0",
                             "c/weights:0", "c/biases:0"]


def test_unknown_contrib_layers_name_fails_clearly():
  with pytest.raises(not_provided.NotProvidedError,
                     match=r"optimize_loss is not provided.*clip_by_global_norm"):
    getattr(layers, "optimize_loss")
  with pytest.raises(not_provided.NotProvidedError,
                     match=r"tf\.contrib\.layers rebuilds only"):
    getattr(layers, "no_such_layer")
