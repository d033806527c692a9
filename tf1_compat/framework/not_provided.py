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

from tf1_compat.framework import errors

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


class NotProvidedError(errors.Error, AttributeError):
  """Raised when code looks up a TF1 attribute that tf1_compat does not provide.

  A subclass of AttributeError, so `hasattr(tf.contrib, "learn")` is False, as
  feature-detecting code expects.

  Attributes:
    api: The requested TF1 name, e.g. `tf.contrib.learn.Estimator`.
  """

  def __init__(self, api, message):
    super().__init__(message)
    self.api = api


class NotProvidedImportError(errors.Error, ModuleNotFoundError):
  """Raised when code imports a TF1 module (`tensorflow.contrib.slim`) we lack."""

  def __init__(self, api, message, module_name):
    super().__init__(message, name=module_name)
    self.api = api


# The other TF 1.15 contrib packages: (package, why it is gone, replacement).
_OTHER_CONTRIB = (
    ("all_reduce", "its in-graph all-reduce algorithms were removed with contrib",
     "tf.distribute.MirroredStrategy, which all-reduces across devices"),
    ("autograph", "contrib.autograph graduated to core", "tf.autograph"),
    ("batching", "its batch_function decorator was removed with contrib",
     "tf.nondifferentiable_batch_function"),
    ("bigtable", "the Cloud Bigtable ops moved out of TensorFlow",
     "the tensorflow-io package"),
    ("checkpoint", "its object-based checkpoint helpers graduated to core",
     "tf.train.Checkpoint and tf.train.CheckpointManager"),
    ("cloud", "the Cloud (BigQuery, GCS) ops moved out of TensorFlow",
     "the tensorflow-io package"),
    ("cluster_resolver", "the cluster resolvers graduated to core",
     "tf.distribute.cluster_resolver"),
    ("compiler", "its XLA jit scope graduated to core",
     "tf.xla.experimental.jit_scope"),
    ("constrained_optimization", "TFCO moved out of TensorFlow",
     "the tensorflow-constrained-optimization package"),
    ("copy_graph", "its graph-copying helpers were removed with contrib",
     "tf.train.export_meta_graph and tf.train.import_meta_graph with "
     "import_scope"),
    ("decision_trees", "the decision-tree ops were removed with contrib",
     "TensorFlow Decision Forests (the tensorflow_decision_forests package)"),
    ("distribute", "contrib.distribute graduated to core",
     "tf.distribute (MirroredStrategy, ParameterServerStrategy, ...)"),
    ("feature_column", "its sequence feature columns graduated to core",
     "tf.feature_column's sequence_* columns"),
    ("ffmpeg", "the FFmpeg audio ops were removed with contrib",
     "tf.audio.decode_wav, or the tensorflow-io package's audio ops"),
    ("fused_conv", "the fused convolution kernels were removed with contrib",
     "tf.nn.conv2d, tf.nn.bias_add and tf.nn.relu (grappler fuses them)"),
    ("grid_rnn", "the Grid LSTM cells were removed with contrib",
     "stacks of tf.nn.rnn_cell.LSTMCell"),
    ("hadoop", "the Hadoop sequence-file dataset moved out of TensorFlow",
     "the tensorflow-io package"),
    ("hooks", "contrib.hooks graduated to core", "tf.train.ProfilerHook"),
    ("ignite", "the Apache Ignite datasets moved out of TensorFlow",
     "the tensorflow-io package"),
    ("input_pipeline", "its queue-based input helpers were removed with contrib",
     "tf.data"),
    ("integrate", "its ODE solver moved to TensorFlow Probability",
     "tfp.math.ode"),
    ("kafka", "the Kafka dataset moved out of TensorFlow",
     "the tensorflow-io package"),
    ("kernel_methods", "the random Fourier feature mappers were removed with "
     "contrib", "tf.keras.layers.experimental.RandomFourierFeatures"),
    ("kinesis", "the Kinesis dataset moved out of TensorFlow",
     "the tensorflow-io package"),
    ("labeled_tensor", "labeled tensors were removed with contrib",
     "plain tensors"),
    ("libsvm", "the libsvm reader moved out of TensorFlow",
     "the tensorflow-io package"),
    ("linear_optimizer", "the SDCA optimizer was removed with contrib",
     "tf.estimator.LinearClassifier with its Ftrl optimizer"),
    ("memory_stats", "the memory statistics ops were removed",
     "tf.config.experimental.get_memory_info"),
    ("meta_graph_transform", "the meta-graph transform tool was removed with "
     "contrib", "tf.compat.v1.graph_util and grappler's own rewrites"),
    ("mixed_precision", "its loss scaling graduated to core",
     "tf.compat.v1.train.experimental.MixedPrecisionLossScaleOptimizer"),
    ("model_pruning", "model pruning moved out of TensorFlow",
     "the tensorflow-model-optimization package"),
    ("mpi_collectives", "the MPI collectives moved out of TensorFlow",
     "Horovod"),
    ("nearest_neighbor", "the nearest-neighbour ops were removed with contrib",
     "scikit-learn's NearestNeighbors"),
    ("nn", "contrib.nn (alpha_dropout, sampled_sparse_softmax_loss, ...) was "
     "removed with contrib", "tf.nn (dropout, sampled_softmax_loss)"),
    ("periodic_resample", "the periodic resample op was removed with contrib",
     "tf.reshape and tf.transpose"),
    ("proto", "the proto decode/encode ops graduated to core",
     "tf.io.decode_proto and tf.io.encode_proto"),
    ("quantization", "its quantization ops graduated to core",
     "tf.quantization"),
    ("reduce_slice_ops", "the reduce-slice ops were removed with contrib",
     "tf.math.segment_sum and the other segment reductions"),
    ("resampler", "the resampler op moved to TensorFlow Addons",
     "tensorflow-addons' tfa.image.resampler (end-of-life)"),
    ("rpc", "the RPC ops were removed from TensorFlow",
     "a gRPC client in Python around session.run"),
    ("saved_model", "contrib.saved_model graduated to core",
     "tf.saved_model (builder, loader, simple_save)"),
    ("solvers", "the iterative linear solvers were removed with contrib",
     "tf.linalg.lstsq and tf.linalg.solve"),
    ("sparsemax", "sparsemax moved to TensorFlow Addons",
     "tensorflow-addons' tfa.activations.sparsemax (end-of-life)"),
    ("specs", "the model specification language was removed with contrib",
     "tf.layers or tf.contrib.slim model functions"),
    ("staging", "the StagingArea wrapper was removed with contrib",
     "tf.data.experimental.prefetch_to_device"),
    ("stat_summarizer", "the stat summarizer was removed",
     "the TensorFlow profiler (tf.profiler)"),
    ("tensorrt", "TF-TRT moved into TensorFlow's compiler package",
     "tensorflow.python.compiler.tensorrt"),
    ("testing", "its summary test helpers were removed with contrib",
     "tf.test.TestCase"),
    ("text", "its text ops (skip_gram_sample) moved out of TensorFlow",
     "the tensorflow-text package"),
    ("tfprof", "tfprof graduated to core", "tf.profiler"),
)

