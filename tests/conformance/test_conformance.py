"""`python -m tf1_compat.conformance`: TF 1.15 test files run under the drop-in.

The tests build a miniature TensorFlow source tree holding one TF1-style kernel
test file (deep `tensorflow.contrib...python.ops` imports, `tf.test.TestCase`,
one passing, one failing and one skipped test), and a miniature estimator tree
(`tensorflow_estimator.python.estimator...` imports, test helpers of the tree,
a test past the time limit, one blocked past it), and check what the command
counts, prints and writes.
"""

import os
import textwrap

import pytest

from tf1_compat.conformance import __main__ as conformance
from tf1_compat.conformance import differences
from tf1_compat.conformance import suite

_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))

_KERNEL_TEST = textwrap.dedent("""\
    from tensorflow.contrib.seq2seq.python.kernel_tests import testing_helpers
    from tensorflow.contrib.seq2seq.python.ops import helper as helper_py
    from tensorflow.python.framework import constant_op
    from tensorflow.python.platform import test

    import tf1_compat.seq2seq


    class HelperTest(test.TestCase):

      def testDeepPathIsOurs(self):
        self.assertIs(helper_py.TrainingHelper,
                      tf1_compat.seq2seq.TrainingHelper)
        with self.cached_session() as sess:
          self.assertEqual(testing_helpers.THREE,
                           sess.run(constant_op.constant(3)))

      def testFails(self):
        self.assertEqual(1, 2, "one is not two")

      def testSkipped(self):
        self.skipTest("needs a GPU")


    if __name__ == "__main__":
      test.main()
    """)


_ESTIMATOR_TEST = textwrap.dedent("""\
    import signal
    import time

    from tensorflow.python.platform import test
    from tensorflow_estimator.python.estimator import run_config
    from tensorflow_estimator.python.estimator.canned import head as head_lib
    from tensorflow_estimator.python.estimator.canned.v1 import dnn_testing_utils_v1
    from tensorflow_estimator.python.estimator.hooks import fake_summary_writer

    import tf1_compat.estimator


    class HeadTest(test.TestCase):

      def testEstimatorPathsAreOurs(self):
        self.assertIs(run_config.RunConfig, tf1_compat.estimator.RunConfig)
        self.assertIs(head_lib._regression_head,
                      tf1_compat.estimator.canned.head.regression_head)

      def testHelpersComeFromTheTree(self):
        self.assertEqual(7, dnn_testing_utils_v1.SEVEN)
        self.assertEqual("fake", fake_summary_writer.KIND)

      def testRunsPastTheLimit(self):
        time.sleep(60)

      def testBlockedPastTheLimit(self):
        # As a test blocked inside a TensorFlow kernel: the alarm cannot end it.
        signal.signal(signal.SIGALRM, signal.SIG_IGN)
        time.sleep(60)
    """)
_ESTIMATOR_DIR = "tensorflow_estimator/python/estimator"


@pytest.fixture
def estimator_tree(tmp_path, monkeypatch):
  monkeypatch.setenv("PYTHONPATH", _ROOT + os.pathsep +
                     os.environ.get("PYTHONPATH", ""))
  root = tmp_path / "estimator-1.15"
  package = root / _ESTIMATOR_DIR
  for folder in ("canned/v1", "hooks", "inputs"):
    (package / folder).mkdir(parents=True)
  (package / "canned/head_test.py").write_text(_ESTIMATOR_TEST)
  # The modules under test must come from tf1_compat, never from the tree.
  (package / "canned/head.py").write_text(
      "raise ImportError('the source tree was imported')\n")
  # Helpers: a test-only folder, and a helper among the modules under test.
  (package / "canned/v1/dnn_testing_utils_v1.py").write_text("SEVEN = 7\n")
  (package / "canned/v1/dnn_linear_combined_test_v1.py").write_text(
      "raise SystemExit(3)\n")
  (package / "hooks/fake_summary_writer.py").write_text("KIND = 'fake'\n")
  (package / "inputs/pandas_io_test.py").write_text("raise SystemExit(3)\n")
  return root


@pytest.fixture
def source_tree(tmp_path, monkeypatch):
  monkeypatch.setenv("PYTHONPATH", _ROOT + os.pathsep +
                     os.environ.get("PYTHONPATH", ""))
  root = tmp_path / "tf-1.15"
  tests_dir = root / "tensorflow/contrib/seq2seq/python/kernel_tests"
  tests_dir.mkdir(parents=True)
  # The tree's own package must never be what the test file imports.
  (root / "tensorflow/__init__.py").write_text(
      "raise ImportError('the source tree was imported')\n")
  (tests_dir / "helper_test.py").write_text(_KERNEL_TEST)
  (tests_dir / "helper_v2_test.py").write_text("raise SystemExit(3)\n")
  # A helper module of the test folder, imported by its TF path.
  (tests_dir / "testing_helpers.py").write_text("THREE = 3\n")
  return root


