"""TF 1.15's internal module paths, and the modules that serve them in the runner.

2018 code, and TF 1.15's own tests, import TensorFlow's internal modules by
path: `from tensorflow.python.layers.core import Dense`, `from
tensorflow.python.ops import rnn_cell_impl`, `from
tensorflow.contrib.seq2seq.python.ops import beam_search_ops`; and the
estimator's, which TF 1.15 shipped as the `tensorflow_estimator` package:
`from tensorflow_estimator.python.estimator import run_config`. Inside the
runner each path below is the module that serves the public name today (the
very object, so `isinstance` checks hold): one of ours, or the tf-slim module
TF 1.15's code now lives in. Paths in between (`tensorflow.contrib.seq2seq.python`,
`...python.ops`, `tensorflow_estimator.python.estimator`) are empty packages.
Other internal paths under a provided contrib package are refused; other
`tensorflow_estimator` paths (the v2 heads, the TPU estimator, ...) are not
found, as outside the runner, where no `tensorflow_estimator` is installed;
`tensorflow.python.*` paths not listed here are TensorFlow 2's own modules.
"""

_SEQ2SEQ_MODULES = ("attention_wrapper", "basic_decoder", "beam_search_decoder",
                    "beam_search_ops", "decoder", "helper", "loss")
_SLIM_MODULES = ("evaluation", "learning", "model_analyzer", "queues",
                 "summaries")
_SLIM_NETS = ("alexnet", "inception", "inception_v1", "inception_v2",
              "inception_v3", "overfeat", "resnet_utils", "resnet_v1",
              "resnet_v2", "vgg")
_SLIM_DATA = ("data_decoder", "data_provider", "dataset",
              "dataset_data_provider", "parallel_reader", "prefetch_queue",
              "tfexample_decoder")
_LEARN = "tensorflow.contrib.learn.python.learn."
_ESTIMATOR = "tensorflow_estimator.python.estimator."
# The estimator's modules that are ours under the same name.
_ESTIMATOR_MODULES = (
    "early_stopping", "estimator", "exporter", "extenders", "gc", "mode_keys",
    "model_fn", "run_config", "training", "util", "canned",
    "canned.baseline", "canned.dnn", "canned.dnn_linear_combined",
    "canned.head", "canned.linear", "canned.metric_keys", "canned.optimizers",
    "canned.parsing_utils", "canned.prediction_keys", "export",
    "export.export", "export.export_lib", "export.export_output", "inputs",
    "inputs.numpy_io", "inputs.pandas_io")
_OPT_MODULES = ("adam_gs_optimizer", "addsign", "lazy_adam_gs_optimizer",
                "lazy_adam_optimizer", "moving_average_optimizer",
                "nadam_optimizer", "powersign", "sign_decay",
                "weight_decay_optimizers")

