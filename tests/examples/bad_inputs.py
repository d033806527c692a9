"""Bad inputs a user can give the example programs, and what each must answer.

Each `Case` names the program, its flags, a `setup(tmp)` that prepares files in a
temporary directory (returning a dict that fills `{placeholders}` in the flags),
and `expected`, a regular expression the message line must match: absl's
`FATAL Flags parsing error` line, or the program's `error: ...` line. Every case
must end with exit status 1 (130 for an interrupt), that one line and no
traceback, and must not have changed a file that existed before it ran.

Most cases run in-process (`run_in_process`): the program's flags are parsed as
`app.run` parses them and its `main` is called, which takes milliseconds instead
of a Python and TensorFlow start-up per case. (In-process every example's flags
are defined, so no case may rely on a flag being unknown to one program only.)
Cases about the process itself — a file-size limit standing in for a full disk,
file modes that hold even root — run the program in a subprocess
(`run_in_subprocess`).

`python -m tests.examples.bad_inputs` runs every case and prints the table kept
in docs/robustness.md.
"""

import collections
import concurrent.futures
import contextlib
import gzip
import importlib
import io
import os
import re
import resource
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import traceback
import zipfile

from absl import app
from absl import flags
import portpicker

from tests import util

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# Root writes through any file mode; without these two capabilities it is held to
# the modes like any user (and still reads the interpreter and the checkout).
_DROP_DAC = ("setpriv", "--inh-caps=-dac_override,-dac_read_search",
             "--bounding-set=-dac_override,-dac_read_search", "--")


class Case(collections.namedtuple(
    "Case", ("name", "example", "argv", "setup", "expected", "subprocess",
             "file_size_limit", "unprivileged", "env"))):
  """One bad input; see the module docstring.

  `env` holds environment variables (such as `TF_CONFIG`) set while the
  program runs, as given (JSON is not formatted).
  """
  __slots__ = ()


def case(name, example, argv, setup, expected, subprocess=False,  # pylint: disable=redefined-outer-name
         file_size_limit=None, unprivileged=False, env=None):
  return Case(name, example, argv, setup, expected,
              subprocess or bool(file_size_limit) or unprivileged,
              file_size_limit, unprivileged, dict(env or {}))


def _no_setup(tmp):
  del tmp
  return {}


