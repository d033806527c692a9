"""The LeNet builders: names and shapes, training steps, reuse, save/restore."""

import numpy as np
import pytest
import tensorflow as tf

from tf1_compat.models import lenet

V1 = tf.compat.v1


def _batch(rng, n=16):
  """Two trivially separable classes: bright left half vs bright right half."""
  labels = rng.integers(0, 2, n)
  images = np.zeros([n, 28, 28], np.float32)
  for i, label in enumerate(labels):
    images[i, :, label * 14:(label + 1) * 14] = 1.0
  return images.reshape(n, 784), np.eye(10, dtype=np.float32)[labels]


def test_slides_variables():
  graph = tf.Graph()
  with graph.as_default():
    lenet.build()
  with graph.as_default():
    shapes = {v.op.name: v.shape.as_list() for v in V1.trainable_variables()}
  assert shapes == {
      "CNN/conv1/weights": [5, 5, 1, 32], "CNN/conv1/biases": [32],
      "CNN/conv2/weights": [5, 5, 32, 64], "CNN/conv2/biases": [64],
      "CNN/fc1/weights": [3136, 1024], "CNN/fc1/biases": [1024],
      "CNN/fc2/weights": [1024, 10], "CNN/fc2/biases": [10],
  }


@pytest.mark.parametrize("architecture", ["slides", "lenet5"])
def test_trains_shares_and_restores(architecture, tmp_path):
  hparams = lenet.HParams(architecture=architecture, learning_rate=1e-3)
  graph = tf.Graph()
  with graph.as_default():
    V1.set_random_seed(0)
    train = lenet.build(hparams)
    evaluate = lenet.build(hparams, mode=lenet.EVAL, reuse=True)
    saver = V1.train.Saver()
  n_weights = len(graph.get_collection(V1.GraphKeys.TRAINABLE_VARIABLES))
  assert n_weights == (8 if architecture == "slides" else 10)
  rng = np.random.default_rng(0)
  images, labels = _batch(rng, 64)
  with V1.Session(graph=graph) as session:
    session.run(V1.global_variables_initializer())
    first = session.run(train.loss, {train.images: images, train.labels: labels})
    for _ in range(15):
      x, y = _batch(rng)
      session.run(train.train_op, {train.images: x, train.labels: y,
                                   train.keep_prob: hparams.keep_prob})
    feed = {evaluate.images: images, evaluate.labels: labels}
    last, accuracy, probs = session.run(
        [evaluate.loss, evaluate.accuracy, evaluate.probabilities], feed)
    path = saver.save(session, str(tmp_path / "ckpt"))
  assert last < first
  assert accuracy > 0.9
  np.testing.assert_allclose(probs.sum(1), 1.0, rtol=1e-5)

  restored = tf.Graph()
  with restored.as_default():
    ep = lenet.build(hparams, mode=lenet.EVAL)
    restorer = V1.train.Saver()
  with V1.Session(graph=restored) as session:
    restorer.restore(session, path)
    np.testing.assert_allclose(
        session.run(ep.loss, {ep.images: images, ep.labels: labels}), last,
        rtol=1e-5)


def test_initial_values_follow_the_slides():
  graph = tf.Graph()
  with graph.as_default():
    V1.set_random_seed(0)
    lenet.build()
    with V1.Session() as session:
      session.run(V1.global_variables_initializer())
      values = {v.op.name: session.run(v) for v in V1.trainable_variables()}
  assert np.all(values["CNN/fc2/biases"] == np.float32(0.1))
  weights = values["CNN/fc1/weights"]
  assert abs(weights.std() - 0.088) < 0.003  # truncated normal, stddev 0.1.
  assert np.abs(weights).max() <= 0.2


def test_unknown_architecture():
  with tf.Graph().as_default():
    with pytest.raises(ValueError, match="architecture.*'alexnet'"):
      lenet.build(lenet.HParams(architecture="alexnet"))
