"""Attention mechanisms and AttentionWrapper: numpy math, masking, history, names."""

import numpy as np
import pytest
import tensorflow as tf

from tests.seq2seq import testutil
from tf1_compat import layers
from tf1_compat import rnn
from tf1_compat import seq2seq

V1 = tf.compat.v1
BATCH, MEMORY_TIME, MEMORY_DEPTH = 3, 5, 6
LENGTHS = np.array([5, 2, 3], np.int32)


def _memory(seed=0):
  rng = np.random.default_rng(seed)
  return rng.normal(size=[BATCH, MEMORY_TIME, MEMORY_DEPTH]).astype(np.float32)


def _inputs(steps, depth=2, seed=1):
  rng = np.random.default_rng(seed)
  return rng.normal(size=[steps, BATCH, depth]).astype(np.float32)


def _by_name(graph, suffix):
  found = [v for v in graph.get_collection(V1.GraphKeys.GLOBAL_VARIABLES)
           if v.name.endswith(suffix)]
  assert len(found) == 1, (suffix, found)
  return found[0]


def _masked_softmax(score, lengths):
  mask = np.arange(score.shape[1])[None] < lengths[:, None]
  score = np.where(mask, score, -np.inf)
  return testutil.softmax(score)


def _run_steps(wrapper, inputs):
  state = wrapper.zero_state(BATCH, tf.float32)
  outputs, states = [], [state]
  for x in inputs:
    out, state = wrapper(tf.constant(x), state)
    outputs.append(out)
    states.append(state)
  return outputs, states


def _rnn_step(x, h, kernel, bias):
  return np.tanh(np.concatenate([x, h], 1) @ kernel + bias)


class TestLuong:

  def test_two_steps_match_numpy(self):
    memory, inputs = _memory(), _inputs(2)
    graph = tf.Graph()
    with graph.as_default():
      V1.set_random_seed(0)
      mechanism = seq2seq.LuongAttention(4, memory, LENGTHS, scale=True)
      wrapper = seq2seq.AttentionWrapper(rnn.BasicRNNCell(4), mechanism,
                                         attention_layer_size=3,
                                         alignment_history=True)
      outputs, states = _run_steps(wrapper, inputs)
      history = states[-1].alignment_history.stack()
      scale = _by_name(graph, "luong_attention/attention_g:0")
      set_scale = V1.assign(scale, 1.7)
      assert history.shape.as_list() == [None, BATCH, MEMORY_TIME]
      assert outputs[0].shape.as_list() == [BATCH, 3]
    assert testutil.variable_names(graph) == [
        "attention_wrapper/attention_layer/kernel:0",
        "attention_wrapper/basic_rnn_cell/bias:0",
        "attention_wrapper/basic_rnn_cell/kernel:0",
        "attention_wrapper/luong_attention/attention_g:0",
        "memory_layer/kernel:0",
    ]
    weights = {name: _by_name(graph, name) for name in (
        "memory_layer/kernel:0", "basic_rnn_cell/kernel:0",
        "basic_rnn_cell/bias:0", "attention_layer/kernel:0")}
    with V1.Session(graph=graph) as session:
      session.run(V1.global_variables_initializer())
      session.run(set_scale)
      got, got_states, got_history, w = session.run(
          [outputs, [s._replace(alignment_history=()) for s in states[1:]],
           history, weights])

    mask = (np.arange(MEMORY_TIME)[None] < LENGTHS[:, None])[..., None]
    values = memory * mask
    keys = values @ w["memory_layer/kernel:0"]
    attention, h = np.zeros([BATCH, 3]), np.zeros([BATCH, 4])
    for t in range(2):
      h = _rnn_step(np.concatenate([inputs[t], attention], 1), h,
                    w["basic_rnn_cell/kernel:0"], w["basic_rnn_cell/bias:0"])
      alignments = _masked_softmax(1.7 * np.einsum("bd,btd->bt", h, keys),
                                   LENGTHS)
      context = np.einsum("bt,btd->bd", alignments, values)
      attention = (np.concatenate([h, context], 1) @
                   w["attention_layer/kernel:0"])
      state = got_states[t]
      np.testing.assert_allclose(got[t], attention, rtol=1e-5, atol=1e-6)
      np.testing.assert_allclose(state.attention, attention, rtol=1e-5,
                                 atol=1e-6)
      np.testing.assert_allclose(state.cell_state, h, rtol=1e-5, atol=1e-6)
      np.testing.assert_allclose(state.alignments, alignments, rtol=1e-5,
                                 atol=1e-7)
      np.testing.assert_allclose(got_history[t], alignments, rtol=1e-5,
                                 atol=1e-7)
      assert state.time == t + 1
      # Alignments are distributions over the valid memory only.
      np.testing.assert_allclose(state.alignments.sum(1), 1.0, rtol=1e-6)
      assert np.all(state.alignments[~mask[..., 0]] == 0.0)

  def test_query_depth_must_equal_num_units(self):
    with tf.Graph().as_default():
      mechanism = seq2seq.LuongAttention(5, _memory())
      wrapper = seq2seq.AttentionWrapper(rnn.GRUCell(4), mechanism)
      with pytest.raises(ValueError, match="Incompatible or unknown inner"):
        wrapper(tf.zeros([BATCH, 2]), wrapper.zero_state(BATCH, tf.float32))


