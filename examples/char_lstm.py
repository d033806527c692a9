"""Character-level LSTM language model (the slides' Udacity `6_lstm` model).

Trains on text8 when `--text8=path/to/text8.zip` is given (27 characters, the first
1000 for validation), otherwise on a fixed corpus shipped with the library: its own
source code as of version 0.1.0 (the min-char-rnn idea, frozen so that results do
not drift with the code). The notebook's scheme: 64 cursors over 64 segments, 10
unrollings, state carried across batches, SGD 10.0 decayed x0.1 every 5000 steps,
gradients clipped to 1.25. Every `--log_every` steps it reports the mean loss and
minibatch perplexity; every `--sample_every` steps it prints sampled text and the
validation perplexity. The notebook reached a validation perplexity of 4.27 on
text8 after 7001 steps.

`--model=cell` trains the same scheme on tf1_compat RNN cells (`--cell_type`,
`--num_layers`, `--unroll=static|dynamic`). `--eval_only` restores the latest
checkpoint and reports the validation perplexity and samples; `--sample_only`
only generates text (`--prime`, `--temperature`). Neither writes to the
checkpoint folder.

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

# The vocabulary size is the corpus's, so it is no flag.
_HPARAMS = common.define_hparam_flags(model.HParams, derived=("vocabulary_size",))
_TEXT8 = flags.DEFINE_string(
    "text8", None, "Path to text8.zip; default corpus: this library's source "
    "(frozen at version 0.1.0).")
_MAX_CHARS = flags.DEFINE_integer(
    "max_chars", None, "Read only this many characters of the corpus.")
_NUM_SAMPLES = flags.DEFINE_integer("num_samples", 5, "Sentences per sampling.")
_SAMPLE_LENGTH = flags.DEFINE_integer("sample_length", 80,
                                      "Characters per sampled sentence.")
_PRIME = flags.DEFINE_string("prime", "", "Text fed to the sampler before sampling.")
_TEMPERATURE = flags.DEFINE_float(
    "temperature", 1.0, "Softmax temperature (> 0; below 1 is more conservative).")
_SAMPLE_ONLY = flags.DEFINE_bool(
    "sample_only", False, "Restore the latest checkpoint and only generate text.")
flags.register_validator(_TEXT8.name, common.non_empty,
                         "must name a zip file (omit the flag for the default "
                         "corpus)")
flags.register_validator(_MAX_CHARS.name, common.positive_or_unset,
                         "must be a positive integer")
flags.register_validator(_NUM_SAMPLES.name, lambda v: v >= 0,
                         "must be a non-negative integer")
flags.register_validator(_SAMPLE_LENGTH.name, common.positive_or_unset,
                         "must be a positive integer")
flags.register_validator(_TEMPERATURE.name, lambda v: 0 < v < math.inf,
                         "must be a positive, finite number")
# After the hyperparameter flags, so that --help lists them too.
flags.adopt_module_key_flags(common)
PRESETS = {"quick": common.Preset(7001), "reference": common.Preset(7001)}
# Peak bytes the pipeline holds per corpus character: the text, its split, and
# the int64 look-ups of `Vocabulary.encode`.
_BYTES_PER_CHAR = 24


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


@dataclasses.dataclass(frozen=True)
class Corpus:
  name: str
  train: str
  valid: str
  vocabulary: text_data.Vocabulary


def load_corpus(text8=None, max_chars=None):
  """text8 from its zip, or the frozen default corpus, split as the notebook."""
  if text8:
    text = text_data.read_text8(text8, max_chars=max_chars,
                                memory_limit=training.memory.available_bytes(),
                                bytes_per_char=_BYTES_PER_CHAR)
    vocabulary = text_data.TEXT8_VOCABULARY
    name = "text8 (%s, %d chars)" % (text8, len(text))
  else:
    text = text_data.default_corpus()
    if max_chars:
      text = text[:max_chars]
    vocabulary = text_data.Vocabulary.from_text(text)
    name = "%s (%d chars, %d symbols)" % (text_data.DEFAULT_CORPUS_NAME, len(text),
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


def _check_prime(prime, vocabulary):
  outside = sorted(set(prime) - set(vocabulary.chars))
  if outside:
    raise common.DataError(
        "prime %r: expected only characters of the corpus vocabulary (%d "
        "symbols), found %d outside it: %s" % (
            prime, vocabulary.size, len(outside), "".join(outside)))


def run(hparams=None, config=training.RunConfig(), text8=None, max_chars=None,
        sample_every=1000, num_samples=5, sample_length=80, prime="",
        temperature=1.0, sample_only=False):
  """Trains (or, with `config.eval_only` or `sample_only`, samples from) the model.

  Checkpoints carry the batch generator's cursors and the sampling RNG (the LSTM
  state carried between batches is a variable, saved with the weights), so a
  resumed run continues exactly as an uninterrupted one would. With
  `sample_only` the run restores the latest checkpoint and only generates text
  (its validation perplexity is NaN).

  Returns:
    A `Result`.
  """
  device = training.resolve_device(config.device)
  if not temperature > 0:
    raise common.DataError("temperature must be positive, got %r" % (temperature,))
  if sample_only:
    config = dataclasses.replace(config, eval_only=True)
  try:
    corpus = load_corpus(text8, max_chars)
  except (OSError, ValueError) as error:
    raise common.DataError(str(error)) from None
  logging.info("corpus: %s", corpus.name)
  _check_prime(prime, corpus.vocabulary)
  hparams = hparams or common.preset_hparams(model.HParams, PRESETS, "quick")
  hparams = dataclasses.replace(hparams, vocabulary_size=corpus.vocabulary.size)
  config = config.with_defaults(num_steps=PRESETS["quick"].num_steps,
                                log_every=100, checkpoint_every=1000)
  rng = np.random.default_rng(config.seed)
  try:
    batches = text_data.BatchGenerator(corpus.train, hparams.batch_size,
                                       hparams.num_unrollings, corpus.vocabulary)
  except ValueError as error:
    raise common.DataError(str(error)) from None

  def apply_state(state):
    batches.restore(text_data.BatchGeneratorState(*state["batches"]))
    rng.bit_generator.state = state["sample_rng"]

  def build(optimizer_wrapper=None):
    return (model.build(hparams, model.TRAIN, optimizer_wrapper=optimizer_wrapper),
            model.build(hparams, model.INFER),
            model.build_generator(hparams, corpus.vocabulary.chars))

  window_loss, minibatch_perplexity, samples = [], float("nan"), []
  losses = []
  outcome = None
  valid = float("nan")
  with training.open_session(build, config, apply_state, device) as run:
    session = run.session
    train, sampler, generator = run.built
    progress = training.Progress(run.global_step(), config.num_steps)

    def sample_and_validate(step):
      samples[:] = [generate(session, sampler, corpus.vocabulary, sample_length,
                             rng, prime, temperature) for _ in range(num_samples)]
      logging.info("samples at step %d:\n%s", step, "\n".join(
          "  | " + s.replace("\n", "\u23ce") for s in samples))
      valid = validation_perplexity(session, sampler, corpus)
      logging.info("validation perplexity at step %d: %.2f", step, valid)
      run.add_scalar("validation_perplexity", valid, step)

    def step_fn(step):
      nonlocal minibatch_perplexity
      feed = dict(zip(train.train_data, batches.next()))
      if step % config.log_every:
        _, loss = session.run([train.train_op, train.loss], feed)
      else:
        _, loss, predictions, learning_rate, summary = session.run(
            [train.train_op, train.loss, train.prediction, train.learning_rate,
             train.summaries], feed)
        run.add_summary(summary, step)
      window_loss.append(loss)
      if step % config.log_every == 0:
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

    if not config.eval_only:
      outcome = run.train(step_fn, lambda: {"batches": batches.state(),
                                            "sample_rng": rng.bit_generator.state})
    samples = [generate(session, sampler, corpus.vocabulary, sample_length, rng,
                        prime, temperature) for _ in range(num_samples)]
    if not sample_only:
      valid = validation_perplexity(session, sampler, corpus)
    run.export({
        "generate": ({"prefix": generator.prefix, "length": generator.length,
                      "temperature": generator.temperature},
                     {"next_char_probabilities": generator.next_char_probabilities,
                      "continuation": generator.continuation})})
  return Result(minibatch_perplexity=minibatch_perplexity,
                validation_perplexity=valid,
                unigram_perplexity=model.unigram_perplexity(_counts(corpus)),
                loss=outcome.loss if outcome else float("nan"), losses=losses,
                outcome=outcome, samples=samples, corpus=corpus.name,
                checkpoint=run.checkpointer.latest())


def _shown(value):
  return "%.2f" % value if np.isfinite(value) else "n/a"


def main(argv):
  if len(argv) > 1:
    raise app.UsageError("unexpected arguments: %s" % " ".join(argv[1:]))
  hparams = common.hparams_from_flags(model.HParams, _HPARAMS, PRESETS)
  with common.one_line_errors():
    config = common.run_config(PRESETS)
    result = run(hparams, config, text8=_TEXT8.value, max_chars=_MAX_CHARS.value,
                 sample_every=common.SAMPLE_EVERY.value or 1000,
                 num_samples=_NUM_SAMPLES.value, sample_length=_SAMPLE_LENGTH.value,
                 prime=_PRIME.value, temperature=_TEMPERATURE.value,
                 sample_only=_SAMPLE_ONLY.value)
  print("char-LSTM (%s) on %s, %s" % (hparams.model, result.corpus,
                                     common.describe_outcome(result.outcome)))
  print("  validation perplexity: %s (unigram baseline %.2f)"
        % (_shown(result.validation_perplexity), result.unigram_perplexity))
  print("  minibatch perplexity:  %s" % _shown(result.minibatch_perplexity))
  print("  samples:")
  for sample in result.samples:
    print("    | " + sample.replace("\n", "\u23ce"))
  common.print_locations(config, result.checkpoint)


if __name__ == "__main__":
  common.run_program(main)
