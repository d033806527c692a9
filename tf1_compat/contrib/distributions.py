"""`tf.contrib.distributions`: core `tf.distributions`, then TensorFlow Probability.

TF 1.15's contrib.distributions re-exported the core distributions
(`Normal`, `Bernoulli`, `Categorical`, `Dirichlet`, ..., `kl_divergence`) and
added many more that later moved to TensorFlow Probability. The core names are
TensorFlow's `tf.compat.v1.distributions` objects; the rest
(`MultivariateNormalDiag`, `Poisson`, `Mixture`, `bijectors`, `percentile`, ...)
are TensorFlow Probability's, loaded on first access, when the
`tensorflow-probability` package is installed (`pip install
"tf1_compat[probability]"`); without it they raise `NotProvidedError` saying so.
TensorFlow Probability's signatures are its current ones (e.g.
`MultivariateNormalDiag` no longer takes `scale_identity_multiplier`). The
`*WithSoftplus*` variants, the Wishart classes of TF 1.15 and the other names
TensorFlow Probability dropped are not provided.
"""

import tensorflow as tf

from tf1_compat.framework import not_provided
from tf1_compat.framework import tf_imports

_CORE = tf.compat.v1.distributions
_CORE_NAMES = tuple(name for name in dir(_CORE) if not name.startswith("_"))
globals().update({_name: getattr(_CORE, _name) for _name in _CORE_NAMES})

_API = "tf.contrib.distributions"
_INSTALL = 'pip install "tf1_compat[probability]"'

# TF 1.15 name -> where TensorFlow Probability keeps it.
_FROM_PROBABILITY = {
    "bijectors": "bijectors",
    "SeedStream": "util.SeedStream",
    "auto_correlation": "stats.auto_correlation",
    "percentile": "stats.percentile",
    "assign_moving_mean_variance": "stats.assign_moving_mean_variance",
    "assign_log_moving_mean_exp": "stats.assign_log_moving_mean_exp",
    "fill_triangular": "math.fill_triangular",
    "fill_triangular_inverse": "math.fill_triangular_inverse",
    "reduce_weighted_logsumexp": "math.reduce_weighted_logsumexp",
    "softplus_inverse": "math.softplus_inverse",
}
_FROM_PROBABILITY.update({name: "distributions." + name for name in (
    "Autoregressive", "BatchReshape", "Binomial", "Cauchy", "Chi2",
    "Deterministic", "ExpRelaxedOneHotCategorical", "Geometric", "HalfNormal",
    "Independent", "InverseGamma", "Kumaraswamy", "Logistic", "Mixture",
    "MixtureSameFamily", "MultivariateNormalDiag",
    "MultivariateNormalDiagPlusLowRank", "MultivariateNormalFullCovariance",
    "MultivariateNormalTriL", "NegativeBinomial", "OneHotCategorical",
    "Poisson", "PoissonLogNormalQuadratureCompound", "QuantizedDistribution",
    "RelaxedBernoulli", "RelaxedOneHotCategorical", "SinhArcsinh",
    "TransformedDistribution", "VectorDeterministic",
    "normal_conjugates_known_scale_posterior",
    "normal_conjugates_known_scale_predictive",
    "quadrature_scheme_lognormal_gauss_hermite",
    "quadrature_scheme_lognormal_quantiles")})

__all__ = sorted(_CORE_NAMES + tuple(_FROM_PROBABILITY))

_fallback = not_provided.partial_module_getattr(_API, __all__)


def _probability(api):
  try:
    return tf_imports.import_module("tensorflow_probability")
  except ImportError:
    raise not_provided.NotProvidedError(api, (
        "%s needs TensorFlow Probability, which is not installed: TF 1.15's "
        "contrib.distributions moved there. Install it with %s, or use the "
        "core tf.distributions (%s)." % (api, _INSTALL, ", ".join(
            n for n in _CORE_NAMES if n[0].isupper())))) from None


def __getattr__(name):
  if name not in _FROM_PROBABILITY:
    return _fallback(name)
  value = _probability("%s.%s" % (_API, name))
  for part in _FROM_PROBABILITY[name].split("."):
    value = getattr(value, part)
  globals()[name] = value
  return value