class TestBahdanau:

  def test_normalized_form_matches_numpy(self):
    """normalize=True: `g * v / |v|` and a bias inside the tanh; no attention
    layer (attention = context); output_attention=False (output = cell's)."""
    memory, inputs = _memory(2), _inputs(2, seed=3)
    rng = np.random.default_rng(5)
    graph = tf.Graph()
    with graph.as_default():
      V1.set_random_seed(1)
      with V1.variable_scope("encoder"):
        mechanism = seq2seq.BahdanauAttention(7, memory, LENGTHS,
                                              normalize=True)
      wrapper = seq2seq.AttentionWrapper(rnn.BasicRNNCell(4), mechanism,
                                         output_attention=False)
      assert wrapper.output_size == 4
      assert wrapper.state_size.attention == MEMORY_DEPTH
      outputs, states = _run_steps(wrapper, inputs)
      bias = _by_name(graph, "attention_b:0")
      gain = _by_name(graph, "attention_g:0")
      randomize = [V1.assign(bias, rng.normal(size=[7]).astype(np.float32)),
                   V1.assign(gain, 0.9)]
    prefix = "attention_wrapper/bahdanau_attention/"
    assert testutil.variable_names(graph) == sorted([
        prefix + "attention_b:0", prefix + "attention_g:0",
        prefix + "attention_v:0", prefix + "query_layer/kernel:0",
        "attention_wrapper/basic_rnn_cell/bias:0",
        "attention_wrapper/basic_rnn_cell/kernel:0",
        "encoder/memory_layer/kernel:0"])
    names = ["memory_layer/kernel:0", "query_layer/kernel:0", "attention_v:0",
             "attention_g:0", "attention_b:0", "basic_rnn_cell/kernel:0",
             "basic_rnn_cell/bias:0"]
    with V1.Session(graph=graph) as session:
      session.run(V1.global_variables_initializer())
      initial_gain = session.run(gain)
      session.run(randomize)
      got, got_states, w = session.run(
          [outputs, states[1:], {n: _by_name(graph, n) for n in names}])
    np.testing.assert_allclose(initial_gain, np.sqrt(1.0 / 7), rtol=1e-6)
    mask = (np.arange(MEMORY_TIME)[None] < LENGTHS[:, None])[..., None]
    values = memory * mask
    keys = values @ w["memory_layer/kernel:0"]
    v = w["attention_v:0"]
    normed_v = w["attention_g:0"] * v / np.sqrt((v ** 2).sum())
    attention, h = np.zeros([BATCH, MEMORY_DEPTH]), np.zeros([BATCH, 4])
    for t in range(2):
      h = _rnn_step(np.concatenate([inputs[t], attention], 1), h,
                    w["basic_rnn_cell/kernel:0"], w["basic_rnn_cell/bias:0"])
      query = h @ w["query_layer/kernel:0"]
      score = (normed_v * np.tanh(keys + query[:, None] +
                                  w["attention_b:0"])).sum(2)
      alignments = _masked_softmax(score, LENGTHS)
      attention = np.einsum("bt,btd->bd", alignments, values)
      np.testing.assert_allclose(got[t], h, rtol=1e-5, atol=1e-6)
      np.testing.assert_allclose(got_states[t].attention, attention,
                                 rtol=1e-5, atol=1e-6)
      np.testing.assert_allclose(got_states[t].alignments, alignments,
                                 rtol=1e-5, atol=1e-7)


