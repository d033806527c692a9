"""seq2seq on the slides' toy task: delete the odd numbers from a sequence.

Inputs mix 1..11 odd and 1..11 even numbers from 1..10; the target is the even
numbers in order, then EOS (0, also PAD and GO). Embeddings 30, 2-layer
BasicLSTMCell(50) encoder and decoder, TrainingHelper + BasicDecoder for training,
greedy decoding (or `--beam_width=K` beam search) for inference, Adam, batch 64. The
course saw exact outputs on its samples after ~1500 batches.

Presets: `quick` (default) trains 10000 steps with Adam 3e-3, enough for >= 99 %
exact-match sequences (about 4 minutes on two CPU cores); `reference` is the
slides' Adam 1e-3 for 3000 steps.

`--copy` asks for the even numbers twice; plain seq2seq struggles with that and
`--attention=luong|bahdanau` solves it. Every `--sample_every` steps three decoded
samples are shown; the run ends with the exact-match accuracy on `--eval_samples`
fresh sequences.

`--eval_only` restores the latest checkpoint and only measures the accuracy.

  python -m examples.seq2seq [--copy --attention=luong] [--beam_width=5]
"""

import dataclasses
from typing import List, Optional

from absl import app
from absl import flags
from absl import logging
import numpy as np
import tensorflow as tf

from examples import common
from tf1_compat import training
from tf1_compat.data import delete_odd
from tf1_compat.models import seq2seq as model

_V1 = tf.compat.v1
_HPARAMS = common.define_hparam_flags(model.HParams)
_COPY = flags.DEFINE_bool("copy", False,
                          "Target: the even numbers twice (needs attention).")
_EVAL_SAMPLES = flags.DEFINE_integer("eval_samples", 1000,
                                     "Fresh sequences for the final accuracy.")
flags.register_validator(_EVAL_SAMPLES.name, common.positive_or_unset,
                         "must be a positive integer")
# After the hyperparameter flags, so that --help lists them too.
flags.adopt_module_key_flags(common)
PRESETS = {
    "quick": common.Preset(10000, {"learning_rate": 0.003}),
    "reference": common.Preset(3000),
}
# Copying doubles the target: 2 * 11 evens + EOS must fit in the decoding cap.
COPY_DECODE_STEPS = delete_odd.MAX_LEN
_SAMPLE_SEED_OFFSET = 1_000_003
_EVAL_SEED_OFFSET = 2_000_003


@dataclasses.dataclass(frozen=True)
class Result:
  loss: float
  losses: List[float]
  outcome: Optional[training.Outcome]
  accuracy: float
  token_accuracy: float
  task: str
  checkpoint: Optional[str]


def exact_match(predicted, lengths, targets, target_lengths):
  """Per-sequence exact match (EOS included) and per-token accuracy.

  Args:
    predicted: int `[B, T_decoded]` decoded ids.
    lengths: int `[B]` decoded lengths (EOS included).
    targets: int `[B, T]` targets ending with EOS.
    target_lengths: int `[B]`.

  Returns:
    `(sequence accuracy, token accuracy)`, both in [0, 1].
  """
  width = max(predicted.shape[1], targets.shape[1])
  pad = lambda a: np.pad(a, [(0, 0), (0, width - a.shape[1])], constant_values=-1)
  predicted, targets = pad(predicted), pad(targets)
  mask = np.arange(width)[None, :] < target_lengths[:, None]
  token_hits = (predicted == targets) & mask
  sequences = token_hits.sum(1) == target_lengths
  sequences &= np.asarray(lengths) == target_lengths
  return float(sequences.mean()), float(token_hits.sum() / mask.sum())


def _decode(session, infer, batch):
  return session.run([infer.predicted_ids, infer.lengths],
                     {infer.encoder_inputs: batch.x, infer.encoder_length: batch.lx})


def evaluate(session, infer, rng, num_samples, copy, batch_size=250):
  """Exact-match and token accuracy over `num_samples` (>= 1) fresh sequences."""
  if num_samples < 1:
    raise ValueError("evaluate: expected num_samples >= 1, found %d" % num_samples)
  hits = tokens = 0.0
  done = 0
  while done < num_samples:
    n = min(batch_size, num_samples - done)
    batch = delete_odd.delete_odd_batch(n, rng, copy=copy)
    predicted, lengths = _decode(session, infer, batch)
    sequence_acc, token_acc = exact_match(predicted, lengths, batch.y, batch.ly)
    hits += sequence_acc * n
    tokens += token_acc * n
    done += n
  return hits / num_samples, tokens / num_samples


def _build(hparams, optimizer_wrapper=None):
  train = model.build(hparams, model.TRAIN, optimizer_wrapper=optimizer_wrapper)
  infer = model.build(hparams, model.INFER)
  alignment_image = None
  if infer.alignments is not None:
    alignment_image = _V1.summary.image(
        "attention_alignments", infer.alignments[:, :, :, None] * 255.0,
        max_outputs=3)
  return train, infer, alignment_image


