"""The step loop shared by the example programs: checkpoints, signals, NaN guard.

`run_steps` calls `step_fn(step) -> loss` for each step and:

* saves a checkpoint every `checkpoint_every` steps and after the last step, with
  the caller's out-of-graph state (`state_fn()`, e.g. data-pipeline positions);
* on SIGINT or SIGTERM finishes the current step, saves, and returns normally, so
  the program can say where the checkpoint went and exit 0;
* on a NaN or infinite loss stops before saving anything, so the last good
  checkpoint stays the newest, and raises `NonFiniteLossError`;
* lets a failed write (`CheckpointWriteError`, `EventWriteError`) end the run, with
  the last good checkpoint still the newest.
"""

import dataclasses
import math
import signal
import threading
from typing import Optional

from absl import logging

from tf1_compat.framework import errors


class NonFiniteLossError(errors.Error, RuntimeError):
  """The loss became NaN or infinite; nothing was saved after the last good step."""

  def __init__(self, step, loss, last_finite_step, last_finite_loss, checkpoint):
    self.step = step
    self.loss = loss
    self.last_finite_step = last_finite_step
    self.last_finite_loss = last_finite_loss
    self.checkpoint = checkpoint
    if last_finite_step is None:
      before = "no finite loss before it"
    else:
      before = "last finite loss %.6g at step %d" % (last_finite_loss,
                                                     last_finite_step)
    super().__init__(
        "loss became %s at step %d (%s); stopped without saving, last good "
        "checkpoint: %s" % (loss, step, before, checkpoint or "none"))


@dataclasses.dataclass(frozen=True)
class Outcome:
  """How a `run_steps` call ended."""
  steps_done: int                 # The global step reached.
  loss: float                     # The last step's loss (NaN if no step ran).
  checkpoint: Optional[str]       # The newest checkpoint written, if any.
  interrupted_by: Optional[str]   # `SIGINT`/`SIGTERM`, or None.


class StopSignals:
  """Context manager turning SIGINT/SIGTERM into a flag checked between steps.

  Outside the main thread (where handlers cannot be installed) it does nothing.
  """

  def __init__(self):
    self.received = None
    self._previous = {}

  def _handle(self, signum, frame):
    del frame
    self.received = signal.Signals(signum).name
    logging.warning("%s received: finishing the current step, then saving",
                    self.received)

  def __enter__(self):
    if threading.current_thread() is threading.main_thread():
      for signum in (signal.SIGINT, signal.SIGTERM):
        self._previous[signum] = signal.signal(signum, self._handle)
    return self

  def __exit__(self, *exc_info):
    for signum, handler in self._previous.items():
      signal.signal(signum, handler)
    return False


def run_steps(session, first_step, last_step, step_fn, checkpointer=None,
              checkpoint_every=None, state_fn=None):
  """Runs steps `first_step .. last_step - 1`; returns an `Outcome`.

  Args:
    session: the `Session` checkpoints are saved from.
    first_step: the global step to start at (after a restore, the restored one).
    last_step: the global step to stop at.
    step_fn: `step -> loss`, one training step (the loss as a Python float).
    checkpointer: a `Checkpointer`, or None for no checkpoints.
    checkpoint_every: steps between checkpoints; the last step always saves.
    state_fn: `() -> dict` of out-of-graph state saved with each checkpoint.

  Raises:
    NonFiniteLossError: the loss became NaN or infinite.
  """
  checkpoint = checkpointer.latest() if checkpointer else None
  last_finite_step = last_finite_loss = None
  loss = float("nan")

  def save(done):
    if checkpointer is None:
      return checkpoint
    return checkpointer.save(session, done, state_fn() if state_fn else None)

  with StopSignals() as stop:
    for step in range(first_step, last_step):
      loss = float(step_fn(step))
      if not math.isfinite(loss):
        raise NonFiniteLossError(step, loss, last_finite_step, last_finite_loss,
                                 checkpoint)
      last_finite_step, last_finite_loss = step, loss
      done = step + 1
      if (done == last_step or stop.received
          or (checkpoint_every and done % checkpoint_every == 0)):
        checkpoint = save(done)
      if stop.received:
        return Outcome(done, loss, checkpoint, stop.received)
  return Outcome(max(first_step, last_step), loss, checkpoint, None)
