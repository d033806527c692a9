"""Runs an unmodified TensorFlow 1.x program on modern TensorFlow.

    tf1-run [--synthetic-mnist] [--no-numpy-aliases] [--precision=f32|bf16]
            (SCRIPT | -m MODULE) [ARGS...]
    python -m tf1_compat.run ...                     (the same)

`-m MODULE` runs a module as `python -m MODULE` would: a project's own entry point
(`tf1-run -m trainer.task --job-dir=...`, with relative imports inside its
package) or its test suite under the drop-in (`tf1-run -m pytest tests/`, `tf1-run
-m unittest discover -p '*_test.py'`; TF1's `tf.test.TestCase`, `tf.test.main`
and `test_session` are TensorFlow's own).

Inside the program's process:

* `import tensorflow as tf` (and `import tensorflow.compat.v1 as tf`) give
  `tf1_compat.v1`: TF 1.15's API in graph mode, with `tf.nn.rnn_cell`,
  `tf.layers`, `tf.contrib` rebuilt, and `tf.app.run`, `tf.flags`, `tf.logging`,
  `tf.gfile`, `tf.test`, the v1 `tf.data` Dataset from TensorFlow itself;
* `from tensorflow.contrib import rnn`, `from tensorflow.examples.tutorials.mnist
  import input_data` work; imports of real TensorFlow modules that still exist
  (`tensorflow.python.*`, `tensorflow.core.*`) and of other packages pass through;
  APIs we do not provide fail at the import or attribute access that names them;
* TF2 behaviour is off (`disable_v2_behavior()`) before the program starts;
  TensorFlow's start-up lines are held back and each `tf.logging` line is printed
  once;
* as with `python SCRIPT` / `python -m MODULE`: `sys.argv` is `[SCRIPT, ARGS...]`
  (for a module, its file path), `sys.path[0]` is the script's directory (for a
  module, the working directory), the program runs as `__main__`, and its exit
  status is the process's;
* NumPy names that NumPy 2 removed (`np.float`, `np.int`, `np.object`,
  `np.asscalar`, ...) are restored, unless `--no-numpy-aliases`;
* `--precision=bf16` runs every session of the program under TensorFlow's
  oneDNN bfloat16 rewrite (CPUs with bfloat16 units; variables and
  checkpoints stay float32), as the examples' `--precision=bf16` does.

Runner options go before SCRIPT or `-m MODULE`; everything after belongs to the
program.
"""

import argparse
import dataclasses
import importlib.util
import os
import runpy
import sys
from typing import Optional, Sequence

_PROG = "tf1-run"
# The precisions of `tf1_compat.training.device` (not imported: `--help`
# answers without importing TensorFlow).
_PRECISIONS = ("f32", "bf16")


class UsageError(Exception):
  """A command line the runner cannot start (printed as one line, exit 1)."""


@dataclasses.dataclass(frozen=True)
class Command:
  """What to run: a script path or a module name, and its arguments."""
  script: Optional[str]
  module: Optional[str]
  args: Sequence[str]
  synthetic_mnist: bool = False
  numpy_aliases: bool = True
  precision: str = "f32"


def _parser():
  parser = argparse.ArgumentParser(
      prog=_PROG, usage="%(prog)s [options] (SCRIPT | -m MODULE) [ARGS...]",
      description="Run an unmodified TensorFlow 1.x script or module on modern "
                  "TensorFlow through tf1_compat.")
  parser.add_argument(
      "--synthetic-mnist", action="store_true",
      help="when input_data.read_data_sets finds no MNIST files, train on "
           "procedurally drawn digits instead of failing")
  parser.add_argument(
      "--no-numpy-aliases", action="store_true",
      help="do not restore np.float, np.int, np.object, ... (removed in NumPy 2)")
  parser.add_argument(
      "--precision", choices=_PRECISIONS, default="f32",
      help="bf16: run every session under TensorFlow's oneDNN bfloat16 "
           "rewrite (CPUs with bfloat16 units); default f32")
  parser.add_argument(
      "-m", dest="module", metavar="MODULE",
      help="run library module MODULE as a script, as `python -m MODULE` does "
           "(e.g. `-m pytest tests/`, `-m trainer.task`)")
  parser.add_argument("script", nargs="?", metavar="SCRIPT",
                      help="path of the TF1 script to run")
  return parser


