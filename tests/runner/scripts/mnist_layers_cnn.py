"""A tf.layers CNN on MNIST with batch normalization and dropout.

`tf.layers.conv2d` / `max_pooling2d` / `batch_normalization` / `flatten` /
`dense` / `dropout`, a `training` placeholder, the UPDATE_OPS control dependency,
integer labels with `tf.losses.sparse_softmax_cross_entropy`, and the NumPy 1.x
`np.int` alias. Last line: `loss <before> -> <after>` (validation loss).
"""
import numpy as np
import tensorflow as tf
from tensorflow.examples.tutorials.mnist import input_data

tf.flags.DEFINE_string("data_dir", "/tmp/data", "MNIST directory")
tf.flags.DEFINE_integer("train_steps", 500, "training steps")
tf.flags.DEFINE_integer("batch_size", 64, "batch size")
FLAGS = tf.flags.FLAGS


def cnn(images, training):
  net = tf.reshape(images, [-1, 28, 28, 1])
  net = tf.layers.conv2d(net, 8, [5, 5], padding="same", activation=tf.nn.relu,
                         name="conv1")
  net = tf.layers.max_pooling2d(net, pool_size=[2, 2], strides=2)
  net = tf.layers.conv2d(net, 16, [5, 5], padding="same", name="conv2")
  net = tf.layers.batch_normalization(net, training=training, name="bn2")
  net = tf.nn.relu(net)
  net = tf.layers.max_pooling2d(net, pool_size=[2, 2], strides=2)
  net = tf.layers.flatten(net)
  net = tf.layers.dense(net, 64, activation=tf.nn.relu, name="dense")
  net = tf.layers.dropout(net, rate=0.4, training=training)
  return tf.layers.dense(net, 10, name="logits")


def main(unused_argv):
  tf.logging.set_verbosity(tf.logging.INFO)
  mnist = input_data.read_data_sets(FLAGS.data_dir, one_hot=False, seed=1)
  tf.set_random_seed(1)
  images = tf.placeholder(tf.float32, [None, 784], name="images")
  labels = tf.placeholder(tf.int32, [None], name="labels")
  training = tf.placeholder_with_default(False, shape=(), name="training")
  logits = cnn(images, training)
  loss = tf.losses.sparse_softmax_cross_entropy(labels=labels, logits=logits)
  update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
  with tf.control_dependencies(update_ops):
    train_op = tf.train.AdamOptimizer(1e-3).minimize(loss)
  accuracy = tf.reduce_mean(
      tf.cast(tf.equal(tf.argmax(logits, 1, output_type=tf.int32), labels),
              tf.float32))

  valid = {images: mnist.validation.images[:500],
           labels: mnist.validation.labels[:500].astype(np.int)}
  with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    first = sess.run(loss, valid)
    for step in range(FLAGS.train_steps):
      batch_x, batch_y = mnist.train.next_batch(FLAGS.batch_size)
      _, loss_val = sess.run([train_op, loss], {images: batch_x,
                                                labels: batch_y, training: True})
      if step % 10 == 0:
        tf.logging.info("step %d, loss = %.4f", step, loss_val)
    last, acc = sess.run([loss, accuracy], valid)
  print("validation accuracy %.3f" % acc)
  print("loss %.6f -> %.6f" % (first, last))


if __name__ == "__main__":
  tf.app.run()
