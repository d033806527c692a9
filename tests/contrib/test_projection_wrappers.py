"""Embedding and input/output projection wrappers: names and numpy math."""

import numpy as np
import pytest
import tensorflow as tf

from tf1_compat import rnn
from tf1_compat.contrib import rnn as contrib_rnn

V1 = tf.compat.v1


def _run(graph, fetches, feed_dict=None):
  with V1.Session(graph=graph) as session:
    session.run(V1.global_variables_initializer())
    return session.run(fetches, feed_dict=feed_dict)


def _shapes(graph):
  return {v.name: v.shape.as_list()
          for v in graph.get_collection(V1.GraphKeys.GLOBAL_VARIABLES)}


class TestProjectionWrappers:

  def test_output_projection_names_and_math(self):
    graph = tf.Graph()
    with graph.as_default():
      x = tf.constant(np.random.default_rng(1).normal(size=[2, 4, 3]),
                      tf.float32)
      cell = contrib_rnn.OutputProjectionWrapper(rnn.GRUCell(5), 7,
                                                 activation=tf.nn.relu)
      assert cell.output_size == 7 and cell.state_size == 5
      outputs, state = V1.nn.dynamic_rnn(cell, x, dtype=tf.float32)
      inner, _ = V1.nn.dynamic_rnn(cell.wrapped_cell, x, dtype=tf.float32,
                                   scope="rnn/output_projection_wrapper")
      got = _run(graph, {"outputs": outputs, "inner": inner,
                         "vars": {v.op.name: v for v in cell.weights}})
    v = got["vars"]
    want = np.maximum(got["inner"] @ v["rnn/output_projection_wrapper/kernel"]
                      + v["rnn/output_projection_wrapper/bias"], 0)
    np.testing.assert_allclose(got["outputs"], want, atol=1e-5)
    assert sorted(v) == [
        "rnn/output_projection_wrapper/bias",
        "rnn/output_projection_wrapper/gru_cell/candidate/bias",
        "rnn/output_projection_wrapper/gru_cell/candidate/kernel",
        "rnn/output_projection_wrapper/gru_cell/gates/bias",
        "rnn/output_projection_wrapper/gru_cell/gates/kernel",
        "rnn/output_projection_wrapper/kernel"]
    assert not v["rnn/output_projection_wrapper/bias"].any()

  def test_input_projection_feeds_the_projection(self):
    x = np.random.default_rng(2).normal(size=[2, 3]).astype(np.float32)
    graph = tf.Graph()
    with graph.as_default():
      cell = contrib_rnn.InputProjectionWrapper(rnn.BasicRNNCell(4), 6)
      output, _ = cell(tf.constant(x), cell.zero_state(2, tf.float32))
      got = _run(graph, {"output": output,
                         "vars": {v.op.name: v for v in cell.weights}})
      shapes = _shapes(graph)
    v = got["vars"]
    projected = (x @ v["input_projection_wrapper/kernel"]
                 + v["input_projection_wrapper/bias"])
    want = np.tanh(np.concatenate([projected, np.zeros([2, 4])], 1)
                   @ v["input_projection_wrapper/basic_rnn_cell/kernel"]
                   + v["input_projection_wrapper/basic_rnn_cell/bias"])
    np.testing.assert_allclose(got["output"], want, atol=1e-5)
    assert shapes["input_projection_wrapper/kernel:0"] == [3, 6]
    assert shapes["input_projection_wrapper/basic_rnn_cell/kernel:0"] == [10, 4]

  def test_embedding_wrapper_looks_up_ids(self):
    graph = tf.Graph()
    with graph.as_default():
      with V1.variable_scope("root", initializer=V1.constant_initializer(0.3)):
        cell = contrib_rnn.EmbeddingWrapper(rnn.BasicRNNCell(2), 10, 3)
        ids = tf.constant([[1], [7]], tf.int32)
        output, _ = cell(ids, cell.zero_state(2, tf.float32))
      got = _run(graph, output)
      shapes = _shapes(graph)
    # Every weight is 0.3 and the state is 0: tanh(3 inputs * 0.3 * 0.3).
    np.testing.assert_allclose(got, np.full([2, 2], np.tanh(0.27)), atol=1e-6)
    assert shapes["root/embedding_wrapper/embedding:0"] == [10, 3]
    assert "root/embedding_wrapper/basic_rnn_cell/kernel:0" in shapes

  def test_embedding_wrapper_default_initializer_and_errors(self):
    graph = tf.Graph()
    with graph.as_default():
      cell = contrib_rnn.EmbeddingWrapper(rnn.GRUCell(2), 50, 40)
      cell(tf.constant([3, 4]), cell.zero_state(2, tf.float32))
      embedding = _run(graph, cell.weights[0])
    assert np.abs(embedding).max() <= np.sqrt(3) + 1e-6
    assert 0.8 < embedding.std() < 1.2
    with pytest.raises(ValueError, match="must both be > 0"):
      contrib_rnn.EmbeddingWrapper(rnn.GRUCell(2), 0, 3)
    with pytest.raises(TypeError, match="needs an RNN cell"):
      contrib_rnn.OutputProjectionWrapper("not a cell", 3)
