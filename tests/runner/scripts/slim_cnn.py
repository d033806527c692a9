"""A TF-Slim CNN on MNIST, written the way the slim walkthrough taught it.

`import tensorflow.contrib.slim as slim`, `slim.arg_scope` over `slim.conv2d` /
`slim.fully_connected` with a regularizer and an initializer, `slim.repeat`,
`slim.max_pool2d`, `slim.flatten`, `slim.dropout`, `slim.losses.
softmax_cross_entropy` plus `slim.losses.get_total_loss` (with the
regularization losses), `slim.learning.create_train_op`, and
`slim.get_model_variables`. Last line: `loss <before> -> <after>` (test loss).
"""
import numpy as np
import tensorflow as tf
import tensorflow.contrib.slim as slim
from tensorflow.examples.tutorials.mnist import input_data

flags = tf.app.flags
flags.DEFINE_string("data_dir", "MNIST_data", "MNIST directory")
flags.DEFINE_integer("max_steps", 200, "training steps")
FLAGS = flags.FLAGS


def lenet(images, is_training):
  with slim.arg_scope([slim.conv2d, slim.fully_connected],
                      activation_fn=tf.nn.relu,
                      weights_initializer=tf.truncated_normal_initializer(
                          stddev=0.1),
                      weights_regularizer=slim.l2_regularizer(0.0005)):
    net = tf.reshape(images, [-1, 28, 28, 1])
    net = slim.repeat(net, 2, slim.conv2d, 8, [3, 3], scope="conv1")
    net = slim.max_pool2d(net, [2, 2], scope="pool1")
    net = slim.conv2d(net, 16, [3, 3], scope="conv2")
    net = slim.max_pool2d(net, [2, 2], scope="pool2")
    net = slim.flatten(net, scope="flatten")
    net = slim.fully_connected(net, 64, scope="fc3")
    net = slim.dropout(net, 0.5, is_training=is_training, scope="dropout3")
    return slim.fully_connected(net, 10, activation_fn=None, scope="fc4")


def main(_):
  mnist = input_data.read_data_sets(FLAGS.data_dir, one_hot=True)
  tf.set_random_seed(3)
  images = tf.placeholder(tf.float32, [None, 784])
  labels = tf.placeholder(tf.float32, [None, 10])
  is_training = tf.placeholder_with_default(False, [])
  logits = lenet(images, is_training)
  slim.losses.softmax_cross_entropy(logits, labels)
  total_loss = slim.losses.get_total_loss()
  optimizer = tf.train.AdamOptimizer(1e-3)
  train_op = slim.learning.create_train_op(total_loss, optimizer)
  names = [v.op.name for v in slim.get_model_variables()]
  assert names[:4] == ["conv1/conv1_1/weights", "conv1/conv1_1/biases",
                       "conv1/conv1_2/weights", "conv1/conv1_2/biases"], names
  test_feed = {images: mnist.test.images[:500],
               labels: mnist.test.labels[:500]}
  with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    before = sess.run(total_loss, test_feed)
    for step in range(FLAGS.max_steps):
      batch_x, batch_y = mnist.train.next_batch(32)
      loss = sess.run(train_op, {images: batch_x, labels: batch_y,
                                 is_training: True})
      if step % 50 == 0:
        print("step %d, total loss %.4f" % (step, loss))
    after = sess.run(total_loss, test_feed)
  assert np.isfinite(after)
  print("loss %f -> %f" % (before, after))


if __name__ == "__main__":
  tf.app.run()
