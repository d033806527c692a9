"""TF 1.15 names restored for the API coverage: `tf.config.experimental_list_devices`,
`tf.pywrap_tensorflow` and the `tf.keras` names tf-keras dropped, each checked
against the behaviour TF 1.15 documented (numbers recomputed in numpy)."""

import collections
import math
import types

import numpy as np
import pytest

import tf1_compat.v1 as tf
from tf1_compat.framework import not_provided

tf_keras = pytest.importorskip("tf_keras")


def test_experimental_list_devices_gives_full_device_names():
  names = tf.config.experimental_list_devices()
  assert "/job:localhost/replica:0/task:0/device:CPU:0" in names
  assert all(name.startswith("/job:") for name in names)
  assert tf.config.list_logical_devices  # the rest is tf.compat.v1.config


def test_pywrap_tensorflow_reads_checkpoints(tmp_path):
  value = np.arange(6, dtype=np.float32).reshape(2, 3)
  graph = tf.Graph()
  with graph.as_default():
    variable = tf.Variable(value, name="v")
    saver = tf.train.Saver()
    with tf.Session() as session:
      session.run(variable.initializer)
      path = saver.save(session, str(tmp_path / "model"))
  reader = tf.pywrap_tensorflow.NewCheckpointReader(path)
  np.testing.assert_array_equal(reader.get_tensor("v"), value)
  assert reader.get_variable_to_shape_map() == {"v": [2, 3]}
  assert tf.pywrap_tensorflow.IsGoogleCudaEnabled() == (
      tf.test.is_built_with_cuda())
  with pytest.raises(not_provided.NotProvidedError,
                     match="provides only IsGoogleCudaEnabled, "
                     "NewCheckpointReader"):
    getattr(tf.pywrap_tensorflow, "TF_NewSession")


def _run(fetches):
  with tf.Session() as session:
    session.run(tf.global_variables_initializer())
    return session.run(fetches)


def test_linear_cosine_decays_are_tf_1_15s_schedules():
  with tf.Graph().as_default():
    linear = tf.keras.experimental.LinearCosineDecay(0.1, decay_steps=10)
    # Without noise the noisy schedule is the linear one.
    quiet = tf.keras.experimental.NoisyLinearCosineDecay(
        0.1, decay_steps=10, initial_variance=0.0)
    got = _run([linear(step) for step in (0, 4, 12)] + [quiet(4)])
  for step, value in zip((0, 4, 10, 4), got):
    linear_part = (10 - step) / 10
    cosine = 0.5 * (1 + math.cos(math.pi * 2 * 0.5 * step / 10))
    np.testing.assert_allclose(value, 0.1 * ((0 + linear_part) * cosine + 0.001),
                               rtol=1e-5)


def _sigmoid(x):
  return 1 / (1 + np.exp(-x))


def test_peephole_lstm_cell_gates_see_the_carry():
  x = np.random.default_rng(0).normal(size=[2, 3, 2]).astype(np.float32)
  with tf.Graph().as_default():
    tf.set_random_seed(1)
    cell = tf.keras.experimental.PeepholeLSTMCell(
        4, recurrent_activation="sigmoid")
    outputs = tf.keras.layers.RNN(cell, return_sequences=True)(tf.constant(x))
    assert [w.name.split("/")[-1] for w in cell.weights] == [
        "kernel:0", "recurrent_kernel:0", "bias:0",
        "input_gate_peephole_weights:0", "forget_gate_peephole_weights:0",
        "output_gate_peephole_weights:0"]
    got, (kernel, recurrent, bias, w_i, w_f, w_o) = _run([outputs,
                                                          cell.weights])
  h, c, want = np.zeros([2, 4]), np.zeros([2, 4]), []
  for t in range(3):
    z = x[:, t] @ kernel + h @ recurrent + bias
    i = _sigmoid(z[:, :4] + w_i * c)
    f = _sigmoid(z[:, 4:8] + w_f * c)
    c = f * c + i * np.tanh(z[:, 8:12])
    h = _sigmoid(z[:, 12:] + w_o * c) * np.tanh(c)
    want.append(h)
  np.testing.assert_allclose(got, np.stack(want, 1), rtol=1e-4, atol=1e-5)


def _classifier():
  model = tf.keras.Sequential([tf.keras.layers.Dense(3, activation="softmax",
                                                     input_shape=(4,))])
  model.compile(optimizer="sgd", loss="categorical_crossentropy",
                metrics=["accuracy"])
  return model


def _regressor(units=1):
  model = tf.keras.Sequential([tf.keras.layers.Dense(units, input_shape=(4,))])
  model.compile(optimizer="sgd", loss="mse")
  return model


