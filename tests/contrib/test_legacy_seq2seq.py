"""legacy_seq2seq: TF 1.15's names and test values, numpy oracles, training, errors."""

import numpy as np
import pytest
import tensorflow as tf

from tf1_compat import rnn
from tf1_compat.contrib import legacy_seq2seq
from tf1_compat.contrib import rnn as contrib_rnn
from tf1_compat.framework import not_provided

V1 = tf.compat.v1


# ---- helpers -------------------------------------------------------------------


def _shapes(graph):
  return {v.op.name: v.shape.as_list()
          for v in graph.get_collection(V1.GraphKeys.GLOBAL_VARIABLES)}


def _session(graph):
  """A session without Grappler, which costs about a second per unrolled graph
  and does not change what is computed."""
  config = V1.ConfigProto()
  config.graph_options.rewrite_options.disable_meta_optimizer = True
  return V1.Session(graph=graph, config=config)


def _run(graph, fetches, feed_dict=None):
  with _session(graph) as session:
    session.run(V1.global_variables_initializer())
    return session.run(fetches, feed_dict=feed_dict)


def _randomized_run(graph, fetches, seed, feed_dict=None):
  """Loads N(0, 0.5^2) into every variable (biases too), then fetches
  `fetches` and `{name: value}` of all variables."""
  rng = np.random.default_rng(seed)
  variables = graph.get_collection(V1.GraphKeys.GLOBAL_VARIABLES)
  with _session(graph) as session:
    for variable in variables:
      variable.load(0.5 * rng.normal(size=variable.shape.as_list()), session)
    values = session.run({v.op.name: v for v in variables})
    return session.run(fetches, feed_dict=feed_dict), values


def _root():
  """TF 1.15's test setting: every kernel 0.5, biases at their defaults."""
  return V1.variable_scope("root", initializer=V1.constant_initializer(0.5))


def _sigmoid(x):
  return 1 / (1 + np.exp(-x))


def _softmax(x):
  e = np.exp(x - x.max(axis=-1, keepdims=True))
  return e / e.sum(axis=-1, keepdims=True)


def _dense(v, prefix, *args):
  return np.concatenate(args, 1) @ v[prefix + "/kernel"] + v[prefix + "/bias"]


def _gru(v, prefix, x, h):
  gates = _sigmoid(_dense(v, prefix + "/gates", x, h))
  r, u = np.split(gates, 2, axis=1)
  c = np.tanh(_dense(v, prefix + "/candidate", x, r * h))
  return u * h + (1 - u) * c


def _lstm(v, prefix, x, state):
  c, h = state
  i, j, f, o = np.split(_dense(v, prefix, x, h), 4, axis=1)
  new_c = c * _sigmoid(f + 1.0) + _sigmoid(i) * np.tanh(j)
  new_h = np.tanh(new_c) * _sigmoid(o)
  return new_h, (new_c, new_h)


def _xent(logits, targets):
  shifted = logits - logits.max(axis=1, keepdims=True)
  log_z = np.log(np.exp(shifted).sum(axis=1))
  return log_z - shifted[np.arange(len(targets)), targets]


def _np_attention_decoder(v, prefix, inputs, state, attention_states, cell_fn,
                          num_heads, initial_state_attention=False,
                          next_input=None):
  """TF 1.15's attention_decoder in numpy; returns outputs, state, weights.

  `next_input(output)`, if given, replaces inputs after the first (feed_previous).
  """
  batch, _, attn_size = attention_states.shape
  features = [attention_states @ v[prefix + "/AttnW_%d" % h][0, 0]
              for h in range(num_heads)]
  all_weights = []

  def attention(state):
    query = np.concatenate([np.asarray(s) for s in _leaves(state)], 1)
    reads = []
    for h in range(num_heads):
      y = _dense(v, prefix + "/Attention_%d" % h, query)
      scores = np.sum(v[prefix + "/AttnV_%d" % h]
                      * np.tanh(features[h] + y[:, None, :]), axis=2)
      weights = _softmax(scores)
      all_weights.append(weights)
      reads.append(np.sum(weights[:, :, None] * attention_states, axis=1))
    return reads

  attns = [np.zeros([batch, attn_size])] * num_heads
  if initial_state_attention:
    attns = attention(state)
  outputs = []
  for i, inp in enumerate(inputs):
    if next_input is not None and i > 0:
      inp = next_input(outputs[-1])
    x = _dense(v, prefix, inp, *attns)
    cell_output, state = cell_fn(x, state)
    attns = attention(state)
    outputs.append(_dense(v, prefix + "/AttnOutputProjection", cell_output,
                          *attns))
  return outputs, state, all_weights


def _leaves(state):
  if isinstance(state, (tuple, list)):
    return [leaf for part in state for leaf in _leaves(part)]
  return [state]


def _ids(values):
  return [tf.constant(np.asarray(row, np.int32)) for row in values]


# ---- TF 1.15's seq2seq_test.py ------------------------------------------------