# TF 1.15 module path -> the module that serves it.
MODULE_PATHS = {
    # Core TensorFlow paths whose TF 2 modules refuse to work with Keras 3.
    "tensorflow.python.ops.rnn_cell": "tf1_compat.rnn",
    "tensorflow.python.ops.rnn_cell_impl": "tf1_compat.rnn",
    "tensorflow.python.layers.base": "tf1_compat.framework.base_layer",
    "tensorflow.python.layers.core": "tf1_compat.layers.core",
    "tensorflow.python.layers.convolutional": "tf1_compat.layers.convolutional",
    "tensorflow.python.layers.pooling": "tf1_compat.layers.pooling",
    "tensorflow.python.layers.normalization": "tf1_compat.layers.normalization",
    "tensorflow.python.layers.layers": "tf1_compat.layers",
    # Core TensorFlow modules that TF 2 moved (TF 1.15's tests import them).
    "tensorflow.python.training.tracking": "tensorflow.python.trackable",
    "tensorflow.python.training.tracking.base":
        "tensorflow.python.trackable.base",
    "tensorflow.python.training.tracking.tracking":
        "tensorflow.python.trackable.autotrackable",
    "tensorflow.python.training.tracking.data_structures":
        "tensorflow.python.trackable.data_structures",
    "tensorflow.python.training.tracking.util":
        "tensorflow.python.checkpoint.checkpoint",
    # TF 1.15's `Network`, the base of `Model` that TF 2 folded into it.
    "tensorflow.python.keras.engine.network":
        "tf1_compat.dropin.keras_network",
    # contrib.rnn
    "tensorflow.contrib.rnn.python.ops.rnn_cell": "tf1_compat.contrib.rnn",
    "tensorflow.contrib.rnn.python.ops.core_rnn_cell":
        "tf1_compat.contrib.rnn.projection_wrappers",
    "tensorflow.contrib.rnn.python.ops.fused_rnn_cell":
        "tf1_compat.contrib.rnn.fused_rnn_cell",
    "tensorflow.contrib.rnn.python.ops.lstm_ops":
        "tf1_compat.contrib.rnn.block_lstm",
    "tensorflow.contrib.rnn.python.ops.rnn": "tf1_compat.contrib.rnn.stacked_rnn",
    "tensorflow.contrib.rnn.python.ops.gru_ops":
        "tf1_compat.contrib.rnn.gru_block",
    # contrib.crf, contrib.cudnn_rnn (contrib.opt below)
    "tensorflow.contrib.crf.python.ops.crf": "tf1_compat.contrib.crf",
    "tensorflow.contrib.cudnn_rnn.python.layers": "tf1_compat.contrib.cudnn_rnn",
    "tensorflow.contrib.cudnn_rnn.python.layers.cudnn_rnn":
        "tf1_compat.contrib.cudnn_rnn.cudnn_rnn",
    "tensorflow.contrib.cudnn_rnn.python.ops.cudnn_rnn_ops":
        "tf1_compat.contrib.cudnn_rnn.cudnn_rnn_ops",
    # contrib.layers, contrib.framework
    "tensorflow.contrib.layers.python.layers": "tf1_compat.contrib.layers",
    "tensorflow.contrib.layers.python.layers.layers": "tf1_compat.contrib.layers",
    "tensorflow.contrib.layers.python.layers.initializers":
        "tf1_compat.contrib.layers.initializers",
    "tensorflow.contrib.layers.python.layers.regularizers":
        "tf1_compat.contrib.layers.regularizers",
    "tensorflow.contrib.layers.python.layers.feature_column":
        "tf1_compat.contrib.layers.feature_column",
    "tensorflow.contrib.layers.python.layers.feature_column_ops":
        "tf1_compat.contrib.layers.feature_column_ops",
    "tensorflow.contrib.layers.python.layers.embedding_ops":
        "tf1_compat.contrib.layers.embedding",
    "tensorflow.contrib.layers.python.ops.sparse_feature_cross_op":
        "tf1_compat.contrib.layers.sparse_feature_cross",
    "tensorflow.contrib.framework.python.ops": "tf1_compat.contrib.framework",
    "tensorflow.contrib.framework.python.ops.arg_scope":
        "tf1_compat.contrib.framework.arg_scopes",
    "tensorflow.contrib.framework.python.ops.variables": "tf_slim.ops.variables",
    "tensorflow.contrib.framework.python.framework.tensor_util":
        "tf1_compat.contrib.framework.tensor_utils",
    # contrib.legacy_seq2seq, contrib.training, contrib.lookup
    "tensorflow.contrib.legacy_seq2seq.python.ops.seq2seq":
        "tf1_compat.contrib.legacy_seq2seq.seq2seq",
    "tensorflow.contrib.training.python.training.hparam":
        "tf1_compat.contrib.training.hparam",
    "tensorflow.contrib.training.python.training.training":
        "tf_slim.training.training",
    "tensorflow.contrib.training.python.training.evaluation":
        "tf_slim.training.evaluation",
    "tensorflow.contrib.lookup.lookup_ops": "tf1_compat.contrib.lookup",
    # contrib.learn
    _LEARN + "datasets": "tf1_compat.contrib.learn.datasets",
    _LEARN + "datasets.base": "tf1_compat.contrib.learn.datasets.base",
    _LEARN + "datasets.mnist": "tf1_compat.contrib.learn.datasets.mnist",
    _LEARN + "preprocessing": "tf1_compat.contrib.learn.preprocessing",
    _LEARN + "preprocessing.text": "tf1_compat.contrib.learn.preprocessing.text",
    _LEARN + "preprocessing.categorical":
        "tf1_compat.contrib.learn.preprocessing.categorical",
    _LEARN + "preprocessing.categorical_vocabulary":
        "tf1_compat.contrib.learn.preprocessing.categorical_vocabulary",
    # tensorflow_estimator: TF 1.15's tf.estimator (the rest is below).
    "tensorflow_estimator.estimator": "tf1_compat.estimator",
    "tensorflow_estimator.estimator.export": "tf1_compat.estimator.export",
    "tensorflow_estimator.estimator.inputs": "tf1_compat.estimator.inputs",
    # Modules that gathered the public names, like our packages.
    _ESTIMATOR + "estimator_lib": "tf1_compat.estimator",
    _ESTIMATOR + "inputs.inputs": "tf1_compat.estimator.inputs",
    # The session-run hooks the estimator re-exported are TensorFlow's own.
    _ESTIMATOR + "hooks.basic_session_run_hooks":
        "tensorflow.python.training.basic_session_run_hooks",
    _ESTIMATOR + "hooks.session_run_hook":
        "tensorflow.python.training.session_run_hook",
}
MODULE_PATHS.update({
    _ESTIMATOR + name: "tf1_compat.estimator." + name
    for name in _ESTIMATOR_MODULES})