def test_scikit_learn_wrappers():
  rng = np.random.default_rng(2)
  x = rng.normal(size=[24, 4]).astype(np.float32)
  labels = np.array(["cat", "dog", "emu"])[rng.integers(0, 3, size=24)]
  target = x.sum(axis=1)
  scikit_learn = tf.keras.wrappers.scikit_learn
  with tf.Graph().as_default():
    tf.set_random_seed(3)
    classifier = scikit_learn.KerasClassifier(_classifier, epochs=1,
                                              batch_size=8, verbose=0)
    assert classifier.get_params()["build_fn"] is _classifier
    classifier.fit(x, labels)
    predicted = classifier.predict(x)
    probabilities = classifier.predict_proba(x)
    accuracy = classifier.score(x, labels)
    regressor = scikit_learn.KerasRegressor(_regressor, epochs=1, verbose=0)
    regressor.set_params(batch_size=6)
    regressor.fit(x, target)
    estimate = regressor.predict(x)
    score = regressor.score(x, target)
  assert list(classifier.classes_) == ["cat", "dog", "emu"]
  assert set(predicted) <= set(labels) and predicted.shape == (24,)
  np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, rtol=1e-5)
  np.testing.assert_array_equal(
      predicted, classifier.classes_[probabilities.argmax(axis=1)])
  np.testing.assert_allclose(accuracy, np.mean(predicted == labels), atol=1e-6)
  assert estimate.shape == (24,)
  np.testing.assert_allclose(score, -np.mean((estimate - target) ** 2),
                             rtol=1e-4)
  with pytest.raises(ValueError, match="bogus is not a legal parameter"):
    scikit_learn.KerasRegressor(_regressor, bogus=1)
  with pytest.raises(not_provided.NotProvidedError, match="provides only"):
    getattr(scikit_learn, "KerasTransformer")


def test_convert_all_kernels_in_model_flips_the_spatial_axes():
  with tf.Graph().as_default():
    model = tf.keras.Sequential([
        tf.keras.layers.Conv2D(2, 3, input_shape=(5, 5, 1)),
        tf.keras.layers.Flatten(), tf.keras.layers.Dense(1)])
    before = tf.keras.backend.get_value(model.layers[0].kernel)
    dense_before = tf.keras.backend.get_value(model.layers[2].kernel)
    tf.keras.utils.convert_all_kernels_in_model(model)
    after = tf.keras.backend.get_value(model.layers[0].kernel)
    dense_after = tf.keras.backend.get_value(model.layers[2].kernel)
  np.testing.assert_array_equal(after, before[::-1, ::-1])
  np.testing.assert_array_equal(dense_after, dense_before)


def test_hdf5_matrix_reads_row_ranges(monkeypatch):
  from tf1_compat.dropin import keras_extras  # pylint: disable=import-outside-toplevel
  data = np.arange(20).reshape(10, 2)
  opened = []

  def fake_file(path, mode):
    opened.append((path, mode))
    return {"x": data}

  monkeypatch.setattr(keras_extras, "h5py", types.SimpleNamespace(File=fake_file))
  monkeypatch.setattr(keras_extras.HDF5Matrix, "refs",
                      collections.defaultdict(int))
  matrix = tf.keras.utils.HDF5Matrix("d.h5", "x", start=2, end=8,
                                     normalizer=lambda v: v * 10)
  tf.keras.utils.HDF5Matrix("d.h5", "x")
  assert opened == [("d.h5", "r")]
  assert len(matrix) == 6 and matrix.shape == (6, 2) and matrix.size == 12
  np.testing.assert_array_equal(matrix[0], data[2] * 10)
  np.testing.assert_array_equal(matrix[1:3], data[3:5] * 10)
  np.testing.assert_array_equal(matrix[np.array([0, 5])], data[[2, 7]] * 10)
  with pytest.raises(IndexError):
    matrix[6]  # pylint: disable=pointless-statement
  monkeypatch.setattr(keras_extras, "h5py", None)
  with pytest.raises(ImportError, match="requires HDF5 and h5py"):
    tf.keras.utils.HDF5Matrix("d.h5", "x")


def test_terminate_keras_multiprocessing_pools_without_pools(monkeypatch):
  from tf1_compat.dropin import keras_extras  # pylint: disable=import-outside-toplevel
  collections_run = []
  monkeypatch.setattr(keras_extras, "gc", types.SimpleNamespace(
      collect=lambda: collections_run.append(1)))
  assert tf.keras.experimental.terminate_keras_multiprocessing_pools(
      grace_period=0) == []
  assert len(collections_run) == 5  # as TF 1.15: first, each round, last


def test_what_stays_refused_names_its_replacement():
  with pytest.raises(not_provided.NotProvidedError, match="MirroredStrategy"):
    getattr(tf.keras.utils, "multi_gpu_model")
  with pytest.raises(not_provided.NotProvidedError, match="load_model"):
    getattr(tf.keras.experimental, "export_saved_model")
