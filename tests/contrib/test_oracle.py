"""Numerical and naming parity of contrib pieces with their TF1 legacy twins."""

import pytest

from tests.oracle import contrib_cases
from tests.oracle import harness

pytestmark = pytest.mark.oracle


@pytest.fixture(scope="module")
def legacy_results(tmp_path_factory):
  reason = harness.legacy_available()
  if reason:
    pytest.fail("the TF1 oracle cannot run: " + reason)
  out = tmp_path_factory.mktemp("oracle") / "contrib.npz"
  return harness.run_oracle("tests.oracle.contrib_cases", out)


@pytest.mark.parametrize("case", sorted(contrib_cases.CASES))
def test_matches_tf1(case, legacy_results):
  harness.assert_match(harness.evaluate(contrib_cases.CASES[case]),
                       legacy_results[case])
