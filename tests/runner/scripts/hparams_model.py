"""An HParams-driven classifier, in the style of tensorflow/nmt and tensor2tensor.

`create_hparams()` returns a `tf.contrib.training.HParams`; `--hparams` overrides
it with TF1's `name=value,list=[...]` syntax (`hparams.parse`), derived values are
added with `add_hparam`, and the result is saved with `to_json` and reloaded with
`parse_json`, as nmt does with its `hparams` file. `create_model(hparams, mode)`
builds a `tf.layers.dense` stack for `tf.contrib.learn.ModeKeys.TRAIN` and again,
sharing the variables, for `EVAL`; a `tf.Session` loop trains on three Gaussian
blobs. Last line: `loss <before> -> <after>` (the eval model's loss on a fixed
evaluation set).
"""
import collections
import os
import shutil
import tempfile

import numpy as np
import tensorflow as tf

flags = tf.flags
flags.DEFINE_string("hparams", "", "Comma separated list of name=value "
                    "hyperparameter overrides, e.g. 'learning_rate=0.1,"
                    "num_units=[32,16]'")
flags.DEFINE_integer("num_steps", 200, "Number of training steps")
flags.DEFINE_string("out_dir", "", "Where to write the hparams file (a "
                    "temporary directory if empty)")
FLAGS = flags.FLAGS

Model = collections.namedtuple("Model", ["inputs", "labels", "loss", "train_op",
                                         "accuracy"])


def create_hparams():
  return tf.contrib.training.HParams(
      learning_rate=0.5,
      optimizer="sgd",
      num_units=[32, 16],
      activation="tanh",
      keep_prob=0.9,
      l2_scale=1e-4,
      batch_size=32,
      num_classes=3,
      feature_size=2,
      max_gradient_norm=5.0,
      use_bias=True)


def extend_hparams(hparams):
  """Derived values, the way nmt's extend_hparams adds them."""
  hparams.add_hparam("num_layers", len(hparams.num_units))
  if hparams.optimizer == "adam" and hparams.learning_rate > 0.01:
    print("# learning_rate %g is large for adam" % hparams.learning_rate)
  return hparams


def print_hparams(hparams):
  values = hparams.values()
  for key in sorted(values.keys()):
    print("  %s=%s" % (key, str(values[key])))


def save_and_reload(hparams, out_dir):
  path = os.path.join(out_dir, "hparams")
  with tf.gfile.GFile(path, "w") as f:
    f.write(hparams.to_json(indent=2, sort_keys=True))
  loaded = extend_hparams(create_hparams())
  with tf.gfile.GFile(path, "r") as f:
    loaded.parse_json(f.read())
  assert loaded.values() == hparams.values(), (loaded, hparams)
  return loaded


def make_blobs(rng, n, num_classes, feature_size):
  centers = np.array([[np.cos(2 * np.pi * k / num_classes),
                       np.sin(2 * np.pi * k / num_classes)]
                      for k in range(num_classes)])[:, :feature_size] * 2.0
  labels = rng.randint(0, num_classes, size=n)
  inputs = centers[labels] + 0.6 * rng.randn(n, feature_size)
  return inputs.astype(np.float32), labels.astype(np.int32)


def create_model(hparams, mode):
  inputs = tf.placeholder(tf.float32, [None, hparams.feature_size], name="inputs")
  labels = tf.placeholder(tf.int32, [None], name="labels")
  activation = getattr(tf.nn, hparams.activation)
  regularizer = tf.contrib.layers.l2_regularizer(hparams.l2_scale)
  net = inputs
  for layer, units in enumerate(hparams.num_units):
    net = tf.layers.dense(net, units, activation=activation,
                          use_bias=hparams.use_bias,
                          kernel_regularizer=regularizer,
                          name="layer_%d" % layer)
    if mode == tf.contrib.learn.ModeKeys.TRAIN:
      net = tf.nn.dropout(net, keep_prob=hparams.keep_prob)
  logits = tf.layers.dense(net, hparams.num_classes, name="output_projection")
  loss = tf.losses.sparse_softmax_cross_entropy(labels=labels, logits=logits)
  loss += tf.losses.get_regularization_loss()
  accuracy = tf.reduce_mean(tf.cast(
      tf.equal(tf.argmax(logits, 1, output_type=tf.int32), labels), tf.float32))
  train_op = None
  if mode == tf.contrib.learn.ModeKeys.TRAIN:
    if hparams.optimizer == "sgd":
      optimizer = tf.train.GradientDescentOptimizer(hparams.learning_rate)
    elif hparams.optimizer == "adam":
      optimizer = tf.train.AdamOptimizer(hparams.learning_rate)
    else:
      raise ValueError("Unknown optimizer %s" % hparams.optimizer)
    params = tf.trainable_variables()
    gradients = tf.gradients(loss, params)
    clipped, _ = tf.clip_by_global_norm(gradients, hparams.max_gradient_norm)
    global_step = tf.train.get_or_create_global_step()
    train_op = optimizer.apply_gradients(zip(clipped, params),
                                         global_step=global_step)
  return Model(inputs, labels, loss, train_op, accuracy)


def main(_):
  hparams = create_hparams()
  hparams.parse(FLAGS.hparams)
  hparams = extend_hparams(hparams)
  out_dir = FLAGS.out_dir or tempfile.mkdtemp()
  hparams = save_and_reload(hparams, out_dir)
  if not FLAGS.out_dir:
    shutil.rmtree(out_dir)
  print("# hparams:")
  print_hparams(hparams)

  tf.set_random_seed(3)
  rng = np.random.RandomState(3)
  eval_inputs, eval_labels = make_blobs(np.random.RandomState(0), 300,
                                        hparams.num_classes,
                                        hparams.feature_size)
  with tf.variable_scope("model"):
    train_model = create_model(hparams, tf.contrib.learn.ModeKeys.TRAIN)
  with tf.variable_scope("model", reuse=True):
    eval_model = create_model(hparams, tf.contrib.learn.ModeKeys.EVAL)
  eval_feed = {eval_model.inputs: eval_inputs, eval_model.labels: eval_labels}

  with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    first = sess.run(eval_model.loss, eval_feed)
    for step in range(FLAGS.num_steps):
      inputs, labels = make_blobs(rng, hparams.batch_size, hparams.num_classes,
                                  hparams.feature_size)
      _, loss = sess.run([train_model.train_op, train_model.loss],
                         {train_model.inputs: inputs, train_model.labels: labels})
      if step % 20 == 0:
        print("step %d train loss %.4f eval accuracy %.3f" % (
            step, loss, sess.run(eval_model.accuracy, eval_feed)))
    last = sess.run(eval_model.loss, eval_feed)
  print("loss %.6f -> %.6f" % (first, last))


if __name__ == "__main__":
  tf.app.run()
