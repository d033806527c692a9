"""Shared fixtures for the seq2seq tests: a bigram "model" and numpy references.

`BigramCell` makes decoding fully predictable: fed the one-hot of the previous
token (embedding = identity), it emits `table[previous_token]` as logits, and its
state is a step counter, so "the state froze" is visible as a number.
"""

import numpy as np
import tensorflow as tf

from tf1_compat import rnn

V1 = tf.compat.v1
# A hang must fail the test rather than stall the run.
RUN_OPTIONS = V1.RunOptions(timeout_in_ms=60000)


def run(graph, fetches, feed_dict=None, init=True):
  """Initializes the graph's variables and fetches `fetches` once."""
  with V1.Session(graph=graph) as session:
    if init:
      session.run(V1.global_variables_initializer())
    return session.run(fetches, feed_dict=feed_dict, options=RUN_OPTIONS)


def variable_names(graph):
  return sorted(v.name for v in graph.get_collection(
      V1.GraphKeys.GLOBAL_VARIABLES))


class BigramCell(rnn.RNNCell):
  """Output `inputs @ table` (logits of the next token); state counts steps."""

  def __init__(self, table):
    super().__init__()
    self._table = np.asarray(table, dtype=np.float32)

  @property
  def state_size(self):
    return 1

  @property
  def output_size(self):
    return self._table.shape[1]

  def call(self, inputs, state):
    return tf.matmul(inputs, tf.constant(self._table)), state + 1.0


def greedy_table(vocab, transitions, high=5.0):
  """Logits with `high` at `transitions[token]` and 0 elsewhere, per row."""
  table = np.zeros([vocab, vocab], np.float32)
  for token, successor in transitions.items():
    table[token, successor] = high
  return table


def log_softmax(x):
  x = np.asarray(x, np.float64)
  shifted = x - x.max(axis=-1, keepdims=True)
  return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def softmax(x):
  return np.exp(log_softmax(x))


def length_penalty(lengths, alpha):
  if alpha == 0:
    return np.ones_like(lengths, dtype=np.float64)
  return ((5.0 + lengths) / 6.0) ** alpha


def numpy_beam_search(table, start_tokens, end_token, beam_width, alpha,
                      max_steps):
  """TF 1.15's beam search recomputed in numpy for a `BigramCell` model.

  Runs until every batch entry has finished (finished entries keep stepping with
  all probability on `end_token`, as in the graph) or `max_steps`. Returns a dict
  of per-step raw `ids`, `parents`, `scores` (each `[time, batch, beam]`) and
  the final `log_probs`, `lengths`, `finished` (each `[batch, beam]`).
  """
  table = np.asarray(table, np.float32)
  vocab = table.shape[1]
  batch = len(start_tokens)
  lowest = np.finfo(np.float32).min
  log_probs = np.full([batch, beam_width], -np.inf)
  log_probs[:, 0] = 0.0
  finished = np.ones([batch, beam_width], bool)
  finished[:, 0] = False
  lengths = np.zeros([batch, beam_width], np.int64)
  tokens = np.tile(np.asarray(start_tokens)[:, None], [1, beam_width])
  add = np.where(np.arange(vocab) == end_token, 0, 1)
  ids, parents, scores = [], [], []
  for _ in range(max_steps):
    step = log_softmax(table[tokens])
    step[finished] = lowest
    step[finished, end_token] = 0.0
    total = log_probs[..., None] + step
    candidate_lengths = lengths[..., None] + add * (~finished)[..., None]
    flat = (total / length_penalty(candidate_lengths, alpha)).reshape(batch, -1)
    order = np.argsort(-flat, axis=1, kind="stable")[:, :beam_width]
    word, parent = order % vocab, order // vocab
    rows = np.arange(batch)[:, None]
    log_probs = total.reshape(batch, -1)[rows, order]
    lengths = lengths[rows, parent] + (~finished[rows, parent])
    finished = finished[rows, parent] | (word == end_token)
    tokens = word
    ids.append(word)
    parents.append(parent)
    scores.append(flat[rows, order])
    if finished.all():
      break
  return dict(ids=np.array(ids), parents=np.array(parents),
              scores=np.array(scores), log_probs=log_probs, lengths=lengths,
              finished=finished)


def numpy_gather_tree(step_ids, parent_ids, max_lengths, end_token):
  """The GatherTree kernel's loops, written out in numpy."""
  time, batch, beam = step_ids.shape
  out = np.full_like(step_ids, end_token)
  for b in range(batch):
    length = min(time, max_lengths[b])
    for k in range(beam):
      if length <= 0:
        continue
      out[length - 1, b, k] = step_ids[length - 1, b, k]
      parent = parent_ids[length - 1, b, k]
      for t in range(length - 2, -1, -1):
        out[t, b, k] = step_ids[t, b, parent]
        parent = parent_ids[t, b, parent]
      ended = False
      for t in range(length):
        if ended:
          out[t, b, k] = end_token
        elif out[t, b, k] == end_token:
          ended = True
  return out
