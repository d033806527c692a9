"""contrib.distributions: core classes are TensorFlow's, the rest TFP's."""

import subprocess
import sys

import numpy as np
import pytest
import tensorflow as tf

from tf1_compat.contrib import distributions

V1 = tf.compat.v1


def test_core_names_are_tensorflows_and_math_is_right():
  assert distributions.Normal is V1.distributions.Normal
  assert distributions.kl_divergence is V1.distributions.kl_divergence
  graph = tf.Graph()
  with graph.as_default():
    normal = distributions.Normal(loc=1.0, scale=2.0)
    other = distributions.Normal(loc=0.0, scale=1.0)
    log_prob = normal.log_prob(3.0)
    kl = distributions.kl_divergence(normal, other)
    with V1.Session(graph=graph) as session:
      got_log_prob, got_kl = session.run([log_prob, kl])
  np.testing.assert_allclose(
      got_log_prob, -0.5 * np.log(2 * np.pi * 4) - 0.5, rtol=1e-6)
  np.testing.assert_allclose(got_kl, np.log(0.5) + (4 + 1) / 2 - 0.5,
                             rtol=1e-6)


def test_moved_names_come_from_tensorflow_probability():
  tfp = pytest.importorskip("tensorflow_probability")
  assert distributions.MultivariateNormalDiag is (
      tfp.distributions.MultivariateNormalDiag)
  assert distributions.bijectors is tfp.bijectors
  assert distributions.fill_triangular is tfp.math.fill_triangular
  graph = tf.Graph()
  with graph.as_default():
    mvn = distributions.MultivariateNormalDiag(loc=[0.0, 1.0],
                                               scale_diag=[1.0, 2.0])
    log_prob = mvn.log_prob([0.0, 1.0])
    with V1.Session(graph=graph) as session:
      got = session.run(log_prob)
  np.testing.assert_allclose(got, -np.log(2 * np.pi) - np.log(2.0), rtol=1e-6)


def test_without_tensorflow_probability_one_line_names_the_extra():
  code = ("import sys; sys.modules['tensorflow_probability'] = None\n"
          "from tf1_compat.contrib import distributions as d\n"
          "assert d.Normal is not None\n"
          "try:\n  d.Poisson\nexcept AttributeError as e:\n  print(e)\n")
  result = subprocess.run([sys.executable, "-c", code], capture_output=True,
                          text=True, check=True)
  line = result.stdout.strip()
  assert line.startswith("tf.contrib.distributions.Poisson needs TensorFlow "
                         "Probability")
  assert 'pip install "tf1_compat[probability]"' in line


def test_dropped_names_are_refused():
  with pytest.raises(AttributeError, match="WishartFull"):
    getattr(distributions, "WishartFull")
