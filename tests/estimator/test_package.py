"""The `tf.estimator` namespace: TF 1.15's core names, TensorFlow's own hooks."""

import pytest
import tensorflow as tf

from tf1_compat import estimator
from tf1_compat.estimator import errors as estimator_errors
from tf1_compat.framework import errors
from tf1_compat.framework import not_provided

_HOOKS = ["CheckpointSaverHook", "CheckpointSaverListener", "FeedFnHook",
          "FinalOpsHook", "GlobalStepWaiterHook", "LoggingTensorHook",
          "NanLossDuringTrainingError", "NanTensorHook", "ProfilerHook",
          "SecondOrStepTimer", "SessionRunArgs", "SessionRunContext",
          "SessionRunHook", "SessionRunValues", "StepCounterHook",
          "StopAtStepHook", "SummarySaverHook"]


_CANNED = ["BaselineClassifier", "BaselineEstimator", "BaselineRegressor",
           "DNNClassifier", "DNNEstimator", "DNNLinearCombinedClassifier",
           "DNNLinearCombinedEstimator", "DNNLinearCombinedRegressor",
           "DNNRegressor", "LinearClassifier", "LinearEstimator",
           "LinearRegressor"]


def test_public_names():
  assert sorted(estimator.__all__) == sorted(
      _HOOKS + _CANNED + [
          "Estimator", "EstimatorSpec", "ModeKeys", "RunConfig", "VocabInfo",
          "WarmStartSettings", "add_metrics", "experimental", "export",
          "inputs",
          "train_and_evaluate",
          "TrainSpec", "EvalSpec", "Exporter", "LatestExporter",
          "BestExporter", "FinalExporter", "classifier_parse_example_spec",
          "regressor_parse_example_spec"])
  for name in estimator.__all__:
    assert getattr(estimator, name) is not None
  assert sorted(estimator.inputs.__all__) == ["numpy_input_fn",
                                              "pandas_input_fn"]


@pytest.mark.parametrize("name", _HOOKS)
def test_hooks_are_tensorflows_own(name):
  assert getattr(estimator, name) is getattr(tf.compat.v1.train, name)


@pytest.mark.parametrize("name", _CANNED)
def test_canned_estimators_are_estimators(name):
  assert issubclass(getattr(estimator, name), estimator.Estimator)


@pytest.mark.parametrize("name, why", [
    ("RegressionHead", "TF 1.15's v2 heads"),
    ("MultiClassHead", "TF 1.15's v2 heads"),
    ("BoostedTreesClassifier", "gradient-boosted trees are not rebuilt"),
    ("TPUEstimator", "tf.estimator provides only"),
])
def test_v2_heads_and_boosted_trees_are_not_provided(name, why):
  with pytest.raises(not_provided.NotProvidedError,
                     match="tf.estimator.%s is not provided by tf1_compat: %s"
                     % (name, why)):
    getattr(estimator, name)
  assert not hasattr(estimator, name)


def test_submodules_name_what_they_lack():
  with pytest.raises(not_provided.NotProvidedError,
                     match="tf.estimator.export.TrainOutput is not provided"):
    estimator.export.TrainOutput  # pylint: disable=pointless-statement
  with pytest.raises(not_provided.NotProvidedError,
                     match="tf.estimator.inputs.generator_input_fn is not"):
    estimator.inputs.generator_input_fn  # pylint: disable=pointless-statement


def test_errors_share_the_base():
  for error in (estimator_errors.EstimatorValueError,
                estimator_errors.EstimatorTypeError,
                estimator_errors.NoTrainedModelError,
                estimator_errors.CheckpointMismatchError,
                estimator_errors.PandasNotInstalledError,
                estimator_errors.NoNewCheckpointError):
    assert issubclass(error, errors.Error)
  assert issubclass(estimator_errors.CheckpointMismatchError, ValueError)
  assert issubclass(estimator_errors.PandasNotInstalledError, TypeError)
  assert issubclass(estimator_errors.NoNewCheckpointError, RuntimeError)
