"""Linear regression by SGD, one random point per step (the slides' first example).

Fits `y = k*x + b` to points drawn near `y = 3x - 1` (`x ~ U[0, 1)`, noise
`1e-4 * N(0, 1)`), learning rate 0.5, 100 steps, printing k, b and the loss every 20
steps. The course's run ends near k = 2.995, b = -0.994.

  python -m examples.linear_regression [--num_steps=100] [--logdir=DIR]
      [--checkpoint_dir=DIR] [--device=auto|cpu|gpu] [--seed=0]
"""

import dataclasses
from typing import List, Optional

from absl import app
from absl import logging

from examples import common
from tf1_compat import training
from tf1_compat.data import linear
from tf1_compat.models import linear_regression as model

_HPARAMS = common.define_hparam_flags(model.HParams)
PRESETS = {"quick": common.Preset(100), "reference": common.Preset(100)}


@dataclasses.dataclass(frozen=True)
class Result:
  k: float
  b: float
  loss: float
  losses: List[float]
  outcome: Optional[training.Outcome]
  checkpoint: Optional[str]
  logdir: Optional[str]


def run(hparams=None, device="auto", seed=0, preset="quick", num_steps=None,
        log_every=None, logdir=None, checkpoint_dir=None, checkpoint_every=None,
        export_dir=None):
  """Trains the model and returns the final `Result`.

  The run's points are drawn up front, in the course loop's order, from a
  `RandomState(seed)`; a run resumed from a checkpoint at step `i` therefore
  continues with exactly the points an uninterrupted run would have seen.
  `Result.losses` holds the loss of every step this process ran.
  """
  device = training.resolve_device(device)
  hparams = hparams or common.preset_hparams(model.HParams, PRESETS, preset)
  num_steps = num_steps or PRESETS[preset].num_steps
  log_every = log_every or 20
  points = linear.linear_points(num_steps, seed)
  losses = []
  with common.session_for(lambda: model.build(hparams), device, seed,
                          checkpoint_dir, logdir, export_dir) as run_session:
    session, endpoints = run_session.session, run_session.built
    first = int(session.run(endpoints.global_step))
    progress = training.Progress(first, num_steps)

    def step_fn(step):
      k, b, loss, _, summary = session.run(
          [endpoints.k, endpoints.b, endpoints.loss, endpoints.train_op,
           endpoints.summaries],
          feed_dict={endpoints.x: points.x[step], endpoints.y: points.y[step]})
      run_session.add_summary(summary, step)
      if step % log_every == 0:
        logging.info(progress.line(step, k=k, b=b, loss=loss))
      losses.append(float(loss))
      return loss

    outcome = training.run_steps(session, first, num_steps, step_fn,
                                 run_session.checkpointer, checkpoint_every)
    k, b = session.run([endpoints.k, endpoints.b])
    common.export(run_session, export_dir, {
        "predict": ({"x": endpoints.x}, {"y": endpoints.prediction})})
  return Result(k=float(k), b=float(b), loss=outcome.loss, losses=losses,
                outcome=outcome, checkpoint=outcome.checkpoint, logdir=logdir)


def main(argv):
  if len(argv) > 1:
    raise app.UsageError("unexpected arguments: %s" % " ".join(argv[1:]))
  result = common.run_or_exit(
      run, hparams=common.hparams_from_flags(model.HParams, _HPARAMS, PRESETS),
      **common.common_kwargs())
  print("linear regression, %s: k = %.4f (true 3), b = %.4f (true -1), "
        "last loss %.3g" % (common.describe_outcome(result.outcome), result.k,
                            result.b, result.loss))
  common.print_locations(result, common.EXPORT_DIR.value)


if __name__ == "__main__":
  app.run(main)
