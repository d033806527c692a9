"""UGRNNCell and IntersectionRNNCell: TF 1.15's rnn_cell_test values, names,
the input-size error."""

import numpy as np
import pytest
import tensorflow as tf

from tests.contrib import rnn_testing as rt
from tf1_compat.contrib import rnn as contrib_rnn

V1 = tf.compat.v1

STATE = 0.1 * np.ones((3, 2), np.float32)
EXPECTED_STATE = [[0.13752282] * 2, [0.10545051] * 2, [0.10074195] * 2]


def test_ugrnn_cell_matches_tf_1_15():
  def build():
    with rt.constant_scope("ugrnn_cell_test"):
      return contrib_rnn.UGRNNCell(2)(tf.constant(rt.ROWS_1_2_3),
                                      tf.constant(STATE))
  (output, state), weights = rt.run(build)
  np.testing.assert_allclose(output, EXPECTED_STATE, rtol=1e-6)
  np.testing.assert_allclose(state, EXPECTED_STATE, rtol=1e-6)
  assert list(weights) == ["ugrnn_cell_test/ugrnn_cell/kernel",
                           "ugrnn_cell_test/ugrnn_cell/bias"]


def test_intersection_rnn_cell_matches_tf_1_15():
  def build():
    with rt.constant_scope("intersection_rnn_cell_test"):
      cell = contrib_rnn.IntersectionRNNCell(2, num_in_proj=2)
      return cell(tf.constant(rt.ROWS_1_2_3), tf.constant(STATE))
  (output, state), weights = rt.run(build)
  np.testing.assert_allclose(output, [[2.00431061] * 2, [4.00060606] * 2,
                                      [6.00008249] * 2], rtol=1e-6)
  np.testing.assert_allclose(state, EXPECTED_STATE, rtol=1e-6)
  prefix = "intersection_rnn_cell_test/intersection_rnn_cell/"
  assert list(weights) == [prefix + n for n in (
      "in_projection/kernel", "in_projection/bias", "kernel", "bias")]


def test_intersection_rnn_cell_needs_a_projection_for_other_depths():
  with tf.Graph().as_default():
    cell = contrib_rnn.IntersectionRNNCell(2)
    with pytest.raises(ValueError, match="Must have input size == output size "
                       "for Intersection RNN. To fix, num_in_proj should be "
                       "set to num_units at cell init."):
      cell(tf.constant(rt.ROWS_1_2_3), tf.constant(STATE))
