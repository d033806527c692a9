"""Dense, Dropout and Flatten: TF1 naming, sharing, collections, math and errors."""

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


# ---- Dense: naming and sharing -----------------------------------------------------


def test_dense_names_are_uniquified_per_call():
  with graph_session():
    x = V1.placeholder(tf.float32, [None, 4])
    layers.dense(x, 5)
    layers.dense(x, 3)
    with V1.variable_scope("outer"):
      layers.dense(x, 2)
    assert global_names() == [
        "dense/kernel", "dense/bias", "dense_1/kernel", "dense_1/bias",
        "outer/dense/kernel", "outer/dense/bias"]
    shapes = [v.shape.as_list() for v in V1.global_variables()]
    assert shapes == [[4, 5], [5], [4, 3], [3], [4, 2], [2]]


def test_class_name_is_uniquified_but_functional_name_is_not():
  with graph_session():
    x = V1.placeholder(tf.float32, [None, 4])
    layers.Dense(3, name="foo")(x)
    layers.Dense(3, name="foo")(x)
    assert global_names() == ["foo/kernel", "foo/bias",
                              "foo_1/kernel", "foo_1/bias"]
    layers.dense(x, 2, name="fc")
    with pytest.raises(ValueError, match="Variable fc/kernel already exists"):
      layers.dense(x, 2, name="fc")


@pytest.mark.parametrize("reuse", [True, V1.AUTO_REUSE])
def test_functional_reuse_shares_variables(reuse):
  with graph_session() as session:
    x = V1.placeholder(tf.float32, [None, 4])
    first = layers.dense(x, 2, name="fc")
    second = layers.dense(x, 2, name="fc", reuse=reuse)
    assert global_names() == ["fc/kernel", "fc/bias"]
    initialize(session)
    value = random([3, 4])
    a, b = session.run([first, second], {x: value})
    np.testing.assert_array_equal(a, b)


def test_auto_reuse_scope_creates_then_shares():
  with graph_session():
    x = V1.placeholder(tf.float32, [None, 4])
    for _ in range(3):
      with V1.variable_scope("tower", reuse=V1.AUTO_REUSE):
        layers.dense(x, 2, name="fc")
    assert global_names() == ["tower/fc/kernel", "tower/fc/bias"]


def test_reuse_true_without_existing_variables_fails():
  with graph_session():
    x = V1.placeholder(tf.float32, [None, 4])
    with pytest.raises(ValueError, match="does not exist"):
      layers.dense(x, 2, name="missing", reuse=True)


def test_layer_owns_its_variables_across_scopes():
  with graph_session():
    x = V1.placeholder(tf.float32, [None, 4])
    layer = layers.Dense(3)
    with pytest.raises(ValueError, match="has not been used yet"):
      _ = layer.scope_name
    with V1.variable_scope("first"):
      layer(x)
    with V1.variable_scope("second"):
      layer(x)
    assert layer.scope_name == "first/dense"
    assert global_names() == ["first/dense/kernel", "first/dense/bias"]
    assert [v.name for v in layer.weights] == ["first/dense/kernel:0",
                                               "first/dense/bias:0"]


def test_scope_is_fixed_at_first_call_not_construction():
  """The seq2seq pattern: a memory layer built inside the mechanism's scope."""
  with graph_session():
    memory = V1.placeholder(tf.float32, [2, 5, 4])
    with V1.variable_scope("decoder"):
      memory_layer = layers.Dense(3, name="memory_layer", use_bias=False)
    with V1.variable_scope("attention"):
      keys = memory_layer(memory)
    layers.Dense(3, use_bias=False)(memory, scope="explicit")
    assert global_names() == ["attention/memory_layer/kernel", "explicit/kernel"]
    assert keys.shape.as_list() == [2, 5, 3]


# ---- Dense: collections, regularizers, initializers --------------------------------


def test_trainable_false_keeps_variables_out_of_trainable_collection():
  with graph_session():
    x = V1.placeholder(tf.float32, [None, 4])
    layer = layers.Dense(2, trainable=False)
    layer(x)
    layers.dense(x, 2)
    assert global_names() == ["dense/kernel", "dense/bias",
                              "dense_1/kernel", "dense_1/bias"]
    assert trainable_names() == ["dense_1/kernel", "dense_1/bias"]
    assert layer.trainable_weights == []
    assert len(layer.non_trainable_weights) == 2


