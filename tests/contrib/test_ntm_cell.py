"""NTMCell: TF 1.15's rnn_cell_test values (with TF 1.15's initial weights),
a numpy NTM over several steps, names and shapes, bad arguments."""

import numpy as np
import pytest
import tensorflow as tf

from tests.contrib import rnn_testing as rt
from tf1_compat import rnn
from tf1_compat.contrib import rnn as contrib_rnn

V1 = tf.compat.v1

# TF 1.15's testNTMCell results (graph seed 1234, inputs drawn with seed 1235).
_TF1_OUTPUT = [[-0.04973561, -0.00020032, -0.09586009, -0.05049511],
               [-0.02199885, 0.02302885, -0.05558189, -0.02051288],
               [-0.01399924, 0.02543444, -0.06975862, -0.03782758],
               [-0.02238393, 0.0135776, -0.09102941, -0.05594013]]
_TF1_W_LIST = [[[0.15837428, 0.21354634, 0.22115856, 0.21117255, 0.19574821],
                [0.15826838, 0.2150458, 0.2228198, 0.20747298, 0.19639312],
                [0.15750293, 0.21550071, 0.22280747, 0.20737495, 0.19681393],
                [0.15763053, 0.21473582, 0.22187267, 0.20920397, 0.19655706]],
               [[0.21703579, 0.19425659, 0.22143759, 0.18024713, 0.18702294],
                [0.2164267, 0.19451937, 0.22112325, 0.18051708, 0.18741359],
                [0.21567065, 0.1947548, 0.22107735, 0.18058982, 0.18790732],
                [0.2163743, 0.194361, 0.22131558, 0.18042919, 0.1875199]]]
_TF1_M_0 = [[-0.00553495, -0.01089884, 0.00683121, -0.00273276],
            [-0.00495392, -0.00975483, 0.00611433, -0.00244583],
            [-0.00564722, -0.0111199, 0.00696973, -0.0027882],
            [-0.00459658, -0.00905126, 0.00567345, -0.00226937],
            [-0.00476941, -0.00939155, 0.00588669, -0.00235472]]
# The op seeds TF 1.15 derived for the random initializers of that test (the
# number of ops built before each); TF 2.21 counts seeded ops instead.
_TF1_OP_SEEDS = {"parameters_kernel": 30, "output_kernel": 43,
                 "initial_read_vector_0": 56, "initial_address_weights_0": 66,
                 "initial_address_weights_1": 76, "lstm_cell/kernel": 116}


def test_tf_1_15_values_from_tf_1_15_initial_weights():
  graph = tf.Graph()
  with graph.as_default(), V1.variable_scope("root"):
    V1.set_random_seed(1234)
    inputs = V1.random_uniform((4, 4), 0.0, 1.0, seed=1235)
    cell = contrib_rnn.NTMCell(controller=rnn.LSTMCell(num_units=4),
                               memory_size=5, memory_vector_dim=4,
                               read_head_num=1, write_head_num=1)
    output, state = cell(inputs, cell.zero_state(4, tf.float32))
    variables = {v.op.name[len("root/ntm_cell/"):]: v
                 for v in V1.global_variables()}
    assert list(variables) == [
        "parameters_kernel", "parameters_bias", "output_kernel", "output_bias",
        "initial_read_vector_0", "initial_address_weights_0",
        "initial_address_weights_1", "memory", "lstm_cell/kernel",
        "lstm_cell/bias"]
    tf1_values = []
    for name, seed in _TF1_OP_SEEDS.items():
      shape = variables[name].shape.as_list()
      if name.endswith("_kernel"):  # Truncated normal, stddev 1/sqrt(fan_in).
        value = V1.truncated_normal(shape, stddev=shape[0] ** -0.5, seed=seed)
      else:  # Glorot-uniform.
        limit = np.sqrt(6.0 / sum(shape))
        value = V1.random_uniform(shape, -limit, limit, seed=seed)
      tf1_values.append(V1.assign(variables[name], value))
    with V1.Session() as session:
      session.run(V1.global_variables_initializer())
      session.run(tf1_values)
      got = session.run([output, state.read_vector_list, state.w_list,
                         state.M, state.time])
  np.testing.assert_allclose(got[0], _TF1_OUTPUT, rtol=1e-6, atol=1e-6)
  np.testing.assert_allclose(got[1][0], np.full([4, 4], 1e-6), rtol=1e-5)
  np.testing.assert_allclose(got[2], _TF1_W_LIST, rtol=1e-6, atol=1e-6)
  np.testing.assert_allclose(got[3][0], _TF1_M_0, rtol=1e-6, atol=1e-6)
  assert got[4] == 1


def _softmax(x):
  e = np.exp(x - x.max(-1, keepdims=True))
  return e / e.sum(-1, keepdims=True)


def _softplus(x):
  return np.log1p(np.exp(x))


