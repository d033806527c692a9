"""Numerical and naming parity of every tf.layers layer with TF1's legacy code."""

import pytest

from tests.oracle import harness
from tests.oracle import layers_cases

pytestmark = pytest.mark.oracle


@pytest.fixture(scope="module")
def legacy_results(tmp_path_factory):
  reason = harness.legacy_available()
  if reason:
    pytest.fail("the TF1 oracle cannot run: " + reason)
  out = tmp_path_factory.mktemp("oracle") / "layers.npz"
  return harness.run_oracle("tests.oracle.layers_cases", out)


@pytest.mark.parametrize("case", sorted(layers_cases.CASES))
def test_matches_tf1(case, legacy_results):
  ours = harness.evaluate(layers_cases.CASES[case])
  harness.assert_match(ours, legacy_results[case])