MODULE_PATHS.update({
    "tensorflow.contrib.seq2seq.python.ops." + name: "tf1_compat.seq2seq." + name
    for name in _SEQ2SEQ_MODULES})
MODULE_PATHS.update({
    "tensorflow.contrib.opt.python.training." + name:
        "tf1_compat.contrib.opt." + name
    for name in _OPT_MODULES})
MODULE_PATHS.update({
    "tensorflow.contrib.slim.python.slim." + name: "tf_slim." + name
    for name in _SLIM_MODULES})
MODULE_PATHS.update({
    "tensorflow.contrib.slim.python.slim.nets." + name: "tf_slim.nets." + name
    for name in _SLIM_NETS})
MODULE_PATHS.update({
    "tensorflow.contrib.slim.python.slim.data." + name: "tf_slim.data." + name
    for name in _SLIM_DATA})


def _packages():
  """The paths between a provided package and a listed module."""
  packages = set()
  for path in MODULE_PATHS:
    parts = path.split(".")
    if parts[0] == "tensorflow_estimator":
      # From `tensorflow_estimator` itself down to above the module.
      first = 1
    elif parts[1] == "contrib":
      # Below `tensorflow.contrib.<package>` and above the module itself.
      first = 4
    else:
      continue
    for end in range(first, len(parts)):
      packages.add(".".join(parts[:end]))
  return frozenset(packages - set(MODULE_PATHS))


# Intermediate paths served as empty packages (e.g. `...seq2seq.python.ops`,
# `tensorflow_estimator.python.estimator`).
PACKAGES = _packages()


def has_children(module_name):
  """Whether some listed path lies below `module_name` (it must be a package)."""
  prefix = module_name + "."
  return any(p.startswith(prefix) for p in MODULE_PATHS) or any(
      p.startswith(prefix) for p in PACKAGES)


def target(module_name):
  """The module serving TF 1.15 path `module_name`, or None."""
  return MODULE_PATHS.get(module_name)
