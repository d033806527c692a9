"""Trains the four course models with their default (quick) runs; writes the README table.

This is the measurement behind the numbers quoted in the README, not a test: it takes
several minutes per model on two CPU cores. Each job calls an example's `run()` with
what a user's default command line gives it, checks the acceptance bar it is held
to, and becomes one row of the README's results table:

  python -m benchmarks.course_models --readme=README.md   # all jobs, README updated
  python -m benchmarks.course_models --jobs=linear,char [--json=results.json]

With `--readme`, the table between the `<!-- course-results:begin -->` and
`<!-- course-results:end -->` markers is replaced by the rows of this run (every
job must have run, so the table never mixes two runs).
"""

import dataclasses
import json
import re
import time

from absl import app
from absl import flags
from absl import logging

from examples import char_lstm
from examples import common
from examples import lenet
from examples import linear_regression
from examples import seq2seq
from tf1_compat import training

_ALL = ("linear", "lenet", "char", "seq2seq", "copy", "copy_plain")
_JOBS = flags.DEFINE_list(
    "jobs", ",".join(_ALL),
    "Which runs: linear, lenet, char, seq2seq, beam, copy (attention), "
    "copy_plain (no attention, for contrast).")
_JSON = flags.DEFINE_string("json", None, "Also write the results here.")
_README = flags.DEFINE_string(
    "readme", None, "Rewrite the results table of this README (all jobs needed).")
BEGIN = "<!-- course-results:begin -->"
END = "<!-- course-results:end -->"
COPY_STEPS = 6000


def _linear():
  r = linear_regression.run()
  return {"k": r.k, "b": r.b, "steps": r.outcome.steps_done,
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


def _seq2seq(threshold, num_steps=None, **kwargs):
  """A seq2seq run held to `threshold` exact match (None: reported for contrast)."""
  def job():
    r = seq2seq.run(config=training.RunConfig(num_steps=num_steps), **kwargs)
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
    "copy": _seq2seq(0.95, copy=True, num_steps=COPY_STEPS,
                     hparams=_quick(attention="luong")),
    "copy_plain": _seq2seq(None, copy=True, num_steps=COPY_STEPS, hparams=_quick()),
}


def readme_rows(results):
  """The README's results table (Markdown lines) from a run of every job."""
  lr, le, ch = results["linear"], results["lenet"], results["char"]
  s2s, copy, plain = results["seq2seq"], results["copy"], results["copy_plain"]
  lenet_data = ("synthetic digits" if le["data"] == "synthetic digits"
                else "MNIST")
  return [
      "| Run | Result |",
      "|---|---|",
      "| linear regression, %d steps | k = %.3f, b = %.3f |" % (
          lr["steps"], lr["k"], lr["b"]),
      "| LeNet (slides' CNN) on %s, %d steps | %.2f %% test accuracy (real MNIST, "
      "`--preset=reference`: the slides' ~99.2 %%) |" % (
          lenet_data, le["steps"], 100 * le["test_accuracy"]),
      "| char-LSTM (Udacity model) on the frozen default corpus (the library's "
      "source, version 0.1.0), %d steps | validation perplexity %.2f (unigram "
      "%.1f) |" % (ch["steps"], ch["validation_perplexity"],
                   ch["unigram_perplexity"]),
      "| seq2seq delete-odd, %d steps, greedy | %.1f %% exact-match sequences on "
      "1000 fresh inputs |" % (s2s["steps"], 100 * s2s["exact_match"]),
      "| delete-odd-and-copy-twice, %d steps (Adam 3e-3) | %.1f %% with "
      "`--attention=luong`; %.1f %% without attention |" % (
          copy["steps"], 100 * copy["exact_match"], 100 * plain["exact_match"]),
  ]


def update_readme(path, rows):
  """Replaces the table between `BEGIN` and `END` in `path` with `rows`."""
  with open(path, encoding="utf-8") as f:
    text = f.read()
  pattern = re.compile(re.escape(BEGIN) + r"\n.*?" + re.escape(END), re.S)
  if not pattern.search(text):
    raise ValueError("%s: expected the markers %s ... %s around the results table"
                     % (path, BEGIN, END))
  text = pattern.sub(lambda _: "\n".join([BEGIN, *rows, END]), text)
  with open(path, "w", encoding="utf-8") as f:
    f.write(text)


def main(argv):
  del argv
  jobs = _JOBS.value
  if _README.value and set(_ALL) - set(jobs):
    raise app.UsageError("--readme needs the jobs %s" % ",".join(_ALL))
  results = {}
  for name in jobs:
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
  if _README.value:
    update_readme(_README.value, readme_rows(results))
    print("updated the results table of %s" % _README.value)


if __name__ == "__main__":
  app.run(main)
