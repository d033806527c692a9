"""BeamSearchDecoder: TF1's step cases, a numpy beam search, greedy equivalence,
score order and length penalty, ragged ends, attention, checkpoints, bad input."""

import numpy as np
import pytest
import tensorflow as tf

from tests.seq2seq import testutil
from tf1_compat import layers
from tf1_compat import rnn
from tf1_compat import seq2seq
from tf1_compat.seq2seq import beam_search_decoder

V1 = tf.compat.v1
EOS = 0


class TestTileBatch:

  def test_copies_are_contiguous(self):
    graph = tf.Graph()
    with graph.as_default():
      tiled = seq2seq.tile_batch(tf.constant([[1, 2], [3, 4]]), 2)
      nested = seq2seq.tile_batch(
          rnn.LSTMStateTuple(tf.constant([[1.0], [2.0]]), tf.constant([5, 6])),
          3)
      unknown = seq2seq.tile_batch(V1.placeholder(tf.float32, [None, 4]), 3)
    assert tiled.shape.as_list() == [4, 2]
    assert isinstance(nested, rnn.LSTMStateTuple)
    assert nested.c.shape.as_list() == [6, 1]
    assert unknown.shape.as_list() == [None, 4]
    got, got_nested = testutil.run(graph, [tiled, nested], init=False)
    np.testing.assert_array_equal(got, [[1, 2], [1, 2], [3, 4], [3, 4]])
    np.testing.assert_array_equal(got_nested.c[:, 0], [1, 1, 1, 2, 2, 2])
    np.testing.assert_array_equal(got_nested.h, [5, 5, 5, 6, 6, 6])

  def test_scalar_raises(self):
    with tf.Graph().as_default():
      with pytest.raises(ValueError, match="rank"):
        seq2seq.tile_batch(tf.constant(3.0), 2)


def _tf1_step(lengths, finished, logit_updates):
  """One `_beam_search_step` with TF1's kernel-test setup (B=2, beam=3, V=5)."""
  logits = np.full([2, 3, 5], 1e-4, np.float32)
  for index, value in logit_updates.items():
    logits[index] = value
  graph = tf.Graph()
  with graph.as_default():
    state = beam_search_decoder.BeamSearchDecoderState(
        cell_state=(), log_probs=tf.nn.log_softmax(tf.ones([2, 3])),
        finished=tf.constant(finished), lengths=tf.constant(lengths, tf.int64),
        accumulated_attention_probs=())
    step = beam_search_decoder._beam_search_step  # pylint: disable=protected-access
    output, next_state = step(
        time=0, logits=tf.constant(logits), next_cell_state=(),
        beam_state=state, batch_size=tf.constant(2), beam_width=3,
        end_token=EOS, length_penalty_weight=0.6, coverage_penalty_weight=0.0)
  return testutil.run(graph, [output, next_state], init=False)


class TestTF1StepCases:

  def test_step(self):
    output, state = _tf1_step(
        [[2, 2, 2], [2, 2, 2]], [[False] * 3] * 2,
        {(0, 0, 2): 1.9, (0, 0, 3): 2.1, (0, 1, 3): 3.1, (0, 1, 4): 0.9,
         (1, 0, 1): 0.5, (1, 1, 2): 2.7, (1, 2, 2): 10.0, (1, 2, 3): 0.2})
    np.testing.assert_array_equal(output.predicted_ids, [[3, 3, 2], [2, 2, 1]])
    np.testing.assert_array_equal(output.parent_ids, [[1, 0, 0], [2, 1, 0]])
    np.testing.assert_array_equal(state.lengths, [[3, 3, 3], [3, 3, 3]])
    np.testing.assert_array_equal(state.finished, False)

  def test_step_with_eos(self):
    output, state = _tf1_step(
        [[2, 1, 2], [2, 2, 1]], [[False, True, False], [False, False, True]],
        {(0, 0, 2): 1.9, (0, 0, 3): 2.1, (0, 1, 3): 3.1, (0, 1, 4): 0.9,
         (1, 0, 1): 0.5, (1, 1, 2): 5.7, (1, 2, 2): 1.0, (1, 2, 3): 0.2})
    np.testing.assert_array_equal(output.parent_ids, [[1, 0, 0], [1, 2, 0]])
    np.testing.assert_array_equal(output.predicted_ids, [[0, 3, 2], [2, 0, 1]])
    np.testing.assert_array_equal(state.lengths, [[1, 3, 3], [3, 1, 3]])
    np.testing.assert_array_equal(state.finished,
                                  [[True, False, False], [False, True, False]])

  def test_mask_probs(self):
    graph = tf.Graph()
    with graph.as_default():
      probs = tf.fill([2, 2, 4], -1.5)
      masked = beam_search_decoder._mask_probs(  # pylint: disable=protected-access
          probs, 2, tf.constant([[True, False], [False, True]]))
    got = testutil.run(graph, masked, init=False)
    lowest = np.finfo(np.float32).min
    np.testing.assert_array_equal(got[0, 0], [lowest, lowest, 0.0, lowest])
    np.testing.assert_array_equal(got[1, 1], [lowest, lowest, 0.0, lowest])
    np.testing.assert_array_equal(got[0, 1], [-1.5] * 4)


