"""Numerical and naming parity of every tf.layers layer with TF1's legacy code."""

import pytest

from tests.oracle import harness
from tests.oracle import layers_cases

pytestmark = pytest.mark.oracle


legacy_results = harness.legacy_results_fixture("tests.oracle.layers_cases")


@pytest.mark.parametrize("case", sorted(layers_cases.CASES))
def test_matches_tf1(case, legacy_results):
  ours = harness.evaluate(layers_cases.CASES[case])
  harness.assert_match(ours, legacy_results[case])
