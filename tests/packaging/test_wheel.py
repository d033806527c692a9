"""The built wheel is the library: every file of `tf1_compat/`, importable, usable.

The editable install the tests run under serves the checkout directly, so a module
left out of the wheel (a folder without `__init__.py` under `packages = find:`)
would pass every other test. Here the wheel is built from a clean copy of the
tree, unpacked into a directory of its own and checked from outside the tree by
`installed_check.py` (which CI also runs in a fresh environment).
"""

import os
import shutil
import subprocess
import sys
import zipfile

import pytest

from tests.packaging import installed_check

_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))
_BUILD_LEFTOVERS = ("build", "dist", "*.egg-info", "__pycache__", ".git",
                    ".venv", ".pytest_cache", "runs")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
  # A copy, so that a stale build/ of the checkout cannot leak into the wheel.
  source = tmp_path_factory.mktemp("source") / "tf1_compat_src"
  shutil.copytree(_ROOT, source,
                  ignore=shutil.ignore_patterns(*_BUILD_LEFTOVERS))
  out = tmp_path_factory.mktemp("dist")
  result = subprocess.run(
      [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
       "--quiet", "-w", str(out), str(source)],
      capture_output=True, text=True, check=False)
  assert result.returncode == 0, result.stdout + result.stderr
  (path,) = out.glob("tf1_compat-*.whl")
  return path


def test_wheel_holds_every_package_file(wheel):
  with zipfile.ZipFile(wheel) as archive:
    in_wheel = {name for name in archive.namelist()
                if name.startswith("tf1_compat/")}
  expected = {"tf1_compat/" + relative.replace(os.sep, "/") for relative in
              installed_check.package_files(os.path.join(_ROOT, "tf1_compat"))}
  assert sorted(expected - in_wheel) == []
  assert "tf1_compat/models/__init__.py" in in_wheel


def test_installed_wheel_imports_and_runs_an_example(wheel, tmp_path):
  target = tmp_path / "site"
  install = subprocess.run(
      [sys.executable, "-m", "pip", "install", "--no-deps", "--quiet",
       "--target", str(target), str(wheel)],
      capture_output=True, text=True, check=False)
  assert install.returncode == 0, install.stdout + install.stderr
  workdir = tmp_path / "elsewhere"
  workdir.mkdir()
  env = dict(os.environ, PYTHONPATH=str(target))
  check = subprocess.run(
      [sys.executable, os.path.join(_ROOT, "tests", "packaging",
                                    "installed_check.py"), _ROOT],
      cwd=workdir, env=env, capture_output=True, text=True, check=False)
  assert check.returncode == 0, check.stdout + check.stderr
  assert str(target) in check.stdout
