"""Flags and plumbing shared by the example programs.

Every example gets `--device=auto|cpu|gpu` (`--gpu` is shorthand for
`--device=gpu`), `--seed`, `--preset`, `--num_steps`, `--log_every`, `--logdir`,
`--checkpoint_dir` and `--checkpoint_every`, plus one flag per field of its model's
`HParams` dataclass. Hyperparameter flags default to None, meaning "the model's
reference value", so two examples imported into one process (as the tests do) can
share a flag name such as `--learning_rate` without disagreeing on its default.
"""

import dataclasses
import sys
import typing

from absl import flags

from tf1_compat import training

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
# Shared by several examples, so defined once here.
EVAL_ONLY = flags.DEFINE_bool(
    "eval_only", False, "Restore the latest checkpoint and only evaluate.")
SAMPLE_EVERY = flags.DEFINE_integer(
    "sample_every", None, "Steps between printed samples (default: per example).")


def device_choice():
  """The `--device` value, with `--gpu` taking precedence."""
  return "gpu" if GPU.value else DEVICE.value


def common_kwargs():
  """The shared flags as keyword arguments for an example's `run()`."""
  return dict(device=device_choice(), seed=SEED.value, preset=PRESET.value,
              num_steps=NUM_STEPS.value, log_every=LOG_EVERY.value,
              logdir=LOGDIR.value, checkpoint_dir=CHECKPOINT_DIR.value,
              checkpoint_every=CHECKPOINT_EVERY.value)


_DEFINERS = {int: flags.DEFINE_integer, float: flags.DEFINE_float,
             bool: flags.DEFINE_bool, str: flags.DEFINE_string}


def define_hparam_flags(hparams_cls):
  """Defines one flag per `hparams_cls` field (default None = reference value).

  A field whose type is `typing.Literal[...]` becomes an enum flag. Returns
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
  return holders


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
  """Calls `run_fn`; a user error ends the program with one line, not a traceback.

  User errors: a missing GPU for `--device=gpu`, and missing input files or
  checkpoints (`FileNotFoundError`).
  """
  try:
    return run_fn(*args, **kwargs)
  except (training.DeviceUnavailableError, FileNotFoundError) as error:
    sys.stderr.write("error: %s\n" % error)
    sys.exit(1)
