"""`tf1-run -m MODULE`: packages, test suites, exit codes, and quiet single logging.

`projects/tf1_package` is a small 2018-style project (a package with relative
imports, `python -m trainer.task` as its entry point, its own `tf.test.TestCase`
suite). Each test copies it into a temporary directory and runs the runner on it
in a process of its own, as a user would.
"""

import os
import re
import shutil
import subprocess
import sys
import textwrap

import pytest

_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))
_PROJECT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "projects",
                        "tf1_package")
_LOSS_LINE = re.compile(r"^loss (\S+) -> (\S+)$", re.M)


def _env():
  env = dict(os.environ)
  env.pop("TF_CPP_MIN_LOG_LEVEL", None)  # The runner must be quiet on its own.
  env["PYTHONPATH"] = _ROOT + os.pathsep + env.get("PYTHONPATH", "")
  return env


def _runner(args, cwd):
  return subprocess.run([sys.executable, "-m", "tf1_compat.run"] + args,
                        cwd=str(cwd), env=_env(), capture_output=True,
                        text=True, timeout=300, check=False)


@pytest.fixture
def project(tmp_path):
  directory = tmp_path / "tf1_package"
  shutil.copytree(_PROJECT, directory,
                  ignore=shutil.ignore_patterns("__pycache__"))
  return directory


def test_module_mode_is_python_dash_m(project):
  completed = _runner(["-m", "trainer.task", "--steps=30", "--exit_code=3"],
                      project)
  assert completed.returncode == 3, completed.stderr[-3000:]
  out = completed.stdout
  assert ("argv0 %s name __main__ path0 %s"
          % (project / "trainer" / "task.py", project)) in out
  before, after = map(float, _LOSS_LINE.search(out).groups())
  assert after < before / 10


def test_project_test_suite_under_pytest_and_unittest(project):
  completed = _runner(["-m", "pytest", "-q", "-p", "no:cacheprovider",
                       "trainer"], project)
  assert completed.returncode == 0, completed.stdout[-3000:]
  # TensorFlow's `TestCase.test_session` is collected and skipped as "Not a
  # test", as under TF 1.15.
  assert re.search(r"\b4 passed, 1 skipped\b", completed.stdout)
  completed = _runner(["-m", "unittest", "discover", "-p", "*_test.py"],
                      project)
  assert completed.returncode == 0, completed.stderr[-3000:]
  assert "Ran 5 tests" in completed.stderr and "OK (skipped=1)" in (
      completed.stderr)
  completed = _runner(["-m", "trainer.model_test"], project)
  assert completed.returncode == 0, completed.stderr[-3000:]


def test_a_failing_project_test_fails_the_run(project):
  test_file = project / "trainer" / "model_test.py"
  text = test_file.read_text().replace("before / 10", "before / 1e9")
  test_file.write_text(text)
  completed = _runner(["-m", "pytest", "-q", "-p", "no:cacheprovider",
                       "trainer"], project)
  assert completed.returncode == 1
  assert "1 failed" in completed.stdout


@pytest.mark.parametrize("args,message", [
    (["-m", "no.such.module"],
     "tf1-run: no module named 'no.such.module' (looked on sys.path from "),
    (["-m"], "tf1-run: -m needs a module name"),
    (["--bogus", "x.py"], "tf1-run: unknown option '--bogus'"),
    ([], "tf1-run: nothing to run: give SCRIPT or -m MODULE"),
    (["missing.py"], "tf1-run: script 'missing.py' not found"),
])
def test_command_line_errors_are_one_line(tmp_path, args, message):
  completed = _runner(args, tmp_path)
  assert completed.returncode == 1
  lines = completed.stderr.strip().splitlines()
  assert len(lines) == 1 and lines[0].startswith(message), completed.stderr


def test_each_log_line_once_and_no_start_up_noise(tmp_path):
  script = tmp_path / "logging_script.py"
  script.write_text(textwrap.dedent("""
      import tensorflow as tf
      tf.logging.set_verbosity(tf.logging.INFO)
      tf.logging.info("before app.run")

      def main(_):
        tf.logging.info("inside main")
        tf.logging.warning("a warning")
        with tf.Session() as session:
          print(session.run(tf.constant(2) + 3))

      if __name__ == "__main__":
        tf.app.run()
  """))
  completed = _runner([str(script)], tmp_path)
  assert completed.returncode == 0, completed.stderr
  assert completed.stdout.strip() == "5"
  stderr = completed.stderr
  for line in ("before app.run", "inside main", "a warning"):
    assert stderr.count(line) == 1, stderr
  for noise in ("disable_resource_variables", "absl::InitializeLog",
                "oneDNN custom operations", "cuda drivers",
                "non-resource variables"):
    assert noise not in stderr, stderr
  assert len(stderr.strip().splitlines()) == 3, stderr


def test_library_modules_loaded_later_still_see_the_real_tensorflow(tmp_path):
  script = tmp_path / "late_imports.py"
  script.write_text(textwrap.dedent("""
      import sys
      import tensorflow as tf
      # Each of these loads tf1_compat modules after the TF1 namespace is in.
      tf.contrib.slim, tf.contrib.seq2seq.BasicDecoder, tf.contrib.data
      import tensorflow.contrib.legacy_seq2seq
      from tensorflow.contrib.training import HParams
      real = sys.modules["tf1_compat.framework.tf_imports"]._REAL["tensorflow"]
      wrong = sorted(name for name, module in list(sys.modules.items())
                     if name.startswith("tf1_compat.")
                     and getattr(module, "tf", real) is not real)
      print("wrong:", wrong)
      print("alias:", tf is not real)
  """))
  completed = _runner([str(script)], tmp_path)
  assert completed.returncode == 0, completed.stderr
  assert "wrong: []" in completed.stdout and "alias: True" in completed.stdout


def test_tf1_internal_module_paths_resolve_to_the_served_modules(tmp_path):
  script = os.path.join(os.path.dirname(_PROJECT), "tf1_module_paths.py")
  completed = _runner([script], tmp_path)
  assert completed.returncode == 0, completed.stderr[-3000:]
  assert "failed: []" in completed.stdout
  assert ("refused: NotProvidedImportError tf.contrib.rnn.python.tools "
          "is not provided by tf1_compat") in completed.stdout
