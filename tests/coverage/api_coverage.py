"""TF 1.15's public API, measured against `tf1_compat.v1`.

`tf1_15_api_names.txt` (next to this file) lists every module-level name of TF
1.15's public v1 API (`tf.<module>.<name>`, 3,860 of them), derived from
TensorFlow's own API golden files at the 1.15.0 release, and
`tf1_15_contrib_packages.txt` the 83 packages of TF 1.15's `tf.contrib`.
`classify()` looks each name up through `tf1_compat.v1` (inside a graph, so the
process never switches modes) and says where it comes from: rebuilt by
tf1_compat, served by TensorFlow itself, by the tf-keras, tf-slim or TensorFlow
Probability packages, refused with tf1_compat's `NotProvidedError` (naming a
replacement), or missing (any other error: a gap the tests do not allow).

    python -m tests.coverage.api_coverage                 # prints the report
    python -m tests.coverage.api_coverage --write-docs    # rewrites its section
        of docs/tf1_api_coverage.md and the table of what is not provided
    python -m tests.coverage.api_coverage --derive GOLDEN_DIR   # rebuilds the
        names list from TF 1.15's tensorflow/tools/api/golden/v1 directory
"""

import argparse
import collections
import dataclasses
import os
import re
import sys

_HERE = os.path.dirname(os.path.abspath(__file__))
NAMES_FILE = os.path.join(_HERE, "tf1_15_api_names.txt")
CONTRIB_FILE = os.path.join(_HERE, "tf1_15_contrib_packages.txt")
DOCS_FILE = os.path.join(os.path.dirname(os.path.dirname(_HERE)), "docs",
                         "tf1_api_coverage.md")
BEGIN = "<!-- api-coverage:begin (python -m tests.coverage.api_coverage "
BEGIN += "--write-docs) -->"
END = "<!-- api-coverage:end -->"

# Where a resolved object comes from, by the top-level package of its module.
_SOURCES = (
    ("tf1_compat", "tf1_compat"),
    ("tf_keras", "tf-keras"),
    ("tf_slim", "tf-slim"),
    ("tensorflow_probability", "TensorFlow Probability"),
    ("tensorboard", "TensorBoard"),
)
TENSORFLOW = "TensorFlow"
REFUSED = "refused"
MISSING = "missing"
KINDS = ("tf1_compat", TENSORFLOW, "tf-keras", "tf-slim",
         "TensorFlow Probability", "TensorBoard", REFUSED, MISSING)


@dataclasses.dataclass(frozen=True)
class Name:
  """One TF 1.15 name and where `tf1_compat.v1` gets it."""
  api: str       # e.g. "tf.nn.rnn_cell.LSTMCell"
  kind: str      # one of KINDS
  detail: str    # the refusal or failure message, else ""

  @property
  def module(self):
    return self.api.rsplit(".", 1)[0]


def derive(golden_dir):
  """The module-level names of TF's v1 API golden files, sorted."""
  names = []
  for filename in sorted(os.listdir(golden_dir)):
    if not filename.endswith(".pbtxt"):
      continue
    with open(os.path.join(golden_dir, filename)) as f:
      text = f.read()
    if "tf_module {" not in text:
      continue
    path = re.search(r'^path: "([^"]+)"', text, re.M).group(1)
    api = "tf" + path[len("tensorflow"):]
    for member in re.findall(r'^  member(?:_method)? \{\n    name: "([^"]+)"',
                             text, re.M):
      names.append("%s.%s" % (api, member))
  return sorted(set(names))


def read_lines(path):
  with open(path) as f:
    return [line.strip() for line in f if line.strip()]


def _source_of(value):
  module = getattr(value, "__module__", None) or getattr(value, "__name__", "")
  if not isinstance(module, str):
    module = ""
  if isinstance(value, type(sys)):
    module = value.__name__
  for prefix, source in _SOURCES:
    if module == prefix or module.startswith(prefix + "."):
      return source
  return TENSORFLOW


def classify(names):
  """`[Name]`: how each `tf.<...>` name resolves through tf1_compat.v1."""
  # pylint: disable=import-outside-toplevel
  import tensorflow as tf
  import tf1_compat.v1 as v1
  from tf1_compat.framework import not_provided
  result = []
  with tf.Graph().as_default():
    for api in names:
      value = v1
      try:
        for part in api.split(".")[1:]:
          value = getattr(value, part)
      except not_provided.NotProvidedError as error:
        result.append(Name(api, REFUSED, str(error)))
        continue
      except Exception as error:  # pylint: disable=broad-except
        result.append(Name(api, MISSING, "%s: %s" % (type(error).__name__,
                                                     error)))
        continue
      result.append(Name(api, _source_of(value), ""))
  return result