class TestTF115Values:
  """The numbers and shapes TF 1.15's own `seq2seq_test.py` asserts."""

  def _loss_inputs(self):
    logits = [tf.constant(i + 0.5, shape=[2, 5]) for i in range(3)]
    targets = [tf.constant(i, tf.int32, shape=[2]) for i in range(3)]
    weights = [tf.constant(1.0, shape=[2]) for _ in range(3)]
    return logits, targets, weights

  def test_sequence_loss(self):
    graph = tf.Graph()
    with graph.as_default():
      logits, targets, weights = self._loss_inputs()
      losses = [legacy_seq2seq.sequence_loss(
          logits, targets, weights, average_across_timesteps=steps,
          average_across_batch=batch)
                for steps, batch in ((True, True), (False, True),
                                     (False, False))]
      got = _run(graph, losses)
    # TF 1.15 compared with assertAllClose: rtol=1e-6, atol=1e-6.
    np.testing.assert_allclose(got, [1.60944, 4.828314, 9.656628], rtol=1e-6,
                               atol=1e-6)

  def test_sequence_loss_by_example(self):
    graph = tf.Graph()
    with graph.as_default():
      logits, targets, weights = self._loss_inputs()
      per_step = legacy_seq2seq.sequence_loss_by_example(
          logits, targets, weights, average_across_timesteps=True)
      per_sequence = legacy_seq2seq.sequence_loss_by_example(
          logits, targets, weights, average_across_timesteps=False)
      got = _run(graph, [per_step, per_sequence])
    np.testing.assert_allclose(got[0], [1.609438, 1.609438], rtol=1e-6,
                               atol=1e-6)
    np.testing.assert_allclose(got[1], [4.828314, 4.828314], rtol=1e-6,
                               atol=1e-6)

  def test_rnn_decoder_basic_and_tied_names_and_shapes(self):
    graph = tf.Graph()
    with graph.as_default(), _root():
      inp = [tf.constant(0.5, shape=[2, 2])] * 2
      dec_inp = [tf.constant(0.4, shape=[2, 2])] * 3
      _, enc_state = V1.nn.static_rnn(rnn.GRUCell(2), inp, dtype=tf.float32)
      dec, mem = legacy_seq2seq.rnn_decoder(
          dec_inp, enc_state,
          contrib_rnn.OutputProjectionWrapper(rnn.GRUCell(2), 4))
      basic, basic_mem = legacy_seq2seq.basic_rnn_seq2seq(
          inp, dec_inp, contrib_rnn.OutputProjectionWrapper(rnn.GRUCell(2), 4))
      tied, tied_mem = legacy_seq2seq.tied_rnn_seq2seq(
          inp, dec_inp, contrib_rnn.OutputProjectionWrapper(rnn.GRUCell(2), 4))
      got = _run(graph, [dec, mem, basic, basic_mem, tied, tied_mem])
      shapes = _shapes(graph)
    for outputs, state in zip(got[::2], got[1::2]):
      assert [o.shape for o in outputs] == [(2, 4)] * 3
      assert state.shape == (2, 2)
    wrapper = "output_projection_wrapper"
    for prefix in ("root/rnn_decoder/", "root/basic_rnn_seq2seq/rnn/",
                   "root/basic_rnn_seq2seq/rnn_decoder/",
                   "root/combined_tied_rnn_seq2seq/tied_rnn_seq2seq/"):
      assert shapes[prefix + wrapper + "/kernel"] == [2, 4]
      assert shapes[prefix + wrapper + "/bias"] == [4]
      assert shapes[prefix + wrapper + "/gru_cell/gates/kernel"] == [4, 4]
      assert shapes[prefix + wrapper + "/gru_cell/candidate/bias"] == [2]
    # Tied: one set of weights for encoder and decoder.
    assert not [n for n in shapes if n.startswith("root/combined_tied_rnn_seq2seq")
                and "tied_rnn_seq2seq/output_projection_wrapper" not in n]
    # Basic: the encoder is a copy with weights of its own.
    assert "root/basic_rnn_seq2seq/rnn/output_projection_wrapper/kernel" in shapes

  def test_embedding_rnn_decoder_lstm_state(self):
    graph = tf.Graph()
    with graph.as_default(), _root():
      inp = [tf.constant(0.5, shape=[2, 2])] * 2
      _, enc_state = V1.nn.static_rnn(rnn.BasicLSTMCell(2), inp,
                                      dtype=tf.float32)
      dec, mem = legacy_seq2seq.embedding_rnn_decoder(
          _ids([[i, i] for i in range(3)]), enc_state, rnn.BasicLSTMCell(2),
          num_symbols=4, embedding_size=2)
      got = _run(graph, [dec, mem])
      shapes = _shapes(graph)
    assert [o.shape for o in got[0]] == [(2, 2)] * 3
    assert got[1].c.shape == (2, 2) and got[1].h.shape == (2, 2)
    assert shapes["root/embedding_rnn_decoder/embedding"] == [4, 2]
    assert shapes[
        "root/embedding_rnn_decoder/rnn_decoder/basic_lstm_cell/kernel"] == [4, 8]

  def test_embedding_rnn_seq2seq_variants(self):
    graph = tf.Graph()
    with graph.as_default(), _root():
      enc_inp = _ids([[1, 1]] * 2)
      dec_inp = _ids([[i, i] for i in range(3)])
      dec, mem = legacy_seq2seq.embedding_rnn_seq2seq(
          enc_inp, dec_inp, rnn.BasicLSTMCell(2), num_encoder_symbols=2,
          num_decoder_symbols=5, embedding_size=2)
      with V1.variable_scope("no_tuple"):
        dec_nt, mem_nt = legacy_seq2seq.embedding_rnn_seq2seq(
            enc_inp, dec_inp, rnn.BasicLSTMCell(2, state_is_tuple=False), 2, 5,
            2)
      w = V1.get_variable("proj_w", [2, 5])
      b = V1.get_variable("proj_b", [5])
      with V1.variable_scope("proj_seq2seq"):
        dec_proj, _ = legacy_seq2seq.embedding_rnn_seq2seq(
            enc_inp, dec_inp, rnn.BasicLSTMCell(2), 2, 5, 2,
            output_projection=(w, b))
      got = _run(graph, [dec, mem, dec_nt, mem_nt, dec_proj])
      shapes = _shapes(graph)
    assert [o.shape for o in got[0]] == [(2, 5)] * 3
    assert got[1].c.shape == (2, 2)
    assert [o.shape for o in got[2]] == [(2, 5)] * 3
    assert got[3].shape == (2, 4)
    assert [o.shape for o in got[4]] == [(2, 2)] * 3
    top = "root/embedding_rnn_seq2seq/"
    decoder = top + "embedding_rnn_decoder/rnn_decoder/output_projection_wrapper/"
    assert shapes[top + "rnn/embedding_wrapper/embedding"] == [2, 2]
    assert shapes[top + "rnn/embedding_wrapper/basic_lstm_cell/kernel"] == [4, 8]
    assert shapes[top + "embedding_rnn_decoder/embedding"] == [5, 2]
    assert shapes[decoder + "kernel"] == [2, 5]
    assert shapes[decoder + "basic_lstm_cell/kernel"] == [4, 8]
    assert not [n for n in shapes if n.startswith("root/proj_seq2seq/")
                and "output_projection_wrapper" in n]

  def test_embedding_tied_rnn_seq2seq_names_and_num_decoder_symbols(self):
    graph = tf.Graph()
    with graph.as_default(), _root():
      enc_inp = _ids([[1, 1]] * 2)
      dec_inp = _ids([[i, i] for i in range(3)])
      dec, mem = legacy_seq2seq.embedding_tied_rnn_seq2seq(
          enc_inp, dec_inp, rnn.BasicLSTMCell(2), num_symbols=5,
          embedding_size=2)
      with V1.variable_scope("decoder_symbols_seq2seq"):
        dec3, _ = legacy_seq2seq.embedding_tied_rnn_seq2seq(
            enc_inp, dec_inp, rnn.BasicLSTMCell(2), num_symbols=5,
            num_decoder_symbols=3, embedding_size=2)
      got = _run(graph, [dec, mem, dec3])
      shapes = _shapes(graph)
    assert [o.shape for o in got[0]] == [(2, 5)] * 3
    assert got[1].h.shape == (2, 2)
    assert [o.shape for o in got[2]] == [(2, 3)] * 3
    top = "root/embedding_tied_rnn_seq2seq/"
    cell = top + "combined_tied_rnn_seq2seq/tied_rnn_seq2seq/"
    assert sorted(n for n in shapes if n.startswith(top)) == sorted([
        top + "embedding", cell + "output_projection_wrapper/kernel",
        cell + "output_projection_wrapper/bias",
        cell + "output_projection_wrapper/basic_lstm_cell/kernel",
        cell + "output_projection_wrapper/basic_lstm_cell/bias"])

  @pytest.mark.parametrize("num_heads,dynamic", [(1, False), (2, True)])
  def test_attention_decoder_names_and_shapes(self, num_heads, dynamic):
    graph = tf.Graph()
    with graph.as_default(), _root():
      cell = rnn.GRUCell(2)
      if dynamic:
        attn_states, enc_state = V1.nn.dynamic_rnn(
            cell, tf.constant(0.5, shape=[2, 2, 2]), dtype=tf.float32)
      else:
        enc_outputs, enc_state = V1.nn.static_rnn(
            cell, [tf.constant(0.5, shape=[2, 2])] * 2, dtype=tf.float32)
        attn_states = tf.concat([tf.reshape(e, [-1, 1, cell.output_size])
                                 for e in enc_outputs], 1)
      dec, mem = legacy_seq2seq.attention_decoder(
          [tf.constant(0.4, shape=[2, 2])] * 3, enc_state, attn_states,
          rnn.GRUCell(2), output_size=4, num_heads=num_heads)
      got = _run(graph, [dec, mem])
      shapes = _shapes(graph)
    assert [o.shape for o in got[0]] == [(2, 4)] * 3
    assert got[1].shape == (2, 2)
    want = {"kernel": [2 + 2 * num_heads, 2], "bias": [2],
            "gru_cell/gates/kernel": [4, 4], "gru_cell/gates/bias": [4],
            "gru_cell/candidate/kernel": [4, 2], "gru_cell/candidate/bias": [2],
            "AttnOutputProjection/kernel": [2 + 2 * num_heads, 4],
            "AttnOutputProjection/bias": [4]}
    for head in range(num_heads):
      want.update({"AttnW_%d" % head: [1, 1, 2, 2], "AttnV_%d" % head: [2],
                   "Attention_%d/kernel" % head: [2, 2],
                   "Attention_%d/bias" % head: [2]})
    prefix = "root/attention_decoder/"
    assert {n[len(prefix):]: s for n, s in shapes.items()
            if n.startswith(prefix)} == want

  def test_attention_decoder_state_is_tuple(self):
    graph = tf.Graph()
    with graph.as_default(), _root():
      def cell_fn():
        return rnn.MultiRNNCell([rnn.BasicLSTMCell(2) for _ in range(2)])
      cell = cell_fn()
      enc_outputs, enc_state = V1.nn.static_rnn(
          cell, [tf.constant(0.5, shape=[2, 2])] * 2, dtype=tf.float32)
      attn_states = tf.concat([tf.reshape(e, [-1, 1, cell.output_size])
                               for e in enc_outputs], 1)
      dec, mem = legacy_seq2seq.attention_decoder(
          [tf.constant(0.4, shape=[2, 2])] * 3, enc_state, attn_states,
          cell_fn(), output_size=4)
      got = _run(graph, [dec, mem])
      shapes = _shapes(graph)
    assert [o.shape for o in got[0]] == [(2, 4)] * 3
    assert len(got[1]) == 2
    assert all(s.c.shape == (2, 2) and s.h.shape == (2, 2) for s in got[1])
    # The query is every state leaf, concatenated: 4 x 2 wide.
    assert shapes["root/attention_decoder/Attention_0/kernel"] == [8, 2]
    assert shapes["root/attention_decoder/multi_rnn_cell/cell_1/"
                  "basic_lstm_cell/kernel"] == [4, 8]

  def test_embedding_attention_decoder_shapes(self):
    graph = tf.Graph()
    with graph.as_default(), _root():
      cell = rnn.GRUCell(2)
      enc_outputs, enc_state = V1.nn.static_rnn(
          cell, [tf.constant(0.5, shape=[2, 2])] * 2, dtype=tf.float32)
      attn_states = tf.concat([tf.reshape(e, [-1, 1, cell.output_size])
                               for e in enc_outputs], 1)
      dec, mem = legacy_seq2seq.embedding_attention_decoder(
          _ids([[i, i] for i in range(3)]), enc_state, attn_states,
          rnn.GRUCell(2), num_symbols=4, embedding_size=2, output_size=3)
      got = _run(graph, [dec, mem])
      shapes = _shapes(graph)
    assert [o.shape for o in got[0]] == [(2, 3)] * 3
    assert got[1].shape == (2, 2)
    assert shapes["root/embedding_attention_decoder/embedding"] == [4, 2]
    assert shapes["root/embedding_attention_decoder/attention_decoder/"
                  "AttnOutputProjection/kernel"] == [4, 3]

  def test_embedding_attention_seq2seq_names_and_variants(self):
    graph = tf.Graph()
    with graph.as_default(), _root():
      enc_inp = _ids([[1, 1]] * 2)
      dec_inp = _ids([[i, i] for i in range(3)])
      dec, mem = legacy_seq2seq.embedding_attention_seq2seq(
          enc_inp, dec_inp, rnn.BasicLSTMCell(2), num_encoder_symbols=2,
          num_decoder_symbols=5, embedding_size=2)
      with V1.variable_scope("no_tuple"):
        dec_nt, mem_nt = legacy_seq2seq.embedding_attention_seq2seq(
            enc_inp, dec_inp, rnn.BasicLSTMCell(2, state_is_tuple=False), 2, 5,
            2)
      w = V1.get_variable("proj_w", [2, 5])
      b = V1.get_variable("proj_b", [5])
      with V1.variable_scope("proj_seq2seq"):
        dec_proj, _ = legacy_seq2seq.embedding_attention_seq2seq(
            enc_inp, dec_inp, rnn.BasicLSTMCell(2), 2, 5, 2,
            output_projection=(w, b))
      got = _run(graph, [dec, mem, dec_nt, mem_nt, dec_proj])
      shapes = _shapes(graph)
    assert [o.shape for o in got[0]] == [(2, 5)] * 3
    assert got[1].c.shape == (2, 2) and got[1].h.shape == (2, 2)
    assert [o.shape for o in got[2]] == [(2, 5)] * 3
    assert got[3].shape == (2, 4)
    assert [o.shape for o in got[4]] == [(2, 2)] * 3
    top = "root/embedding_attention_seq2seq/"
    attn = top + "embedding_attention_decoder/attention_decoder/"
    assert {n: s for n, s in shapes.items() if n.startswith(top)} == {
        top + "rnn/embedding_wrapper/embedding": [2, 2],
        top + "rnn/embedding_wrapper/basic_lstm_cell/kernel": [4, 8],
        top + "rnn/embedding_wrapper/basic_lstm_cell/bias": [8],
        top + "embedding_attention_decoder/embedding": [5, 2],
        attn + "AttnW_0": [1, 1, 2, 2],
        attn + "AttnV_0": [2],
        attn + "kernel": [4, 2],
        attn + "bias": [2],
        attn + "output_projection_wrapper/basic_lstm_cell/kernel": [4, 8],
        attn + "output_projection_wrapper/basic_lstm_cell/bias": [8],
        attn + "output_projection_wrapper/kernel": [2, 5],
        attn + "output_projection_wrapper/bias": [5],
        attn + "Attention_0/kernel": [4, 2],
        attn + "Attention_0/bias": [2],
        attn + "AttnOutputProjection/kernel": [7, 5],
        attn + "AttnOutputProjection/bias": [5],
    }
    proj = "root/proj_seq2seq/embedding_attention_seq2seq/"
    assert shapes[proj + "embedding_attention_decoder/attention_decoder/"
                  "AttnOutputProjection/kernel"] == [4, 2]

  def test_one2many_rnn_seq2seq_shapes(self):
    graph = tf.Graph()
    with graph.as_default(), _root():
      enc_inp = _ids([[1, 1]] * 2)
      dec_inp = {"0": _ids([[i, i] for i in range(3)]),
                 "1": _ids([[i, i] for i in range(4)])}
      outputs, states = legacy_seq2seq.one2many_rnn_seq2seq(
          enc_inp, dec_inp, rnn.BasicLSTMCell(2),
          {k: rnn.BasicLSTMCell(2) for k in dec_inp}, 2, {"0": 5, "1": 6},
          embedding_size=2)
      got = _run(graph, [outputs, states])
      shapes = _shapes(graph)
    assert [o.shape for o in got[0]["0"]] == [(2, 5)] * 3
    assert [o.shape for o in got[0]["1"]] == [(2, 6)] * 4
    assert got[1]["1"].c.shape == (2, 2)
    top = "root/one2many_rnn_seq2seq/"
    assert shapes[top + "rnn/embedding_wrapper/embedding"] == [2, 2]
    assert shapes[top + "one2many_decoder_1/embedding_rnn_decoder/embedding"] == [
        6, 2]
    assert shapes[top + "one2many_decoder_1/embedding_rnn_decoder/rnn_decoder/"
                  "output_projection_wrapper/kernel"] == [2, 6]

  @pytest.mark.parametrize("model", ["rnn", "tied", "attention", "one2many"])
  def test_feed_previous_ignores_later_inputs(self, model):
    """TF 1.15's check: with feed_previous (bool or tensor) only GO counts.

    Under the 0.5 initializer every id embeds alike, so this mostly checks that
    the bool and tensor forms build and agree; `TestMath` checks the feedback.
    """
    def build(dec_inp, feed_previous):
      enc_inp = _ids([[1, 1]] * 2)
      if model == "one2many":
        outputs, _ = legacy_seq2seq.one2many_rnn_seq2seq(
            enc_inp, {"0": dec_inp}, rnn.BasicLSTMCell(2),
            {"0": rnn.BasicLSTMCell(2)}, 2, {"0": 5}, embedding_size=2,
            feed_previous=feed_previous)
        return outputs["0"]
      if model == "tied":
        return legacy_seq2seq.embedding_tied_rnn_seq2seq(
            enc_inp, dec_inp, rnn.BasicLSTMCell(2), num_symbols=5,
            embedding_size=2, feed_previous=feed_previous)[0]
      function = (legacy_seq2seq.embedding_rnn_seq2seq if model == "rnn"
                  else legacy_seq2seq.embedding_attention_seq2seq)
      return function(enc_inp, dec_inp, rnn.BasicLSTMCell(2), 2, 5,
                      embedding_size=2, feed_previous=feed_previous)[0]

    graph = tf.Graph()
    with graph.as_default(), _root():
      dec_inp = _ids([[i, i] for i in range(3)])
      dec_inp2 = _ids([[0, 0]] * 3)
      with V1.variable_scope("other"):
        d3 = build(dec_inp2, tf.constant(True))
      with V1.variable_scope("other_2"):
        d1 = build(dec_inp, True)
      with V1.variable_scope("other_3"):
        d2 = build(dec_inp2, True)
      with V1.variable_scope("teacher"):
        d0 = build(dec_inp, tf.constant(False))
      res0, res1, res2, res3 = _run(graph, [d0, d1, d2, d3])
    np.testing.assert_allclose(res1, res2, rtol=1e-6)
    np.testing.assert_allclose(res1, res3, rtol=1e-6)
    # The teacher-forced branch of the cond shares the first (GO) step.
    np.testing.assert_allclose(res0[0], res1[0], rtol=1e-6)


