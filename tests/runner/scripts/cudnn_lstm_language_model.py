"""A character language model on cuDNN's LSTM, with the CPU fallback TF 1.15's
docs recommend.

On a GPU the model is `tf.contrib.cudnn_rnn.CudnnLSTM`; without one it is the
same network from `tf.contrib.cudnn_rnn.CudnnCompatibleLSTMCell`s in a
`MultiRNNCell` under `variable_scope("cudnn_lstm")`, whose variables carry the
CudnnLSTM checkpoint names. Embeddings train with
`tf.contrib.opt.LazyAdamOptimizer`. After training, a fresh inference graph of
compatible cells restores the checkpoint and scores the text again. Last line:
`loss <before> -> <after>` (cross-entropy on a fixed window).
"""
import os

import numpy as np
import tensorflow as tf

tf.app.flags.DEFINE_integer("steps", 200, "training steps")
tf.app.flags.DEFINE_string("checkpoint_dir", "cudnn_lm", "where to save")
FLAGS = tf.app.flags.FLAGS

TEXT = ("the quick brown fox jumps over the lazy dog. " * 20
        + "a stitch in time saves nine. " * 20)
CHARS = sorted(set(TEXT))
IDS = np.array([CHARS.index(c) for c in TEXT], np.int32)
NUM_LAYERS, UNITS, STEPS, BATCH = 2, 32, 20, 16


def windows(rng, batch_size):
  starts = rng.randint(0, len(IDS) - STEPS - 1, size=batch_size)
  x = np.stack([IDS[s:s + STEPS] for s in starts]).T  # time-major
  y = np.stack([IDS[s + 1:s + STEPS + 1] for s in starts]).T
  return x, y


def build(inputs, use_cudnn):
  """Logits `[time, batch, vocab]` for time-major ids."""
  embeddings = tf.get_variable("embeddings", [len(CHARS), 16])
  embedded = tf.nn.embedding_lookup(embeddings, inputs)
  if use_cudnn:
    lstm = tf.contrib.cudnn_rnn.CudnnLSTM(NUM_LAYERS, UNITS)
    outputs, _ = lstm(embedded)
  else:
    with tf.variable_scope("cudnn_lstm"):
      cell = tf.nn.rnn_cell.MultiRNNCell(
          [tf.contrib.cudnn_rnn.CudnnCompatibleLSTMCell(UNITS)
           for _ in range(NUM_LAYERS)])
      outputs, _ = tf.nn.dynamic_rnn(cell, embedded, time_major=True,
                                     dtype=tf.float32)
  return tf.layers.dense(outputs, len(CHARS), name="softmax")


def cross_entropy(logits, targets):
  return tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(
      labels=targets, logits=logits))


def main(_):
  use_cudnn = tf.test.is_gpu_available(cuda_only=True)
  tf.logging.info("cuDNN available: %s", use_cudnn)
  rng = np.random.RandomState(7)
  fixed_x, fixed_y = windows(np.random.RandomState(0), BATCH)
  path = os.path.join(FLAGS.checkpoint_dir, "model.ckpt")

  with tf.Graph().as_default():
    tf.set_random_seed(7)
    inputs = tf.placeholder(tf.int32, [STEPS, None])
    targets = tf.placeholder(tf.int32, [STEPS, None])
    loss = cross_entropy(build(inputs, use_cudnn), targets)
    train_op = tf.contrib.opt.LazyAdamOptimizer(0.01).minimize(loss)
    print([v.name for v in tf.trainable_variables()][:3])
    with tf.Session() as sess:
      sess.run(tf.global_variables_initializer())
      first = sess.run(loss, {inputs: fixed_x, targets: fixed_y})
      for step in range(FLAGS.steps):
        x, y = windows(rng, BATCH)
        sess.run(train_op, {inputs: x, targets: y})
        if step % 50 == 0:
          tf.logging.info("step %d loss %.4f", step, sess.run(
              loss, {inputs: fixed_x, targets: fixed_y}))
      trained = sess.run(loss, {inputs: fixed_x, targets: fixed_y})
      tf.train.Saver().save(sess, path)

  with tf.Graph().as_default():
    inputs = tf.placeholder(tf.int32, [STEPS, None])
    targets = tf.placeholder(tf.int32, [STEPS, None])
    loss = cross_entropy(build(inputs, use_cudnn=False), targets)
    with tf.Session() as sess:
      tf.train.Saver().restore(sess, path)
      restored = sess.run(loss, {inputs: fixed_x, targets: fixed_y})
  print("restored on the compatible cells: %.4f (trained graph %.4f)"
        % (restored, trained))
  assert abs(restored - trained) < 1e-4
  print("loss %.4f -> %.4f" % (first, restored))


if __name__ == "__main__":
  tf.logging.set_verbosity(tf.logging.INFO)
  tf.app.run()
