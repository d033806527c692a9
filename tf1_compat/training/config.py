"""`RunConfig`: how one training (or evaluation) run is carried out.

Kept apart from a model's hyperparameters (its `HParams`): the same model can be
trained for more steps, on another device, with or without checkpoints, and still
restore the same checkpoints. Every field is checked when the object is built, so
a program that maps its flags onto a `RunConfig` rejects a bad value with one line
before anything runs.
"""

import dataclasses
import os
from typing import Optional

from tf1_compat.framework import errors
from tf1_compat.training import device as device_lib
from tf1_compat.training import distributed

# Seeds reach numpy's `RandomState`, which takes [0, 2**32), and TensorFlow's graph
# seed; the smaller bound keeps them valid for both and for TF1's int32 seed ops.
MAX_SEED = 2**31 - 1
# With only `logdir` given, checkpoints go here (inside it), so the run resumes.
CHECKPOINT_SUBDIR = "checkpoints"


class ConfigError(errors.Error, ValueError):
  """A `RunConfig` field has a value it cannot take."""


@dataclasses.dataclass(frozen=True)
class RunConfig:
  """The run-time settings of one run; `None` fields take the program's default.

  Attributes:
    num_steps: the global step to train up to (a resumed run trains only the rest).
    device: `auto` (a GPU if TensorFlow sees one), `cpu`, or `gpu` (or fail).
    seed: graph-level and data seed, in `[0, 2**31 - 1]`.
    log_every: steps between progress lines and summaries.
    checkpoint_dir: where checkpoints go and are resumed from; when None but
      `logdir` is set, `<logdir>/checkpoints`; when both are None, nothing is
      saved (see `checkpoint_directory`).
    checkpoint_every: steps between checkpoints (the last step always saves).
    max_to_keep: how many recent checkpoints (and their side files) are kept.
    logdir: directory for TensorBoard event files; None writes none.
    export_dir: a new directory to write a SavedModel of the inference graph to.
    eval_only: restore the latest checkpoint and only evaluate: nothing is
      trained and no checkpoint is written, so a read-only folder works.
    cluster: the `distributed.ClusterConfig` of the job this process is a task
      of (between-graph replication; see `distributed`), or None to train in
      this process alone. Only the chief uses `checkpoint_dir`, `logdir` and
      `export_dir`.
    precision: `f32`, or `bf16` for TensorFlow's oneDNN bfloat16 rewrite of
      the graph's math on a CPU (variables and checkpoints stay float32; see
      `device`).
  """
  num_steps: Optional[int] = None
  device: str = "auto"
  seed: int = 0
  log_every: Optional[int] = None
  checkpoint_dir: Optional[str] = None
  checkpoint_every: Optional[int] = None
  max_to_keep: int = 5
  logdir: Optional[str] = None
  export_dir: Optional[str] = None
  eval_only: bool = False
  cluster: Optional[distributed.ClusterConfig] = None
  precision: str = "f32"

  def __post_init__(self):
    for name in ("num_steps", "log_every", "checkpoint_every", "max_to_keep"):
      value = getattr(self, name)
      if value is not None and (isinstance(value, bool)
                                or not isinstance(value, int) or value < 1):
        raise ConfigError("RunConfig.%s must be a positive integer, got %r"
                          % (name, value))
    if (isinstance(self.seed, bool) or not isinstance(self.seed, int)
        or not 0 <= self.seed <= MAX_SEED):
      raise ConfigError("RunConfig.seed must be an integer in [0, %d], got %r"
                        % (MAX_SEED, self.seed))
    if self.device not in device_lib.CHOICES:
      raise ConfigError("RunConfig.device must be one of %s, got %r"
                        % ("|".join(device_lib.CHOICES), self.device))
    if self.precision not in device_lib.PRECISIONS:
      raise ConfigError("RunConfig.precision must be one of %s, got %r"
                        % ("|".join(device_lib.PRECISIONS), self.precision))
    for name in ("checkpoint_dir", "logdir", "export_dir"):
      value = getattr(self, name)
      if value is not None and not str(value).strip():
        raise ConfigError("RunConfig.%s must be a directory name (None for none), "
                          "got an empty string" % name)
    if self.export_dir is not None and os.path.exists(self.export_dir):
      raise ConfigError("RunConfig.export_dir must be a new directory, but %r "
                        "exists" % (self.export_dir,))
    if self.cluster is not None:
      if not isinstance(self.cluster, distributed.ClusterConfig):
        raise ConfigError("RunConfig.cluster must be a ClusterConfig or None, "
                          "got %r" % (self.cluster,))
      if self.eval_only:
        raise ConfigError("RunConfig.eval_only evaluates in one process: leave "
                          "out the cluster (--job_name, --ps_hosts, "
                          "--worker_hosts, TF_CONFIG) to evaluate")

  def with_defaults(self, **defaults):
    """A copy with each `None` field among `defaults` set to its default."""
    unknown = set(defaults) - {f.name for f in dataclasses.fields(self)}
    if unknown:
      raise TypeError("RunConfig has no field %s" % ", ".join(sorted(unknown)))
    return dataclasses.replace(self, **{
        name: value for name, value in defaults.items()
        if getattr(self, name) is None})

  @property
  def data_seed(self):
    """The seed of this process's input pipeline.

    `seed` in one process and on the chief; in a cluster, `seed` plus the
    task's index among the training tasks, so that workers draw different
    batches (and a cluster's chief the same as a single-process run).
    """
    if self.cluster is None or not self.cluster.replica_index:
      return self.seed
    return (self.seed + self.cluster.replica_index) % (MAX_SEED + 1)

  @property
  def checkpoint_directory(self):
    """Where checkpoints are saved and restored from, or None for nowhere."""
    if self.checkpoint_dir is not None:
      return self.checkpoint_dir
    if self.logdir is not None:
      return os.path.join(self.logdir, CHECKPOINT_SUBDIR)
    return None
