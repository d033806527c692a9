"""LSTMBlockCell / LSTMBlockFusedCell: numpy math, names, checkpoints, gradients."""

import os

import numpy as np
import pytest
import tensorflow as tf

from tf1_compat import rnn
from tf1_compat.contrib import rnn as contrib_rnn

V1 = tf.compat.v1


def _sigmoid(x):
  return 1.0 / (1.0 + np.exp(-x))


def _names(graph):
  return sorted(v.name for v in graph.get_collection(
      V1.GraphKeys.GLOBAL_VARIABLES))


def _numpy_lstm_step(x, c, h, kernel, bias, forget_bias, peepholes=None,
                     clip=None):
  i, j, f, o = np.split(np.concatenate([x, h], 1) @ kernel + bias, 4, axis=1)
  wi, wf, wo = peepholes if peepholes is not None else (0.0, 0.0, 0.0)
  new_c = (_sigmoid(f + forget_bias + wf * c) * c
           + _sigmoid(i + wi * c) * np.tanh(j))
  if clip is not None:
    new_c = np.clip(new_c, -clip, clip)
  new_h = _sigmoid(o + wo * new_c) * np.tanh(new_c)
  return new_c, new_h


@pytest.mark.parametrize("use_peephole,cell_clip", [(False, None), (True, 0.3)])
def test_block_cell_step_matches_numpy(use_peephole, cell_clip):
  rng = np.random.default_rng(0)
  x, c, h = (rng.normal(size=[2, s]).astype(np.float32) for s in (3, 4, 4))
  graph = tf.Graph()
  with graph.as_default():
    V1.set_random_seed(0)
    cell = contrib_rnn.LSTMBlockCell(4, forget_bias=0.7, cell_clip=cell_clip,
                                     use_peephole=use_peephole)
    output, state = cell(tf.constant(x), rnn.LSTMStateTuple(
        tf.constant(c), tf.constant(h)))
    with V1.Session() as session:
      session.run(V1.global_variables_initializer())
      got_output, got_state, weights = session.run(
          [output, state, cell.weights])
  peepholes = weights[2:] if use_peephole else None
  want_c, want_h = _numpy_lstm_step(x, c, h, weights[0], weights[1], 0.7,
                                    peepholes, cell_clip)
  np.testing.assert_allclose(got_state.c, want_c, atol=1e-5)
  np.testing.assert_allclose(got_state.h, want_h, atol=1e-5)
  np.testing.assert_allclose(got_output, want_h, atol=1e-5)
  if cell_clip is not None:
    assert np.abs(got_state.c).max() <= cell_clip + 1e-6


def test_block_cell_variables_are_lstm_cells():
  graph = tf.Graph()
  with graph.as_default():
    x = tf.zeros([2, 3])
    cell = contrib_rnn.LSTMBlockCell(4, use_peephole=True)
    assert cell.state_size == (4, 4) and cell.output_size == 4
    V1.nn.dynamic_rnn(cell, tf.zeros([2, 5, 3]), dtype=tf.float32)
    contrib_rnn.LSTMBlockCell(4)(x, cell.zero_state(2, tf.float32))
  assert _names(graph) == [
      "lstm_cell/bias:0", "lstm_cell/kernel:0",
      "rnn/lstm_cell/bias:0", "rnn/lstm_cell/kernel:0",
      "rnn/lstm_cell/w_f_diag:0", "rnn/lstm_cell/w_i_diag:0",
      "rnn/lstm_cell/w_o_diag:0"]
  shapes = {v.name: v.shape.as_list() for v in graph.get_collection(
      V1.GraphKeys.GLOBAL_VARIABLES)}
  assert shapes["rnn/lstm_cell/kernel:0"] == [3 + 4, 16]
  assert shapes["rnn/lstm_cell/w_i_diag:0"] == [4]


def test_block_cell_checkpoint_restores_into_lstm_cell(tmp_path):
  """The default name `lstm_cell` makes TF1's LSTMCell read its checkpoints."""
  value = np.random.default_rng(1).normal(size=[2, 6, 3]).astype(np.float32)
  path = os.path.join(str(tmp_path), "model.ckpt")

  def run(make_cell, restore):
    graph = tf.Graph()
    with graph.as_default():
      V1.set_random_seed(3)
      outputs, _ = V1.nn.dynamic_rnn(make_cell(), tf.constant(value),
                                     dtype=tf.float32)
      saver = V1.train.Saver()
      with V1.Session() as session:
        if restore:
          saver.restore(session, path)
        else:
          session.run(V1.global_variables_initializer())
          saver.save(session, path)
        return session.run(outputs)

  block = run(lambda: contrib_rnn.LSTMBlockCell(5, use_peephole=True), False)
  core = run(lambda: rnn.LSTMCell(5, use_peepholes=True), True)
  np.testing.assert_allclose(block, core, atol=1e-5)


