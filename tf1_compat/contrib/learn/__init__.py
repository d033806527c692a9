"""`tf.contrib.learn`: the pure-Python parts that 2018 code used.

Provided: `ModeKeys` (with contrib.learn's `INFER`), `preprocessing`
(`VocabularyProcessor`, `ByteProcessor`, `CategoricalVocabulary`,
`CategoricalProcessor`, `tokenizer`) and `datasets` (`mnist.read_data_sets` on
local IDX files, `base.Datasets`, the CSV loaders).

The Estimator framework (`Estimator`, `SKCompat`, `DNNClassifier`, `RunConfig`,
`Experiment`, `learn_runner`, heads, monitors, ...) is not rebuilt: each name
raises `NotProvidedError` naming its `tf.estimator` successor, which tf1_compat
provides. So do the graph
loops (`train`, `evaluate`, ...) and the queue readers (`read_batch_examples`,
...), each with its replacement.
"""

from tf1_compat.contrib.learn import datasets
from tf1_compat.contrib.learn import preprocessing
from tf1_compat.contrib.learn.mode_keys import ModeKeys
from tf1_compat.framework import not_provided

__all__ = ["ModeKeys", "datasets", "preprocessing"]

_CANNED_HEADS = ("the canned tf.estimator classifiers and regressors (their "
                 "heads are built in)")

# contrib.learn name -> its successor in tf.estimator (TF 1.15's advice).
_ESTIMATOR_SUCCESSORS = {
    "BaseEstimator": "tf.estimator.Estimator",
    "Estimator": "tf.estimator.Estimator",
    "Evaluable": "tf.estimator.Estimator",
    "Trainable": "tf.estimator.Estimator",
    "NotFittedError": "tf.estimator.Estimator",
    "SKCompat": "tf.estimator.Estimator with tf.estimator.inputs.numpy_input_fn",
    "estimators": "tf.estimator",
    "DNNClassifier": "tf.estimator.DNNClassifier",
    "DNNEstimator": "tf.estimator.DNNEstimator",
    "DNNRegressor": "tf.estimator.DNNRegressor",
    "DNNLinearCombinedClassifier": "tf.estimator.DNNLinearCombinedClassifier",
    "DNNLinearCombinedEstimator": "tf.estimator.DNNLinearCombinedEstimator",
    "DNNLinearCombinedRegressor": "tf.estimator.DNNLinearCombinedRegressor",
    "LinearClassifier": "tf.estimator.LinearClassifier",
    "LinearEstimator": "tf.estimator.LinearEstimator",
    "LinearRegressor": "tf.estimator.LinearRegressor",
    "LogisticRegressor": "tf.estimator.LinearClassifier",
    "SVM": "tf.estimator.LinearClassifier (no SVM loss)",
    "KMeansClustering": "tf.estimator.experimental.KMeans",
    "DynamicRnnEstimator": "tf.estimator.experimental.RNNClassifier",
    "StateSavingRnnEstimator": "tf.estimator.experimental.RNNClassifier",
    "ModelFnOps": "tf.estimator.EstimatorSpec",
    "MetricSpec": "the eval_metric_ops of tf.estimator.EstimatorSpec",
    "PredictionKey": "the predictions dict of tf.estimator.EstimatorSpec",
    "ProblemType": _CANNED_HEADS,
    "Head": _CANNED_HEADS,
    "head": _CANNED_HEADS,
    "multi_class_head": _CANNED_HEADS,
    "multi_label_head": _CANNED_HEADS,
    "binary_svm_head": _CANNED_HEADS,
    "regression_head": _CANNED_HEADS,
    "poisson_regression_head": _CANNED_HEADS,
    "multi_head": _CANNED_HEADS,
    "no_op_train_fn": "the train_op_fn of a tf.estimator head",
    "RunConfig": "tf.estimator.RunConfig",
    "TaskType": "tf.estimator.RunConfig.task_type",
    "Experiment": "tf.estimator.train_and_evaluate",
    "learn_runner": "tf.estimator.train_and_evaluate",
    "ExportStrategy": "tf.estimator.Exporter",
    "make_export_strategy": "tf.estimator.LatestExporter",
    "InputFnOps": "tf.estimator.export.ServingInputReceiver",
    "build_parsing_serving_input_fn": (
        "tf.estimator.export.build_parsing_serving_input_receiver_fn"),
    "utils": "tf.estimator.export and tf.saved_model",
}
_GRAPH_ACTIONS = ("contrib.learn's graph_actions loops were removed with contrib",
                  "a tf.Session loop calling session.run, or "
                  "tf.train.MonitoredTrainingSession (both provided)")
