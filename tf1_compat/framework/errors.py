"""The base of every error tf1_compat raises on purpose.

Each of our errors subclasses `Error` and the builtin it stands for
(`ValueError`, `AttributeError`, `ModuleNotFoundError`, ...), so callers can catch
either: `except tf1_compat.framework.errors.Error` for anything this library
diagnosed, `except ValueError` as TF1 code already does.
"""


class Error(Exception):
  """An error tf1_compat raised on purpose, with a one-line message."""
