"""Checks shared by the models' `HParams` dataclasses, run when one is built."""

import dataclasses
import typing


def check_hparams(hparams):
  """Raises ValueError naming the first field whose value is not allowed.

  Rules: `Literal[...]` fields must be one of their choices; ints, and floats named
  like rates or sizes, must be positive unless the field's metadata says
  `min` (inclusive) or `max_inclusive`; `keep_prob` must lie in (0, 1].
  """
  cls = type(hparams)
  for field in dataclasses.fields(cls):
    value = getattr(hparams, field.name)
    label = "%s.%s" % (cls.__name__, field.name)
    if typing.get_origin(field.type) is typing.Literal:
      choices = typing.get_args(field.type)
      if value not in choices:
        raise ValueError("%s must be one of %s, got %r"
                         % (label, "|".join(map(str, choices)), value))
      continue
    if field.type is bool:
      continue
    if field.type in (int, float) and not isinstance(value, (int, float)):
      raise ValueError("%s must be a number, got %r" % (label, value))
    if field.name.endswith("keep_prob"):
      if not 0.0 < value <= 1.0:
        raise ValueError("%s must be in (0, 1], got %r" % (label, value))
      continue
    minimum = field.metadata.get("min")
    if minimum is not None:
      if value < minimum:
        raise ValueError("%s must be >= %r, got %r" % (label, minimum, value))
    elif field.type in (int, float) and not value > 0:
      raise ValueError("%s must be positive, got %r" % (label, value))