def _bigram_beam_search(table, start_tokens, beam_width, alpha, max_steps,
                        **kwargs):
  vocab = table.shape[0]
  cell = testutil.BigramCell(table)
  batch = len(start_tokens)
  decoder = seq2seq.BeamSearchDecoder(
      cell, np.eye(vocab, dtype=np.float32), tf.constant(start_tokens), EOS,
      seq2seq.tile_batch(cell.zero_state(batch, tf.float32), beam_width),
      beam_width, length_penalty_weight=alpha, **kwargs)
  return seq2seq.dynamic_decode(decoder, maximum_iterations=max_steps)


def _bigram_table(seed, vocab=7):
  rng = np.random.default_rng(seed)
  table = rng.normal(scale=1.5, size=[vocab, vocab]).astype(np.float32)
  table[:, EOS] += 0.3
  return table


class TestAgainstNumpyBeamSearch:

  @pytest.mark.parametrize("alpha", [0.0, 0.6, 1.5])
  def test_every_output_matches(self, alpha):
    table = _bigram_table(5)
    starts, beam_width, max_steps = [1, 4, 6], 3, 12
    graph = tf.Graph()
    with graph.as_default():
      outputs, state, _ = _bigram_beam_search(table, starts, beam_width, alpha,
                                              max_steps)
      assert isinstance(outputs, seq2seq.FinalBeamSearchDecoderOutput)
      # TF1's namedtuple type name, kept for code that inspects it.
      assert type(outputs).__bases__[0].__name__ == "FinalBeamDecoderOutput"
      assert outputs.predicted_ids.shape.as_list() == [3, None, beam_width]
      assert outputs.predicted_ids.dtype == tf.int32
      assert state.lengths.dtype == tf.int64
    outputs, state = testutil.run(graph, [outputs, state])
    expected = testutil.numpy_beam_search(table, starts, EOS, beam_width,
                                          alpha, max_steps)
    raw = outputs.beam_search_decoder_output
    to_time_major = lambda x: x.transpose(1, 0, 2)
    np.testing.assert_array_equal(to_time_major(raw.predicted_ids),
                                  expected["ids"])
    np.testing.assert_array_equal(to_time_major(raw.parent_ids),
                                  expected["parents"])
    np.testing.assert_allclose(to_time_major(raw.scores), expected["scores"],
                               rtol=1e-5)
    np.testing.assert_allclose(state.log_probs, expected["log_probs"],
                               rtol=1e-5)
    np.testing.assert_array_equal(state.lengths, expected["lengths"])
    np.testing.assert_array_equal(state.finished, expected["finished"])
    backtracked = testutil.numpy_gather_tree(
        expected["ids"], expected["parents"], expected["lengths"].max(1), EOS)
    np.testing.assert_array_equal(to_time_major(outputs.predicted_ids),
                                  backtracked)

  def test_ragged_end_tokens(self):
    """Beams end at different steps: each path is padded with end_token after
    its EOS and its length counts the EOS."""
    table = _bigram_table(5)
    graph = tf.Graph()
    with graph.as_default():
      outputs, state, _ = _bigram_beam_search(table, [1, 4, 6], 3, 0.6, 12)
    ids, lengths, finished = testutil.run(
        graph, [outputs.predicted_ids, state.lengths, state.finished])
    time = ids.shape[1]
    assert len(np.unique(lengths)) >= 3, lengths  # the case really is ragged
    for b in range(ids.shape[0]):
      for k in range(ids.shape[2]):
        path = ids[b, :, k]
        if finished[b, k]:
          first_eos = int(np.argmax(path == EOS))
          assert path[first_eos] == EOS
          assert lengths[b, k] == first_eos + 1
          np.testing.assert_array_equal(path[first_eos:], EOS)
        else:
          assert lengths[b, k] == time and EOS not in path

  def test_scores_sorted_and_length_penalty_applied(self):
    """The last step's scores are sorted best first and equal
    `log_prob / ((5 + L) / 6) ** alpha`, with L the length scored at that
    step: the final length, minus the EOS if it was emitted on that step."""
    alpha = 0.8
    table = _bigram_table(9)
    graph = tf.Graph()
    with graph.as_default():
      outputs, state, _ = _bigram_beam_search(table, [2, 3], 4, alpha, 6)
    outputs, state = testutil.run(graph, [outputs, state])
    scores = outputs.beam_search_decoder_output.scores[:, -1]
    assert np.all(np.diff(scores, axis=1) <= 0)
    time = outputs.predicted_ids.shape[1]
    eos_on_last_step = ((state.lengths == time) &
                        (outputs.predicted_ids[:, -1] == EOS))
    scored_lengths = state.lengths - eos_on_last_step
    np.testing.assert_allclose(
        scores, state.log_probs / ((5.0 + scored_lengths) / 6.0) ** alpha,
        rtol=1e-5)
    assert not np.allclose(scores, state.log_probs)  # the penalty mattered


