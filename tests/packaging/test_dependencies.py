"""Every package the library imports at module level is one `pip install` brings.

The tests run in an environment with the `test` extra installed, so a module that
imports a package only that extra provides (TensorBoard was one) passes here and
fails for a user who installed the wheel alone. This reads every module of
`tf1_compat/`, takes the third-party packages its module-level imports name
(imports inside functions are lazy, those inside `try` are guarded) and checks
that each is installed by the core requirements of `setup.cfg`, with everything
those require in turn, or by an optional extra whose package the release check
allows a module to lack.
"""

import ast
import configparser
import importlib.metadata
import os
import re
import sys

from tests.packaging import installed_check

_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))


def _requirement_name(line):
  return re.split(r"[\s\[<>=!~;]", line.strip(), maxsplit=1)[0].lower()


def _declared_requirements():
  config = configparser.ConfigParser()
  config.read(os.path.join(_ROOT, "setup.cfg"))
  core = [_requirement_name(line)
          for line in config["options"]["install_requires"].splitlines()
          if line.strip()]
  extras = {}
  for extra, lines in config["options.extras_require"].items():
    extras[extra] = [_requirement_name(line) for line in lines.splitlines()
                     if line.strip()]
  return core, extras


def _normalized(name):
  return re.sub(r"[-_.]+", "-", name).lower()


def _closure(distributions):
  """The distributions installed with `distributions`, without their extras."""
  seen = set()
  pending = [_normalized(name) for name in distributions]
  while pending:
    name = pending.pop()
    if name in seen:
      continue
    seen.add(name)
    try:
      requires = importlib.metadata.requires(name) or []
    except importlib.metadata.PackageNotFoundError:
      continue
    for requirement in requires:
      if "extra ==" in requirement.replace('"', "").replace("'", ""):
        continue
      pending.append(_normalized(_requirement_name(requirement)))
  return seen


def _module_level_imports(path):
  with open(path, encoding="utf-8") as source:
    tree = ast.parse(source.read(), filename=path)
  names = set()
  for node in tree.body:
    if isinstance(node, ast.Import):
      names.update(alias.name.split(".")[0] for alias in node.names)
    elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
      names.add(node.module.split(".")[0])
  return names


def _third_party_imports():
  """{top-level import name: [modules of tf1_compat importing it]}."""
  package = os.path.join(_ROOT, "tf1_compat")
  found = {}
  for directory, _, files in os.walk(package):
    for filename in files:
      if not filename.endswith(".py"):
        continue
      path = os.path.join(directory, filename)
      for name in _module_level_imports(path):
        if name in sys.stdlib_module_names or name in ("tf1_compat",
                                                       "__future__"):
          continue
        found.setdefault(name, []).append(os.path.relpath(path, _ROOT))
  return found


def test_every_module_level_import_is_installed_by_the_core_requirements():
  core, _ = _declared_requirements()
  installed_with_core = _closure(core)
  providers = importlib.metadata.packages_distributions()
  problems = []
  for name, modules in sorted(_third_party_imports().items()):
    if name in installed_check.EXTRA_PACKAGES:
      continue
    distributions = {_normalized(d) for d in providers.get(name, [])}
    if not distributions & installed_with_core:
      problems.append("%s (imported by %s) is installed by none of the core "
                      "requirements %s" % (name, modules[0], core))
  assert not problems, "\n".join(problems)


def test_the_tolerated_extra_packages_are_what_an_extra_installs():
  _, extras = _declared_requirements()
  providers = importlib.metadata.packages_distributions()
  user_extras = {name: requirements for name, requirements in extras.items()
                 if name != "test"}
  installed_by_extras = _closure(
      [requirement for requirements in user_extras.values()
       for requirement in requirements])
  for name in installed_check.EXTRA_PACKAGES:
    distributions = {_normalized(d) for d in providers.get(name, [])}
    assert distributions & installed_by_extras, (
        "%s is tolerated missing by the release check but no extra installs "
        "it" % name)
