"""Sequence tagging with a stacked bidirectional layer-norm LSTM.

`tf.contrib.layers.embed_sequence`, `tf.contrib.rnn.stack_bidirectional_dynamic_rnn`
over `tf.contrib.rnn.LayerNormBasicLSTMCell`s with recurrent dropout, per-step
logits from `tf.contrib.layers.fully_connected` on the `[batch, time, depth]`
outputs, and `tf.contrib.seq2seq.sequence_loss` with a `tf.sequence_mask`. The tag
of a token says whether it is larger than its right neighbour, so the backward
direction matters. Last line: `loss <before> -> <after>` (loss on a fixed batch).
"""
import numpy as np
import tensorflow as tf

tf.app.flags.DEFINE_integer("steps", 500, "training steps")
tf.app.flags.DEFINE_integer("num_layers", 2, "stacked bidirectional layers")
FLAGS = tf.app.flags.FLAGS

VOCAB, MAX_LEN = 20, 12


def make_batch(rng, batch_size):
  lengths = rng.randint(4, MAX_LEN + 1, size=batch_size)
  tokens = np.zeros([batch_size, MAX_LEN], np.int32)
  tags = np.zeros([batch_size, MAX_LEN], np.int32)
  for i, n in enumerate(lengths):
    seq = rng.randint(1, VOCAB, size=n)
    tokens[i, :n] = seq
    tags[i, :n - 1] = seq[:-1] > seq[1:]
  return tokens, lengths.astype(np.int32), tags


def main(_):
  tf.set_random_seed(10)
  rng = np.random.RandomState(10)
  tokens = tf.placeholder(tf.int32, [None, None], name="tokens")
  lengths = tf.placeholder(tf.int32, [None], name="lengths")
  tags = tf.placeholder(tf.int32, [None, None], name="tags")
  keep_prob = tf.placeholder_with_default(1.0, [], name="keep_prob")

  embedded = tf.contrib.layers.embed_sequence(tokens, vocab_size=VOCAB,
                                              embed_dim=16)
  cells_fw = [tf.contrib.rnn.LayerNormBasicLSTMCell(
      16, dropout_keep_prob=keep_prob) for _ in range(FLAGS.num_layers)]
  cells_bw = [tf.contrib.rnn.LayerNormBasicLSTMCell(
      16, dropout_keep_prob=keep_prob) for _ in range(FLAGS.num_layers)]
  outputs, _, _ = tf.contrib.rnn.stack_bidirectional_dynamic_rnn(
      cells_fw, cells_bw, embedded, sequence_length=lengths, dtype=tf.float32)
  logits = tf.contrib.layers.fully_connected(outputs, 2, activation_fn=None)
  weights = tf.sequence_mask(lengths, tf.shape(tokens)[1], dtype=tf.float32)
  loss = tf.contrib.seq2seq.sequence_loss(logits, tags, weights)
  train_op = tf.train.AdamOptimizer(0.01).minimize(loss)
  print([v.name for v in tf.trainable_variables()][:4])

  tokens_val, lengths_val, tags_val = make_batch(np.random.RandomState(0), 128)
  fixed = {tokens: tokens_val, lengths: lengths_val, tags: tags_val}
  with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    first = sess.run(loss, fixed)
    for step in range(FLAGS.steps):
      t, l, g = make_batch(rng, 32)
      _, loss_val = sess.run([train_op, loss], {tokens: t, lengths: l, tags: g,
                                                keep_prob: 0.9})
      if step % 20 == 0:
        print("step %d, loss %.4f" % (step, loss_val))
    last = sess.run(loss, fixed)
  print("loss %.6f -> %.6f" % (first, last))


if __name__ == "__main__":
  tf.app.run()
