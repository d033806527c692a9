"""BasicDecoder: TF1 variable names, output layers, static sizes, bad input."""

import numpy as np
import pytest
import tensorflow as tf

from tests.seq2seq import testutil
from tf1_compat import layers
from tf1_compat import rnn
from tf1_compat import seq2seq

V1 = tf.compat.v1
VOCAB = 11


def _training_decoder(cell, batch=3, time=4, output_layer=None):
  inputs = tf.ones([batch, time, 5])
  helper = seq2seq.TrainingHelper(inputs, tf.fill([batch], time))
  return seq2seq.BasicDecoder(cell, helper, cell.zero_state(batch, tf.float32),
                              output_layer=output_layer)


def test_variable_names_of_the_reference_seq2seq_decoder():
  """The slides' decoder: 2-layer BasicLSTMCell(50) + Dense(vocab)."""
  graph = tf.Graph()
  with graph.as_default():
    cell = rnn.MultiRNNCell([rnn.BasicLSTMCell(50) for _ in range(2)])
    decoder = _training_decoder(cell, output_layer=layers.Dense(VOCAB))
    seq2seq.dynamic_decode(decoder)
  assert testutil.variable_names(graph) == [
      "decoder/dense/bias:0",
      "decoder/dense/kernel:0",
      "decoder/multi_rnn_cell/cell_0/basic_lstm_cell/bias:0",
      "decoder/multi_rnn_cell/cell_0/basic_lstm_cell/kernel:0",
      "decoder/multi_rnn_cell/cell_1/basic_lstm_cell/bias:0",
      "decoder/multi_rnn_cell/cell_1/basic_lstm_cell/kernel:0",
  ]
  shapes = {v.name: v.shape.as_list()
            for v in graph.get_collection(V1.GraphKeys.GLOBAL_VARIABLES)}
  assert shapes["decoder/dense/kernel:0"] == [50, VOCAB]
  assert shapes["decoder/multi_rnn_cell/cell_0/basic_lstm_cell/kernel:0"] == [
      55, 200]


def test_static_sizes_and_dtypes():
  with tf.Graph().as_default():
    decoder = _training_decoder(rnn.GRUCell(7), output_layer=layers.Dense(VOCAB))
    assert decoder.output_size == seq2seq.BasicDecoderOutput(
        tf.TensorShape([VOCAB]), tf.TensorShape([]))
    assert decoder.output_dtype == seq2seq.BasicDecoderOutput(tf.float32,
                                                              tf.int32)
    plain = _training_decoder(rnn.GRUCell(7))
    assert plain.output_size.rnn_output == 7
    outputs, _, _ = seq2seq.dynamic_decode(decoder)
    assert outputs.rnn_output.shape.as_list() == [3, None, VOCAB]
    assert outputs.sample_id.shape.as_list() == [3, None]


def test_any_callable_output_layer():
  """A plain function works; its output depth is learned from the first step."""
  graph = tf.Graph()
  with graph.as_default():
    cell = rnn.GRUCell(4)
    decoder = _training_decoder(cell,
                                output_layer=lambda x: tf.concat([x, -x], 1))
    outputs, _, _ = seq2seq.dynamic_decode(decoder)
    assert outputs.rnn_output.shape.as_list() == [3, None, 8]
    plain, _, _ = seq2seq.dynamic_decode(_training_decoder(cell))
  got, cell_out = testutil.run(graph, [outputs.rnn_output, plain.rnn_output])
  np.testing.assert_allclose(got, np.concatenate([cell_out, -cell_out], -1),
                             rtol=1e-6)


def test_mismatched_batch_between_helper_and_state_static():
  with tf.Graph().as_default():
    cell = rnn.BasicLSTMCell(4)
    helper = seq2seq.TrainingHelper(tf.ones([3, 2, 5]), [2, 2, 2])
    with pytest.raises(ValueError, match=r"batch size \(3\) does not match"):
      seq2seq.BasicDecoder(cell, helper, cell.zero_state(2, tf.float32))


