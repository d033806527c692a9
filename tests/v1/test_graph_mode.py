"""When importing `tf1_compat.v1` switches a process to TF1 graph mode, and when not.

Switching is process-wide, so each scenario runs in its own Python process (all
three at once); each prints a JSON report as its last line.
"""

import json
import os
import subprocess
import sys
import textwrap

import pytest

_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))

_SCENARIOS = {
    # Import, Keras 3 and safe lookups stay eager; graph blocks do not switch;
    # the first top-level graph call switches, with a warning.
    "implicit": """
        import json
        import numpy as np
        import tensorflow as real_tf
        import tf1_compat.v1 as tf
        report = {"after_import": real_tf.executing_eagerly()}
        import keras
        model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
        report["keras_output"] = list(model(np.ones([1, 3])).shape)
        _ = (tf.float32, tf.Graph, tf.GraphKeys, tf.TensorShape, tf.contrib,
             tf.nn, tf.layers, tf.train, tf.app, tf.flags, tf.logging)
        report["after_safe_lookups"] = real_tf.executing_eagerly()
        with tf.Graph().as_default():
          tf.placeholder(tf.float32)
          tf.nn.rnn_cell.BasicLSTMCell(3)
        report["after_graph_block"] = real_tf.executing_eagerly()
        x = tf.placeholder(tf.float32, [None])
        report["after_placeholder"] = real_tf.executing_eagerly()
        with tf.Session() as session:
          report["graph_result"] = session.run(x * 2, {x: [1.5]}).tolist()
        print(json.dumps(report))
    """,
    # The canonical migration line, made explicit: no warning.
    "explicit": """
        import json
        import tensorflow as real_tf
        import tf1_compat.v1 as tf
        tf.disable_v2_behavior()
        report = {"eager": real_tf.executing_eagerly()}
        a = tf.constant(1.0) + tf.Variable(2.0)
        with tf.Session() as session:
          session.run(tf.global_variables_initializer())
          report["graph_result"] = float(session.run(a))
        print(json.dumps(report))
    """,
    # TF1 eager scripts: enable_eager_execution() keeps the process eager.
    "eager": """
        import json
        import tensorflow as real_tf
        import tf1_compat.v1 as tf
        tf.enable_eager_execution()
        value = tf.constant(2.0) * 3
        print(json.dumps({"eager": real_tf.executing_eagerly(),
                          "value": float(value.numpy())}))
    """,
}

_SWITCH_WARNING = "switching this process to TF1 graph mode"


@pytest.fixture(scope="module")
def reports():
  env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
  env["PYTHONPATH"] = _ROOT + os.pathsep + env.get("PYTHONPATH", "")
  processes = {
      name: subprocess.Popen(
          [sys.executable, "-c", textwrap.dedent(code)], cwd=_ROOT, env=env,
          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
      for name, code in _SCENARIOS.items()}
  results = {}
  for name, process in processes.items():
    stdout, stderr = process.communicate(timeout=300)
    assert process.returncode == 0, "%s failed:\n%s" % (name, stderr[-4000:])
    results[name] = (json.loads(stdout.strip().splitlines()[-1]), stderr)
  return results


def test_import_keras_and_graph_blocks_stay_eager_until_graph_code(reports):
  report, stderr = reports["implicit"]
  assert report["after_import"] is True
  assert report["keras_output"] == [1, 2]
  assert report["after_safe_lookups"] is True
  assert report["after_graph_block"] is True
  assert report["after_placeholder"] is False
  assert report["graph_result"] == [3.0]
  assert _SWITCH_WARNING in stderr and "tf.placeholder" in stderr


def test_disable_v2_behavior_switches_without_warning(reports):
  report, stderr = reports["explicit"]
  assert report == {"eager": False, "graph_result": 3.0}
  assert _SWITCH_WARNING not in stderr


def test_enable_eager_execution_keeps_the_process_eager(reports):
  report, stderr = reports["eager"]
  assert report == {"eager": True, "value": 6.0}
  assert _SWITCH_WARNING not in stderr