def test_under_basic_decoder_names_and_alignment_history():
  memory = _memory()
  decoder_lengths = np.array([4, 1, 3], np.int32)
  graph = tf.Graph()
  with graph.as_default():
    mechanism = seq2seq.LuongAttention(6, memory, LENGTHS)
    cell = seq2seq.AttentionWrapper(rnn.BasicLSTMCell(6), mechanism,
                                    attention_layer_size=5,
                                    alignment_history=True)
    encoder_state = rnn.LSTMStateTuple(tf.ones([BATCH, 6]), tf.ones([BATCH, 6]))
    initial = cell.zero_state(BATCH, tf.float32).clone(cell_state=encoder_state)
    helper = seq2seq.TrainingHelper(_inputs(4).transpose(1, 0, 2),
                                    decoder_lengths)
    # impute_finished passes the TensorArray and the scalar `time` through.
    outputs, state, _ = seq2seq.dynamic_decode(seq2seq.BasicDecoder(
        cell, helper, initial, output_layer=layers.Dense(8)),
                                               impute_finished=True)
    history = state.alignment_history.stack()
    assert outputs.rnn_output.shape.as_list() == [BATCH, None, 8]
  assert testutil.variable_names(graph) == [
      "decoder/attention_wrapper/attention_layer/kernel:0",
      "decoder/attention_wrapper/basic_lstm_cell/bias:0",
      "decoder/attention_wrapper/basic_lstm_cell/kernel:0",
      "decoder/dense/bias:0",
      "decoder/dense/kernel:0",
      "memory_layer/kernel:0",
  ]
  got_history, time, logits = testutil.run(
      graph, [history, state.time, outputs.rnn_output])
  assert got_history.shape == (4, BATCH, MEMORY_TIME)  # [steps, batch, memory]
  assert time == 4
  np.testing.assert_array_equal(logits[1, 1:], 0.0)
  np.testing.assert_allclose(got_history.sum(-1), 1.0, rtol=1e-6)
  beyond = np.arange(MEMORY_TIME)[None, None] >= LENGTHS[None, :, None]
  assert np.all(got_history[np.broadcast_to(beyond, got_history.shape)] == 0.0)
  assert np.all(got_history[~np.broadcast_to(beyond, got_history.shape)] > 0.0)


