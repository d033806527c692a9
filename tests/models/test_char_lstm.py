"""The char-LSTM builders: variables, truncated BPTT state, sampler sharing."""

import numpy as np
import pytest
import tensorflow as tf

from tf1_compat.models import char_lstm

V1 = tf.compat.v1
SMALL = dict(batch_size=8, num_unrollings=5, num_nodes=16)


def _feed(endpoints, rng, vocab=27):
  return {p: np.eye(vocab, dtype=np.float32)[rng.integers(0, vocab, p.shape[0])]
          for p in endpoints.train_data}


def test_udacity_variables_and_notebook_initializer():
  graph = tf.Graph()
  with graph.as_default():
    V1.set_random_seed(0)
    char_lstm.build()
    char_lstm.build(mode=char_lstm.INFER)
    names = {v.op.name: v.shape.as_list() for v in V1.global_variables()}
    with V1.Session() as session:
      session.run(V1.global_variables_initializer())
      ix = session.run([v for v in V1.global_variables()
                        if v.op.name == "char_lstm/ix"][0])
  expected = {}
  for gate in "ifco":
    expected.update({"char_lstm/%sx" % gate: [27, 64], "char_lstm/%sm" % gate: [64, 64],
                     "char_lstm/%sb" % gate: [1, 64]})
  expected.update({"char_lstm/w": [64, 27], "char_lstm/b": [27], "global_step": [],
                   "char_lstm/saved_state_0": [64, 64],
                   "char_lstm/saved_state_1": [64, 64],
                   "char_lstm/saved_sample_state_0": [1, 64],
                   "char_lstm/saved_sample_state_1": [1, 64]})
  assert names == expected
  assert abs(ix.mean() + 0.1) < 0.01  # truncated_normal(shape, -0.1, 0.1): mean -0.1.
  assert len(graph.get_collection(V1.GraphKeys.TRAINABLE_VARIABLES)) == 14


def test_initial_perplexity_is_vocabulary_size():
  graph = tf.Graph()
  with graph.as_default():
    V1.set_random_seed(0)
    ep = char_lstm.build()
  with V1.Session(graph=graph) as session:
    session.run(V1.global_variables_initializer())
    loss = session.run(ep.loss, _feed(ep, np.random.default_rng(0)))
  assert 26 < np.exp(loss) < 28.5


@pytest.mark.parametrize("overrides", [
    dict(model="udacity"),
    dict(model="cell", cell_type="basic_lstm", num_layers=2),
    dict(model="cell", cell_type="gru", unroll="dynamic", learning_rate=1.0),
    dict(model="cell", cell_type="lstm", learning_rate=2.0),
])
def test_state_is_carried_across_batches_and_reset(overrides):
  hparams = char_lstm.HParams(**SMALL, **overrides)
  graph = tf.Graph()
  with graph.as_default():
    V1.set_random_seed(0)
    ep = char_lstm.build(hparams)
    saved = [v for v in V1.global_variables() if "saved_state" in v.op.name]
  rng = np.random.default_rng(0)
  feed = _feed(ep, rng)
  with V1.Session(graph=graph) as session:
    session.run(V1.global_variables_initializer())
    assert not any(session.run(v).any() for v in saved)
    fresh = session.run(ep.loss, feed)  # Also saves the final state.
    assert all(session.run(v).any() for v in saved)
    again = session.run(ep.loss, feed)  # Same data, carried-over state.
    assert all(session.run(v).any() for v in saved)
    assert fresh != again
    session.run(ep.reset_state)
    np.testing.assert_allclose(session.run(ep.loss, feed), fresh, rtol=1e-6)
    losses = []
    for _ in range(200):  # Learnable data: the next id is always id + 1.
      starts = rng.integers(0, 27, hparams.batch_size)
      data = {p: np.eye(27, dtype=np.float32)[(starts + t) % 27]
              for t, p in enumerate(ep.train_data)}
      losses.append(session.run([ep.loss, ep.train_op], data)[0])
  assert np.mean(losses[-5:]) < np.mean(losses[:5]) - 1.0


def test_sampler_shares_weights_and_has_its_own_state():
  hparams = char_lstm.HParams(model="cell", num_layers=2, **SMALL)
  graph = tf.Graph()
  with graph.as_default():
    V1.set_random_seed(0)
    char_lstm.build(hparams)
    n_trainable = len(V1.trainable_variables())
    sampler = char_lstm.build(hparams, char_lstm.INFER)
    assert len(V1.trainable_variables()) == n_trainable
  one_hot = np.eye(27, dtype=np.float32)[[5]]
  with V1.Session(graph=graph) as session:
    session.run(V1.global_variables_initializer())
    first = session.run(sampler.prediction, {sampler.sample_input: one_hot})
    second = session.run(sampler.prediction, {sampler.sample_input: one_hot})
    session.run(sampler.reset_state)
    again = session.run(sampler.prediction, {sampler.sample_input: one_hot})
    cold = session.run(sampler.prediction, {sampler.sample_input: one_hot,
                                            sampler.temperature: 0.5})
  np.testing.assert_allclose(first.sum(), 1.0, rtol=1e-5)
  assert not np.allclose(first, second)
  np.testing.assert_allclose(first, again, rtol=1e-6)
  assert cold.max() > second.max() or cold.max() > first.max()


def test_unigram_perplexity():
  assert char_lstm.unigram_perplexity([5, 5, 5, 5]) == pytest.approx(4.0)
  assert char_lstm.unigram_perplexity([1, 0, 0]) == pytest.approx(1.0)
