"""The slides' seq2seq model ("delete the odd numbers"), with optional attention.

Tokens 1..10, 0 is PAD = EOS = GO, vocabulary 11. Embeddings of 30 (separate
encoder and decoder matrices, `truncated_normal(stddev=0.1)`); encoder and decoder
are 2-layer `BasicLSTMCell(50)` stacks; the encoder runs `dynamic_rnn` with
`sequence_length` and its final state initializes the decoder. Training uses
`TrainingHelper` + `BasicDecoder(output_layer=Dense(vocab))` and the masked mean
cross-entropy (`sequence_loss` with the decoder-length mask); Adam. Inference decodes
greedily (`GreedyEmbeddingHelper`, `impute_finished=True`) or with a beam search,
capped at `max_decode_steps`.

`attention="luong"|"bahdanau"` wraps the decoder stack in an `AttentionWrapper` over
the encoder outputs (masked by the encoder lengths, `alignment_history` kept for
inspection), which the "delete odds, then copy the evens twice" task needs.

Variables (reference configuration): `seq2seq/encoder_embedding_matrix`,
`seq2seq/decoder_embedding_matrix`, `seq2seq/encoder/seq2seq_encoder/multi_rnn_cell/
cell_{0,1}/basic_lstm_cell/{kernel,bias}`, `seq2seq/decoder/multi_rnn_cell/...`,
`seq2seq/decoder/dense/{kernel,bias}`; with attention also
`seq2seq/decoder/memory_layer/kernel` and `seq2seq/decoder/attention_wrapper/...`.
The inference graph shares all of them.
"""

import dataclasses
from typing import Literal, NamedTuple, Optional

import tensorflow as tf

from tf1_compat import layers
from tf1_compat import rnn
from tf1_compat import seq2seq
from tf1_compat.models import _validation
# The modes, re-exported for `build(hparams, <module>.EVAL)`.
from tf1_compat.models.modes import EVAL
from tf1_compat.models.modes import INFER
from tf1_compat.models.modes import TRAIN
from tf1_compat.models.modes import check_mode

_V1 = tf.compat.v1
GO = EOS = PAD = 0


@dataclasses.dataclass(frozen=True)
class HParams:
  """Reference configuration (slides 001, contrib.seq2seq section)."""
  vocab_size: int = 11
  embedding_size: int = 30
  num_units: int = 50
  num_layers: int = 2
  batch_size: int = 64
  learning_rate: float = 0.001
  max_decode_steps: int = 20
  attention: Literal["none", "luong", "bahdanau"] = "none"
  attention_layer_size: int = 50
  beam_width: int = dataclasses.field(
      default=0, metadata={"min": 0, "help": "beam width (0: greedy decoding)"})
  length_penalty_weight: float = dataclasses.field(
      default=0.0, metadata={"min": 0.0, "help": "beam length penalty alpha"})

  def __post_init__(self):
    _validation.check_hparams(self)


class TrainEndpoints(NamedTuple):
  encoder_inputs: tf.Tensor    # `[batch, time]` int32, padded with PAD.
  encoder_length: tf.Tensor    # `[batch]` int32.
  decoder_inputs: tf.Tensor    # `[batch, time]`: GO + targets[:-1].
  decoder_targets: tf.Tensor   # `[batch, time]`: targets ending with EOS.
  decoder_length: tf.Tensor    # `[batch]` int32, EOS included.
  logits: tf.Tensor            # `[batch, time, vocab]`.
  loss: tf.Tensor
  token_accuracy: tf.Tensor    # Teacher-forced, over the unmasked targets.
  train_op: tf.Operation
  global_step: tf.Variable
  summaries: tf.Tensor


class InferenceEndpoints(NamedTuple):
  encoder_inputs: tf.Tensor
  encoder_length: tf.Tensor
  predicted_ids: tf.Tensor     # `[batch, steps]` int32 (the best beam).
  lengths: tf.Tensor           # `[batch]` decoded lengths, EOS included.
  alignments: Optional[tf.Tensor]  # `[batch, steps, encoder time]` or None.


