"""Checks an installed tf1_compat (a built wheel, not the checkout) as a user gets it.

    python tests/packaging/installed_check.py SOURCE_ROOT

Run from a working directory outside SOURCE_ROOT, in an environment where
tf1_compat was installed from its wheel. It checks that:

1. `tf1_compat` is imported from the installation, not from SOURCE_ROOT;
2. the installation holds every file of `SOURCE_ROOT/tf1_compat` (the wheel equals
   the repository), byte for byte, and every module in it imports (a module
   built on an optional extra's package, e.g. tf-keras, may lack only that);
3. an example program (`examples/` copied out of the tree, as a user who took the
   examples would run them) trains to the end against the installed library.

Prints one line per failed check and exits 1 if any failed. The wheel test
(`test_wheel.py`) and CI's fresh-environment install both run it.
"""

import filecmp
import importlib
import os
import shutil
import subprocess
import sys
import tempfile

_IGNORED_DIRS = ("__pycache__",)


def package_files(root):
  """Paths, relative to `root`, of the package's files (no caches)."""
  found = []
  for directory, dirs, files in os.walk(root):
    dirs[:] = sorted(d for d in dirs if d not in _IGNORED_DIRS)
    for name in sorted(files):
      if not name.endswith((".pyc", ".pyo")):
        found.append(os.path.relpath(os.path.join(directory, name), root))
  return found


def module_names(package_root, package):
  """Dotted names of every module and subpackage under `package_root`."""
  names = []
  for relative in package_files(package_root):
    if not relative.endswith(".py"):
      continue
    parts = relative[:-len(".py")].split(os.sep)
    if parts[-1] == "__init__":
      parts = parts[:-1]
    names.append(".".join([package] + parts))
  return names


def _check_location(source_root):
  import tf1_compat  # pylint: disable=import-outside-toplevel
  installed = os.path.dirname(os.path.abspath(tf1_compat.__file__))
  source = os.path.abspath(source_root)
  if os.path.commonpath([installed, source]) == source:
    return None, ["tf1_compat was imported from the source tree (%s), not from "
                  "an installation" % installed]
  return installed, []


def _check_files(source_package, installed):
  problems = []
  for relative in package_files(source_package):
    there = os.path.join(installed, relative)
    if not os.path.isfile(there):
      problems.append("missing from the installation: tf1_compat/%s" % relative)
    elif not filecmp.cmp(os.path.join(source_package, relative), there,
                         shallow=False):
      problems.append("differs from the source tree: tf1_compat/%s" % relative)
  return problems


# Packages of the optional extras (`keras`, `probability`): a module built on
# one of them may fail to import without it, and only for that reason.
EXTRA_PACKAGES = ("tf_keras", "tensorflow_probability")


def _check_imports(source_package):
  problems = []
  for name in module_names(source_package, "tf1_compat"):
    try:
      importlib.import_module(name)
    except ModuleNotFoundError as error:
      if (error.name or "").split(".")[0] not in EXTRA_PACKAGES:
        problems.append("import %s failed: %s: %s"
                        % (name, type(error).__name__, error))
    except Exception as error:  # pylint: disable=broad-except
      problems.append("import %s failed: %s: %s"
                      % (name, type(error).__name__, error))
  return problems


def _check_example(source_root):
  with tempfile.TemporaryDirectory() as workdir:
    shutil.copytree(os.path.join(source_root, "examples"),
                    os.path.join(workdir, "examples"),
                    ignore=shutil.ignore_patterns(*_IGNORED_DIRS))
    command = [sys.executable, "-m", "examples.linear_regression",
               "--num_steps=40", "--log_every=20"]
    result = subprocess.run(command, cwd=workdir, capture_output=True,
                            text=True, check=False)
  if result.returncode != 0:
    tail = (result.stdout + result.stderr).strip().splitlines()[-5:]
    return ["%s exited %d: %s" % (" ".join(command[1:]), result.returncode,
                                  " | ".join(tail))]
  if "k =" not in result.stdout + result.stderr:
    return ["examples.linear_regression printed no final k, b"]
  return []


def main(argv):
  if len(argv) != 2:
    sys.exit("usage: installed_check.py SOURCE_ROOT")
  source_root = os.path.abspath(argv[1])
  source_package = os.path.join(source_root, "tf1_compat")
  installed, problems = _check_location(source_root)
  if installed is not None:
    problems += _check_files(source_package, installed)
    problems += _check_imports(source_package)
    problems += _check_example(source_root)
  for problem in problems:
    print("installed_check: " + problem)
  if problems:
    return 1
  print("installed_check: tf1_compat at %s equals the source tree; %d modules "
        "import; examples.linear_regression ran" % (
            installed, len(module_names(source_package, "tf1_compat"))))
  return 0


if __name__ == "__main__":
  sys.exit(main(sys.argv))