_READERS = ("contrib.learn's queue-based input readers were removed with "
            "contrib", "tf.data (TFRecordDataset, TextLineDataset, "
            "Dataset.from_tensor_slices) with make_one_shot_iterator, or "
            "feed_dict batches")
_DATAFRAMES = ("contrib.learn's pandas and dask adapters were removed with "
               "contrib", "DataFrame.to_numpy() fed through feed_dict or "
               "tf.data.Dataset.from_tensor_slices")
_OTHERS = {
    "graph_actions": _GRAPH_ACTIONS,
    "evaluate": _GRAPH_ACTIONS,
    "infer": _GRAPH_ACTIONS,
    "run_feeds": _GRAPH_ACTIONS,
    "run_n": _GRAPH_ACTIONS,
    "train": _GRAPH_ACTIONS,
    "io": _READERS,
    "read_batch_examples": _READERS,
    "read_batch_features": _READERS,
    "read_batch_record_features": _READERS,
    "read_keyed_batch_examples": _READERS,
    "read_keyed_batch_examples_shared_queue": _READERS,
    "read_keyed_batch_features": _READERS,
    "read_keyed_batch_features_shared_queue": _READERS,
    "extract_dask_data": _DATAFRAMES,
    "extract_dask_labels": _DATAFRAMES,
    "extract_pandas_data": _DATAFRAMES,
    "extract_pandas_labels": _DATAFRAMES,
    "extract_pandas_matrix": _DATAFRAMES,
    "infer_real_valued_columns_from_input": (
        "contrib feature-column inference was removed with contrib",
        "one tf.feature_column.numeric_column per input"),
    "infer_real_valued_columns_from_input_fn": (
        "contrib feature-column inference was removed with contrib",
        "one tf.feature_column.numeric_column per input"),
    "monitors": ("contrib.learn's monitors were replaced by session run hooks",
                 "tf.train.SessionRunHook subclasses (tf.train.StopAtStepHook, "
                 "LoggingTensorHook, NanTensorHook) with "
                 "tf.train.MonitoredTrainingSession"),
    "NanLossDuringTrainingError": (
        "contrib.learn's monitors were replaced by session run hooks",
        "tf.train.NanLossDuringTrainingError, raised by tf.train.NanTensorHook"),
    "models": ("contrib.learn.models (its regression graph builders) was "
               "removed with contrib",
               "tf.layers.dense with tf.losses.mean_squared_error or "
               "tf.losses.sigmoid_cross_entropy"),
    "ops": ("contrib.learn.ops was removed with contrib",
            "tf.nn.embedding_lookup and the other core tf.nn ops"),
    "python": ("TF 1.15's private module paths (tf.contrib.learn.python.learn.*) "
               "are not rebuilt",
               "the public paths tf.contrib.learn.preprocessing and "
               "tf.contrib.learn.datasets.mnist (provided), or `from "
               "tensorflow.examples.tutorials.mnist import input_data` "
               "(provided)"),
}


def _refused():
  refused = dict(_OTHERS)
  for name, successor in _ESTIMATOR_SUCCESSORS.items():
    refused[name] = (
        "contrib.learn's Estimator framework was superseded by tf.estimator "
        "in TF 1.x", "%s (tf1_compat provides tf.estimator: Estimator, "
        "EstimatorSpec, RunConfig, inputs, export), or a tf.Session loop"
        % successor)
  return refused


__getattr__ = not_provided.partial_module_getattr("tf.contrib.learn", __all__,
                                                  _refused())
