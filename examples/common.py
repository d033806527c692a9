"""Flags shared by the example programs, and how they become a `RunConfig`.

Every example gets `--device=auto|cpu|gpu` (`--gpu` is shorthand for
`--device=gpu`), `--precision=f32|bf16`, `--seed`, `--preset`, `--num_steps`,
`--log_every`, `--logdir`, `--checkpoint_dir`, `--checkpoint_every`,
`--max_to_keep`, `--export_dir` and `--eval_only` — the fields of `tf1_compat.training.RunConfig` — plus one flag per
field of its model's `HParams` dataclass. TF 1.x's distributed flags
(`--ps_hosts`, `--worker_hosts`, `--job_name`, `--task_index`,
`--sync_replicas`), or else the `TF_CONFIG` environment variable, make the
process one task of a parameter-server job (`RunConfig.cluster`, see
`tf1_compat.training.distributed`). Hyperparameter flags default to None,
meaning "the preset's value", so two examples imported into one process (as the
tests do) can share a flag name such as `--learning_rate` without disagreeing on
its default. Each program adopts these flags as its own key flags, so its `--help`
lists them.

A flag reaches the code it configures in two hops: flags -> `run_config()` /
`hparams_from_flags()` -> the example's `run(hparams, config)`, which hands the
`RunConfig` to `training.open_session` and the `HParams` to the model's `build`.

Flags are checked when they are parsed, before any graph is built: a bad value ends
the program with one line naming the flag, the value and what is allowed.
"""

import contextlib
import dataclasses
import os
import sys
import typing

from absl import app
from absl import flags

from tf1_compat.dropin import quiet_logging

# TensorFlow's C++ start-up lines (oneDNN, CUDA stub, CPU features) are held back;
# its warnings and errors still show.
quiet_logging.import_tensorflow_quietly()

from tf1_compat import training  # pylint: disable=wrong-import-position
from tf1_compat.framework import errors  # pylint: disable=wrong-import-position

FLAGS = flags.FLAGS

DEVICE = flags.DEFINE_enum("device", "auto", list(training.device.CHOICES),
                           "Where to run: a GPU if TensorFlow sees one (auto), "
                           "the CPU, or a GPU or fail.")
GPU = flags.DEFINE_bool("gpu", False, "Shorthand for --device=gpu.")
PRECISION = flags.DEFINE_enum(
    "precision", "f32", list(training.device.PRECISIONS),
    "f32, or bf16: TensorFlow's oneDNN bfloat16 rewrite of the graph's math "
    "on a CPU with bfloat16 units (variables and checkpoints stay float32).")
SEED = flags.DEFINE_integer(
    "seed", 0, "Graph-level and data seed, in [0, %d]." % training.config.MAX_SEED)
PRESET = flags.DEFINE_enum(
    "preset", "quick", ["quick", "reference"],
    "quick: a meaningful run in a few minutes on 2 CPU cores; reference: the "
    "course's exact configuration and step count.")
NUM_STEPS = flags.DEFINE_integer(
    "num_steps", None, "Training steps (default: set by --preset).")
LOG_EVERY = flags.DEFINE_integer(
    "log_every", None, "Steps between progress lines (default: per example).")
LOGDIR = flags.DEFINE_string(
    "logdir", None, "Directory for TensorBoard event files (none if unset); "
    "without --checkpoint_dir, checkpoints go to its 'checkpoints' folder.")
CHECKPOINT_DIR = flags.DEFINE_string(
    "checkpoint_dir", None,
    "Directory for checkpoints; a rerun resumes from the newest complete one.")
CHECKPOINT_EVERY = flags.DEFINE_integer(
    "checkpoint_every", None, "Steps between checkpoints (default: per example).")
MAX_TO_KEEP = flags.DEFINE_integer(
    "max_to_keep", 5, "Recent checkpoints kept (older ones are deleted whole).")
EXPORT_DIR = flags.DEFINE_string(
    "export_dir", None,
    "Write a SavedModel of the inference graph here at the end (must not exist).")
EVAL_ONLY = flags.DEFINE_bool(
    "eval_only", False, "Restore the latest checkpoint and only evaluate (the "
    "checkpoint folder is only read).")
# Between-graph replication (TF 1.x's distributed how-to); TF_CONFIG when unset.
PS_HOSTS = flags.DEFINE_string(
    "ps_hosts", None, "Comma-separated host:port of the parameter servers "
    "(with --worker_hosts and --job_name; without them, TF_CONFIG if set).")
WORKER_HOSTS = flags.DEFINE_string(
    "worker_hosts", None, "Comma-separated host:port of the workers; worker 0 "
    "is the chief (it writes the checkpoints, events and export).")
JOB_NAME = flags.DEFINE_enum(
    "job_name", None, ["ps", "worker"], "This task's job: ps serves the "
    "variables, worker trains.")
TASK_INDEX = flags.DEFINE_integer("task_index", 0,
                                  "This task's index in its job.")
