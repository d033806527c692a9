"""Numerical and naming parity of every cell and driver with TF1's legacy code."""

import pytest

from tests.oracle import harness
from tests.oracle import rnn_cases

pytestmark = pytest.mark.oracle


legacy_results = harness.legacy_results_fixture("tests.oracle.rnn_cases")


@pytest.mark.parametrize("case", sorted(rnn_cases.CASES))
def test_matches_tf1(case, legacy_results):
  ours = harness.evaluate(rnn_cases.CASES[case])
  harness.assert_match(ours, legacy_results[case])