def test_block_cell_gradient_matches_fused_kernel_with_clipping():
  """The registered LSTMBlockCell gradient agrees with TensorFlow's BlockLSTM one.

  Both kernels' gradients ignore `cell_clip`, as in TF1.
  """
  value = np.random.default_rng(2).normal(size=[4, 2, 3]).astype(np.float32)
  graph = tf.Graph()
  with graph.as_default():
    x = tf.constant(value)
    with V1.variable_scope("step"):
      step_cell = contrib_rnn.LSTMBlockCell(5, cell_clip=0.2, use_peephole=True)
      step_out, _ = V1.nn.dynamic_rnn(step_cell, x, time_major=True,
                                      dtype=tf.float32)
    with V1.variable_scope("fused"):
      fused_cell = contrib_rnn.LSTMBlockFusedCell(5, cell_clip=0.2,
                                                  use_peephole=True)
      fused_out, _ = fused_cell(x, dtype=tf.float32)
    copies = [V1.assign(f, s) for s, f in zip(step_cell.weights,
                                              fused_cell.weights)]
    step_grads = tf.gradients(tf.reduce_sum(tf.sin(step_out)),
                              step_cell.weights + [x])
    fused_grads = tf.gradients(tf.reduce_sum(tf.sin(fused_out)),
                               fused_cell.weights + [x])
    with V1.Session() as session:
      session.run(V1.global_variables_initializer())
      session.run(copies)
      got_step, got_fused = session.run([step_grads, fused_grads])
  for a, b in zip(got_step, got_fused):
    np.testing.assert_allclose(a, b, atol=1e-5)


def test_fused_cell_names_lengths_and_list_input():
  value = np.random.default_rng(3).normal(size=[5, 3, 2]).astype(np.float32)
  lengths = np.array([5, 1, 0], np.int32)
  graph = tf.Graph()
  with graph.as_default():
    cell = contrib_rnn.LSTMBlockFusedCell(4)
    outputs, state = cell(tf.constant(value), dtype=tf.float32,
                          sequence_length=lengths)
    list_outputs, list_state = cell(tf.unstack(tf.constant(value)),
                                    initial_state=state,
                                    sequence_length=lengths)
    assert isinstance(list_outputs, list) and len(list_outputs) == 5
    assert outputs.shape.as_list() == [5, 3, 4]
    with V1.Session() as session:
      session.run(V1.global_variables_initializer())
      got_outputs, got_state = session.run([outputs, state])
      session.run([list_outputs, list_state])
  assert _names(graph) == ["lstm_fused_cell/bias:0", "lstm_fused_cell/kernel:0"]
  assert not got_outputs[1:, 1].any() and not got_outputs[:, 2].any()
  np.testing.assert_allclose(got_state.h[0], got_outputs[4, 0])
  np.testing.assert_allclose(got_state.h[1], got_outputs[0, 1])
  assert not got_state.c[2].any() and not got_state.h[2].any()


def test_fused_cell_errors():
  graph = tf.Graph()
  with graph.as_default():
    cell = contrib_rnn.LSTMBlockFusedCell(4)
    with pytest.raises(ValueError, match="initial_state or dtype"):
      cell(tf.zeros([5, 3, 2]))
    with pytest.raises(ValueError, match=r"\[time, batch, depth\]"):
      contrib_rnn.LSTMBlockFusedCell(4)(tf.zeros([3, 2]), dtype=tf.float32)
    with pytest.raises(ValueError, match="must be 2-D"):
      contrib_rnn.LSTMBlockCell(4)(tf.zeros([2, 3, 1]),
                                   (tf.zeros([2, 4]), tf.zeros([2, 4])))


def test_op_level_block_lstm_equals_the_fused_cell():
  from tf1_compat.contrib.rnn import block_lstm  # pylint: disable=import-outside-toplevel
  rng = np.random.default_rng(4)
  inputs = rng.normal(size=[3, 2, 5]).astype(np.float32)  # [time, batch, depth]
  graph = tf.Graph()
  with graph.as_default():
    cell = contrib_rnn.LSTMBlockFusedCell(4, forget_bias=0.5)
    fused, _ = cell(tf.constant(inputs), dtype=tf.float32)
    _, cs, _, _, _, _, h = block_lstm._block_lstm(  # pylint: disable=protected-access
        tf.constant(3, tf.int64), tf.unstack(tf.constant(inputs)),
        cell.weights[0], cell.weights[1], forget_bias=0.5)
    assert len(h) == len(cs) == 3 and h[0].shape.as_list() == [2, 4]
    with tf.compat.v1.Session(graph=graph) as session:
      session.run(tf.compat.v1.global_variables_initializer())
      want, got = session.run([fused, tf.stack(h)])
  np.testing.assert_allclose(got, want, rtol=1e-6)