SYNC_REPLICAS = flags.DEFINE_bool(
    "sync_replicas", False, "Train synchronously (SyncReplicasOptimizer: one "
    "update per step from all workers) instead of asynchronously.")
CLUSTER_TIMEOUT = flags.DEFINE_float(
    "cluster_timeout", training.distributed.DEFAULT_STARTUP_TIMEOUT_SECS,
    "Seconds a task waits at start for the parameter servers and for the "
    "chief to initialize the variables.")
RECONNECT_TIMEOUT = flags.DEFINE_float(
    "reconnect_timeout", training.distributed.DEFAULT_RECONNECT_TIMEOUT_SECS,
    "Seconds a task waits for a parameter server it lost before it stops.")
# Shared by several examples, so defined once here.
SAMPLE_EVERY = flags.DEFINE_integer(
    "sample_every", None, "Steps between printed samples (default: per example).")

_HELP_FLAGS = frozenset(["help", "helpshort", "helpfull", "helpxml", "?", "h"])


def positive_or_unset(value):
  """Validator: None, or an integer of at least 1."""
  return value is None or value > 0


def _creatable_dir(path):
  """True if `path` is a directory or could be created (its nearest existing
  ancestor is a directory this user can write to)."""
  path = os.path.abspath(path)
  if os.path.exists(path):
    return os.path.isdir(path)
  while not os.path.exists(path):
    parent = os.path.dirname(path)
    if parent == path:
      return False
    path = parent
  return os.path.isdir(path) and os.access(path, os.W_OK | os.X_OK)


def _config_checker(field):
  """A validator building a `RunConfig` with `field` set to the flag's value."""
  def check(value):
    if value is None:
      return True
    try:
      training.RunConfig(**{field: value})
    except training.ConfigError as error:
      raise flags.ValidationError(str(error)) from None
    return True
  return check


for _holder in (NUM_STEPS, LOG_EVERY, CHECKPOINT_EVERY, MAX_TO_KEEP, SEED,
                LOGDIR, CHECKPOINT_DIR, EXPORT_DIR):
  flags.register_validator(_holder.name, _config_checker(_holder.name))
flags.register_validator(SAMPLE_EVERY.name, positive_or_unset,
                         "must be a positive integer")
flags.register_validator(TASK_INDEX.name, lambda value: value >= 0,
                         "must be a non-negative integer")
for _holder in (CLUSTER_TIMEOUT, RECONNECT_TIMEOUT):
  flags.register_validator(_holder.name, lambda value: 0 < value < float("inf"),
                           "must be a positive number of seconds")
flags.register_validator(
    LOGDIR.name,
    lambda value: value is None or (_creatable_dir(value) and (
        not os.path.isdir(value) or os.access(value, os.W_OK | os.X_OK))),
    "must be a directory this user can create or write to")
flags.register_validator(
    CHECKPOINT_DIR.name, lambda value: value is None or _creatable_dir(value),
    "must be a directory, or one this user can create")
flags.register_validator(
    EXPORT_DIR.name,
    lambda value: value is None or (not os.path.exists(value)
                                    and _creatable_dir(value)),
    "must be a new directory (it exists already, or its parent is not writable)")


def non_empty(value):
  """Validator for string flags naming something: unset, or not blank."""
  return value is None or bool(value.strip())


def cluster_config(environ=None):
  """The distributed flags (else `TF_CONFIG`) as a `ClusterConfig`, or None.

  Raises:
    training.ClusterConfigError: flags or `TF_CONFIG` that do not describe a
      task of a job (one line naming the flag or key, expected and actual).
  """
  cluster = training.distributed.resolve(
      PS_HOSTS.value, WORKER_HOSTS.value, JOB_NAME.value, TASK_INDEX.value,
      environ=environ, sync_replicas=SYNC_REPLICAS.value,
      startup_timeout_secs=CLUSTER_TIMEOUT.value,
      reconnect_timeout_secs=RECONNECT_TIMEOUT.value)
  if cluster is None and SYNC_REPLICAS.value:
    raise training.ClusterConfigError(
        "--sync_replicas synchronizes the workers of a cluster: expected "
        "--ps_hosts, --worker_hosts and --job_name (or TF_CONFIG), got none")
  return cluster


def run_config(presets):
  """The shared flags as a `training.RunConfig`; `--preset` sets the step count."""
  return training.RunConfig(
      num_steps=NUM_STEPS.value or presets[PRESET.value].num_steps,
      device="gpu" if GPU.value else DEVICE.value, seed=SEED.value,
      log_every=LOG_EVERY.value, checkpoint_dir=CHECKPOINT_DIR.value,
      checkpoint_every=CHECKPOINT_EVERY.value, max_to_keep=MAX_TO_KEEP.value,
      logdir=LOGDIR.value, export_dir=EXPORT_DIR.value, eval_only=EVAL_ONLY.value,
      cluster=cluster_config(), precision=PRECISION.value)


_DEFINERS = {int: flags.DEFINE_integer, float: flags.DEFINE_float,
             bool: flags.DEFINE_bool, str: flags.DEFINE_string}


