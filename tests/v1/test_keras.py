"""`tf.keras` inside the drop-in: TF 1.15's Keras 2 in graph mode (tf-keras).

TF 1.15's `tf.keras.initializers` were the graph-seeded `init_ops` classes; with
the same graph seed and op order they must give the numbers of
`tf.compat.v1`'s initializers. Keras 3 keeps working in the same process.
"""

import numpy as np
import pytest

import tf1_compat.v1 as tf

tf_keras = pytest.importorskip("tf_keras")


def _value(make_initializer, shape=(5, 7), seed=3):
  graph = tf.Graph()
  with graph.as_default():
    tf.set_random_seed(seed)
    variable = tf.get_variable("w", shape, initializer=make_initializer())
    with tf.Session(graph=graph) as session:
      session.run(tf.global_variables_initializer())
      return session.run(variable)


@pytest.mark.parametrize("keras_name,v1_initializer", [
    ("glorot_normal", lambda: tf.glorot_normal_initializer()),
    ("glorot_uniform", lambda: tf.glorot_uniform_initializer()),
    ("he_normal", lambda: tf.variance_scaling_initializer(
        2.0, "fan_in", "truncated_normal")),
    ("lecun_uniform", lambda: tf.variance_scaling_initializer(
        1.0, "fan_in", "uniform")),
])
def test_initializers_are_tf1s_graph_seeded_ones(keras_name, v1_initializer):
  keras_values = _value(lambda: getattr(tf.keras.initializers, keras_name)())
  np.testing.assert_array_equal(keras_values, _value(v1_initializer))
  assert not np.array_equal(keras_values, _value(
      lambda: getattr(tf.keras.initializers, keras_name)(), seed=4))


def test_graph_mode_model_fit_session_and_learning_phase():
  graph = tf.Graph()
  with graph.as_default():
    tf.set_random_seed(0)
    backend = tf.keras.backend
    session = tf.Session(graph=graph)
    backend.set_session(session)
    model = tf.keras.Sequential([
        tf.keras.layers.Dense(16, activation="relu", input_shape=(4,)),
        tf.keras.layers.Dropout(0.5),
        tf.keras.layers.Dense(1)])
    model.compile(optimizer=tf.keras.optimizers.SGD(0.05), loss="mse")
    x = np.random.RandomState(0).rand(128, 4).astype(np.float32)
    y = x.sum(axis=1, keepdims=True)
    history = model.fit(x, y, batch_size=32, epochs=10, verbose=0)
    assert backend.get_session() is session
    assert [w.name for w in model.weights] == [
        "dense/kernel:0", "dense/bias:0", "dense_1/kernel:0", "dense_1/bias:0"]
    # The model's tensors run in the TF1 session; learning phase 0 disables
    # dropout, so the outputs equal predict's.
    direct = session.run(model.output, {model.input: x[:8],
                                        backend.learning_phase(): 0})
    np.testing.assert_allclose(direct, model.predict(x[:8]), rtol=1e-5)
    evaluated = model.evaluate(x, y, verbose=0)
    function = backend.function([model.input], [model.output])
    np.testing.assert_allclose(function([x[:8]])[0], direct, rtol=1e-5)
    session.close()
  losses = history.history["loss"]
  assert losses[-1] < losses[0] / 2
  assert evaluated < losses[0]


def test_keras_3_still_works_in_the_same_process():
  import keras  # pylint: disable=import-outside-toplevel
  assert keras.__version__.startswith("3.")
  assert tf.keras.__name__.startswith("tf_keras")
  layer = keras.layers.Dense(2)
  assert layer(np.ones((1, 3), np.float32)).shape == (1, 2)


def test_without_tf_keras_one_line_names_the_extra(monkeypatch):
  import importlib  # pylint: disable=import-outside-toplevel
  from tf1_compat.dropin import import_alias  # pylint: disable=import-outside-toplevel
  from tf1_compat.dropin import v1_api  # pylint: disable=import-outside-toplevel
  from tf1_compat.framework import not_provided  # pylint: disable=import-outside-toplevel
  monkeypatch.setattr(v1_api, "KERAS_MODULE", "no_such_package.api._v1.keras")
  with pytest.raises(not_provided.NotProvidedError) as raised:
    v1_api.load_keras()
  message = str(raised.value)
  assert message.startswith("tf.keras is not provided by tf1_compat without "
                            "the tf-keras package")
  assert 'pip install "tf1_compat[keras]"' in message
  handle = import_alias.install(tf)
  try:
    with pytest.raises(not_provided.NotProvidedImportError,
                       match=r"tf1_compat\[keras\]"):
      importlib.import_module("tensorflow.keras.layers")
  finally:
    handle.uninstall()
