"""LayerNormBasicLSTMCell: numpy math, TF1 names, the Glorot-bias quirk, dropout."""

import numpy as np
import pytest
import tensorflow as tf

from tf1_compat import rnn
from tf1_compat.contrib import rnn as contrib_rnn

V1 = tf.compat.v1


def _sigmoid(x):
  return 1.0 / (1.0 + np.exp(-x))


def _layer_norm(x, gamma, beta):
  mean = x.mean(axis=1, keepdims=True)
  variance = x.var(axis=1, keepdims=True)
  return (x - mean) / np.sqrt(variance + 1e-12) * gamma + beta


def _run(graph, fetches, feed_dict=None):
  with V1.Session(graph=graph) as session:
    session.run(V1.global_variables_initializer())
    return session.run(fetches, feed_dict=feed_dict)


def _shapes(graph):
  return {v.name: v.shape.as_list()
          for v in graph.get_collection(V1.GraphKeys.GLOBAL_VARIABLES)}


class TestLayerNormBasicLSTMCell:

  def _step(self, **kwargs):
    rng = np.random.default_rng(0)
    x, c, h = (rng.normal(size=[3, s]).astype(np.float32) for s in (2, 4, 4))
    graph = tf.Graph()
    with graph.as_default():
      V1.set_random_seed(0)
      with V1.variable_scope("root"):
        cell = contrib_rnn.LayerNormBasicLSTMCell(4, **kwargs)
        output, state = cell(tf.constant(x), rnn.LSTMStateTuple(
            tf.constant(c), tf.constant(h)))
      values = _run(graph, {"output": output, "state": state,
                            "vars": {v.op.name: v for v in cell.weights}})
    return x, c, h, values, _shapes(graph)

  def test_matches_numpy_with_norm_gain_and_shift(self):
    x, c, h, got, shapes = self._step(forget_bias=0.5, norm_gain=1.5,
                                      norm_shift=0.2)
    v = got["vars"]
    gates = np.concatenate([x, h], 1) @ v["root/layer_norm_basic_lstm_cell/kernel"]
    parts = dict(zip(("input", "transform", "forget", "output"),
                     np.split(gates, 4, axis=1)))
    norm = {name: _layer_norm(
        value, v["root/layer_norm_basic_lstm_cell/%s/gamma" % name],
        v["root/layer_norm_basic_lstm_cell/%s/beta" % name])
            for name, value in parts.items()}
    new_c = (c * _sigmoid(norm["forget"] + 0.5)
             + _sigmoid(norm["input"]) * np.tanh(norm["transform"]))
    new_c = _layer_norm(new_c, v["root/layer_norm_basic_lstm_cell/state/gamma"],
                        v["root/layer_norm_basic_lstm_cell/state/beta"])
    new_h = np.tanh(new_c) * _sigmoid(norm["output"])
    np.testing.assert_allclose(got["state"].c, new_c, atol=1e-4)
    np.testing.assert_allclose(got["output"], new_h, atol=1e-4)
    np.testing.assert_allclose(v["root/layer_norm_basic_lstm_cell/input/gamma"],
                               np.full([4], 1.5))
    np.testing.assert_allclose(v["root/layer_norm_basic_lstm_cell/state/beta"],
                               np.full([4], 0.2))
    assert sorted(shapes) == sorted(
        ["root/layer_norm_basic_lstm_cell/kernel:0"] +
        ["root/layer_norm_basic_lstm_cell/%s/%s:0" % (scope, param)
         for scope in ("input", "transform", "forget", "output", "state")
         for param in ("gamma", "beta")])
    assert shapes["root/layer_norm_basic_lstm_cell/kernel:0"] == [6, 16]

  def test_without_layer_norm_is_a_basic_lstm_with_glorot_bias(self):
    x, c, h, got, shapes = self._step(layer_norm=False)
    v = got["vars"]
    bias = v["root/layer_norm_basic_lstm_cell/bias"]
    assert sorted(shapes) == ["root/layer_norm_basic_lstm_cell/bias:0",
                              "root/layer_norm_basic_lstm_cell/kernel:0"]
    # TF1 quirk: the bias has no initializer of its own, so it is Glorot, not 0.
    assert np.abs(bias).max() > 0
    assert np.abs(bias).max() <= np.sqrt(6.0 / 32) + 1e-6
    i, j, f, o = np.split(np.concatenate([x, h], 1)
                          @ v["root/layer_norm_basic_lstm_cell/kernel"] + bias,
                          4, axis=1)
    new_c = c * _sigmoid(f + 1.0) + _sigmoid(i) * np.tanh(j)
    np.testing.assert_allclose(got["output"], np.tanh(new_c) * _sigmoid(o),
                               atol=1e-5)

  def test_recurrent_dropout_keeps_or_scales_the_candidate(self):
    graph = tf.Graph()
    with graph.as_default():
      keep = V1.placeholder_with_default(1.0, [])
      cell = contrib_rnn.LayerNormBasicLSTMCell(8, dropout_keep_prob=keep,
                                                dropout_prob_seed=1)
      zeros = cell.zero_state(4, tf.float32)
      _, state = cell(tf.ones([4, 3]), zeros)
      with V1.Session() as session:
        session.run(V1.global_variables_initializer())
        kept = session.run(state.c)
        dropped = session.run(state.c, {keep: 0.5})
    assert not np.allclose(kept, dropped)


