"""Quiet start-up and single logging for TF1 scripts run through the runner.

* `import_tensorflow_quietly()` imports TensorFlow and lets it look for GPUs
  with the C++ start-up lines it prints in every process held back (absl's
  "before InitializeLog" notice, the oneDNN and CUDA-stub notes, the CPU-feature
  banner, `cuInit` failing on a machine without a GPU driver); anything else
  written to the standard error stream meanwhile is passed on. Unless the user
  set `TF_CPP_MIN_LOG_LEVEL`, it is set to 1, so TensorFlow's C++ INFO lines
  (graph-optimizer notes at each `Session`) stay quiet too, while warnings and
  errors still show. With `TF_CPP_MIN_LOG_LEVEL=0` nothing is held back.
* `single_tf_logging()` makes each `tf.logging` record appear once. TensorFlow
  gives its logger a handler of its own when the root logger has none at the
  time, and absl (`tf.app.run`, `absl.logging`) later adds one to the root
  logger, after which every record is printed by both. The filter installed
  here lets TensorFlow's handler print only while the root logger has no
  handler, so the record is printed by exactly one of them.
* `tf_warnings_silenced()` holds back TensorFlow's Python warnings while
  tf1_compat sets the process up (`disable_v2_behavior` logs deprecation
  notices about its own internals).
"""

import contextlib
import logging
import os
import re
import sys
import tempfile

_START_UP_LINES = re.compile(
    r"^(WARNING: All log messages before absl::InitializeLog\(\) is called are "
    r"written to STDERR"
    r"|[IW]\d{4} [\d:. ]+\d+ (port|cudart_stub|cpu_feature_guard)\.cc:\d+\] .*"
    r"|E\d{4} [\d:. ]+\d+ cuda_platform\.cc:\d+\] failed call to cuInit: .*"
    r"|To enable the following instructions: .*"
    r"|.*rebuild TensorFlow with the appropriate compiler flags\.)$")
_TF_LOGGER = "tensorflow"


def _held_back(line):
  return _START_UP_LINES.match(line) is not None


def import_tensorflow_quietly():
  """Imports `tensorflow` (if not yet imported) without its start-up noise."""
  if os.environ.get("TF_CPP_MIN_LOG_LEVEL") == "0":
    import tensorflow  # pylint: disable=import-outside-toplevel,unused-import
    return
  os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "1")
  sys.stderr.flush()
  saved = os.dup(2)
  with tempfile.TemporaryFile(mode="w+b") as captured:
    os.dup2(captured.fileno(), 2)
    try:
      import tensorflow as tf  # pylint: disable=import-outside-toplevel
      tf.config.list_physical_devices("GPU")
    finally:
      sys.stderr.flush()
      os.dup2(saved, 2)
      os.close(saved)
      captured.seek(0)
      text = captured.read().decode("utf-8", "replace")
      kept = [line for line in text.splitlines(keepends=True)
              if not _held_back(line.rstrip("\n"))]
      sys.stderr.write("".join(kept))
      sys.stderr.flush()


class _OnlyWithoutRootHandlers(logging.Filter):
  """Passes records while the root logger has no handler to print them."""

  def filter(self, record):
    return not logging.getLogger().handlers


def single_tf_logging():
  """Makes each `tf.logging` record print once, with or without absl's handler."""
  import tensorflow as tf  # pylint: disable=import-outside-toplevel
  logger = tf.compat.v1.get_logger()
  for handler in logger.handlers:
    if not any(isinstance(f, _OnlyWithoutRootHandlers) for f in handler.filters):
      handler.addFilter(_OnlyWithoutRootHandlers())


@contextlib.contextmanager
def tf_warnings_silenced():
  """Within the block, TensorFlow's Python logger prints only errors."""
  logger = logging.getLogger(_TF_LOGGER)
  level = logger.level
  logger.setLevel(logging.ERROR)
  try:
    yield
  finally:
    logger.setLevel(level)