def test_mismatched_batch_between_helper_and_state_at_run_time():
  graph = tf.Graph()
  with graph.as_default():
    cell = rnn.BasicLSTMCell(4)
    state_batch = V1.placeholder(tf.int32, [])
    helper = seq2seq.TrainingHelper(tf.ones([3, 2, 5]), [2, 2, 2])
    decoder = seq2seq.BasicDecoder(cell, helper,
                                   cell.zero_state(state_batch, tf.float32))
    outputs, _, _ = seq2seq.dynamic_decode(decoder)
  assert testutil.run(graph, outputs.rnn_output,
                      feed_dict={state_batch: 3}).shape == (3, 2, 4)
  with pytest.raises(tf.errors.InvalidArgumentError,
                     match="batch size does not match"):
    testutil.run(graph, outputs.rnn_output, feed_dict={state_batch: 2})


def test_type_errors():
  with tf.Graph().as_default():
    cell = rnn.GRUCell(3)
    helper = seq2seq.TrainingHelper(tf.ones([2, 2, 3]), [2, 2])
    state = cell.zero_state(2, tf.float32)
    with pytest.raises(TypeError, match="not an RNNCell"):
      seq2seq.BasicDecoder(object(), helper, state)
    with pytest.raises(TypeError, match="helper must be a Helper"):
      seq2seq.BasicDecoder(cell, object(), state)
    with pytest.raises(TypeError, match="output_layer must be callable"):
      seq2seq.BasicDecoder(cell, helper, state, output_layer=3)


def test_decoding_again_with_the_same_objects_shares_variables():
  """Training and inference decoders built from the same cell and layer share
  `decoder/...` variables even though the second loop is `decoder_1`."""
  graph = tf.Graph()
  with graph.as_default():
    cell, dense = rnn.GRUCell(5), layers.Dense(VOCAB)
    embedding = V1.get_variable("embedding", [VOCAB, 5])
    seq2seq.dynamic_decode(_training_decoder(cell, output_layer=dense))
    helper = seq2seq.GreedyEmbeddingHelper(embedding, tf.fill([3], 1), 0)
    seq2seq.dynamic_decode(seq2seq.BasicDecoder(
        cell, helper, cell.zero_state(3, tf.float32), output_layer=dense),
                           maximum_iterations=4)
  assert testutil.variable_names(graph) == [
      "decoder/dense/bias:0", "decoder/dense/kernel:0",
      "decoder/gru_cell/candidate/bias:0", "decoder/gru_cell/candidate/kernel:0",
      "decoder/gru_cell/gates/bias:0", "decoder/gru_cell/gates/kernel:0",
      "embedding:0"]


def test_gradients_flow_through_the_decode_loop():
  """Teacher-forced training: every variable (created inside the loop) gets a
  gradient, and a few Adam steps on sequence_loss reduce it."""
  rng = np.random.default_rng(0)
  targets = rng.integers(1, VOCAB, size=[4, 5]).astype(np.int32)
  lengths = np.array([5, 3, 4, 1], np.int32)
  graph = tf.Graph()
  with graph.as_default():
    V1.set_random_seed(0)
    embedding = V1.get_variable("embedding", [VOCAB, 6])
    inputs = tf.nn.embedding_lookup(embedding, np.roll(targets, 1, axis=1))
    cell = rnn.BasicLSTMCell(12)
    decoder = seq2seq.BasicDecoder(
        cell, seq2seq.TrainingHelper(inputs, lengths),
        cell.zero_state(4, tf.float32), output_layer=layers.Dense(VOCAB))
    outputs, _, _ = seq2seq.dynamic_decode(decoder, impute_finished=True)
    weights = tf.sequence_mask(lengths, 5, dtype=tf.float32)
    loss = seq2seq.sequence_loss(outputs.rnn_output, targets, weights)
    variables = V1.trainable_variables()
    gradients = tf.gradients(loss, variables)
    train = V1.train.AdamOptimizer(0.05).minimize(loss)
  assert len(variables) == 5 and all(g is not None for g in gradients)
  with V1.Session(graph=graph) as session:
    session.run(V1.global_variables_initializer())
    before = session.run(loss)
    for _ in range(30):
      session.run(train)
    after = session.run(loss)
  assert after < 0.5 * before, (before, after)
