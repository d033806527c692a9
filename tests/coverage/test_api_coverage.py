"""TF 1.15's whole public API through `tf1_compat.v1`: resolved or refused, never
missing; the share that resolves does not fall; the coverage document is the
measurement's output; every TF 1.15 contrib package is provided or refused with a
replacement."""

import pytest

from tests.coverage import api_coverage

# The share of TF 1.15's module-level names outside tf.estimator that resolve.
# Raise it when coverage grows; it must never be lowered.
_RESOLVING_FLOOR = 0.990
_CONTRIB_PROVIDED_FLOOR = 15


@pytest.fixture(scope="module")
def classified():
  return api_coverage.classify(api_coverage.read_lines(api_coverage.NAMES_FILE))


@pytest.fixture(scope="module")
def contrib():
  return api_coverage.contrib_status(
      api_coverage.read_lines(api_coverage.CONTRIB_FILE))


def test_the_names_list_is_tf_1_15s():
  names = api_coverage.read_lines(api_coverage.NAMES_FILE)
  assert len(names) == 3860 and names == sorted(set(names))
  for name in ("tf.Session", "tf.nn.rnn_cell.LSTMCell", "tf.layers.dense",
               "tf.estimator.Estimator", "tf.keras.layers.CuDNNLSTM"):
    assert name in names
  assert len(api_coverage.read_lines(api_coverage.CONTRIB_FILE)) == 83


def test_every_name_resolves_or_is_refused_with_a_replacement(classified):
  missing = ["%s (%s)" % (n.api, n.detail[:100]) for n in classified
             if n.kind == api_coverage.MISSING]
  assert missing == []
  for name in classified:
    if name.kind == api_coverage.REFUSED:
      assert "Closest replacement:" in name.detail or (
          "Install it with" in name.detail), name


def test_the_resolving_share_does_not_fall(classified):
  share, ok, kept = api_coverage.share_resolving(classified)
  assert share >= _RESOLVING_FLOOR, "%d of %d resolve" % (ok, kept)


def test_every_contrib_package_is_provided_or_refused_by_name(contrib):
  provided = [p for p, (state, _) in contrib.items() if state == "provided"]
  generic = [p for p, (state, detail) in contrib.items()
             if state == "refused" and not detail]
  assert len(provided) >= _CONTRIB_PROVIDED_FLOOR, provided
  assert generic == []


def test_the_coverage_document_is_the_measurement(classified, contrib):
  assert api_coverage.docs_section() == api_coverage.report(classified,
                                                            contrib)
