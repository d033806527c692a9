"""LayerNormBasicLSTMCell: numpy math, TF1 names, the Glorot-bias quirk, dropout."""

import numpy as np
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
