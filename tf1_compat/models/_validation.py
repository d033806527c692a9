"""Checks shared by the models' `HParams` dataclasses, run when one is built."""

import dataclasses
import math
import typing

from tf1_compat.framework import errors


class HParamsError(errors.Error, ValueError):
  """A model's `HParams` field has a value it cannot take."""


def check_hparams(hparams):
  """Raises `HParamsError` (a ValueError) naming the first field not allowed.

  Rules: `Literal[...]` fields must be one of their choices; numbers must be
  finite, and positive unless the field's metadata gives a `min` (inclusive) or
  says `any_sign` (e.g. an initial bias); `keep_prob` must lie in (0, 1].
  """
  cls = type(hparams)
  for field in dataclasses.fields(cls):
    value = getattr(hparams, field.name)
    label = "%s.%s" % (cls.__name__, field.name)
    if typing.get_origin(field.type) is typing.Literal:
      choices = typing.get_args(field.type)
      if value not in choices:
        raise HParamsError("%s must be one of %s, got %r"
                         % (label, "|".join(map(str, choices)), value))
      continue
    if field.type is bool:
      continue
    if field.type in (int, float) and (isinstance(value, bool)
                                       or not isinstance(value, (int, float))):
      raise HParamsError("%s must be a number, got %r" % (label, value))
    if field.type is int and not isinstance(value, int):
      raise HParamsError("%s must be an integer, got %r" % (label, value))
    if field.type is float and not math.isfinite(value):
      raise HParamsError("%s must be a finite number, got %r" % (label, value))
    if field.name.endswith("keep_prob"):
      if not 0.0 < value <= 1.0:
        raise HParamsError("%s must be in (0, 1], got %r" % (label, value))
      continue
    minimum = field.metadata.get("min")
    if field.metadata.get("any_sign"):
      continue
    if minimum is not None:
      if value < minimum:
        raise HParamsError("%s must be >= %r, got %r" % (label, minimum, value))
    elif field.type in (int, float) and not value > 0:
      raise HParamsError("%s must be positive, got %r" % (label, value))
