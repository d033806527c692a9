"""`python -m tf1_compat.run`: what an unmodified script sees inside the runner.

The command-line tests run small probe scripts in their own processes (the runner
changes `sys.modules`, `sys.argv` and the graph mode for good); the import alias and
the `input_data` shim are also tested in-process, undone after each test.
"""

import importlib
import importlib.util
import json
import os
import subprocess
import sys
import textwrap

import pytest
import tensorflow as real_tf

from tf1_compat import run as run_lib
from tf1_compat.data import mnist
from tf1_compat.data import write_synthetic_mnist
from tf1_compat.dropin import graph_mode
from tf1_compat.dropin import import_alias
from tf1_compat.dropin import input_data
from tf1_compat.framework import not_provided
from tf1_compat.training import device as device_lib
import tf1_compat.v1 as v1

_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))

_PROBE = """
    import json
    import os
    import sys

    import numpy as np
    import tensorflow as tf
    import tensorflow.compat.v1 as tf_v1
    from tensorflow.compat import v1 as tf_v1_from
    import tensorflow.compat.v2 as tf_v2
    from tensorflow.contrib import rnn
    import tensorflow.contrib.seq2seq as seq2seq
    from tensorflow.contrib.layers import fully_connected
    from tensorflow.examples.tutorials.mnist import input_data
    from tensorflow.python.framework import ops
    from tensorflow.core.framework import graph_pb2
    import tf1_compat.data.mnist

    tf.app.flags.DEFINE_string("greeting", "none", "a flag")
    FLAGS = tf.app.flags.FLAGS


    def failure(statement):
      try:
        exec(statement)
      except (ImportError, AttributeError) as error:
        return [type(error).__name__, str(error)]
      return None


    def main(argv):
      report = {"argv": sys.argv, "main_argv": argv, "flag": FLAGS.greeting,
                "path0": sys.path[0], "name": __name__,
                "eager": tf.executing_eagerly(),
                "version": tf.__version__,
                "np_float": np.float is float and np.int is int,
                "rnn_cell": tf.nn.rnn_cell.LSTMCell is rnn.LSTMCell,
                "compat_v1": (tf_v1.nn.rnn_cell.GRUCell is rnn.GRUCell
                              and tf_v1_from is tf_v1
                              and tf_v1.layers.dense is tf.layers.dense
                              and not hasattr(tf_v2, "placeholder")),
                "seq2seq": seq2seq.BasicDecoder is tf.contrib.seq2seq.BasicDecoder,
                "fully_connected": fully_connected.__name__,
                "passthrough": (ops.Graph is tf.Graph
                                and graph_pb2.GraphDef is tf.GraphDef),
                "gfile": tf.gfile.Exists(__file__)}
      with tf.Session() as session:
        iterator = tf.data.Dataset.range(3).make_one_shot_iterator()
        report["dataset"] = int(session.run(iterator.get_next()))
      tf1_compat.data.mnist.synthetic_data_sets = (
          lambda **options: "synthetic %d" % options["validation_size"])
      report["mnist"] = input_data.read_data_sets(
          os.path.join(os.path.dirname(__file__), "no_mnist_here"))
      import tensorflow.contrib.slim as slim
      from tensorflow.contrib import legacy_seq2seq
      from tensorflow.contrib.slim.nets import vgg
      report["provided"] = (slim is tf.contrib.slim
                            and legacy_seq2seq is tf.contrib.legacy_seq2seq
                            and vgg is slim.nets.vgg)
      report["contrib_eager"] = failure("import tensorflow.contrib.eager")
      report["from_gan"] = failure("from tensorflow.contrib import gan")
      report["from_factorization"] = failure(
          "from tensorflow.contrib.factorization import KMeans")
      report["contrib_learn"] = failure("tf.contrib.learn.Estimator")
      import tensorflow.estimator
      from tensorflow.estimator import inputs as estimator_inputs
      report["estimator"] = (
          tf.estimator.Estimator is tensorflow.estimator.Estimator
          and estimator_inputs.numpy_input_fn is (
              tf.estimator.inputs.numpy_input_fn))
      report["unknown_contrib"] = failure("import tensorflow.contrib.nothing")
      print(json.dumps(report))


    if __name__ == "__main__":
      tf.app.run()
"""


def _env():
  env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
  env["PYTHONPATH"] = _ROOT + os.pathsep + env.get("PYTHONPATH", "")
  return env


def _run_cli(args, cwd):
  return subprocess.run([sys.executable, "-m", "tf1_compat.run"] + args,
                        cwd=cwd, env=_env(), capture_output=True, text=True,
                        timeout=300, check=False)


def _write(directory, name, code):
  path = os.path.join(str(directory), name)
  with open(path, "w") as f:
    f.write(textwrap.dedent(code))
  return path


@pytest.fixture(scope="module")
def probe_report(tmp_path_factory):
  directory = tmp_path_factory.mktemp("probe")
  script = _write(directory, "probe.py", _PROBE)
  completed = _run_cli(["--synthetic-mnist", script, "--greeting=hello",
                        "positional"], cwd=_ROOT)
  assert completed.returncode == 0, completed.stderr[-4000:]
  return json.loads(completed.stdout.strip().splitlines()[-1]), str(directory)