_RNN = "tf.contrib.rnn"
_TPU_OPTIMIZERS = ("ADAM", "Adadelta", "Adagrad", "FTRL", "Momentum",
                   "ProximalAdagrad", "RMSProp")
_ENTRIES = (
    # tf.contrib modules.
    Entry("tf.contrib.estimator",
          "estimator extensions were removed with contrib and tf.estimator",
          "a tf.Session training loop"),
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
    Entry("tf.contrib.bayesflow", "bayesflow moved out of TensorFlow",
          "TensorFlow Probability"),
    Entry("tf.contrib.summary", "contrib.summary became TF2's tf.summary",
          "tf.summary (v1: scalar, histogram, merge_all, FileWriter) or "
          "tf.compat.v2.summary"),
    Entry("tf.contrib.image", "contrib.image was removed with contrib",
          "tf.image"),
    Entry("tf.contrib.gan", "TFGAN moved out of TensorFlow",
          "TF-GAN (the tensorflow_gan package)"),
    Entry("tf.contrib.tpu", "contrib.tpu graduated to core", "tf.tpu"),
    Entry("tf.contrib.lite", "contrib.lite graduated to core", "tf.lite"),
    Entry("tf.contrib.quantize",
          "graph-rewriting quantization was removed with contrib",
          "tf.quantization or post-training quantization in tf.lite"),
    Entry("tf.contrib.predictor", "contrib.predictor was removed with contrib",
          "tf.saved_model.loader.load into a tf.Session"),
    Entry("tf.contrib.timeseries", "contrib.timeseries was removed with contrib",
          "TensorFlow Probability's sts module"),
    Entry("tf.contrib.factorization",
          "k-means, WALS and GMM estimators were removed with contrib and "
          "tf.estimator",
          "no TensorFlow replacement; scikit-learn for k-means and GMMs"),
    Entry("tf.contrib.graph_editor", "graph_editor was removed with contrib",
          "tf.import_graph_def with input_map to rewire a GraphDef"),
    *[Entry("tf.contrib." + package, why, closest)
      for package, why, closest in _OTHER_CONTRIB],
    Entry("tf.contrib.framework.python",
          "of contrib.framework's internal modules only python.ops (with "
          "arg_scope and variables) and python.framework.tensor_util are "
          "provided",
          "the public tf.contrib.framework names"),
    # tf.contrib.rnn extras we do not rebuild.
    Entry(_RNN + ".python",
          "of contrib.rnn's internal modules only python.ops.rnn_cell, "
          "core_rnn_cell, lstm_ops, gru_ops and rnn are provided",
          "the public tf.contrib.rnn names"),
    Entry(_RNN + ".CudnnCompatibleLSTMCell",
          "contrib.rnn never exported it; it lives in contrib.cudnn_rnn",
          "tf.contrib.cudnn_rnn.CudnnCompatibleLSTMCell (provided)"),
    Entry(_RNN + ".CudnnCompatibleGRUCell",
          "contrib.rnn never exported it; it lives in contrib.cudnn_rnn",
          "tf.contrib.cudnn_rnn.CudnnCompatibleGRUCell (provided)"),
    Entry(_RNN + ".LSTMBlockWrapper",
          "the fused-LSTM base class is not rebuilt",
          "tf.contrib.rnn.LSTMBlockFusedCell (provided)"),
    # tensorflow.examples beyond the MNIST reader.
    Entry("tf.examples",
          "only tensorflow.examples.tutorials.mnist.input_data is provided",
          "`from tensorflow.examples.tutorials.mnist import input_data`"),
    Entry("tf.examples.tutorials.mnist.mnist",
          "the fully_connected_feed tutorial's model module is not provided",
          "the tf1_compat.models.lenet graph builder, or copy the four small "
          "functions (inference, loss, training, evaluation) into the script"),
    # Core TF 1.15 names that TensorFlow 2 removed.
    *[Entry("tf.data.experimental." + name,
            "tf.data's statistics API was removed in TensorFlow 2",
            "tf.data.Options().experimental_optimization and the TensorFlow "
            "profiler's input-pipeline analysis")
      for name in ("StatsAggregator", "StatsOptions", "bytes_produced_stats",
                   "latency_stats")],
    Entry("tf.data.experimental.MapVectorizationOptions",
          "map vectorization options were removed from tf.data",
          "tf.data.Options().experimental_optimization"),
    Entry("tf.data.experimental.CheckpointInputPipelineHook",
          "the estimator hook that saved iterator state was removed with "
          "tf.estimator",
          "tf.data.experimental.make_saveable_from_iterator with a tf.train.Saver"),
    Entry("tf.lite.experimental.nn",
          "TF Lite's experimental RNN cells were removed",
          "tf.lite.TFLiteConverter on a graph built with tf.nn.rnn_cell cells"),
    Entry("tf.lite.experimental.get_potentially_supported_ops",
          "the op-support listing was removed from TF Lite",
          "the TF Lite converter's own error report"),
    *[Entry("tf.tpu.experimental." + name,
            "TPU embedding optimizer parameters moved to tf.tpu.experimental."
            "embedding", "tf.tpu.experimental.embedding." + name.replace(
                "Parameters", "").replace("StochasticGradientDescent", "SGD"))
      for name in ("AdagradParameters", "AdamParameters",
                   "StochasticGradientDescentParameters")],
    Entry("tf.raw_ops.CompareAndBitpack",
          "the kernel was removed from TensorFlow",
          "tf.math.greater followed by bit packing in tf.bitwise"),
    *[Entry("tf.raw_ops." + name,
            "the TPU embedding debug ops were removed from TensorFlow",
            "the same op without GradAccumDebug")
      for name in (
          "LoadTPUEmbedding%sParametersGradAccumDebug" % opt for opt in _TPU_OPTIMIZERS)],
    *[Entry("tf.raw_ops." + name,
            "the TPU embedding debug ops were removed from TensorFlow",
            "the same op without GradAccumDebug")
      for name in (
          "RetrieveTPUEmbedding%sParametersGradAccumDebug" % opt for opt in _TPU_OPTIMIZERS)],
    # TF 1.15 tf.keras names that tf-keras (Keras 2.x) no longer has.
    *[Entry("tf.keras.experimental." + name,
            "Keras's experimental SavedModel functions were removed",
            "model.save(path, save_format='tf') and tf.keras.models.load_model")
      for name in ("export_saved_model", "load_from_saved_model")],
    Entry("tf.keras.mixed_precision.experimental",
          "Keras's experimental mixed-precision API graduated",
          "tf.keras.mixed_precision.Policy, set_global_policy and "
          "LossScaleOptimizer (Keras 2.4+ names)"),
    Entry("tf.keras.utils.multi_gpu_model",
          "multi_gpu_model was removed from Keras",
          "tf.distribute.MirroredStrategy"),
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


def has_entries_under(api):
  """Whether some entry names an API strictly below `api` (e.g. `tf.raw_ops`)."""
  prefix = api + "."
  return any(name.startswith(prefix) for name in _BY_API)


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
      "%s is not provided by tf1_compat: %s provides only %s. Closest "
      "replacement: one of those, or the core tf.* API. (See %s.)"
      % (api, namespace_api, ", ".join(sorted(provided)), COVERAGE_DOC)))


