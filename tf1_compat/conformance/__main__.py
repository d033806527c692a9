"""Runs TF 1.15's own tests for what tf1_compat rebuilds, unmodified, and reports.

    python -m tf1_compat.conformance [--tf-source DIR] [--estimator-source DIR]
        [--only TEXT] [--timeout SECONDS] [--test-timeout SECONDS]
        [--tf-commit SHA] [--estimator-commit SHA] [--write-docs PATH]

TF 1.15 came from two source trees, and so do its tests; give either or both.
`--tf-source` is a TensorFlow 1.15 source tree (the folder holding
`tensorflow/`), for instance a clone of a repository carrying the r1.15 history
checked out at the 1.15.0 release (commit 590d6eef7e91); its files are
`suite.SUITE`. `--estimator-source` is a TensorFlow Estimator source tree (the
folder holding `tensorflow_estimator/`): the tensorflow/estimator repository at
tag v1.15.2 (commit 25220bb0feb8), whose package TF 1.15 served as
`tf.estimator`; its files are `suite.ESTIMATOR_SUITE`, and they import the
estimator as `tensorflow_estimator.python.estimator.*`, which the runner maps
to tf1_compat.estimator.

Each test file runs alone under `tf1-run -m pytest`, within `--timeout`; a
test that runs past `--test-timeout` fails with a TimeoutError (some of TF
1.15's tests mock the module-level function TF 1.15 called to open a session
or start a server, which tf1_compat does not call, and would wait for the
cluster they describe). The command prints, per file, how many tests passed,
failed or were skipped, and the first line of each failure with its documented
reason (`differences.KNOWN`), if any. `--write-docs` also writes that table as
Markdown. The exit status is 1 if any failure is unexplained, else 0.
"""

import argparse
import datetime
from importlib import metadata
import os
import subprocess
import sys

from tf1_compat.conformance import differences
from tf1_compat.conformance import suite


def _test_id(result, test):
  return "%s::%s" % (os.path.basename(result.path), test.name)


def _bad(result):
  return [test for test in result.tests
          if test.outcome in (suite.FAILED, suite.ERROR)]


def _source_commit(source_root):
  """The commit `source_root` is checked out at, if it is a git work tree."""
  try:
    completed = subprocess.run(
        ["git", "-C", source_root, "rev-parse", "HEAD"], capture_output=True,
        text=True, timeout=30, check=False)
  except OSError:
    return None
  return completed.stdout.strip() if completed.returncode == 0 else None


class Totals:
  """Sums over the files: collected, passed, failed (+ errors), skipped, unexplained."""

  def __init__(self, results):
    self.collected = sum(r.collected for r in results)
    self.passed = sum(r.count(suite.PASSED) for r in results)
    self.failed = sum(len(_bad(r)) for r in results)
    self.skipped = sum(r.count(suite.SKIPPED) for r in results)
    self.broken_files = [r for r in results if r.problem]
    self.not_run = [r for r in results if r.not_run]
    self.unexplained = [
        _test_id(r, t) for r in results for t in _bad(r)
        if differences.explain(_test_id(r, t)) is None]
    self.unexplained += [r.path for r in self.broken_files]

  def share(self):
    return self.passed / self.collected if self.collected else 0.0

  def line(self):
    ran = self.collected - self.skipped
    line = ("%d tests collected: %d passed (%.1f %% of collected, %.1f %% of "
            "those run), %d failed, %d skipped; %d unexplained"
            % (self.collected, self.passed, 100 * self.share(),
               100 * self.passed / ran if ran else 0.0, self.failed,
               self.skipped, len(self.unexplained)))
    if self.not_run:
      line += "; %d file%s not run" % (len(self.not_run),
                                       "" if len(self.not_run) == 1 else "s")
    return line


def _file_summary(result):
  if result.not_run:
    return "not run: " + result.not_run
  if result.problem:
    return "no results: " + result.problem
  return "%d passed, %d failed, %d skipped" % (
      result.count(suite.PASSED), len(_bad(result)),
      result.count(suite.SKIPPED))


def print_report(results, out=None):
  out = out or sys.stdout
  for result in results:
    print("%s: %s (%.0f s)" % (result.path, _file_summary(result),
                               result.seconds), file=out)
    for test in _bad(result):
      reason = differences.explain(_test_id(result, test))
      print("    %s %s: %s%s" % (test.outcome.upper(), test.name, test.message,
                                 "  [known: %s]" % reason if reason else
                                 "  [UNEXPLAINED]"), file=out)
  print(Totals(results).line(), file=out)


def _cell(text):
  return text.replace("|", "\\|").replace("\n", " ")


