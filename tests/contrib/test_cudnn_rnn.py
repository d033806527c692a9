"""contrib.cudnn_rnn on a CPU: the compatible cells against numpy
recomputations of cuDNN's own equations, the parameter-format conversions,
the layers' TF 1.15 variable names, checkpoints that restore into the cells,
and the clear failure without a GPU."""

import numpy as np
import pytest
import tensorflow as tf

from tests.contrib import rnn_testing as rt
from tf1_compat import rnn
from tf1_compat.contrib import cudnn_rnn

V1 = tf.compat.v1
HAS_GPU = bool(tf.config.list_physical_devices("GPU"))


def _cudnn_lstm_numpy(x, h, c, cu_w, cu_b):
  """One step of cuDNN's LSTM from its canonical pieces (gates i, f, c, o)."""
  pre = [x @ cu_w[g].T + h @ cu_w[4 + g].T + cu_b[g] + cu_b[4 + g]
         for g in range(4)]
  i, f, o = rt.sigmoid(pre[0]), rt.sigmoid(pre[1]), rt.sigmoid(pre[3])
  c = f * c + i * np.tanh(pre[2])
  return o * np.tanh(c), c


def _cudnn_gru_numpy(x, h, cu_w, cu_b):
  """One step of cuDNN's GRU from its canonical pieces (gates r, u, c)."""
  r = rt.sigmoid(x @ cu_w[0].T + h @ cu_w[3].T + cu_b[0] + cu_b[3])
  u = rt.sigmoid(x @ cu_w[1].T + h @ cu_w[4].T + cu_b[1] + cu_b[4])
  c = np.tanh(x @ cu_w[2].T + cu_b[2] + r * (h @ cu_w[5].T + cu_b[5]))
  return (1 - u) * c + u * h


def _random_pieces(converter, seed=0):
  rng = np.random.default_rng(seed)
  weights, biases = converter.cu_canonical_shapes()
  return ([rng.uniform(-0.5, 0.5, s).astype(np.float32) for s in weights],
          [rng.uniform(-0.5, 0.5, s).astype(np.float32) for s in biases])


def _evaluate(tensors):
  with tf.Graph().as_default(), V1.Session() as session:
    return session.run(tensors() if callable(tensors) else tensors)


def test_opaque_layout_is_every_matrix_then_every_bias():
  converter = cudnn_rnn.CudnnParamsFormatConverterLSTM(2, 3, 4)
  weights, biases = converter.cu_canonical_shapes()
  assert weights == [(3, 4)] * 4 + [(3, 3)] * 12 and biases == [(3,)] * 16
  assert converter.opaque_size() == 4 * 3 * 4 + 12 * 9 + 16 * 3
  cu_w, cu_b = _random_pieces(converter)
  opaque, (back_w, back_b) = _evaluate(lambda: (
      converter.cu_canonical_to_opaque(cu_w, cu_b),
      converter.opaque_to_cu_canonical(
          converter.cu_canonical_to_opaque(cu_w, cu_b))))
  np.testing.assert_array_equal(opaque, np.concatenate(
      [w.ravel() for w in cu_w] + list(cu_b)))
  for got, want in zip(back_w + back_b, cu_w + cu_b):
    np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("converter_class,count", [
    (cudnn_rnn.CudnnParamsFormatConverterLSTM, 1),
    (cudnn_rnn.CudnnParamsFormatConverterGRU, 3),
    (cudnn_rnn.CudnnParamsFormatConverterTanh, 1)])
def test_tf_canonical_round_trips_through_the_opaque_buffer(converter_class,
                                                            count):
  converter = converter_class(2, 3, 5, direction="bidirectional")
  rng = np.random.default_rng(1)
  weights, biases = [], []
  for layer in (0, 0, 1, 1):  # Each layer's forward, then backward direction.
    weight_shapes, bias_shapes = converter.tf_canonical_shapes(layer)
    assert len(weight_shapes) == len(bias_shapes) == count
    weights += [rng.normal(size=s).astype(np.float32) for s in weight_shapes]
    biases += [rng.normal(size=s).astype(np.float32) for s in bias_shapes]
  got_w, got_b = _evaluate(lambda: converter.opaque_to_tf_canonical(
      converter.tf_canonical_to_opaque(weights + biases)))
  for got, want in zip(got_w + got_b, weights + biases):
    np.testing.assert_allclose(got, want, rtol=1e-6)


