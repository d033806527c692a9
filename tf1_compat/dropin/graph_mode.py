"""When a process that uses `tf1_compat.v1` leaves TF2 behaviour for TF1 graph mode.

Importing `tf1_compat.v1` changes nothing global, so Keras 3 and eager code in the
same process keep working. The switch (`tf.compat.v1.disable_v2_behavior()`: graph
mode, reference variables, v1 `TensorShape`s, v1 control flow) happens at the first
of:

* the runner (`python -m tf1_compat.run`) starting a script: `enter("...")`;
* the user calling `tf.disable_v2_behavior()` or `tf.disable_eager_execution()`;
* the user's code reaching a graph-building TF1 symbol (`tf.placeholder`,
  `tf.Variable`, `tf.constant`, `tf.Session`, `tf.layers.dense`, ...) through
  `tf1_compat.v1` while eager execution is on and no `Graph.as_default()` block is
  open (`on_graph_api`). That is the user asking for TF1 graph code; a warning says
  so once.

Inside a `with tf.Graph().as_default():` block nothing is switched: that code is
already graph code. After `tf.enable_eager_execution()` or `tf.enable_v2_behavior()`
through `tf1_compat.v1`, nothing is ever switched automatically.
"""

import threading

from absl import logging
import tensorflow as tf

from tf1_compat.dropin import quiet_logging

_LOCK = threading.Lock()
_STATE = {"entered": False, "eager_chosen": False}


def enter(reason):
  """Switches the process to TF1 graph mode (once); `reason` is logged at INFO."""
  with _LOCK:
    if _STATE["entered"]:
      return
    _STATE["entered"] = True
  logging.info("tf1_compat: entering TF1 graph mode (%s)", reason)
  # TensorFlow's deprecation notices about its own switch are not the user's.
  with quiet_logging.tf_warnings_silenced():
    tf.compat.v1.disable_v2_behavior()


def note_eager_chosen():
  """Records that the user asked for eager execution: never switch on access."""
  _STATE["eager_chosen"] = True


def note_graph_chosen():
  """Records that the user switched to graph mode through TensorFlow directly."""
  _STATE["entered"] = True


def entered():
  """Whether this process has been switched to TF1 graph mode by tf1_compat."""
  return _STATE["entered"]


def on_graph_api(api):
  """Called when user code looks up graph-building symbol `api` (e.g. `tf.Session`).

  Switches to graph mode if the lookup happens while executing eagerly outside any
  graph and the user has not chosen eager execution.
  """
  if _STATE["entered"] or _STATE["eager_chosen"]:
    return
  if not tf.executing_eagerly():
    return
  logging.warning(
      "tf1_compat.v1: %s used outside a graph while TF2 eager execution is on: "
      "switching this process to TF1 graph mode "
      "(tf.compat.v1.disable_v2_behavior()). Call tf.disable_v2_behavior() at "
      "the top of the script to make this explicit, or "
      "tf.enable_eager_execution() to stay eager.", api)
  enter("first use of %s" % api)
