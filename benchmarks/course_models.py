"""Trains the four course models with their default (quick) runs and reports results.

This is the measurement behind the numbers quoted in the README, not a test: it takes
several minutes per model on two CPU cores. Each job calls an example's `run()` with
the flags a user would pass, then checks the acceptance bar it is held to.

  python -m benchmarks.course_models [--jobs=linear,lenet,char,seq2seq,copy]
      [--json=results.json]
"""

import dataclasses
import json
import time

from absl import app
from absl import flags
from absl import logging

from examples import char_lstm
from examples import common
from examples import lenet
from examples import linear_regression
from examples import seq2seq

_JOBS = flags.DEFINE_list(
    "jobs", "linear,lenet,char,seq2seq,copy,copy_plain",
    "Which runs: linear, lenet, char, seq2seq, beam, copy (attention), "
    "copy_plain (no attention, for contrast).")
_JSON = flags.DEFINE_string("json", None, "Also write the results here.")


def _linear():
  r = linear_regression.run()
  return {"k": r.k, "b": r.b,
          "bar": "|k-3| < 0.05 and |b+1| < 0.05",
          "pass": abs(r.k - 3) < 0.05 and abs(r.b + 1) < 0.05}


def _lenet():
  r = lenet.run(data_dir="MNIST_data", synthetic="if_missing")
  return {"data": r.data, "steps": r.outcome.steps_done, "test_accuracy": r.test_accuracy,
          "bar": "test accuracy >= 0.98", "pass": r.test_accuracy >= 0.98}


def _char():
  r = char_lstm.run()
  return {"corpus": r.corpus, "steps": r.outcome.steps_done,
          "validation_perplexity": r.validation_perplexity,
          "unigram_perplexity": r.unigram_perplexity, "samples": r.samples,
          "bar": "validation perplexity < unigram perplexity",
          "pass": r.validation_perplexity < r.unigram_perplexity}


def _seq2seq(threshold, **kwargs):
  """A seq2seq run held to `threshold` exact match (None: reported for contrast)."""
  def job():
    r = seq2seq.run(**kwargs)
    return {"task": r.task, "steps": r.outcome.steps_done, "exact_match": r.accuracy,
            "token_accuracy": r.token_accuracy,
            "bar": ("exact match >= %.2f" % threshold if threshold is not None
                    else "reported for contrast"),
            "pass": threshold is None or r.accuracy >= threshold}
  return job


def _quick(**overrides):
  """The seq2seq example's default (quick preset) hyperparameters, changed."""
  base = common.preset_hparams(seq2seq.model.HParams, seq2seq.PRESETS, "quick")
  return dataclasses.replace(base, **overrides)


_RUNS = {
    "linear": _linear,
    "lenet": _lenet,
    "char": _char,
    "seq2seq": _seq2seq(0.99),
    "beam": _seq2seq(0.99, hparams=_quick(beam_width=5)),
    "copy": _seq2seq(0.95, copy=True, num_steps=6000,
                     hparams=_quick(attention="luong")),
    "copy_plain": _seq2seq(None, copy=True, num_steps=6000, hparams=_quick()),
}


def main(argv):
  del argv
  results = {}
  for name in _JOBS.value:
    start = time.monotonic()
    results[name] = _RUNS[name]()
    results[name]["seconds"] = round(time.monotonic() - start, 1)
    logging.info("%s: %s", name, results[name])
  print("| job | result | bar | pass | seconds |")
  print("|---|---|---|---|---|")
  for name, result in results.items():
    shown = {k: (round(v, 4) if isinstance(v, float) else v)
             for k, v in result.items()
             if k not in ("bar", "pass", "seconds", "samples")}
    print("| %s | %s | %s | %s | %s |" % (name, shown, result["bar"],
                                         result["pass"], result["seconds"]))
  for sample in results.get("char", {}).get("samples", []):
    print("  sample | " + sample.replace("\n", "\u23ce"))
  if _JSON.value:
    with open(_JSON.value, "w", encoding="utf-8") as f:
      json.dump(results, f, indent=2)


if __name__ == "__main__":
  app.run(main)
