"""Batch normalization: TF1 defaults, UPDATE_OPS, moving averages, fused quirks."""

import numpy as np
import pytest
import tensorflow as tf

from tf1_compat import layers
from tests.layers.layer_testing import KEYS
from tests.layers.layer_testing import V1
from tests.layers.layer_testing import collection
from tests.layers.layer_testing import global_names
from tests.layers.layer_testing import graph_session
from tests.layers.layer_testing import initialize
from tests.layers.layer_testing import random
from tests.layers.layer_testing import trainable_names

_EPSILON = 1e-3
_MOMENTUM = 0.99
_SHAPES = {"dense": [16, 3], "conv": [4, 3, 3, 2]}


def _moving(session, layer):
  return session.run([layer.moving_mean, layer.moving_variance])


def test_variables_collections_and_defaults():
  with graph_session():
    x = V1.placeholder(tf.float32, [None, 5])
    layer = layers.BatchNormalization()
    layer(x)
    layers.batch_normalization(x, center=False, name="bn")
    assert global_names() == [
        "batch_normalization/gamma", "batch_normalization/beta",
        "batch_normalization/moving_mean", "batch_normalization/moving_variance",
        "bn/gamma", "bn/moving_mean", "bn/moving_variance"]
    assert trainable_names() == ["batch_normalization/gamma",
                                 "batch_normalization/beta", "bn/gamma"]
    assert (layer.momentum, layer.epsilon) == (_MOMENTUM, _EPSILON)
    assert [v.name for v in layer.non_trainable_weights] == [
        "batch_normalization/moving_mean:0",
        "batch_normalization/moving_variance:0"]


