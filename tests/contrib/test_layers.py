"""contrib.layers: contrib's defaults and names, recomputed in numpy."""

import importlib

import numpy as np
import pytest
import tensorflow as tf

from tf1_compat.contrib import framework
from tf1_compat.contrib import layers
from tf1_compat.framework import not_provided

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
      with pytest.raises(ValueError, match=r"^Convolution expects input with "
                         r"rank 4, got 3 \(convolution2d: input ones.*"
                         r"\(2, 9, 3\)"):
        layers.conv2d(tf.ones([2, 9, 3]), 4, 3)
      with pytest.raises(ValueError, match=r"^Convolution not supported for "
                         r"input with rank 2"):
        layers.convolution(tf.ones([2, 9]), 4, 3)
      with pytest.raises(ValueError, match=r"^Invalid data_format: 'HWCN'"):
        layers.conv2d(tf.ones([2, 9, 9, 3]), 4, 3, data_format="HWCN")
      with pytest.raises(ValueError, match=r"^data_format has to be either "
                         r"NCHW or NHWC\. \(conv2d_transpose got 'CHWN'\)"):
        layers.conv2d_transpose(tf.ones([2, 4, 4, 3]), 5, 3,
                                data_format="CHWN")

  def test_pooling_defaults_and_flatten(self):
    with tf.Graph().as_default():
      x = tf.ones([2, 7, 7, 3])
      assert layers.max_pool2d(x, [2, 2]).shape.as_list() == [2, 3, 3, 3]
      assert layers.avg_pool2d(x, 3, stride=1,
                               padding="SAME").shape.as_list() == [2, 7, 7, 3]
      assert layers.flatten(x).shape.as_list() == [2, 147]

  def test_pooling_ops_sit_in_the_scope_and_match_numpy(self):
    x = np.random.default_rng(5).normal(size=[2, 4, 6, 3]).astype(np.float32)
    graph = tf.Graph()
    with graph.as_default():
      biggest = layers.max_pool2d(tf.constant(x), [2, 2])
      mean = layers.avg_pool2d(tf.constant(x), [2, 3], stride=[2, 3],
                               scope="pool1")
      assert biggest.op.name == "MaxPool2D/MaxPool"
      assert mean.op.name == "pool1/AvgPool"
      got_max, got_mean = _run(graph, [biggest, mean])
    np.testing.assert_array_equal(
        got_max, x.reshape(2, 2, 2, 3, 2, 3).max(axis=(2, 4)))
    np.testing.assert_allclose(
        got_mean, x.reshape(2, 2, 2, 2, 3, 3).mean(axis=(2, 4)), rtol=1e-5)

  def test_pool3d_channels_first_is_transposed_around_the_op(self):
    cube = np.random.default_rng(6).normal(size=[2, 3, 4, 4, 2])  # NCDHW
    cube = cube.astype(np.float32)
    graph = tf.Graph()
    with graph.as_default():
      mean = layers.avg_pool3d(tf.constant(cube), [2, 2, 2],
                               data_format="NCDHW")
      biggest = layers.max_pool3d(tf.constant(cube.transpose(0, 2, 3, 4, 1)), 2,
                                  scope="p3")
      assert mean.op.name == "AvgPool3D/transpose_1"
      assert biggest.op.name == "p3/MaxPool3D"
      assert mean.shape.as_list() == [2, 3, 2, 2, 1]
      got_mean, got_max = _run(graph, [mean, biggest])
    blocks = cube.reshape(2, 3, 2, 2, 2, 2, 1, 2)
    np.testing.assert_allclose(got_mean, blocks.mean(axis=(3, 5, 7)),
                               rtol=1e-5)
    np.testing.assert_array_equal(
        got_max, blocks.max(axis=(3, 5, 7)).transpose(0, 2, 3, 4, 1))

  def test_pooling_data_format_errors_start_with_tf1_wording(self):
    with tf.Graph().as_default():
      with pytest.raises(ValueError, match=r"^data_format has to be either "
                         r"NCHW or NHWC\. \(MaxPool2D got 'CHWN'\)"):
        layers.max_pool2d(tf.ones([1, 4, 4, 1]), 2, data_format="CHWN")
      with pytest.raises(ValueError, match=r"^data_format has to be either "
                         r"NCDHW or NDHWC\. \(AvgPool3D got 'NHWC'\)"):
        layers.avg_pool3d(tf.ones([1, 4, 4, 4, 1]), 2, data_format="NHWC")

  def test_flatten_of_a_vector_and_of_a_scalar(self):
    graph = tf.Graph()
    with graph.as_default():
      column = layers.flatten(tf.constant([1.0, 2.0, 3.0]))
      assert column.shape.as_list() == [3, 1]
      with pytest.raises(ValueError, match="expected min_ndim=1, found ndim=0"):
        layers.flatten(tf.constant(1.0))
      np.testing.assert_array_equal(_run(graph, column), [[1.0], [2.0], [3.0]])

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