# ---- numpy oracles -----------------------------------------------------------


class TestMath:

  def test_rnn_decoder_loop_function(self):
    rng = np.random.default_rng(3)
    x0 = rng.normal(size=[2, 3]).astype(np.float32)
    h0 = rng.normal(size=[2, 4]).astype(np.float32)
    project_value = rng.normal(size=[4, 3]).astype(np.float32)
    graph = tf.Graph()
    with graph.as_default():
      project = tf.constant(project_value)
      seen_steps = []

      def loop_function(prev, i):
        seen_steps.append((i, V1.get_variable_scope().name,
                           V1.get_variable_scope().reuse))
        return tf.tanh(tf.matmul(prev, project))

      outputs, state = legacy_seq2seq.rnn_decoder(
          [tf.constant(x0)] + [tf.zeros([2, 3])] * 3, tf.constant(h0),
          rnn.GRUCell(4), loop_function=loop_function, scope="dec")
      (got, got_state), v = _randomized_run(graph, [outputs, state], seed=4)
    assert seen_steps == [(i, "dec/loop_function", True) for i in (1, 2, 3)]
    h, x, want = h0, x0, []
    for _ in range(4):
      h = _gru(v, "dec/gru_cell", x, h)
      want.append(h)
      x = np.tanh(h @ project_value)
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got_state, want[-1], rtol=1e-5, atol=1e-6)

  @pytest.mark.parametrize("initial_state_attention", [False, True])
  def test_attention_decoder_weights_and_outputs(self, initial_state_attention):
    rng = np.random.default_rng(5)
    batch, length, attn_size, depth = 3, 4, 5, 2
    states = rng.normal(size=[batch, length, attn_size]).astype(np.float32)
    h0 = rng.normal(size=[batch, 3]).astype(np.float32)
    inputs = [rng.normal(size=[batch, depth]).astype(np.float32)
              for _ in range(3)]
    graph = tf.Graph()
    with graph.as_default():
      # attn_length unknown statically: the dynamic-shape path.
      states_ph = V1.placeholder(tf.float32, [None, None, attn_size])
      outputs, state = legacy_seq2seq.attention_decoder(
          [tf.constant(x) for x in inputs], tf.constant(h0), states_ph,
          rnn.GRUCell(3), output_size=6, num_heads=2,
          initial_state_attention=initial_state_attention)
      softmaxes = [op.outputs[0] for op in graph.get_operations()
                   if op.type == "Softmax"]
      (got, got_state, got_weights), v = _randomized_run(
          graph, [outputs, state, softmaxes], seed=6,
          feed_dict={states_ph: states})
      shapes = _shapes(graph)
    want, want_state, want_weights = _np_attention_decoder(
        v, "attention_decoder", inputs, h0, states,
        lambda x, h: (_gru(v, "attention_decoder/gru_cell", x, h),) * 2,
        num_heads=2, initial_state_attention=initial_state_attention)
    assert len(got_weights) == 2 * (3 + initial_state_attention)
    np.testing.assert_allclose(got_weights, want_weights, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(got_state, want_state, rtol=1e-5, atol=1e-6)
    assert all(o.shape == (batch, 6) for o in got)
    # The input projection maps [input, attn_0, attn_1] back to the input depth.
    assert shapes["attention_decoder/kernel"] == [depth + 2 * attn_size, depth]

  @pytest.mark.parametrize("feed_previous", [True, "tensor"])
  def test_embedding_attention_seq2seq_greedy_decoding(self, feed_previous):
    """The whole model in numpy, with outputs fed back through argmax."""
    enc_ids = np.array([[1, 2], [3, 0], [2, 2]], np.int32)   # [time, batch]
    dec_ids = np.array([[0, 0], [4, 1], [3, 3], [1, 2]], np.int32)
    graph = tf.Graph()
    with graph.as_default():
      flag = feed_previous if feed_previous is True else V1.placeholder(tf.bool)
      outputs, state = legacy_seq2seq.embedding_attention_seq2seq(
          _ids(enc_ids), _ids(dec_ids), rnn.BasicLSTMCell(3),
          num_encoder_symbols=4, num_decoder_symbols=5, embedding_size=2,
          feed_previous=flag)
      feed = {} if feed_previous is True else {flag: True}
      (got, got_state), v = _randomized_run(graph, [outputs, state], seed=7,
                                            feed_dict=feed)
    top = "embedding_attention_seq2seq/"
    encoder = top + "rnn/embedding_wrapper/"
    dec = top + "embedding_attention_decoder/"
    lstm_state = (np.zeros([2, 3]), np.zeros([2, 3]))
    encoder_outputs = []
    for ids in enc_ids:
      out, lstm_state = _lstm(v, encoder + "basic_lstm_cell",
                              v[encoder + "embedding"][ids], lstm_state)
      encoder_outputs.append(out)
    attention_states = np.stack(encoder_outputs, 1)

    def cell(x, s):
      out, s = _lstm(v, dec + "attention_decoder/output_projection_wrapper/"
                     "basic_lstm_cell", x, s)
      return _dense(v, dec + "attention_decoder/output_projection_wrapper",
                    out), s

    embedding = v[dec + "embedding"]
    want, want_state, _ = _np_attention_decoder(
        v, dec + "attention_decoder", [embedding[ids] for ids in dec_ids],
        lstm_state, attention_states, cell, num_heads=1,
        next_input=lambda out: embedding[out.argmax(1)])
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(got_state, want_state, rtol=1e-4, atol=1e-5)

  def test_extract_argmax_and_embed(self):
    rng = np.random.default_rng(8)
    prev = rng.normal(size=[3, 4]).astype(np.float32)
    w = rng.normal(size=[4, 6]).astype(np.float32)
    b = rng.normal(size=[6]).astype(np.float32)
    table = rng.normal(size=[6, 2]).astype(np.float32)
    graph = tf.Graph()
    with graph.as_default():
      embedding = tf.constant(table)
      prev_t = tf.constant(prev)
      fed = legacy_seq2seq._extract_argmax_and_embed(
          embedding, (tf.constant(w), tf.constant(b)))(prev_t, 1)
      frozen = legacy_seq2seq._extract_argmax_and_embed(
          embedding, update_embedding=False)(prev_t, 1)
      assert tf.gradients(frozen, embedding) == [None]
      grad = tf.gradients(fed, embedding)[0]
      got, got_frozen, got_grad = _run(
          graph, [fed, frozen, tf.convert_to_tensor(grad)])
    symbols = (prev @ w + b).argmax(1)
    np.testing.assert_allclose(got, table[symbols], rtol=1e-6)
    np.testing.assert_allclose(got_frozen, table[prev.argmax(1)], rtol=1e-6)
    np.testing.assert_allclose(got_grad.sum(1),
                               2 * np.bincount(symbols, minlength=6))

  @pytest.mark.parametrize("steps,batch", [(True, True), (True, False),
                                           (False, True), (False, False)])
  def test_losses_match_numpy(self, steps, batch):
    rng = np.random.default_rng(9)
    logits = rng.normal(size=[4, 3, 6]).astype(np.float32)
    targets = rng.integers(0, 6, size=[4, 3]).astype(np.int32)
    weights = rng.uniform(size=[4, 3]).astype(np.float32)
    weights[2:, 0] = 0.0   # A padded tail in the first sequence.
    weights[:, 2] = 0.0    # An all-padding sequence: loss 0, not NaN.
    graph = tf.Graph()
    with graph.as_default():
      args = ([tf.constant(x) for x in logits], [tf.constant(t) for t in targets],
              [tf.constant(w) for w in weights])
      loss = legacy_seq2seq.sequence_loss(
          *args, average_across_timesteps=steps, average_across_batch=batch)
      by_example = legacy_seq2seq.sequence_loss_by_example(
          *args, average_across_timesteps=steps)
      got_loss, got_by_example = _run(graph, [loss, by_example])
    xent = np.stack([_xent(l, t) for l, t in zip(logits, targets)])  # [T, B]
    per_example = (xent * weights).sum(0)
    if steps:
      per_example /= weights.sum(0) + 1e-12
    np.testing.assert_allclose(got_by_example, per_example, rtol=1e-5)
    assert got_by_example[2] == 0.0
    np.testing.assert_allclose(
        got_loss, per_example.sum() / (3 if batch else 1), rtol=1e-5)
    assert loss.op.name.startswith("sequence_loss/")

  def test_softmax_loss_function_gets_named_arguments(self):
    calls = []

    def loss_function(labels, logits):
      calls.append((labels.shape.as_list(), logits.shape.as_list()))
      return tf.reduce_sum(logits, 1) * tf.cast(labels, tf.float32)

    logits = np.arange(12, dtype=np.float32).reshape([2, 2, 3])
    graph = tf.Graph()
    with graph.as_default():
      loss = legacy_seq2seq.sequence_loss_by_example(
          [tf.constant(x) for x in logits],
          [tf.constant([1, 2]), tf.constant([3, 1])],
          [tf.ones([2]), tf.ones([2])], average_across_timesteps=False,
          softmax_loss_function=lambda **kw: loss_function(**kw))
      got = _run(graph, loss)
    assert calls == [([2], [2, 3])] * 2
    np.testing.assert_allclose(got, [3 * 1 + 21 * 3, 12 * 2 + 30 * 1])


# ---- training, gradients and buckets -------------------------------------------


def _copy_task_model(buckets, classes, size, with_projection):
  """TF 1.15's testModelWithBuckets model, smaller: copy the input ids."""
  max_in, max_out = buckets[-1]
  enc = [V1.placeholder(tf.int32, [None], name="enc%d" % i)
         for i in range(max_in)]
  dec = [V1.placeholder(tf.int32, [None], name="dec%d" % i)
         for i in range(max_out + 1)]
  weights = [tf.ones_like(enc[0], dtype=tf.float32) for _ in range(max_out)]
  targets = dec[1:]
  projection = None
  loss_function = None
  if with_projection:
    w = V1.get_variable("proj_w", [size, classes])
    b = V1.get_variable("proj_b", [classes])
    projection = (w, b)

    def loss_function(labels, logits):
      return tf.nn.sparse_softmax_cross_entropy_with_logits(
          labels=labels, logits=tf.matmul(logits, w) + b)

  def seq2seq(encoder_inputs, decoder_inputs):
    cell = rnn.MultiRNNCell([rnn.GRUCell(size)])
    return legacy_seq2seq.embedding_attention_seq2seq(
        encoder_inputs, decoder_inputs, cell, num_encoder_symbols=classes,
        num_decoder_symbols=classes, embedding_size=size,
        output_projection=projection)

  outputs, losses = legacy_seq2seq.model_with_buckets(
      enc, dec[:max_out], targets, weights, buckets, seq2seq,
      softmax_loss_function=loss_function)
  return enc, dec, outputs, losses


class TestTraining:

  def test_model_with_buckets_trains_and_shares_variables(self):
    buckets = [(3, 3), (5, 5)]
    classes, size, batch = 6, 16, 8
    rng = np.random.default_rng(10)
    graph = tf.Graph()
    with graph.as_default():
      V1.set_random_seed(11)
      with V1.variable_scope("root"):
        enc, dec, outputs, losses = _copy_task_model(buckets, classes, size,
                                                     with_projection=True)
        assert not V1.get_variable_scope().reuse
      params = V1.trainable_variables()
      optimizer = V1.train.AdamOptimizer(0.03, epsilon=1e-5)
      updates = []
      for loss in losses:
        grads, _ = tf.clip_by_global_norm(tf.gradients(loss, params), 30.0)
        assert all(g is not None for g in grads)
        updates.append(optimizer.apply_gradients(zip(grads, params)))
      shapes = _shapes(graph)
      feeds = []
      for length, _ in buckets:
        ids = rng.integers(1, classes, size=[length, batch])
        feed = {p: x for p, x in zip(enc, ids)}
        # 0 is GO; the targets are the inputs, then one more 0.
        outs = np.concatenate([np.zeros([1, batch]), ids, np.zeros([1, batch])])
        feed.update({p: x for p, x in zip(dec, outs)})
        feeds.append(feed)
      history = [[], []]
      with _session(graph) as session:
        session.run(V1.global_variables_initializer())
        for step in range(20):
          bucket = step % 2
          _, loss = session.run([updates[bucket], losses[bucket]],
                                feeds[bucket])
          history[bucket].append(loss)
    for bucket in range(2):
      assert np.isfinite(history[bucket]).all()
      assert history[bucket][-1] < 0.5 * history[bucket][0], history[bucket]
    assert [len(o) for o in outputs] == [3, 5]
    assert all(o.shape.as_list() == [None, size] for o in outputs[1])
    model = [n for n in shapes if "Adam" not in n and "power" not in n]
    top = "root/embedding_attention_seq2seq/"
    # One set of weights for both buckets: the projection, the encoder (an
    # embedding and a GRU) and the decoder (an embedding, AttnW/V, the input
    # projection, a GRU, Attention_0 and AttnOutputProjection).
    assert len(model) == 2 + 5 + 13, sorted(model)
    assert shapes[top + "rnn/embedding_wrapper/multi_rnn_cell/cell_0/gru_cell/"
                  "gates/kernel"] == [2 * size, 2 * size]
    assert shapes[top + "embedding_attention_decoder/attention_decoder/"
                  "multi_rnn_cell/cell_0/gru_cell/candidate/kernel"] == [
                      2 * size, size]

  def test_model_with_buckets_per_example_loss_and_scope(self):
    """TF 1.15's (disabled) testModelWithBucketsScopeAndLoss."""
    buckets = [(2, 2), (3, 3)]
    graph = tf.Graph()
    with graph.as_default():
      enc = [V1.placeholder(tf.int32, [None]) for _ in range(3)]
      dec = [V1.placeholder(tf.int32, [None]) for _ in range(3)]
      weights = [tf.ones_like(enc[0], dtype=tf.float32) for _ in range(3)]

      def model(per_example_loss):
        def seq2seq(e, d):
          return legacy_seq2seq.embedding_rnn_seq2seq(
              e, d, rnn.GRUCell(4), 5, 5, embedding_size=3)
        return legacy_seq2seq.model_with_buckets(
            enc, dec, dec[1:] + [dec[0]], weights, buckets, seq2seq,
            per_example_loss=per_example_loss)

      with V1.variable_scope("root"):
        _, losses1 = model(False)
        assert V1.get_variable_scope().reuse is False
      with V1.variable_scope("new"):
        _, losses2 = model(True)
    assert [l.shape.as_list() for l in losses1] == [[], []]
    assert [l.shape.as_list() for l in losses2] == [[None], [None]]
    assert losses1[0].op.name.startswith("root/model_with_buckets/")

  @pytest.mark.parametrize("model", ["rnn_no_tuple", "tied", "attention"])
  def test_boolean_feed_previous_equals_teacher_forcing(self, model):
    """TF 1.15's testModelWithBooleanFeedPrevious: one Adam step with
    feed_previous=True equals one step fed its own argmax symbols."""
    targets_np = [np.full([2], i + 1, np.int32) for i in range(3)]

    def seq2seq(enc_inp, dec_inp, feed_previous):
      cell = rnn.BasicLSTMCell(2, state_is_tuple="no_tuple" not in model)
      if model == "tied":
        return legacy_seq2seq.embedding_tied_rnn_seq2seq(
            enc_inp, dec_inp, cell, 5, embedding_size=2,
            feed_previous=feed_previous)
      function = (legacy_seq2seq.embedding_attention_seq2seq
                  if model.startswith("attention")
                  else legacy_seq2seq.embedding_rnn_seq2seq)
      return function(enc_inp, dec_inp, cell, 3, 5, embedding_size=2,
                      feed_previous=feed_previous)

    graph = tf.Graph()
    with graph.as_default():
      V1.set_random_seed(111)
      enc_inp = _ids([np.full([2], i + 1) for i in range(2)])
      dec_true_inputs = _ids([np.full([2], i) for i in range(3)])
      dec_holders = [V1.placeholder(tf.int32, [2]) for _ in range(3)]
      targets = _ids(targets_np)
      weights = [tf.ones([2]) for _ in range(3)]

      def forward_backward(dec_inp, feed_previous):
        scope_name = "fp_%s" % feed_previous
        with V1.variable_scope(scope_name):
          outputs, _ = seq2seq(enc_inp, dec_inp, feed_previous)
          net_variables = V1.get_collection(V1.GraphKeys.GLOBAL_VARIABLES,
                                            scope_name)
        update = V1.train.AdamOptimizer(0.03, epsilon=1e-5).minimize(
            legacy_seq2seq.sequence_loss(outputs, targets, weights),
            var_list=net_variables)
        return outputs, update, net_variables

      outputs_true, update_true, vars_true = forward_backward(dec_true_inputs,
                                                              True)
      _, update_false, vars_false = forward_backward(dec_holders, False)
      by_suffix = {v.name.split("/", 1)[1]: v for v in vars_false}
      pairs = [(v, by_suffix[v.name.split("/", 1)[1]]) for v in vars_true]
      assert len(pairs) == len(vars_false)
      copy_weights = [V1.assign(f, t) for t, f in pairs]
      with _session(graph) as session:
        session.run(V1.global_variables_initializer())
        session.run(copy_weights)
        symbols = np.argmax(session.run(outputs_true), axis=2)
        fed = np.vstack([np.zeros([1, 2], np.int32), symbols[:-1]])
        session.run(update_true)
        session.run(update_false, dict(zip(dec_holders, fed)))
        got_true, got_false = session.run([[t for t, _ in pairs],
                                           [f for _, f in pairs]])
    for value_true, value_false in zip(got_true, got_false):
      np.testing.assert_allclose(value_true, value_false, rtol=1e-5, atol=1e-6)

  def test_tensor_feed_previous_gradients_flow_through_cond(self):
    graph = tf.Graph()
    with graph.as_default():
      flag = V1.placeholder(tf.bool, [])
      enc_inp = _ids([[1, 2], [0, 3]])
      dec_inp = _ids([[0, 0], [2, 1], [3, 3]])
      outputs, state = legacy_seq2seq.embedding_attention_seq2seq(
          enc_inp, dec_inp, rnn.GRUCell(3), 4, 5, embedding_size=2,
          feed_previous=flag)
      loss = legacy_seq2seq.sequence_loss(
          outputs, dec_inp[1:] + dec_inp[:1], [tf.ones([2])] * 3)
      params = V1.trainable_variables()
      grads = tf.gradients(loss, params)
      assert state.shape.as_list() == [2, 3]
      assert all(g is not None for g in grads)
      dense = [tf.convert_to_tensor(g) for g in grads]
      rng = np.random.default_rng(13)
      with _session(graph) as session:
        for variable in params:
          variable.load(0.5 * rng.normal(size=variable.shape.as_list()),
                        session)
        teacher = session.run(dense, {flag: False})
        greedy, greedy_outputs = session.run([dense, outputs], {flag: True})
    # Encoder 5, decoder 13 and the OutputProjectionWrapper's 2.
    assert len(params) == 20
    assert all(np.abs(g).sum() > 0 for g in teacher)
    assert all(np.isfinite(g).all() for g in greedy)
    # TF 1.15's quirk: under a tensor feed_previous the fed-back embeddings are
    # frozen, so in the greedy branch only the GO row (id 0) gets a gradient.
    fed_back = set(np.argmax(greedy_outputs[:-1], axis=2).ravel()) - {0}
    assert fed_back, "the check needs fed-back ids other than GO"
    names = [p.op.name for p in params]
    decoder_embedding = names.index(
        "embedding_attention_seq2seq/embedding_attention_decoder/embedding")
    rows = np.abs(greedy[decoder_embedding]).sum(1)
    assert rows[0] > 0 and not rows[1:].any()
    assert np.abs(teacher[decoder_embedding]).sum(1)[1:].any()


# ---- errors --------------------------------------------------------------------


class TestErrors:

  def _attention_args(self):
    return ([tf.zeros([2, 3])], tf.zeros([2, 4]), tf.zeros([2, 5, 6]),
            rnn.GRUCell(4))

  def test_model_with_buckets_lengths(self):
    with tf.Graph().as_default():
      ids = [tf.zeros([2], tf.int32)] * 4
      weights = [tf.ones([2])] * 4
      never = lambda e, d: pytest.fail("seq2seq must not be called")
      with pytest.raises(ValueError, match=r"encoder_inputs \(3\).*\(4\)"):
        legacy_seq2seq.model_with_buckets(ids[:3], ids, ids, weights,
                                          [(2, 2), (4, 4)], never)
      with pytest.raises(ValueError, match=r"targets \(2\).*\(4\)"):
        legacy_seq2seq.model_with_buckets(ids, ids, ids[:2], weights,
                                          [(2, 2), (4, 4)], never)
      with pytest.raises(ValueError, match=r"weights \(3\).*\(4\)"):
        legacy_seq2seq.model_with_buckets(ids, ids, ids, weights[:3],
                                          [(4, 4)], never)
      with pytest.raises(ValueError, match="buckets must be a non-empty"):
        legacy_seq2seq.model_with_buckets(ids, ids, ids, weights, [], never)

  def test_attention_decoder_arguments(self):
    with tf.Graph().as_default():
      inputs, state, states, cell = self._attention_args()
      with pytest.raises(ValueError, match="num_heads must be >= 1.*got 0"):
        legacy_seq2seq.attention_decoder(inputs, state, states, cell,
                                         num_heads=0)
      with pytest.raises(ValueError, match="decoder_inputs must be a non-empty"):
        legacy_seq2seq.attention_decoder([], state, states, cell)
      unknown = V1.placeholder(tf.float32, [2, 5, None])
      with pytest.raises(ValueError, match=r"shape\[2\].*must be known"):
        legacy_seq2seq.attention_decoder(inputs, state, unknown, cell)
      with pytest.raises(ValueError, match="must be 3-D"):
        legacy_seq2seq.attention_decoder(inputs, state, tf.zeros([2, 6]), cell)
      no_depth = [V1.placeholder(tf.float32, [2, None])]
      with pytest.raises(ValueError, match="could not infer the input size"):
        legacy_seq2seq.attention_decoder(no_depth, state, states, cell)

  @pytest.mark.parametrize("build", [
      lambda cell: legacy_seq2seq.rnn_decoder([tf.zeros([1, 2])],
                                              tf.zeros([1, 2]), cell),
      lambda cell: legacy_seq2seq.attention_decoder(
          [tf.zeros([1, 2])], tf.zeros([1, 2]), tf.zeros([1, 3, 2]), cell),
      lambda cell: legacy_seq2seq.embedding_attention_seq2seq(
          [tf.zeros([1], tf.int32)], [tf.zeros([1], tf.int32)], cell, 3, 3, 2),
      lambda cell: legacy_seq2seq.one2many_rnn_seq2seq(
          [tf.zeros([1], tf.int32)], {}, cell, {}, 3, {}, 2),
  ])
  def test_not_a_cell(self, build):
    with tf.Graph().as_default():
      with pytest.raises(TypeError, match="is not an RNNCell"):
        build(lambda inputs, state: (inputs, state))

  def test_one2many_keys(self):
    with tf.Graph().as_default():
      enc = [tf.zeros([1], tf.int32)]
      dec = {"a": enc, "b": enc}
      with pytest.raises(ValueError, match=r"dec_cells_dict.*\['a'\].*'b'"):
        legacy_seq2seq.one2many_rnn_seq2seq(
            enc, dec, rnn.GRUCell(2), {"a": rnn.GRUCell(2)}, 3, {"a": 3, "b": 3},
            2)
      with pytest.raises(TypeError, match=r"dec_cells_dict\['b'\]"):
        legacy_seq2seq.one2many_rnn_seq2seq(
            enc, dec, rnn.GRUCell(2), {"a": rnn.GRUCell(2), "b": "gru"}, 3,
            {"a": 3, "b": 3}, 2)
      with pytest.raises(ValueError, match=r"num_decoder_symbols_dict.*\['b'\]"):
        legacy_seq2seq.one2many_rnn_seq2seq(
            enc, dec, rnn.GRUCell(2), {"a": rnn.GRUCell(2), "b": rnn.GRUCell(2)},
            3, {"a": 3}, 2)

  def test_losses_lengths(self):
    with tf.Graph().as_default():
      logits = [tf.zeros([2, 3])] * 2
      with pytest.raises(ValueError, match="same length, got 2, 2 and 1"):
        legacy_seq2seq.sequence_loss(logits, [tf.zeros([2], tf.int32)],
                                     [tf.ones([2])] * 2)

  def test_output_projection_shape(self):
    with tf.Graph().as_default():
      ids = [tf.zeros([2], tf.int32)] * 2
      with pytest.raises(ValueError, match=r"output_projection\[1\].*\[5\]"):
        legacy_seq2seq.embedding_attention_seq2seq(
            ids, ids, rnn.GRUCell(3), 4, 5, 2,
            output_projection=(tf.zeros([3, 5]), tf.zeros([4])))
      with pytest.raises(ValueError, match=r"output_projection\[0\].*5.*got \(3, 4\)"):
        legacy_seq2seq.embedding_tied_rnn_seq2seq(
            ids, ids, rnn.GRUCell(3), 5, 2,
            output_projection=(tf.zeros([3, 4]), tf.zeros([5])))

  def test_called_cell_cannot_be_copied_for_the_encoder(self):
    with tf.Graph().as_default():
      cell = rnn.GRUCell(3)
      cell(tf.zeros([2, 3]), cell.zero_state(2, tf.float32))
      ids = [tf.zeros([2], tf.int32)] * 2
      with pytest.raises(TypeError, match="deep-copies `cell`.*not been called"):
        legacy_seq2seq.embedding_attention_seq2seq(ids, ids, cell, 4, 5, 2)

  def test_unknown_name(self):
    with pytest.raises(not_provided.NotProvidedError,
                       match="tf.contrib.legacy_seq2seq.beam_search_decoder"):
      legacy_seq2seq.beam_search_decoder  # pylint: disable=pointless-statement
    assert "rnn_decoder" in legacy_seq2seq.__all__
