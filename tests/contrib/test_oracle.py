"""Numerical and naming parity of contrib pieces with their TF1 legacy twins."""

import pytest

from tests.oracle import contrib_cases
from tests.oracle import harness

pytestmark = pytest.mark.oracle


legacy_results = harness.legacy_results_fixture("tests.oracle.contrib_cases")


@pytest.mark.parametrize("case", sorted(contrib_cases.CASES))
def test_matches_tf1(case, legacy_results):
  harness.assert_match(harness.evaluate(contrib_cases.CASES[case]),
                       legacy_results[case])
