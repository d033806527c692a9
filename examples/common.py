"""Flags and plumbing shared by the example programs.

Every example gets `--device=auto|cpu|gpu` (`--gpu` is shorthand for
`--device=gpu`), `--seed`, `--preset`, `--num_steps`, `--log_every`, `--logdir`,
`--checkpoint_dir`, `--checkpoint_every` and `--export_dir`, plus one flag per field
of its model's `HParams` dataclass. Hyperparameter flags default to None, meaning
"the preset's value", so two examples imported into one process (as the tests do)
can share a flag name such as `--learning_rate` without disagreeing on its default.

Flags are checked when they are parsed, before any graph is built: a bad value ends
the program with one line naming the flag, the value and what is allowed.
"""

import contextlib
import dataclasses
import os
import sys
import tempfile
import typing
from typing import Any, Optional

from absl import flags
import tensorflow as tf

from tf1_compat import training

_V1 = tf.compat.v1
FLAGS = flags.FLAGS

DEVICE = flags.DEFINE_enum("device", "auto", list(training.device.CHOICES),
                           "Where to run: a GPU if TensorFlow sees one (auto), "
                           "the CPU, or a GPU or fail.")
GPU = flags.DEFINE_bool("gpu", False, "Shorthand for --device=gpu.")
SEED = flags.DEFINE_integer("seed", 0, "Graph-level and data seed.")
PRESET = flags.DEFINE_enum(
    "preset", "quick", ["quick", "reference"],
    "quick: a meaningful run in a few minutes on 2 CPU cores; reference: the "
    "course's exact configuration and step count.")
NUM_STEPS = flags.DEFINE_integer(
    "num_steps", None, "Training steps (default: set by --preset).")
LOG_EVERY = flags.DEFINE_integer(
    "log_every", None, "Steps between progress lines (default: per example).")
LOGDIR = flags.DEFINE_string(
    "logdir", None, "Directory for TensorBoard event files (none if unset).")
CHECKPOINT_DIR = flags.DEFINE_string(
    "checkpoint_dir", None,
    "Directory for checkpoints; a rerun resumes from the latest one.")
CHECKPOINT_EVERY = flags.DEFINE_integer(
    "checkpoint_every", None, "Steps between checkpoints (default: per example).")
EXPORT_DIR = flags.DEFINE_string(
    "export_dir", None,
    "Write a SavedModel of the inference graph here at the end (must not exist).")
# Shared by several examples, so defined once here.
EVAL_ONLY = flags.DEFINE_bool(
    "eval_only", False, "Restore the latest checkpoint and only evaluate.")
SAMPLE_EVERY = flags.DEFINE_integer(
    "sample_every", None, "Steps between printed samples (default: per example).")


def _positive_or_unset(value):
  return value is None or value > 0


def _writable_dir(value):
  """True if `value` is unset, or a directory that exists or can be created, writable."""
  if value is None:
    return True
  path = os.path.abspath(value)
  while not os.path.exists(path):
    parent = os.path.dirname(path)
    if parent == path:
      return False
    path = parent
  return os.path.isdir(path) and os.access(path, os.W_OK | os.X_OK)


for _holder in (NUM_STEPS, LOG_EVERY, CHECKPOINT_EVERY, SAMPLE_EVERY):
  flags.register_validator(_holder.name, _positive_or_unset,
                           "must be a positive integer")
for _holder in (LOGDIR, CHECKPOINT_DIR):
  flags.register_validator(_holder.name, _writable_dir,
                           "must be a directory this user can create or write to")
flags.register_validator(
    EXPORT_DIR.name,
    lambda value: value is None or (not os.path.exists(value) and _writable_dir(value)),
    "must be a new directory (it exists already, or its parent is not writable)")


def device_choice():
  """The `--device` value, with `--gpu` taking precedence."""
  return "gpu" if GPU.value else DEVICE.value


def common_kwargs():
  """The shared flags as keyword arguments for an example's `run()`."""
  return dict(device=device_choice(), seed=SEED.value, preset=PRESET.value,
              num_steps=NUM_STEPS.value, log_every=LOG_EVERY.value,
              logdir=LOGDIR.value, checkpoint_dir=CHECKPOINT_DIR.value,
              checkpoint_every=CHECKPOINT_EVERY.value, export_dir=EXPORT_DIR.value)


_DEFINERS = {int: flags.DEFINE_integer, float: flags.DEFINE_float,
             bool: flags.DEFINE_bool, str: flags.DEFINE_string}


def define_hparam_flags(hparams_cls):
  """Defines one flag per `hparams_cls` field (default None = the preset's value).

  A field whose type is `typing.Literal[...]` becomes an enum flag. Each flag is
  validated at parse time by building `hparams_cls` with it, so the model's own
  checks (e.g. positive sizes) reject bad values before anything runs. Returns
  `{field name: FlagHolder}`; flags another example already defined are shared.
  """
  holders = {}
  reference = hparams_cls()
  for field in dataclasses.fields(hparams_cls):
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


