"""The course's seq2seq toy task: delete the odd numbers from a sequence.

`tf.contrib.rnn.MultiRNNCell` of `BasicLSTMCell`s for the encoder and decoder,
`tf.nn.dynamic_rnn`, `tf.contrib.seq2seq.TrainingHelper` + `BasicDecoder` with a
`tf.layers.Dense` output layer, a masked cross-entropy, and greedy inference with
`GreedyEmbeddingHelper` and `dynamic_decode(impute_finished=True)`.
Last line: `loss <before> -> <after>` (masked cross-entropy on a fixed batch).
"""
import numpy as np
import tensorflow as tf

tf.app.flags.DEFINE_integer("num_batches", 3000, "training batches")
tf.app.flags.DEFINE_integer("batch_size", 64, "batch size")
FLAGS = tf.app.flags.FLAGS

PAD = EOS = GO = 0
vocab_size = 10 + 1
max_len = 24
encoder_embedding_size, decoder_embedding_size = 16, 16
encoder_hidden_units, decoder_hidden_units = 32, 32
encoder_lstm_layers, decoder_lstm_layers = 2, 2


def generate_data(batch_size, rng):
  sources, targets = [], []
  for _ in range(batch_size):
    odds = rng.choice([1, 3, 5, 7, 9], rng.randint(1, 12))
    evens = rng.choice([2, 4, 6, 8, 10], rng.randint(1, 12))
    seq = np.concatenate([odds, evens])
    rng.shuffle(seq)
    sources.append(seq)
    targets.append([v for v in seq if v % 2 == 0] + [EOS])
  x_len = np.array([len(s) for s in sources], dtype=np.int32)
  y_len = np.array([len(t) for t in targets], dtype=np.int32)
  x = np.full([batch_size, x_len.max()], PAD, dtype=np.int32)
  y = np.full([batch_size, y_len.max()], PAD, dtype=np.int32)
  for i, (s, t) in enumerate(zip(sources, targets)):
    x[i, :len(s)] = s
    y[i, :len(t)] = t
  y_in = np.concatenate([np.full([batch_size, 1], GO, np.int32), y[:, :-1]], 1)
  return x, x_len, y_in, y, y_len


def main(_):
  tf.set_random_seed(6)
  rng = np.random.RandomState(6)
  encoder_inputs = tf.placeholder(shape=[None, None], dtype=tf.int32,
                                  name="encoder_inputs")
  decoder_targets = tf.placeholder(shape=[None, None], dtype=tf.int32,
                                   name="decoder_targets")
  decoder_inputs = tf.placeholder(shape=[None, None], dtype=tf.int32,
                                  name="decoder_inputs")
  encoder_length = tf.placeholder(shape=[None], dtype=tf.int32,
                                  name="encoder_length")
  decoder_length = tf.placeholder(shape=[None], dtype=tf.int32,
                                  name="decoder_length")

  encoder_embedding_matrix = tf.Variable(
      tf.truncated_normal([vocab_size, encoder_embedding_size], mean=0.0,
                          stddev=0.1), dtype=tf.float32,
      name="encoder_embedding_matrix")
  decoder_embedding_matrix = tf.Variable(
      tf.truncated_normal([vocab_size, decoder_embedding_size], mean=0.0,
                          stddev=0.1), dtype=tf.float32,
      name="decoder_embedding_matrix")
  encoder_inputs_embedded = tf.nn.embedding_lookup(encoder_embedding_matrix,
                                                   encoder_inputs)
  decoder_inputs_embedded = tf.nn.embedding_lookup(decoder_embedding_matrix,
                                                   decoder_inputs)

  with tf.variable_scope("encoder"):
    encoder_layers = [tf.contrib.rnn.BasicLSTMCell(encoder_hidden_units)
                      for _ in range(encoder_lstm_layers)]
    encoder = tf.contrib.rnn.MultiRNNCell(encoder_layers)
    _, encoder_final_state = tf.nn.dynamic_rnn(
        encoder, encoder_inputs_embedded, sequence_length=encoder_length,
        dtype=tf.float32, time_major=False, scope="seq2seq_encoder")
    print(encoder_final_state)

  with tf.variable_scope("decoder"):
    decoder_layers = [tf.contrib.rnn.BasicLSTMCell(decoder_hidden_units)
                      for _ in range(decoder_lstm_layers)]
    decoder = tf.contrib.rnn.MultiRNNCell(decoder_layers)
    fc_layer = tf.layers.Dense(vocab_size)
    training_helper = tf.contrib.seq2seq.TrainingHelper(
        inputs=decoder_inputs_embedded, sequence_length=decoder_length)
    training_decoder = tf.contrib.seq2seq.BasicDecoder(
        cell=decoder, helper=training_helper,
        initial_state=encoder_final_state, output_layer=fc_layer)
    logits, final_state, final_sequence_lengths = \
        tf.contrib.seq2seq.dynamic_decode(training_decoder)
    decoder_logits = logits.rnn_output
    print("logits: ", decoder_logits)

  stepwise_cross_entropy = tf.nn.softmax_cross_entropy_with_logits_v2(
      labels=tf.one_hot(decoder_targets, depth=vocab_size, dtype=tf.float32),
      logits=decoder_logits)
  mask = tf.sequence_mask(decoder_length, maxlen=tf.reduce_max(decoder_length),
                          dtype=tf.float32)
  loss = tf.reduce_sum(stepwise_cross_entropy * mask) / tf.reduce_sum(mask)
  train_op = tf.train.AdamOptimizer(0.01).minimize(loss)

  num_sequences_to_decode = tf.placeholder(shape=(), dtype=tf.int32,
                                           name="num_seq")
  start_tokens = tf.tile([GO], [num_sequences_to_decode])
  inference_helper = tf.contrib.seq2seq.GreedyEmbeddingHelper(
      decoder_embedding_matrix, start_tokens, end_token=EOS)
  greedy_decoder = tf.contrib.seq2seq.BasicDecoder(
      cell=decoder, helper=inference_helper, initial_state=encoder_final_state,
      output_layer=fc_layer)
  greedy_decoding_result, _1, _2 = tf.contrib.seq2seq.dynamic_decode(
      decoder=greedy_decoder, output_time_major=False, impute_finished=True,
      maximum_iterations=20)

  def feed(batch):
    x, x_len, y_in, y, y_len = batch
    return {encoder_inputs: x, encoder_length: x_len, decoder_inputs: y_in,
            decoder_targets: y, decoder_length: y_len}

  fixed = feed(generate_data(128, np.random.RandomState(0)))
  with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    first = sess.run(loss, fixed)
    for i in range(FLAGS.num_batches):
      _, l = sess.run([train_op, loss],
                      feed(generate_data(FLAGS.batch_size, rng)))
      if i % 20 == 0:
        print("batch %d, loss %.4f" % (i, l))
    x, x_len, _, _, _ = generate_data(3, np.random.RandomState(1))
    result = sess.run(greedy_decoding_result.sample_id, feed_dict={
        encoder_inputs: x, encoder_length: x_len, num_sequences_to_decode: 3})
    print("Sample x:\n", x)
    print("Greedy output:\n", result)
    last = sess.run(loss, fixed)
  print("loss %.6f -> %.6f" % (first, last))


if __name__ == "__main__":
  tf.app.run()
