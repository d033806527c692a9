"""Character-level LSTM language model (the slides' Udacity `6_lstm` model).

Two models share one interface:

* `udacity` (the reference): an LSTM written gate by gate — per gate an input matrix
  `[vocab, nodes]`, a recurrent matrix `[nodes, nodes]` and a bias `[1, nodes]`
  (`ix, im, ib` input gate, `fx, fm, fb` forget, `cx, cm, cb` memory, `ox, om, ob`
  output) — and a classifier `w, b`. Weights are initialized as the notebook did with
  `truncated_normal(shape, -0.1, 0.1)`, i.e. **mean -0.1**, stddev 0.1 (a quirk
  reproduced on purpose: the published perplexities come from it).
* `cell`: the same training scheme on `tf1_compat.rnn` cells (type, layers and static
  or dynamic unrolling chosen by `HParams`).

Training feeds `num_unrollings + 1` one-hot batches; inputs are the first
`num_unrollings`, labels the last `num_unrollings`. The final output and state are
saved in non-trainable variables under `control_dependencies` and start the next
batch (truncated backpropagation through time); `reset_state` zeroes them. Loss: mean
softmax cross-entropy of `xw_plus_b` logits; SGD with `exponential_decay(10.0,
global_step, 5000, 0.1, staircase=True)` and gradients clipped to global norm 1.25.

`build(hparams, TRAIN)` adds the training graph; `build(hparams, INFER)` (or
`EVAL`) the sampler, which shares the weights, runs one character at a time with
batch 1 and has its own saved state and `reset_state`. `build_generator` adds the
stateless text-in, text-out graph a SavedModel exports.
"""

import dataclasses
from typing import Literal, NamedTuple, Tuple

import numpy as np
import tensorflow as tf

from tf1_compat import rnn
from tf1_compat.models import _validation
# The modes, re-exported for `build(hparams, <module>.EVAL)`.
from tf1_compat.models.modes import EVAL
from tf1_compat.models.modes import INFER
from tf1_compat.models.modes import TRAIN
from tf1_compat.models.modes import check_mode

_V1 = tf.compat.v1
_GATES = ("i", "f", "c", "o")  # input, forget, memory (update), output.


@dataclasses.dataclass(frozen=True)
class HParams:
  """Reference configuration (slides 001 / Udacity 6_lstm)."""
  model: Literal["udacity", "cell"] = "udacity"
  vocabulary_size: int = 27
  num_nodes: int = 64
  batch_size: int = 64
  num_unrollings: int = 10
  learning_rate: float = 10.0
  decay_steps: int = 5000
  decay_rate: float = 0.1
  clip_norm: float = 1.25
  cell_type: Literal["basic_lstm", "lstm", "gru", "rnn"] = "basic_lstm"
  num_layers: int = 1
  unroll: Literal["static", "dynamic"] = "static"

  def __post_init__(self):
    _validation.check_hparams(self)


class TrainEndpoints(NamedTuple):
  train_data: Tuple[tf.Tensor, ...]   # num_unrollings + 1 of `[batch, vocab]`.
  logits: tf.Tensor                   # `[num_unrollings * batch, vocab]`.
  prediction: tf.Tensor               # softmax of `logits`.
  loss: tf.Tensor
  learning_rate: tf.Tensor
  train_op: tf.Operation
  global_step: tf.Variable
  reset_state: tf.Operation
  summaries: tf.Tensor


class SamplerEndpoints(NamedTuple):
  sample_input: tf.Tensor             # `[1, vocab]` one-hot.
  temperature: tf.Tensor              # Scalar, default 1.0.
  prediction: tf.Tensor               # `[1, vocab]` next-character distribution.
  reset_state: tf.Operation


