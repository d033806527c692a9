"""Attention seq2seq (reverse a sequence) with beam-search inference, NMT style.

A bidirectional GRU encoder, `tf.contrib.seq2seq.LuongAttention` +
`AttentionWrapper` around a `BasicLSTMCell`, teacher forcing with `TrainingHelper`
and `sequence_loss`; then, as in the NMT tutorial, a separate inference graph that
restores the checkpoint and decodes with `BeamSearchDecoder` on `tile_batch`-ed
memory. Last line: `loss <before> -> <after>` (training loss on a fixed batch).
"""
import os

import numpy as np
import tensorflow as tf

flags = tf.flags
flags.DEFINE_integer("steps", 2000, "training steps")
flags.DEFINE_integer("beam_width", 3, "beam width")
flags.DEFINE_string("out_dir", "/tmp/attention_model", "checkpoint directory")
FLAGS = flags.FLAGS

SOS, EOS = 1, 2
VOCAB, EMBED, UNITS, MAX_LEN = 12, 16, 32, 8


def get_batch(rng, batch_size):
  lengths = rng.randint(3, MAX_LEN + 1, size=batch_size).astype(np.int32)
  source = np.zeros([batch_size, MAX_LEN], np.int32)
  target_in = np.zeros([batch_size, MAX_LEN + 1], np.int32)
  target_out = np.zeros([batch_size, MAX_LEN + 1], np.int32)
  for i, n in enumerate(lengths):
    tokens = rng.randint(3, VOCAB, size=n)
    source[i, :n] = tokens
    target_in[i, :n + 1] = np.concatenate([[SOS], tokens[::-1]])
    target_out[i, :n + 1] = np.concatenate([tokens[::-1], [EOS]])
  return source, lengths, target_in, target_out, lengths + 1


