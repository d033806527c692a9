"""Linear regression by SGD, one random point per step (the slides' first example).

Fits `y = k*x + b` to points drawn near `y = 3x - 1` (`x ~ U[0, 1)`, noise
`1e-4 * N(0, 1)`), learning rate 0.5, 100 steps, printing k, b and the loss every 20
steps. The course's run ends near k = 2.995, b = -0.994. `--eval_only` restores the
latest checkpoint and reports its k and b without training.

  python -m examples.linear_regression [--num_steps=100] [--logdir=DIR]
      [--checkpoint_dir=DIR] [--device=auto|cpu|gpu] [--seed=0]
"""

import dataclasses
from typing import List, Optional

from absl import app
from absl import flags
from absl import logging

from examples import common
from tf1_compat import training
from tf1_compat.data import linear
from tf1_compat.models import linear_regression as model

_HPARAMS = common.define_hparam_flags(model.HParams)
# After the hyperparameter flags, so that --help lists them too.
flags.adopt_module_key_flags(common)
PRESETS = {"quick": common.Preset(100), "reference": common.Preset(100)}


@dataclasses.dataclass(frozen=True)
class Result:
  k: float
  b: float
  loss: float
  losses: List[float]
  outcome: Optional[training.Outcome]
  checkpoint: Optional[str]


def run(hparams=None, config=training.RunConfig()):
  """Trains the model (or, with `config.eval_only`, restores it); returns a `Result`.

  The run's points are drawn up front, in the course loop's order, from a
  `RandomState(config.seed)`; a run resumed from a checkpoint at step `i`
  therefore continues with exactly the points an uninterrupted run would have
  seen. `Result.losses` holds the loss of every step this process ran.
  """
  device = training.resolve_device(config.device)
  hparams = hparams or common.preset_hparams(model.HParams, PRESETS, "quick")
  config = config.with_defaults(num_steps=PRESETS["quick"].num_steps, log_every=20)
  points = linear.linear_points(config.num_steps, config.seed)
  losses = []
  outcome = None
  def build(optimizer_wrapper=None):
    return model.build(hparams, model.TRAIN, optimizer_wrapper=optimizer_wrapper)

  with training.open_session(build, config, device=device) as run:
    endpoints = run.built
    progress = training.Progress(run.global_step(), config.num_steps)

    def step_fn(step):
      k, b, loss, _, summary = run.session.run(
          [endpoints.k, endpoints.b, endpoints.loss, endpoints.train_op,
           endpoints.summaries],
          feed_dict={endpoints.x: points.x[step], endpoints.y: points.y[step]})
      run.add_summary(summary, step)
      if step % config.log_every == 0:
        logging.info(progress.line(step, k=k, b=b, loss=loss))
      losses.append(float(loss))
      return loss

    if not config.eval_only:
      outcome = run.train(step_fn)
    k, b = run.session.run([endpoints.k, endpoints.b])
    run.export({"predict": ({"x": endpoints.x}, {"y": endpoints.prediction})})
  return Result(k=float(k), b=float(b),
                loss=outcome.loss if outcome else float("nan"), losses=losses,
                outcome=outcome, checkpoint=run.checkpointer.latest())


def main(argv):
  if len(argv) > 1:
    raise app.UsageError("unexpected arguments: %s" % " ".join(argv[1:]))
  with common.one_line_errors():
    config = common.run_config(PRESETS)
    result = run(common.hparams_from_flags(model.HParams, _HPARAMS, PRESETS),
                 config)
  print("linear regression, %s: k = %.4f (true 3), b = %.4f (true -1), "
        "last loss %.3g" % (common.describe_outcome(result.outcome), result.k,
                            result.b, result.loss))
  common.print_locations(config, result.checkpoint)


if __name__ == "__main__":
  common.run_program(main)
