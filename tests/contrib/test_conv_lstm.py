"""ConvLSTMCell and Conv1D/2D/3DLSTMCell: TF 1.15's rnn_cell_test values,
numpy recomputation, names, dynamic_rnn over frames, errors."""

import numpy as np
import pytest
import tensorflow as tf

from tests.contrib import rnn_testing as rt
from tf1_compat.contrib import rnn as contrib_rnn

V1 = tf.compat.v1

# TF 1.15's expected c and h for every position (ones, then twos, per row).
EXPECTED_C = (1.4375670191, 2.7542609292)
EXPECTED_H = (0.6529865603, 0.8736877431)


@pytest.mark.parametrize("ndims,cell_class,scope_name", [
    (1, contrib_rnn.Conv1DLSTMCell, "conv_1d_lstm_cell"),
    (2, contrib_rnn.Conv2DLSTMCell, "conv_2d_lstm_cell"),
    (3, contrib_rnn.Conv3DLSTMCell, "conv_3d_lstm_cell")])
def test_conv_lstm_cells_match_tf_1_15(ndims, cell_class, scope_name):
  spatial = [2] * ndims
  value = np.stack([np.full(spatial + [1], 1.0), np.full(spatial + [1], 2.0)])

  def build():
    with rt.constant_scope("root", 1.0 / 2 ** ndims):
      x = V1.placeholder(tf.float32, [None] * (ndims + 1) + [1], name="x")
      cell = cell_class(input_shape=spatial + [1], kernel_shape=[3] * ndims,
                        output_channels=1)
      hidden = cell.zero_state(tf.shape(x)[0], tf.float32)
      output, state = cell(x, hidden)
    return output, state
  (output, state), weights = rt.run(
      build, lambda g: {g.get_tensor_by_name("root/x:0"): value,
                        g.get_tensor_by_name(
                            "root/Conv%dDLSTMCellZeroState/zeros:0"
                            % ndims): value})
  for row in range(2):
    np.testing.assert_allclose(state.c[row], EXPECTED_C[row], rtol=1e-6)
    np.testing.assert_allclose(state.h[row], EXPECTED_H[row], rtol=1e-6)
  np.testing.assert_allclose(output, state.h)
  assert list(weights) == ["root/%s/kernel" % scope_name,
                           "root/%s/biases" % scope_name]
  assert weights["root/%s/kernel" % scope_name].shape == (3,) * ndims + (2, 4)


def _numpy_conv2d_same(x, kernel):
  kh, kw = kernel.shape[:2]
  padded = np.pad(x, [(0, 0), (kh // 2, (kh - 1) // 2), (kw // 2, (kw - 1) // 2),
                      (0, 0)])
  out = np.zeros(x.shape[:3] + (kernel.shape[-1],), np.float64)
  for i in range(x.shape[1]):
    for j in range(x.shape[2]):
      patch = padded[:, i:i + kh, j:j + kw, :]
      out[:, i, j] = np.tensordot(patch, kernel, axes=([1, 2, 3], [0, 1, 2]))
  return out


def test_conv2d_lstm_over_frames_matches_numpy():
  rng = np.random.default_rng(0)
  frames = rng.normal(size=[2, 3, 4, 5, 2]).astype(np.float32)

  def build():
    cell = contrib_rnn.Conv2DLSTMCell(input_shape=[4, 5, 2], kernel_shape=[3, 3],
                                      output_channels=3, forget_bias=0.5)
    assert cell.output_size == tf.TensorShape([4, 5, 3])
    outputs, state = V1.nn.dynamic_rnn(cell, tf.constant(frames),
                                       dtype=tf.float32)
    return outputs, state
  (outputs, state), weights = rt.run(build)
  kernel = weights["rnn/conv_2d_lstm_cell/kernel"]
  bias = weights["rnn/conv_2d_lstm_cell/biases"]
  c = h = np.zeros([2, 4, 5, 3])
  for t in range(3):
    gates = _numpy_conv2d_same(np.concatenate([frames[:, t], h], -1),
                               kernel) + bias
    i, j, f, o = np.split(gates, 4, axis=-1)
    c = rt.sigmoid(f + 0.5) * c + rt.sigmoid(i) * np.tanh(j)
    h = np.tanh(c) * rt.sigmoid(o)
    np.testing.assert_allclose(outputs[:, t], h, atol=1e-5)
  np.testing.assert_allclose(state.c, c, atol=1e-5)


def test_skip_connection_and_no_bias():
  def build():
    cell = contrib_rnn.Conv1DLSTMCell(input_shape=[4, 2], kernel_shape=[2],
                                      output_channels=3, skip_connection=True,
                                      use_bias=False)
    x = tf.ones([1, 4, 2])
    output, _ = cell(x, cell.zero_state(1, tf.float32))
    return output, x
  (output, x), weights = rt.run(build)
  assert output.shape == (1, 4, 5) and list(weights) == [
      "conv_1d_lstm_cell/kernel"]
  np.testing.assert_array_equal(output[..., 3:], x)


@pytest.mark.parametrize("kwargs,message", [
    (dict(conv_ndims=2, input_shape=[4, 1], output_channels=1,
          kernel_shape=[3, 3]),
     r"ConvLSTMCell: input_shape must have conv_ndims \+ 1 = 3 entries"),
    (dict(conv_ndims=4, input_shape=[4, 1], output_channels=1,
          kernel_shape=[3]), "ConvLSTMCell: conv_ndims must be 1, 2 or 3"),
    (dict(conv_ndims=1, input_shape=[4, 1], output_channels=1,
          kernel_shape=[3, 3]),
     "ConvLSTMCell: kernel_shape must have conv_ndims = 1 entries"),
])
def test_bad_shapes_are_refused_at_construction(kwargs, message):
  with tf.Graph().as_default():
    with pytest.raises(ValueError, match=message):
      contrib_rnn.ConvLSTMCell(**kwargs)


def test_wrong_input_rank_fails_at_the_call():
  with tf.Graph().as_default():
    cell = contrib_rnn.Conv2DLSTMCell(input_shape=[4, 4, 1], kernel_shape=[3, 3],
                                      output_channels=2)
    with pytest.raises(ValueError, match=r"must be 4-D `\[batch\] \+ \[4, 4, "
                       r"1\]`"):
      cell(tf.zeros([2, 4, 1]), cell.zero_state(2, tf.float32))