def test_kernel_regularizer_adds_one_loss_per_variable_not_per_call():
  with graph_session() as session:
    x = V1.placeholder(tf.float32, [None, 4])
    regularizer = lambda w: 0.1 * tf.nn.l2_loss(w)
    layers.dense(x, 3, name="fc", kernel_regularizer=regularizer)
    layers.dense(x, 3, name="fc", kernel_regularizer=regularizer, reuse=True)
    layer = layers.Dense(2, kernel_regularizer=regularizer,
                         bias_regularizer=regularizer)
    layer(x)
    layer(x)
    losses = collection(KEYS.REGULARIZATION_LOSSES)
    assert len(losses) == 3
    assert losses[0].name.startswith("fc/kernel/Regularizer/")
    assert len(layer.losses) == 2
    initialize(session)
    kernel = session.run(V1.global_variables()[0])
    np.testing.assert_allclose(session.run(losses[0]),
                               0.1 * np.sum(kernel ** 2) / 2, rtol=1e-6)
    np.testing.assert_allclose(
        session.run(V1.losses.get_regularization_loss()),
        sum(session.run(losses)), rtol=1e-6)


def test_activity_regularizer_is_divided_by_batch_size():
  with graph_session() as session:
    x = V1.placeholder(tf.float32, [None, 4])
    out = layers.dense(x, 3, activity_regularizer=tf.reduce_sum)
    (loss,) = collection(KEYS.REGULARIZATION_LOSSES)
    initialize(session)
    value = random([5, 4])
    out_value, loss_value = session.run([out, loss], {x: value})
    np.testing.assert_allclose(loss_value, out_value.sum() / 5, rtol=1e-5)


def test_scope_initializer_applies_to_kernel_but_not_bias():
  with graph_session() as session:
    x = V1.placeholder(tf.float32, [None, 4])
    with V1.variable_scope("init", initializer=V1.constant_initializer(0.3)):
      layer = layers.Dense(2)
      layer(x)
    initialize(session)
    kernel, bias = session.run([layer.kernel, layer.bias])
    np.testing.assert_array_equal(kernel, np.full([4, 2], 0.3, np.float32))
    np.testing.assert_array_equal(bias, np.zeros([2], np.float32))


def _glorot_kernel(shape_in, units, seed):
  graph = tf.Graph()
  with graph.as_default():
    V1.set_random_seed(seed)
    layer = layers.Dense(units)
    layer(tf.zeros(shape_in))
    with V1.Session() as session:
      initialize(session)
      return session.run(layer.kernel)


def test_default_initializer_is_glorot_uniform_and_follows_the_graph_seed():
  kernel = _glorot_kernel([2, 40], 60, seed=1)
  limit = np.sqrt(6.0 / (40 + 60))
  assert np.abs(kernel).max() <= limit
  assert np.abs(kernel).max() > 0.95 * limit
  assert abs(kernel.std() - limit / np.sqrt(3)) < 0.02
  np.testing.assert_array_equal(kernel, _glorot_kernel([2, 40], 60, seed=1))
  assert not np.array_equal(kernel, _glorot_kernel([2, 40], 60, seed=2))


def test_constraints_are_attached_to_the_variables():
  with graph_session():
    x = V1.placeholder(tf.float32, [None, 4])
    clip = lambda w: tf.clip_by_norm(w, 1.0)
    layer = layers.Dense(2, kernel_constraint=clip, bias_constraint=clip)
    layer(x)
    assert layer.kernel.constraint is clip
    assert layer.bias.constraint is clip


# ---- Dense: math -----------------------------------------------------------------


@pytest.mark.parametrize("activation, reference", [
    (None, lambda z: z),
    (tf.nn.relu, lambda z: np.maximum(z, 0)),
    ("tanh", np.tanh),
])
def test_dense_matches_numpy(activation, reference):
  with graph_session() as session:
    x = V1.placeholder(tf.float32, [None, 4])
    layer = layers.Dense(3, activation=activation)
    out = layer(x)
    initialize(session)
    kernel, bias = random([4, 3], seed=1), random([3], seed=2)
    layer.kernel.load(kernel, session)
    layer.bias.load(bias, session)
    value = random([5, 4], seed=3)
    np.testing.assert_allclose(session.run(out, {x: value}),
                               reference(value @ kernel + bias), rtol=1e-5,
                               atol=1e-6)


