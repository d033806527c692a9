"""Fixtures of the tf.estimator tests (helpers are in `estimator_testing`)."""

import logging

import pytest
import tensorflow as tf

from tests.estimator import estimator_testing


@pytest.fixture
def tf_log():
  """The messages `tf.logging` emits during the test, at INFO and above."""
  logger = logging.getLogger("tensorflow")
  records = estimator_testing.TfLogRecords()
  verbosity = tf.compat.v1.logging.get_verbosity()
  tf.compat.v1.logging.set_verbosity(tf.compat.v1.logging.INFO)
  logger.addHandler(records)
  try:
    yield records
  finally:
    logger.removeHandler(records)
    tf.compat.v1.logging.set_verbosity(verbosity)


@pytest.fixture
def tf1_control_flow():
  """Builds graphs with TF1's control flow (`tf.cond` as Switch/Merge).

  TF 1.15 (and `python -m tf1_compat.run`, through `disable_v2_behavior`)
  built the canned estimators' assertions and metrics with v1 control flow;
  it is also several times cheaper to build than `cond_v2`'s functions. The
  process-wide setting is restored after the test.
  """
  was_enabled = tf.compat.v1.control_flow_v2_enabled()
  tf.compat.v1.disable_control_flow_v2()
  try:
    yield
  finally:
    if was_enabled:
      tf.compat.v1.enable_control_flow_v2()