def partial_module_getattr(namespace_api, provided, refused=None):
  """A module-level `__getattr__` for a partially rebuilt TF1 module.

  Unknown public names raise `unknown_member_error` (or the table's entry for
  them); dunder lookups raise a plain AttributeError so that the import system
  and `copy`/`pickle` probing see an ordinary module.

  Args:
    namespace_api: The module as users spell it, e.g. `tf.contrib.rnn`.
    provided: The names the module provides (usually its `__all__`).
    refused: Optional `{name: (why, closest)}` for names that need advice of
      their own, beyond the shared table (e.g. each contrib.learn Estimator
      pointing to its tf.estimator successor).
  """
  refused = dict(refused or {})

  def __getattr__(name):
    if name.startswith("__"):
      raise AttributeError(name)
    if name in refused:
      api = "%s.%s" % (namespace_api, name)
      why, closest = refused[name]
      raise NotProvidedError(api, Entry(api, why, closest).message())
    raise unknown_member_error(namespace_api, name, provided)
  return __getattr__


def module_api(module_name):
  """`tensorflow.contrib.slim` -> `tf.contrib.slim`."""
  if module_name == "tensorflow":
    return "tf"
  if module_name.startswith("tensorflow."):
    return "tf." + module_name[len("tensorflow."):]
  return module_name
