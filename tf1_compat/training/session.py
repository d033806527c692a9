"""One training (or evaluation) session: graph, device, checkpoints, events, export.

`open_session(build_fn, config)` is what a TF1 training program writes by hand —
seed the graph, build it on a device, add a `Saver`, open a `Session`, initialize,
restore the latest checkpoint, open a `FileWriter` — done once, with the
guarantees of `tf1_compat.training.checkpoints` (exact, crash-safe resume) and
clear one-line errors instead of tracebacks:

    config = training.RunConfig(num_steps=1000, checkpoint_dir="ckpt")
    with training.open_session(lambda: model.build(hparams), config) as run:
      first = run.global_step()
      outcome = run.train(lambda step: run.session.run(train_op_and_loss)[1])
      run.export({"predict": ({"x": x}, {"y": y})})

The order is chosen so that a failure leaves nothing half-done: sizes are checked
against the memory available before anything is allocated or written; a
checkpoint that does not fit the graph, or an evaluation without a checkpoint, is
rejected before an event file is created; with `config.eval_only` the checkpoint
folder is only read.
"""

import contextlib
import dataclasses
from typing import Any, Callable, Optional

import tensorflow as tf

from tf1_compat.training import checkpoints
from tf1_compat.training import config as config_lib
from tf1_compat.training import device as device_lib
from tf1_compat.training import distributed
from tf1_compat.training import events as events_lib
from tf1_compat.training import export as export_lib
from tf1_compat.training import loop
from tf1_compat.training import memory

_V1 = tf.compat.v1


@dataclasses.dataclass
class TrainingSession:
  """An open session made by `open_session`, with its graph and helpers.

  Attributes:
    graph: the finalized `tf.Graph`.
    session: the `tf.compat.v1.Session`.
    built: what `build_fn` returned (the model's endpoints).
    config: the `RunConfig` the session was opened with.
    device: the resolved `Device`.
    checkpointer: the `Checkpointer` (its `directory` None when not saving).
    restored: the `Restored` checkpoint, or None for a fresh start.
    events: the `EventWriter`, or None without `config.logdir`.
  """
  graph: tf.Graph
  session: Any
  built: Any
  config: config_lib.RunConfig
  device: device_lib.Device
  checkpointer: checkpoints.Checkpointer
  restored: Optional[checkpoints.Restored]
  events: Optional[events_lib.EventWriter]
  _export_saver: Any = None

  def global_step(self):
    """The graph's global step now (after a restore, the restored step)."""
    return int(self.session.run(_V1.train.get_global_step(self.graph)))

  def add_summary(self, summary, step):
    """Records a `Summary` (proto or fetched bytes) when there is a logdir."""
    if self.events is not None:
      self.events.add_summary(summary, step)

  def add_scalar(self, tag, value, step):
    if self.events is not None:
      self.events.add_scalar(tag, value, step)

  def train(self, step_fn, state_fn=None):
    """Runs `step_fn(step) -> loss` up to `config.num_steps`; returns an `Outcome`.

    Checkpoints every `config.checkpoint_every` steps and after the last one, with
    `state_fn()` (the out-of-graph state) beside them; see `loop.run_steps`.
    """
    if self.config.num_steps is None:
      raise ValueError("TrainingSession.train: RunConfig.num_steps is not set")
    return loop.run_steps(
        self.session, self.global_step(), self.config.num_steps, step_fn,
        checkpointer=self.checkpointer if self.checkpointer.directory else None,
        checkpoint_every=self.config.checkpoint_every, state_fn=state_fn)

  def export(self, signatures):
    """Writes the SavedModel to `config.export_dir` (if set); returns its path."""
    if self.config.export_dir is None:
      return None
    return export_lib.export_saved_model(self.session, self.config.export_dir,
                                         signatures, saver=self._export_saver)


@contextlib.contextmanager
def open_session(build_fn: Callable[[], Any], config: config_lib.RunConfig,
                 apply_state: Optional[Callable[[dict], None]] = None,
                 device: Optional[device_lib.Device] = None):
  """Builds `build_fn()` into a new graph and opens a session on it.

  With `config.cluster` set, this process is a task of a distributed job and
  `distributed.open_cluster_session` opens its session instead: a parameter
  server serves until it is stopped; a training task yields a
  `ClusterTrainingSession`, with the same attributes and methods.

  Args:
    build_fn: `() -> endpoints`, adding the model (and its `global_step`) to the
      default graph. In a cluster with `sync_replicas` it is called as
      `build_fn(optimizer_wrapper=...)`, to be handed to the model's `build`.
    config: the `RunConfig`.
    apply_state: `state -> None`, restoring the program's out-of-graph state
      from a checkpoint's side file (see `Checkpointer.restore_latest`); None
      for a program that keeps none.
    device: the `Device` to run on, when the program resolved `config.device`
      itself (e.g. to fail on a missing GPU before reading its data).

  Yields:
    A `TrainingSession`. The event file is closed on the way out, also when the
    body raises.

  Raises:
    DeviceUnavailableError, OutOfMemoryError, CheckpointMismatchError,
    CheckpointFolderError, CheckpointNotFoundError, CheckpointWriteError,
    EventWriteError: see their modules; each says what to change in one line.
  """
  if config.cluster is not None:
    with distributed.open_cluster_session(build_fn, config, apply_state,
                                          device) as run:
      yield run
    return
  device = device or device_lib.resolve(config.device)
  directory = config.checkpoint_directory
  if config.eval_only and directory is None:
    raise checkpoints.CheckpointNotFoundError(
        "nothing to evaluate: no checkpoint_dir (or logdir) was given to restore "
        "from")
  graph = tf.Graph()
  with graph.as_default(), tf.device(device.name):
    _V1.set_random_seed(config.seed)
    built = build_fn()
    memory.check_variables_fit(_V1.global_variables())
    checkpointer = checkpoints.Checkpointer(directory, config.max_to_keep,
                                            read_only=config.eval_only)
    init_op = _V1.global_variables_initializer()
    export_saver = _V1.train.Saver(sharded=True) if config.export_dir else None
  graph.finalize()
  events = None
  try:
    with _V1.Session(graph=graph,
                     config=device_lib.session_config(
                         device, config.precision)) as session:
      session.run(init_op)
      restored = checkpointer.restore_latest(session, apply_state)
      if config.eval_only and restored is None:
        raise checkpoints.CheckpointNotFoundError(
            "nothing to evaluate: no checkpoint in %r (train into it first, or "
            "pass the folder that has one)" % (directory,))
      if config.logdir is not None:
        events = events_lib.EventWriter(config.logdir, graph)
      yield TrainingSession(graph=graph, session=session, built=built,
                            config=config, device=device,
                            checkpointer=checkpointer, restored=restored,
                            events=events, _export_saver=export_saver)
  except BaseException:
    if events is not None:
      with contextlib.suppress(events_lib.EventWriteError):
        events.close()
    raise
  if events is not None:
    events.close()
