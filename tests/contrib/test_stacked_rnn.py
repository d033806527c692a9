"""stack_bidirectional_(dynamic_)rnn: TF1 scopes, shapes, states and errors."""

import pytest
import tensorflow as tf

from tf1_compat import rnn
from tf1_compat.contrib import rnn as contrib_rnn

V1 = tf.compat.v1


def _shapes(graph):
  return {v.name: v.shape.as_list()
          for v in graph.get_collection(V1.GraphKeys.GLOBAL_VARIABLES)}


class TestStackedBidirectional:

  def test_dynamic_names_shapes_and_states(self):
    graph = tf.Graph()
    with graph.as_default():
      x = tf.zeros([2, 5, 3])
      outputs, states_fw, states_bw = (
          contrib_rnn.stack_bidirectional_dynamic_rnn(
              [rnn.GRUCell(4), rnn.GRUCell(3)],
              [rnn.GRUCell(2), rnn.BasicLSTMCell(3)], x, dtype=tf.float32,
              sequence_length=[5, 3]))
      assert outputs.shape.as_list() == [2, 5, 6]
      assert len(states_fw) == 2 and len(states_bw) == 2
      assert isinstance(states_bw[1], rnn.LSTMStateTuple)
      shapes = _shapes(graph)
    assert shapes["stack_bidirectional_rnn/cell_0/bidirectional_rnn/fw/"
                  "gru_cell/gates/kernel:0"] == [3 + 4, 8]
    # Layer 1 reads concat(fw 4, bw 2) = 6 features.
    assert shapes["stack_bidirectional_rnn/cell_1/bidirectional_rnn/bw/"
                  "basic_lstm_cell/kernel:0"] == [6 + 3, 12]

  def test_static_names_have_no_bidirectional_level(self):
    graph = tf.Graph()
    with graph.as_default():
      inputs = [tf.zeros([2, 3]) for _ in range(4)]
      outputs, states_fw, _ = contrib_rnn.stack_bidirectional_rnn(
          [rnn.BasicRNNCell(4)], [rnn.BasicRNNCell(5)], inputs,
          dtype=tf.float32, scope="stack")
      assert len(outputs) == 4 and outputs[0].shape.as_list() == [2, 9]
      assert len(states_fw) == 1
      shapes = _shapes(graph)
    assert sorted(shapes) == ["stack/cell_0/bw/basic_rnn_cell/bias:0",
                              "stack/cell_0/bw/basic_rnn_cell/kernel:0",
                              "stack/cell_0/fw/basic_rnn_cell/bias:0",
                              "stack/cell_0/fw/basic_rnn_cell/kernel:0"]

  def test_bad_arguments_raise(self):
    with tf.Graph().as_default():
      x = tf.zeros([2, 5, 3])
      with pytest.raises(ValueError, match="at least one forward cell"):
        contrib_rnn.stack_bidirectional_dynamic_rnn([], [rnn.GRUCell(2)], x)
      with pytest.raises(ValueError, match="same depth"):
        contrib_rnn.stack_bidirectional_dynamic_rnn(
            [rnn.GRUCell(2)], [rnn.GRUCell(2), rnn.GRUCell(2)], x)
      with pytest.raises(ValueError, match="must be a list of RNN cells"):
        contrib_rnn.stack_bidirectional_dynamic_rnn(
            (rnn.GRUCell(2),), [rnn.GRUCell(2)], x)
      with pytest.raises(ValueError, match="one per layer"):
        contrib_rnn.stack_bidirectional_dynamic_rnn(
            [rnn.GRUCell(2)], [rnn.GRUCell(2)], x,
            initial_states_fw=[None, None])
      with pytest.raises(ValueError, match="non-empty list"):
        contrib_rnn.stack_bidirectional_rnn([rnn.GRUCell(2)],
                                            [rnn.GRUCell(2)], [])