def test_beam_width_one_equals_greedy():
  graph = tf.Graph()
  with graph.as_default():
    V1.set_random_seed(4)
    vocab, batch = 8, 4
    embedding = V1.get_variable("embedding", [vocab, 6])
    cell = rnn.BasicLSTMCell(10)
    dense = layers.Dense(vocab, bias_initializer=V1.constant_initializer(
        [0.7] + [0.0] * (vocab - 1)))
    encoder_state = rnn.LSTMStateTuple(
        tf.random.normal([batch, 10], seed=1), tf.random.normal([batch, 10],
                                                                seed=2))
    start = tf.constant([1, 2, 3, 4])
    greedy = seq2seq.dynamic_decode(seq2seq.BasicDecoder(
        cell, seq2seq.GreedyEmbeddingHelper(embedding, start, EOS),
        encoder_state, output_layer=dense), maximum_iterations=10)
    beam = seq2seq.dynamic_decode(seq2seq.BeamSearchDecoder(
        cell, embedding, start, EOS, seq2seq.tile_batch(encoder_state, 1), 1,
        output_layer=dense), maximum_iterations=10)
  greedy, beam = testutil.run(graph, [greedy, beam])
  lengths = greedy.final_sequence_lengths
  assert lengths.min() < 10  # some rows stopped early on EOS
  np.testing.assert_array_equal(beam.final_state.lengths[:, 0], lengths)
  ids = beam.final_outputs.predicted_ids[:, :, 0]
  assert ids.shape[1] == greedy.final_outputs.sample_id.shape[1]
  log_prob = testutil.log_softmax(greedy.final_outputs.rnn_output)
  for b, length in enumerate(lengths):
    greedy_ids = greedy.final_outputs.sample_id[b, :length]
    np.testing.assert_array_equal(ids[b, :length], greedy_ids)
    np.testing.assert_array_equal(ids[b, length:], EOS)
    np.testing.assert_allclose(
        beam.final_state.log_probs[b, 0],
        log_prob[b, np.arange(length), greedy_ids].sum(), rtol=1e-5)


