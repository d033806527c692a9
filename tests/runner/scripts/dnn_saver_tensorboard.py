"""The 2018 template sheet: name scopes, TensorBoard, Saver, He init, L2, dropout.

A DNN on MNIST built with `tf.layers.dense` under `tf.name_scope("dnn")`, He
initialization from `tf.contrib.layers.variance_scaling_initializer`, an L2
regularizer through `functools.partial`, `tf.layers.dropout` with a `training`
placeholder, `REGULARIZATION_LOSSES`, `tf.summary.scalar` written by a
`FileWriter`, and `tf.train.Saver` save then restore into a fresh session.
Last line: `loss <before> -> <after>` (validation cross-entropy).
"""
import os
from datetime import datetime
from functools import partial

import tensorflow as tf
from tensorflow.examples.tutorials.mnist import input_data

tf.app.flags.DEFINE_string("data_dir", "MNIST_data", "MNIST directory")
tf.app.flags.DEFINE_string("root_logdir", "tf_logs", "TensorBoard root directory")
tf.app.flags.DEFINE_string("checkpoint_dir", "checkpoints", "where to save")
tf.app.flags.DEFINE_integer("n_epochs", 20, "epochs")
tf.app.flags.DEFINE_integer("steps_per_epoch", 100, "batches per epoch")
FLAGS = tf.app.flags.FLAGS

n_inputs, n_hidden1, n_hidden2, n_outputs = 28 * 28, 100, 50, 10


def log_dir(prefix=""):
  now = datetime.utcnow().strftime("%Y%m%d%H%M%S")
  if prefix:
    prefix += "-"
  return "{}/{}run-{}/".format(FLAGS.root_logdir, prefix, now)


def main(_):
  mnist = input_data.read_data_sets(FLAGS.data_dir, seed=5)
  tf.set_random_seed(5)
  X = tf.placeholder(tf.float32, shape=(None, n_inputs), name="X")
  y = tf.placeholder(tf.int32, shape=(None), name="y")
  training = tf.placeholder_with_default(False, shape=(), name="training")

  he_init = tf.contrib.layers.variance_scaling_initializer()
  scale = 0.001
  my_dense_layer = partial(
      tf.layers.dense, activation=tf.nn.relu, kernel_initializer=he_init,
      kernel_regularizer=tf.contrib.layers.l2_regularizer(scale))
  with tf.name_scope("dnn"):
    hidden1 = my_dense_layer(X, n_hidden1, name="hidden1")
    hidden1_drop = tf.layers.dropout(hidden1, 0.2, training=training)
    hidden2 = my_dense_layer(hidden1_drop, n_hidden2, name="hidden2")
    logits = my_dense_layer(hidden2, n_outputs, activation=None, name="outputs")

  with tf.name_scope("loss"):
    xentropy = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y,
                                                              logits=logits)
    base_loss = tf.reduce_mean(xentropy, name="avg_xentropy")
    reg_losses = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
    loss = tf.add_n([base_loss] + reg_losses, name="loss")
    loss_summary = tf.summary.scalar("log_loss", loss)

  with tf.name_scope("train"):
    optimizer = tf.train.MomentumOptimizer(learning_rate=0.05, momentum=0.9)
    training_op = optimizer.minimize(loss)

  with tf.name_scope("eval"):
    correct = tf.nn.in_top_k(logits, y, 1)
    accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))

  with tf.name_scope("save"):
    saver = tf.train.Saver()
  init = tf.global_variables_initializer()
  assert len(reg_losses) == 3, reg_losses

  logdir = log_dir("mnist_dnn")
  file_writer = tf.summary.FileWriter(logdir, tf.get_default_graph())
  tf.gfile.MakeDirs(FLAGS.checkpoint_dir)
  final_model_path = os.path.join(FLAGS.checkpoint_dir, "my_model_final.ckpt")
  valid = {X: mnist.validation.images, y: mnist.validation.labels}

  with tf.Session() as sess:
    init.run()
    first = base_loss.eval(feed_dict=valid)
    for epoch in range(FLAGS.n_epochs):
      for _ in range(FLAGS.steps_per_epoch):
        X_batch, y_batch = mnist.train.next_batch(50)
        sess.run(training_op, feed_dict={X: X_batch, y: y_batch,
                                         training: True})
      loss_val, summary_str, acc = sess.run([loss, loss_summary, accuracy],
                                            feed_dict=valid)
      file_writer.add_summary(summary_str, epoch)
      print("epoch", epoch, "validation accuracy", acc, "loss", loss_val)
    last = base_loss.eval(feed_dict=valid)
    save_path = saver.save(sess, final_model_path)
  file_writer.close()

  with tf.Session() as sess:
    saver.restore(sess, save_path)
    restored = base_loss.eval(feed_dict=valid)
  assert abs(restored - last) < 1e-6, (restored, last)
  assert tf.train.latest_checkpoint(FLAGS.checkpoint_dir) == save_path
  events = tf.gfile.Glob(os.path.join(logdir, "events.out.tfevents.*"))
  assert events, "no TensorBoard event file in %s" % logdir
  print("restored loss %.6f from %s" % (restored, save_path))
  print("loss %.6f -> %.6f" % (first, last))


if __name__ == "__main__":
  tf.app.run()
