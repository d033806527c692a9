"""A classifier fed by `tf.data` iterators and built from `tf.contrib.layers`.

The TF 1.4+ "feedable iterator" pattern: a training dataset with
`make_one_shot_iterator`, a validation dataset with `make_initializable_iterator`,
both behind `tf.data.Iterator.from_string_handle`. The network uses
`tf.contrib.framework.arg_scope` over `fully_connected` (ReLU by default) with
`batch_norm` as normalizer and an L2 regularizer, `tf.contrib.layers.dropout`,
`tf.losses.softmax_cross_entropy` + `tf.losses.get_total_loss()`, and a global
step. Last line: `loss <before> -> <after>` (validation cross-entropy).
"""
import numpy as np
import tensorflow as tf

layers = tf.contrib.layers
arg_scope = tf.contrib.framework.arg_scope

tf.app.flags.DEFINE_integer("train_steps", 1000, "training steps")
FLAGS = tf.app.flags.FLAGS


def make_blobs(n, rng):
  centers = np.array([[2.0, 0.0], [-2.0, 1.0], [0.0, -2.5]])
  labels = rng.randint(0, 3, size=n)
  features = centers[labels] + rng.normal(scale=1.0, size=(n, 2))
  return features.astype(np.float), np.eye(3)[labels].astype(np.float32)


def model(features, is_training):
  with arg_scope([layers.fully_connected],
                 weights_regularizer=layers.l2_regularizer(1e-3),
                 normalizer_fn=layers.batch_norm,
                 normalizer_params={"is_training": is_training,
                                    "updates_collections": None}):
    net = layers.fully_connected(features, 32, scope="fc1")
    net = layers.dropout(net, keep_prob=0.9, is_training=is_training)
    net = layers.fully_connected(net, 32, scope="fc2")
    return layers.fully_connected(net, 3, activation_fn=None,
                                  normalizer_fn=None, scope="logits")


def main(_):
  rng = np.random.RandomState(9)
  train_x, train_y = make_blobs(2000, rng)
  valid_x, valid_y = make_blobs(500, rng)
  tf.set_random_seed(9)

  train_ds = tf.data.Dataset.from_tensor_slices(
      (train_x.astype(np.float32), train_y)).shuffle(2000, seed=9).batch(
          64).repeat()
  valid_ds = tf.data.Dataset.from_tensor_slices(
      (valid_x.astype(np.float32), valid_y)).batch(500)
  handle = tf.placeholder(tf.string, shape=[])
  iterator = tf.data.Iterator.from_string_handle(
      handle, train_ds.output_types, train_ds.output_shapes)
  features, labels = iterator.get_next()
  training_iterator = train_ds.make_one_shot_iterator()
  validation_iterator = valid_ds.make_initializable_iterator()

  is_training = tf.placeholder_with_default(False, [], name="is_training")
  logits = model(features, is_training)
  xent = tf.losses.softmax_cross_entropy(onehot_labels=labels, logits=logits)
  total_loss = tf.losses.get_total_loss()
  # weights and BatchNorm beta, moving_mean, moving_variance: no biases, no gamma.
  assert len(tf.contrib.framework.get_model_variables("fc1")) == 4
  assert len(tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)) == 3
  global_step = tf.train.get_or_create_global_step()
  train_op = tf.train.AdamOptimizer(0.01).minimize(total_loss,
                                                   global_step=global_step)

  with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    training_handle = sess.run(training_iterator.string_handle())
    validation_handle = sess.run(validation_iterator.string_handle())

    def validation_loss():
      sess.run(validation_iterator.initializer)
      return sess.run(xent, {handle: validation_handle})

    first = validation_loss()
    for _ in range(FLAGS.train_steps):
      _, step, loss = sess.run([train_op, global_step, total_loss],
                               {handle: training_handle, is_training: True})
      if step % 25 == 0:
        print("step %d total loss %.4f" % (step, loss))
    last = validation_loss()
  print("loss %.6f -> %.6f" % (first, last))


if __name__ == "__main__":
  tf.app.run()
