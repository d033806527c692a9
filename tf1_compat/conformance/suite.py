"""TF 1.15's own test files, run unmodified under the drop-in, one process each.

The suite's files come from two source trees, as TF 1.15 itself did:
TensorFlow's (`SUITE`, under `--tf-source`) and the estimator's, the
`tensorflow/estimator` repository at v1.15.2 that TF 1.15 shipped as the
`tensorflow_estimator` package (`ESTIMATOR_SUITE`, under `--estimator-source`).
Each is a tuple of glob patterns relative to the root of its tree; a file's path
starts with the tree's package (`tensorflow/...`, `tensorflow_estimator/...`).
`run_file` copies one of them alone into an empty folder (a test file left
inside the source tree would import the tree's own package instead of the
installed or rebuilt one), with the tree's test helper modules it imports, runs
`python -m tf1_compat.run -m pytest FILE` there with a JUnit report and a time
limit per test, and reads every test's outcome back from the report.
"""

import ast
import dataclasses
import fnmatch
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ElementTree
from typing import Optional, Tuple

# Glob patterns under the TensorFlow source root. TF 1.15's `*_v2_test.py` files
# test the TF2 (Keras-layer) versions of the same modules, which tf1_compat does
# not rebuild; `EXCLUDED` drops them.
SUITE = (
    "tensorflow/python/kernel_tests/rnn_cell_test.py",
    "tensorflow/python/kernel_tests/rnn_test.py",
    "tensorflow/python/layers/*_test.py",
    "tensorflow/contrib/seq2seq/python/kernel_tests/*_test.py",
    "tensorflow/contrib/rnn/python/kernel_tests/*_test.py",
    "tensorflow/contrib/layers/python/layers/layers_test.py",
    "tensorflow/contrib/layers/python/layers/feature_column_test.py",
    "tensorflow/contrib/layers/python/layers/feature_column_ops_test.py",
    "tensorflow/contrib/layers/python/layers/embedding_ops_test.py",
    "tensorflow/contrib/layers/python/kernel_tests/sparse_feature_cross_op_test.py",
    "tensorflow/contrib/legacy_seq2seq/python/kernel_tests/seq2seq_test.py",
    "tensorflow/contrib/crf/python/kernel_tests/crf_test.py",
    "tensorflow/contrib/training/python/training/hparam_test.py",
)
EXCLUDED = ("*_v2_test.py",)

_ESTIMATOR = "tensorflow_estimator/python/estimator/"
# Glob patterns under the estimator source root. The canned estimators of TF
# 1.15's `tf.estimator` (v1: `LinearClassifier`, ...) are tested by
# `canned/v1/*_v1.py`; `canned/linear_test.py`, `canned/dnn_test_fc_v2.py`,
# `canned/baseline_test.py`, `canned/*_estimator_test.py` and
# `canned/dnn_linear_combined_test.py` test their TF2 counterparts
# (`LinearClassifierV2`, ..., with Keras optimizers and the `head/` package),
# which tf1_compat does not rebuild, and are not part of the suite; nor are
# `head/*` (the v2 heads), `tpu/*`, `keras*`, boosted trees, k-means, the RNN
# and time-series estimators, `inputs/queues/*` (tests of TF's private feeding
# helpers, which tf1_compat implements differently) and
# `hooks/basic_session_run_hooks_test.py` (tests of TensorFlow's own session
# hooks, which `tf.estimator` serves unchanged).
ESTIMATOR_SUITE = tuple(_ESTIMATOR + pattern for pattern in (
    "estimator_test.py",
    "run_config_test.py",
    "model_fn_test.py",
    "training_test.py",
    "exporter_test.py",
    "early_stopping_test.py",
    "extenders_test.py",
    "gc_test.py",
    "util_test.py",
    "hooks/hooks_test.py",
    "inputs/numpy_io_test.py",
    "inputs/pandas_io_test.py",
    "export/export_test.py",
    "canned/head_test.py",
    "canned/optimizers_test.py",
    "canned/parsing_utils_test.py",
    "canned/v1/*_test_v1.py",
    "canned/v1/dnn_test_fc_*_v1.py",
))

# Test files that only mean something with an optional package installed:
# without pandas, each test of pandas_io_test.py returns at once and would pass.
REQUIRES = {
    _ESTIMATOR + "inputs/pandas_io_test.py": "pandas",
}


@dataclasses.dataclass(frozen=True)
class Tree:
  """A source tree the suite's files come from.

  Attributes:
    option: The command-line option naming its root, e.g. `--tf-source`.
    package: The folder its root holds, which the suite's paths start with.
    description: What it is, for messages.
    title: Its name in the report, e.g. `TensorFlow 1.15`.
    patterns: The suite's glob patterns under its root.
  """
  option: str
  package: str
  description: str
  title: str
  patterns: Tuple[str, ...]


