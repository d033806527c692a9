"""TF 1.15's canned estimators and the v1 heads they are built on.

`linear`, `dnn`, `dnn_linear_combined` and `baseline` hold the estimators
(`tf.estimator.LinearClassifier`, ...), `head` the heads, `optimizers` the
optimizer-by-name rule, `metric_keys` and `prediction_keys` the names of what
they report. Variable names, defaults and losses are TF 1.15's, so a model_dir
written by TF 1.15 restores.
"""

from tf1_compat.estimator.canned.baseline import BaselineClassifier
from tf1_compat.estimator.canned.baseline import BaselineEstimator
from tf1_compat.estimator.canned.baseline import BaselineRegressor
from tf1_compat.estimator.canned.dnn import DNNClassifier
from tf1_compat.estimator.canned.dnn import DNNEstimator
from tf1_compat.estimator.canned.dnn import DNNRegressor
from tf1_compat.estimator.canned.dnn_linear_combined import DNNLinearCombinedClassifier
from tf1_compat.estimator.canned.dnn_linear_combined import DNNLinearCombinedEstimator
from tf1_compat.estimator.canned.dnn_linear_combined import DNNLinearCombinedRegressor
from tf1_compat.estimator.canned.linear import LinearClassifier
from tf1_compat.estimator.canned.linear import LinearEstimator
from tf1_compat.estimator.canned.linear import LinearRegressor
from tf1_compat.estimator.canned.metric_keys import MetricKeys
from tf1_compat.estimator.canned.prediction_keys import PredictionKeys

__all__ = [
    "BaselineClassifier",
    "BaselineEstimator",
    "BaselineRegressor",
    "DNNClassifier",
    "DNNEstimator",
    "DNNLinearCombinedClassifier",
    "DNNLinearCombinedEstimator",
    "DNNLinearCombinedRegressor",
    "LinearClassifier",
    "LinearEstimator",
    "LinearRegressor",
    "MetricKeys",
    "PredictionKeys",
]
