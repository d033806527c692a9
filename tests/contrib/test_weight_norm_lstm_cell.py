"""WeightNormLSTMCell: TF 1.15's values, numpy recomputation of the weight
normalization, the doubled fixed scope name, reuse."""

import numpy as np
import pytest
import tensorflow as tf

from tests.contrib import rnn_testing as rt
from tf1_compat import rnn
from tf1_compat.contrib import rnn as contrib_rnn

V1 = tf.compat.v1


def _l2_normalize_columns(w):
  return w / np.sqrt(np.maximum((w * w).sum(0, keepdims=True), 1e-12))


def test_peepholes_with_norm_match_tf_1_15():
  def build():
    with rt.constant_scope("root"):
      state = rnn.LSTMStateTuple(tf.constant([[0.0, 0.1]]),
                                 tf.constant([[0.2, 0.3]]))
      return contrib_rnn.WeightNormLSTMCell(2, norm=True, use_peepholes=True)(
          tf.constant([[1.0, 1.0]]), state)
  (_, state), w = rt.run(build)
  np.testing.assert_allclose(state.c, [[0.50125383, 0.59587258]], rtol=1e-5)
  np.testing.assert_allclose(state.h, [[0.35041603, 0.40873795]], rtol=1e-5)
  assert list(w) == ["root/wn_lstm_cell/wn_lstm_cell/" + n for n in (
      "kernel", "norm_0", "norm_1", "bias", "w_f_diag", "w_i_diag",
      "w_o_diag")]


def test_normalized_projection_and_clips_match_numpy_under_dynamic_rnn():
  rng = np.random.default_rng(0)
  x = rng.normal(size=[2, 3, 4]).astype(np.float32)

  def build():
    with V1.variable_scope("root", initializer=V1.random_uniform_initializer(
        -0.5, 0.5, seed=4)):
      cell = contrib_rnn.WeightNormLSTMCell(
          3, num_proj=2, cell_clip=0.6, proj_clip=0.3, forget_bias=0.5)
      return V1.nn.dynamic_rnn(cell, tf.constant(x), dtype=tf.float32)
  (outputs, state), w = rt.run(build)
  p = "root/rnn/wn_lstm_cell/wn_lstm_cell/"
  assert {n: v.shape for n, v in w.items()} == {
      p + "kernel": (6, 12), p + "norm_0": (12,), p + "norm_1": (12,),
      p + "bias": (12,), p + "projection/kernel": (3, 2),
      p + "projection/norm_0": (2,)}
  kernel = np.concatenate([
      _l2_normalize_columns(w[p + "kernel"][:4]) * w[p + "norm_0"],
      _l2_normalize_columns(w[p + "kernel"][4:]) * w[p + "norm_1"]])
  projection = (_l2_normalize_columns(w[p + "projection/kernel"])
                * w[p + "projection/norm_0"])
  c, h = np.zeros([2, 3]), np.zeros([2, 2])
  for t in range(3):
    i, j, f, o = np.split(np.concatenate([x[:, t], h], 1) @ kernel
                          + w[p + "bias"], 4, axis=1)
    c = np.clip(c * rt.sigmoid(f + 0.5) + rt.sigmoid(i) * np.tanh(j), -0.6,
                0.6)
    h = np.clip((rt.sigmoid(o) * np.tanh(c)) @ projection, -0.3, 0.3)
    np.testing.assert_allclose(outputs[:, t], h, rtol=1e-5, atol=1e-6)
  np.testing.assert_allclose(state.c, c, rtol=1e-5, atol=1e-6)


def test_the_fixed_scope_is_shared_by_reuse_and_clashes_without_it():
  with tf.Graph().as_default():
    x = tf.zeros([1, 2])
    state = rnn.LSTMStateTuple(tf.zeros([1, 2]), tf.zeros([1, 2]))
    cell = contrib_rnn.WeightNormLSTMCell(2)
    cell(x, state)
    cell(x, state)  # Its own variables again.
    contrib_rnn.WeightNormLSTMCell(2, reuse=True)(x, state)
    assert len(V1.global_variables()) == 4
    with pytest.raises(ValueError, match="wn_lstm_cell/wn_lstm_cell/kernel "
                       "already exists"):
      contrib_rnn.WeightNormLSTMCell(2)(x, state)
    contrib_rnn.WeightNormLSTMCell(2)(x, state, scope="other")
    assert V1.global_variables()[-1].op.name == (
        "other/wn_lstm_cell/wn_lstm_cell/bias")