class _UdacityLSTM:
  """The gate-by-gate LSTM of the notebook, with its variables."""

  def __init__(self, hparams):
    vocab, nodes = hparams.vocabulary_size, hparams.num_nodes
    notebook_init = _V1.truncated_normal_initializer(mean=-0.1, stddev=0.1)
    self.params = {}
    for gate in _GATES:
      self.params[gate + "x"] = _V1.get_variable(
          gate + "x", [vocab, nodes], initializer=notebook_init)
      self.params[gate + "m"] = _V1.get_variable(
          gate + "m", [nodes, nodes], initializer=notebook_init)
      self.params[gate + "b"] = _V1.get_variable(
          gate + "b", [1, nodes], initializer=_V1.zeros_initializer())
    self.state_shapes = ([nodes], [nodes])  # (output, memory state)

  def __call__(self, x, state):
    output, memory = state
    p = self.params
    def gate(name):
      return tf.matmul(x, p[name + "x"]) + tf.matmul(output, p[name + "m"]) + p[name + "b"]
    input_gate = tf.sigmoid(gate("i"))
    forget_gate = tf.sigmoid(gate("f"))
    memory = forget_gate * memory + input_gate * tf.tanh(gate("c"))
    output_gate = tf.sigmoid(gate("o"))
    output = output_gate * tf.tanh(memory)
    return output, (output, memory)


class _CellLSTM:
  """A `tf1_compat.rnn` cell stack in the same step interface."""

  _CELLS = {"basic_lstm": rnn.BasicLSTMCell, "lstm": rnn.LSTMCell,
            "gru": rnn.GRUCell, "rnn": rnn.BasicRNNCell}

  def __init__(self, hparams):
    make = self._CELLS[hparams.cell_type]
    cells = [make(hparams.num_nodes) for _ in range(hparams.num_layers)]
    self.cell = cells[0] if len(cells) == 1 else rnn.MultiRNNCell(cells)
    self.state_shapes = tf.nest.map_structure(lambda s: [s], self.cell.state_size)

  def __call__(self, x, state):
    with _V1.variable_scope("rnn"):
      return self.cell(x, state)


def _network(hparams):
  return _UdacityLSTM(hparams) if hparams.model == "udacity" else _CellLSTM(hparams)


def _saved_state(shapes, batch_size, name):
  """Non-trainable zero-initialized variables shaped like the state, batch first."""
  return [
      _V1.get_variable("%s_%d" % (name, i), [batch_size] + list(shape),
                       initializer=_V1.zeros_initializer(), trainable=False,
                       collections=[_V1.GraphKeys.GLOBAL_VARIABLES])
      for i, shape in enumerate(_shape_leaves(shapes))]


def _shape_leaves(shapes):
  """Leaves of a structure whose leaves are shape lists like `[64]`."""
  if isinstance(shapes, list) and all(isinstance(d, int) for d in shapes):
    return [shapes]
  return [leaf for part in shapes for leaf in _shape_leaves(part)]


def _pack_state(shapes, flat):
  """Rebuilds the state structure of `shapes` from a flat list of tensors."""
  if isinstance(shapes, list) and all(isinstance(d, int) for d in shapes):
    return flat.pop(0)
  packed = [_pack_state(part, flat) for part in shapes]
  if isinstance(shapes, tuple) and hasattr(shapes, "_fields"):
    return type(shapes)(*packed)
  return type(shapes)(packed)


def _classifier(hparams):
  notebook_init = _V1.truncated_normal_initializer(mean=-0.1, stddev=0.1)
  w = _V1.get_variable("w", [hparams.num_nodes, hparams.vocabulary_size],
                       initializer=notebook_init)
  b = _V1.get_variable("b", [hparams.vocabulary_size],
                       initializer=_V1.zeros_initializer())
  return w, b


def _unroll(hparams, network, inputs, state):
  if hparams.model == "cell" and hparams.unroll == "dynamic":
    outputs, state = rnn.dynamic_rnn(
        network.cell, tf.stack(inputs), initial_state=state, time_major=True)
    return tf.unstack(outputs), state
  outputs = []
  for x in inputs:
    output, state = network(x, state)
    outputs.append(output)
  return outputs, state