class TestLayerNormLSTMCell:

  def _step(self, **kwargs):
    rng = np.random.default_rng(1)
    x, c, h = (rng.normal(size=[3, s]).astype(np.float32) for s in (2, 4, 3))
    graph = tf.Graph()
    with graph.as_default():
      V1.set_random_seed(0)
      with V1.variable_scope("root", initializer=V1.random_uniform_initializer(
          -0.5, 0.5, seed=2)):
        cell = contrib_rnn.LayerNormLSTMCell(4, num_proj=3, **kwargs)
        output, state = cell(tf.constant(x), rnn.LSTMStateTuple(
            tf.constant(c), tf.constant(h)))
      values = _run(graph, {"output": output, "state": state,
                            "vars": {v.op.name: v for v in cell.weights}})
    names = [v.op.name for v in graph.get_collection(
        V1.GraphKeys.GLOBAL_VARIABLES)]
    return x, c, h, values, names

  def test_layer_norm_peepholes_clips_and_projection_match_numpy(self):
    x, c, h, got, names = self._step(
        use_peepholes=True, cell_clip=0.7, proj_clip=0.2, forget_bias=0.5,
        layer_norm=True, norm_gain=1.5, norm_shift=0.1)
    p = "root/layer_norm_lstm_cell/"
    assert names == [p + n for n in (
        "kernel", "bias", "input/gamma", "input/beta", "transform/gamma",
        "transform/beta", "forget/gamma", "forget/beta", "output/gamma",
        "output/beta", "w_f_diag", "w_i_diag", "w_o_diag", "state/gamma",
        "state/beta", "projection/kernel")]
    v = got["vars"]
    assert v[p + "kernel"].shape == (5, 16)
    assert v[p + "projection/kernel"].shape == (4, 3)
    # TF1 quirk: the bias exists (zeros) but is not added under layer norm.
    np.testing.assert_array_equal(v[p + "bias"], np.zeros(16))

    def norm(value, scope):
      return _layer_norm(value, v[p + scope + "/gamma"], v[p + scope + "/beta"])
    i, j, f, o = (norm(g, s) for g, s in zip(
        np.split(np.concatenate([x, h], 1) @ v[p + "kernel"], 4, axis=1),
        ("input", "transform", "forget", "output")))
    new_c = (_sigmoid(f + 0.5 + v[p + "w_f_diag"] * c) * c
             + _sigmoid(i + v[p + "w_i_diag"] * c) * np.tanh(j))
    new_c = np.clip(norm(new_c, "state"), -0.7, 0.7)  # Normalized first.
    m = _sigmoid(o + v[p + "w_o_diag"] * new_c) * np.tanh(new_c)
    m = np.clip(m @ v[p + "projection/kernel"], -0.2, 0.2)
    np.testing.assert_allclose(got["state"].c, new_c, atol=1e-5)
    np.testing.assert_allclose(got["output"], m, atol=1e-5)
    np.testing.assert_allclose(got["state"].h, m, atol=1e-5)

  def test_without_layer_norm_is_an_lstm_cell_with_projection(self):
    x, c, h, got, names = self._step(activation=tf.nn.relu)
    p = "root/layer_norm_lstm_cell/"
    assert names == [p + "kernel", p + "bias", p + "projection/kernel"]
    v = got["vars"]
    i, j, f, o = np.split(np.concatenate([x, h], 1) @ v[p + "kernel"]
                          + v[p + "bias"], 4, axis=1)
    new_c = _sigmoid(f + 1.0) * c + _sigmoid(i) * np.maximum(j, 0)
    m = (_sigmoid(o) * np.maximum(new_c, 0)) @ v[p + "projection/kernel"]
    np.testing.assert_allclose(got["output"], m, atol=1e-5)

  def test_state_must_match_the_projection(self):
    cell = contrib_rnn.LayerNormLSTMCell(4, num_proj=3)
    with tf.Graph().as_default():
      with pytest.raises(ValueError, match=r"State of cell 'layer_norm_lstm_"
                         r"cell\w*' has the wrong shape.*\(c=4, h=3\)"):
        cell(tf.zeros([2, 5]), rnn.LSTMStateTuple(tf.zeros([2, 4]),
                                                  tf.zeros([2, 4])))
