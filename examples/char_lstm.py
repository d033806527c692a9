"""Character-level LSTM language model (the slides' Udacity `6_lstm` model).

Trains on text8 when `--text8=path/to/text8.zip` is given (27 characters, the first
1000 for validation), otherwise on this library's own source code (the min-char-rnn
idea), with the notebook's scheme: 64 cursors over 64 segments, 10 unrollings, state
carried across batches, SGD 10.0 decayed x0.1 every 5000 steps, gradients clipped to
1.25. Every `--log_every` steps it reports the mean loss and minibatch perplexity;
every `--sample_every` steps it prints sampled text and the validation perplexity.
The notebook reached a validation perplexity of 4.27 on text8 after 7001 steps.

`--model=cell` trains the same scheme on tf1_compat RNN cells (`--cell_type`,
`--num_layers`, `--unroll=static|dynamic`). `--sample_only` restores the latest
checkpoint and only generates text (`--prime`, `--temperature`).

  python -m examples.char_lstm [--text8=text8.zip] [--preset=reference] [--gpu]
"""

import dataclasses
import math
from typing import List, Optional

from absl import app
from absl import flags
from absl import logging
import numpy as np

from examples import common
from tf1_compat import training
from tf1_compat.data import text as text_data
from tf1_compat.models import char_lstm as model

_HPARAMS = common.define_hparam_flags(model.HParams)
_TEXT8 = flags.DEFINE_string(
    "text8", None, "Path to text8.zip; default corpus: this library's source.")
_MAX_CHARS = flags.DEFINE_integer(
    "max_chars", None, "Read only this many characters of the corpus.")
_NUM_SAMPLES = flags.DEFINE_integer("num_samples", 5, "Sentences per sampling.")
_SAMPLE_LENGTH = flags.DEFINE_integer("sample_length", 80,
                                      "Characters per sampled sentence.")
_PRIME = flags.DEFINE_string("prime", "", "Text fed to the sampler before sampling.")
_TEMPERATURE = flags.DEFINE_float("temperature", 1.0, "Softmax temperature.")
_SAMPLE_ONLY = flags.DEFINE_bool(
    "sample_only", False, "Restore the latest checkpoint and only generate text.")
PRESETS = {"quick": common.Preset(7001), "reference": common.Preset(7001)}


@dataclasses.dataclass(frozen=True)
class Result:
  loss: float
  losses: List[float]
  outcome: Optional[training.Outcome]
  minibatch_perplexity: float
  validation_perplexity: float
  unigram_perplexity: float
  samples: List[str]
  corpus: str
  checkpoint: Optional[str]
  logdir: Optional[str]


@dataclasses.dataclass(frozen=True)
class Corpus:
  name: str
  train: str
  valid: str
  vocabulary: text_data.Vocabulary


def load_corpus(text8=None, max_chars=None):
  """text8 from its zip, or the library's own source text, split as the notebook."""
  if text8:
    text = text_data.read_text8(text8, max_chars=max_chars)
    vocabulary = text_data.TEXT8_VOCABULARY
    name = "text8 (%s, %d chars)" % (text8, len(text))
  else:
    text = text_data.own_source_text()
    if max_chars:
      text = text[:max_chars]
    vocabulary = text_data.Vocabulary.from_text(text)
    name = "tf1_compat source code (%d chars, %d symbols)" % (len(text),
                                                              vocabulary.size)
  split = text_data.split_text(text)
  return Corpus(name=name, train=split.train, valid=split.valid,
                vocabulary=vocabulary)


def _one_hot(vocabulary, index):
  row = np.zeros([1, vocabulary.size], np.float32)
  row[0, index] = 1.0
  return row


def _sample_id(distribution, rng):
  """Draws an id from a probability vector (renormalized against rounding)."""
  p = np.asarray(distribution, np.float64)
  return int(rng.choice(len(p), p=p / p.sum()))


def generate(session, sampler, vocabulary, length, rng, prime="", temperature=1.0):
  """A sampled string of `length` characters, continuing `prime` if given.

  Without a prime the first character is drawn from a random distribution, as the
  notebook did.
  """
  session.run(sampler.reset_state)
  feed = {sampler.temperature: temperature}
  prediction = rng.uniform(0.0, 1.0, vocabulary.size)
  for index in vocabulary.encode(prime):
    feed[sampler.sample_input] = _one_hot(vocabulary, index)
    prediction = session.run(sampler.prediction, feed)[0]
  text = prime
  while len(text) < len(prime) + length:
    index = _sample_id(prediction, rng)
    text += vocabulary.id2char(index)
    feed[sampler.sample_input] = _one_hot(vocabulary, index)
    prediction = session.run(sampler.prediction, feed)[0]
  return text


def validation_perplexity(session, sampler, corpus):
  """exp(mean cross-entropy) of the sampler over the validation text, one char a step."""
  ids = corpus.vocabulary.encode(corpus.valid)
  session.run(sampler.reset_state)
  total = 0.0
  for current, following in zip(ids[:-1], ids[1:]):
    prediction = session.run(sampler.prediction, {
        sampler.sample_input: _one_hot(corpus.vocabulary, current)})[0]
    total -= math.log(max(float(prediction[following]), 1e-10))
  return math.exp(total / max(len(ids) - 1, 1))


def _counts(corpus):
  return np.bincount(corpus.vocabulary.encode(corpus.train),
                     minlength=corpus.vocabulary.size)