def test_compatible_lstm_cell_computes_cudnn_lstm_from_converted_weights():
  converter = cudnn_rnn.CudnnParamsFormatConverterLSTM(1, 3, 4)
  cu_w, cu_b = _random_pieces(converter, seed=2)
  rng = np.random.default_rng(3)
  x, h, c = (rng.normal(size=[2, s]).astype(np.float32) for s in (4, 3, 3))

  def build():
    (kernel,), (bias,) = converter.opaque_to_tf_canonical(
        converter.cu_canonical_to_opaque(cu_w, cu_b))
    cell = cudnn_rnn.CudnnCompatibleLSTMCell(3)
    output, state = cell(tf.constant(x), rnn.LSTMStateTuple(tf.constant(c),
                                                            tf.constant(h)))
    assert [v.name for v in cell.weights] == [
        "cudnn_compatible_lstm_cell/kernel:0",
        "cudnn_compatible_lstm_cell/bias:0"]
    return [V1.assign(cell.weights[0], kernel),
            V1.assign(cell.weights[1], bias)], output, state

  graph = tf.Graph()
  with graph.as_default():
    loads, output, state = build()
    with V1.Session(graph=graph) as session:
      session.run(loads)
      output, state = session.run([output, state])
  want_h, want_c = _cudnn_lstm_numpy(x, h, c, cu_w, cu_b)
  np.testing.assert_allclose(state.c, want_c, rtol=1e-5, atol=1e-6)
  np.testing.assert_allclose(output, want_h, rtol=1e-5, atol=1e-6)


def test_compatible_gru_cell_computes_cudnn_gru_from_converted_weights():
  converter = cudnn_rnn.CudnnParamsFormatConverterGRU(1, 3, 4)
  cu_w, cu_b = _random_pieces(converter, seed=4)
  rng = np.random.default_rng(5)
  x, h = (rng.normal(size=[2, s]).astype(np.float32) for s in (4, 3))
  graph = tf.Graph()
  with graph.as_default():
    weights, biases = converter.opaque_to_tf_canonical(
        converter.cu_canonical_to_opaque(cu_w, cu_b))
    cell = cudnn_rnn.CudnnCompatibleGRUCell(3)
    output, _ = cell(tf.constant(x), tf.constant(h))
    prefix = "cudnn_compatible_gru_cell/"
    names = [prefix + n for n in (
        "gates/kernel", "gates/bias", "candidate/input_projection/kernel",
        "candidate/hidden_projection/kernel", "candidate/input_projection/bias",
        "candidate/hidden_projection/bias")]
    assert [v.name[:-2] for v in cell.weights] == names
    by_name = dict(zip(["gates/kernel", "candidate/input_projection/kernel",
                        "candidate/hidden_projection/kernel", "gates/bias",
                        "candidate/input_projection/bias",
                        "candidate/hidden_projection/bias"],
                       weights + biases))
    loads = [V1.assign(v, by_name[v.name[len(prefix):-2]])
             for v in cell.weights]
    with V1.Session(graph=graph) as session:
      session.run(loads)
      output = session.run(output)
  np.testing.assert_allclose(output, _cudnn_gru_numpy(x, h, cu_w, cu_b),
                             rtol=1e-5, atol=1e-6)


def test_gru_cell_initial_biases():
  def build():
    return cudnn_rnn.CudnnCompatibleGRUCell(2)(tf.ones([1, 3]), tf.zeros([1, 2]))
  _, weights = rt.run(build)
  np.testing.assert_array_equal(
      weights["cudnn_compatible_gru_cell/gates/bias"], 1.0)
  np.testing.assert_array_equal(
      weights["cudnn_compatible_gru_cell/candidate/hidden_projection/bias"], 0.0)


@pytest.mark.parametrize("layer_class,direction,names", [
    (cudnn_rnn.CudnnLSTM, "unidirectional", [
        "cudnn_lstm/rnn/multi_rnn_cell/cell_%d/cudnn_compatible_lstm_cell/%s"
        % (i, n) for i in range(2) for n in ("kernel", "bias")]),
    (cudnn_rnn.CudnnGRU, "unidirectional", [
        "cudnn_gru/rnn/multi_rnn_cell/cell_%d/cudnn_compatible_gru_cell/%s"
        % (i, n) for i in range(2) for n in (
            "gates/kernel", "candidate/input_projection/kernel",
            "candidate/hidden_projection/kernel", "gates/bias",
            "candidate/input_projection/bias",
            "candidate/hidden_projection/bias")]),
    (cudnn_rnn.CudnnLSTM, "bidirectional", [
        "cudnn_lstm/stack_bidirectional_rnn/cell_%d/bidirectional_rnn/%s/"
        "cudnn_compatible_lstm_cell/%s" % (i, d, n) for i in range(2)
        for d in ("fw", "bw") for n in ("kernel", "bias")]),
])
def test_layers_build_tf_1_15s_canonical_variables(layer_class, direction,
                                                   names):
  graph = tf.Graph()
  with graph.as_default():
    layer = layer_class(2, 3, direction=direction)
    layer.build([None, None, 5])
    assert [v.name[:-2] for v in V1.global_variables()] == names
    assert layer.input_size == 5 and layer.num_dirs == (
        2 if direction == "bidirectional" else 1)
    kernel = layer.kernel
    converter = (cudnn_rnn.CudnnParamsFormatConverterLSTM
                 if layer_class is cudnn_rnn.CudnnLSTM
                 else cudnn_rnn.CudnnParamsFormatConverterGRU)(
                     2, 3, 5, direction=direction)
    assert kernel.shape.as_list() == [converter.opaque_size()]
    with V1.Session(graph=graph) as session:
      session.run(V1.global_variables_initializer())
      values = session.run(V1.global_variables())
  first_kernel = values[0]
  width = 5 + 3
  assert first_kernel.shape[0] == width
  assert np.all(np.abs(first_kernel[:5]) <= np.sqrt(6.0 / (3 + 5)) + 1e-6)
  biases = [v for n, v in zip(names, values) if n.endswith("bias")]
  assert all(np.all(b == 0.0) for b in biases)


