"""Assembles the TF 1.15 `tensorflow` namespace served by `tf1_compat.v1`.

What is ours and what is TensorFlow's:

* `tf.nn.rnn_cell` -> `tf1_compat.rnn` (the ten TF1 names), `tf.nn.dynamic_rnn`
  and `bidirectional_dynamic_rnn` -> `tf1_compat.rnn`'s (TensorFlow's, with a
  fast path for the core cells); the rest of `tf.nn` is `tf.compat.v1.nn`
  (including `static_rnn` and `raw_rnn`);
* `tf.layers` -> `tf1_compat.layers`, plus `Layer`, `InputSpec` and
  `experimental` (`keras_style_scope`, `set_keras_style`);
* `tf.contrib` -> `tf1_compat.contrib` (`rnn`, `seq2seq`, `layers`, `slim`, ...);
* `tf.estimator` -> `tf1_compat.estimator`;
* `tf.keras` -> TF 1.15's `tf.keras`: Keras 2 in graph mode, from the tf-keras
  package (`tf_keras`'s v1 API: `backend.get_session`, `learning_phase`, graph
  `Model.fit`, TF1's graph-seeded initializers), loaded on first use, with
  the TF 1.15 names tf-keras dropped restored from `keras_extras`
  (`experimental.PeepholeLSTMCell`, `wrappers.scikit_learn`, ...). Plain
  `import keras` stays Keras 3. Without tf-keras, `tf.keras` raises one
  `NotProvidedError` naming the extra to install;
* `tf.config` -> `tf.compat.v1.config` plus TF 1.15's
  `experimental_list_devices`; `tf.pywrap_tensorflow` -> its checkpoint reader
  (`NewCheckpointReader`) and `IsGoogleCudaEnabled`;
* `tf.compat.v1` -> `tf1_compat.v1` itself;
* `tf.enable_eager_execution`/`tf.enable_v2_behavior` record that the user chose
  eager execution (see `graph_mode`);
* everything else -> `tf.compat.v1` (placeholders, Session, variable scopes,
  optimizers, Saver, summaries, `tf.data`'s v1 Dataset, `tf.app`, `tf.flags`,
  `tf.logging`, `tf.gfile`, ...), except the APIs in `not_provided`, which raise
  `NotProvidedError` at the access.
"""

import functools
import warnings

import tensorflow as tf

from tf1_compat import contrib
from tf1_compat import estimator
from tf1_compat import layers
from tf1_compat import rnn
from tf1_compat.dropin import graph_mode
from tf1_compat.dropin import namespace
from tf1_compat.framework import base_layer
from tf1_compat.framework import input_spec
from tf1_compat.framework import not_provided
from tf1_compat.framework import tf_imports

_V1 = tf.compat.v1

# TF 1.15's `tf.nn.rnn_cell`, exactly.
RNN_CELL_NAMES = ("BasicLSTMCell", "BasicRNNCell", "DeviceWrapper",
                  "DropoutWrapper", "GRUCell", "LSTMCell", "LSTMStateTuple",
                  "MultiRNNCell", "RNNCell", "ResidualWrapper")


def _noting(note, function):
  @functools.wraps(function)
  def wrapper(*args, **kwargs):
    note()
    return function(*args, **kwargs)
  return wrapper


def rnn_cell_namespace():
  """`tf.nn.rnn_cell`: TF1's ten cell and wrapper names, from `tf1_compat.rnn`."""
  return namespace.ApiNamespace(
      "tf1_compat.v1.nn.rnn_cell",
      namespace.Resolver("tf.nn.rnn_cell",
                         members={n: getattr(rnn, n) for n in RNN_CELL_NAMES},
                         graph_entry=True, partial=True),
      doc="TF1's tf.nn.rnn_cell, served by tf1_compat.rnn.")


def nn_namespace():
  """`tf.nn`: `tf.compat.v1.nn` with our `rnn_cell` and dynamic RNN drivers."""
  return namespace.ApiNamespace(
      "tf1_compat.v1.nn",
      namespace.Resolver("tf.nn", sources=[_V1.nn],
                         members={"rnn_cell": rnn_cell_namespace(),
                                  "dynamic_rnn": rnn.dynamic_rnn,
                                  "bidirectional_dynamic_rnn":
                                      rnn.bidirectional_dynamic_rnn},
                         graph_entry=True),
      doc="TF1's tf.nn: tf.compat.v1.nn with tf1_compat's rnn_cell and "
      "dynamic_rnn.")


def _partial_namespace(api, members, doc):
  """A namespace of ours only: `members`, other names refused by name."""
  return namespace.ApiNamespace(
      "tf1_compat.v1" + api[len("tf"):],
      namespace.Resolver(api, members=members, partial=True), doc=doc)


def layers_namespace():
  """`tf.layers`: `tf1_compat.layers` plus the base `Layer`, `InputSpec` and
  `experimental`."""
  experimental = _partial_namespace(
      "tf.layers.experimental",
      {"keras_style_scope": base_layer.keras_style_scope,
       "set_keras_style": base_layer.set_keras_style},
      "TF1's tf.layers.experimental: Keras-style variable management.")
  return namespace.ApiNamespace(
      "tf1_compat.v1.layers",
      namespace.Resolver("tf.layers", sources=[layers],
                         members={"Layer": base_layer.Layer,
                                  "InputSpec": input_spec.InputSpec,
                                  "experimental": experimental},
                         graph_entry=True, partial=True, exported_only=True),
      doc="TF1's tf.layers, served by tf1_compat.layers.")