class TestLegacyFullyConnected:

  def test_names_collections_and_rank3_numbers(self):
    x = np.random.default_rng(7).normal(size=[2, 4, 3]).astype(np.float32)
    graph = tf.Graph()
    with graph.as_default():
      linear = layers.legacy_fully_connected(tf.constant(x), 5)
      rectified = layers.legacy_relu(tf.constant(x), 5,
                                     output_collections=["mine"])
      assert _names(graph) == [
          "fully_connected/weights:0", "fully_connected/bias:0",
          "fully_connected_1/weights:0", "fully_connected_1/bias:0"]
      assert _names(graph, KEYS.WEIGHTS) == [
          "fully_connected/weights:0", "fully_connected_1/weights:0"]
      assert _names(graph, KEYS.BIASES) == [
          "fully_connected/bias:0", "fully_connected_1/bias:0"]
      assert not graph.get_collection(KEYS.MODEL_VARIABLES)
      assert graph.get_collection(KEYS.ACTIVATIONS) == [linear, rectified]
      assert graph.get_collection("mine") == [rectified]
      assert linear.shape.as_list() == [2, 4, 5]
      got = _run(graph, {"linear": linear, "rectified": rectified,
                         "vars": _values(V1.global_variables())})
    v = got["vars"]
    np.testing.assert_allclose(
        got["linear"], x @ v["fully_connected/weights"]
        + v["fully_connected/bias"], atol=1e-5)
    np.testing.assert_allclose(
        got["rectified"], np.maximum(x @ v["fully_connected_1/weights"]
                                     + v["fully_connected_1/bias"], 0),
        atol=1e-5)

  def test_a_regularizer_runs_once_per_variable_and_its_loss_is_kept(self):
    graph = tf.Graph()
    with graph.as_default():
      calls = []
      constant_loss = tf.constant(5.0)

      def regularizer(variable):
        calls.append(variable.op.name)
        return constant_loss

      x = tf.ones([2, 3])
      layers.legacy_fully_connected(x, 2, weight_regularizer=regularizer,
                                    name="fc")
      with V1.variable_scope(V1.get_variable_scope(), reuse=True):
        layers.legacy_fully_connected(x, 2, weight_regularizer=regularizer,
                                      name="fc")
      layers.legacy_linear(x, 2, bias_regularizer=layers.l2_regularizer(0.5),
                           bias_init=V1.constant_initializer(2.0), name="l2")
      losses = graph.get_collection(KEYS.REGULARIZATION_LOSSES)
      assert calls == ["fc/weights"]
      assert losses[0] is constant_loss and len(losses) == 2
      assert losses[1].op.name.startswith("l2/bias/Regularizer/")
      # l2_regularizer(0.5) is 0.5 * sum(b ** 2) / 2 over two biases of 2.
      np.testing.assert_allclose(_run(graph, losses[1]), 2.0)

  def test_errors_start_with_tf1_wording(self):
    with tf.Graph().as_default():
      with pytest.raises(ValueError, match=r"^rank of x must be at least 2 "
                         r"not: 1"):
        layers.legacy_fully_connected(tf.ones([3]), 2)
      with pytest.raises(ValueError, match=r"^last dimension of x must be "
                         r"known but is None"):
        layers.legacy_fully_connected(V1.placeholder(tf.float32, [2, None]), 2)
      with pytest.raises(ValueError, match=r"^dims of x must be known"):
        layers.legacy_fully_connected(V1.placeholder(tf.float32), 2)


