"""`arg_scope` / `add_arg_scope`: default keyword arguments for a block of calls.

    with arg_scope([layers.conv2d, layers.fully_connected],
                   weights_regularizer=layers.l2_regularizer(1e-4)):
      net = layers.conv2d(images, 32, [3, 3])   # gets the regularizer

Only functions decorated with `add_arg_scope` take part; naming any other function
in `arg_scope` raises ValueError, as in TF1. Arguments given at the call site win
over scoped ones, and inner scopes override outer ones key by key. An `arg_scope`
entered with the dict yielded by an earlier one (`with arg_scope(saved):`) restores
exactly those defaults. The stack is per thread.
"""

import contextlib
import functools
import threading

_STACK = threading.local()


def _stack():
  if not hasattr(_STACK, "scopes"):
    _STACK.scopes = [{}]
  return _STACK.scopes


def current_arg_scope():
  """The innermost scope: `{function key: {argument: value}}`."""
  return _stack()[-1]


def arg_scope_func_key(func):
  """The key under which `func`'s scoped arguments are stored."""
  return getattr(func, "_tf1_arg_scope_key", func)


def has_arg_scope(func):
  """Whether `func` was decorated with `add_arg_scope`."""
  return hasattr(func, "_tf1_arg_scope_key")


def arg_scoped_arguments(func):
  """The keyword arguments (those with defaults) of a decorated function."""
  return list(getattr(func, "_tf1_arg_scope_kwargs", ()))


@contextlib.contextmanager
def arg_scope(list_ops_or_scope, **kwargs):
  """Sets default keyword arguments of decorated functions for a `with` block.

  Args:
    list_ops_or_scope: A list or tuple of `add_arg_scope` functions, or a scope
      dict yielded by an earlier `arg_scope` (then `kwargs` must be empty).
    **kwargs: The defaults to set.

  Yields:
    The new scope dict, which can be re-entered later.

  Raises:
    TypeError: `list_ops_or_scope` is neither a list/tuple nor a dict.
    ValueError: kwargs given with a dict, or a function is not decorated.
  """
  if isinstance(list_ops_or_scope, dict):
    if kwargs:
      raise ValueError("arg_scope: when re-entering a saved scope dict, kwargs "
                       "must be empty; got %s" % sorted(kwargs))
    scope = dict(list_ops_or_scope)
  elif isinstance(list_ops_or_scope, (list, tuple)):
    scope = dict(current_arg_scope())
    for op in list_ops_or_scope:
      if not has_arg_scope(op):
        raise ValueError("arg_scope: %s.%s is not decorated with @add_arg_scope"
                         % (getattr(op, "__module__", "?"),
                            getattr(op, "__name__", op)))
      key = arg_scope_func_key(op)
      merged = dict(scope.get(key, {}))
      merged.update(kwargs)
      scope[key] = merged
  else:
    raise TypeError("arg_scope: expected a list/tuple of functions or a saved "
                    "scope dict, got %r" % (list_ops_or_scope,))
  _stack().append(scope)
  try:
    yield scope
  finally:
    _stack().pop()


def add_arg_scope(func):
  """Decorates `func` so that `arg_scope` can set its keyword arguments."""
  key = arg_scope_func_key(func)

  @functools.wraps(func)
  def func_with_args(*args, **kwargs):
    scoped = current_arg_scope().get(key)
    if scoped:
      merged = dict(scoped)
      merged.update(kwargs)
      kwargs = merged
    return func(*args, **kwargs)

  code = func.__code__
  num_defaults = len(func.__defaults__ or ())
  positional = code.co_varnames[:code.co_argcount]
  func_with_args._tf1_arg_scope_key = key
  func_with_args._tf1_arg_scope_kwargs = tuple(
      positional[len(positional) - num_defaults:]) + tuple(
          code.co_varnames[code.co_argcount:
                           code.co_argcount + code.co_kwonlyargcount])
  return func_with_args
