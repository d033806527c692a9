"""contrib.slim, contrib.losses, contrib.metrics and the tf-slim-served layers.

TF-Slim is served by the tf-slim package; what is ours is the wiring: one
`arg_scope` stack, `slim.conv2d is tf.contrib.layers.conv2d`, scopes reaching
the layers inside tf-slim's nets, and TF 1.15's names.
"""

import numpy as np
import pytest
import tensorflow as tf

from tf1_compat.contrib import framework
from tf1_compat.contrib import layers
from tf1_compat.contrib import losses
from tf1_compat.contrib import metrics
from tf1_compat.contrib import slim

V1 = tf.compat.v1
_REG = V1.GraphKeys.REGULARIZATION_LOSSES


def test_slim_serves_our_layers_and_tf1s_modules():
  assert slim.conv2d is layers.conv2d
  assert slim.fully_connected is layers.fully_connected
  assert slim.arg_scope is framework.arg_scope
  assert slim.losses is losses and slim.metrics is metrics
  for name in ("learning", "evaluation", "queues", "summaries",
               "model_analyzer", "tfexample_decoder", "dataset_data_provider",
               "nets", "l2_regularizer", "xavier_initializer", "model_variable",
               "get_variables_to_restore", "separable_conv2d", "batch_norm"):
    assert name in slim.__all__, name
  for helper in ("array_ops", "six", "absolute_import"):
    assert helper not in slim.__all__
  with pytest.raises(AttributeError, match="tf.contrib.slim.no_such"):
    getattr(slim, "no_such")


def test_one_arg_scope_stack_reaches_tf_slims_nets():
  graph = tf.Graph()
  with graph.as_default():
    images = V1.placeholder(tf.float32, [1, 224, 224, 3])
    with slim.arg_scope([slim.conv2d], weights_regularizer=slim.l2_regularizer(
        0.1)):
      # tf-slim's own conv2d, as tf-slim's nets call it.
      slim.nets.vgg.vgg_a(images, num_classes=3, spatial_squeeze=False,
                          scope="vgg_scoped")
      ours = layers.conv2d(images, 4, [3, 3], scope="ours")
    after_scoped = len(graph.get_collection(_REG))
    slim.nets.vgg.vgg_a(images, num_classes=3, spatial_squeeze=False,
                        scope="vgg_plain")
    with framework.arg_scope([slim.layers.conv2d], padding="VALID"):
      valid = layers.conv2d(images, 4, [3, 3], scope="valid")
  # vgg_a has 8 conv layers and 3 fully connected (conv) layers; ours adds one.
  assert after_scoped == 12
  assert len(graph.get_collection(_REG)) == 12
  assert ours.shape.as_list() == [1, 224, 224, 4]
  assert valid.shape.as_list() == [1, 222, 222, 4]


def test_layers_served_from_tf_slim_build_and_run():
  graph = tf.Graph()
  with graph.as_default():
    V1.set_random_seed(0)
    x = tf.constant(np.random.RandomState(0).rand(2, 8, 8, 4), tf.float32)
    sep = layers.separable_conv2d(x, 6, [3, 3], depth_multiplier=2, scope="sep")
    inorm = layers.instance_norm(x, scope="inorm")
    gnorm = layers.group_norm(x, groups=2, scope="gnorm")
    layers.summarize_activation(sep)
    loss = tf.reduce_mean(tf.square(sep))
    train = layers.optimize_loss(loss, V1.train.get_or_create_global_step(),
                                 learning_rate=0.1, optimizer="SGD",
                                 clip_gradients=1.0)
    names = sorted(v.op.name for v in V1.global_variables()
                   if v.op.name.startswith("sep"))
    with V1.Session(graph=graph) as session:
      session.run(V1.global_variables_initializer())
      before = session.run(loss)
      for _ in range(5):
        session.run(train)
      after, normed = session.run([loss, inorm])
      session.run(gnorm)
  assert names == ["sep/biases", "sep/depthwise_weights",
                   "sep/pointwise_weights"]
  assert after < before
  # instance_norm: per example and channel, zero mean and unit variance.
  np.testing.assert_allclose(normed.mean(axis=(1, 2)), 0, atol=1e-5)
  np.testing.assert_allclose(normed.var(axis=(1, 2)), 1, atol=1e-2)


def test_contrib_losses_use_contribs_argument_order_and_collection():
  graph = tf.Graph()
  with graph.as_default():
    logits = tf.constant([[2.0, 0.0], [0.0, 1.0]])
    labels = tf.constant([[1.0, 0.0], [0.0, 1.0]])
    loss = losses.softmax_cross_entropy(logits, labels)
    squared = losses.mean_squared_error(tf.constant([1.0, 3.0]),
                                        tf.constant([0.0, 0.0]))
    total = losses.get_total_loss(add_regularization_losses=False)
    with V1.Session(graph=graph) as session:
      got_loss, got_squared, got_total = session.run([loss, squared, total])
  want = np.mean([np.log1p(np.exp(-2.0)), np.log1p(np.exp(-1.0))])
  np.testing.assert_allclose(got_loss, want, rtol=1e-6)
  assert got_squared == pytest.approx(5.0)
  assert got_total == pytest.approx(want + 5.0, rel=1e-6)
  assert graph.get_collection(V1.GraphKeys.LOSSES) == [loss, squared]


def test_streaming_metrics_accumulate_over_updates():
  graph = tf.Graph()
  with graph.as_default():
    predictions = V1.placeholder(tf.int64, [None])
    labels = V1.placeholder(tf.int64, [None])
    accuracy, update = metrics.streaming_accuracy(predictions, labels)
    mean, mean_update = metrics.streaming_mean(tf.cast(predictions,
                                                       tf.float32))
    names_to_values, names_to_updates = metrics.aggregate_metric_map({
        "acc": metrics.streaming_accuracy(predictions, labels)})
    with V1.Session(graph=graph) as session:
      session.run(V1.local_variables_initializer())
      for p, l in (([1, 0, 1], [1, 1, 1]), ([0], [0])):
        session.run([update, mean_update, names_to_updates],
                    {predictions: p, labels: l})
      got = session.run([accuracy, mean, names_to_values["acc"]])
  assert got == [pytest.approx(0.75), pytest.approx(0.5), pytest.approx(0.75)]
  assert metrics.set_union is tf.sets.union


def test_contrib_training_loops_come_from_tf_slim(tmp_path):
  from tf1_compat.contrib import training  # pylint: disable=import-outside-toplevel
  graph = tf.Graph()
  with graph.as_default():
    V1.set_random_seed(0)
    x = tf.constant(np.linspace(0, 1, 16, dtype=np.float32)[:, None])
    weight = V1.get_variable("w", [1, 1], initializer=V1.zeros_initializer())
    loss = tf.reduce_mean(tf.square(tf.matmul(x, weight) - 2 * x))
    train_op = training.create_train_op(
        loss, V1.train.GradientDescentOptimizer(0.5),
        transform_grads_fn=training.clip_gradient_norms_fn(1.0))
    final = training.train(
        train_op, str(tmp_path),
        hooks=[V1.train.StopAtStepHook(num_steps=30)], save_summaries_steps=None)
  assert final < 0.05
  assert V1.train.latest_checkpoint(str(tmp_path)).endswith("-30")
  with pytest.raises(AttributeError, match="superseded by tf.data"):
    getattr(training, "bucket_by_sequence_length")
