"""A custom model_fn trained with tf.estimator, as the 2018 guides taught it.

Three Gaussian blobs in the plane, a small dense net from `tf.layers` in a
`model_fn` with params, `tf.estimator.Estimator` (its own temporary model_dir),
`tf.estimator.inputs.numpy_input_fn`, `train`, `evaluate` (also before training,
on the initialized model, as TF 1.15 allows), `predict` and
`tf.metrics.accuracy`. Last line: `loss <before> -> <after>` (cross-entropy on
the held-out points).
"""
import numpy as np
import tensorflow as tf

tf.app.flags.DEFINE_integer("steps", 200, "number of training steps")
tf.app.flags.DEFINE_integer("batch_size", 32, "examples per training batch")
FLAGS = tf.app.flags.FLAGS

CENTERS = np.array([[0., 2.], [-2., -1.], [2., -1.]], dtype=np.float32)


def make_blobs(n, seed):
  rng = np.random.RandomState(seed)
  labels = rng.randint(0, 3, size=n).astype(np.int32)
  points = CENTERS[labels] + 0.9 * rng.randn(n, 2).astype(np.float32)
  return points.astype(np.float32), labels


def model_fn(features, labels, mode, params):
  net = tf.layers.dense(features["x"], params["hidden_units"],
                        activation=tf.nn.relu, name="hidden")
  logits = tf.layers.dense(net, params["n_classes"], name="logits")
  predictions = {
      "classes": tf.argmax(logits, axis=1),
      "probabilities": tf.nn.softmax(logits, name="softmax_tensor"),
  }
  if mode == tf.estimator.ModeKeys.PREDICT:
    return tf.estimator.EstimatorSpec(mode=mode, predictions=predictions)

  loss = tf.losses.sparse_softmax_cross_entropy(labels=labels, logits=logits)
  if mode == tf.estimator.ModeKeys.TRAIN:
    optimizer = tf.train.AdamOptimizer(learning_rate=params["learning_rate"])
    train_op = optimizer.minimize(loss=loss,
                                  global_step=tf.train.get_global_step())
    return tf.estimator.EstimatorSpec(mode=mode, loss=loss, train_op=train_op)

  eval_metric_ops = {
      "accuracy": tf.metrics.accuracy(labels=labels,
                                      predictions=predictions["classes"])}
  return tf.estimator.EstimatorSpec(mode=mode, loss=loss,
                                    eval_metric_ops=eval_metric_ops)


def main(_):
  tf.logging.set_verbosity(tf.logging.INFO)
  train_x, train_y = make_blobs(300, seed=0)
  test_x, test_y = make_blobs(90, seed=1)

  classifier = tf.estimator.Estimator(
      model_fn=model_fn,
      params={"hidden_units": 16, "n_classes": 3, "learning_rate": 0.05},
      config=tf.estimator.RunConfig(tf_random_seed=42,
                                    log_step_count_steps=20))
  train_input_fn = tf.estimator.inputs.numpy_input_fn(
      x={"x": train_x}, y=train_y, batch_size=FLAGS.batch_size,
      num_epochs=None, shuffle=True)
  eval_input_fn = tf.estimator.inputs.numpy_input_fn(
      x={"x": test_x}, y=test_y, num_epochs=1, shuffle=False)

  before = classifier.evaluate(input_fn=eval_input_fn)
  classifier.train(input_fn=train_input_fn, steps=FLAGS.steps)
  after = classifier.evaluate(input_fn=eval_input_fn)
  print("global step %d, accuracy %.3f -> %.3f"
        % (after["global_step"], before["accuracy"], after["accuracy"]))

  predict_input_fn = tf.estimator.inputs.numpy_input_fn(
      x={"x": test_x[:5]}, num_epochs=1, shuffle=False)
  for i, prediction in enumerate(classifier.predict(input_fn=predict_input_fn)):
    print("point %s: class %d (p=%.2f), label %d"
          % (test_x[i], prediction["classes"],
             prediction["probabilities"][prediction["classes"]], test_y[i]))

  tf.gfile.DeleteRecursively(classifier.model_dir)
  print("loss %.6f -> %.6f" % (before["loss"], after["loss"]))


if __name__ == "__main__":
  tf.app.run()