def _mnist(tmp, corrupt=None):
  """Four tiny IDX files; `corrupt` in (None, "magic", "truncated", "count")."""
  directory = os.path.join(tmp, "mnist")
  os.makedirs(directory)
  sizes = {"train": 120, "t10k": 40}
  for split, n in sizes.items():
    images = struct.pack(">IIII", 2051, n, 28, 28) + bytes(n * 784)
    labels = struct.pack(">II", 2049, n) + bytes(i % 10 for i in range(n))
    if split == "train" and corrupt == "magic":
      images = struct.pack(">I", 2049) + images[4:]
    if split == "train" and corrupt == "truncated":
      images = images[:len(images) // 2]
    if split == "t10k" and corrupt == "count":
      labels = struct.pack(">II", 2049, n + 5) + bytes(i % 10 for i in range(n + 5))
    for kind, data in (("images-idx3", images), ("labels-idx1", labels)):
      with gzip.open(os.path.join(directory, "%s-%s-ubyte.gz" % (split, kind)),
                     "wb") as f:
        f.write(data)
  return {"mnist": directory}


def _zip(tmp, members=(("text8", "the quick brown fox jumps over the lazy dog "),)):
  path = os.path.join(tmp, "text8.zip")
  with zipfile.ZipFile(path, "w") as archive:
    for member, text in members:
      archive.writestr(member, text)
  return {"zip": path}


def _huge_member_zip(tmp):
  """A zip whose one member says it holds 4 GiB (a zip bomb's central directory)."""
  path = _zip(tmp, [("text8", "tiny")])["zip"]
  with open(path, "r+b") as f:
    data = bytearray(f.read())
    central = data.rindex(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, 0xFFFFFFF0)  # Uncompressed size.
    f.seek(0)
    f.write(data)
  return {"zip": path}


def _not_a_zip(tmp):
  path = os.path.join(tmp, "text8.zip")
  with open(path, "w", encoding="utf-8") as f:
    f.write("plain text, not a zip archive")
  return {"zip": path}


def _file(tmp):
  path = os.path.join(tmp, "a_file")
  with open(path, "w", encoding="utf-8") as f:
    f.write("x")
  return {"file": path}


def _empty_zip(tmp):
  path = os.path.join(tmp, "text8.zip")
  with zipfile.ZipFile(path, "w"):
    pass
  return {"zip": path}


def _existing(tmp):
  path = os.path.join(tmp, "exported")
  os.makedirs(path)
  return {"existing": path}


def _index_without_checkpoints(tmp):
  directory = os.path.join(tmp, "ckpt")
  os.makedirs(directory)
  with open(os.path.join(directory, "checkpoint"), "w", encoding="utf-8") as f:
    f.write('model_checkpoint_path: "model.ckpt-999"\n')
  return {"ckpt": directory}


def _checkpoint(example, argv, damage=None):
  """Setup that trains `example` 2 steps into `<tmp>/ckpt` with `argv`.

  `damage`: None, or "index" to truncate the checkpoint's `.index` file.
  """
  def setup(tmp):
    directory = os.path.join(tmp, "ckpt")
    code, stderr = run_in_process(example, [*argv, "--num_steps=2",
                                            "--checkpoint_dir=" + directory])
    if code:
      raise RuntimeError(stderr[-2000:])
    if damage == "index":
      with open(os.path.join(directory, "model.ckpt-2.index"), "r+b") as f:
        f.truncate(10)
    return {"ckpt": directory}
  return setup


def _read_only_checkpoint(tmp):
  """A checkpoint folder that can be read but not written."""
  values = _checkpoint("linear_regression", [])(tmp)
  os.chmod(values["ckpt"], 0o555)
  return values


def _free_ports(tmp):
  """Two ports nobody listens on (a cluster whose tasks never start)."""
  del tmp
  return {"port": portpicker.pick_unused_port(),
          "port2": portpicker.pick_unused_port()}


def _port_in_use(tmp):
  """A port another program listens on, held while the case runs."""
  holder = socket.socket()
  holder.bind(("127.0.0.1", 0))
  holder.listen()
  # The values dict keeps the socket open until the case has run.
  return {"port": holder.getsockname()[1], "free": portpicker.pick_unused_port(),
          "holder": holder}


def can_drop_privileges():
  """Whether `unprivileged` cases can run here (as a user, or root via setpriv)."""
  return os.geteuid() != 0 or shutil.which(_DROP_DAC[0]) is not None


NO_GPU = r"^error: --device=gpu was requested but TensorFlow sees no GPU"
FLAG = r"^FATAL Flags parsing error: flag --%s=%s: "
POSITIVE = r"must be a positive integer"
CLUSTER = ["--ps_hosts=127.0.0.1:2222", "--worker_hosts=127.0.0.1:2223"]
NO_CHECKPOINT = (r"^error: nothing to evaluate: no checkpoint in '.*' \(train into "
                 r"it first, or pass the folder that has one\)$")

CASES = [
    # Flags: sizes, steps, probabilities, choices, directories.
    case("zero steps", "linear_regression", ["--num_steps=0"], _no_setup,
         FLAG % ("num_steps", "0") + "RunConfig.num_steps " + POSITIVE),
    case("negative steps", "lenet", ["--num_steps=-5"], _no_setup,
         FLAG % ("num_steps", "-5") + "RunConfig.num_steps " + POSITIVE),
    case("zero log interval", "seq2seq", ["--log_every=0"], _no_setup,
         FLAG % ("log_every", "0") + "RunConfig.log_every " + POSITIVE),
    case("zero checkpoint interval", "char_lstm", ["--checkpoint_every=0"],
         _no_setup, FLAG % ("checkpoint_every", "0") + "RunConfig.checkpoint_every "
         + POSITIVE),
    case("negative seed", "linear_regression", ["--seed=-1"], _no_setup,
         FLAG % ("seed", "-1") + r"RunConfig.seed must be an integer in "
         r"\[0, 2147483647\], got -1"),
    case("seed beyond 64 bits", "seq2seq", ["--seed=%d" % 2**70], _no_setup,
         FLAG % ("seed", str(2**70)) + r"RunConfig.seed must be an integer in "),
    case("keep_prob above 1", "lenet", ["--keep_prob=1.5"], _no_setup,
         FLAG % ("keep_prob", "1.5") + r"HParams.keep_prob must be in \(0, 1\]"),
    case("keep_prob zero", "lenet", ["--keep_prob=0"], _no_setup,
         FLAG % ("keep_prob", "0.0") + r"HParams.keep_prob must be in \(0, 1\]"),
    case("zero batch size", "lenet", ["--batch_size=0"], _no_setup,
         FLAG % ("batch_size", "0") + "HParams.batch_size must be positive"),
    case("negative learning rate", "linear_regression", ["--learning_rate=-0.1"],
         _no_setup,
         FLAG % ("learning_rate", "-0.1") + "HParams.learning_rate must be positive"),
    case("learning rate NaN", "lenet", ["--learning_rate=nan"], _no_setup,
         FLAG % ("learning_rate", "nan") + "HParams.learning_rate must be a finite"),
    case("zero hidden units", "seq2seq", ["--num_units=0"], _no_setup,
         FLAG % ("num_units", "0") + "HParams.num_units must be positive"),
    case("negative beam width", "seq2seq", ["--beam_width=-2"], _no_setup,
         FLAG % ("beam_width", "-2") + r"HParams.beam_width must be >= 0"),
    case("zero unrollings", "char_lstm", ["--num_unrollings=0"], _no_setup,
         FLAG % ("num_unrollings", "0") + "HParams.num_unrollings must be positive"),
    case("zero evaluation samples", "seq2seq", ["--eval_samples=0"], _no_setup,
         FLAG % ("eval_samples", "0") + POSITIVE),
    case("zero temperature", "char_lstm", ["--temperature=0"], _no_setup,
         FLAG % ("temperature", "0.0") + "must be a positive, finite number"),
    case("negative temperature", "char_lstm", ["--temperature=-1"], _no_setup,
         FLAG % ("temperature", "-1.0") + "must be a positive, finite number"),
    case("zero characters", "char_lstm", ["--max_chars=0"], _no_setup,
         FLAG % ("max_chars", "0") + POSITIVE),
    case("empty text8 path", "char_lstm", ["--text8="], _no_setup,
         FLAG % ("text8", "") + "must name a zip file"),
    case("empty checkpoint dir", "linear_regression", ["--checkpoint_dir="],
         _no_setup, FLAG % ("checkpoint_dir", "") + "RunConfig.checkpoint_dir must "
         "be a directory name"),
    case("empty logdir", "seq2seq", ["--logdir="], _no_setup,
         FLAG % ("logdir", "") + "RunConfig.logdir must be a directory name"),
    case("vocabulary size (set by the corpus)", "char_lstm",
         ["--vocabulary_size=30"], _no_setup,
         r"^FATAL Flags parsing error: Unknown command line flag 'vocabulary_size'"),
    case("unknown device", "linear_regression", ["--device=tpu"], _no_setup,
         FLAG % ("device", "tpu") + "value should be one of <auto|cpu|gpu>"),
    case("unknown attention", "seq2seq", ["--attention=dot"], _no_setup,
         FLAG % ("attention", "dot") + "value should be one of"),
    case("unknown architecture", "lenet", ["--architecture=alexnet"], _no_setup,
         FLAG % ("architecture", "alexnet") + "value should be one of"),
    case("gpu on a machine without one", "linear_regression", ["--gpu"],
         _no_setup, NO_GPU),
    case("gpu on a machine without one (before the data is read)", "lenet",
         ["--device=gpu", "--data_dir={mnist}"], _mnist, NO_GPU),
    case("logdir is a file", "linear_regression", ["--logdir={file}/logs"], _file,
         FLAG % ("logdir", ".*a_file/logs") + "must be a directory this user can"),
    case("checkpoint dir under a device file", "linear_regression",
         ["--checkpoint_dir=/dev/null/ckpt"], _no_setup,
         FLAG % ("checkpoint_dir", "/dev/null/ckpt") + "must be a directory, or one "
         "this user can create"),
    case("export dir exists", "linear_regression", ["--export_dir={existing}"],
         _existing, FLAG % ("export_dir", ".*exported") + ".*must be a new directory"),
    case("stray argument", "seq2seq", ["extra"], _no_setup,
         r"unexpected arguments: extra"),
    # Sizes that only the data or the memory rule out.
    case("vocabulary smaller than the data's tokens", "seq2seq", ["--vocab_size=5"],
         _no_setup, r"^error: vocab_size=5 is smaller than the delete-odd data's 11 "
         r"tokens \(ids 0..10\)$"),
    case("model too large for memory", "seq2seq", ["--num_units=100000"], _no_setup,
         r"^error: the model needs [\d.]+ TiB for its variables \(largest: "
         r"seq2seq/.*kernel \[200000, 400000\], [\d.]+ GiB\), more than the .* of "
         r"memory available; use smaller sizes$"),
    case("prime outside the vocabulary", "char_lstm",
         ["--prime=hi \u2603", "--max_chars=5000"], _no_setup,
         r"^error: prime 'hi \u2603': expected only characters of the corpus "
         r"vocabulary \(\d+ symbols\), found 1 outside it: \u2603$"),
    # Files.
    case("MNIST directory missing", "lenet", ["--data_dir=/nonexistent/mnist",
                                              "--synthetic=never"], _no_setup,
         r"^error: MNIST: expected the four files .* missing: train-images"),
    case("IDX with a wrong magic number", "lenet",
         ["--data_dir={mnist}", "--synthetic=never", "--validation_size=10"],
         lambda tmp: _mnist(tmp, "magic"),
         r"^error: .*train-images-idx3-ubyte.gz.*magic.*2051.*2049"),
    case("truncated IDX", "lenet",
         ["--data_dir={mnist}", "--synthetic=never", "--validation_size=10"],
         lambda tmp: _mnist(tmp, "truncated"),
         r"^error: .*train-images-idx3-ubyte.gz.*(truncated|expected)"),
    case("IDX label count disagrees with images", "lenet",
         ["--data_dir={mnist}", "--synthetic=never", "--validation_size=10"],
         lambda tmp: _mnist(tmp, "count"),
         r"^error: .*t10k-images-idx3-ubyte.gz.*t10k-labels-idx1-ubyte.gz.*40 images "
         r"and 45 labels"),
    case("validation split larger than the data", "lenet",
         ["--data_dir={mnist}", "--synthetic=never"], _mnist,
         r"^error: Validation size should be between 0 and 120. Received: 5000"),
    case("text8 zip missing", "char_lstm", ["--text8=/nonexistent/text8.zip"],
         _no_setup, r"^error: .*No such file or directory.*text8.zip"),
    case("text8 is a directory", "char_lstm", ["--text8={tmp}"], _no_setup,
         r"^error: text zip '.*': expected a zip file, found a directory$"),
    case("text8 is not a zip", "char_lstm", ["--text8={zip}"], _not_a_zip,
         r"^error: text zip .*text8.zip.*: expected a zip archive"),
    case("zip with no members", "char_lstm", ["--text8={zip}"], _empty_zip,
         r"^error: text zip .*text8.zip.*: expected a member 'text8' or at least one "
         r"member, found an empty archive"),
    case("zip with two members, none text8", "char_lstm", ["--text8={zip}"],
         lambda tmp: _zip(tmp, [("a.txt", "x" * 2000), ("b.txt", "y" * 2000)]),
         r"^error: text zip .*text8.zip.*: expected a member 'text8' or a single "
         r"member, found 2 members \['a.txt', 'b.txt'\]; name the one to read$"),
    case("zip member too large for memory", "char_lstm", ["--text8={zip}"],
         _huge_member_zip,
         r"^error: text zip .*text8.zip.*: member 'text8' holds 4294967280 bytes; "
         r"reading 4294967280 characters of it needs about [\d.]+ GiB, more than "
         r"the [\d.]+ GiB of memory available \(read a prefix with max_chars\)$"),
    case("empty text in the zip", "char_lstm", ["--text8={zip}"],
         lambda tmp: _zip(tmp, [("readme.txt", "")]),
         r"^error: split_text: expected 0 <= valid_size < len\(text\) = 0"),
    case("corpus smaller than one batch", "char_lstm", ["--text8={zip}"],
         lambda tmp: _zip(tmp, [("text8", "short text " * 110)]),
         r"^error: BatchGenerator: expected a text of at least batch_size \* "
         r"\(num_unrollings \+ 1\) = 64 \* 11 = 704 characters, found 210"),
    # Checkpoints.
    case("restore into other hyperparameters", "seq2seq",
         ["--checkpoint_dir={ckpt}", "--num_units=32", "--num_steps=4"],
         _checkpoint("seq2seq", ["--num_units=16", "--batch_size=8"]),
         r"^error: checkpoint .*model.ckpt-2 does not fit this graph \(built with "
         r"other hyperparameters\?\):$"),
    case("index naming a missing checkpoint", "linear_regression",
         ["--checkpoint_dir={ckpt}"], _index_without_checkpoints,
         r"^error: checkpoint folder .*ckpt: expected a complete checkpoint to "
         r"resume from, found none usable \(no model.ckpt-<step>.index file\); "
         r"nothing was changed there"),
    case("only checkpoint truncated", "linear_regression",
         ["--checkpoint_dir={ckpt}"], _checkpoint("linear_regression", [], "index"),
         r"^error: checkpoint folder .*ckpt: expected a complete checkpoint to "
         r"resume from, found none usable \(model.ckpt-2: its .index cannot be "
         r"read"),
    case("eval_only without a checkpoint", "lenet",
         ["--eval_only", "--checkpoint_dir={tmp}/none", "--data_dir={mnist}",
          "--validation_size=10"], _mnist, NO_CHECKPOINT),
    case("eval_only without a checkpoint", "linear_regression",
         ["--eval_only", "--checkpoint_dir={tmp}/none"], _no_setup, NO_CHECKPOINT),
    case("eval_only without a checkpoint", "char_lstm",
         ["--eval_only", "--checkpoint_dir={tmp}/none", "--max_chars=5000"],
         _no_setup, NO_CHECKPOINT),
    case("eval_only without any folder", "seq2seq", ["--eval_only"], _no_setup,
         r"^error: nothing to evaluate: no checkpoint_dir \(or logdir\) was given "
         r"to restore from$"),
    case("sample_only without a checkpoint", "char_lstm",
         ["--sample_only", "--checkpoint_dir={tmp}/empty", "--max_chars=5000"],
         _no_setup, NO_CHECKPOINT),
    # Writing: a full disk (a file-size limit) and another user's folders.
    case("disk full at a checkpoint", "linear_regression",
         ["--checkpoint_dir={tmp}/ckpt", "--num_steps=20"], _no_setup,
         r"^error: could not write checkpoint .*model.ckpt-20: .*File too large; "
         r"the last good checkpoint is none$", file_size_limit=8000),
    case("disk full at an event file", "linear_regression",
         ["--logdir={tmp}/logs", "--num_steps=400", "--checkpoint_every=400"],
         _no_setup, r"^error: cannot write to the event file .*: .*File too large$",
         file_size_limit=20000),
    case("disk full at the export", "linear_regression",
         ["--export_dir={tmp}/exported", "--num_steps=5"], _no_setup,
         r"^error: could not export the SavedModel to .*exported: .*File too large$",
         file_size_limit=8000),
    case("checkpoint folder not writable", "linear_regression",
         ["--checkpoint_dir={ckpt}", "--num_steps=4"], _read_only_checkpoint,
         r"^error: checkpoint directory '.*ckpt' is not writable by this user \(to "
         r"only evaluate or sample from its checkpoints, use eval_only\)$",
         unprivileged=True),
    case("export dir's parent not writable", "linear_regression",
         ["--export_dir={ckpt}/exported"], _read_only_checkpoint,
         FLAG % ("export_dir", ".*ckpt/exported") + ".*must be a new directory",
         unprivileged=True),
    # A task of a distributed job (--ps_hosts, --worker_hosts, --job_name,
    # --task_index or TF_CONFIG).
    case("malformed TF_CONFIG JSON", "linear_regression", [], _no_setup,
         r"^error: TF_CONFIG is not valid JSON \(Expecting value: line 1 "
         r"column 53 \(char 52\)\): \{\"cluster\": \{\"worker\"",
         env={"TF_CONFIG": '{"cluster": {"worker": ["127.0.0.1:2223"]}, '
                           '"task": '}),
    case("TF_CONFIG task index outside the cluster", "lenet",
         ["--data_dir={mnist}"], _mnist,
         r"^error: TF_CONFIG's task index 2 is outside the cluster: job "
         r"worker has 1 task \(indices 0..0\)$",
         env={"TF_CONFIG": '{"cluster": {"worker": ["127.0.0.1:2223"], '
                           '"ps": ["127.0.0.1:2222"]}, "task": {"type": '
                           '"worker", "index": 2}}'}),
    case("TF_CONFIG task type the examples do not have", "linear_regression",
         [], _no_setup,
         r"^error: TF_CONFIG's task type 'evaluator': expected one of the "
         r"cluster's jobs among chief, ps, worker, got 'evaluator' \(cluster "
         r"jobs: chief, ps\)$",
         env={"TF_CONFIG": '{"cluster": {"chief": ["127.0.0.1:2223"], '
                           '"ps": ["127.0.0.1:2222"]}, "task": {"type": '
                           '"evaluator", "index": 0}}'}),
    case("task_index outside the cluster", "seq2seq",
         CLUSTER + ["--job_name=worker", "--task_index=1"], _no_setup,
         r"^error: --task_index=1 is outside the cluster: --worker_hosts lists "
         r"1 worker task \(indices 0..0\)$"),
    case("negative task_index", "char_lstm",
         CLUSTER + ["--job_name=worker", "--task_index=-1"], _no_setup,
         FLAG % ("task_index", "-1") + "must be a non-negative integer"),
    case("job_name neither ps nor worker", "char_lstm",
         CLUSTER + ["--job_name=chief"], _no_setup,
         FLAG % ("job_name", "chief") + "value should be one of <ps|worker>"),
    case("worker_hosts missing", "lenet", ["--ps_hosts=127.0.0.1:2222",
                                           "--job_name=ps"], _no_setup,
         r"^error: --worker_hosts is empty: expected the comma-separated "
         r"host:port of every worker \(worker 0 is the chief\), got None$"),
    case("address without a port", "linear_regression",
         ["--ps_hosts=127.0.0.1", "--worker_hosts=127.0.0.1:2223",
          "--job_name=worker"], _no_setup,
         r"^error: --ps_hosts: expected host:port addresses, got '127.0.0.1'$"),
    case("port in use", "linear_regression",
         ["--ps_hosts=127.0.0.1:{free}", "--worker_hosts=127.0.0.1:{port}",
          "--job_name=worker"], _port_in_use,
         r"^error: worker 0: cannot listen on 127.0.0.1:\d+: the port is in "
         r"use \(another task or program holds it\); free it or give this "
         r"task another port$"),
    case("parameter server that never starts", "linear_regression",
         ["--ps_hosts=127.0.0.1:{port}", "--worker_hosts=127.0.0.1:{port2}",
          "--job_name=worker", "--cluster_timeout=1"], _free_ports,
         r"^error: worker 0: ps 0 \(127.0.0.1:\d+\) did not accept connections "
         r"within 1 s; is it running\?$", subprocess=True),
    case("zero cluster timeout", "seq2seq", ["--cluster_timeout=0"], _no_setup,
         FLAG % ("cluster_timeout", "0.0") + "must be a positive number of "
         "seconds"),
    case("sync_replicas without a cluster", "seq2seq", ["--sync_replicas"],
         _no_setup,
         r"^error: --sync_replicas synchronizes the workers of a cluster: "
         r"expected --ps_hosts, --worker_hosts and --job_name \(or "
         r"TF_CONFIG\), got none$"),
    case("eval_only in a cluster", "linear_regression",
         CLUSTER + ["--job_name=worker", "--eval_only",
                    "--checkpoint_dir={tmp}/ckpt"], _no_setup,
         r"^error: RunConfig.eval_only evaluates in one process: leave out the "
         r"cluster \(--job_name, --ps_hosts, --worker_hosts, TF_CONFIG\) to "
         r"evaluate$"),
]


def message_line(stderr):
  """The line a user reads: absl's flag error or our `error:` line, else the last."""
  lines = [l for l in stderr.strip().splitlines() if l.strip()]
  for line in lines:
    if line.startswith(("FATAL Flags parsing error", "error: ")):
      return line
  return lines[-1] if lines else ""


@contextlib.contextmanager
def _environment(env):
  """Sets `env`'s variables for the block, then restores the old values."""
  saved = {name: os.environ.get(name) for name in env}
  os.environ.update(env)
  try:
    yield
  finally:
    for name, value in saved.items():
      if value is None:
        os.environ.pop(name, None)
      else:
        os.environ[name] = value


def run_in_process(example, argv, env=None):
  """Parses `argv` as `app.run` would and calls the program's `main`.

  Args:
    example: the program's module name in `examples`.
    argv: its arguments.
    env: environment variables set while it runs.

  Returns:
    `(exit status, stderr text)`; an exception escaping `main` is status
    "traceback", with the traceback in the text.
  """
  module = importlib.import_module("examples." + example)
  captured = io.StringIO()
  code = 0
  with contextlib.redirect_stderr(captured), contextlib.redirect_stdout(
      io.StringIO()), _environment(env or {}):
    try:
      try:
        remaining = flags.FLAGS([example, *argv])
      except flags.Error as error:
        sys.stderr.write("FATAL Flags parsing error: %s\n" % error)
        code = 1
      else:
        module.main(remaining)
    except SystemExit as exit_:
      code = exit_.code
    except app.UsageError as error:
      sys.stderr.write("%s\n" % error)
      code = 1
    except Exception:  # pylint: disable=broad-except
      traceback.print_exc()
      code = "traceback"
    finally:
      flags.FLAGS.unparse_flags()
  return code, captured.getvalue()


def _env():
  env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="")
  env["PYTHONPATH"] = ROOT + os.pathsep + env.get("PYTHONPATH", "")
  return env


