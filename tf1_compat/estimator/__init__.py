"""`tf.estimator`: TF 1.15's estimators, rebuilt on `tf.compat.v1`.

TensorFlow 2.16 removed `tf.estimator`. This package provides it with TF 1.15's
semantics, defaults, variable names, log lines and error messages: `Estimator`
(train, evaluate, predict, export), `EstimatorSpec`, `ModeKeys`, `RunConfig`
(with `TF_CONFIG` parsing), warm-starting (`WarmStartSettings`, `VocabInfo`),
the canned estimators of TF1 programs (`LinearClassifier`, `LinearRegressor`,
`DNNClassifier`, `DNNRegressor`, `DNNLinearCombinedClassifier`,
`DNNLinearCombinedRegressor`, `BaselineClassifier`, `BaselineRegressor` and the
`*Estimator`s taking a head of `tf1_compat.estimator.canned.head`),
`classifier_parse_example_spec` and `regressor_parse_example_spec`,
`train_and_evaluate` with `TrainSpec`/`EvalSpec` (in one process, or as one
task of a `TF_CONFIG` cluster of chief, workers, parameter servers and an
evaluator, on TensorFlow's distributed runtime), the exporters (`LatestExporter`,
`BestExporter`, `FinalExporter`), the `inputs` module (`numpy_input_fn`,
`pandas_input_fn`), the `export` module (serving input receivers and export
outputs), and the session-run hooks TF 1.15 exported under `tf.estimator`
(TensorFlow's own `tf.compat.v1.train` classes). TF 1.15's v2 heads
(`tf.estimator.RegressionHead`, ...), boosted trees and the TPU estimator are
not provided; asking for one raises `NotProvidedError`.

    import tf1_compat.estimator as estimator

    def model_fn(features, labels, mode):
      ...
      return estimator.EstimatorSpec(mode, loss=loss, train_op=train_op)

    est = estimator.Estimator(model_fn, model_dir="/tmp/model")
    est.train(estimator.inputs.numpy_input_fn(
        {"x": xs}, ys, batch_size=32, num_epochs=None, shuffle=True), steps=100)
"""

import tensorflow as _tf

from tf1_compat.estimator import experimental
from tf1_compat.estimator.extenders import add_metrics
from tf1_compat.estimator import export
from tf1_compat.estimator import inputs
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
from tf1_compat.estimator.canned.parsing_utils import classifier_parse_example_spec
from tf1_compat.estimator.canned.parsing_utils import regressor_parse_example_spec
from tf1_compat.estimator.estimator import Estimator
from tf1_compat.estimator.exporter import BestExporter
from tf1_compat.estimator.exporter import Exporter
from tf1_compat.estimator.exporter import FinalExporter
from tf1_compat.estimator.exporter import LatestExporter
from tf1_compat.estimator.mode_keys import ModeKeys
from tf1_compat.estimator.model_fn import EstimatorSpec
from tf1_compat.estimator.run_config import RunConfig
from tf1_compat.estimator.training import EvalSpec
from tf1_compat.estimator.training import TrainSpec
from tf1_compat.estimator.training import train_and_evaluate
from tf1_compat.estimator.warm_starting import VocabInfo
from tf1_compat.estimator.warm_starting import WarmStartSettings
from tf1_compat.framework import not_provided as _not_provided

_TRAIN = _tf.compat.v1.train
CheckpointSaverHook = _TRAIN.CheckpointSaverHook
CheckpointSaverListener = _TRAIN.CheckpointSaverListener
FeedFnHook = _TRAIN.FeedFnHook
FinalOpsHook = _TRAIN.FinalOpsHook
GlobalStepWaiterHook = _TRAIN.GlobalStepWaiterHook
LoggingTensorHook = _TRAIN.LoggingTensorHook
NanLossDuringTrainingError = _TRAIN.NanLossDuringTrainingError
NanTensorHook = _TRAIN.NanTensorHook
ProfilerHook = _TRAIN.ProfilerHook
SecondOrStepTimer = _TRAIN.SecondOrStepTimer
SessionRunArgs = _TRAIN.SessionRunArgs
SessionRunContext = _TRAIN.SessionRunContext
SessionRunHook = _TRAIN.SessionRunHook
SessionRunValues = _TRAIN.SessionRunValues
StepCounterHook = _TRAIN.StepCounterHook
StopAtStepHook = _TRAIN.StopAtStepHook
SummarySaverHook = _TRAIN.SummarySaverHook

__all__ = [
    "BaselineClassifier",
    "BaselineEstimator",
    "BaselineRegressor",
    "BestExporter",
    "CheckpointSaverHook",
    "CheckpointSaverListener",
    "DNNClassifier",
    "DNNEstimator",
    "DNNLinearCombinedClassifier",
    "DNNLinearCombinedEstimator",
    "DNNLinearCombinedRegressor",
    "DNNRegressor",
    "Estimator",
    "EstimatorSpec",
    "EvalSpec",
    "Exporter",
    "FeedFnHook",
    "FinalExporter",
    "FinalOpsHook",
    "GlobalStepWaiterHook",
    "LatestExporter",
    "LinearClassifier",
    "LinearEstimator",
    "LinearRegressor",
    "LoggingTensorHook",
    "ModeKeys",
    "NanLossDuringTrainingError",
    "NanTensorHook",
    "ProfilerHook",
    "RunConfig",
    "SecondOrStepTimer",
    "SessionRunArgs",
    "SessionRunContext",
    "SessionRunHook",
    "SessionRunValues",
    "StepCounterHook",
    "StopAtStepHook",
    "SummarySaverHook",
    "TrainSpec",
    "VocabInfo",
    "WarmStartSettings",
    "add_metrics",
    "classifier_parse_example_spec",
    "experimental",
    "export",
    "inputs",
    "regressor_parse_example_spec",
    "train_and_evaluate",
]

_V2_HEADS = ("TF 1.15's v2 heads (tf.estimator.*Head, which train with Keras "
             "optimizers) are not rebuilt")
_V1_HEADS = ("a canned estimator, or tf1_compat.estimator.canned.head (TF "
             "1.15's v1 heads, the canned estimators' own) with "
             "DNNEstimator/LinearEstimator")
_BOOSTED_TREES = ("gradient-boosted trees are not rebuilt",
                  "TensorFlow Decision Forests (the tensorflow_decision_forests "
                  "package)")
_REFUSED = {name: (_V2_HEADS, _V1_HEADS) for name in (
    "Head", "BinaryClassHead", "MultiClassHead", "MultiLabelHead", "MultiHead",
    "RegressionHead", "LogisticRegressionHead", "PoissonRegressionHead")}
_REFUSED.update({name: _BOOSTED_TREES for name in (
    "BoostedTreesClassifier", "BoostedTreesEstimator",
    "BoostedTreesRegressor")})

__getattr__ = _not_provided.partial_module_getattr("tf.estimator", __all__,
                                                   refused=_REFUSED)
