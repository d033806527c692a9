"""Unmodified 2018-style TF1 scripts run through `python -m tf1_compat.run` and learn.

Every script in `scripts/` exits 0 and prints `loss <before> -> <after>` with
`after < before`. The selected scripts run concurrently in one module fixture; those in
`corpus.SLOW` only with `-m slow`.
"""

import os

import pytest

from tests.runner import corpus
from tf1_compat.data import write_synthetic_mnist


@pytest.fixture(scope="module")
def mnist_dir(tmp_path_factory):
  directory = str(tmp_path_factory.mktemp("mnist"))
  # 5600 training images: the default validation split (5000) leaves 600.
  write_synthetic_mnist(directory, num_train=5600, num_test=500, seed=0)
  return directory


@pytest.fixture(scope="module")
def outcomes(request, tmp_path_factory, mnist_dir):
  selected = sorted({
      item.callspec.params["script"] for item in request.session.items
      if item.module is request.module and hasattr(item, "callspec")
      and "script" in item.callspec.params})
  root = str(tmp_path_factory.mktemp("corpus"))
  return corpus.run_all(selected, root, mnist_dir)


def test_corpus_covers_every_script():
  on_disk = sorted(name for name in os.listdir(corpus.SCRIPTS_DIR)
                   if name.endswith(".py"))
  assert on_disk == sorted(corpus.CORPUS)
  assert len(on_disk) >= 12
  assert corpus.SLOW <= set(corpus.CORPUS)


@pytest.mark.parametrize("script", [
    pytest.param(script, marks=[pytest.mark.slow] if script in corpus.SLOW else [])
    for script in sorted(corpus.CORPUS)])
def test_script_runs_and_loss_goes_down(script, outcomes):
  outcome = outcomes[script]
  assert outcome.returncode == 0, outcome.describe()
  losses = outcome.losses()
  assert losses is not None, (
      "last line is not `loss <before> -> <after>`:\n" + outcome.describe())
  before, after = losses
  assert after < before, "loss did not go down: %s\n%s" % (
      losses, outcome.describe())
