"""Numerical and naming parity of every cell and driver with TF1's legacy code."""

import pytest

from tests.oracle import harness
from tests.oracle import rnn_cases

pytestmark = pytest.mark.oracle


@pytest.fixture(scope="module")
def legacy_results(tmp_path_factory):
  reason = harness.legacy_available()
  if reason:
    pytest.fail("the TF1 oracle cannot run: " + reason)
  out = tmp_path_factory.mktemp("oracle") / "rnn.npz"
  return harness.run_oracle("tests.oracle.rnn_cases", out)


@pytest.mark.parametrize("case", sorted(rnn_cases.CASES))
def test_matches_tf1(case, legacy_results):
  ours = harness.evaluate(rnn_cases.CASES[case])
  harness.assert_match(ours, legacy_results[case])
