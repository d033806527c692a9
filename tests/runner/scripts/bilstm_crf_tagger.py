"""A BiLSTM-CRF sequence tagger, the 2018 NER recipe.

Word embeddings, `tf.nn.bidirectional_dynamic_rnn` over two
`tf.contrib.rnn.LSTMCell`s, per-token scores from `tf.layers.dense`, and a
linear-chain CRF on top: `tf.contrib.crf.crf_log_likelihood` for the loss and
`tf.contrib.crf.crf_decode` for the tags. The tag of a token is 1 inside a run
of "entity" words (ids below 5) and 2 at its first word, so the transitions
matter. Last line: `loss <before> -> <after>` (negative log-likelihood on a
fixed batch).
"""
import numpy as np
import tensorflow as tf

tf.app.flags.DEFINE_integer("steps", 300, "training steps")
FLAGS = tf.app.flags.FLAGS

VOCAB, MAX_LEN, NUM_TAGS = 15, 10, 3


def make_batch(rng, batch_size):
  lengths = rng.randint(3, MAX_LEN + 1, size=batch_size)
  words = np.zeros([batch_size, MAX_LEN], np.int32)
  tags = np.zeros([batch_size, MAX_LEN], np.int32)
  for i, n in enumerate(lengths):
    words[i, :n] = rng.randint(1, VOCAB, size=n)
    for t in range(n):
      if words[i, t] < 5:
        tags[i, t] = 1 if t > 0 and words[i, t - 1] < 5 else 2
  return words, lengths.astype(np.int32), tags


def main(_):
  tf.set_random_seed(3)
  rng = np.random.RandomState(3)
  words = tf.placeholder(tf.int32, [None, None], name="words")
  lengths = tf.placeholder(tf.int32, [None], name="lengths")
  tags = tf.placeholder(tf.int32, [None, None], name="tags")

  embeddings = tf.get_variable("embeddings", [VOCAB, 12])
  embedded = tf.nn.embedding_lookup(embeddings, words)
  (out_fw, out_bw), _ = tf.nn.bidirectional_dynamic_rnn(
      tf.contrib.rnn.LSTMCell(16), tf.contrib.rnn.LSTMCell(16), embedded,
      sequence_length=lengths, dtype=tf.float32)
  scores = tf.layers.dense(tf.concat([out_fw, out_bw], axis=-1), NUM_TAGS)
  with tf.variable_scope("crf"):
    log_likelihood, transitions = tf.contrib.crf.crf_log_likelihood(
        scores, tags, lengths)
  loss = tf.reduce_mean(-log_likelihood)
  predicted, _ = tf.contrib.crf.crf_decode(scores, transitions, lengths)
  mask = tf.sequence_mask(lengths, tf.shape(words)[1])
  accuracy = tf.reduce_mean(tf.cast(
      tf.boolean_mask(tf.equal(predicted, tags), mask), tf.float32))
  train_op = tf.train.AdamOptimizer(0.02).minimize(loss)
  print(transitions.name)

  words_val, lengths_val, tags_val = make_batch(np.random.RandomState(0), 64)
  fixed = {words: words_val, lengths: lengths_val, tags: tags_val}
  with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    first = sess.run(loss, fixed)
    for step in range(FLAGS.steps):
      w, l, t = make_batch(rng, 32)
      sess.run(train_op, {words: w, lengths: l, tags: t})
      if step % 100 == 0:
        tf.logging.info("step %d loss %.4f", step, sess.run(loss, fixed))
    last, acc = sess.run([loss, accuracy], fixed)
    tscores = sess.run(scores, fixed)[0, :lengths_val[0]]
    viterbi, _ = tf.contrib.crf.viterbi_decode(tscores, sess.run(transitions))
    print("tag accuracy %.3f, first sentence %s"
          % (acc, [int(t) for t in viterbi]))
  print("loss %.4f -> %.4f" % (first, last))


if __name__ == "__main__":
  tf.logging.set_verbosity(tf.logging.INFO)
  tf.app.run()
