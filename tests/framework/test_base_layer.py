"""The layer base's TF 1.15 API beyond variable scoping: weights, conditional
losses and updates, names, copies and input specs."""

import copy

import numpy as np
import pytest
import tensorflow as tf

from tf1_compat import layers
from tf1_compat.framework import base_layer
from tf1_compat.framework import input_spec

V1 = tf.compat.v1


def test_object_names_count_from_one_and_a_scope_can_be_the_name():
  with tf.Graph().as_default():
    named = layers.Dense(2, name="my_dense")
    first, second = layers.Dense(2), layers.Dense(2)
    assert (named.name, first.name, second.name) == (
        "my_dense", "dense_1", "dense_2")
    first(tf.zeros([1, 3]))
    assert first.scope_name == "dense"  # Variable scopes still start bare.
    with V1.variable_scope("test") as scope:
      layers.dense(tf.zeros([5, 3]), 2, name=scope)
    assert "test/kernel:0" in [v.name for v in V1.global_variables()]


def test_add_weight_sync_on_read_is_non_trainable_and_never_trainable():
  with tf.Graph().as_default():
    layer = base_layer.Layer(name="my_layer")
    trained = layer.add_weight("w", [2], initializer=V1.zeros_initializer())
    on_read = layer.add_weight(
        "s", [2], initializer=V1.zeros_initializer(),
        synchronization=tf.VariableSynchronization.ON_READ,
        aggregation=tf.VariableAggregation.SUM)
    assert layer.trainable_variables == [trained]
    assert layer.non_trainable_variables == [on_read]
    with pytest.raises(ValueError, match="ON_READ only for non-trainable.*"
                                         "'my_layer'.*'bad'"):
      layer.add_weight("bad", [2], trainable=True,
                       synchronization=tf.VariableSynchronization.ON_READ)


class _Counter(base_layer.Layer):

  def build(self, input_shape):
    self.a = self.add_weight("a", (), trainable=False,
                             initializer=V1.zeros_initializer())
    self.add_update(V1.assign_add(self.a, 1.0))
    self.add_loss(self.a)

  def call(self, inputs):
    self.add_update(V1.assign_add(self.a, inputs), inputs=True)
    self.add_loss(inputs * 2.0, inputs=True)
    return inputs + 1.0


def test_conditional_updates_and_losses_follow_the_inputs_that_reach_them():
  with tf.Graph().as_default():
    layer = _Counter()
    first = V1.placeholder(tf.float32, ())
    out_1 = layer(first + 1.0)
    second = V1.placeholder(tf.float32, ())
    layer(second + 1.0)
    assert len(layer.updates) == 3 and len(layer.losses) == 3
    assert len(layer.get_updates_for(None)) == 1
    assert len(layer.get_losses_for(None)) == 1
    assert len(layer.get_updates_for([first])) == 1
    assert len(layer.get_losses_for([second])) == 1
    assert layer.get_updates_for([out_1]) == []


def test_weights_values_count_params_and_identity_call():
  graph = tf.Graph()
  with graph.as_default():
    dense = layers.Dense(3)
    with pytest.raises(ValueError, match="count_params.*isn't built"):
      dense.count_params()
    dense.build(tf.TensorShape([None, 4]))
    assert dense.count_params() == 4 * 3 + 3
    identity = base_layer.Layer()(tf.constant([1.0, 2.0]))
    with V1.Session(graph=graph) as session, session.as_default():
      session.run(V1.global_variables_initializer())
      values = [np.full([4, 3], 0.5, np.float32), np.arange(3, dtype=np.float32)]
      dense.set_weights(values)
      for got, want in zip(dense.get_weights(), values):
        np.testing.assert_array_equal(got, want)
      np.testing.assert_array_equal(session.run(identity), [1.0, 2.0])
      with pytest.raises(ValueError, match="weight list of length 1.*expecting 2"):
        dense.set_weights(values[:1])
  with pytest.raises(ValueError, match="needs a default session"):
    with graph.as_default():
      dense.get_weights()


def test_deepcopy_shares_graph_objects_and_copies_the_rest():
  with tf.Graph().as_default():
    layer = layers.Dense(2, name="my_layer")
    layer.private = tf.constant(1.0)
    layer(tf.zeros([1, 3]))
    clone = copy.deepcopy(layer)
    assert clone.name == layer.name and clone.scope_name == layer.scope_name
    assert clone.private is layer.private and clone.kernel is layer.kernel
    assert clone._trainable_weights is not layer._trainable_weights  # pylint: disable=protected-access


@pytest.mark.parametrize("spec,value,message", [
    (input_spec.InputSpec(ndim=2), [1.0], "expected ndim=2, found ndim=1"),
    (input_spec.InputSpec(min_ndim=2), [1.0], "expected min_ndim=2"),
    (input_spec.InputSpec(max_ndim=1), [[1.0]], "expected max_ndim=1"),
    (input_spec.InputSpec(dtype="float32"), [1], "expected dtype=float32"),
    (input_spec.InputSpec(shape=(None, 3)), [[1.0, 2.0]],
     r"expected shape=\(None, 3\), found shape=\(1, 2\)"),
])
def test_input_specs_refuse_with_tf1_messages(spec, value, message):
  with tf.Graph().as_default():
    layer = base_layer.Layer(name="spec")
    layer.input_spec = spec
    with pytest.raises(ValueError, match="Input 0 of layer 'spec'.*" + message):
      layer(tf.constant(value))
    undefined = base_layer.Layer(name="rank")
    undefined.input_spec = input_spec.InputSpec(ndim=2)
    with pytest.raises(ValueError, match="its rank is undefined"):
      undefined(V1.placeholder(tf.float32))