def run(hparams=None, config=training.RunConfig(), copy=False, eval_samples=1000,
        sample_every=500):
  """Trains (or, with `config.eval_only`, evaluates) the model; returns a `Result`.

  Training batches come from a `RandomState(seed)` whose state is checkpointed;
  the final evaluation draws its own fresh sequences from a separate fixed seed,
  so a resumed run reports the same accuracy as an uninterrupted one.
  """
  device = training.resolve_device(config.device)
  hparams = hparams or common.preset_hparams(model.HParams, PRESETS, "quick")
  config = config.with_defaults(num_steps=PRESETS["quick"].num_steps,
                                log_every=100, checkpoint_every=1000)
  if hparams.vocab_size < delete_odd.VOCAB_SIZE:
    raise common.DataError(
        "vocab_size=%d is smaller than the delete-odd data's %d tokens (ids 0..%d)"
        % (hparams.vocab_size, delete_odd.VOCAB_SIZE, delete_odd.VOCAB_SIZE - 1))
  if copy and hparams.max_decode_steps < COPY_DECODE_STEPS:
    hparams = dataclasses.replace(hparams, max_decode_steps=COPY_DECODE_STEPS)
  train_rng = np.random.RandomState(config.data_seed)
  sample_rng = np.random.RandomState(config.seed + _SAMPLE_SEED_OFFSET)

  def apply_state(state):
    train_rng.set_state(state["train_rng"])
    sample_rng.set_state(state["sample_rng"])

  losses = []
  outcome = None
  def build(optimizer_wrapper=None):
    return _build(hparams, optimizer_wrapper)

  with training.open_session(build, config, apply_state, device) as run:
    train, infer, alignment_image = run.built
    progress = training.Progress(run.global_step(), config.num_steps)

    def step_fn(step):
      batch = delete_odd.delete_odd_batch(hparams.batch_size, train_rng, copy=copy)
      decoder = delete_odd.decoder_input_and_target(batch.y)
      feed = {train.encoder_inputs: batch.x, train.encoder_length: batch.lx,
              train.decoder_inputs: decoder.inputs,
              train.decoder_targets: decoder.targets,
              train.decoder_length: batch.ly}
      if step % config.log_every:
        loss, _ = run.session.run([train.loss, train.train_op], feed)
      else:
        loss, accuracy, _, summary = run.session.run(
            [train.loss, train.token_accuracy, train.train_op, train.summaries],
            feed)
        run.add_summary(summary, step)
        logging.info(progress.line(step, loss=loss, token_acc=accuracy))
      if step % sample_every == 0:
        samples = delete_odd.delete_odd_batch(3, sample_rng, copy=copy)
        predicted, _ = _decode(run.session, infer, samples)
        logging.info("step %d decoding samples\ninput:\n%s\nexpected:\n%s\n"
                     "decoded:\n%s", step, samples.x, samples.y, predicted)
        if alignment_image is not None:
          run.add_summary(run.session.run(alignment_image, {
              infer.encoder_inputs: samples.x,
              infer.encoder_length: samples.lx}), step)
      losses.append(float(loss))
      return loss

    if not config.eval_only:
      outcome = run.train(step_fn, lambda: {"train_rng": train_rng.get_state(),
                                            "sample_rng": sample_rng.get_state()})
    accuracy, token_accuracy = evaluate(
        run.session, infer,
        np.random.RandomState(config.seed + _EVAL_SEED_OFFSET), eval_samples, copy)
    run.add_scalar("exact_match", accuracy, run.global_step())
    run.export({
        "decode": ({"input_ids": infer.encoder_inputs,
                    "input_length": infer.encoder_length},
                   {"decoded_ids": infer.predicted_ids,
                    "decoded_length": infer.lengths})})
  task = "delete odds%s, %s%s" % (
      " and copy the evens twice" if copy else "",
      "no attention" if hparams.attention == "none" else hparams.attention + " attention",
      ", beam %d" % hparams.beam_width if hparams.beam_width else ", greedy")
  return Result(loss=outcome.loss if outcome else float("nan"), losses=losses,
                outcome=outcome, accuracy=accuracy, token_accuracy=token_accuracy,
                task=task, checkpoint=run.checkpointer.latest())


def main(argv):
  if len(argv) > 1:
    raise app.UsageError("unexpected arguments: %s" % " ".join(argv[1:]))
  hparams = common.hparams_from_flags(model.HParams, _HPARAMS, PRESETS)
  with common.one_line_errors():
    config = common.run_config(PRESETS)
    result = run(hparams, config, copy=_COPY.value, eval_samples=_EVAL_SAMPLES.value,
                 sample_every=common.SAMPLE_EVERY.value or 500)
  print("seq2seq (%s), %s" % (result.task, common.describe_outcome(result.outcome)))
  print("  exact-match accuracy: %.4f on %d fresh sequences (token accuracy %.4f)"
        % (result.accuracy, _EVAL_SAMPLES.value, result.token_accuracy))
  print("  last training loss:   %s" % (
      "%.4f" % result.loss if np.isfinite(result.loss) else "n/a (no training)"))
  common.print_locations(config, result.checkpoint)


if __name__ == "__main__":
  common.run_program(main)