def build_model(mode):
  """Builds the graph for `mode` ("train" or "infer"); same variable names."""
  source = tf.placeholder(tf.int32, [None, None], name="source")
  source_len = tf.placeholder(tf.int32, [None], name="source_len")
  target_in = tf.placeholder(tf.int32, [None, None], name="target_in")
  target_out = tf.placeholder(tf.int32, [None, None], name="target_out")
  target_len = tf.placeholder(tf.int32, [None], name="target_len")
  batch_size = tf.shape(source)[0]

  with tf.variable_scope("seq2seq"):
    embedding = tf.get_variable("embedding", [VOCAB, EMBED])
    with tf.variable_scope("encoder"):
      (out_fw, out_bw), (state_fw, state_bw) = tf.nn.bidirectional_dynamic_rnn(
          tf.nn.rnn_cell.GRUCell(UNITS // 2), tf.nn.rnn_cell.GRUCell(UNITS // 2),
          tf.nn.embedding_lookup(embedding, source),
          sequence_length=source_len, dtype=tf.float32)
      memory = tf.concat([out_fw, out_bw], -1)
      encoder_state = tf.concat([state_fw, state_bw], -1)
      encoder_state = tf.nn.rnn_cell.LSTMStateTuple(encoder_state,
                                                    encoder_state)

    with tf.variable_scope("decoder") as decoder_scope:
      memory_len = source_len
      beam = FLAGS.beam_width if mode == "infer" else 1
      if mode == "infer":
        memory = tf.contrib.seq2seq.tile_batch(memory, multiplier=beam)
        memory_len = tf.contrib.seq2seq.tile_batch(memory_len, multiplier=beam)
        encoder_state = tf.contrib.seq2seq.tile_batch(encoder_state,
                                                      multiplier=beam)
      attention_mechanism = tf.contrib.seq2seq.LuongAttention(
          UNITS, memory, memory_sequence_length=memory_len, scale=True)
      cell = tf.contrib.seq2seq.AttentionWrapper(
          tf.nn.rnn_cell.BasicLSTMCell(UNITS), attention_mechanism,
          attention_layer_size=UNITS, alignment_history=(mode == "train"),
          name="attention")
      initial_state = cell.zero_state(batch_size * beam, tf.float32).clone(
          cell_state=encoder_state)
      projection = tf.layers.Dense(VOCAB, use_bias=False,
                                   name="output_projection")

      if mode == "train":
        helper = tf.contrib.seq2seq.TrainingHelper(
            tf.nn.embedding_lookup(embedding, target_in), target_len)
        decoder = tf.contrib.seq2seq.BasicDecoder(cell, helper, initial_state,
                                                  output_layer=projection)
        outputs, final_state, _ = tf.contrib.seq2seq.dynamic_decode(
            decoder, scope=decoder_scope)
        weights = tf.sequence_mask(target_len, tf.shape(target_out)[1],
                                   dtype=tf.float32)
        loss = tf.contrib.seq2seq.sequence_loss(outputs.rnn_output, target_out,
                                                weights)
        alignments = final_state.alignment_history.stack()
        return dict(source=source, source_len=source_len, target_in=target_in,
                    target_out=target_out, target_len=target_len, loss=loss,
                    alignments=alignments)

      decoder = tf.contrib.seq2seq.BeamSearchDecoder(
          cell=cell, embedding=embedding,
          start_tokens=tf.fill([batch_size], SOS), end_token=EOS,
          initial_state=initial_state, beam_width=beam,
          output_layer=projection, length_penalty_weight=0.0)
      outputs, _, _ = tf.contrib.seq2seq.dynamic_decode(
          decoder, maximum_iterations=MAX_LEN + 2, scope=decoder_scope)
      return dict(source=source, source_len=source_len,
                  predicted_ids=outputs.predicted_ids)


def main(_):
  rng = np.random.RandomState(7)
  train_graph = tf.Graph()
  with train_graph.as_default():
    tf.set_random_seed(7)
    model = build_model("train")
    global_step = tf.train.get_or_create_global_step()
    optimizer = tf.train.AdamOptimizer(0.01)
    gradients, variables = zip(*optimizer.compute_gradients(model["loss"]))
    gradients, _ = tf.clip_by_global_norm(gradients, 5.0)
    train_op = optimizer.apply_gradients(zip(gradients, variables),
                                         global_step=global_step)
    saver = tf.train.Saver()
    init = tf.global_variables_initializer()

  def feed(m, batch):
    source, source_len, target_in, target_out, target_len = batch
    return {m["source"]: source, m["source_len"]: source_len,
            m["target_in"]: target_in, m["target_out"]: target_out,
            m["target_len"]: target_len}

  fixed = get_batch(np.random.RandomState(0), 64)
  with tf.Session(graph=train_graph) as sess:
    sess.run(init)
    first = sess.run(model["loss"], feed(model, fixed))
    for step in range(FLAGS.steps):
      _, loss = sess.run([train_op, model["loss"]],
                         feed(model, get_batch(rng, 32)))
      if step % 20 == 0:
        print("step %d loss %.4f" % (step, loss))
    last, alignments = sess.run([model["loss"], model["alignments"]],
                                feed(model, fixed))
    print("alignment history shape", alignments.shape)
    tf.gfile.MakeDirs(FLAGS.out_dir)
    path = saver.save(sess, os.path.join(FLAGS.out_dir, "model.ckpt"),
                      global_step=global_step)

  infer_graph = tf.Graph()
  with infer_graph.as_default():
    infer_model = build_model("infer")
    infer_saver = tf.train.Saver()
  with tf.Session(graph=infer_graph) as sess:
    infer_saver.restore(sess, tf.train.latest_checkpoint(FLAGS.out_dir))
    source, source_len = fixed[0][:2], fixed[1][:2]
    ids = sess.run(infer_model["predicted_ids"], {
        infer_model["source"]: source, infer_model["source_len"]: source_len})
    assert ids.shape[0] == 2 and ids.shape[2] == FLAGS.beam_width, ids.shape
    print("source", source[0, :source_len[0]], "best beam", ids[0, :, 0])
  print("restored from", path)
  print("loss %.6f -> %.6f" % (first, last))


if __name__ == "__main__":
  tf.app.run()
