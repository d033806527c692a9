"""A tf.layers CNN in a custom model_fn, trained with tf.estimator.train_and_evaluate.

The TF 1.x "layers" tutorial's `cnn_model_fn` (conv / pool / conv / pool /
dense / dropout / logits, smaller here) on MNIST from
`tensorflow.examples.tutorials.mnist.input_data`, fed by
`tf.estimator.inputs.numpy_input_fn`, run by `tf.estimator.train_and_evaluate`
with a `TrainSpec`, an `EvalSpec` evaluating every checkpoint and a
`tf.estimator.LatestExporter` writing a SavedModel after each evaluation. Last
line: `loss <before> -> <after>` (evaluation loss of the initialized model and
the final evaluation's).
"""
import os
import shutil
import tempfile

import numpy as np
import tensorflow as tf
from tensorflow.examples.tutorials.mnist import input_data

tf.flags.DEFINE_string("data_dir", "MNIST_data", "MNIST directory")
tf.flags.DEFINE_integer("max_steps", 2000, "global step to train to")
tf.flags.DEFINE_integer("save_checkpoints_steps", 20,
                        "checkpoint (and evaluate) every this many steps")
FLAGS = tf.flags.FLAGS


def cnn_model_fn(features, labels, mode):
  input_layer = tf.reshape(features["x"], [-1, 28, 28, 1])
  conv1 = tf.layers.conv2d(inputs=input_layer, filters=8, kernel_size=[5, 5],
                           padding="same", activation=tf.nn.relu)
  pool1 = tf.layers.max_pooling2d(inputs=conv1, pool_size=[2, 2], strides=2)
  conv2 = tf.layers.conv2d(inputs=pool1, filters=16, kernel_size=[5, 5],
                           padding="same", activation=tf.nn.relu)
  pool2 = tf.layers.max_pooling2d(inputs=conv2, pool_size=[2, 2], strides=2)
  pool2_flat = tf.reshape(pool2, [-1, 7 * 7 * 16])
  dense = tf.layers.dense(inputs=pool2_flat, units=64, activation=tf.nn.relu)
  dropout = tf.layers.dropout(inputs=dense, rate=0.4,
                              training=mode == tf.estimator.ModeKeys.TRAIN)
  logits = tf.layers.dense(inputs=dropout, units=10)

  predictions = {
      "classes": tf.argmax(input=logits, axis=1),
      "probabilities": tf.nn.softmax(logits, name="softmax_tensor"),
  }
  if mode == tf.estimator.ModeKeys.PREDICT:
    return tf.estimator.EstimatorSpec(
        mode=mode, predictions=predictions,
        export_outputs={"classify": tf.estimator.export.PredictOutput(
            predictions)})

  loss = tf.losses.sparse_softmax_cross_entropy(labels=labels, logits=logits)
  if mode == tf.estimator.ModeKeys.TRAIN:
    optimizer = tf.train.AdamOptimizer(learning_rate=1e-3)
    train_op = optimizer.minimize(loss=loss,
                                  global_step=tf.train.get_global_step())
    return tf.estimator.EstimatorSpec(mode=mode, loss=loss, train_op=train_op)

  eval_metric_ops = {
      "accuracy": tf.metrics.accuracy(labels=labels,
                                      predictions=predictions["classes"])}
  return tf.estimator.EstimatorSpec(mode=mode, loss=loss,
                                    eval_metric_ops=eval_metric_ops)


def serving_input_receiver_fn():
  images = tf.placeholder(tf.float32, [None, 784], name="images")
  return tf.estimator.export.ServingInputReceiver({"x": images},
                                                  {"images": images})


def main(unused_argv):
  tf.logging.set_verbosity(tf.logging.INFO)
  mnist = input_data.read_data_sets(FLAGS.data_dir, seed=1)
  train_data = mnist.train.images
  train_labels = np.asarray(mnist.train.labels, dtype=np.int32)
  eval_data = mnist.test.images[:500]
  eval_labels = np.asarray(mnist.test.labels[:500], dtype=np.int32)

  model_dir = tempfile.mkdtemp()
  mnist_classifier = tf.estimator.Estimator(
      model_fn=cnn_model_fn, model_dir=model_dir,
      config=tf.estimator.RunConfig(
          tf_random_seed=1,
          save_checkpoints_steps=FLAGS.save_checkpoints_steps))

  train_input_fn = tf.estimator.inputs.numpy_input_fn(
      x={"x": train_data}, y=train_labels, batch_size=50, num_epochs=None,
      shuffle=True)
  eval_input_fn = tf.estimator.inputs.numpy_input_fn(
      x={"x": eval_data}, y=eval_labels, batch_size=250, num_epochs=1,
      shuffle=False)

  before = mnist_classifier.evaluate(input_fn=eval_input_fn, name="initial")
  exporter = tf.estimator.LatestExporter(
      "mnist", serving_input_receiver_fn, exports_to_keep=2)
  train_spec = tf.estimator.TrainSpec(input_fn=train_input_fn,
                                      max_steps=FLAGS.max_steps)
  eval_spec = tf.estimator.EvalSpec(input_fn=eval_input_fn, steps=None,
                                    exporters=[exporter], throttle_secs=0)
  eval_result, export_results = tf.estimator.train_and_evaluate(
      mnist_classifier, train_spec, eval_spec)
  print("final evaluation at step %d: accuracy %.3f"
        % (eval_result["global_step"], eval_result["accuracy"]))
  export_base = os.path.join(model_dir, "export", "mnist")
  print("exports kept: %d, latest: %s"
        % (len(tf.gfile.ListDirectory(export_base)),
           os.path.basename(export_results[0].decode())))

  shutil.rmtree(model_dir)
  print("loss %.6f -> %.6f" % (before["loss"], eval_result["loss"]))


if __name__ == "__main__":
  tf.app.run()
