"""TF1 APIs that tf1_compat does not provide, and the errors that say so.

Old code that reaches for one of these fails at the attribute access or import that
names it (`tf.contrib.learn`, `import tensorflow.contrib.slim`), with a message that
names the API, says it is not provided, and points to the closest replacement,
instead of failing later with something confusing. `lookup` finds the most specific
entry: `tf.contrib.learn.datasets.mnist` has its own advice, the rest of
`tf.contrib.learn` shares one. Names missing from a partially rebuilt namespace
(`tf.contrib.foo`, `tf.contrib.rnn.NASCell`) get `unknown_member_error`, which
lists what the namespace does provide.
"""

import dataclasses

COVERAGE_DOC = "docs/tf1_api_coverage.md in the tf1_compat repository"


@dataclasses.dataclass(frozen=True)
class Entry:
  """Why an API is missing and what to use instead.

  Attributes:
    api: The TF1 name, e.g. `tf.contrib.learn`.
    why: What it was and why it is gone, one clause.
    closest: The closest replacement, as a user would type it.
  """
  api: str
  why: str
  closest: str

  def message(self, requested=None):
    requested = requested or self.api
    return ("%s is not provided by tf1_compat: %s. Closest replacement: %s. "
            "(See %s.)" % (requested, self.why, self.closest, COVERAGE_DOC))


class NotProvidedError(AttributeError):
  """Raised when code looks up a TF1 attribute that tf1_compat does not provide.

  A subclass of AttributeError, so `hasattr(tf.contrib, "learn")` is False, as
  feature-detecting code expects.

  Attributes:
    api: The requested TF1 name, e.g. `tf.contrib.learn.Estimator`.
  """

  def __init__(self, api, message):
    super().__init__(message)
    self.api = api


class NotProvidedImportError(ModuleNotFoundError):
  """Raised when code imports a TF1 module (`tensorflow.contrib.slim`) we lack."""

  def __init__(self, api, message, module_name):
    super().__init__(message, name=module_name)
    self.api = api