def run_in_subprocess(example, argv, file_size_limit=None, unprivileged=False,
                      timeout=300, env=None):
  """Runs `python -m examples.<example> argv`; returns `(status, stderr)`.

  `file_size_limit` caps every file the program writes (`RLIMIT_FSIZE`: a write
  past it fails with EFBIG, as on a full disk); `unprivileged` holds the program
  to file modes even when run as root; `env` adds environment variables.
  """
  def prepare():
    if file_size_limit:
      resource.setrlimit(resource.RLIMIT_FSIZE, (file_size_limit,
                                                 resource.RLIM_INFINITY))
  prefix = _DROP_DAC if unprivileged and os.geteuid() == 0 else ()
  completed = subprocess.run(
      [*prefix, sys.executable, "-m", "examples." + example, *argv], cwd=ROOT,
      env=dict(_env(), **(env or {})),
      capture_output=True, text=True, timeout=timeout, check=False,
      preexec_fn=prepare)
  return completed.returncode, completed.stderr


Outcome = collections.namedtuple("Outcome", ("case", "code", "line", "problems"))


def run_case(one_case):
  """Runs a case in a fresh temporary directory; returns an `Outcome`."""
  with tempfile.TemporaryDirectory() as tmp:
    values = {"tmp": tmp, **one_case.setup(tmp)}
    argv = [a.format(**values) for a in one_case.argv]
    env = one_case.env
    before = util.tree_digest(tmp)
    if one_case.subprocess:
      code, stderr = run_in_subprocess(one_case.example, argv,
                                       one_case.file_size_limit,
                                       one_case.unprivileged, env=env)
    else:
      code, stderr = run_in_process(one_case.example, argv, env)
    after = util.tree_digest(tmp)
    for root, dirs, _ in os.walk(tmp):  # Let the cleanup remove read-only dirs.
      for name in dirs:
        os.chmod(os.path.join(root, name), 0o755)
  line = message_line(stderr)
  problems = []
  if code not in (1, 130):
    problems.append("exit status %r" % (code,))
  if "Traceback" in stderr:
    problems.append("traceback shown:\n" + stderr[-3000:])
  if not re.search(one_case.expected, line):
    problems.append("message %r does not match %r" % (line, one_case.expected))
  changed = sorted(k for k, v in before.items() if after.get(k) != v)
  if changed:
    problems.append("changed or removed files that existed before: %s" % changed)
  return Outcome(one_case, code, line, problems)


def run_all(cases):
  """Outcomes of `cases`: in-process ones here, then the rest two at a time."""
  outcomes = [run_case(c) for c in cases if not c.subprocess]
  with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
    outcomes += list(pool.map(run_case, [c for c in cases if c.subprocess]))
  order = {id(c): i for i, c in enumerate(cases)}
  return sorted(outcomes, key=lambda o: order[id(o.case)])


def main():
  print("| # | bad input | program | exit | message |")
  print("|---|---|---|---|---|")
  for i, outcome in enumerate(run_all(CASES), 1):
    one = outcome.case
    env = "".join("%s='%s' " % item for item in one.env.items())
    print("| %d | %s | `%s%s %s` | %s | %s%s |" % (
        i, one.name, env, one.example, " ".join(one.argv), outcome.code,
        re.sub(r"/tmp/[^/ ']+", "<tmp>", outcome.line).replace("|", "\\|"),
        " (UNEXPECTED: %s)" % "; ".join(outcome.problems) if outcome.problems
        else ""))


if __name__ == "__main__":
  main()
