"""The example programs' flags: one namespace, presets, key flags, validation."""

import dataclasses

from absl import flags
import pytest

from examples import char_lstm
from examples import common
from examples import lenet
from examples import linear_regression
from examples import seq2seq

_EXAMPLES = (char_lstm, lenet, linear_regression, seq2seq)
# Set from the data, not by a flag (a flag for it would be silently overwritten).
_DERIVED = {char_lstm: {"vocabulary_size"}}


@pytest.fixture
def parse():
  def parse_argv(*argv):
    return flags.FLAGS(["program", *argv])
  yield parse_argv
  flags.FLAGS.unparse_flags()


def test_all_examples_import_together_and_define_every_hyperparameter():
  for module in _EXAMPLES:
    hparams_cls = module.model.HParams
    for field in dataclasses.fields(hparams_cls):
      if field.name in _DERIVED.get(module, ()):
        continue
      assert field.name in common.FLAGS, (module.__name__, field.name)
  assert "vocabulary_size" not in common.FLAGS


def test_presets_and_explicit_flags():
  hparams = common.preset_hparams(lenet.model.HParams, lenet.PRESETS, "reference")
  assert hparams == lenet.model.HParams()  # The slides' configuration.
  quick = common.preset_hparams(lenet.model.HParams, lenet.PRESETS, "quick")
  assert quick.learning_rate == 1e-3 and quick.batch_size == 50
  assert lenet.PRESETS["reference"].num_steps == 20000
  assert char_lstm.PRESETS["reference"].num_steps == 7001


@pytest.mark.parametrize("module", _EXAMPLES, ids=lambda m: m.__name__)
def test_help_lists_the_shared_flags_and_the_hyperparameters(module):
  key_flags = {f.name for f in flags.FLAGS.get_key_flags_for_module(module)}
  shared = {"num_steps", "checkpoint_dir", "checkpoint_every", "device", "gpu",
            "seed", "preset", "logdir", "export_dir", "eval_only", "log_every",
            "max_to_keep"}
  assert shared <= key_flags, shared - key_flags
  hparams = {f.name for f in dataclasses.fields(module.model.HParams)}
  hparams -= _DERIVED.get(module, set())
  assert hparams <= key_flags, hparams - key_flags


def test_flags_become_one_run_config(parse, tmp_path):
  parse("--num_steps=7", "--seed=3", "--gpu", "--checkpoint_every=2",
        "--logdir=%s" % tmp_path, "--eval_only", "--max_to_keep=2")
  config = common.run_config(seq2seq.PRESETS)
  assert config == common.training.RunConfig(
      num_steps=7, device="gpu", seed=3, checkpoint_every=2, max_to_keep=2,
      logdir=str(tmp_path), eval_only=True)
  assert config.checkpoint_directory == str(tmp_path / "checkpoints")


def test_the_preset_sets_the_step_count(parse):
  parse("--preset=reference")
  assert common.run_config(lenet.PRESETS).num_steps == 20000
  hparams = common.hparams_from_flags(lenet.model.HParams, lenet._HPARAMS,  # pylint: disable=protected-access
                                      lenet.PRESETS)
  assert hparams == lenet.model.HParams()


@pytest.mark.parametrize("value", ["0", "-0.5", "0.25"])
def test_any_initial_bias_is_accepted(parse, value):
  parse("--bias_init=" + value)
  hparams = common.hparams_from_flags(lenet.model.HParams, lenet._HPARAMS,  # pylint: disable=protected-access
                                      lenet.PRESETS)
  assert hparams.bias_init == float(value)


def test_read_only_checkpoint_folders_pass_the_flag_check(parse, tmp_path):
  folder = tmp_path / "ckpt"
  folder.mkdir(mode=0o555)
  parse("--checkpoint_dir=%s" % folder, "--eval_only")
  assert common.run_config(lenet.PRESETS).checkpoint_dir == str(folder)