_RNN = "tf.contrib.rnn"
_ENTRIES = (
    # Top level.
    Entry("tf.estimator",
          "TensorFlow 2.16 removed tf.estimator (Estimator, EstimatorSpec, "
          "RunConfig, inputs)",
          "build the model_fn's graph yourself and train it with tf.Session or "
          "tf.train.MonitoredTrainingSession (both provided), or port to tf.keras"),
    # tf.contrib modules.
    Entry("tf.contrib.learn",
          "contrib.learn (Estimators, SKCompat, learn_runner, monitors, "
          "datasets) was removed with contrib",
          "a tf.Session training loop over tf.data or feed_dict batches; for "
          "its MNIST reader, `from tensorflow.examples.tutorials.mnist import "
          "input_data` (provided)"),
    Entry("tf.contrib.learn.datasets",
          "contrib.learn's dataset loaders were removed with contrib",
          "`from tensorflow.examples.tutorials.mnist import input_data` "
          "(provided; reads local IDX files) or tf1_compat.data"),
    Entry("tf.contrib.learn.python.learn.datasets",
          "contrib.learn's dataset loaders were removed with contrib",
          "`from tensorflow.examples.tutorials.mnist import input_data` "
          "(provided; reads local IDX files) or tf1_compat.data"),
    Entry("tf.contrib.estimator",
          "estimator extensions were removed with contrib and tf.estimator",
          "a tf.Session training loop"),
    Entry("tf.contrib.slim",
          "TF-Slim (layers, arg_scope, nets, training loops) was removed with "
          "contrib",
          "tf.contrib.layers (conv2d, fully_connected, max_pool2d, batch_norm, "
          "flatten, dropout, repeat, stack) and tf.contrib.framework.arg_scope, "
          "which tf1_compat provides with TF-Slim's names and defaults"),
    Entry("tf.contrib.eager",
          "contrib.eager was TF1's preview of eager execution, which TensorFlow 2 "
          "runs natively",
          "TensorFlow 2 itself (tf.GradientTape, tf.function), without "
          "tf1_compat"),
    Entry("tf.contrib.boosted_trees",
          "gradient-boosted trees left TensorFlow with contrib (and "
          "tf.estimator.BoostedTrees* with estimator)",
          "TensorFlow Decision Forests (the tensorflow_decision_forests package)"),
    Entry("tf.contrib.tensor_forest",
          "random forests left TensorFlow with contrib",
          "TensorFlow Decision Forests (the tensorflow_decision_forests package)"),
    Entry("tf.contrib.keras",
          "contrib.keras was an early copy of Keras",
          "tf.keras (the installed Keras 3, which runs eagerly, not in graph "
          "mode) or tf.layers in graph code"),
    Entry("tf.contrib.legacy_seq2seq",
          "legacy_seq2seq (embedding_attention_seq2seq, model_with_buckets) was "
          "superseded by contrib.seq2seq and removed with contrib",
          "tf.contrib.seq2seq (provided): AttentionWrapper, BasicDecoder, "
          "BeamSearchDecoder, dynamic_decode, sequence_loss"),
    Entry("tf.contrib.cudnn_rnn",
          "the cuDNN RNN layers and their canonical-weight checkpoints were "
          "removed with contrib",
          "tf.contrib.rnn.LSTMBlockFusedCell (provided; one fused kernel per "
          "sequence) or tf.nn.rnn_cell.LSTMCell"),
    Entry("tf.contrib.distributions",
          "contrib.distributions moved out of TensorFlow",
          "tf.distributions (still in tf.compat.v1) or TensorFlow Probability"),
    Entry("tf.contrib.bayesflow", "bayesflow moved out of TensorFlow",
          "TensorFlow Probability"),
    Entry("tf.contrib.data", "contrib.data graduated to core",
          "tf.data (the v1 Dataset, with make_one_shot_iterator) and "
          "tf.data.experimental"),
    Entry("tf.contrib.training",
          "contrib.training (HParams, bucketing, SGDR, training loops) was "
          "removed with contrib",
          "tf.train for loops and schedules, "
          "tf.data.experimental.bucket_by_sequence_length for bucketing, a "
          "dataclass or absl flags for HParams"),
    Entry("tf.contrib.metrics", "contrib.metrics was removed with contrib",
          "tf.metrics (streaming metrics, still in tf.compat.v1)"),
    Entry("tf.contrib.losses", "contrib.losses graduated to core",
          "tf.losses"),
    Entry("tf.contrib.lookup", "contrib.lookup graduated to core",
          "tf.lookup"),
    Entry("tf.contrib.crf", "the linear-chain CRF ops were removed with contrib",
          "no core replacement: tensorflow-addons' tfa.text.crf_log_likelihood "
          "and crf_decode (end-of-life) or a hand-written forward algorithm"),
    Entry("tf.contrib.summary", "contrib.summary became TF2's tf.summary",
          "tf.summary (v1: scalar, histogram, merge_all, FileWriter) or "
          "tf.compat.v2.summary"),
    Entry("tf.contrib.tensorboard",
          "contrib.tensorboard's projector plugin moved to TensorBoard",
          "tensorboard.plugins.projector (imports of TensorBoard pass through "
          "unchanged)"),
    Entry("tf.contrib.image", "contrib.image was removed with contrib",
          "tf.image"),
    Entry("tf.contrib.opt",
          "contrib.opt's extra optimizers were removed with contrib",
          "the tf.train optimizers (Adam, Momentum, RMSProp, Adagrad, Ftrl, ...)"),
    Entry("tf.contrib.gan", "TFGAN moved out of TensorFlow",
          "TF-GAN (the tensorflow_gan package)"),
    Entry("tf.contrib.tpu", "contrib.tpu graduated to core", "tf.tpu"),
    Entry("tf.contrib.lite", "contrib.lite graduated to core", "tf.lite"),
    Entry("tf.contrib.quantize",
          "graph-rewriting quantization was removed with contrib",
          "tf.quantization or post-training quantization in tf.lite"),
    Entry("tf.contrib.predictor", "contrib.predictor was removed with contrib",
          "tf.saved_model.loader.load into a tf.Session"),
    Entry("tf.contrib.util", "contrib.util was removed with contrib",
          "tf.make_tensor_proto, tf.make_ndarray and tf.get_static_value"),
    Entry("tf.contrib.signal", "contrib.signal graduated to core", "tf.signal"),
    Entry("tf.contrib.stateless", "contrib.stateless graduated to core",
          "tf.random.stateless_uniform and tf.random.stateless_normal"),
    Entry("tf.contrib.timeseries", "contrib.timeseries was removed with contrib",
          "TensorFlow Probability's sts module"),
    Entry("tf.contrib.factorization",
          "k-means, WALS and GMM estimators were removed with contrib and "
          "tf.estimator",
          "no TensorFlow replacement; scikit-learn for k-means and GMMs"),
    Entry("tf.contrib.graph_editor", "graph_editor was removed with contrib",
          "tf.import_graph_def with input_map to rewire a GraphDef"),
    Entry("tf.contrib.framework.python",
          "private contrib.framework modules are not provided",
          "the public tf.contrib.framework names"),
    # tf.contrib.rnn extras we do not rebuild.
    Entry(_RNN + ".python",
          "private contrib.rnn modules (python.ops.*) are not provided",
          "the public tf.contrib.rnn names"),
    Entry(_RNN + ".AttentionCellWrapper",
          "the legacy attention-over-past-outputs wrapper is not rebuilt",
          "tf.contrib.seq2seq.AttentionWrapper with LuongAttention or "
          "BahdanauAttention (provided)"),
    Entry(_RNN + ".LayerNormLSTMCell",
          "the layer-normalized LSTMCell variant (with peepholes and projection) "
          "is not rebuilt",
          "tf.contrib.rnn.LayerNormBasicLSTMCell (provided)"),
    Entry(_RNN + ".GRUBlockCell",
          "the fused GRU kernel's wrapper is not rebuilt",
          "tf.nn.rnn_cell.GRUCell (same math)"),
    Entry(_RNN + ".GRUBlockCellV2",
          "the fused GRU kernel's wrapper is not rebuilt",
          "tf.nn.rnn_cell.GRUCell (same math and variable names)"),
    Entry(_RNN + ".CudnnCompatibleLSTMCell",
          "the cuDNN-compatible cell is not rebuilt",
          "tf.contrib.rnn.LSTMBlockCell (provided) with forget_bias=0.0"),
    Entry(_RNN + ".CudnnCompatibleGRUCell",
          "the cuDNN-compatible cell is not rebuilt",
          "tf.nn.rnn_cell.GRUCell"),
    Entry(_RNN + ".LSTMBlockWrapper",
          "the fused-LSTM base class is not rebuilt",
          "tf.contrib.rnn.LSTMBlockFusedCell (provided)"),
    Entry(_RNN + ".FusedRNNCell",
          "the fused-RNN base class is not rebuilt",
          "tf.contrib.rnn.LSTMBlockFusedCell (provided) or tf.nn.dynamic_rnn"),
    Entry(_RNN + ".FusedRNNCellAdaptor",
          "the fused-RNN adaptor is not rebuilt",
          "tf.nn.dynamic_rnn over the cell"),
    Entry(_RNN + ".TimeReversedFusedRNN",
          "the time-reversing fused-RNN adaptor is not rebuilt",
          "tf.nn.bidirectional_dynamic_rnn"),
    Entry(_RNN + ".ConvLSTMCell",
          "convolutional LSTM cells are not rebuilt",
          "tf.keras.layers.ConvLSTM2D (eager Keras)"),
    Entry(_RNN + ".Conv1DLSTMCell", "convolutional LSTM cells are not rebuilt",
          "tf.keras.layers.ConvLSTM1D (eager Keras)"),
    Entry(_RNN + ".Conv2DLSTMCell", "convolutional LSTM cells are not rebuilt",
          "tf.keras.layers.ConvLSTM2D (eager Keras)"),
    Entry(_RNN + ".Conv3DLSTMCell", "convolutional LSTM cells are not rebuilt",
          "tf.keras.layers.ConvLSTM3D (eager Keras)"),
    Entry(_RNN + ".HighwayWrapper", "the highway wrapper is not rebuilt",
          "tf.nn.rnn_cell.ResidualWrapper with a residual_fn"),
    # tf.layers classes the tf.layers rebuild does not include.
    Entry("tf.layers.SeparableConv1D", "separable convolutions are not rebuilt",
          "tf.nn.separable_conv2d on an expanded input"),
    Entry("tf.layers.SeparableConv2D", "separable convolutions are not rebuilt",
          "tf.nn.separable_conv2d with tf.get_variable kernels"),
    Entry("tf.layers.separable_conv1d",
          "separable convolutions are not rebuilt",
          "tf.nn.separable_conv2d on an expanded input"),
    Entry("tf.layers.separable_conv2d",
          "separable convolutions are not rebuilt",
          "tf.nn.separable_conv2d with tf.get_variable kernels"),
    Entry("tf.layers.Conv3DTranspose",
          "3-D transposed convolution is not rebuilt",
          "tf.nn.conv3d_transpose with tf.get_variable kernels"),
    Entry("tf.layers.conv3d_transpose",
          "3-D transposed convolution is not rebuilt",
          "tf.nn.conv3d_transpose with tf.get_variable kernels"),
    Entry("tf.layers.experimental",
          "tf.layers.experimental (keras_style_scope) is not rebuilt",
          "the plain tf.layers classes"),
    # tf.contrib.layers functions we do not rebuild.
    Entry("tf.contrib.layers.optimize_loss",
          "the all-in-one training-op builder is not rebuilt",
          "optimizer.compute_gradients, tf.clip_by_global_norm and "
          "optimizer.apply_gradients with tf.train.get_or_create_global_step"),
    Entry("tf.contrib.layers.separable_conv2d",
          "separable convolutions are not rebuilt",
          "tf.nn.separable_conv2d with tf.get_variable kernels"),
    Entry("tf.contrib.layers.real_valued_column",
          "contrib feature columns were removed with contrib",
          "tf.feature_column.numeric_column"),
    Entry("tf.contrib.layers.sparse_column_with_hash_bucket",
          "contrib feature columns were removed with contrib",
          "tf.feature_column.categorical_column_with_hash_bucket"),
    Entry("tf.contrib.layers.embedding_column",
          "contrib feature columns were removed with contrib",
          "tf.feature_column.embedding_column"),
    Entry("tf.contrib.layers.input_from_feature_columns",
          "contrib feature columns were removed with contrib",
          "tf.feature_column.input_layer"),
    Entry("tf.contrib.layers.summarize_tensor",
          "the summary helpers are not rebuilt", "tf.summary.histogram"),
    Entry("tf.contrib.layers.summarize_activations",
          "the summary helpers are not rebuilt", "tf.summary.histogram"),
    # tensorflow.examples beyond the MNIST reader.
    Entry("tf.examples",
          "only tensorflow.examples.tutorials.mnist.input_data is provided",
          "`from tensorflow.examples.tutorials.mnist import input_data`"),
    Entry("tf.examples.tutorials.mnist.mnist",
          "the fully_connected_feed tutorial's model module is not provided",
          "the tf1_compat.models.lenet graph builder, or copy the four small "
          "functions (inference, loss, training, evaluation) into the script"),
)

