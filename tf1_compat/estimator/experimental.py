"""`tf.estimator.experimental` as in TF 1.15: the early-stopping hooks.

The rest of TF 1.15's namespace (`InMemoryEvaluatorHook`, `KMeans`,
`LinearSDCA`, the logit-fn builders, ...) is refused by name with a
replacement.
"""

from tf1_compat.estimator.early_stopping import make_early_stopping_hook
from tf1_compat.estimator.early_stopping import stop_if_higher_hook
from tf1_compat.estimator.early_stopping import stop_if_lower_hook
from tf1_compat.estimator.early_stopping import stop_if_no_decrease_hook
from tf1_compat.estimator.early_stopping import stop_if_no_increase_hook
from tf1_compat.framework import not_provided as _not_provided

__all__ = [
    "make_early_stopping_hook",
    "stop_if_higher_hook",
    "stop_if_lower_hook",
    "stop_if_no_decrease_hook",
    "stop_if_no_increase_hook",
]

_EVALUATE = ("not rebuilt", "tf.estimator.train_and_evaluate with an EvalSpec, "
             "or Estimator.evaluate between train calls")
_REFUSED = {
    "InMemoryEvaluatorHook": _EVALUATE,
    "make_stop_at_checkpoint_step_hook": (
        "not rebuilt", "tf.estimator.StopAtStepHook(last_step=...)"),
    "KMeans": ("the k-means estimator is not rebuilt",
               "scikit-learn's KMeans"),
    "LinearSDCA": ("the SDCA optimizer left TensorFlow with contrib",
                   "tf.estimator.LinearClassifier with its Ftrl optimizer"),
    "build_raw_supervised_input_receiver_fn": (
        "not rebuilt", "tf.estimator.export.build_raw_serving_input_receiver_fn"),
    "call_logit_fn": ("the logit-fn helpers are not rebuilt",
                      "a model_fn computing the logits itself"),
    "dnn_logit_fn_builder": ("the logit-fn helpers are not rebuilt",
                             "tf.estimator.DNNEstimator"),
    "linear_logit_fn_builder": ("the logit-fn helpers are not rebuilt",
                                "tf.estimator.LinearEstimator"),
}

__getattr__ = _not_provided.partial_module_getattr(
    "tf.estimator.experimental", __all__, refused=_REFUSED)