class TestCommandLine:

  def test_script_runs_as_main_with_its_argv_and_directory(self, probe_report):
    report, directory = probe_report
    assert report["name"] == "__main__"
    assert report["argv"][1:] == ["--greeting=hello", "positional"]
    assert os.path.basename(report["argv"][0]) == "probe.py"
    assert report["main_argv"][1:] == ["positional"]
    assert report["flag"] == "hello"
    assert report["path0"] == directory

  def test_tensorflow_is_the_tf1_api_in_graph_mode(self, probe_report):
    report, _ = probe_report
    assert report["eager"] is False
    assert report["version"] == real_tf.__version__
    for key in ("rnn_cell", "compat_v1", "seq2seq", "passthrough", "gfile",
                "np_float"):
      assert report[key] is True, key
    assert report["fully_connected"] == "fully_connected"
    assert report["dataset"] == 0
    assert report["mnist"] == "synthetic 5000"

  def test_unprovided_apis_fail_at_the_import_or_access(self, probe_report):
    report, _ = probe_report
    assert report["provided"] is True
    # Every import form of a refused module gives the documented message.
    for key, api, replacement in (
        ("contrib_eager", "tf.contrib.eager", "TensorFlow 2"),
        ("from_gan", "tf.contrib.gan", "TF-GAN"),
        ("from_factorization", "tf.contrib.factorization", "scikit-learn")):
      kind, message = report[key]
      assert kind == "NotProvidedImportError", (key, kind, message)
      assert message.startswith(api + " is not provided by tf1_compat"), message
      assert replacement in message
    kind, message = report["contrib_learn"]
    assert kind == "NotProvidedError"
    assert message.startswith("tf.contrib.learn.Estimator")
    assert "tf.estimator.Estimator" in message
    assert report["estimator"] is True
    kind, message = report["unknown_contrib"]
    assert kind == "NotProvidedImportError"
    assert message.startswith("tf.contrib.nothing is not provided")

  def test_numpy_aliases_opt_out_and_script_errors(self, tmp_path):
    script = _write(tmp_path, "old_numpy.py", """
        import numpy as np
        import tensorflow as tf
        print(np.zeros(2, dtype=np.float))
    """)
    completed = _run_cli(["--no-numpy-aliases", script], cwd=str(tmp_path))
    assert completed.returncode == 1
    assert "np.float" in completed.stderr and "AttributeError" in (
        completed.stderr)

  def test_missing_script_is_a_one_line_error(self, tmp_path):
    completed = _run_cli(["no_such_script.py"], cwd=str(tmp_path))
    assert completed.returncode == 1
    assert completed.stderr.strip() == (
        "tf1-run: script 'no_such_script.py' not found")


  def test_precision_bf16_reaches_every_session_of_the_program(self,
                                                               tmp_path):
    script = _write(tmp_path, "bf16.py", """
        import numpy as np
        import tensorflow as tf
        x = tf.constant(np.ones([8, 16], np.float32))
        w = tf.get_variable("w", [16, 16])
        y = tf.reduce_sum(tf.tanh(tf.matmul(x, w)))
        metadata = tf.RunMetadata()
        with tf.train.MonitoredTrainingSession() as session:
          session.run(y, options=tf.RunOptions(output_partition_graphs=True),
                      run_metadata=metadata)
        dtypes = {attr.type for graph in metadata.partition_graphs
                  for node in graph.node for attr in node.attr.values()}
        print("BF16" if tf.bfloat16.as_datatype_enum in dtypes else "F32")
    """)
    results = {}
    for precision in ("f32", "bf16"):
      completed = _run_cli(["--precision=" + precision, script],
                           cwd=str(tmp_path))
      assert completed.returncode == 0, completed.stderr[-2000:]
      results[precision] = completed.stdout.strip().splitlines()[-1]
    assert results["f32"] == "F32"
    if device_lib.cpu_has_bf16():
      assert results["bf16"] == "BF16"

  @pytest.mark.parametrize("args, message", [
      (["--precision=fp8", "x.py"],
       "tf1-run: --precision must be one of f32|bf16, got 'fp8'"),
      (["--precision", "bf16", "x.py"],
       "tf1-run: write the precision as --precision=f32|bf16"),
  ])
  def test_bad_precision_is_a_one_line_error(self, tmp_path, args, message):
    completed = _run_cli(args, cwd=str(tmp_path))
    assert completed.returncode == 1
    assert completed.stderr.strip() == message

  def test_runner_precisions_are_the_librarys(self):
    assert run_lib._PRECISIONS == device_lib.PRECISIONS  # pylint: disable=protected-access


