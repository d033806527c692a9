"""Runs the same graph-building case against our API and against TF1's legacy code.

A *case* is a function `build(api) -> Built` that builds a graph through `api` only:
`api.rnn_cell` (cells, `tf.nn.rnn_cell`), `api.layers` (`tf.layers`) and `api.nn`
(TensorFlow's `tf.compat.v1.nn` drivers). `evaluate` builds a case in a fresh graph,
loads deterministic values (keyed by variable name) into every variable, and returns
the variable names and shapes, the outputs, and the gradients of a fixed random
projection of the outputs with respect to every trainable variable and every float
feed.

The oracle side runs this module as a script in a subprocess with
`TF_USE_LEGACY_KERAS=1`, where `tf.compat.v1.nn.rnn_cell` and `tf.compat.v1.layers` are
tf-keras's copies of the TF 1.15 implementations:

    python -m tests.oracle.harness CASES_MODULE OUT.npz

The environment variable must be set before TensorFlow is imported, which is why the
oracle always runs in its own process.
"""

import dataclasses
import importlib
import os
import subprocess
import sys
import types
import zlib

import numpy as np

GRAPH_SEED = 1234


@dataclasses.dataclass(frozen=True)
class Built:
  """What a case hands back: feeds (`placeholder -> value`) and named outputs.

  Output values may be nested structures (LSTM state tuples, lists of step outputs).
  `run_extra` names ops (e.g. UPDATE_OPS) to run once before the outputs are read,
  and `read_after` names tensors read after that run.
  """
  feeds: dict
  outputs: dict
  run_extra: tuple = ()
  read_after: dict = dataclasses.field(default_factory=dict)


def legacy_api():
  import tensorflow as tf  # pylint: disable=import-outside-toplevel
  return types.SimpleNamespace(rnn_cell=tf.compat.v1.nn.rnn_cell,
                               layers=tf.compat.v1.layers,
                               nn=tf.compat.v1.nn)


def our_api():
  import tensorflow as tf  # pylint: disable=import-outside-toplevel
  from tf1_compat import layers  # pylint: disable=import-outside-toplevel
  from tf1_compat import rnn  # pylint: disable=import-outside-toplevel
  return types.SimpleNamespace(rnn_cell=rnn, layers=layers, nn=tf.compat.v1.nn)


def variable_value(name, shape):
  """The value every run loads into variable `name` (positive for variances)."""
  rng = np.random.default_rng(zlib.crc32(name.encode("utf-8")))
  if "variance" in name:
    return rng.uniform(0.5, 1.5, size=shape).astype(np.float32)
  return rng.uniform(-0.5, 0.5, size=shape).astype(np.float32)


def _flat_named(prefix, structure):
  import tensorflow as tf  # pylint: disable=import-outside-toplevel
  leaves = tf.nest.flatten(structure)
  return [("%s:%d" % (prefix, i), leaf) for i, leaf in enumerate(leaves)]


def evaluate(build):
  """Builds `build` in a fresh graph and returns `{key: np.ndarray}` results.

  Keys: `var:<name>` (the shape, as an int array), `out:<name>:<i>`,
  `after:<name>:<i>`, `grad:<variable name>` and `dfeed:<feed name>`.
  """
  import tensorflow as tf  # pylint: disable=import-outside-toplevel
  v1 = tf.compat.v1
  graph = tf.Graph()
  results = {}
  with graph.as_default():
    v1.set_random_seed(GRAPH_SEED)
    api = legacy_api() if os.environ.get("TF_USE_LEGACY_KERAS") == "1" else our_api()
    built = build(api)
    named_outputs = []
    for name, value in sorted(built.outputs.items()):
      named_outputs.extend(_flat_named("out:" + name, value))
    named_after = []
    for name, value in sorted(built.read_after.items()):
      named_after.extend(_flat_named("after:" + name, value))

    projection = np.random.default_rng(7)
    loss = tf.constant(0.0)
    for _, tensor in named_outputs:
      if tensor.dtype.is_floating:
        weight = projection.uniform(-1, 1, size=[d or 1 for d in tensor.shape[1:]])
        loss += tf.reduce_sum(tensor * tf.constant(weight, dtype=tensor.dtype))
    variables = sorted(v1.global_variables(), key=lambda v: v.name)
    trainables = sorted(v1.trainable_variables(), key=lambda v: v.name)
    float_feeds = sorted(
        [p for p in built.feeds if p.dtype.is_floating], key=lambda p: p.name)
    grads = tf.gradients(loss, trainables + float_feeds) if (
        trainables or float_feeds) else []

    with v1.Session(graph=graph) as session:
      session.run(v1.global_variables_initializer())
      for variable in variables:
        shape = variable.shape.as_list()
        results["var:" + variable.name] = np.array(shape, dtype=np.int64)
        variable.load(variable_value(variable.name, shape), session)
      fetches = {key: tensor for key, tensor in named_outputs}
      for target, grad in zip(trainables + float_feeds, grads):
        if grad is None:
          continue
        prefix = "grad:" if target in trainables else "dfeed:"
        if isinstance(grad, tf.IndexedSlices):
          grad = tf.convert_to_tensor(grad)
        fetches[prefix + target.name] = grad
      results.update(session.run(fetches, feed_dict=built.feeds))
      if built.run_extra:
        session.run(list(built.run_extra), feed_dict=built.feeds)
      if named_after:
        results.update(session.run(dict(named_after), feed_dict=built.feeds))
  return {k: np.asarray(v) for k, v in results.items()}


