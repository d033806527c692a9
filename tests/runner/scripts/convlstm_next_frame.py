"""Next-frame prediction with a convolutional LSTM (Shi et al. 2015).

A square drifts across 12x12 frames; `tf.nn.dynamic_rnn` runs a
`tf.contrib.rnn.ConvLSTMCell` over the frames and a `tf.layers.conv2d` maps
each hidden state to the next frame's pixels (sigmoid cross-entropy). Last
line: `loss <before> -> <after>` on a fixed batch.
"""
import numpy as np
import tensorflow as tf

tf.app.flags.DEFINE_integer("steps", 200, "training steps")
tf.app.flags.DEFINE_integer("frames", 6, "frames per sequence")
FLAGS = tf.app.flags.FLAGS

SIZE = 12


def make_batch(rng, batch_size, frames):
  video = np.zeros([batch_size, frames + 1, SIZE, SIZE, 1], np.float32)
  for b in range(batch_size):
    row, col = rng.randint(0, SIZE - 3, size=2)
    d_row, d_col = rng.choice([-1, 1], size=2)
    for t in range(frames + 1):
      video[b, t, row:row + 3, col:col + 3, 0] = 1.0
      if not 0 <= row + d_row <= SIZE - 3:
        d_row = -d_row
      if not 0 <= col + d_col <= SIZE - 3:
        d_col = -d_col
      row, col = row + d_row, col + d_col
  return video[:, :-1], video[:, 1:]


def main(_):
  tf.set_random_seed(5)
  rng = np.random.RandomState(5)
  frames = tf.placeholder(tf.float32, [None, FLAGS.frames, SIZE, SIZE, 1])
  targets = tf.placeholder(tf.float32, [None, FLAGS.frames, SIZE, SIZE, 1])

  cell = tf.contrib.rnn.ConvLSTMCell(conv_ndims=2, input_shape=[SIZE, SIZE, 1],
                                     output_channels=8, kernel_shape=[3, 3])
  hidden, _ = tf.nn.dynamic_rnn(cell, frames, dtype=tf.float32)
  flat = tf.reshape(hidden, [-1, SIZE, SIZE, 8])
  logits = tf.layers.conv2d(flat, 1, 3, padding="same")
  logits = tf.reshape(logits, tf.shape(targets))
  loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(
      labels=targets, logits=logits))
  train_op = tf.train.AdamOptimizer(0.01).minimize(loss)
  print([v.name for v in tf.trainable_variables()])

  inputs_val, targets_val = make_batch(np.random.RandomState(0), 16,
                                       FLAGS.frames)
  fixed = {frames: inputs_val, targets: targets_val}
  with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    first = sess.run(loss, fixed)
    for step in range(FLAGS.steps):
      x, y = make_batch(rng, 8, FLAGS.frames)
      sess.run(train_op, {frames: x, targets: y})
      if step % 50 == 0:
        tf.logging.info("step %d loss %.4f", step, sess.run(loss, fixed))
    last = sess.run(loss, fixed)
  print("loss %.4f -> %.4f" % (first, last))


if __name__ == "__main__":
  tf.logging.set_verbosity(tf.logging.INFO)
  tf.app.run()