TENSORFLOW = Tree("--tf-source", "tensorflow", "a TensorFlow source tree",
                  "TensorFlow 1.15", SUITE)
ESTIMATOR = Tree("--estimator-source", "tensorflow_estimator",
                 "a TensorFlow Estimator source tree",
                 "TensorFlow Estimator 1.15", ESTIMATOR_SUITE)

PASSED, FAILED, ERROR, SKIPPED = "passed", "failed", "error", "skipped"


class SourceError(ValueError):
  """A source folder is not the tree it should be, or holds no file (one line)."""


@dataclasses.dataclass(frozen=True)
class TestOutcome:
  """One test of a file: `Class::name`, its outcome, and the message's first line."""
  name: str
  outcome: str
  message: str = ""


@dataclasses.dataclass(frozen=True)
class FileResult:
  """A test file's outcomes, or why it produced none (`problem`: it broke;
  `not_run`: it needs what is not installed, see `REQUIRES`)."""
  path: str
  tests: Tuple[TestOutcome, ...] = ()
  problem: Optional[str] = None
  seconds: float = 0.0
  not_run: Optional[str] = None

  def count(self, outcome):
    return sum(1 for test in self.tests if test.outcome == outcome)

  @property
  def collected(self):
    return len(self.tests)


def find_files(source_root, tree=TENSORFLOW, only=None):
  """The suite's test files of `tree` under `source_root`, relative to it, sorted.

  Args:
    source_root: The root of a source tree of kind `tree` (the folder that
      holds `tensorflow/`, or `tensorflow_estimator/`).
    tree: A `Tree`: which of the suite's trees `source_root` is.
    only: If given, keep the files whose path contains this substring (the
      result may then be empty).

  Raises:
    SourceError: `source_root` is not such a tree, or holds none of the
      suite's files.
  """
  if not os.path.isdir(os.path.join(source_root, tree.package)):
    raise SourceError(
        "%s: expected %s (a folder holding %s/), got %r"
        % (tree.option, tree.description, tree.package, source_root))
  found = set()
  for pattern in tree.patterns:
    folder, name_pattern = os.path.split(pattern)
    absolute = os.path.join(source_root, folder)
    if not os.path.isdir(absolute):
      continue
    for name in os.listdir(absolute):
      if fnmatch.fnmatch(name, name_pattern) and not any(
          fnmatch.fnmatch(name, excluded) for excluded in EXCLUDED):
        found.add(os.path.join(folder, name))
  if not found:
    raise SourceError(
        "%s: no test file of the suite under %r (expected e.g. %s)"
        % (tree.option, source_root, tree.patterns[0]))
  return sorted(path for path in found if only is None or only in path)


# A test's scratch folder in a message (`/tmp/tmpab12cd/model.ckpt-5`) says
# nothing about the test; the report shows `<tmp>` instead.
_SCRATCH_DIR = re.compile(re.escape(tempfile.gettempdir()) + r"/[^/\s'\"),:]+")


def _first_line(text):
  for line in (text or "").splitlines():
    line = line.strip()
    if line:
      return _SCRATCH_DIR.sub("<tmp>", line)[:240]
  return ""


def _raised(traceback_text):
  """The exception line (`E   ImportError: ...`) of a pytest traceback."""
  for line in (traceback_text or "").splitlines():
    if line.startswith("E "):
      return line[1:].strip()[:200]
  return _first_line(traceback_text)


def _read_report(report_path):
  """`TestOutcome`s from a pytest JUnit XML report."""
  tests = []
  root = ElementTree.parse(report_path).getroot()
  for case in root.iter("testcase"):
    if case.get("name") == "test_session":
      # pytest collects `tf.test.TestCase.test_session` (a context manager
      # whose name starts with "test") and TensorFlow skips it: not a test.
      continue
    classname = case.get("classname", "").rsplit(".", 1)[-1]
    name = "%s::%s" % (classname, case.get("name")) if classname else case.get(
        "name")
    outcome, message = PASSED, ""
    for child in case:
      if child.tag in ("failure", "error", "skipped"):
        outcome = {"failure": FAILED, "error": ERROR,
                   "skipped": SKIPPED}[child.tag]
        message = _first_line(child.get("message")) or _first_line(child.text)
        if message == "collection failure":
          message += ": " + _raised(child.text)
        break
    tests.append(TestOutcome(name, outcome, message))
  return tuple(tests)