def evaluate_module(module_name):
  """`{case_name: results}` for every case in `module_name.CASES`."""
  module = importlib.import_module(module_name)
  return {name: evaluate(build) for name, build in module.CASES.items()}


def run_oracle(module_name, out_path):
  """Evaluates `module_name`'s cases with TF1's legacy code, in a subprocess."""
  env = dict(os.environ, TF_USE_LEGACY_KERAS="1", TF_CPP_MIN_LOG_LEVEL="3")
  root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
  env["PYTHONPATH"] = root + os.pathsep + env.get("PYTHONPATH", "")
  completed = subprocess.run(
      [sys.executable, "-m", "tests.oracle.harness", module_name, str(out_path)],
      env=env, cwd=root, capture_output=True, text=True, timeout=900, check=False)
  if completed.returncode != 0:
    raise RuntimeError("oracle subprocess failed:\n" + completed.stderr[-6000:])
  return load(out_path)


def save(all_results, out_path):
  flat = {}
  for case, results in all_results.items():
    for key, value in results.items():
      flat[case + "|" + key] = value
  np.savez(out_path, **flat)


def load(path):
  all_results = {}
  with np.load(path) as data:
    for flat_key in data.files:
      case, key = flat_key.split("|", 1)
      all_results.setdefault(case, {})[key] = data[flat_key]
  return all_results


def legacy_available():
  """None if the oracle can run here, else the reason it cannot."""
  try:
    import tensorflow as tf  # pylint: disable=import-outside-toplevel
    from importlib import metadata  # pylint: disable=import-outside-toplevel
    keras_version = metadata.version("tf-keras")
  except Exception as error:  # pylint: disable=broad-except
    return "tf-keras is not installed (%s); install the test extra" % error
  if keras_version.split(".")[:2] != tf.__version__.split(".")[:2]:
    return ("tf-keras %s does not match tensorflow %s"
            % (keras_version, tf.__version__))
  return None


def legacy_results_fixture(module_name):
  """A module-scoped pytest fixture: `module_name`'s cases run by the TF1 oracle.

  Fails (rather than skips) when the oracle cannot run, so a missing test extra
  never passes silently.
  """
  import pytest  # pylint: disable=import-outside-toplevel

  @pytest.fixture(scope="module")
  def legacy_results(tmp_path_factory):
    reason = legacy_available()
    if reason:
      pytest.fail("the TF1 oracle cannot run: " + reason)
    out = tmp_path_factory.mktemp("oracle") / (module_name.rsplit(".", 1)[-1] + ".npz")
    return run_oracle(module_name, out)

  return legacy_results


def assert_match(ours, legacy, atol=1e-5, rtol=1e-5):
  """Same keys (variable names, shapes, outputs, gradients) and close values."""
  assert sorted(ours) == sorted(legacy), (
      "keys differ:\n only ours: %s\n only legacy: %s"
      % (sorted(set(ours) - set(legacy)), sorted(set(legacy) - set(ours))))
  for key in sorted(legacy):
    if key.startswith("var:"):
      np.testing.assert_array_equal(ours[key], legacy[key], err_msg=key)
    else:
      np.testing.assert_allclose(ours[key], legacy[key], atol=atol, rtol=rtol,
                                 err_msg=key)


if __name__ == "__main__":
  save(evaluate_module(sys.argv[1]), sys.argv[2])
