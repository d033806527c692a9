"""A two-layer LSTM over MNIST rows with `tf.nn.dynamic_rnn` and training tricks.

`tf.nn.rnn_cell.MultiRNNCell` of `DropoutWrapper(LSTMCell)`, `dynamic_rnn` with a
`sequence_length` placeholder, the final state's `h`, a global step,
`tf.train.exponential_decay`, gradient clipping with `tf.clip_by_global_norm`.
Last line: `loss <before> -> <after>` (validation cross-entropy).
"""
import numpy as np
import tensorflow as tf
from tensorflow.examples.tutorials.mnist import input_data

flags = tf.app.flags
flags.DEFINE_string("data_dir", "MNIST_data", "where the MNIST files are")
flags.DEFINE_integer("max_steps", 2000, "training steps")
flags.DEFINE_float("max_grad_norm", 5.0, "gradient clipping norm")
FLAGS = flags.FLAGS


def build_cell(num_units, keep_prob):
  cell = tf.nn.rnn_cell.LSTMCell(num_units, use_peepholes=True)
  return tf.nn.rnn_cell.DropoutWrapper(cell, output_keep_prob=keep_prob)


def main(_):
  mnist = input_data.read_data_sets(FLAGS.data_dir, one_hot=True, seed=3)
  tf.set_random_seed(3)
  x = tf.placeholder(tf.float32, [None, 28, 28], name="x")
  y = tf.placeholder(tf.float32, [None, 10], name="y")
  lengths = tf.placeholder(tf.int32, [None], name="lengths")
  keep_prob = tf.placeholder_with_default(1.0, [], name="keep_prob")

  cell = tf.nn.rnn_cell.MultiRNNCell(
      [build_cell(32, keep_prob) for _ in range(2)])
  outputs, state = tf.nn.dynamic_rnn(cell, x, sequence_length=lengths,
                                     dtype=tf.float32)
  logits = tf.layers.dense(state[-1].h, 10)
  loss = tf.reduce_mean(
      tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=logits))

  global_step = tf.Variable(0, trainable=False, name="global_step")
  learning_rate = tf.train.exponential_decay(0.02, global_step, 10, 0.96,
                                             staircase=True)
  tvars = tf.trainable_variables()
  grads, _ = tf.clip_by_global_norm(tf.gradients(loss, tvars),
                                    FLAGS.max_grad_norm)
  optimizer = tf.train.AdamOptimizer(learning_rate)
  train_op = optimizer.apply_gradients(zip(grads, tvars),
                                       global_step=global_step)

  def feed(images, labels, keep=1.0):
    return {x: images.reshape([-1, 28, 28]), y: labels,
            lengths: np.full([len(images)], 28, dtype=np.int32),
            keep_prob: keep}

  valid = feed(mnist.validation.images[:500], mnist.validation.labels[:500])
  with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    first = sess.run(loss, valid)
    for _ in range(FLAGS.max_steps):
      images, labels = mnist.train.next_batch(64)
      _, step, rate = sess.run([train_op, global_step, learning_rate],
                               feed(images, labels, keep=0.9))
      if step % 10 == 0:
        print("step %d learning rate %.5f" % (step, rate))
    last = sess.run(loss, valid)
  print("loss %.6f -> %.6f" % (first, last))


if __name__ == "__main__":
  tf.app.run()