@pytest.mark.parametrize("kind", ["dense", "conv"])
@pytest.mark.parametrize("fused", [None, False])
def test_training_uses_batch_statistics_and_updates_moving_averages(kind, fused):
  shape = _SHAPES[kind]
  with graph_session() as session:
    x = V1.placeholder(tf.float32, shape)
    layer = layers.BatchNormalization(fused=fused)
    out = layer(x, training=True)
    updates = collection(KEYS.UPDATE_OPS)
    assert len(updates) == 2 and layer.updates == updates
    assert layer.fused == (kind == "conv" and fused is None)
    initialize(session)
    gamma, beta = random([2 if kind == "conv" else 3], seed=1), random(
        [2 if kind == "conv" else 3], seed=2)
    layer.gamma.load(gamma, session)
    layer.beta.load(beta, session)
    value = random(shape, seed=3, scale=2.0, offset=1.0)
    axes = tuple(range(len(shape) - 1))
    mean, variance = value.mean(axis=axes), value.var(axis=axes)
    expected = (value - mean) / np.sqrt(variance + _EPSILON) * gamma + beta
    np.testing.assert_allclose(session.run(out, {x: value}), expected,
                               rtol=1e-4, atol=1e-4)
    # Running the output alone leaves the moving statistics untouched.
    np.testing.assert_array_equal(_moving(session, layer)[0], np.zeros_like(mean))
    session.run(updates, {x: value})
    moving_mean, moving_variance = _moving(session, layer)
    count = value.size // mean.size
    # TF1's fused kernel folds the Bessel-corrected variance into the average.
    folded = variance * count / (count - 1) if layer.fused else variance
    decay = 1 - _MOMENTUM
    np.testing.assert_allclose(moving_mean, decay * mean, rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(moving_variance, _MOMENTUM + decay * folded,
                               rtol=1e-4)


@pytest.mark.parametrize("fused", [None, False])
def test_inference_uses_moving_statistics_and_creates_no_updates(fused):
  with graph_session() as session:
    x = V1.placeholder(tf.float32, [4, 3, 3, 2])
    layer = layers.BatchNormalization(fused=fused, epsilon=0.01)
    out = layer(x)
    assert collection(KEYS.UPDATE_OPS) == []
    initialize(session)
    mean, variance = random([2], seed=1), random([2], seed=2) ** 2 + 0.5
    layer.moving_mean.load(mean, session)
    layer.moving_variance.load(variance, session)
    value = random([4, 3, 3, 2], seed=3)
    np.testing.assert_allclose(session.run(out, {x: value}),
                               (value - mean) / np.sqrt(variance + 0.01),
                               rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("fused", [None, False])
def test_training_tensor_moves_statistics_only_when_true(fused):
  with graph_session() as session:
    x = V1.placeholder(tf.float32, [4, 3, 3, 2])
    training = V1.placeholder(tf.bool, [])
    layer = layers.BatchNormalization(fused=fused)
    out = layer(x, training=training)
    updates = collection(KEYS.UPDATE_OPS)
    assert len(updates) == 2
    initialize(session)
    value = random([4, 3, 3, 2], seed=3, offset=2.0)
    inference = session.run(out, {x: value, training: False})
    np.testing.assert_allclose(inference, value / np.sqrt(1 + _EPSILON),
                               rtol=1e-5)
    session.run(updates, {x: value, training: False})
    np.testing.assert_array_equal(_moving(session, layer)[0], np.zeros([2]))
    session.run(updates, {x: value, training: True})
    np.testing.assert_allclose(_moving(session, layer)[0],
                               0.01 * value.mean(axis=(0, 1, 2)), rtol=1e-4)


def test_train_op_depending_on_update_ops_moves_the_averages():
  with graph_session() as session:
    x = tf.constant(random([8, 3], offset=5.0))
    out = layers.batch_normalization(x, training=True, momentum=0.5)
    loss = tf.reduce_sum(tf.square(layers.dense(out, 1)))
    with tf.control_dependencies(collection(KEYS.UPDATE_OPS)):
      train = V1.train.GradientDescentOptimizer(0.01).minimize(loss)
    moving_mean = V1.global_variables()[2]
    initialize(session)
    for _ in range(3):
      session.run(train)
    np.testing.assert_allclose(session.run(moving_mean),
                               (1 - 0.5 ** 3) * session.run(x).mean(axis=0),
                               rtol=1e-4)


def test_not_trainable_layer_puts_no_updates_in_the_collection():
  """TF1 reported no updates for a non-trainable layer; training still uses
  the batch statistics."""
  with graph_session() as session:
    x = tf.constant(random([8, 3], offset=3.0))
    layer = layers.BatchNormalization(trainable=False)
    out = layer(x, training=True)
    assert collection(KEYS.UPDATE_OPS) == [] and layer.updates == []
    assert trainable_names() == []
    initialize(session)
    np.testing.assert_allclose(session.run(out).mean(axis=0), np.zeros([3]),
                               atol=1e-5)


def test_fused_kernel_raises_small_epsilon_like_tf1():
  with graph_session() as session:
    value = random([4, 2, 2, 3], scale=1e-3)
    fused = layers.batch_normalization(tf.constant(value), training=True,
                                       epsilon=1e-8)
    plain = layers.batch_normalization(tf.constant(value), training=True,
                                       epsilon=1e-8, fused=False)
    initialize(session)
    variance = value.var(axis=(0, 1, 2))
    centered = value - value.mean(axis=(0, 1, 2))
    np.testing.assert_allclose(session.run(fused),
                               centered / np.sqrt(variance + 1.001e-5),
                               rtol=1e-3)
    np.testing.assert_allclose(session.run(plain),
                               centered / np.sqrt(variance + 1e-8), rtol=1e-3)


def test_channels_first_and_multi_axis():
  with graph_session() as session:
    value = random([4, 2, 3, 3], seed=1, offset=1.0)
    first = layers.BatchNormalization(axis=1)
    out = first(tf.constant(value), training=True)
    assert first.fused and first.moving_mean.shape.as_list() == [2]
    multi = layers.BatchNormalization(axis=[1, 3])
    out_multi = multi(tf.constant(value), training=True)
    assert not multi.fused
    assert multi.gamma.shape.as_list() == [1, 2, 1, 3]
    initialize(session)
    for result, axes in ((out, (0, 2, 3)), (out_multi, (0, 2))):
      mean = value.mean(axis=axes, keepdims=True)
      variance = value.var(axis=axes, keepdims=True)
      np.testing.assert_allclose(session.run(result),
                                 (value - mean) / np.sqrt(variance + _EPSILON),
                                 rtol=1e-4, atol=1e-4)


def test_named_functional_layer_shares_with_reuse():
  with graph_session():
    x = V1.placeholder(tf.float32, [None, 4])
    layers.batch_normalization(x, name="bn", training=True)
    layers.batch_normalization(x, name="bn", reuse=True)
    assert len(global_names()) == 4
    with pytest.raises(ValueError, match="Variable bn/gamma already exists"):
      layers.batch_normalization(x, name="bn")


def test_moving_statistics_ignore_a_partitioner():
  with graph_session():
    x = V1.placeholder(tf.float32, [None, 8])
    with V1.variable_scope("p", partitioner=V1.fixed_size_partitioner(2)):
      layers.batch_normalization(x)
    assert global_names() == [
        "p/batch_normalization/gamma/part_0", "p/batch_normalization/gamma/part_1",
        "p/batch_normalization/beta/part_0", "p/batch_normalization/beta/part_1",
        "p/batch_normalization/moving_mean",
        "p/batch_normalization/moving_variance"]


# ---- errors ----------------------------------------------------------------------


def test_renorm_corrects_with_the_running_moments_and_updates_them():
  """One training step of batch renormalization against numpy (TF 1.15's
  equations): r, d from the renorm averages before the step."""
  x = np.random.default_rng(0).normal(2.0, 3.0, size=[8, 3]).astype(np.float32)
  eps, momentum = 1e-3, 0.9
  graph = tf.Graph()
  with graph.as_default():
    layer = layers.BatchNormalization(
        renorm=True, renorm_momentum=momentum, momentum=0.8, epsilon=eps,
        renorm_clipping={"rmax": 1.5, "dmax": 0.5}, fused=False)
    out = layer(tf.constant(x), training=True)
    names = sorted(v.name for v in V1.global_variables())
    updates = V1.get_collection(V1.GraphKeys.UPDATE_OPS)
    with V1.Session(graph=graph) as session:
      session.run(V1.global_variables_initializer())
      got, _ = session.run([out, updates])
      stats = session.run([layer.renorm_mean, layer.renorm_stddev,
                           layer.moving_stddev, layer.moving_variance])
  assert names == ["batch_normalization/%s:0" % n for n in (
      "beta", "gamma", "moving_mean", "moving_stddev", "moving_variance",
      "renorm_mean", "renorm_stddev")]
  mean, var = x.mean(0), x.var(0)
  stddev = np.sqrt(var + eps)
  r = np.minimum(stddev / 1.0, 1.5)  # renorm_stddev starts at sqrt(1)
  d = np.clip((mean - 0.0) / 1.0, -0.5, 0.5)
  np.testing.assert_allclose(got, (x - mean) / stddev * r + d, rtol=1e-4,
                             atol=1e-5)
  np.testing.assert_allclose(stats[0], mean * (1 - momentum), rtol=1e-5)
  np.testing.assert_allclose(stats[1], 1 - (1 - stddev) * (1 - momentum),
                             rtol=1e-5)
  moving_stddev = 1 - (1 - stddev) * 0.2
  np.testing.assert_allclose(stats[2], moving_stddev, rtol=1e-5)
  np.testing.assert_allclose(stats[3], moving_stddev ** 2 - eps, rtol=1e-5)


def test_virtual_batches_normalize_each_group_and_average_the_moments():
  x = np.random.default_rng(1).normal(size=[6, 4]).astype(np.float32)
  graph = tf.Graph()
  with graph.as_default():
    layer = layers.BatchNormalization(virtual_batch_size=3, momentum=0.0)
    out = layer(tf.constant(x), training=True)
    assert layer.moving_mean.shape.as_list() == [1, 1, 4]
    updates = V1.get_collection(V1.GraphKeys.UPDATE_OPS)
    with V1.Session(graph=graph) as session:
      session.run(V1.global_variables_initializer())
      got, _ = session.run([out, updates])
      moving_mean = session.run(layer.moving_mean)
  groups = x.reshape(3, 2, 4)  # [virtual, batch / virtual, depth]
  want = (groups - groups.mean(0)) / np.sqrt(groups.var(0) + 1e-3)
  np.testing.assert_allclose(got, want.reshape(6, 4), rtol=1e-4, atol=1e-5)
  np.testing.assert_allclose(moving_mean.reshape(4), groups.mean(0).mean(0),
                             rtol=1e-5, atol=1e-6)


def test_adjustment_applies_only_when_training():
  x = np.random.default_rng(2).normal(size=[5, 2]).astype(np.float32)
  graph = tf.Graph()
  with graph.as_default():
    training = V1.placeholder(tf.bool, [])
    out = layers.batch_normalization(
        tf.constant(x), training=training, epsilon=0.0,
        adjustment=lambda shape: (tf.fill([2], 2.0), tf.fill([2], 0.5)))
    with V1.Session(graph=graph) as session:
      session.run(V1.global_variables_initializer())
      trained = session.run(out, {training: True})
      inferred = session.run(out, {training: False})
  normalized = (x - x.mean(0)) / np.sqrt(x.var(0))
  np.testing.assert_allclose(trained, normalized * 2.0 + 0.5, rtol=1e-4,
                             atol=1e-5)
  np.testing.assert_allclose(inferred, x, rtol=1e-5)  # moving stats: 0 and 1


@pytest.mark.parametrize("kwargs, message", [
    ({"renorm": True, "renorm_clipping": {"rmx": 2}}, "keys not in"),
    ({"virtual_batch_size": 2, "adjustment": lambda s: (1.0, 0.0)},
     "adjustment cannot be specified"),
])
def test_bad_renorm_and_virtual_batch_arguments(kwargs, message):
  with pytest.raises(ValueError, match=message):
    layers.BatchNormalization(**kwargs)
  with graph_session():
    with pytest.raises(ValueError, match="virtual_batch_size must be a positive"):
      layers.batch_normalization(tf.zeros([4, 3]), virtual_batch_size=-1)
    with pytest.raises(ValueError, match="axis cannot include 0"):
      layers.batch_normalization(tf.zeros([4, 3]), axis=0, virtual_batch_size=2)


def test_input_errors_name_the_layer_and_shapes():
  with graph_session():
    with pytest.raises(ValueError) as error:
      layers.batch_normalization(V1.placeholder(tf.float32, [2, None]),
                                 name="bn1")
    message = str(error.value)
    assert "'bn1'" in message and "axis 1" in message and "(2, None)" in message
    layer = layers.BatchNormalization(name="bn2")
    layer(tf.zeros([2, 3]))
    with pytest.raises(ValueError) as error:
      layer(tf.zeros([2, 4]))
    message = str(error.value)
    assert "'bn2'" in message and "to have value 3" in message and "[2, 4]" in message
    with pytest.raises(ValueError, match=r"invalid axis 4.*\(2, 3\)"):
      layers.batch_normalization(tf.zeros([2, 3]), axis=4)
    with pytest.raises(ValueError, match="known, nonzero rank"):
      layers.batch_normalization(V1.placeholder(tf.float32, None))