def _embeddings(hparams):
  init = _V1.truncated_normal_initializer(stddev=0.1)
  shape = [hparams.vocab_size, hparams.embedding_size]
  return (_V1.get_variable("encoder_embedding_matrix", shape, initializer=init),
          _V1.get_variable("decoder_embedding_matrix", shape, initializer=init))


def _stack(hparams):
  return rnn.MultiRNNCell([rnn.BasicLSTMCell(hparams.num_units)
                           for _ in range(hparams.num_layers)])


def _encode(hparams, embedding, encoder_inputs, encoder_length):
  with _V1.variable_scope("encoder"):
    outputs, state = rnn.dynamic_rnn(
        _stack(hparams), tf.nn.embedding_lookup(embedding, encoder_inputs),
        sequence_length=encoder_length, dtype=tf.float32, scope="seq2seq_encoder")
  return outputs, state


def _decoder_cell(hparams, memory, memory_length, encoder_state, batch_size,
                  multiplier=1):
  """The decoder cell and its initial state, tiled `multiplier` times for beams."""
  cell = _stack(hparams)
  if multiplier > 1:
    memory = seq2seq.tile_batch(memory, multiplier)
    memory_length = seq2seq.tile_batch(memory_length, multiplier)
    encoder_state = seq2seq.tile_batch(encoder_state, multiplier)
  if hparams.attention == "none":
    return cell, encoder_state
  mechanism_cls = {"luong": seq2seq.LuongAttention,
                   "bahdanau": seq2seq.BahdanauAttention}[hparams.attention]
  mechanism = mechanism_cls(hparams.num_units, memory,
                            memory_sequence_length=memory_length)
  cell = seq2seq.AttentionWrapper(
      cell, mechanism, attention_layer_size=hparams.attention_layer_size,
      alignment_history=multiplier == 1)
  initial = cell.zero_state(batch_size * multiplier, tf.float32).clone(
      cell_state=encoder_state)
  return cell, initial


def build(hparams=HParams(), mode=TRAIN, graph=None, reuse=None, scope="seq2seq",
          optimizer_wrapper=None):
  """Adds the model to `graph` (default: the current one); returns its endpoints.

  Args:
    hparams: an `HParams`.
    mode: `TRAIN` for the teacher-forced training graph (`TrainEndpoints`);
      `EVAL` or `INFER` for the greedy (`beam_width=0`) or beam-search decoding
      graph (`InferenceEndpoints`), which shares the training graph's variables
      when built after it in the same graph, and creates them when built alone
      (e.g. to restore a checkpoint for decoding).
    graph: the `tf.Graph` to build into; None means the default graph.
    reuse: (`TRAIN`) True or `tf.AUTO_REUSE` to share an earlier build's weights.
    scope: the outer variable scope.
    optimizer_wrapper: (`TRAIN`) `Optimizer -> Optimizer`, applied to the
      model's optimizer before it makes `train_op` (synchronous distributed
      training wraps it in `tf.compat.v1.train.SyncReplicasOptimizer`); None
      keeps the optimizer as it is.
  """
  check_mode(mode, "seq2seq.build")
  if mode != TRAIN:
    return _build_inference(hparams, graph, scope)
  graph = graph or _V1.get_default_graph()
  with graph.as_default():
    global_step = _V1.train.get_or_create_global_step()
  with graph.as_default(), _V1.variable_scope(scope, reuse=reuse):
    encoder_inputs = _V1.placeholder(tf.int32, [None, None], name="encoder_inputs")
    encoder_length = _V1.placeholder(tf.int32, [None], name="encoder_length")
    decoder_inputs = _V1.placeholder(tf.int32, [None, None], name="decoder_inputs")
    decoder_targets = _V1.placeholder(tf.int32, [None, None], name="decoder_targets")
    decoder_length = _V1.placeholder(tf.int32, [None], name="decoder_length")
    encoder_embedding, decoder_embedding = _embeddings(hparams)
    memory, encoder_state = _encode(hparams, encoder_embedding, encoder_inputs,
                                    encoder_length)
    batch_size = tf.shape(encoder_inputs)[0]
    with _V1.variable_scope("decoder") as decoder_scope:
      cell, initial_state = _decoder_cell(hparams, memory, encoder_length,
                                          encoder_state, batch_size)
      helper = seq2seq.TrainingHelper(
          tf.nn.embedding_lookup(decoder_embedding, decoder_inputs),
          decoder_length)
      decoder = seq2seq.BasicDecoder(cell, helper, initial_state,
                                     output_layer=layers.Dense(hparams.vocab_size))
      outputs, _, _ = seq2seq.dynamic_decode(decoder, scope=decoder_scope)
    logits = outputs.rnn_output
    mask = tf.sequence_mask(decoder_length, maxlen=tf.shape(logits)[1],
                            dtype=tf.float32)
    targets = decoder_targets[:, :tf.shape(logits)[1]]
    loss = seq2seq.sequence_loss(logits, targets, mask)
    optimizer = _V1.train.AdamOptimizer(hparams.learning_rate)
    if optimizer_wrapper is not None:
      optimizer = optimizer_wrapper(optimizer)
    train_op = optimizer.minimize(loss, global_step=global_step)
    correct = tf.cast(tf.equal(tf.argmax(logits, -1, output_type=tf.int32),
                               targets), tf.float32)
    token_accuracy = tf.reduce_sum(correct * mask) / tf.reduce_sum(mask)
    summaries = _V1.summary.merge([
        _V1.summary.scalar("loss", loss),
        _V1.summary.scalar("token_accuracy", token_accuracy),
    ] + [_V1.summary.histogram(v.op.name, v) for v in _V1.trainable_variables(
        scope=_V1.get_variable_scope().name)])
  return TrainEndpoints(encoder_inputs=encoder_inputs, encoder_length=encoder_length,
                        decoder_inputs=decoder_inputs, decoder_targets=decoder_targets,
                        decoder_length=decoder_length, logits=logits, loss=loss,
                        token_accuracy=token_accuracy, train_op=train_op, global_step=global_step,
                        summaries=summaries)


