"""Constructor arguments are checked when the object is built, naming the argument;
using a graph-mode object eagerly says what to do."""

import numpy as np
import pytest
import tensorflow as tf

from tf1_compat import layers
from tf1_compat import rnn
from tf1_compat import seq2seq
from tf1_compat.contrib import rnn as contrib_rnn
from tf1_compat.framework import checks
from tf1_compat.framework import errors

_CELLS = [rnn.BasicRNNCell, rnn.BasicLSTMCell, rnn.LSTMCell, rnn.GRUCell,
          contrib_rnn.LSTMBlockCell]


@pytest.mark.parametrize("cell_cls", _CELLS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("num_units", [-1, 0, "a", 2.5, None, True])
def test_cells_refuse_sizes_that_are_not_positive_integers(cell_cls, num_units):
  with pytest.raises(checks.ArgumentError,
                     match=r"^%s: num_units must be a positive integer, got %r$"
                     % (cell_cls.__name__, num_units)) as caught:
    cell_cls(num_units)
  assert isinstance(caught.value, (ValueError, TypeError, errors.Error))


def test_cells_accept_integers_of_any_kind():
  import numpy as np  # pylint: disable=import-outside-toplevel
  assert rnn.BasicLSTMCell(np.int64(3)).output_size == 3
  assert rnn.GRUCell(tf.compat.v1.Dimension(4)).state_size == 4
  assert rnn.LSTMCell(5, num_proj=2).output_size == 2
  with pytest.raises(checks.ArgumentError, match="num_proj must be a positive"):
    rnn.LSTMCell(5, num_proj=0)


@pytest.mark.parametrize("make, match", [
    (lambda: layers.Dense(0), r"^Dense 'dense(_\d+)?': units must be a positive "
                              r"integer, got 0$"),
    (lambda: layers.Dense(2.5), r"units must be a positive integer, got 2.5$"),
    (lambda: layers.MaxPooling2D(pool_size=0, strides=2),
     r"^MaxPooling2D .*: the pool_size argument must be positive, got 0$"),
    (lambda: layers.AveragePooling1D(pool_size=2, strides=(0,)),
     r"the strides argument must be positive, got \(0,\)$"),
    (lambda: layers.Conv2D(4, 3, strides=0),
     r"^Conv2D .*: the strides argument must be positive, got 0$"),
    (lambda: layers.Conv1D(4, 0), r"the kernel_size argument must be positive"),
    (lambda: rnn.DropoutWrapper(rnn.GRUCell(2), output_keep_prob=0),
     r"^DropoutWrapper: output_keep_prob must be in \(0, 1\], got 0$"),
    (lambda: rnn.DropoutWrapper(rnn.GRUCell(2), input_keep_prob=1.5),
     r"input_keep_prob must be in \(0, 1\], got 1.5$"),
    (lambda: seq2seq.tile_batch(tf.zeros([2, 3]), 0),
     r"^tile_batch: multiplier must be a positive integer, got 0$"),
    (lambda: seq2seq.LuongAttention(0, tf.zeros([2, 3, 4])),
     r"^LuongAttention: num_units must be a positive integer, got 0$"),
])
def test_layers_and_seq2seq_refuse_bad_sizes_at_construction(make, match):
  with tf.Graph().as_default():
    with pytest.raises(checks.ArgumentError, match=match):
      make()


def test_attention_layer_size_must_be_positive():
  with tf.Graph().as_default():
    memory = tf.zeros([2, 3, 4])
    mechanism = seq2seq.LuongAttention(4, memory)
    for size in (0, [0], -3):
      with pytest.raises(checks.ArgumentError,
                         match=r"^AttentionWrapper: attention_layer_size must be a "
                               r"positive integer, got %r$" % (
                                   size[0] if isinstance(size, list) else size)):
        seq2seq.AttentionWrapper(rnn.BasicLSTMCell(4), mechanism,
                                 attention_layer_size=size)


def test_a_tensor_keep_probability_is_left_to_run_time():
  with tf.Graph().as_default():
    keep = tf.compat.v1.placeholder(tf.float32, [])
    assert rnn.DropoutWrapper(rnn.GRUCell(2), output_keep_prob=keep)


@pytest.mark.parametrize("use", [
    lambda: rnn.BasicLSTMCell(3)(tf.zeros([2, 4]),
                                 rnn.LSTMStateTuple(tf.zeros([2, 3]),
                                                    tf.zeros([2, 3]))),
    lambda: layers.dense(tf.zeros([2, 3]), 4),
    lambda: layers.Conv2D(2, 3)(tf.zeros([1, 5, 5, 1])),
], ids=["cell", "dense", "conv2d"])
def test_eager_use_says_graph_mode_is_needed_and_how(use):
  assert tf.executing_eagerly()
  with pytest.raises(checks.GraphModeError,
                     match=r"needs graph mode, but TensorFlow is executing eagerly "
                           r"\(TF2's default\): build inside `with "
                           r"tf.Graph\(\).as_default\(\):`, or call "
                           r"tf.compat.v1.disable_eager_execution\(\) first"):
    use()


def test_eager_use_works_under_tf1_tensor_equality():
  """TF 1.15's cells and layers ran eagerly; with TF1's tensor equality so do ours."""

  def outputs():
    init = tf.compat.v1.constant_initializer(0.1)
    cell = rnn.BasicLSTMCell(3)
    inputs = tf.reshape(tf.range(8, dtype=tf.float32), [2, 4])
    with tf.compat.v1.variable_scope("m", initializer=init):
      out, state = cell(inputs, cell.zero_state(2, tf.float32))
      out, _ = cell(inputs, state)  # The second call reuses the variables.
      dense = layers.dense(out, 2, kernel_initializer=init)
    return out, dense, len(cell.variables)

  graph = tf.Graph()
  with graph.as_default():
    graph_out, graph_dense, graph_count = outputs()
    with tf.compat.v1.Session(graph=graph) as session:
      session.run(tf.compat.v1.global_variables_initializer())
      expected = session.run([graph_out, graph_dense])
  tf.compat.v1.disable_tensor_equality()
  try:
    eager_out, eager_dense, eager_count = outputs()
  finally:
    tf.compat.v1.enable_tensor_equality()
  assert eager_count == graph_count == 2
  np.testing.assert_allclose(eager_out.numpy(), expected[0], rtol=1e-6)
  np.testing.assert_allclose(eager_dense.numpy(), expected[1], rtol=1e-6)