def run_or_exit(run_fn, *args, **kwargs):
  """Calls `run_fn`; a user-facing failure ends the program with a clear message.

  Handled: a missing GPU for `--device=gpu`, missing or malformed input files
  (`FileNotFoundError`, `ValueError` from the data readers), a checkpoint that does
  not fit the graph, and a loss that became NaN. Each prints `error: ...` to stderr
  and exits with status 1; checkpoints and event files already written are kept.
  """
  try:
    return run_fn(*args, **kwargs)
  except (training.DeviceUnavailableError, FileNotFoundError, DataError,
          training.CheckpointMismatchError, training.NonFiniteLossError) as error:
    sys.stderr.write("error: %s\n" % error)
    sys.exit(1)


class DataError(ValueError):
  """An input file or corpus an example was pointed at cannot be used."""


@dataclasses.dataclass
class Session:
  """A training session opened by `session_for`: graph, session and helpers."""
  graph: tf.Graph
  session: Any
  built: Any
  checkpointer: training.Checkpointer
  writer: Optional[Any]
  restored: Optional[training.Restored]
  export_saver: Optional[Any]

  @property
  def state(self):
    """The out-of-graph state saved with the restored checkpoint (or None)."""
    return self.restored.state if self.restored else None

  def add_summary(self, summary, step):
    if self.writer is not None:
      self.writer.add_summary(summary, step)

  def add_scalar(self, tag, value, step):
    self.add_summary(_V1.Summary(value=[_V1.Summary.Value(
        tag=tag, simple_value=float(value))]), step)


@contextlib.contextmanager
def session_for(build_fn, device="auto", seed=0, checkpoint_dir=None, logdir=None,
                export_dir=None):
  """Builds a graph with `build_fn()`, opens a session and restores the latest checkpoint.

  `device` is a `training.Device` or a choice (`auto|cpu|gpu`) to resolve. The
  graph is seeded with `seed`, placed on the resolved device, and finalized
  before the session opens (with `export_dir`, after adding the saver a SavedModel
  export needs). The event writer is closed (flushed) on the way out, also when
  training stops with an error.
  """
  resolved = (device if isinstance(device, training.Device)
              else training.resolve_device(device))
  graph = tf.Graph()
  with graph.as_default(), tf.device(resolved.name):
    _V1.set_random_seed(seed)
    built = build_fn()
    checkpointer = training.Checkpointer(checkpoint_dir)
    init_op = _V1.global_variables_initializer()
    writer = _V1.summary.FileWriter(logdir, graph) if logdir else None
    export_saver = _V1.train.Saver(sharded=True) if export_dir else None
  graph.finalize()
  try:
    with _V1.Session(graph=graph,
                     config=training.session_config(resolved)) as session:
      session.run(init_op)
      restored = checkpointer.restore_latest(session)
      yield Session(graph=graph, session=session, built=built,
                    checkpointer=checkpointer, writer=writer, restored=restored,
                    export_saver=export_saver)
  finally:
    if writer is not None:
      writer.close()


def export(run_session, export_dir, signatures):
  """Writes a SavedModel (tag `serve`) with `{name: (inputs, outputs)}` signatures.

  `run_session` is the `Session` of `session_for(..., export_dir=export_dir)`.

  The model is written to a temporary directory beside `export_dir` and renamed into
  place, so an interrupted export never leaves a half-written model behind.
  """
  if export_dir is None:
    return None
  parent = os.path.dirname(os.path.abspath(export_dir))
  os.makedirs(parent, exist_ok=True)
  staging = tempfile.mkdtemp(dir=parent, prefix=".export-")
  os.rmdir(staging)
  builder = _V1.saved_model.Builder(staging)
  signature_defs = {
      name: _V1.saved_model.signature_def_utils.predict_signature_def(
          inputs=inputs, outputs=outputs)
      for name, (inputs, outputs) in signatures.items()}
  builder.add_meta_graph_and_variables(
      run_session.session, [_V1.saved_model.tag_constants.SERVING],
      signature_def_map=signature_defs, strip_default_attrs=True,
      saver=run_session.export_saver)
  builder.save()
  os.replace(staging, export_dir)
  return export_dir


def describe_outcome(outcome):
  """One line on how training ended, for the final summary."""
  if outcome is None:
    return "no training (evaluation only)"
  if outcome.interrupted_by:
    return "stopped by %s at step %d; resume by rerunning with the same flags" % (
        outcome.interrupted_by, outcome.steps_done)
  return "finished at step %d" % outcome.steps_done


def print_locations(result, export_dir=None):
  """The summary's last lines: where the checkpoint, events and export went."""
  print("  checkpoint: %s" % (result.checkpoint or "none (use --checkpoint_dir)"))
  print("  events:     %s" % (result.logdir or "none (use --logdir)"))
  if export_dir:
    print("  SavedModel: %s" % export_dir)
