"""NASCell: TF 1.15's rnn_cell_test values, numpy recomputation, names."""

import numpy as np
import pytest
import tensorflow as tf

from tests.contrib import rnn_testing as rt
from tf1_compat import rnn
from tf1_compat.contrib import rnn as contrib_rnn

V1 = tf.compat.v1


def _nas(num_proj):
  def build():
    with rt.constant_scope("nas_test"):
      cell = contrib_rnn.NASCell(6, num_proj=num_proj)
      c = tf.constant(0.1 * np.ones((3, 6), np.float32))
      h = tf.constant(0.1 * np.ones((3, num_proj or 6), np.float32))
      output, state = cell(tf.constant(rt.ROWS_1_2_3), rnn.LSTMStateTuple(c, h))
    return output, state
  (output, state), weights = rt.run(build)
  return output, state, list(weights)


def test_nas_cell_matches_tf_1_15():
  output, state, names = _nas(None)
  np.testing.assert_allclose(output[:, 0], [0.576751, 0.618936, 0.627393],
                             rtol=1e-5)
  np.testing.assert_allclose(state.c[:, 0], [0.71579772, 0.78041625,
                                             0.79457647], rtol=1e-5)
  np.testing.assert_allclose(state.h, output)
  assert names == ["nas_test/nas_cell/recurrent_kernel",
                   "nas_test/nas_cell/kernel"]


def test_nas_cell_with_projection_matches_tf_1_15():
  output, state, names = _nas(5)
  assert output.shape == (3, 5) and state.c.shape == (3, 6)
  np.testing.assert_allclose(output[:, 0], [1.697418, 1.840037, 1.873985],
                             rtol=1e-5)
  np.testing.assert_allclose(state.c[:, 0], [0.69855207, 0.77073824,
                                             0.78973997], rtol=1e-5)
  assert names[-1] == "nas_test/nas_cell/projection_weights"


def _numpy_nas(x, c, h, kernel, recurrent, bias):
  xs = np.split(x @ kernel, 8, axis=1)
  ms = np.split(h @ recurrent + bias, 8, axis=1)
  s, t, relu = rt.sigmoid, np.tanh, lambda v: np.maximum(v, 0)
  l1 = [s(xs[0] + ms[0]), relu(xs[1] + ms[1]), s(xs[2] + ms[2]),
        relu(xs[3] * ms[3]), t(xs[4] + ms[4]), s(xs[5] + ms[5]),
        t(xs[6] + ms[6]), s(xs[7] + ms[7])]
  l2 = [t(l1[0] * l1[1]), t(l1[2] + l1[3]), t(l1[4] * l1[5]), s(l1[6] + l1[7])]
  new_c = t(l2[0] + c) * l2[1]
  return new_c, t(new_c * t(l2[2] + l2[3]))


def test_nas_cell_with_bias_matches_numpy_under_dynamic_rnn():
  rng = np.random.default_rng(0)
  x = rng.normal(size=[2, 3, 4]).astype(np.float32)

  def build():
    cell = contrib_rnn.NASCell(5, use_bias=True)
    return V1.nn.dynamic_rnn(cell, tf.constant(x), dtype=tf.float32)
  (outputs, state), weights = rt.run(build)
  c = h = np.zeros([2, 5], np.float32)
  for t in range(3):
    c, h = _numpy_nas(x[:, t], c, h, weights["rnn/nas_cell/kernel"],
                      weights["rnn/nas_cell/recurrent_kernel"],
                      weights["rnn/nas_cell/bias"])
    np.testing.assert_allclose(outputs[:, t], h, atol=1e-5)
  np.testing.assert_allclose(state.c, c, atol=1e-5)
  assert weights["rnn/nas_cell/bias"].shape == (40,)


def test_bad_num_units_is_refused_at_construction():
  with pytest.raises(ValueError, match="NASCell: num_units must be a positive "
                     "integer, got 0"):
    contrib_rnn.NASCell(0)
