"""LeNet-style CNN on MNIST (the slides' model), or on synthetic digits offline.

The slides' network: two 5x5 conv + 2x2 max-pool layers (32 and 64 filters), fc 1024
with dropout (keep 0.5 in training), fc 10; Adam 1e-4, batch 50, 20000 steps;
~99.2 % test accuracy on MNIST. `--architecture=lenet5` selects classic LeNet-5.

Data: the four MNIST IDX files in `--data_dir` (gzipped or raw). When they are
absent the program trains on procedurally drawn digits and says so loudly
(`--synthetic=never` makes missing files an error instead).

Presets: `quick` (default) runs 2000 steps with learning rate 1e-3 — a few minutes on
two CPU cores; `reference` is the slides' exact configuration (20000 steps at 1e-4).

`--eval_only` restores the latest checkpoint and only reports the accuracies.

  python -m examples.lenet [--preset=reference] [--data_dir=MNIST_data]
      [--architecture=slides|lenet5] [--eval_only] [--checkpoint_dir=DIR] [--logdir=DIR]
"""

import dataclasses
from typing import List, Optional

from absl import app
from absl import flags
from absl import logging
import numpy as np

from examples import common
from tf1_compat import training
from tf1_compat.data import mnist
from tf1_compat.models import lenet as model

_HPARAMS = common.define_hparam_flags(model.HParams)
_DATA_DIR = flags.DEFINE_string("data_dir", "MNIST_data",
                                "Directory with the four MNIST IDX files.")
_SYNTHETIC = flags.DEFINE_enum(
    "synthetic", "if_missing", ["never", "if_missing", "always"],
    "When to train on synthetic digits instead of MNIST files.")
_VALIDATION_SIZE = flags.DEFINE_integer(
    "validation_size", 5000, "Training images held out (unshuffled) for validation.")
flags.register_validator(_DATA_DIR.name, common.non_empty,
                         "must name a directory (omit the flag for MNIST_data)")
flags.register_validator(_VALIDATION_SIZE.name, lambda v: v >= 0,
                         "must be a non-negative integer")
# After the hyperparameter flags, so that --help lists them too.
flags.adopt_module_key_flags(common)
PRESETS = {
    "quick": common.Preset(2000, {"learning_rate": 1e-3}),
    "reference": common.Preset(20000),
}
EVAL_BATCH = 50
VALIDATION_EXAMPLES = 1000


@dataclasses.dataclass(frozen=True)
class Result:
  test_accuracy: float
  validation_accuracy: float
  loss: float
  losses: List[float]
  outcome: Optional[training.Outcome]
  data: str
  checkpoint: Optional[str]


def _accuracy(session, endpoints, dataset, limit=None):
  """Accuracy over `dataset` (its first `limit` examples) in batches of 50."""
  count = dataset.num_examples if limit is None else min(limit, dataset.num_examples)
  correct = 0.0
  for start in range(0, count, EVAL_BATCH):
    stop = min(start + EVAL_BATCH, count)
    correct += session.run(endpoints.n_correct, {
        endpoints.images: dataset.images[start:stop],
        endpoints.labels: dataset.labels[start:stop]})
  return correct / max(count, 1)


def run(hparams=None, config=training.RunConfig(), data_dir="MNIST_data",
        synthetic="if_missing", validation_size=5000):
  """Trains (or, with `config.eval_only`, evaluates) the CNN; returns a `Result`.

  Checkpoints carry the training set's shuffle order, position and RNG state, and
  dropout masks are keyed on the global step, so a resumed run continues exactly
  as an uninterrupted one would.
  """
  device = training.resolve_device(config.device)
  hparams = hparams or common.preset_hparams(model.HParams, PRESETS, "quick")
  config = config.with_defaults(num_steps=PRESETS["quick"].num_steps,
                                log_every=100, checkpoint_every=1000)
  files_missing = bool(mnist.missing_mnist_files(data_dir))
  use_synthetic = synthetic == "always" or (synthetic == "if_missing" and files_missing)
  source = "synthetic digits" if use_synthetic else "MNIST"
  try:
    datasets = mnist.read_data_sets(data_dir, one_hot=True, seed=config.data_seed,
                                    validation_size=validation_size,
                                    synthetic=synthetic)
  except (OSError, ValueError) as error:
    raise common.DataError(str(error)) from None

  def apply_state(state):
    datasets.train.restore(mnist.DataSetState(**state["train"]))

  losses = []
  outcome = None
  def build(optimizer_wrapper=None):
    return model.build(hparams, model.TRAIN, optimizer_wrapper=optimizer_wrapper)

  with training.open_session(build, config, apply_state, device) as run:
    endpoints = run.built
    progress = training.Progress(run.global_step(), config.num_steps)

    def step_fn(step):
      images, labels = datasets.train.next_batch(hparams.batch_size)
      feed = {endpoints.images: images, endpoints.labels: labels,
              endpoints.keep_prob: hparams.keep_prob}
      if step % config.log_every:
        loss, _ = run.session.run([endpoints.loss, endpoints.train_op], feed)
      else:
        loss, _, summary = run.session.run(
            [endpoints.loss, endpoints.train_op, endpoints.summaries], feed)
        validation = _accuracy(run.session, endpoints, datasets.validation,
                               VALIDATION_EXAMPLES)
        logging.info(progress.line(step, loss=loss, val_acc=validation))
        run.add_summary(summary, step)
        run.add_scalar("validation_accuracy", validation, step)
      losses.append(float(loss))
      return loss

    if not config.eval_only:
      outcome = run.train(
          step_fn, lambda: {"train": dataclasses.asdict(datasets.train.state())})
    validation = _accuracy(run.session, endpoints, datasets.validation)
    test = _accuracy(run.session, endpoints, datasets.test)
    run.add_scalar("test_accuracy", test, run.global_step())
    run.export({
        "classify": ({"images": endpoints.images},
                     {"probabilities": endpoints.probabilities,
                      "classes": endpoints.predictions})})
  return Result(test_accuracy=float(test), validation_accuracy=float(validation),
                loss=outcome.loss if outcome else float("nan"), losses=losses,
                outcome=outcome, data=source, checkpoint=run.checkpointer.latest())


def main(argv):
  if len(argv) > 1:
    raise app.UsageError("unexpected arguments: %s" % " ".join(argv[1:]))
  hparams = common.hparams_from_flags(model.HParams, _HPARAMS, PRESETS)
  with common.one_line_errors():
    config = common.run_config(PRESETS)
    result = run(hparams, config, data_dir=_DATA_DIR.value,
                 synthetic=_SYNTHETIC.value, validation_size=_VALIDATION_SIZE.value)
  print("%s CNN on %s, %s" % (hparams.architecture, result.data,
                             common.describe_outcome(result.outcome)))
  print("  test accuracy:       %.4f" % result.test_accuracy)
  print("  validation accuracy: %.4f" % result.validation_accuracy)
  print("  last training loss:  %s" % (
      "%.4f" % result.loss if np.isfinite(result.loss) else "n/a (no training)"))
  common.print_locations(config, result.checkpoint)


if __name__ == "__main__":
  common.run_program(main)
