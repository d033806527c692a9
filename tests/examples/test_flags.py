"""The example programs share one flag namespace without conflicts."""

import dataclasses

from examples import char_lstm
from examples import common
from examples import lenet
from examples import linear_regression
from examples import seq2seq


def test_all_examples_import_together_and_define_every_hyperparameter():
  for module in (char_lstm, lenet, linear_regression, seq2seq):
    hparams_cls = module.model.HParams
    for field in dataclasses.fields(hparams_cls):
      assert field.name in common.FLAGS, (module.__name__, field.name)


def test_presets_and_explicit_flags():
  hparams = common.preset_hparams(lenet.model.HParams, lenet.PRESETS, "reference")
  assert hparams == lenet.model.HParams()  # The slides' configuration.
  quick = common.preset_hparams(lenet.model.HParams, lenet.PRESETS, "quick")
  assert quick.learning_rate == 1e-3 and quick.batch_size == 50
  assert lenet.PRESETS["reference"].num_steps == 20000
  assert char_lstm.PRESETS["reference"].num_steps == 7001