class TestStateAndConstruction:

  def test_zero_state_and_clone(self):
    graph = tf.Graph()
    with graph.as_default():
      mechanism = seq2seq.LuongAttention(4, _memory())
      wrapper = seq2seq.AttentionWrapper(rnn.GRUCell(4), mechanism,
                                         attention_layer_size=2)
      state = wrapper.zero_state(BATCH, tf.float32)
      assert wrapper.state_size == seq2seq.AttentionWrapperState(
          cell_state=4, attention=2, time=tf.TensorShape([]),
          alignments=MEMORY_TIME, alignment_history=(),
          attention_state=MEMORY_TIME)
      assert state.alignment_history == ()
      assert state.time.dtype == tf.int32
      cloned = state.clone(cell_state=tf.fill([BATCH, 4], 2.0))
      with pytest.raises(ValueError, match="incompatible with the shape"):
        state.clone(cell_state=tf.zeros([BATCH, 5]))
      unknown = V1.placeholder(tf.float32, [None, 4])
      checked = state.clone(cell_state=unknown)
      assert checked.cell_state.shape.as_list() == [BATCH, 4]
    got, got_cloned = testutil.run(graph, [state, cloned])
    np.testing.assert_array_equal(got.attention, np.zeros([BATCH, 2]))
    np.testing.assert_array_equal(got.alignments, np.zeros([BATCH, 5]))
    np.testing.assert_array_equal(got_cloned.cell_state, 2.0)
    with pytest.raises(tf.errors.InvalidArgumentError, match="clone"):
      testutil.run(graph, checked.cell_state,
                   feed_dict={unknown: np.zeros([2, 4])})

  def test_initial_cell_state_and_cell_input_fn(self):
    graph = tf.Graph()
    with graph.as_default():
      mechanism = seq2seq.LuongAttention(4, _memory())
      wrapper = seq2seq.AttentionWrapper(
          rnn.GRUCell(4), mechanism, initial_cell_state=tf.fill([BATCH, 4], 3.0),
          cell_input_fn=lambda inputs, attention: inputs)
      state = wrapper.zero_state(BATCH, tf.float32)
      wrapper(tf.zeros([BATCH, 2]), state)
    # Without input feeding the GRU sees only the 2-d input.
    assert _by_name(graph, "gates/kernel:0").shape.as_list() == [6, 8]
    np.testing.assert_array_equal(testutil.run(graph, state.cell_state), 3.0)

  def test_batch_mismatch_with_the_memory(self):
    """The beam-search mistake: a memory that was not tiled."""
    graph = tf.Graph()
    with graph.as_default():
      batch = V1.placeholder(tf.int32, [])
      mechanism = seq2seq.LuongAttention(4, _memory())
      wrapper = seq2seq.AttentionWrapper(rnn.GRUCell(4), mechanism)
      with pytest.raises((ValueError, tf.errors.InvalidArgumentError),
                         match="Non-matching batch sizes"):
        wrapper.zero_state(BATCH * 2, tf.float32)
      state = wrapper.zero_state(batch, tf.float32)
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="Non-matching batch sizes"):
      testutil.run(graph, state.cell_state, feed_dict={batch: 2})

  def test_zero_memory_length_is_an_error(self):
    """Static lengths fail at graph-build time, fed ones at run time."""
    with tf.Graph().as_default():
      mechanism = seq2seq.LuongAttention(4, _memory(), [5, 0, 3])
      wrapper = seq2seq.AttentionWrapper(rnn.GRUCell(4), mechanism)
      with pytest.raises(tf.errors.InvalidArgumentError,
                         match="greater than zero"):
        wrapper(tf.zeros([BATCH, 2]), wrapper.zero_state(BATCH, tf.float32))
    graph = tf.Graph()
    with graph.as_default():
      lengths = V1.placeholder(tf.int32, [BATCH])
      mechanism = seq2seq.LuongAttention(4, _memory(), lengths)
      wrapper = seq2seq.AttentionWrapper(rnn.GRUCell(4), mechanism)
      out, _ = wrapper(tf.zeros([BATCH, 2]),
                       wrapper.zero_state(BATCH, tf.float32))
    assert testutil.run(graph, out, feed_dict={lengths: LENGTHS}).shape == (
        BATCH, MEMORY_DEPTH)
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="greater than zero"):
      testutil.run(graph, out, feed_dict={lengths: [5, 0, 3]})

  def test_construction_errors(self):
    with tf.Graph().as_default():
      mechanism = seq2seq.LuongAttention(4, _memory())
      with pytest.raises(TypeError, match="AttentionMechanism"):
        seq2seq.AttentionWrapper(rnn.GRUCell(4), object())
      with pytest.raises(ValueError, match="Only one of"):
        seq2seq.AttentionWrapper(rnn.GRUCell(4), mechanism,
                                 attention_layer_size=3,
                                 attention_layer=layers.Dense(3))
      with pytest.raises(ValueError, match="exactly one"):
        seq2seq.AttentionWrapper(rnn.GRUCell(4), [mechanism, mechanism],
                                 attention_layer_size=3)
      with pytest.raises(ValueError, match="fully defined inner dims"):
        seq2seq.LuongAttention(4, V1.placeholder(tf.float32, [2, 3, None]))


def test_multiple_mechanisms():
  graph = tf.Graph()
  with graph.as_default():
    luong = seq2seq.LuongAttention(4, _memory(0), LENGTHS)
    bahdanau = seq2seq.BahdanauAttention(3, _memory(1)[:, :4], [4, 4, 1])
    wrapper = seq2seq.AttentionWrapper(rnn.GRUCell(4), [luong, bahdanau],
                                       attention_layer_size=[2, 5],
                                       alignment_history=True)
    assert wrapper.output_size == 7
    _, states = _run_steps(wrapper, _inputs(2))
    last = states[-1]
    assert isinstance(last.alignments, tuple) and len(last.alignments) == 2
    histories = [h.stack() for h in last.alignment_history]
  assert testutil.variable_names(graph) == [
      "attention_wrapper/attention_layer/kernel:0",
      "attention_wrapper/attention_layer_1/kernel:0",
      "attention_wrapper/bahdanau_attention/attention_v:0",
      "attention_wrapper/bahdanau_attention/query_layer/kernel:0",
      "attention_wrapper/gru_cell/candidate/bias:0",
      "attention_wrapper/gru_cell/candidate/kernel:0",
      "attention_wrapper/gru_cell/gates/bias:0",
      "attention_wrapper/gru_cell/gates/kernel:0",
      "memory_layer/kernel:0",
      "memory_layer_1/kernel:0",
  ]
  attention, alignments, got_histories = testutil.run(
      graph, [last.attention, last.alignments, histories])
  assert attention.shape == (BATCH, 7)
  assert alignments[0].shape == (BATCH, 5) and alignments[1].shape == (BATCH, 4)
  assert [h.shape for h in got_histories] == [(2, BATCH, 5), (2, BATCH, 4)]
  np.testing.assert_array_equal(alignments[1][2, 1:], 0.0)