_BY_API = {entry.api: entry for entry in _ENTRIES}


def lookup(api):
  """The most specific `Entry` covering `api` (a dotted `tf.` name), or None.

  `tf.contrib.learn.Estimator` is covered by the `tf.contrib.learn` entry.
  """
  parts = api.split(".")
  for end in range(len(parts), 1, -1):
    entry = _BY_API.get(".".join(parts[:end]))
    if entry is not None:
      return entry
  return None


def entries():
  """Every `Entry`, in table order (for the coverage document and tests)."""
  return list(_ENTRIES)


def error(api):
  """`NotProvidedError` for `api` if the table covers it, else None."""
  entry = lookup(api)
  return None if entry is None else NotProvidedError(api, entry.message(api))


def unknown_member_error(namespace_api, name, provided):
  """`NotProvidedError` for a name missing from a partially rebuilt namespace.

  Args:
    namespace_api: The namespace, e.g. `tf.contrib.rnn`.
    name: The requested member, e.g. `NASCell`.
    provided: The names the namespace does provide.
  """
  api = "%s.%s" % (namespace_api, name)
  entry = lookup(api)
  if entry is not None and entry.api != namespace_api:
    return NotProvidedError(api, entry.message(api))
  return NotProvidedError(api, (
      "%s is not provided by tf1_compat: %s rebuilds only %s. Closest "
      "replacement: one of those, or the core tf.* API. (See %s.)"
      % (api, namespace_api, ", ".join(sorted(provided)), COVERAGE_DOC)))


def module_api(module_name):
  """`tensorflow.contrib.slim` -> `tf.contrib.slim`."""
  if module_name == "tensorflow":
    return "tf"
  if module_name.startswith("tensorflow."):
    return "tf." + module_name[len("tensorflow."):]
  return module_name


def import_error(module_name):
  """`NotProvidedImportError` for importing `module_name`, or None if not covered."""
  api = module_api(module_name)
  entry = lookup(api)
  if entry is None:
    return None
  return NotProvidedImportError(api, entry.message(api), module_name)
