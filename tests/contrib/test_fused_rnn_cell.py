"""contrib.rnn's fused-RNN adaptors: the same numbers as the cell under
dynamic_rnn/static_rnn, and time reversal within each sequence's length."""

import numpy as np
import pytest
import tensorflow as tf

from tf1_compat import rnn
from tf1_compat.contrib import rnn as contrib_rnn

V1 = tf.compat.v1


def _run(graph, fetches):
  with V1.Session(graph=graph) as session:
    session.run(V1.global_variables_initializer())
    return session.run(fetches)


@pytest.mark.parametrize("as_list", [False, True])
def test_adaptor_dynamic_and_static_agree_and_share_names(as_list):
  inputs = np.random.default_rng(0).normal(size=[4, 2, 3]).astype(np.float32)
  graph = tf.Graph()
  with graph.as_default():
    init = V1.constant_initializer(0.3)
    with V1.variable_scope("m", initializer=init):
      x = tf.constant(inputs)
      x = tf.unstack(x) if as_list else x
      dynamic = contrib_rnn.FusedRNNCellAdaptor(
          rnn.GRUCell(5), use_dynamic_rnn=True)(x, dtype=tf.float32,
                                                scope="dyn")
      static = contrib_rnn.FusedRNNCellAdaptor(rnn.GRUCell(5))(
          x, dtype=tf.float32, scope="stat")
    names = sorted(v.name for v in V1.global_variables())
  assert isinstance(dynamic[0], list) == as_list == isinstance(static[0], list)
  assert names == ["m/dyn/gru_cell/candidate/bias:0",
                   "m/dyn/gru_cell/candidate/kernel:0",
                   "m/dyn/gru_cell/gates/bias:0", "m/dyn/gru_cell/gates/kernel:0",
                   "m/stat/gru_cell/candidate/bias:0",
                   "m/stat/gru_cell/candidate/kernel:0",
                   "m/stat/gru_cell/gates/bias:0",
                   "m/stat/gru_cell/gates/kernel:0"]
  got_dynamic, got_static = _run(graph, [dynamic, static])
  np.testing.assert_allclose(np.asarray(got_dynamic[0]),
                             np.asarray(got_static[0]), rtol=1e-5)
  np.testing.assert_allclose(got_dynamic[1], got_static[1], rtol=1e-5)


def test_time_reversed_runs_each_sequence_backwards_within_its_length():
  inputs = np.random.default_rng(1).normal(size=[5, 2, 3]).astype(np.float32)
  lengths = np.array([5, 3], np.int32)
  graph = tf.Graph()
  with graph.as_default():
    cell = rnn.BasicRNNCell(4)
    forward = contrib_rnn.FusedRNNCellAdaptor(cell, use_dynamic_rnn=True)
    backward = contrib_rnn.TimeReversedFusedRNN(forward)
    out_bw, state_bw = backward(tf.constant(inputs), dtype=tf.float32,
                                sequence_length=lengths)
    reversed_inputs = tf.reverse_sequence(inputs, lengths, seq_axis=0,
                                          batch_axis=1)
    out_fw, state_fw = forward(reversed_inputs, dtype=tf.float32,
                               sequence_length=lengths)
    expected = tf.reverse_sequence(out_fw, lengths, seq_axis=0, batch_axis=1)
  got, want, got_state, want_state = _run(
      graph, [out_bw, expected, state_bw, state_fw])
  np.testing.assert_allclose(got, want, rtol=1e-6)
  np.testing.assert_allclose(got_state, want_state, rtol=1e-6)
  assert np.all(got[3:, 1] == 0)  # Past the second sequence's length.