# Written next to a test file that imports test helper modules of its source
# tree by their path (`from tensorflow.contrib.rnn.python.kernel_tests import
# benchmarking`, `from tensorflow_estimator.python.estimator.canned.v1 import
# dnn_testing_utils_v1`): the tree's helpers, copied into `_helpers/`, are found
# first under that path, in the test's process only.
_HELPERS_CONFTEST = '''"""Serves the source tree's test helper modules the test file imports."""
import importlib.abc
import importlib.util
import os
import sys

_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "_helpers")
# Test-only packages: {{package: its folder under _DIR}}.
_PACKAGES = {packages!r}
# Helper modules inside packages that are the modules under test: {{module:
# its file under _DIR}}.
_MODULES = {modules!r}


class _HelperFinder(importlib.abc.MetaPathFinder):

  def find_spec(self, fullname, path=None, target=None):
    if fullname in _PACKAGES:
      folder = os.path.join(_DIR, _PACKAGES[fullname])
      return importlib.util.spec_from_file_location(
          fullname, os.path.join(folder, "__init__.py"),
          submodule_search_locations=[folder])
    if fullname in _MODULES:
      return importlib.util.spec_from_file_location(
          fullname, os.path.join(_DIR, _MODULES[fullname]))
    package, _, name = fullname.rpartition(".")
    if package in _PACKAGES:
      location = os.path.join(_DIR, _PACKAGES[package], name + ".py")
      if os.path.exists(location):
        return importlib.util.spec_from_file_location(fullname, location)
    return None


sys.meta_path.insert(0, _HelperFinder())
'''

# Written next to every test file. A test that runs past the limit fails with a
# TimeoutError instead of holding up the file until its own timeout. The alarm
# interrupts Python code only: a test still running a grace period later is
# blocked inside TensorFlow (a server's `join()`), and the watchdog ends the
# process with `_HUNG_EXIT`, after `progress.txt` has named the test; `run_file`
# then runs the file again without it.
_HUNG_EXIT = 75
_HUNG_GRACE_SECS = 30
_TEST_LIMIT_CONFTEST = '''"""Ends a test that runs past {limit} s, the suite's limit per test."""
import os
import signal
import threading

import pytest

_LIMIT_SECS = {limit}
_PROGRESS = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                         "progress.txt")
_watchdog = []


def _expire(signum, frame):
  del signum, frame
  raise TimeoutError("the test ran past %d s, the conformance suite's limit "
                     "per test" % _LIMIT_SECS)


def _abandon():
  os._exit({hung_exit})


def pytest_runtest_logstart(nodeid, location):
  del location
  with open(_PROGRESS, "a", encoding="utf-8") as f:
    f.write(nodeid + "\\n")
  timer = threading.Timer(_LIMIT_SECS + {grace}, _abandon)
  timer.daemon = True
  timer.start()
  _watchdog.append(timer)


def pytest_runtest_logfinish(nodeid, location):
  del nodeid, location
  while _watchdog:
    _watchdog.pop().cancel()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
  del item
  previous = signal.signal(signal.SIGALRM, _expire)
  signal.alarm(_LIMIT_SECS)
  try:
    yield
  finally:
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)
'''

# Folders that hold only tests and their helpers: TF's `kernel_tests`, and the
# estimator's tests of its v1 canned estimators.
_TEST_FOLDERS = ("*/kernel_tests", _ESTIMATOR + "canned/v1")
# Test helper modules that sit among the modules under test, which must come
# from tf1_compat.
_HELPER_MODULES = ("*testing_utils*.py", "fake_summary_writer.py")


def _is_test_folder(folder):
  return any(fnmatch.fnmatch(folder, pattern) for pattern in _TEST_FOLDERS)


def _imported_names(source_file):
  """`(package, name)` for each `from package import name` in a Python file."""
  with open(source_file, encoding="utf-8") as f:
    try:
      tree = ast.parse(f.read(), filename=source_file)
    except SyntaxError:
      return []
  return [(node.module, alias.name) for node in ast.walk(tree)
          if isinstance(node, ast.ImportFrom) and node.module and not node.level
          for alias in node.names]


def _copy_helpers(source_root, path, scratch):
  """Copies the tree's test helpers that the test file imports, if any.

  Returns:
    The conftest code that serves them, or "" if there are none.

  A helper is a module of a test-only folder (`_TEST_FOLDERS`, served whole as
  its package) or a module named like one (`_HELPER_MODULES`) elsewhere, which
  is served alone: the modules around it are the TF 1.15 modules under test,
  which must come from tf1_compat. Helpers that import helpers are followed.
  """
  packages, modules = {}, {}
  helpers = os.path.join(scratch, "_helpers")
  pending = [os.path.join(source_root, path)]
  while pending:
    for package, name in _imported_names(pending.pop()):
      folder = package.replace(".", "/")
      candidate = os.path.join(source_root, folder, name + ".py")
      if _is_test_folder(folder):
        if package not in packages:
          packages[package] = folder
          shutil.copytree(
              os.path.join(source_root, folder), os.path.join(helpers, folder),
              ignore=lambda _, names: [n for n in names if n.endswith(
                  "_test.py") or not n.endswith(".py")])
          init = os.path.join(helpers, folder, "__init__.py")
          if not os.path.exists(init):
            open(init, "w", encoding="utf-8").close()
        if os.path.exists(candidate):
          pending.append(candidate)
      elif (os.path.exists(candidate) and "%s.%s" % (package, name) not in
            modules and any(fnmatch.fnmatch(name + ".py", pattern)
                            for pattern in _HELPER_MODULES)):
        modules["%s.%s" % (package, name)] = os.path.join(folder, name + ".py")
        os.makedirs(os.path.join(helpers, folder), exist_ok=True)
        shutil.copy(candidate, os.path.join(helpers, folder))
        pending.append(candidate)
  if not packages and not modules:
    return ""
  return _HELPERS_CONFTEST.format(packages=packages, modules=modules)


