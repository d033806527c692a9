"""GLSTMCell: numpy recomputation of the groups, TF1 names and shapes, the
divisibility errors."""

import numpy as np
import pytest
import tensorflow as tf

from tests.contrib import rnn_testing as rt
from tf1_compat import rnn
from tf1_compat.contrib import rnn as contrib_rnn

V1 = tf.compat.v1


def test_groups_with_projection_match_numpy():
  rng = np.random.default_rng(0)
  x = rng.normal(size=[3, 6]).astype(np.float32)
  c0 = rng.normal(size=[3, 4]).astype(np.float32)
  m0 = rng.normal(size=[3, 2]).astype(np.float32)

  def build():
    with V1.variable_scope("root", initializer=V1.random_uniform_initializer(
        -0.5, 0.5, seed=3)):
      cell = contrib_rnn.GLSTMCell(4, num_proj=2, number_of_groups=2,
                                   forget_bias=0.5, activation=tf.nn.relu)
      return cell(tf.constant(x), rnn.LSTMStateTuple(tf.constant(c0),
                                                     tf.constant(m0)))
  (output, state), w = rt.run(build)
  prefix = "root/glstm_cell/"
  assert {n: v.shape for n, v in w.items()} == {
      prefix + "group0/kernel": (4, 8), prefix + "group1/kernel": (4, 8),
      prefix + "bias_i": (4,), prefix + "bias_j": (4,),
      prefix + "bias_f": (4,), prefix + "bias_o": (4,),
      prefix + "projection/kernel": (4, 2)}
  assert list(w)[:3] == [prefix + "group0/kernel", prefix + "group1/kernel",
                         prefix + "bias_i"]
  gates = [[], [], [], []]
  for g in range(2):
    z = np.concatenate([x[:, 3 * g:3 * g + 3], m0[:, g:g + 1]], 1) @ w[
        prefix + "group%d/kernel" % g]
    for parts, part in zip(gates, np.split(z, 4, axis=1)):
      parts.append(part)
  i, j, f, o = (np.concatenate(parts, 1) + w[prefix + "bias_" + name]
                for parts, name in zip(gates, "ijfo"))
  c = rt.sigmoid(f + 0.5) * c0 + rt.sigmoid(i) * np.tanh(j)
  m = (rt.sigmoid(o) * np.maximum(c, 0)) @ w[prefix + "projection/kernel"]
  np.testing.assert_allclose(state.c, c, rtol=1e-5, atol=1e-6)
  np.testing.assert_allclose(output, m, rtol=1e-5, atol=1e-6)
  np.testing.assert_allclose(state.h, m, rtol=1e-5, atol=1e-6)


def test_one_group_is_an_lstm_cell():
  x = rt.ROWS_1_2_3

  def build():
    with rt.constant_scope("root"):
      state = rnn.LSTMStateTuple(tf.fill([3, 3], 0.1), tf.fill([3, 3], -0.2))
      return (contrib_rnn.GLSTMCell(3)(tf.constant(x), state),
              rnn.LSTMCell(3)(tf.constant(x), state))
  (glstm, lstm), _ = rt.run(build)
  np.testing.assert_allclose(glstm[0], lstm[0], rtol=1e-6)
  np.testing.assert_allclose(glstm[1].c, lstm[1].c, rtol=1e-6)


def test_sizes_not_divisible_into_groups_raise():
  with pytest.raises(ValueError, match="GLSTMCell: num_units must be "
                     "divisible by number_of_groups; got num_units=5"):
    contrib_rnn.GLSTMCell(5, number_of_groups=2)
  with pytest.raises(ValueError, match="num_proj must be divisible"):
    contrib_rnn.GLSTMCell(4, num_proj=3, number_of_groups=2)
  cell = contrib_rnn.GLSTMCell(4, number_of_groups=2)
  with tf.Graph().as_default():
    state = cell.zero_state(2, tf.float32)
    with pytest.raises(ValueError, match="input size must be statically "
                       "known: cell 'glstm_cell'"):
      cell(V1.placeholder(tf.float32, [2, None]), state)
    with pytest.raises(ValueError, match=r"input size \(3\) must be divisible "
                       r"by number_of_groups \(2\)"):
      cell(tf.zeros([2, 3]), state)
    assert not cell.built
