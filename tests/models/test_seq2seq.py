"""The seq2seq builders: names, training, weight sharing with inference, restore."""

import numpy as np
import pytest
import tensorflow as tf

from tf1_compat.models import seq2seq

V1 = tf.compat.v1
SMALL = dict(num_units=16, embedding_size=8, attention_layer_size=16,
             learning_rate=0.01, max_decode_steps=8)


def _batch(rng, batch=16):
  """Copy task on 1..10 with varying lengths: targets = inputs + EOS."""
  lengths = rng.integers(1, 6, batch)
  x = np.zeros([batch, lengths.max()], np.int32)
  y = np.zeros([batch, lengths.max() + 1], np.int32)
  for i, n in enumerate(lengths):
    x[i, :n] = rng.integers(1, 11, n)
    y[i, :n] = x[i, :n]
  y_in = np.concatenate([np.zeros([batch, 1], np.int32), y[:, :-1]], 1)
  return x, lengths, y_in, y, lengths + 1


def _feed(ep, batch):
  x, lx, y_in, y_out, ly = batch
  return {ep.encoder_inputs: x, ep.encoder_length: lx, ep.decoder_inputs: y_in,
          ep.decoder_targets: y_out, ep.decoder_length: ly}


def test_reference_variable_names():
  graph = tf.Graph()
  with graph.as_default():
    seq2seq.build()
    shapes = {v.op.name: v.shape.as_list() for v in V1.trainable_variables()}
  cell = "multi_rnn_cell/cell_%d/basic_lstm_cell/%s"
  expected = {"seq2seq/encoder_embedding_matrix": [11, 30],
              "seq2seq/decoder_embedding_matrix": [11, 30],
              "seq2seq/decoder/dense/kernel": [50, 11],
              "seq2seq/decoder/dense/bias": [11]}
  for prefix in ("seq2seq/encoder/seq2seq_encoder/", "seq2seq/decoder/"):
    expected[prefix + cell % (0, "kernel")] = [80, 200]
    expected[prefix + cell % (1, "kernel")] = [100, 200]
    expected[prefix + cell % (0, "bias")] = [200]
    expected[prefix + cell % (1, "bias")] = [200]
  assert shapes == expected


@pytest.mark.parametrize("overrides", [
    dict(), dict(attention="luong"), dict(attention="bahdanau", beam_width=3)])
def test_trains_and_inference_shares_weights(overrides, tmp_path):
  hparams = seq2seq.HParams(**SMALL, **overrides)
  graph = tf.Graph()
  with graph.as_default():
    V1.set_random_seed(0)
    train = seq2seq.build(hparams)
    n_variables = len(V1.global_variables())
    infer = seq2seq.build(hparams, seq2seq.INFER)
    assert len(V1.global_variables()) == n_variables
    saver = V1.train.Saver()
  rng = np.random.default_rng(0)
  fixed = _batch(rng)
  with V1.Session(graph=graph) as session:
    session.run(V1.global_variables_initializer())
    first = session.run(train.loss, _feed(train, fixed))
    for _ in range(40):
      session.run(train.train_op, _feed(train, _batch(rng)))
    last = session.run(train.loss, _feed(train, fixed))
    feed = {infer.encoder_inputs: fixed[0], infer.encoder_length: fixed[1]}
    ids, lengths = session.run([infer.predicted_ids, infer.lengths], feed)
    if infer.alignments is not None:
      alignments = session.run(infer.alignments, feed)
      assert alignments.shape[:2] == ids.shape
      np.testing.assert_allclose(alignments.sum(-1), 1.0, rtol=1e-5)
    path = saver.save(session, str(tmp_path / "ckpt"))
  assert last < first
  assert ids.shape[0] == 16 and ids.shape[1] <= hparams.max_decode_steps
  assert np.all((lengths >= 1) & (lengths <= hparams.max_decode_steps))

  alone = tf.Graph()
  with alone.as_default():
    infer_alone = seq2seq.build(hparams, seq2seq.INFER)
    restorer = V1.train.Saver()
  with V1.Session(graph=alone) as session:
    restorer.restore(session, path)
    again = session.run(infer_alone.predicted_ids,
                        {infer_alone.encoder_inputs: fixed[0],
                         infer_alone.encoder_length: fixed[1]})
  np.testing.assert_array_equal(again, ids)


def test_bad_hparams():
  with tf.Graph().as_default():
    with pytest.raises(ValueError, match="attention.*'dot'"):
      seq2seq.build(seq2seq.HParams(attention="dot"))
    with pytest.raises(ValueError, match="beam_width"):
      seq2seq.build(seq2seq.HParams(beam_width=-1), seq2seq.INFER)