def _missing_requirement(path):
  """Why `path` is not run (a package in `REQUIRES` is not installed), or None."""
  package = REQUIRES.get(path)
  if package is None or importlib.util.find_spec(package) is not None:
    return None
  return ("%s is not installed: without it each of the file's tests returns "
          "at once" % package)


def _last_started(progress_path):
  """The node id of the last test `progress.txt` names, or None."""
  if not os.path.exists(progress_path):
    return None
  with open(progress_path, encoding="utf-8") as f:
    started = [line.strip() for line in f if line.strip()]
  return started[-1] if started else None


def run_file(source_root, path, timeout_s=900, test_timeout_s=120,
             python=sys.executable):
  """Runs one test file of the suite under `tf1-run -m pytest`; its `FileResult`.

  Args:
    source_root: The root of the tree `path` is in.
    path: The test file, relative to `source_root`.
    timeout_s: The limit for the whole file; past it there are no results.
    test_timeout_s: The limit for one test, which then fails with a
      `TimeoutError` (TF 1.15 tests that mocked the module-level functions
      TF 1.15 called, such as a session or server, would otherwise wait for
      the cluster they describe). A test blocked inside TensorFlow past it is
      counted as failed, and the file runs again without it.
    python: The interpreter to run it with.
  """
  not_run = _missing_requirement(path)
  if not_run is not None:
    return FileResult(path, not_run=not_run)
  with tempfile.TemporaryDirectory(prefix="tf1-conformance-") as scratch:
    shutil.copy(os.path.join(source_root, path), scratch)
    conftest = _TEST_LIMIT_CONFTEST.format(
        limit=int(test_timeout_s), hung_exit=_HUNG_EXIT,
        grace=_HUNG_GRACE_SECS) + "\n\n"
    conftest += _copy_helpers(source_root, path, scratch)
    with open(os.path.join(scratch, "conftest.py"), "w",
              encoding="utf-8") as f:
      f.write(conftest)
    report = os.path.join(scratch, "report.xml")
    progress = os.path.join(scratch, "progress.txt")
    env = dict(os.environ)
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    hung = []
    started = time.monotonic()
    while True:
      for stale in (report, progress):
        if os.path.exists(stale):
          os.remove(stale)
      # A test class that cannot be collected (its `__init__` reaches for a
      # name tf1_compat lacks) must not keep the file's other classes from
      # running.
      command = [python, "-m", "tf1_compat.run", "-m", "pytest", "-q",
                 "-p", "no:cacheprovider", "-o", "addopts=",
                 "--continue-on-collection-errors", "--junitxml=" + report,
                 os.path.basename(path)]
      command += ["--deselect=" + node_id for node_id in hung]
      remaining = timeout_s - (time.monotonic() - started)
      try:
        completed = subprocess.run(command, cwd=scratch, env=env,
                                   capture_output=True, text=True,
                                   timeout=max(remaining, 1), check=False)
      except subprocess.TimeoutExpired:
        return FileResult(path, problem="did not finish within %d s"
                          % timeout_s, seconds=timeout_s)
      blocked = _last_started(progress)
      if (completed.returncode != _HUNG_EXIT or blocked is None
          or blocked in hung):
        break
      hung.append(blocked)
    seconds = time.monotonic() - started
    if not os.path.exists(report):
      output = (completed.stderr or completed.stdout).strip().splitlines()
      return FileResult(path, problem="pytest wrote no report (exit %d): %s"
                        % (completed.returncode,
                           output[-1] if output else "no output"),
                        seconds=seconds)
    blocked_tests = tuple(TestOutcome(
        node_id.split("::", 1)[-1], FAILED,
        "did not finish within %d s: blocked inside TensorFlow (the file ran "
        "again without it)" % (test_timeout_s + _HUNG_GRACE_SECS))
                          for node_id in hung)
    return FileResult(path, tests=_read_report(report) + blocked_tests,
                      seconds=seconds)
