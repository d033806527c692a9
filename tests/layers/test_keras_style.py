"""`tf.layers.experimental.keras_style_scope`: TF 1.15's Keras-style layers.

Inside the scope a layer owns fresh variables named by the name scope (its own
name during a call), never shared through variable scopes; `scope=`/`reuse`
are refused; updates stay out of `UPDATE_OPS`.
"""

import numpy as np
import pytest
import tensorflow as tf

import tf1_compat.v1 as tf1
from tf1_compat import layers
from tf1_compat import rnn
from tf1_compat.framework import base_layer
from tests.layers.layer_testing import KEYS
from tests.layers.layer_testing import V1
from tests.layers.layer_testing import collection
from tests.layers.layer_testing import graph_session
from tests.layers.layer_testing import initialize
from tests.layers.layer_testing import random


def test_add_weight_follows_the_name_scope_not_the_layer_scope():
  """TF 1.15's base_test.testKerasStyleAddWeight, with the values checked."""
  with graph_session() as session:
    with V1.name_scope("baz"):
      classic = base_layer.Layer(name="my_layer").add_weight(
          "my_var", [2, 2], initializer=V1.zeros_initializer())
    with base_layer.keras_style_scope():
      layer = base_layer.Layer(name="my_layer")
    with V1.name_scope("bar"):
      keras_style = layer.add_weight("my_var", [2, 2],
                                     initializer=V1.ones_initializer())
    assert classic.name == "my_layer/my_var:0"
    assert keras_style.name == "bar/my_var:0"
    assert layer.trainable_weights == [keras_style]
    initialize(session)
    np.testing.assert_array_equal(session.run(keras_style), np.ones([2, 2]))


def test_same_named_models_get_their_own_variables():
  """TF 1.15's rnn_test.testRNNCellActsLikeKerasRNNCellInProperScope: cells
  under two name scopes never meet through variable scopes."""
  value = random([2, 3])
  with graph_session() as session:
    with base_layer.keras_style_scope():
      cells = [rnn.MultiRNNCell([rnn.LSTMCell(4) for _ in range(2)])
               for _ in range(2)]
    outputs = []
    for model, cell in zip(("model_1", "model_2"), cells):
      with V1.name_scope(model):
        outputs.append(cell(tf.constant(value), cell.zero_state(2, tf.float32))[0])
    for model, cell in zip(("model_1", "model_2"), cells):
      names = [v.name for v in cell.weights]
      assert len(names) == 4 and all(n.startswith(model + "/") for n in names)
      assert "/cell_0/" in names[0] and names[0].endswith("/kernel:0")
    assert not set(cells[0].weights) & set(cells[1].weights)
    initialize(session)
    got = session.run(outputs)
    weights = session.run([cell.weights for cell in cells])
  for out, (k0, b0, k1, b1) in zip(got, weights):
    h = value
    for kernel, bias in ((k0, b0), (k1, b1)):
      z = np.concatenate([h, np.zeros([2, 4])], 1) @ kernel + bias
      i, j, f, o = np.split(z, 4, axis=1)
      c = 1 / (1 + np.exp(-i)) * np.tanh(j)  # zero previous carry
      h = 1 / (1 + np.exp(-o)) * np.tanh(c)
    np.testing.assert_allclose(out, h, rtol=1e-5, atol=1e-6)


def test_a_layer_keeps_its_variables_across_calls_and_ignores_scope_initializers():
  value = random([3, 5])
  with graph_session() as session:
    with base_layer.keras_style_scope():
      dense = layers.Dense(2)
    with V1.variable_scope("outer", initializer=V1.constant_initializer(0.5)):
      first = dense(tf.constant(value))
      second = dense(tf.constant(value))
    assert [v.name for v in dense.weights] == [
        "outer/%s/kernel:0" % dense.name, "outer/%s/bias:0" % dense.name]
    assert first.op.name.startswith("outer/%s/" % dense.name)
    assert second.op.name.startswith("outer/%s_1/" % dense.name)
    initialize(session)
    a, b, kernel = session.run([first, second, dense.kernel])
  np.testing.assert_array_equal(a, b)
  np.testing.assert_allclose(a, value @ kernel, rtol=1e-5)
  assert not np.allclose(kernel, 0.5)  # Glorot, not the scope's initializer.
  assert np.abs(kernel).max() <= np.sqrt(6.0 / 7)


def test_scope_and_reuse_are_refused():
  with graph_session():
    with base_layer.keras_style_scope():
      with pytest.raises(ValueError, match=r"^reuse argument not allowed when "
                         r"keras style layers are enabled, but saw: True"):
        layers.Dense(2, _reuse=True)
      with pytest.raises(ValueError, match=r"^scope argument not allowed"):
        layers.Dense(2, _scope="fc")
      cell = rnn.GRUCell(2)
    with pytest.raises(ValueError, match=r"^scope argument not allowed.*"
                       r"saw: gru"):
      cell(tf.ones([1, 2]), tf.zeros([1, 2]), scope="gru")


def test_updates_stay_out_of_the_collection():
  with graph_session():
    with base_layer.keras_style_scope():
      norm = layers.BatchNormalization()
    norm(tf.ones([4, 3]), training=True)
    assert len(norm.updates) == 2
    assert collection(KEYS.UPDATE_OPS) == []


def test_set_keras_style_is_global_and_the_scope_restores(monkeypatch):
  monkeypatch.setattr(base_layer, "_KERAS_STYLE", False)
  with base_layer.keras_style_scope():
    with base_layer.keras_style_scope():
      pass
    assert base_layer.Layer()._keras_style  # pylint: disable=protected-access
  assert not base_layer.Layer()._keras_style  # pylint: disable=protected-access
  base_layer.set_keras_style()
  assert base_layer.Layer()._keras_style  # pylint: disable=protected-access


def test_served_as_tf_layers_experimental():
  assert tf1.layers.experimental.keras_style_scope is base_layer.keras_style_scope
  assert tf1.layers.experimental.set_keras_style is base_layer.set_keras_style
  with pytest.raises(AttributeError, match="provides only keras_style_scope"):
    getattr(tf1.layers.experimental, "keras_style")