def test_rank3_dense_contracts_the_last_axis():
  with graph_session() as session:
    x = V1.placeholder(tf.float32, [None, 6, 4])
    layer = layers.Dense(3, use_bias=False)
    out = layer(x)
    assert out.shape.as_list() == [None, 6, 3]
    assert global_names() == ["dense/kernel"]
    initialize(session)
    value = random([2, 6, 4])
    kernel = session.run(layer.kernel)
    np.testing.assert_allclose(session.run(out, {x: value}),
                               np.einsum("btd,du->btu", value, kernel),
                               rtol=1e-5, atol=1e-6)


# ---- Dense: errors ----------------------------------------------------------------


def test_unknown_last_dimension_is_rejected_naming_the_layer():
  with graph_session():
    x = V1.placeholder(tf.float32, [3, None])
    with pytest.raises(ValueError) as error:
      layers.dense(x, 2, name="head")
    message = str(error.value)
    assert "'head'" in message and "known depth" in message
    assert "(3, None)" in message


def test_changed_depth_between_calls_is_rejected():
  with graph_session():
    layer = layers.Dense(2, name="proj")
    layer(tf.zeros([3, 4]))
    with pytest.raises(ValueError) as error:
      layer(tf.zeros([3, 5]))
    message = str(error.value)
    assert "'proj'" in message
    assert "expected axis -1 of input shape to have value 4" in message
    assert "received input with shape [3, 5]" in message


def test_rank1_input_is_rejected():
  with graph_session():
    with pytest.raises(ValueError, match=r"'dense'.*expected min_ndim=2, found "
                                         r"ndim=1. Full shape received: \[4\]"):
      layers.dense(tf.zeros([4]), 2)


def test_integer_input_cannot_build_a_dense_layer():
  with graph_session():
    with pytest.raises(TypeError, match="non-floating point dtype int32"):
      layers.dense(tf.zeros([2, 3], tf.int32), 2)


def test_unknown_constructor_argument_is_rejected():
  with pytest.raises(TypeError, match="Dense got unexpected keyword.*units2"):
    layers.Dense(3, units2=4)


# ---- Dropout ---------------------------------------------------------------------


def test_dropout_is_identity_unless_training():
  with graph_session() as session:
    x = V1.placeholder(tf.float32, [None, 8])
    value = random([4, 8])
    for out in (layers.dropout(x, 0.9), layers.dropout(x, 0.9, training=False),
                layers.Dropout(0.9)(x)):
      np.testing.assert_array_equal(session.run(out, {x: value}), value)


def test_dropout_rate_is_the_drop_probability_and_keeps_are_scaled():
  with graph_session() as session:
    x = tf.ones([200, 100])
    out = session.run(layers.dropout(x, rate=0.25, training=True, seed=3))
    kept = out != 0
    np.testing.assert_allclose(out[kept], 1 / 0.75, rtol=1e-6)
    assert abs(kept.mean() - 0.75) < 0.02


def test_dropout_with_a_training_tensor_switches_at_run_time():
  with graph_session() as session:
    x = tf.ones([50, 40])
    training = V1.placeholder_with_default(False, [])
    out = layers.dropout(x, rate=0.5, training=training, seed=1)
    np.testing.assert_array_equal(session.run(out), np.ones([50, 40]))
    dropped = session.run(out, {training: True})
    assert 0.3 < (dropped == 0).mean() < 0.7


def test_dropout_noise_shape_shares_the_mask():
  with graph_session() as session:
    x = tf.ones([6, 5, 30])
    out = session.run(layers.dropout(x, 0.5, noise_shape=[6, 1, 30],
                                     training=True, seed=2))
    np.testing.assert_array_equal(out, np.broadcast_to(out[:, :1], out.shape))


def test_dropout_same_seed_same_mask_under_a_graph_seed():
  def mask(seed):
    graph = tf.Graph()
    with graph.as_default():
      V1.set_random_seed(7)
      out = layers.dropout(tf.ones([10, 10]), 0.5, training=True, seed=seed)
      with V1.Session() as session:
        return session.run(out)
  np.testing.assert_array_equal(mask(4), mask(4))
  assert not np.array_equal(mask(4), mask(5))