def _numpy_ntm(xs, w, memory_size, dim, shift, reads, writes, units):
  """TF 1.15's NTMCell over the steps `xs`, from its zero state."""
  p = "ntm_cell/"
  batch = xs[0].shape[0]
  heads = reads + writes
  h = c = np.zeros([batch, units])
  prev_reads = [np.tile(np.tanh(w[p + "initial_read_vector_%d" % i]),
                        [batch, 1]) for i in range(reads)]
  prev_w = [np.tile(_softmax(w[p + "initial_address_weights_%d" % i]),
                    [batch, 1]) for i in range(heads)]
  memory = np.tile(w[p + "memory"][None], [batch, 1, 1])
  outputs = []
  for x in xs:
    i, j, f, o = np.split(np.concatenate([x] + prev_reads + [h], 1)
                          @ w[p + "lstm_cell/kernel"] + w[p + "lstm_cell/bias"],
                          4, axis=1)
    c = rt.sigmoid(f + 1.0) * c + rt.sigmoid(i) * np.tanh(j)
    h = rt.sigmoid(o) * np.tanh(c)
    params = np.clip(h @ w[p + "parameters_kernel"] + w[p + "parameters_bias"],
                     -20, 20)
    per_head = dim + 2 * shift + 4
    head_params = np.split(params[:, :per_head * heads], heads, axis=1)
    erase_add = np.split(params[:, per_head * heads:], 2 * writes, axis=1)
    new_w = []
    for q, w_prev in zip(head_params, prev_w):
      k, beta = np.tanh(q[:, :dim]), _softplus(q[:, dim])
      g, gamma = rt.sigmoid(q[:, dim + 1]), _softplus(q[:, -1]) + 1
      s = _softmax(q[:, dim + 2:dim + 3 + 2 * shift])
      cosine = np.einsum("bmd,bd->bm", memory, k) / (
          np.linalg.norm(memory, axis=2) * np.linalg.norm(k, axis=1)[:, None]
          + 1e-8)
      w_g = g[:, None] * _softmax(beta[:, None] * cosine) + (
          1 - g[:, None]) * w_prev
      # Circular convolution: shift by d with weight s[d] (d = -shift..shift).
      w_s = sum(np.roll(w_g, d, axis=1) * s[:, [d % (2 * shift + 1)]]
                for d in range(-shift, shift + 1))
      w_s = w_s ** gamma[:, None]
      new_w.append(w_s / w_s.sum(1, keepdims=True))
    prev_reads = [np.einsum("bm,bmd->bd", new_w[i], memory)
                  for i in range(reads)]
    for i in range(writes):
      head = new_w[reads + i][:, :, None]
      erase = rt.sigmoid(erase_add[2 * i])[:, None]
      add = np.tanh(erase_add[2 * i + 1])[:, None]
      memory = memory * (1 - head @ erase) + head @ add
    prev_w = new_w
    outputs.append(np.clip(np.concatenate([h] + prev_reads, 1)
                           @ w[p + "output_kernel"] + w[p + "output_bias"],
                           -20, 20))
  return outputs, prev_reads, prev_w, memory


def test_several_heads_over_dynamic_rnn_match_numpy():
  rng = np.random.default_rng(0)
  x = rng.normal(size=[2, 3, 3]).astype(np.float32)

  def build():
    cell = contrib_rnn.NTMCell(rnn.LSTMCell(5), memory_size=6,
                               memory_vector_dim=3, read_head_num=2,
                               write_head_num=2, shift_range=2, output_dim=4)
    assert cell.output_size == 4
    with V1.variable_scope("rnn"):
      return V1.nn.dynamic_rnn(cell, tf.constant(x), dtype=tf.float32,
                               scope=V1.get_variable_scope())
  (outputs, state), w = rt.run(build)
  w = {name[len("rnn/"):]: value for name, value in w.items()}
  assert {n: v.shape for n, v in w.items()} == {
      "ntm_cell/parameters_kernel": (5, 4 * 11 + 2 * 2 * 3),
      "ntm_cell/parameters_bias": (56,), "ntm_cell/output_kernel": (11, 4),
      "ntm_cell/output_bias": (4,), "ntm_cell/initial_read_vector_0": (1, 3),
      "ntm_cell/initial_read_vector_1": (1, 3),
      **{"ntm_cell/initial_address_weights_%d" % i: (1, 6) for i in range(4)},
      "ntm_cell/memory": (6, 3), "ntm_cell/lstm_cell/kernel": (14, 20),
      "ntm_cell/lstm_cell/bias": (20,)}
  expected, reads, weightings, memory = _numpy_ntm(
      [x[:, t] for t in range(3)], w, 6, 3, 2, 2, 2, 5)
  for t in range(3):
    np.testing.assert_allclose(outputs[:, t], expected[t], rtol=1e-4,
                               atol=1e-6)
  np.testing.assert_allclose(state.M, memory, rtol=1e-4, atol=1e-7)
  np.testing.assert_allclose(state.w_list, weightings, rtol=1e-4, atol=1e-6)
  np.testing.assert_allclose(state.read_vector_list, reads, rtol=1e-4,
                             atol=1e-7)
  assert state.time == 3


def test_bad_arguments_raise_naming_the_cell():
  with pytest.raises(TypeError, match="NTMCell: the argument 'NTM RNN "
                     "controller cell' needs an RNN cell"):
    contrib_rnn.NTMCell(object(), 5, 4, 1, 1)
  with pytest.raises(ValueError, match=r"NTMCell: the shifts \(2 \* "
                     r"shift_range \+ 1 = 7\) must fit in memory_size=5"):
    contrib_rnn.NTMCell(rnn.LSTMCell(2), 5, 4, 1, 1, shift_range=3)
  cell = contrib_rnn.NTMCell(rnn.LSTMCell(2), 5, 4, 1, 1)
  assert cell.output_size is None  # TF1: known once built from the input.
  with tf.Graph().as_default():
    with pytest.raises(ValueError, match="Expected inputs.shape"):
      cell(V1.placeholder(tf.float32, [2, None]), cell.zero_state(2,
                                                                  tf.float32))