def define_hparam_flags(hparams_cls, derived=()):
  """Defines one flag per `hparams_cls` field (default None = the preset's value).

  A field whose type is `typing.Literal[...]` becomes an enum flag. Each flag is
  validated at parse time by building `hparams_cls` with it, so the model's own
  checks (e.g. positive sizes) reject bad values before anything runs. Fields in
  `derived` are set by the program from its data (e.g. a vocabulary size) and
  get no flag. Returns `{field name: FlagHolder}`; flags another example already
  defined are shared.
  """
  holders = {}
  reference = hparams_cls()
  for field in dataclasses.fields(hparams_cls):
    if field.name in derived:
      continue
    default = getattr(reference, field.name)
    help_text = "%s (reference: %r)" % (
        field.metadata.get("help", field.name.replace("_", " ")), default)
    if field.name in FLAGS:
      holders[field.name] = flags.FlagHolder(FLAGS, FLAGS[field.name])
      continue
    field_type = field.type
    if typing.get_origin(field_type) is typing.Literal:
      holders[field.name] = flags.DEFINE_enum(
          field.name, None, [str(v) for v in typing.get_args(field_type)],
          help_text)
    else:
      holders[field.name] = _DEFINERS[field_type](field.name, None, help_text)
    flags.register_validator(field.name, _hparam_checker(hparams_cls, field.name))
  return holders


def _hparam_checker(hparams_cls, name):
  def check(value):
    if value is None:
      return True
    try:
      dataclasses.replace(hparams_cls(), **{name: value})
    except ValueError as error:
      raise flags.ValidationError(str(error)) from None
    return True
  return check


@dataclasses.dataclass(frozen=True)
class Preset:
  """A named run size: its step count and the hyperparameters it changes."""
  num_steps: int
  overrides: dict = dataclasses.field(default_factory=dict)


def preset_hparams(hparams_cls, presets, preset):
  """The reference `hparams_cls()` with `presets[preset]`'s overrides applied."""
  if preset not in presets:
    raise ValueError("preset must be one of %s, got %r" % (sorted(presets), preset))
  return dataclasses.replace(hparams_cls(), **presets[preset].overrides)


def hparams_from_flags(hparams_cls, holders, presets):
  """The `--preset`'s hyperparameters with every explicitly set flag applied."""
  base = preset_hparams(hparams_cls, presets, PRESET.value)
  overrides = {name: holder.value for name, holder in holders.items()
               if holder.value is not None}
  return dataclasses.replace(base, **overrides)


class DataError(errors.Error, ValueError):
  """An input file, corpus or data-dependent setting cannot be used."""


@contextlib.contextmanager
def one_line_errors():
  """Turns the errors a user can cause into `error: ...` on stderr and exit 1.

  Handled: every error tf1_compat raises on purpose (`errors.Error`: a missing
  GPU, bad data, a checkpoint that does not fit or cannot be written, an event
  file or export that cannot be written, a NaN loss, sizes beyond the memory) and
  Ctrl-C outside the step loop (which saves by itself). Checkpoints and event
  files already written are kept.
  """
  try:
    yield
  except errors.Error as error:
    sys.stderr.write("error: %s\n" % error)
    sys.exit(1)
  except KeyboardInterrupt:
    sys.stderr.write("error: interrupted before training started or after it "
                     "ended; nothing was lost\n")
    sys.exit(130)


def _asks_for_help(argv):
  for arg in argv[1:]:
    if arg == "--":
      return False
    if arg.startswith("-") and arg.lstrip("-").split("=")[0] in _HELP_FLAGS:
      return True
  return False


def run_program(main):
  """`app.run(main)`, except that `--help` (absl exits 1 after it) exits 0."""
  try:
    app.run(main)
  except SystemExit as exit_:
    if exit_.code == 1 and _asks_for_help(sys.argv):
      sys.exit(0)
    raise


def describe_outcome(outcome):
  """One line on how training ended, for the final summary."""
  if outcome is None:
    return "no training (evaluation only)"
  if outcome.interrupted_by:
    if outcome.checkpoint is None:
      return ("stopped by %s at step %d; nothing was saved (pass --checkpoint_dir "
              "or --logdir to be able to resume)" % (outcome.interrupted_by,
                                                     outcome.steps_done))
    return "stopped by %s at step %d; resume by rerunning with the same flags" % (
        outcome.interrupted_by, outcome.steps_done)
  return "finished at step %d" % outcome.steps_done


def print_locations(config, checkpoint):
  """The summary's last lines: where the checkpoint, events and export went."""
  if config.cluster is not None and not config.cluster.is_chief:
    print("  checkpoint, events, export: the chief's (this is %s)"
          % config.cluster.label)
    return
  print("  checkpoint: %s" % (checkpoint or "none (use --checkpoint_dir or --logdir)"))
  print("  events:     %s" % (config.logdir or "none (use --logdir)"))
  if config.export_dir:
    print("  SavedModel: %s" % config.export_dir)