def markdown(results, source_commits, command):
  """The conformance table as Markdown, with what it ran against.

  Args:
    results: The `FileResult`s.
    source_commits: `{suite.Tree: commit or None}` for each tree that ran.
    command: The command line, as the document shows it.
  """
  import tf1_compat  # pylint: disable=import-outside-toplevel
  totals = Totals(results)
  lines = [
      "# Conformance: TF 1.15's own tests, run unmodified",
      "",
      "Generated by `%s` on %s." % (command, datetime.date.today().isoformat()),
      "",
  ] + [
      "- %s sources: commit `%s`" % (tree.title, commit or "unknown")
      for tree, commit in source_commits.items()
  ] + [
      "- TensorFlow %s, tf1_compat %s, Python %d.%d"
      % (metadata.version("tensorflow"), tf1_compat.__version__,
         *sys.version_info[:2]),
      "- Each file runs alone under `tf1-run -m pytest`; `*_v2_test.py` files "
      "(TF2's Keras-layer versions) and the estimator's tests of its TF2 "
      "canned estimators (`*V2`) are not part of the suite.",
      "",
      "**%s.**" % totals.line(),
      "",
      "| Test file | Collected | Passed | Failed | Skipped |",
      "|---|---:|---:|---:|---:|",
  ]
  for result in results:
    if result.not_run or result.problem:
      lines.append("| `%s` | — | — | — | — (%s) |" % (
          result.path, _cell(_file_summary(result))))
    else:
      lines.append("| `%s` | %d | %d | %d | %d |" % (
          result.path, result.collected, result.count(suite.PASSED),
          len(_bad(result)), result.count(suite.SKIPPED)))
  lines += ["", "## Failures and why", ""]
  any_failure = False
  for result in results:
    for test in _bad(result):
      any_failure = True
      test_id = _test_id(result, test)
      reason = differences.explain(test_id) or "**unexplained**"
      lines.append("- `%s`: %s — `%s`" % (test_id, _cell(reason),
                                          _cell(test.message)))
  if not any_failure:
    lines.append("None.")
  return "\n".join(lines) + "\n"


def _parser():
  parser = argparse.ArgumentParser(
      prog="python -m tf1_compat.conformance",
      description="Run TF 1.15's own tests for what tf1_compat rebuilds: "
      "TensorFlow's (--tf-source) and the estimator's (--estimator-source); "
      "give at least one of the two trees.")
  parser.add_argument("--tf-source", metavar="DIR",
                      help="a TensorFlow 1.15 source tree (the folder holding "
                      "tensorflow/, e.g. r1.15 at commit 590d6eef7e91)")
  parser.add_argument("--estimator-source", metavar="DIR",
                      help="a TensorFlow Estimator source tree (the folder "
                      "holding tensorflow_estimator/: the tensorflow/estimator "
                      "repository at tag v1.15.2)")
  parser.add_argument("--only", metavar="TEXT",
                      help="run only the files whose path contains TEXT")
  parser.add_argument("--timeout", type=int, default=900, metavar="SECONDS",
                      help="per test file (default 900)")
  parser.add_argument("--test-timeout", type=int, default=120,
                      metavar="SECONDS",
                      help="per test, which then fails (default 120)")
  parser.add_argument("--tf-commit", metavar="SHA",
                      help="the commit --tf-source holds, for the report "
                      "(default: read from DIR if it is a git checkout)")
  parser.add_argument("--estimator-commit", metavar="SHA",
                      help="the commit --estimator-source holds, for the "
                      "report (default: read from DIR if it is a git checkout)")
  parser.add_argument("--write-docs", metavar="PATH",
                      help="also write the table as Markdown to PATH")
  return parser


def _find_all(roots, only):
  """`(root, path)` for each file of the suite under the given trees' roots."""
  files = []
  for tree, root in roots.items():
    files += [(root, path) for path in suite.find_files(root, tree, only=only)]
  if not files:
    raise suite.SourceError(
        "no test file of the suite matching %r under %s"
        % (only, " or ".join(repr(root) for root in roots.values())))
  return files


def main(argv=None):
  args = _parser().parse_args(argv)
  for option, value in (("--timeout", args.timeout),
                        ("--test-timeout", args.test_timeout)):
    if value < 1:
      sys.exit("%s: expected a positive number of seconds, got %d"
               % (option, value))
  roots = {tree: root for tree, root in (
      (suite.TENSORFLOW, args.tf_source),
      (suite.ESTIMATOR, args.estimator_source)) if root is not None}
  if not roots:
    sys.exit("expected a source tree to take the tests from: --tf-source DIR "
             "(TensorFlow 1.15) and/or --estimator-source DIR (TensorFlow "
             "Estimator 1.15)")
  try:
    files = _find_all(roots, args.only)
  except suite.SourceError as error:
    sys.exit(str(error))
  results = []
  for root, path in files:
    result = suite.run_file(root, path, timeout_s=args.timeout,
                            test_timeout_s=args.test_timeout)
    print_report([result])
    results.append(result)
  print("\nAll files:")
  print_report(results)
  if args.write_docs:
    command = "python -m tf1_compat.conformance" + "".join(
        " %s DIR" % tree.option for tree in roots) + (
            " --only %s" % args.only if args.only else "")
    given = {suite.TENSORFLOW: args.tf_commit,
             suite.ESTIMATOR: args.estimator_commit}
    commits = {tree: given[tree] or _source_commit(root)
               for tree, root in roots.items()}
    text = markdown(results, commits, command)
    with open(args.write_docs + ".tmp", "w", encoding="utf-8") as f:
      f.write(text)
    os.replace(args.write_docs + ".tmp", args.write_docs)
  return 1 if Totals(results).unexplained else 0


if __name__ == "__main__":
  sys.exit(main())
