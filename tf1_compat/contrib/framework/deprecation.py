"""`deprecated`, `deprecated_args`, `deprecated_arg_values`: TF 1.15's decorators.

2018 libraries marked their own functions with these. A decorated function logs
TF 1.15's warning through `tf.logging` (once per function unless
`warn_once=False`) and otherwise behaves as before; the notice is appended to
its docstring. Argument checks are TF 1.15's: a `date` must be `None` or
`"YYYY-MM-DD"`, `instructions` must not be empty, and `deprecated_args` names
must be parameters of the decorated function.
"""

import functools
import inspect
import re

import tensorflow as tf

_DATE = re.compile(r"^\d\d\d\d-\d\d-\d\d$")


def _validate(date, instructions):
  if date is not None and not _DATE.match(date):
    raise ValueError("Date must be YYYY-MM-DD.")
  if not instructions:
    raise ValueError("Don't deprecate things without conversion instructions!")


def _when(date):
  return "in a future version" if date is None else "after %s" % date


def _caller():
  frame = inspect.currentframe().f_back.f_back.f_back
  return "%s:%d" % (frame.f_code.co_filename, frame.f_lineno)


def _with_notice(func, notice):
  func.__doc__ = "%s\n\n%s" % (func.__doc__ or "", notice)
  return func


def deprecated(date, instructions, warn_once=True):
  """Marks a function deprecated: each (first) call logs TF 1.15's warning."""
  _validate(date, instructions)

  def decorate(func):
    warned = []

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
      if not (warn_once and warned):
        warned.append(True)
        tf.compat.v1.logging.warning(
            "From %s: %s (from %s) is deprecated and will be removed %s.\n"
            "Instructions for updating:\n%s", _caller(), func.__name__,
            func.__module__, _when(date), instructions)
      return func(*args, **kwargs)
    return _with_notice(wrapper, "THIS FUNCTION IS DEPRECATED. It will be "
                        "removed %s.\nInstructions for updating:\n%s"
                        % (_when(date), instructions))
  return decorate


def _warn_args(func, date, instructions, names, warned, warn_once):
  for name in names:
    if warn_once and name in warned:
      continue
    warned.add(name)
    tf.compat.v1.logging.warning(
        "From %s: calling %s (from %s) with %s is deprecated and will be "
        "removed %s.\nInstructions for updating:\n%s", _caller(),
        func.__name__, func.__module__, name, _when(date), instructions)


def deprecated_args(date, instructions, *deprecated_arg_names_or_tuples,
                    **kwargs):
  """Marks arguments deprecated: passing one (or `(name, value)`) logs a warning.

  Raises:
    ValueError: no argument is named, or one is not a parameter of the
      decorated function.
  """
  _validate(date, instructions)
  warn_once = kwargs.pop("warn_once", True)
  if kwargs:
    raise ValueError("Illegal argument to deprecated_args: %s" % sorted(kwargs))
  if not deprecated_arg_names_or_tuples:
    raise ValueError("Specify which argument is deprecated.")
  specs = {}
  for item in deprecated_arg_names_or_tuples:
    name, value = (item if isinstance(item, tuple) else (item, None))
    specs[name] = (isinstance(item, tuple), value)

  def decorate(func):
    parameters = inspect.signature(func).parameters
    missing = sorted(set(specs) - set(parameters))
    if missing:
      raise ValueError("The following deprecated arguments are not present in "
                       "the function signature: %s" % missing)
    warned = set()

    @functools.wraps(func)
    def wrapper(*args, **call_kwargs):
      bound = inspect.signature(func).bind_partial(*args, **call_kwargs)
      used = [name for name, (by_value, value) in specs.items()
              if name in bound.arguments
              and (not by_value or bound.arguments[name] == value)]
      _warn_args(func, date, instructions, used, warned, warn_once)
      return func(*args, **call_kwargs)
    return _with_notice(wrapper, "SOME ARGUMENTS ARE DEPRECATED: (%s). They "
                        "will be removed %s.\nInstructions for updating:\n%s"
                        % (", ".join(specs), _when(date), instructions))
  return decorate


def deprecated_arg_values(date, instructions, warn_once=True,
                          **deprecated_kwargs):
  """Marks argument values deprecated: `f(x=value)` logs a warning.

  Raises:
    ValueError: no argument value is given.
  """
  _validate(date, instructions)
  if not deprecated_kwargs:
    raise ValueError("Specify which argument values are deprecated.")

  def decorate(func):
    warned = set()

    @functools.wraps(func)
    def wrapper(*args, **call_kwargs):
      bound = inspect.signature(func).bind_partial(*args, **call_kwargs)
      used = ["%s=%r" % (name, value)
              for name, value in deprecated_kwargs.items()
              if name in bound.arguments and bound.arguments[name] == value]
      _warn_args(func, date, instructions, used, warned, warn_once)
      return func(*args, **call_kwargs)
    return _with_notice(wrapper, "SOME ARGUMENT VALUES ARE DEPRECATED: (%s). "
                        "They will be removed %s.\nInstructions for updating:"
                        "\n%s" % (", ".join(sorted(deprecated_kwargs)),
                                  _when(date), instructions))
  return decorate