def _build_inference(hparams, graph, scope):
  """The greedy or beam-search decoding graph (see `build`)."""
  graph = graph or _V1.get_default_graph()
  with graph.as_default(), _V1.variable_scope(scope, reuse=_V1.AUTO_REUSE):
    encoder_inputs = _V1.placeholder(tf.int32, [None, None], name="infer_inputs")
    encoder_length = _V1.placeholder(tf.int32, [None], name="infer_length")
    encoder_embedding, decoder_embedding = _embeddings(hparams)
    memory, encoder_state = _encode(hparams, encoder_embedding, encoder_inputs,
                                    encoder_length)
    batch_size = tf.shape(encoder_inputs)[0]
    start_tokens = tf.fill([batch_size], GO)
    beam = hparams.beam_width
    with _V1.variable_scope("decoder") as decoder_scope:
      cell, initial_state = _decoder_cell(hparams, memory, encoder_length,
                                          encoder_state, batch_size,
                                          multiplier=max(beam, 1))
      output_layer = layers.Dense(hparams.vocab_size)
      if beam:
        decoder = seq2seq.BeamSearchDecoder(
            cell, decoder_embedding, start_tokens, EOS, initial_state, beam,
            output_layer=output_layer,
            length_penalty_weight=hparams.length_penalty_weight)
      else:
        helper = seq2seq.GreedyEmbeddingHelper(decoder_embedding, start_tokens, EOS)
        decoder = seq2seq.BasicDecoder(cell, helper, initial_state,
                                       output_layer=output_layer)
      outputs, final_state, lengths = seq2seq.dynamic_decode(
          decoder, impute_finished=not beam,
          maximum_iterations=hparams.max_decode_steps, scope=decoder_scope)
    alignments = None
    if beam:
      predicted_ids = outputs.predicted_ids[:, :, 0]
      lengths = final_state.lengths[:, 0]
    else:
      predicted_ids = outputs.sample_id
      if hparams.attention != "none":
        alignments = tf.transpose(final_state.alignment_history.stack(), [1, 0, 2])
  return InferenceEndpoints(encoder_inputs=encoder_inputs,
                            encoder_length=encoder_length,
                            predicted_ids=predicted_ids, lengths=lengths,
                            alignments=alignments)