def contrib_status(packages):
  """`{package: ("provided" | "refused", detail)}` for TF 1.15's contrib."""
  # pylint: disable=import-outside-toplevel
  from tf1_compat import contrib
  from tf1_compat.framework import not_provided
  status = {}
  for package in packages:
    if package in contrib.__all__:
      status[package] = ("provided", "")
      continue
    entry = not_provided.lookup("tf.contrib." + package)
    status[package] = ("refused", entry.closest if entry else "")
  return status


def _top(api):
  parts = api.split(".")
  return ".".join(parts[:2]) if len(parts) > 2 else "tf"


def share_resolving(classified, exclude_prefixes=("tf.estimator",)):
  """The fraction of names (outside `exclude_prefixes`) that resolve."""
  kept = [n for n in classified
          if not any(n.api == p or n.api.startswith(p + ".")
                     for p in exclude_prefixes)]
  ok = sum(1 for n in kept if n.kind not in (REFUSED, MISSING))
  return ok / len(kept), ok, len(kept)


def report(classified, contrib):
  """The markdown section of docs/tf1_api_coverage.md."""
  by_module = collections.OrderedDict()
  for name in classified:
    by_module.setdefault(_top(name.api), collections.Counter())[name.kind] += 1
  totals = collections.Counter(name.kind for name in classified)
  share, ok, kept = share_resolving(classified)
  lines = [
      BEGIN, "",
      "Measured by `tests/coverage/test_api_coverage.py` against TF 1.15's own "
      "API listing (%d module-level names). Outside `tf.estimator` %d of %d "
      "names resolve (%.1f %%); every other one is refused with the reason "
      "and a replacement." % (len(classified), ok, kept, 100 * share), "",
      "| module | names | " + " | ".join(KINDS) + " |",
      "|---|---|" + "---|" * len(KINDS)]
  for module, counts in by_module.items():
    lines.append("| `%s` | %d | %s |" % (
        module, sum(counts.values()),
        " | ".join(str(counts.get(kind, 0) or "") for kind in KINDS)))
  lines.append("| **all** | %d | %s |" % (
      len(classified), " | ".join(str(totals.get(k, 0)) for k in KINDS)))
  provided = sorted(p for p, (state, _) in contrib.items()
                    if state == "provided")
  lines += ["", "TF 1.15's `tf.contrib` packages: %d of %d provided (%s); the "
            "others are refused at their import or attribute access:"
            % (len(provided), len(contrib), ", ".join(provided)), "",
            "| package | closest replacement |", "|---|---|"]
  for package, (state, detail) in sorted(contrib.items()):
    if state == "refused":
      lines.append("| `tf.contrib.%s` | %s |" % (package, detail or
                                                 "(generic refusal)"))
  lines += ["", END]
  return "\n".join(lines)


NOT_PROVIDED_HEADER = "| TF 1.15 | Why it is missing | Closest replacement |"


def not_provided_table():
  """The docs table of `tf1_compat.framework.not_provided`'s entries."""
  from tf1_compat.framework import not_provided  # pylint: disable=import-outside-toplevel
  return "\n".join([NOT_PROVIDED_HEADER, "|---|---|---|"] + [
      "| `%s` | %s | %s |" % (e.api, e.why, e.closest)
      for e in not_provided.entries()])


def write_docs(section, path=DOCS_FILE):
  """Rewrites the measured section and the not-provided table in `path`."""
  with open(path) as f:
    text = f.read()
  start, end = text.index(BEGIN), text.index(END) + len(END)
  text = text[:start] + section + text[end:]
  start = text.index(NOT_PROVIDED_HEADER)
  end = text.find("\n\n", start)
  end = len(text.rstrip("\n")) if end < 0 else end
  text = text[:start] + not_provided_table() + text[end:]
  with open(path, "w") as f:
    f.write(text.rstrip("\n") + "\n")


def docs_section(path=DOCS_FILE):
  with open(path) as f:
    text = f.read()
  return text[text.index(BEGIN):text.index(END) + len(END)]


def main(argv=None):
  parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
  parser.add_argument("--derive", metavar="GOLDEN_DIR")
  parser.add_argument("--write-docs", action="store_true")
  options = parser.parse_args(argv)
  if options.derive:
    names = derive(options.derive)
    with open(NAMES_FILE, "w") as f:
      f.write("\n".join(names) + "\n")
    print("wrote %d names to %s" % (len(names), NAMES_FILE))
    return 0
  classified = classify(read_lines(NAMES_FILE))
  section = report(classified, contrib_status(read_lines(CONTRIB_FILE)))
  if options.write_docs:
    write_docs(section)
  print(section)
  for name in classified:
    if name.kind == MISSING:
      print("missing:", name.api, "--", name.detail[:120])
  return 0


if __name__ == "__main__":
  sys.exit(main())