def build(hparams=HParams(), mode=TRAIN, graph=None, reuse=None, scope="char_lstm",
          optimizer_wrapper=None):
  """Adds the model to `graph` (default: the current one); returns its endpoints.

  Args:
    hparams: an `HParams`.
    mode: `TRAIN` for the training graph (`TrainEndpoints`); `EVAL` or `INFER`
      for the sampler (`SamplerEndpoints`), which shares the training graph's
      weights when built after it, and creates them when built alone.
    graph: the `tf.Graph` to build into; None means the default graph.
    reuse: (`TRAIN`) True or `tf.AUTO_REUSE` to share an earlier build's weights.
    scope: the outer variable scope.
    optimizer_wrapper: (`TRAIN`) `Optimizer -> Optimizer`, applied to the
      model's optimizer before it makes `train_op` (synchronous distributed
      training wraps it in `tf.compat.v1.train.SyncReplicasOptimizer`); None
      keeps the optimizer as it is.
  """
  check_mode(mode, "char_lstm.build")
  if mode != TRAIN:
    return _build_sampler(hparams, graph, scope)
  graph = graph or _V1.get_default_graph()
  with graph.as_default():
    global_step = _V1.train.get_or_create_global_step()
  with graph.as_default(), _V1.variable_scope(scope, reuse=reuse):
    network = _network(hparams)
    w, b = _classifier(hparams)
    vocab = hparams.vocabulary_size
    train_data = tuple(
        _V1.placeholder(tf.float32, [hparams.batch_size, vocab], name="train_data_%d" % i)
        for i in range(hparams.num_unrollings + 1))
    inputs, labels = train_data[:-1], train_data[1:]
    saved = _saved_state(network.state_shapes, hparams.batch_size, "saved_state")
    initial_state = _pack_state(network.state_shapes, list(saved))
    outputs, final_state = _unroll(hparams, network, list(inputs), initial_state)
    save_ops = [v.assign(t) for v, t in zip(saved, tf.nest.flatten(final_state))]
    with tf.control_dependencies(save_ops):
      logits = tf.compat.v1.nn.xw_plus_b(tf.concat(outputs, 0), w, b)
      loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(
          labels=tf.concat(labels, 0), logits=logits))
    reset_state = tf.group(*[v.assign(tf.zeros_like(v)) for v in saved],
                           name="reset_state")
    learning_rate = _V1.train.exponential_decay(
        hparams.learning_rate, global_step, hparams.decay_steps,
        hparams.decay_rate, staircase=True)
    optimizer = _V1.train.GradientDescentOptimizer(learning_rate)
    if optimizer_wrapper is not None:
      optimizer = optimizer_wrapper(optimizer)
    gradients, variables = zip(*optimizer.compute_gradients(loss))
    gradients, _ = tf.clip_by_global_norm(gradients, hparams.clip_norm)
    train_op = optimizer.apply_gradients(zip(gradients, variables),
                                         global_step=global_step)
    prediction = tf.nn.softmax(logits, name="train_prediction")
    summaries = _V1.summary.merge([
        _V1.summary.scalar("loss", loss),
        _V1.summary.scalar("perplexity", tf.exp(loss)),
        _V1.summary.scalar("learning_rate", learning_rate),
    ] + [_V1.summary.histogram(v.op.name, v) for v in variables])
  return TrainEndpoints(train_data=train_data, logits=logits,
                        prediction=prediction,
                        loss=loss, learning_rate=learning_rate, train_op=train_op,
                        global_step=global_step, reset_state=reset_state,
                        summaries=summaries)


def _build_sampler(hparams, graph, scope):
  """Adds the batch-1 sampling graph, sharing (or, alone, creating) the weights."""
  graph = graph or _V1.get_default_graph()
  with graph.as_default(), _V1.variable_scope(scope, reuse=_V1.AUTO_REUSE):
    network = _network(hparams)
    w, b = _classifier(hparams)
    sample_input = _V1.placeholder(tf.float32, [1, hparams.vocabulary_size],
                                   name="sample_input")
    temperature = _V1.placeholder_with_default(1.0, [], name="temperature")
    saved = _saved_state(network.state_shapes, 1, "saved_sample_state")
    state = _pack_state(network.state_shapes, list(saved))
    output, new_state = network(sample_input, state)
    save_ops = [v.assign(t) for v, t in zip(saved, tf.nest.flatten(new_state))]
    with tf.control_dependencies(save_ops):
      logits = tf.compat.v1.nn.xw_plus_b(output, w, b)
      prediction = tf.nn.softmax(logits / temperature, name="sample_prediction")
    reset_state = tf.group(*[v.assign(tf.zeros_like(v)) for v in saved],
                           name="reset_sample_state")
  return SamplerEndpoints(sample_input=sample_input, temperature=temperature,
                          prediction=prediction, reset_state=reset_state)