def test_finds_the_suites_files_but_not_the_v2_ones(source_tree):
  assert suite.find_files(str(source_tree)) == [
      "tensorflow/contrib/seq2seq/python/kernel_tests/helper_test.py"]


def test_counts_prints_and_documents_each_test(source_tree, tmp_path, capsys):
  docs = tmp_path / "conformance.md"
  status = conformance.main(["--tf-source", str(source_tree), "--tf-commit",
                             "590d6eef7e91", "--write-docs", str(docs)])
  out = capsys.readouterr().out
  assert status == 1  # The failure is not a documented difference.
  assert ("kernel_tests/helper_test.py: 1 passed, 1 failed, 1 skipped" in out)
  assert ("FAILED HelperTest::testFails: AssertionError: 1 != 2 : one is not "
          "two  [UNEXPLAINED]") in out
  assert "3 tests collected: 1 passed (33.3 % of collected, 50.0 % of those run)" in out
  text = docs.read_text()
  assert "commit `590d6eef7e91`" in text
  assert ("| `tensorflow/contrib/seq2seq/python/kernel_tests/helper_test.py` "
          "| 3 | 1 | 1 | 1 |") in text
  assert "`helper_test.py::HelperTest::testFails`: **unexplained**" in text
  assert not os.path.exists(str(docs) + ".tmp")


def test_a_documented_difference_is_explained(source_tree, monkeypatch, capsys):
  monkeypatch.setitem(differences.KNOWN, "helper_test.py::*::testFails",
                      "one is not two in TF 2.21 either")
  status = conformance.main(["--tf-source", str(source_tree)])
  assert status == 0
  assert "[known: one is not two in TF 2.21 either]" in capsys.readouterr().out


def test_a_file_that_cannot_run_is_reported_not_lost(source_tree, capsys):
  broken = source_tree / "tensorflow/contrib/seq2seq/python/kernel_tests"
  (broken / "loss_test.py").write_text("import no_such_module_anywhere\n")
  status = conformance.main(["--tf-source", str(source_tree), "--only",
                             "loss_test"])
  out = capsys.readouterr().out
  assert status == 1
  assert "loss_test.py: 0 passed, 1 failed, 0 skipped" in out
  assert ("ERROR loss_test: collection failure: ModuleNotFoundError: No module "
          "named 'no_such_module_anywhere'") in out


def test_finds_the_estimator_suites_files(estimator_tree):
  assert suite.find_files(str(estimator_tree), suite.ESTIMATOR) == [
      _ESTIMATOR_DIR + "/canned/head_test.py",
      _ESTIMATOR_DIR + "/canned/v1/dnn_linear_combined_test_v1.py",
      _ESTIMATOR_DIR + "/inputs/pandas_io_test.py"]


def test_estimator_tests_run_with_limits_and_requirements(
    estimator_tree, monkeypatch, capsys):
  monkeypatch.setattr(suite, "_HUNG_GRACE_SECS", 2)
  monkeypatch.setitem(suite.REQUIRES,
                      _ESTIMATOR_DIR + "/inputs/pandas_io_test.py",
                      "no_such_package_anywhere")
  status = conformance.main(["--estimator-source", str(estimator_tree),
                             "--only", "head_test", "--test-timeout", "2"])
  out = capsys.readouterr().out
  assert status == 1
  assert "canned/head_test.py: 2 passed, 2 failed, 0 skipped" in out
  assert ("FAILED HeadTest::testRunsPastTheLimit: TimeoutError: the test ran "
          "past 2 s, the conformance suite's limit per test") in out
  assert ("FAILED HeadTest::testBlockedPastTheLimit: did not finish within "
          "4 s: blocked inside TensorFlow (the file ran again without it)"
          ) in out
  result = suite.run_file(str(estimator_tree),
                          _ESTIMATOR_DIR + "/inputs/pandas_io_test.py")
  assert result.not_run == ("no_such_package_anywhere is not installed: "
                            "without it each of the file's tests returns at "
                            "once")
  assert conformance.Totals([result]).line().endswith("; 1 file not run")


@pytest.mark.parametrize("argv,message", [
    ([], "expected a source tree to take the tests from: --tf-source DIR"),
    (["--tf-source", "{tmp}"], "--tf-source: expected a TensorFlow source tree"),
    (["--estimator-source", "{tmp}"],
     "--estimator-source: expected a TensorFlow Estimator source tree"),
    (["--tf-source", "{tree}", "--only", "nothing_like_this"],
     "no test file of the suite matching 'nothing_like_this'"),
    (["--tf-source", "{tree}", "--timeout", "0"],
     "--timeout: expected a positive number of seconds, got 0"),
    (["--tf-source", "{tree}", "--test-timeout", "0"],
     "--test-timeout: expected a positive number of seconds, got 0"),
])
def test_bad_input_gets_one_line(argv, message, source_tree, tmp_path):
  argv = [a.format(tmp=tmp_path / "empty", tree=source_tree) for a in argv]
  with pytest.raises(SystemExit) as exit_info:
    conformance.main(argv)
  assert message in str(exit_info.value.code)
  assert "\n" not in str(exit_info.value.code)