class TestProbabilityFunctions:

  def test_hardmax_alignments_are_one_hot(self):
    graph = tf.Graph()
    with graph.as_default():
      mechanism = seq2seq.LuongAttention(4, _memory(), LENGTHS,
                                         probability_fn=seq2seq.hardmax)
      wrapper = seq2seq.AttentionWrapper(rnn.GRUCell(4), mechanism)
      _, states = _run_steps(wrapper, _inputs(1))
    alignments = testutil.run(graph, states[-1].alignments)
    np.testing.assert_array_equal(alignments.sum(1), 1.0)
    np.testing.assert_array_equal(np.sort(alignments, 1)[:, :-1], 0.0)
    assert np.all(np.argmax(alignments, 1) < LENGTHS)

  def test_monotonic_attention_modes(self):
    rng = np.random.default_rng(0)
    p = rng.uniform(size=[2, 6]).astype(np.float32)
    previous = np.eye(6, dtype=np.float32)[[0, 2]]
    hard_p = (p > 0.5).astype(np.float32)
    graph = tf.Graph()
    with graph.as_default():
      recursive = seq2seq.monotonic_attention(p, previous, "recursive")
      parallel = seq2seq.monotonic_attention(p, previous, "parallel")
      hard = seq2seq.monotonic_attention(hard_p, previous, "hard")
      with pytest.raises(ValueError, match="mode must be"):
        seq2seq.monotonic_attention(p, previous, "soft")
    got_recursive, got_parallel, got_hard = testutil.run(
        graph, [recursive, parallel, hard], init=False)
    # Numpy recurrence: q_i = (1 - p_{i-1}) q_{i-1} + prev_i, a_i = p_i q_i.
    expected = np.zeros_like(p)
    for b in range(2):
      q = 0.0
      for i in range(6):
        q = (1 - (p[b, i - 1] if i else 0.0)) * q + previous[b, i]
        expected[b, i] = p[b, i] * q
    np.testing.assert_allclose(got_recursive, expected, rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(got_parallel, expected, rtol=1e-4, atol=1e-6)
    for b in range(2):
      start = np.argmax(previous[b])
      chosen = start + np.argmax(hard_p[b, start:]) if hard_p[b, start:].any() \
          else None
      want = np.zeros(6)
      if chosen is not None:
        want[chosen] = 1.0
      np.testing.assert_array_equal(got_hard[b], want)

  def test_monotonic_mechanisms_under_the_wrapper(self):
    graph = tf.Graph()
    with graph.as_default():
      luong = seq2seq.LuongMonotonicAttention(4, _memory(), LENGTHS,
                                              score_bias_init=-1.0, mode="hard")
      bahdanau = seq2seq.BahdanauMonotonicAttention(3, _memory(1), LENGTHS,
                                                    normalize=True)
      wrapper = seq2seq.AttentionWrapper(rnn.GRUCell(4), [luong, bahdanau])
      initial = wrapper.zero_state(BATCH, tf.float32)
      _, states = _run_steps(wrapper, _inputs(2))
    names = testutil.variable_names(graph)
    assert ("attention_wrapper/luong_monotonic_attention/attention_score_bias:0"
            in names)
    assert ("attention_wrapper/bahdanau_monotonic_attention/attention_g:0"
            in names)
    first, last = testutil.run(graph, [initial.alignments, states[-1].alignments])
    np.testing.assert_array_equal(first[0], np.eye(5)[[0, 0, 0]])
    for alignments in last:
      assert np.all(alignments >= 0) and np.all(alignments.sum(1) <= 1 + 1e-6)
      beyond = np.arange(5)[None] >= LENGTHS[:, None]
      np.testing.assert_allclose(alignments[beyond], 0.0, atol=1e-7)
