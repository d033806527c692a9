"""Runs an unmodified TensorFlow 1.x script on modern TensorFlow.

    python -m tf1_compat.run [--synthetic-mnist] [--no-numpy-aliases] SCRIPT [ARGS...]
    tf1-run SCRIPT [ARGS...]

Inside the script's process:

* `import tensorflow as tf` (and `import tensorflow.compat.v1 as tf`) give
  `tf1_compat.v1`: TF 1.15's API in graph mode, with `tf.nn.rnn_cell`,
  `tf.layers`, `tf.contrib.{rnn,seq2seq,layers,framework}` rebuilt, and
  `tf.app.run`, `tf.flags`, `tf.logging`, `tf.gfile`, the v1 `tf.data` Dataset
  from TensorFlow itself;
* `from tensorflow.contrib import rnn`, `from tensorflow.examples.tutorials.mnist
  import input_data` work; imports of real TensorFlow modules that still exist
  (`tensorflow.python.*`, `tensorflow.core.*`) and of other packages pass through;
  APIs we do not provide fail at the import or attribute access that names them;
* TF2 behaviour is off (`disable_v2_behavior()`) before the script starts;
* `sys.argv` is `[SCRIPT, ARGS...]`, the script's directory is `sys.path[0]` and
  the script runs as `__main__`;
* NumPy names that NumPy 2 removed (`np.float`, `np.int`, `np.object`,
  `np.asscalar`, ...) are restored, unless `--no-numpy-aliases`.

Runner options go before SCRIPT; everything after it belongs to the script.
"""

import argparse
import os
import runpy
import sys


def _parse(argv):
  parser = argparse.ArgumentParser(
      prog="python -m tf1_compat.run",
      description="Run an unmodified TensorFlow 1.x script on modern TensorFlow "
                  "through tf1_compat.")
  parser.add_argument(
      "--synthetic-mnist", action="store_true",
      help="when input_data.read_data_sets finds no MNIST files, train on "
           "procedurally drawn digits instead of failing")
  parser.add_argument(
      "--no-numpy-aliases", action="store_true",
      help="do not restore np.float, np.int, np.object, ... (removed in NumPy 2)")
  parser.add_argument("script", help="path of the TF1 script to run")
  parser.add_argument("args", nargs=argparse.REMAINDER,
                      help="arguments passed to the script")
  return parser.parse_args(argv)


def run_script(script, args=(), synthetic_mnist=False, numpy_aliases=True):
  """Runs `script` as `__main__` with the TF1 compat API installed.

  Changes the process for good (`sys.argv`, `sys.path[0]`, `sys.modules`, graph
  mode): call it once, in a process of its own.

  Args:
    script: Path of the script.
    args: The script's command-line arguments.
    synthetic_mnist: Let `input_data.read_data_sets` fall back to synthetic
      digits when the MNIST files are missing.
    numpy_aliases: Restore the NumPy 1.x aliases first.

  Returns:
    The script's globals after it ran.

  Raises:
    FileNotFoundError: `script` does not exist.
  """
  # pylint: disable=import-outside-toplevel
  # Imported here, not at the top, so that `--help` and a mistyped script name
  # answer without importing TensorFlow. Importing the whole library before the
  # alias is installed keeps the real `tensorflow` in every tf1_compat module.
  path = os.path.abspath(script)
  if not os.path.isfile(path):
    raise FileNotFoundError("tf1_compat.run: script %r not found (looked for %s)"
                            % (script, path))
  if numpy_aliases:
    from tf1_compat.dropin import numpy_aliases as aliases
    aliases.restore()
  from tf1_compat.dropin import graph_mode
  from tf1_compat.dropin import import_alias
  from tf1_compat.dropin import input_data
  graph_mode.enter("running %s through tf1_compat.run" % script)
  input_data.use_synthetic_digits(synthetic_mnist)
  import_alias.install()
  sys.argv = [script] + list(args)
  sys.path[0] = os.path.dirname(path)
  return runpy.run_path(path, run_name="__main__")


def main(argv=None):
  """Console entry point: `tf1-run [options] SCRIPT [ARGS...]`."""
  options = _parse(sys.argv[1:] if argv is None else argv)
  if not os.path.isfile(options.script):
    sys.exit("tf1_compat.run: script %r not found" % options.script)
  run_script(options.script, options.args,
             synthetic_mnist=options.synthetic_mnist,
             numpy_aliases=not options.no_numpy_aliases)


if __name__ == "__main__":
  main()
