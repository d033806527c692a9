"""Softmax regression on MNIST, as in the "MNIST for ML beginners" tutorial.

`input_data.read_data_sets` with one-hot labels, `InteractiveSession`, `.run()` and
`.eval()`. Last line: `loss <before> -> <after>` (cross-entropy on the validation
images).
"""
import argparse
import sys

import tensorflow as tf
from tensorflow.examples.tutorials.mnist import input_data

FLAGS = None


def main(_):
  mnist = input_data.read_data_sets(FLAGS.data_dir, one_hot=True, seed=0)
  tf.set_random_seed(0)

  x = tf.placeholder(tf.float32, [None, 784])
  W = tf.Variable(tf.zeros([784, 10]))
  b = tf.Variable(tf.zeros([10]))
  y = tf.matmul(x, W) + b
  y_ = tf.placeholder(tf.float32, [None, 10])

  cross_entropy = tf.reduce_mean(
      tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=y))
  train_step = tf.train.GradientDescentOptimizer(0.5).minimize(cross_entropy)

  sess = tf.InteractiveSession()
  tf.global_variables_initializer().run()
  valid = {x: mnist.validation.images, y_: mnist.validation.labels}
  first = cross_entropy.eval(valid)
  for _ in range(FLAGS.steps):
    batch_xs, batch_ys = mnist.train.next_batch(100)
    sess.run(train_step, feed_dict={x: batch_xs, y_: batch_ys})

  correct_prediction = tf.equal(tf.argmax(y, 1), tf.argmax(y_, 1))
  accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))
  print("test accuracy %g" % sess.run(
      accuracy, feed_dict={x: mnist.test.images, y_: mnist.test.labels}))
  last = cross_entropy.eval(valid)
  sess.close()
  print("loss %.6f -> %.6f" % (first, last))


if __name__ == "__main__":
  parser = argparse.ArgumentParser()
  parser.add_argument("--data_dir", type=str,
                      default="/tmp/tensorflow/mnist/input_data",
                      help="Directory for storing input data")
  parser.add_argument("--steps", type=int, default=1000)
  FLAGS, unparsed = parser.parse_known_args()
  tf.app.run(main=main, argv=[sys.argv[0]] + unparsed)