def parse(argv):
  """Splits `argv` into runner options and the program's command line.

  Runner options are read up to the first argument that is not one (SCRIPT) or
  up to `-m MODULE`; the rest belongs to the program, untouched.

  Raises:
    UsageError: neither SCRIPT nor `-m MODULE` is given, or an option is unknown.
  """
  parser = _parser()
  argv = list(argv)
  end = len(argv)
  for index, arg in enumerate(argv):
    if arg == "-m":
      end = index + 2
      break
    if arg.startswith("-m") and not arg.startswith("--"):
      end = index + 1
      break
    if arg in ("-h", "--help"):
      parser.print_help()
      sys.exit(0)
    if not arg.startswith("-"):
      end = index + 1
      break
  if end > len(argv):
    raise UsageError("%s: -m needs a module name" % _PROG)
  known = {"--synthetic-mnist", "--no-numpy-aliases", "--precision=..."}
  for arg in argv[:end]:
    if arg == "--precision":
      raise UsageError("%s: write the precision as --precision=f32|bf16"
                       % _PROG)
    if arg.startswith("--precision="):
      value = arg.split("=", 1)[1]
      if value not in _PRECISIONS:
        raise UsageError("%s: --precision must be one of %s, got %r"
                         % (_PROG, "|".join(_PRECISIONS), value))
      continue
    if arg.startswith("-") and not arg.startswith("-m") and arg not in known:
      raise UsageError("%s: unknown option %r (runner options: %s; the program's "
                       "own options go after SCRIPT or -m MODULE)"
                       % (_PROG, arg, ", ".join(sorted(known))))
  options = parser.parse_args(argv[:end])
  if options.module is None and options.script is None:
    raise UsageError("%s: nothing to run: give SCRIPT or -m MODULE (see "
                     "%s --help)" % (_PROG, _PROG))
  return Command(script=options.script, module=options.module,
                 args=argv[end:], synthetic_mnist=options.synthetic_mnist,
                 numpy_aliases=not options.no_numpy_aliases,
                 precision=options.precision)


def _check_target(command):
  """Raises `UsageError` if the script or module does not exist."""
  if command.script is not None:
    if not os.path.isfile(command.script):
      raise UsageError("%s: script %r not found" % (_PROG, command.script))
    return
  try:
    found = importlib.util.find_spec(command.module)
  except (ImportError, ValueError):
    found = None
  if found is None:
    raise UsageError("%s: no module named %r (looked on sys.path from %s)"
                     % (_PROG, command.module, os.getcwd()))


def _install(command):
  """Sets the process up as TF1's: aliases, graph mode, quiet logging."""
  # pylint: disable=import-outside-toplevel
  # Imported here, not at the top, so that `--help` and a mistyped name answer
  # without importing TensorFlow. Importing the whole library before the alias
  # is installed keeps the real `tensorflow` in every tf1_compat module.
  from tf1_compat.dropin import quiet_logging
  quiet_logging.import_tensorflow_quietly()
  if command.numpy_aliases:
    from tf1_compat.dropin import numpy_aliases
    numpy_aliases.restore()
  import tf1_compat.v1
  from tf1_compat.dropin import graph_mode
  from tf1_compat.dropin import import_alias
  from tf1_compat.dropin import input_data
  target = command.script or "-m " + command.module
  graph_mode.enter("running %s through %s" % (target, _PROG))
  quiet_logging.single_tf_logging()
  input_data.use_synthetic_digits(command.synthetic_mnist)
  if command.precision != "f32":
    from tf1_compat.training import device
    device.use_precision_everywhere(command.precision)
  import_alias.install(tf1_compat.v1)


def run(command):
  """Runs `command`'s program as `__main__` with the TF1 compat API installed.

  Changes the process for good (`sys.argv`, `sys.path[0]`, `sys.modules`, graph
  mode): call it once, in a process of its own. A `SystemExit` raised by the
  program passes through, so its exit status is the process's.

  Returns:
    The program's globals after it ran.

  Raises:
    UsageError: the script or module does not exist.
  """
  if command.module is not None:
    sys.path[0] = os.getcwd()
  else:
    sys.path[0] = os.path.dirname(os.path.abspath(command.script))
  _check_target(command)
  _install(command)
  if command.module is not None:
    sys.argv = [command.module] + list(command.args)
    return runpy.run_module(command.module, run_name="__main__",
                            alter_sys=True)
  sys.argv = [command.script] + list(command.args)
  return runpy.run_path(command.script, run_name="__main__")


def run_script(script, args=(), synthetic_mnist=False, numpy_aliases=True):
  """Runs the TF1 script at path `script` with `args`; see `run`."""
  return run(Command(script=script, module=None, args=list(args),
                     synthetic_mnist=synthetic_mnist,
                     numpy_aliases=numpy_aliases))


def main(argv=None):
  """Console entry point: `tf1-run [options] (SCRIPT | -m MODULE) [ARGS...]`."""
  try:
    run(parse(sys.argv[1:] if argv is None else argv))
  except UsageError as error:
    sys.exit(str(error))


if __name__ == "__main__":
  main()