def run(hparams=None, device="auto", seed=0, preset="quick", num_steps=None,
        log_every=None, logdir=None, checkpoint_dir=None, checkpoint_every=None,
        export_dir=None, text8=None, max_chars=None, sample_every=1000,
        num_samples=5, sample_length=80, prime="", temperature=1.0,
        sample_only=False):
  """Trains (or, with `sample_only`, samples from) the model; returns a `Result`.

  Checkpoints carry the batch generator's cursors and the sampling RNG (the LSTM
  state carried between batches is a variable, saved with the weights), so a
  resumed run continues exactly as an uninterrupted one would.
  """
  device = training.resolve_device(device)
  try:
    corpus = load_corpus(text8, max_chars)
  except ValueError as error:
    raise common.DataError(str(error)) from None
  logging.info("corpus: %s", corpus.name)
  hparams = hparams or common.preset_hparams(model.HParams, PRESETS, preset)
  hparams = dataclasses.replace(hparams, vocabulary_size=corpus.vocabulary.size)
  num_steps = num_steps or PRESETS[preset].num_steps
  log_every = log_every or 100
  checkpoint_every = checkpoint_every or 1000
  rng = np.random.default_rng(seed)
  try:
    batches = text_data.BatchGenerator(corpus.train, hparams.batch_size,
                                       hparams.num_unrollings, corpus.vocabulary)
  except ValueError as error:
    raise common.DataError(str(error)) from None

  def build():
    return (model.build(hparams), model.build_sampler(hparams),
            model.build_generator(hparams, corpus.vocabulary.chars))

  window_loss, minibatch_perplexity, samples = [], float("nan"), []
  losses = []
  outcome = None
  with common.session_for(build, device, seed, checkpoint_dir, logdir,
                          export_dir) as run_session:
    session = run_session.session
    train, sampler, generator = run_session.built
    if sample_only and not run_session.restored:
      raise FileNotFoundError("--sample_only needs a checkpoint in --checkpoint_dir, "
                              "found none in %r" % (checkpoint_dir,))
    if run_session.state:
      batches.restore(text_data.BatchGeneratorState(*run_session.state["batches"]))
      rng.bit_generator.state = run_session.state["sample_rng"]
    first = int(session.run(train.global_step))
    progress = training.Progress(first, num_steps)

    def sample_and_validate(step):
      samples[:] = [generate(session, sampler, corpus.vocabulary, sample_length,
                             rng, prime, temperature) for _ in range(num_samples)]
      logging.info("samples at step %d:\n%s", step, "\n".join(
          "  | " + s.replace("\n", "\u23ce") for s in samples))
      valid = validation_perplexity(session, sampler, corpus)
      logging.info("validation perplexity at step %d: %.2f", step, valid)
      run_session.add_scalar("validation_perplexity", valid, step)

    def step_fn(step):
      nonlocal minibatch_perplexity
      feed = dict(zip(train.train_data, batches.next()))
      if step % log_every:
        _, loss = session.run([train.train_op, train.loss], feed)
      else:
        _, loss, predictions, learning_rate, summary = session.run(
            [train.train_op, train.loss, train.prediction, train.learning_rate,
             train.summaries], feed)
        run_session.add_summary(summary, step)
      window_loss.append(loss)
      if step % log_every == 0:
        labels = np.concatenate(list(feed.values())[1:]).astype(bool)
        minibatch_perplexity = float(np.exp(-np.mean(np.log(np.maximum(
            predictions[labels], 1e-10)))))
        logging.info(progress.line(step, loss=np.mean(window_loss),
                                   lr=learning_rate, ppl=minibatch_perplexity))
        window_loss.clear()
      if step % sample_every == 0:
        sample_and_validate(step)
      losses.append(float(loss))
      return loss

    if not sample_only:
      outcome = training.run_steps(
          session, first, num_steps, step_fn, run_session.checkpointer,
          checkpoint_every, lambda: {"batches": batches.state(),
                                     "sample_rng": rng.bit_generator.state})
    samples = [generate(session, sampler, corpus.vocabulary, sample_length, rng,
                        prime, temperature) for _ in range(num_samples)]
    valid = validation_perplexity(session, sampler, corpus)
    common.export(run_session, export_dir, {
        "generate": ({"prefix": generator.prefix, "length": generator.length,
                      "temperature": generator.temperature},
                     {"next_char_probabilities": generator.next_char_probabilities,
                      "continuation": generator.continuation})})
  return Result(minibatch_perplexity=minibatch_perplexity,
                validation_perplexity=valid,
                unigram_perplexity=model.unigram_perplexity(_counts(corpus)),
                loss=outcome.loss if outcome else float("nan"), losses=losses,
                outcome=outcome, samples=samples, corpus=corpus.name,
                checkpoint=run_session.checkpointer.latest(), logdir=logdir)


def main(argv):
  if len(argv) > 1:
    raise app.UsageError("unexpected arguments: %s" % " ".join(argv[1:]))
  hparams = common.hparams_from_flags(model.HParams, _HPARAMS, PRESETS)
  result = common.run_or_exit(
      run, hparams=hparams, text8=_TEXT8.value, max_chars=_MAX_CHARS.value,
      sample_every=common.SAMPLE_EVERY.value or 1000,
      num_samples=_NUM_SAMPLES.value,
      sample_length=_SAMPLE_LENGTH.value, prime=_PRIME.value,
      temperature=_TEMPERATURE.value, sample_only=_SAMPLE_ONLY.value,
      **common.common_kwargs())
  print("char-LSTM (%s) on %s, %s" % (hparams.model, result.corpus,
                                     common.describe_outcome(result.outcome)))
  print("  validation perplexity: %.2f (unigram baseline %.2f)"
        % (result.validation_perplexity, result.unigram_perplexity))
  print("  minibatch perplexity:  %.2f" % result.minibatch_perplexity)
  print("  samples:")
  for sample in result.samples:
    print("    | " + sample.replace("\n", "\u23ce"))
  common.print_locations(result, common.EXPORT_DIR.value)


if __name__ == "__main__":
  app.run(main)