def test_dropout_is_tf1s_mask_arithmetic_and_ops():
  """`x * (1 / keep) * cast(uniform(seed) >= rate)`: the mask recomputed from
  the same graph and op seeds, the ops named as in TF 1.15, NaN kept NaN."""
  value = random([40, 30])
  value[0, :] = np.nan
  graph = tf.Graph()
  with graph.as_default():
    V1.set_random_seed(7)
    out = layers.dropout(tf.constant(value), rate=0.3, training=True, seed=5)
    assert out.op.name == "dropout/dropout/mul_1"
    assert [op.type for op in graph.get_operations()
            if op.name.startswith("dropout/dropout/")][-4:] == [
                "GreaterEqual", "Mul", "Cast", "Mul"]
    with V1.Session() as session:
      got = session.run(out)
  oracle = tf.Graph()
  with oracle.as_default():
    V1.set_random_seed(7)
    uniform = V1.random_uniform([40, 30], seed=5)
    with V1.Session() as session:
      keep = session.run(uniform) >= 0.3
  np.testing.assert_allclose(got[1:], (value * (1 / 0.7) * keep)[1:],
                             rtol=1e-6)
  assert np.isnan(got[0]).all()
  assert 0.6 < keep.mean() < 0.8


def test_dropout_rate_zero_is_the_input_and_rate_one_raises():
  with graph_session():
    x = tf.ones([2, 3])
    assert layers.dropout(x, 0.0, training=True) is x
    with pytest.raises(ValueError, match=r"range \[0, 1\), got 1"):
      layers.dropout(x, 1.0, training=True)


def test_dropout_creates_no_variables_and_validates_rate():
  with graph_session():
    layers.dropout(tf.ones([2, 3]), 0.5, training=True)
    assert global_names() == []
  with pytest.raises(ValueError, match="rate must be in"):
    layers.Dropout(rate=1.5)
  with pytest.raises(TypeError, match="training must be"):
    with graph_session():
      layers.dropout(tf.ones([2, 3]), 0.5, training="yes")


# ---- Flatten ---------------------------------------------------------------------


def test_flatten_is_row_major_and_keeps_static_shape():
  with graph_session() as session:
    x = V1.placeholder(tf.float32, [None, 3, 4, 5])
    out = layers.flatten(x)
    first = layers.flatten(x, data_format="channels_first")
    assert out.shape.as_list() == [None, 60]
    assert first.shape.as_list() == [None, 60]
    value = random([2, 3, 4, 5])
    a, b = session.run([out, first], {x: value})
    np.testing.assert_array_equal(a, value.reshape(2, 60))
    np.testing.assert_array_equal(
        b, value.transpose(0, 2, 3, 1).reshape(2, 60))


def test_flatten_unknown_inner_dimension_and_rank1():
  with graph_session() as session:
    x = V1.placeholder(tf.float32, [2, None, 3])
    out = layers.flatten(x)
    assert out.shape.as_list() == [2, None]
    value = random([2, 4, 3])
    np.testing.assert_array_equal(session.run(out, {x: value}),
                                  value.reshape(2, 12))
    assert layers.flatten(tf.zeros([5])).shape.as_list() == [5, 1]


def test_flatten_rejects_unknown_data_format():
  with pytest.raises(ValueError, match="channels_middle"):
    layers.Flatten(data_format="channels_middle")


# ---- the tf.layers.Layer base, as subclassed by 2018 code ----------------------------


class Scale(layers.Layer):
  """A user layer: one `[depth]` weight, 2-D inputs only."""

  def __init__(self, **kwargs):
    super().__init__(**kwargs)
    self.input_spec = layers.InputSpec(ndim=2)

  def build(self, input_shape):
    self.w = self.add_weight("w", shape=[input_shape[-1]],
                             initializer=V1.ones_initializer())

  def call(self, inputs):
    return inputs * self.w


def test_user_layer_subclass_gets_scoping_apply_and_input_checks():
  with graph_session() as session:
    layer = Scale()
    out = layer.apply(tf.ones([2, 3]))
    assert global_names() == ["scale/w"]
    initialize(session)
    np.testing.assert_array_equal(session.run(out), np.ones([2, 3]))
    with pytest.raises(ValueError, match=r"'scale'.*expected ndim=2"):
      layer(tf.ones([2, 3, 1]))


def test_dense_compute_output_shape_needs_rank_two_and_a_known_depth():
  dense = layers.Dense(2, name="dense1")
  assert dense.compute_output_shape([None, 5, 3]).as_list() == [None, 5, 2]
  for bad in (tf.TensorShape(None), [], [3], [2, None]):
    with pytest.raises(ValueError):
      dense.compute_output_shape(bad)


def test_tf1_module_aliases():
  from tf1_compat.layers import core  # pylint: disable=import-outside-toplevel
  assert core.FullyConnected is layers.Dense
  assert core.fully_connected is layers.dense
