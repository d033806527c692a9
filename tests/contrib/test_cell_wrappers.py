"""AttentionCellWrapper and HighwayWrapper: TF 1.15's rnn_cell_test cases,
numpy recomputation of the attention step, variable names."""

import numpy as np
import pytest
import tensorflow as tf

from tests.contrib import rnn_testing as rt
from tf1_compat import rnn
from tf1_compat.contrib import rnn as contrib_rnn

V1 = tf.compat.v1


def test_attention_wrapper_refuses_what_tf_1_15_refused():
  with tf.Graph().as_default():
    with pytest.raises(TypeError, match="is not an RNNCell"):
      contrib_rnn.AttentionCellWrapper(None, 0)
    for state_is_tuple in (False, True):
      lstm = rnn.BasicLSTMCell(8, state_is_tuple=state_is_tuple)
      with pytest.raises(ValueError, match="attn_length should be greater "
                         "than zero, got -1"):
        contrib_rnn.AttentionCellWrapper(lstm, -1,
                                         state_is_tuple=state_is_tuple)
    with pytest.raises(ValueError, match="Cell returns tuple of states, but "
                       "the flag state_is_tuple is not set"):
      contrib_rnn.AttentionCellWrapper(rnn.BasicLSTMCell(8), 4,
                                       state_is_tuple=False)


@pytest.mark.parametrize("state_is_tuple", [False, True])
def test_attention_wrapper_keeps_zeros_zero(state_is_tuple):
  def build():
    lstm = rnn.BasicLSTMCell(8, state_is_tuple=state_is_tuple)
    cell = contrib_rnn.AttentionCellWrapper(lstm, 16,
                                            state_is_tuple=state_is_tuple)
    output, state = cell(tf.zeros([3, 4]), cell.zero_state(3, tf.float32))
    assert output.shape == (3, 8)
    if state_is_tuple:
      assert state[1].shape == (3, 8) and state[2].shape == (3, 16 * 8)
    else:
      assert state.shape == (3, 8 * 2 + 8 + 16 * 8)
    return sum(tf.reduce_sum(tf.abs(t)) for t in tf.nest.flatten(
        (output, state)))
  assert rt.run(build)[0] < 1e-6


def test_attention_wrapper_step_matches_numpy():
  rng = np.random.default_rng(0)
  units, length, batch = 3, 4, 2
  x = rng.normal(size=[batch, 5]).astype(np.float32)
  c0, h0, attns0 = (rng.normal(size=[batch, units]).astype(np.float32)
                    for _ in range(3))
  window0 = rng.normal(size=[batch, length * units]).astype(np.float32)

  def build():
    cell = contrib_rnn.AttentionCellWrapper(rnn.BasicLSTMCell(units), length,
                                            attn_vec_size=6)
    output, state = cell(tf.constant(x), (
        rnn.LSTMStateTuple(tf.constant(c0), tf.constant(h0)),
        tf.constant(attns0), tf.constant(window0)))
    return output, state
  (output, (lstm_state, attns, window)), w = rt.run(build)
  p = "attention_cell_wrapper/"
  assert sorted(w) == sorted(p + n for n in (
      "kernel", "bias", "basic_lstm_cell/kernel", "basic_lstm_cell/bias",
      "attention/attn_w", "attention/attn_v", "attention/kernel",
      "attention/bias", "attn_output_projection/kernel",
      "attn_output_projection/bias"))
  cell_input = np.concatenate([x, attns0], 1) @ w[p + "kernel"] + w[p + "bias"]
  i, j, f, o = np.split(np.concatenate([cell_input, h0], 1)
                        @ w[p + "basic_lstm_cell/kernel"], 4, axis=1)
  c = c0 * rt.sigmoid(f + 1.0) + rt.sigmoid(i) * np.tanh(j)
  h = np.tanh(c) * rt.sigmoid(o)
  np.testing.assert_allclose(lstm_state.c, c, rtol=1e-5, atol=1e-6)
  hidden = window0.reshape(batch, length, units)
  features = hidden @ w[p + "attention/attn_w"][0, 0]
  y = np.concatenate([c, h], 1) @ w[p + "attention/kernel"]
  scores = (w[p + "attention/attn_v"] * np.tanh(features + y[:, None])).sum(-1)
  weights = np.exp(scores) / np.exp(scores).sum(1, keepdims=True)
  read = (weights[..., None] * hidden).sum(1)
  np.testing.assert_allclose(attns, read, rtol=1e-5, atol=1e-6)
  want = np.concatenate([h, read], 1) @ w[p + "attn_output_projection/kernel"]
  np.testing.assert_allclose(output, want, rtol=1e-5, atol=1e-6)
  np.testing.assert_allclose(window, np.concatenate(
      [hidden[:, 1:], want[:, None]], 1).reshape(batch, -1), rtol=1e-5,
                             atol=1e-6)


def test_attention_wrapper_runs_under_dynamic_rnn():
  def build():
    cell = contrib_rnn.AttentionCellWrapper(rnn.GRUCell(4), 3)
    outputs, _ = V1.nn.dynamic_rnn(cell, tf.ones([2, 5, 3]), dtype=tf.float32)
    return outputs
  outputs, weights = rt.run(build)
  assert outputs.shape == (2, 5, 4)
  assert "rnn/attention_cell_wrapper/gru_cell/gates/kernel" in weights


def test_highway_wrapper_with_a_closed_transform_gate_passes_the_input():
  def build():
    x, m = tf.constant([[1., 1., 1.]]), tf.constant([[0.1, 0.1, 0.1]])
    with rt.constant_scope("base_cell"):
      output, state = rnn.GRUCell(3)(x, m)
    with rt.constant_scope("hw_cell"):
      hw_output, hw_state = contrib_rnn.HighwayWrapper(
          rnn.GRUCell(3), carry_bias_init=-100.0)(x, m)
    return output, hw_output, state, hw_state
  (output, hw_output, state, hw_state), weights = rt.run(build)
  np.testing.assert_allclose(hw_output, output)
  np.testing.assert_allclose(hw_state, state)
  assert [n for n in weights if n.startswith("hw_cell")] == [
      "hw_cell/gru_cell/gates/kernel", "hw_cell/gru_cell/gates/bias",
      "hw_cell/gru_cell/candidate/kernel", "hw_cell/gru_cell/candidate/bias",
      "hw_cell/carry_w", "hw_cell/carry_b"]


def test_uncoupled_highway_wrapper_matches_numpy():
  x = np.array([[0.5, -1.0]], np.float32)
  h = np.array([[0.2, 0.3]], np.float32)

  def build():
    cell = contrib_rnn.HighwayWrapper(rnn.BasicRNNCell(2),
                                      couple_carry_transform_gates=False,
                                      carry_bias_init=0.5)
    output, _ = cell(tf.constant(x), tf.constant(h))
    assert len(cell.trainable_weights) == 6
    return output
  output, w = rt.run(build)
  inner = np.tanh(np.concatenate([x, h], 1) @ w["basic_rnn_cell/kernel"])
  carry = rt.sigmoid(x @ w["carry_w"] + 0.5)
  transform = rt.sigmoid(x @ w["transform_w"] - 0.5)
  np.testing.assert_allclose(output, x * carry + inner * transform, rtol=1e-5)