class GeneratorEndpoints(NamedTuple):
  prefix: tf.Tensor               # Scalar string: the text to continue.
  length: tf.Tensor               # Scalar int32, default 80: characters to sample.
  temperature: tf.Tensor          # Scalar, default 1.0.
  next_char_probabilities: tf.Tensor  # `[vocab]` after reading `prefix`.
  continuation: tf.Tensor         # Scalar string of `length` sampled characters.


def build_generator(hparams, chars, graph=None, scope="char_lstm"):
  """Adds an in-graph text generator (text in, text out) sharing the weights.

  Unlike the sampler, it keeps no state in variables and needs no Python loop:
  it reads `prefix` from the zero state with a `tf.while_loop`, then samples
  `length` characters with `tf.random.categorical`. This is the graph a SavedModel
  exports, usable from plain TensorFlow. Characters of `prefix` outside `chars` read
  as `chars[0]`; an empty prefix reads as `chars[0]`.

  Args:
    hparams: the model's `HParams` (`vocabulary_size == len(chars)`).
    chars: the vocabulary: id `i` is `chars[i]`.
  """
  if len(chars) != hparams.vocabulary_size:
    raise ValueError("build_generator: %d chars for vocabulary_size %d"
                     % (len(chars), hparams.vocabulary_size))
  graph = graph or _V1.get_default_graph()
  with graph.as_default(), _V1.variable_scope(scope, reuse=_V1.AUTO_REUSE):
    network = _network(hparams)
    w, b = _classifier(hparams)
    prefix = _V1.placeholder_with_default("", [], name="prefix")
    length = _V1.placeholder_with_default(80, [], name="length")
    temperature = _V1.placeholder_with_default(1.0, [], name="temperature")
    vocabulary = tf.constant(list(chars))
    prefix_chars = tf.strings.unicode_split(prefix, "UTF-8")
    prefix_chars = tf.cond(tf.size(prefix_chars) > 0, lambda: prefix_chars,
                           lambda: vocabulary[:1])
    prefix_ids = tf.argmax(tf.cast(tf.equal(prefix_chars[:, None],
                                            vocabulary[None, :]), tf.int32),
                           axis=1, output_type=tf.int32)
    zero_state = _pack_state(
        network.state_shapes,
        [tf.zeros([1] + s) for s in _shape_leaves(network.state_shapes)])

    def logits_after(char_id, state):
      x = tf.one_hot([char_id], hparams.vocabulary_size)
      output, state = network(x, state)
      return tf.compat.v1.nn.xw_plus_b(output, w, b), state

    def read(i, _, state):
      logits, state = logits_after(prefix_ids[i], state)
      return i + 1, logits, state

    empty_logits = tf.zeros([1, hparams.vocabulary_size])
    _, logits, state = tf.while_loop(
        lambda i, *_: i < tf.size(prefix_ids), read, (0, empty_logits, zero_state))
    probabilities = tf.nn.softmax(logits[0] / temperature)

    def write(i, logits, state, ids):
      char_id = tf.random.categorical(logits / temperature, 1,
                                      dtype=tf.int32)[0, 0]
      next_logits, state = logits_after(char_id, state)
      return i + 1, next_logits, state, ids.write(i, char_id)

    ids = tf.TensorArray(tf.int32, size=length)
    _, _, _, ids = tf.while_loop(lambda i, *_: i < length, write,
                                 (0, logits, state, ids))
    continuation = tf.strings.reduce_join(tf.gather(vocabulary, ids.stack()))
  return GeneratorEndpoints(prefix=prefix, length=length, temperature=temperature,
                            next_char_probabilities=probabilities,
                            continuation=continuation)


def unigram_perplexity(counts):
  """Perplexity of the unigram distribution given character `counts` (a baseline)."""
  counts = np.asarray(counts, dtype=np.float64)
  p = counts[counts > 0] / counts.sum()
  return float(np.exp(-(p * np.log(p)).sum()))