class TestBadInput:

  def test_untiled_initial_state_static(self):
    with tf.Graph().as_default():
      cell = rnn.BasicLSTMCell(4)
      with pytest.raises(ValueError, match="tile_batch"):
        seq2seq.BeamSearchDecoder(cell, np.eye(5, dtype=np.float32), [1, 1],
                                  EOS, cell.zero_state(2, tf.float32), 3)

  def test_untiled_initial_state_at_run_time(self):
    graph = tf.Graph()
    with graph.as_default():
      cell = rnn.GRUCell(4)
      state = V1.placeholder(tf.float32, [None, 4])
      start = V1.placeholder(tf.int32, [None])
      decoder = seq2seq.BeamSearchDecoder(
          cell, np.eye(5, dtype=np.float32), start, EOS, state, 3)
      outputs, _, _ = seq2seq.dynamic_decode(decoder, maximum_iterations=3)
    ok = testutil.run(graph, outputs.predicted_ids,
                      feed_dict={state: np.zeros([6, 4]), start: [1, 2]})
    assert ok.shape == (2, 3, 3)
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"batch_size \* beam_width rows"):
      testutil.run(graph, outputs.predicted_ids,
                   feed_dict={state: np.zeros([2, 4]), start: [1, 2]})

  def test_end_token_out_of_vocabulary(self):
    with tf.Graph().as_default():
      cell = rnn.GRUCell(4)
      with pytest.raises(ValueError, match="out of range"):
        seq2seq.BeamSearchDecoder(cell, np.eye(5, dtype=np.float32), [1], 5,
                                  cell.zero_state(3, tf.float32), 3)

  def test_impute_finished_is_rejected(self):
    with tf.Graph().as_default():
      with pytest.raises(ValueError, match="impute_finished"):
        seq2seq.dynamic_decode(
            seq2seq.BeamSearchDecoder(
                testutil.BigramCell(np.eye(4)), np.eye(4, dtype=np.float32),
                [1], EOS, tf.zeros([2, 1]), 2), impute_finished=True)

  def test_coverage_penalty_needs_attention(self):
    with tf.Graph().as_default():
      with pytest.raises(ValueError, match="no cell is attentional"):
        _bigram_beam_search(_bigram_table(1), [1], 2, 0.0, 3,
                            coverage_penalty_weight=0.4)


def _attention_beam_graph(batch, beam_width, coverage=0.0, memory_lengths=None,
                          eos_bias=0.0, steps=6):
  """A Luong-attention decoder run twice with the same objects: once with the
  alignment history reordered along the beams, once raw."""
  rng = np.random.default_rng(0)
  memory = tf.constant(rng.normal(size=[batch, 5, 6]).astype(np.float32))
  lengths = tf.constant(memory_lengths or [5] * batch)
  vocab = 7
  embedding = V1.get_variable("embedding", [vocab, 4])
  mechanism = seq2seq.LuongAttention(
      8, seq2seq.tile_batch(memory, beam_width),
      memory_sequence_length=seq2seq.tile_batch(lengths, beam_width))
  cell = seq2seq.AttentionWrapper(rnn.BasicLSTMCell(8), mechanism,
                                  attention_layer_size=8,
                                  alignment_history=True)
  dense = layers.Dense(vocab, bias_initializer=V1.constant_initializer(
      [eos_bias] + [0.0] * (vocab - 1)))
  initial = cell.zero_state(batch * beam_width, tf.float32)
  results = []
  for reorder in (True, False):
    decoder = seq2seq.BeamSearchDecoder(
        cell, embedding, tf.fill([batch], 1), EOS, initial, beam_width,
        output_layer=dense, coverage_penalty_weight=coverage,
        length_penalty_weight=0.5, reorder_tensor_arrays=reorder)
    results.append(seq2seq.dynamic_decode(decoder, maximum_iterations=steps))
  return results


