"""GRUBlockCell / GRUBlockCellV2: same numbers and gradients as GRUCell (TF
1.15's gru_ops_test), TF1's variable names, checkpoints shared with GRUCell."""

import numpy as np
import pytest
import tensorflow as tf

from tests.contrib import rnn_testing as rt
from tf1_compat import rnn
from tf1_compat.contrib import rnn as contrib_rnn

V1 = tf.compat.v1


def _run_pair(block_class, time_major_inputs, h_value):
  """Block and basic GRU over the same inputs with the same initializer."""
  def build():
    initializer = V1.random_uniform_initializer(-0.5, 0.5, seed=1994)
    x = tf.constant(time_major_inputs)
    h = tf.constant(h_value)
    results = {}
    for name, cell in (("block", block_class(3)), ("basic", rnn.GRUCell(3))):
      with V1.variable_scope(name, initializer=initializer):
        outputs, state = V1.nn.dynamic_rnn(cell, x, initial_state=h,
                                           time_major=True)
      loss = tf.reduce_sum(outputs * np.arange(1.0, 4.0)) + tf.reduce_sum(
          state)
      trainable = V1.trainable_variables(scope=name)
      results[name] = (outputs, state, tf.gradients(loss, [x, h] + trainable))
    return results
  return rt.run(build)


def test_block_gru_matches_gru_cell_values_and_gradients():
  rng = np.random.RandomState(1994)
  x = rng.rand(4, 2, 3).astype(np.float32)
  h = rng.rand(2, 3).astype(np.float32)
  results, weights = _run_pair(contrib_rnn.GRUBlockCell, x, h)
  block, basic = results["block"], results["basic"]
  np.testing.assert_allclose(block[0], basic[0], rtol=1e-5, atol=1e-6)
  np.testing.assert_allclose(block[1], basic[1], rtol=1e-5, atol=1e-6)
  # x, h, then w_ru/b_ru/w_c/b_c against gates/{kernel,bias}, candidate/...
  for got, want in zip(block[2], basic[2]):
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-6)
  assert [n for n in weights if n.startswith("block")] == [
      "block/rnn/gru_cell/w_ru", "block/rnn/gru_cell/b_ru",
      "block/rnn/gru_cell/w_c", "block/rnn/gru_cell/b_c"]
  np.testing.assert_array_equal(weights["block/rnn/gru_cell/b_ru"], 1.0)


def test_block_gru_v2_has_gru_cell_names_and_restores_its_checkpoint(tmp_path):
  rng = np.random.RandomState(0)
  x = rng.rand(2, 5, 3).astype(np.float32)
  path = str(tmp_path / "gru")
  graph = tf.Graph()
  with graph.as_default():
    V1.set_random_seed(0)
    want, _ = V1.nn.dynamic_rnn(rnn.GRUCell(4), tf.constant(x),
                                dtype=tf.float32)
    with V1.Session(graph=graph) as session:
      session.run(V1.global_variables_initializer())
      want = session.run(want)
      V1.train.Saver().save(session, path)
  graph = tf.Graph()
  with graph.as_default():
    got, _ = V1.nn.dynamic_rnn(contrib_rnn.GRUBlockCellV2(4), tf.constant(x),
                               dtype=tf.float32)
    assert [v.name for v in V1.global_variables()] == [
        "rnn/gru_cell/gates/kernel:0", "rnn/gru_cell/gates/bias:0",
        "rnn/gru_cell/candidate/kernel:0", "rnn/gru_cell/candidate/bias:0"]
    with V1.Session(graph=graph) as session:
      V1.train.Saver().restore(session, path)
      np.testing.assert_allclose(session.run(got), want, rtol=1e-5, atol=1e-6)


def test_cell_size_is_the_deprecated_num_units():
  with tf.Graph().as_default():
    assert contrib_rnn.GRUBlockCell(cell_size=5).state_size == 5
    with pytest.raises(ValueError, match="GRUBlockCell: exactly one of "
                       "num_units or cell_size must be given"):
      contrib_rnn.GRUBlockCell(4, cell_size=4)