# The local process's device names have this prefix in TF 1.15's listing.
_LOCAL_TASK = "/job:localhost/replica:0/task:0"


def experimental_list_devices():
  """TF 1.15's `tf.config.experimental_list_devices()`: the full names of the
  devices this process can run ops on, e.g.
  `['/job:localhost/replica:0/task:0/device:CPU:0']`.

  As in TF 1.15 this initializes the runtime's devices (after which their
  configuration can no longer change). The XLA_CPU/XLA_GPU devices TF 1.15 also
  listed no longer exist.
  """
  names = []
  for device in tf.config.list_logical_devices():
    name = device.name
    names.append(name if name.startswith("/job:") else _LOCAL_TASK + name)
  return names


def config_namespace():
  """`tf.config`: `tf.compat.v1.config` plus `experimental_list_devices`."""
  return namespace.ApiNamespace(
      "tf1_compat.v1.config",
      namespace.Resolver("tf.config", sources=[_V1.config], members={
          "experimental_list_devices": experimental_list_devices}),
      doc="TF1's tf.config: tf.compat.v1.config with experimental_list_devices.")


def pywrap_tensorflow_namespace():
  """`tf.pywrap_tensorflow`: the two names of TF 1.15's SWIG module that code
  outside TensorFlow used, from their TF 2 homes."""
  return _partial_namespace(
      "tf.pywrap_tensorflow",
      {"NewCheckpointReader": _V1.train.NewCheckpointReader,
       "IsGoogleCudaEnabled": tf.test.is_built_with_cuda},
      "TF 1.15's tf.pywrap_tensorflow: its checkpoint reader and CUDA check.")


# TF 1.15's `tf.keras`, as the tf-keras package keeps it.
KERAS_MODULE = "tf_keras.api._v1.keras"


def load_keras():
  """TF 1.15's `tf.keras` (tf-keras's v1 API), or `NotProvidedError` naming the
  extra that installs it."""
  try:
    keras = tf_imports.import_module(KERAS_MODULE)
  except ImportError:
    raise not_provided.NotProvidedError("tf.keras", (
        "tf.keras is not provided by tf1_compat without the tf-keras package: "
        "TF 1.15's tf.keras (Keras 2 in graph mode) lives there now. Install "
        "it with `pip install \"tf1_compat[keras]\"`; plain `import keras` "
        "(Keras 3) runs eagerly, not in TF1 graphs.")) from None
  # tf-keras's graph-mode training warns about its own internals at each fit.
  warnings.filterwarnings("ignore", message="`Model.state_updates` will be "
                          "removed", category=UserWarning)
  return keras


EXTRAS_MODULE = "tf1_compat.dropin.keras_extras"


def keras_namespace():
  """TF 1.15's `tf.keras`: tf-keras's v1 API, with `keras_extras`' names in
  `experimental`, `utils` and `wrappers.scikit_learn`."""
  keras = load_keras()
  extras = tf_imports.import_module(EXTRAS_MODULE).MEMBERS

  def extended(name):
    source = getattr(keras, name)
    return namespace.ApiNamespace(
        source.__name__,
        namespace.Resolver("tf.keras." + name, sources=[source],
                           members=extras[name], graph_entry=True),
        doc=source.__doc__, path=getattr(source, "__path__", None))

  scikit_learn = _partial_namespace(
      "tf.keras.wrappers.scikit_learn", extras["wrappers.scikit_learn"],
      "TF 1.15's tf.keras.wrappers.scikit_learn (restored by tf1_compat).")
  wrappers = _partial_namespace(
      "tf.keras.wrappers", {"scikit_learn": scikit_learn},
      "TF 1.15's tf.keras.wrappers (restored by tf1_compat).")
  return namespace.ApiNamespace(
      keras.__name__,
      namespace.Resolver("tf.keras", sources=[keras], members={
          "experimental": extended("experimental"),
          "utils": extended("utils"), "wrappers": wrappers}, graph_entry=True),
      doc=keras.__doc__, path=getattr(keras, "__path__", None))


def compat_namespace(v1_module):
  """`tf.compat`: `tf.compat.v1.compat` whose `v1` is `v1_module`."""
  return namespace.ApiNamespace(
      "tf1_compat.v1.compat",
      namespace.Resolver("tf.compat", sources=[_V1.compat],
                         members={"v1": v1_module}),
      doc="tf.compat, with v1 served by tf1_compat.v1.")


def top_level(v1_module):
  """The `Resolver` behind `tf1_compat.v1` (a module-level `__getattr__`)."""
  members = {
      "nn": nn_namespace(),
      "layers": layers_namespace(),
      "contrib": contrib,
      "estimator": estimator,
      "keras": namespace.Lazy(keras_namespace),
      "config": config_namespace(),
      "pywrap_tensorflow": pywrap_tensorflow_namespace(),
      "compat": compat_namespace(v1_module),
      "enable_eager_execution": _noting(graph_mode.note_eager_chosen,
                                        _V1.enable_eager_execution),
      "enable_v2_behavior": _noting(graph_mode.note_eager_chosen,
                                    _V1.enable_v2_behavior),
      "disable_eager_execution": _noting(graph_mode.note_graph_chosen,
                                         _V1.disable_eager_execution),
      "disable_v2_behavior": _noting(graph_mode.note_graph_chosen,
                                     _V1.disable_v2_behavior),
  }
  return namespace.Resolver("tf", sources=[_V1], members=members,
                            graph_entry=True)