class TestWithAttention:

  def test_alignment_history_is_reordered_along_the_beams(self):
    """TF1's reordering: step t's row k comes from the slot final beam k's
    path held after step t (`gather_tree` over beam ids), or from slot k
    beyond the beam's length."""
    batch, beam_width = 2, 3
    graph = tf.Graph()
    with graph.as_default():
      V1.set_random_seed(0)
      reordered, raw = _attention_beam_graph(batch, beam_width,
                                             memory_lengths=[5, 3])
      history = reordered.final_state.cell_state.alignment_history
      raw_history = raw.final_state.cell_state.alignment_history.stack()
      assert history.shape.as_list() == [None, batch * beam_width, 5]
    history, raw_history, outputs, lengths = testutil.run(graph, [
        history, raw_history, reordered.final_outputs,
        reordered.final_state.lengths])
    parents = outputs.beam_search_decoder_output.parent_ids.transpose(1, 0, 2)
    time = parents.shape[0]
    beam_ids = np.tile(np.arange(beam_width), [time, batch, 1])
    sorted_ids = testutil.numpy_gather_tree(beam_ids, parents, lengths.max(1),
                                            beam_width + 1)
    in_bounds = np.arange(time)[:, None, None] < lengths[None]
    sorted_ids = np.where(in_bounds, sorted_ids, beam_ids)
    rows = (np.arange(batch)[None, :, None] * beam_width + sorted_ids)
    expected = raw_history[np.arange(time)[:, None, None], rows]
    np.testing.assert_allclose(history.reshape(time, batch, beam_width, 5),
                               expected, rtol=1e-6)
    assert not np.allclose(history, raw_history)  # reordering did something
    # Memory positions beyond each entry's length get no attention at all.
    np.testing.assert_array_equal(
        history.reshape(time, batch, beam_width, 5)[:, 1, :, 3:], 0.0)

  def test_coverage_penalty(self):
    """Accumulated attention follows each hypothesis's ancestry; beams that had
    finished get `beta * sum(log(min(acc, 1)))` added to their score."""
    beta, alpha = 0.7, 0.5
    graph = tf.Graph()
    with graph.as_default():
      V1.set_random_seed(3)
      reordered, raw = _attention_beam_graph(2, 3, coverage=beta,
                                             eos_bias=0.4, steps=5)
      raw_history = raw.final_state.cell_state.alignment_history.stack()
    outputs, state, raw_history = testutil.run(
        graph, [reordered.final_outputs, reordered.final_state, raw_history])
    accumulated = state.accumulated_attention_probs
    assert accumulated.shape == (2, 3, 5)
    raw_out = outputs.beam_search_decoder_output
    parents = raw_out.parent_ids.transpose(1, 0, 2)
    time = parents.shape[0]
    # The alignments that produced each path's step t were computed in the
    # slot the hypothesis held *before* step t: its parent at step t.
    slots = testutil.numpy_gather_tree(
        np.tile(np.arange(3), [time, 2, 1]), parents, np.full(2, time), 4)
    before = np.take_along_axis(parents, slots, axis=2)
    path_alignments = raw_history[np.arange(time)[:, None, None],
                                  np.arange(2)[None, :, None] * 3 + before]
    scores = raw_out.scores[:, -1]
    lengths, finished = state.lengths, state.finished
    checked = {"finished": 0, "unfinished": 0}
    for b in range(2):
      for k in range(3):
        active = np.arange(time) < lengths[b, k]
        np.testing.assert_allclose(
            accumulated[b, k], path_alignments[active, b, k].sum(0), rtol=1e-5)
        normalized = state.log_probs[b, k] / ((5.0 + lengths[b, k]) / 6) ** alpha
        if not finished[b, k]:
          np.testing.assert_allclose(scores[b, k], normalized, rtol=1e-5)
          checked["unfinished"] += 1
        elif lengths[b, k] < time:  # finished before the last step
          acc = np.where(accumulated[b, k] == 0, 1.0, accumulated[b, k])
          penalty = beta * np.log(np.minimum(acc, 1.0)).sum()
          assert penalty < 0
          np.testing.assert_allclose(scores[b, k], normalized + penalty,
                                     rtol=1e-5)
          checked["finished"] += 1
    assert checked["finished"] and checked["unfinished"], checked

  def test_untiled_memory_is_caught_by_zero_state(self):
    with tf.Graph().as_default():
      mechanism = seq2seq.LuongAttention(4, tf.ones([2, 5, 3]))
      cell = seq2seq.AttentionWrapper(rnn.GRUCell(4), mechanism)
      with pytest.raises((ValueError, tf.errors.InvalidArgumentError),
                         match="tile_batch"):
        cell.zero_state(2 * 3, tf.float32)