def test_relu_relu6_and_elu_are_fully_connected_with_that_activation():
  x = np.random.default_rng(8).normal(size=[4, 3]).astype(np.float32) * 4
  graph = tf.Graph()
  with graph.as_default():
    outs = [layers.relu(tf.constant(x), 6), layers.relu6(tf.constant(x), 6),
            layers.elu(tf.constant(x), 6)]
    assert _names(graph, KEYS.MODEL_VARIABLES)[::2] == [
        "fully_connected/weights:0", "fully_connected_1/weights:0",
        "fully_connected_2/weights:0"]
    got = _run(graph, {"outs": outs, "vars": _values(V1.global_variables())})
  v = got["vars"]
  pre = [x @ v["fully_connected%s/weights" % suffix]
         + v["fully_connected%s/biases" % suffix] for suffix in ("", "_1", "_2")]
  np.testing.assert_allclose(got["outs"][0], np.maximum(pre[0], 0), atol=1e-5)
  np.testing.assert_allclose(got["outs"][1], np.clip(pre[1], 0, 6), atol=1e-5)
  np.testing.assert_allclose(got["outs"][2], np.where(
      pre[2] > 0, pre[2], np.expm1(np.minimum(pre[2], 0))), atol=1e-5)


def test_tf_slims_pool_bias_add_poincare_normalize_and_inner_flatten():
  x = np.random.default_rng(9).normal(size=[2, 4, 4, 3]).astype(np.float32)
  graph = tf.Graph()
  with graph.as_default():
    dilated = layers.pool(tf.constant(x), [2, 2], "AVG", padding="VALID",
                          dilation_rate=[2, 2])
    shifted = layers.bias_add(tf.constant(x),
                              initializer=V1.constant_initializer(0.5))
    assert _names(graph, KEYS.MODEL_VARIABLES) == ["BiasAdd/biases:0"]
    unit = layers.poincare_normalize(tf.constant(x[:, 0, 0]), axis=1,
                                     epsilon=0.1)
    flat = layers._inner_flatten(tf.constant(x), 2)  # pylint: disable=protected-access
    assert flat.shape.as_list() == [2, 48]
    got = _run(graph, [dilated, shifted, unit, flat])
  # A 2x2 window dilated by 2 covers rows/columns (i, i + 2).
  want = (x[:, :2, :2] + x[:, 2:, :2] + x[:, :2, 2:] + x[:, 2:, 2:]) / 4
  np.testing.assert_allclose(got[0], want, rtol=1e-5, atol=1e-6)
  np.testing.assert_allclose(got[1], x + 0.5, rtol=1e-6)
  rows = x[:, 0, 0]
  norms = np.linalg.norm(rows, axis=1, keepdims=True)
  np.testing.assert_allclose(got[2], rows * np.minimum(0.9 / norms, 1.0),
                             rtol=1e-5)
  np.testing.assert_array_equal(got[3], x.reshape(2, 48))


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

  def test_errors_start_with_tf1_wording(self):
    with tf.Graph().as_default():
      with pytest.raises(ValueError, match=r"^data_format has to be either "
                         r"NCHW or NHWC\. \(batch_norm got 'NWC'\)"):
        layers.batch_norm(tf.ones([4, 3]), data_format="NWC")
      with pytest.raises(ValueError, match=r"^Inputs Placeholder:0 has "
                         r"undefined rank"):
        layers.batch_norm(V1.placeholder(tf.float32))
      with pytest.raises(ValueError, match=r"has undefined channels dimension "
                         r"\(None,\).*\(5, 3, 3, None\)"):
        layers.batch_norm(V1.placeholder(tf.float32, [5, 3, 3, None]))
      with pytest.raises(ValueError, match=r"^renorm is not supported with "
                         r"batch_weights.*'BatchNorm_\d'"):
        layers.batch_norm(tf.ones([4, 2, 2, 3]), renorm=True,
                          batch_weights=tf.ones([4]))


  @pytest.mark.parametrize("fused", [False, True])
  def test_zero_debiased_moving_mean(self, fused):
    """TF1's `zero_debias`: `biased / (1 - decay ** step)`, so the moving mean
    is the batch mean from the first update; in-place updates."""
    x = np.random.default_rng(10).random([6, 2, 2, 3]).astype(np.float32)
    graph = tf.Graph()
    with graph.as_default():
      out = layers.batch_norm(tf.constant(x), decay=0.5,
                              updates_collections=None,
                              zero_debias_moving_mean=True, fused=fused)
      state = _values(V1.global_variables())
      assert sorted(state) == [
          "BatchNorm/BatchNorm/moving_mean/biased",
          "BatchNorm/BatchNorm/moving_mean/local_step", "BatchNorm/beta",
          "BatchNorm/moving_mean", "BatchNorm/moving_variance"]
      # Only the composite path makes its helper variables model variables,
      # as TF1's custom getter did.
      assert len(graph.get_collection(KEYS.MODEL_VARIABLES)) == (3 if fused
                                                                 else 5)
      with V1.Session() as session:
        session.run(V1.global_variables_initializer())
        for _ in range(3):
          got = session.run(out)
        state = session.run(state)
    flat = x.reshape([-1, 3])
    mean, variance = flat.mean(0), flat.var(0)
    np.testing.assert_allclose(got, (x - mean) / np.sqrt(variance + 0.001),
                               atol=1e-4)
    assert state["BatchNorm/BatchNorm/moving_mean/local_step"] == 3
    np.testing.assert_allclose(state["BatchNorm/BatchNorm/moving_mean/biased"],
                               mean * (1 - 0.5 ** 3), rtol=1e-5)
    np.testing.assert_allclose(state["BatchNorm/moving_mean"], mean, rtol=1e-5)
    folded = flat.var(0, ddof=1) if fused else variance
    np.testing.assert_allclose(state["BatchNorm/moving_variance"],
                               0.5 ** 3 + (1 - 0.5 ** 3) * folded, rtol=1e-5)

  def test_batch_weights_give_weighted_moments(self):
    x = np.random.default_rng(11).normal(size=[4, 2, 3]).astype(np.float32)
    weights = np.array([1.0, 3.0, 0.0, 2.0], np.float32)
    graph = tf.Graph()
    with graph.as_default():
      out = layers.batch_norm(tf.constant(x), decay=0.9,
                              batch_weights=tf.constant(weights))
      updates = graph.get_collection(KEYS.UPDATE_OPS)
      assert [u.name.split("/")[:2] for u in updates] == [
          ["BatchNorm", "AssignMovingAvg"], ["BatchNorm", "AssignMovingAvg_1"]]
      moving_mean = _values(V1.global_variables())["BatchNorm/moving_mean"]
      got, got_mean = _run(graph, [out, moving_mean], run_first=updates)
    w = np.broadcast_to(weights[:, None, None], x.shape)
    mean = (w * x).sum((0, 1)) / w.sum((0, 1))
    variance = (w * (x - mean) ** 2).sum((0, 1)) / w.sum((0, 1))
    np.testing.assert_allclose(got, (x - mean) / np.sqrt(variance + 0.001),
                               atol=1e-4)
    np.testing.assert_allclose(got_mean, 0.1 * mean, atol=1e-6)

  def test_is_training_variable_through_tf1s_variables_module(self):
    """TF 1.15's tests pass `variables.VariableV1(True)` as `is_training`; the
    name TF 2.21 moved is restored as `tf.compat.v1.Variable`."""
    variables = importlib.import_module("tensorflow.python.ops.variables")
    assert variables.VariableV1 is V1.Variable
    x = np.random.default_rng(12).random([6, 2, 2, 3]).astype(np.float32)
    graph = tf.Graph()
    with graph.as_default():
      training = variables.VariableV1(True)
      out = layers.batch_norm(tf.constant(x), is_training=training,
                              data_format="NCHW", fused=False)
      with V1.Session() as session:
        session.run(V1.global_variables_initializer())
        batch = session.run(out)
        training.load(False, session)
        moving = session.run(out)
    mean = x.mean((0, 2, 3), keepdims=True)
    variance = x.var((0, 2, 3), keepdims=True)
    np.testing.assert_allclose(batch, (x - mean) / np.sqrt(variance + 0.001),
                               atol=1e-4)
    np.testing.assert_allclose(moving, x / np.sqrt(1.001), atol=1e-5)

  def test_adjustment_and_renorm_reach_the_layer(self):
    x = np.random.default_rng(13).normal(size=[8, 3]).astype(np.float32)
    graph = tf.Graph()
    with graph.as_default():
      shapes = []

      def adjustment(shape):
        shapes.append(shape)
        return tf.constant(2.0), tf.constant(0.5)

      adjusted = layers.batch_norm(tf.constant(x), adjustment=adjustment)
      assert len(shapes) == 1
      layers.batch_norm(tf.constant(x), renorm=True, scope="renorm")
      assert {"renorm/renorm_mean:0", "renorm/renorm_stddev:0",
              "renorm/moving_stddev:0"} <= set(_names(graph))
      got = _run(graph, adjusted)
    normalized = (x - x.mean(0)) / np.sqrt(x.var(0) + 0.001)
    np.testing.assert_allclose(got, 2.0 * normalized + 0.5, atol=1e-4)

  def test_fused_path_regularizers_act_once_as_in_tf1(self):
    graph = tf.Graph()
    with graph.as_default():
      calls = []

      def regularizer(variable):
        calls.append(variable.op.name)
        return tf.reduce_sum(variable) * 3.0

      for reuse in (None, True):
        layers.batch_norm(tf.ones([4, 3]), scale=True, scope="bn", reuse=reuse,
                          param_initializers={"gamma": V1.constant_initializer(
                              2.0)}, param_regularizers={"gamma": regularizer})
      losses = graph.get_collection(KEYS.REGULARIZATION_LOSSES)
      assert calls == ["bn/gamma"] and len(losses) == 1
      np.testing.assert_allclose(_run(graph, losses[0]), 18.0)


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

  def test_layer_norm_errors_start_with_tf1_wording(self):
    with tf.Graph().as_default():
      with pytest.raises(ValueError, match=r"^Inputs Placeholder:0 has "
                         r"undefined rank"):
        layers.layer_norm(V1.placeholder(tf.float32))
      with pytest.raises(ValueError, match=r"^Inputs Placeholder_1:0: "
                         r"shape\(inputs\)\[-1:\] is not fully defined: "
                         r"\(5, None\)"):
        layers.layer_norm(V1.placeholder(tf.float32, [5, None]))
      with pytest.raises(ValueError, match=r"must be < rank\(inputs\) \(2\)"):
        layers.layer_norm(tf.ones([2, 3]), begin_norm_axis=2)

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
  # TF 1.15's target columns (`multi_class_target`, deprecated there) are not
  # rebuilt; the feature columns are.
  assert callable(layers.real_valued_column)
  for name in ("multi_class_target", "no_such_layer"):
    with pytest.raises(not_provided.NotProvidedError,
                       match=r"tf\.contrib\.layers provides only"):
      getattr(layers, name)