def test_lstm_checkpoint_restores_into_compatible_cells_and_matches_cudnn(
    tmp_path):
  path = str(tmp_path / "cudnn")
  rng = np.random.default_rng(6)
  inputs = rng.normal(size=[4, 2, 5]).astype(np.float32)  # time-major
  graph = tf.Graph()
  with graph.as_default():
    V1.set_random_seed(0)
    layer = cudnn_rnn.CudnnLSTM(2, 3)
    layer.build(inputs.shape)
    converter = cudnn_rnn.CudnnParamsFormatConverterLSTM(2, 3, 5)
    pieces = converter.opaque_to_cu_canonical(layer.kernel)
    with V1.Session(graph=graph) as session:
      session.run(V1.global_variables_initializer())
      cu_w, cu_b = session.run(pieces)
      V1.train.Saver().save(session, path)
  graph = tf.Graph()
  with graph.as_default():
    with V1.variable_scope("cudnn_lstm"):
      cell = rnn.MultiRNNCell([cudnn_rnn.CudnnCompatibleLSTMCell(3)
                               for _ in range(2)])
      outputs, state = V1.nn.dynamic_rnn(cell, tf.constant(inputs),
                                         time_major=True, dtype=tf.float32)
    with V1.Session(graph=graph) as session:
      V1.train.Saver().restore(session, path)
      outputs, state = session.run([outputs, state])
  layer_input = inputs
  for layer_index in range(2):
    w, b = cu_w[8 * layer_index:8 * layer_index + 8], cu_b[
        8 * layer_index:8 * layer_index + 8]
    h = c = np.zeros([2, 3], np.float32)
    steps = []
    for t in range(4):
      h, c = _cudnn_lstm_numpy(layer_input[t], h, c, w, b)
      steps.append(h)
    layer_input = np.stack(steps)
    np.testing.assert_allclose(state[layer_index].c, c, rtol=1e-5, atol=1e-6)
  np.testing.assert_allclose(outputs, layer_input, rtol=1e-5, atol=1e-6)


@pytest.mark.skipif(HAS_GPU, reason="the failure is for machines without GPU")
def test_calling_a_layer_without_a_gpu_fails_naming_the_cpu_cell():
  with tf.Graph().as_default():
    layer = cudnn_rnn.CudnnLSTM(1, 4)
    with pytest.raises(cudnn_rnn.CudnnUnavailableError,
                       match="CudnnLSTM needs a GPU with cuDNN and this process "
                       "sees none; on a CPU run the same weights with "
                       "tf.contrib.cudnn_rnn.CudnnCompatibleLSTMCell"):
      layer(tf.zeros([3, 2, 5]))
    with pytest.raises(RuntimeError, match="CudnnCompatibleGRUCell"):
      cudnn_rnn.CudnnGRU(1, 4)(tf.zeros([3, 2, 5]))


def test_bad_arguments_fail_at_construction():
  with tf.Graph().as_default():
    with pytest.raises(ValueError, match="CudnnLSTM: input_mode must be "
                       "'linear_input'"):
      cudnn_rnn.CudnnLSTM(1, 4, input_mode="skip_input")
    with pytest.raises(ValueError, match="CudnnGRU: direction must be"):
      cudnn_rnn.CudnnGRU(1, 4, direction="sideways")
    with pytest.raises(AttributeError, match="CudnnLSTMSaveable is not "
                       "provided.*Saver"):
      getattr(cudnn_rnn, "CudnnLSTMSaveable")