def test_training_checkpoint_restores_into_beam_search_graph(tmp_path):
  """Variables of a TrainingHelper decoder with attention have the same names
  as those of its BeamSearchDecoder counterpart, so a Saver restores them."""
  def build(beam_width):
    batch = 2
    memory = tf.ones([batch, 4, 6])
    lengths = tf.constant([4, 2])
    embedding = V1.get_variable("embedding", [9, 5])
    if beam_width:
      memory = seq2seq.tile_batch(memory, beam_width)
      lengths = seq2seq.tile_batch(lengths, beam_width)
    mechanism = seq2seq.BahdanauAttention(8, memory,
                                          memory_sequence_length=lengths,
                                          normalize=True)
    cell = seq2seq.AttentionWrapper(rnn.BasicLSTMCell(8), mechanism,
                                    attention_layer_size=5)
    dense = layers.Dense(9)
    if beam_width:
      decoder = seq2seq.BeamSearchDecoder(
          cell, embedding, tf.fill([batch], 1), EOS,
          cell.zero_state(batch * beam_width, tf.float32), beam_width,
          output_layer=dense)
      return seq2seq.dynamic_decode(decoder, maximum_iterations=4)
    helper = seq2seq.TrainingHelper(
        tf.nn.embedding_lookup(embedding, tf.ones([batch, 3], tf.int32)),
        [3, 2])
    return seq2seq.dynamic_decode(seq2seq.BasicDecoder(
        cell, helper, cell.zero_state(batch, tf.float32), output_layer=dense))

  train_graph, infer_graph = tf.Graph(), tf.Graph()
  with train_graph.as_default():
    build(beam_width=0)
    saver = V1.train.Saver()
    kernel = [v for v in V1.global_variables()
              if v.name == "decoder/dense/kernel:0"][0]
    with V1.Session() as session:
      session.run(V1.global_variables_initializer())
      path = saver.save(session, str(tmp_path / "model"))
      trained_kernel = session.run(kernel)
  with infer_graph.as_default():
    outputs = build(beam_width=3).final_outputs
    assert (testutil.variable_names(infer_graph) ==
            testutil.variable_names(train_graph))
    restorer = V1.train.Saver()
    kernel = [v for v in V1.global_variables()
              if v.name == "decoder/dense/kernel:0"][0]
    with V1.Session() as session:
      restorer.restore(session, path)
      restored_kernel, ids = session.run([kernel, outputs.predicted_ids])
  np.testing.assert_array_equal(restored_kernel, trained_kernel)
  assert ids.shape[0] == 2 and ids.shape[2] == 3
  assert "decoder/attention_wrapper/bahdanau_attention/attention_v:0" in (
      testutil.variable_names(infer_graph))


@pytest.mark.parametrize("static,dynamic,valid", [
    ((8, 4, 5, 10), (None, None, 5, 10), True),   # [time, batch, beam, ...]
    ((8, 20, 10), (None, None, 10), True),        # [time, batch * beam, ...]
    ((8, 21, 10), (None, None, 10), False),
    ((8, 4, 6, 10), (None, None, None, 10), False),
    ((8, 4), (None, None), False),
])
def test_tensor_array_reordering_checks_rows_at_run_time(static, dynamic, valid):
  """TF 1.15's `_check_batch_beam` cases: batch 4, beam 5, shapes known late."""
  from tf1_compat.seq2seq import beam_search_decoder as bsd  # pylint: disable=import-outside-toplevel
  graph = tf.Graph()
  with graph.as_default():
    t = tf.compat.v1.placeholder_with_default(
        np.zeros(static, np.float32), shape=dynamic)
    check = bsd._check_batch_beam(t, tf.constant(4), 5)  # pylint: disable=protected-access
    with tf.compat.v1.Session(graph=graph) as session:
      if valid:
        session.run(check)
      else:
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match="TensorArray reordering expects elements to be "
                                 "reshapable to"):
          session.run(check)
