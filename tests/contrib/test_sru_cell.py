"""contrib.rnn.SRUCell: TF 1.15's variable names and equations, in numpy."""

import numpy as np
import pytest
import tensorflow as tf

from tf1_compat.contrib import rnn as contrib_rnn

V1 = tf.compat.v1


def _sigmoid(x):
  return 1.0 / (1.0 + np.exp(-x))


def test_sru_step_matches_numpy_and_names_its_variables():
  rng = np.random.default_rng(0)
  x = rng.normal(size=[2, 3]).astype(np.float32)
  c = rng.normal(size=[2, 4]).astype(np.float32)
  graph = tf.Graph()
  with graph.as_default():
    with V1.variable_scope("root", initializer=V1.constant_initializer(0.1)):
      cell = contrib_rnn.SRUCell(4)
      h, new_c = cell(tf.constant(x), [tf.constant(c)])  # Keras-style [state]
    names = [v.name for v in V1.global_variables()]
    with V1.Session(graph=graph) as session:
      session.run(V1.global_variables_initializer())
      got_h, got_c = session.run([h, new_c])
  assert names == ["root/sru_cell/kernel:0", "root/sru_cell/bias:0"]
  u = x @ np.full([3, 16], 0.1, np.float32)
  x_bar, f_pre, r_pre, x_tx = np.split(u, 4, axis=1)
  f, r = _sigmoid(f_pre), _sigmoid(r_pre)  # The bias starts at zeros.
  want_c = f * c + (1 - f) * x_bar
  np.testing.assert_allclose(got_c, want_c, rtol=1e-5)
  np.testing.assert_allclose(got_h, r * np.tanh(want_c) + (1 - r) * x_tx,
                             rtol=1e-5)


def test_sru_needs_a_known_input_depth():
  with tf.Graph().as_default():
    cell = contrib_rnn.SRUCell(4)
    with pytest.raises(ValueError, match="sru_cell.*known last dimension"):
      cell(V1.placeholder(tf.float32, [2, None]), tf.zeros([2, 4]))