class TestImportAlias:

  @pytest.fixture
  def installed(self):
    handle = import_alias.install(v1)
    try:
      yield
    finally:
      handle.uninstall()

  def test_tensorflow_resolves_to_the_compat_api(self, installed):
    import tensorflow as tf  # pylint: disable=import-outside-toplevel,reimport

    assert tf is not real_tf
    with real_tf.Graph().as_default():  # Lookups here never switch modes.
      assert tf.placeholder is real_tf.compat.v1.placeholder
      assert tf.nn.rnn_cell is v1.nn.rnn_cell
    assert tf.__version__ == real_tf.__version__
    assert tf.__path__ == list(real_tf.__path__)
    assert importlib.import_module("tensorflow.compat.v1") is v1
    assert importlib.import_module("tensorflow.contrib.rnn") is v1.contrib.rnn
    assert importlib.import_module(
        "tensorflow.examples.tutorials.mnist.input_data") is input_data
    ops = importlib.import_module("tensorflow.python.framework.ops")
    assert ops.Graph is real_tf.Graph

  def test_keras_modules_tf1_compat_restores_import_as_modules(self,
                                                               installed):
    if importlib.util.find_spec("tf_keras") is None:
      pytest.skip("tf.keras needs the keras extra (tf-keras)")
    scikit_learn = importlib.import_module(
        "tensorflow.keras.wrappers.scikit_learn")
    assert scikit_learn is v1.keras.wrappers.scikit_learn
    assert scikit_learn.KerasClassifier is (
        v1.keras.wrappers.scikit_learn.KerasClassifier)
    layers = importlib.import_module("tensorflow.keras.layers")
    assert layers.Dense is v1.keras.layers.Dense
    with pytest.raises(ModuleNotFoundError):
      importlib.import_module("tensorflow.keras.wrappers.no_such_module")

  def test_unprovided_modules_raise_on_import(self, installed):
    with pytest.raises(not_provided.NotProvidedImportError,
                       match=r"tf\.contrib\.eager is not provided.*TensorFlow 2"):
      importlib.import_module("tensorflow.contrib.eager")
    with pytest.raises(not_provided.NotProvidedImportError,
                       match=r"tf\.examples\.tutorials\.mnist\.mnist"):
      importlib.import_module("tensorflow.examples.tutorials.mnist.mnist")

  def test_tf1_internal_module_paths_are_ours_until_uninstalled(self):
    # pylint: disable=import-outside-toplevel
    from tensorflow.python.ops import rnn_cell_impl as real_rnn_cell_impl
    import tf1_compat.layers.core
    import tf1_compat.rnn
    import tf1_compat.seq2seq.beam_search_ops
    handle = import_alias.install(v1)
    try:
      from tensorflow.python.ops import rnn_cell_impl
      from tensorflow.contrib.seq2seq.python.ops import beam_search_ops
      assert rnn_cell_impl is tf1_compat.rnn
      assert importlib.import_module(
          "tensorflow.python.layers.core") is tf1_compat.layers.core
      assert beam_search_ops is tf1_compat.seq2seq.beam_search_ops
      with pytest.raises(not_provided.NotProvidedImportError,
                         match=r"tf\.contrib\.rnn\.python\.tools "
                               r"is not provided"):
        exec("from tensorflow.contrib.rnn.python.tools import "
             "checkpoint_convert", {})
    finally:
      handle.uninstall()
    from tensorflow.python.ops import rnn_cell_impl
    assert rnn_cell_impl is real_rnn_cell_impl
    assert importlib.import_module(
        "tensorflow.python.ops.rnn_cell_impl") is real_rnn_cell_impl

  def test_uninstall_restores_tensorflow(self):
    import_alias.install(v1).uninstall()
    import tensorflow as tf  # pylint: disable=import-outside-toplevel,reimport
    assert tf is real_tf
    assert "tensorflow.contrib" not in sys.modules
    assert not graph_mode.entered()


class TestInputData:

  @pytest.fixture
  def synthetic(self):
    input_data.use_synthetic_digits(True)
    try:
      yield
    finally:
      input_data.use_synthetic_digits(False)

  def test_missing_files_name_the_files_the_directory_and_the_option(
      self, tmp_path):
    with pytest.raises(FileNotFoundError) as raised:
      input_data.read_data_sets(str(tmp_path), one_hot=True)
    message = str(raised.value)
    for name in ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                 "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz",
                 str(tmp_path), "--synthetic-mnist"):
      assert name in message

  def test_reads_idx_files_like_tf1(self, tmp_path):
    write_synthetic_mnist(str(tmp_path), num_train=120, num_test=30, seed=1)
    data = input_data.read_data_sets(str(tmp_path), one_hot=True,
                                     validation_size=20)
    assert data.train.images.shape == (100, 784)
    assert data.validation.num_examples == 20
    assert data.test.labels.shape == (30, 10)
    images, labels = data.train.next_batch(10)
    assert images.shape == (10, 784) and labels.shape == (10, 10)

  def test_synthetic_option_falls_back_for_missing_files(self, tmp_path,
                                                         monkeypatch,
                                                         synthetic):
    calls = []
    monkeypatch.setattr(mnist, "synthetic_data_sets",
                        lambda **options: calls.append(options) or "digits")
    assert input_data.read_data_sets(str(tmp_path), one_hot=True) == "digits"
    assert calls[0]["one_hot"] is True
