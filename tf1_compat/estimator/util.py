"""What every Estimator method shares: argument inspection and `input_fn` results.

An `input_fn` returns one of

* a `tf.data.Dataset` whose elements are `(features, labels)` or `features`;
* a `(features, labels)` tuple (or two-element list);
* `features` alone (a `Tensor` or a dict of them; `labels` is then None).

`parse_input_fn_result` turns any of these into `features`, `labels` and the hooks
that must run with them (a dataset becomes an initializable iterator, initialized
by `DatasetInitializerHook` after each session is created, as in TF 1.15).
"""

import collections
import functools
import inspect

import numpy as np
import tensorflow as tf

from tf1_compat.estimator import errors

_V1 = tf.compat.v1
_NAMED_KINDS = (inspect.Parameter.POSITIONAL_ONLY,
                inspect.Parameter.POSITIONAL_OR_KEYWORD,
                inspect.Parameter.KEYWORD_ONLY)
_GRAPH_VALUES = (tf.Tensor, tf.SparseTensor, tf.RaggedTensor, tf.Variable,
                 tf.Operation)
_CONSTANT_VALUES = (np.ndarray, np.generic, bool, int, float, str, bytes)

InputFnResult = collections.namedtuple("InputFnResult",
                                       ["features", "labels", "hooks"])


def fn_args(fn):
  """The argument names `fn` accepts, as TF 1.15's `function_utils.fn_args`.

  Bound methods and callable objects do not list `self`; a `functools.partial`
  lists what is left after its bound positional and keyword arguments;
  `*args` and `**kwargs` are not listed.

  Args:
    fn: A function, method, callable object or `functools.partial`.

  Returns:
    A tuple of argument names.
  """
  if isinstance(fn, functools.partial):
    names = fn_args(fn.func)[len(fn.args):]
    return tuple(n for n in names if n not in (fn.keywords or {}))
  parameters = inspect.signature(fn).parameters.values()
  return tuple(p.name for p in parameters if p.kind in _NAMED_KINDS)


def check_hooks(hooks, what="Hooks"):
  """`hooks` as a list, each a `tf.train.SessionRunHook` (TF1's TypeError)."""
  hooks = list(hooks or [])
  for hook in hooks:
    if not isinstance(hook, _V1.train.SessionRunHook):
      raise errors.EstimatorTypeError(
          "%s must be a SessionRunHook, given: %s" % (what, hook))
  return hooks


class _DatasetInitializerHook(_V1.train.SessionRunHook):
  """Initializes an `input_fn`'s dataset iterator in every new session."""

  def __init__(self, iterator):
    self._iterator = iterator
    self._initializer = None

  def begin(self):
    self._initializer = self._iterator.initializer

  def after_create_session(self, session, coord):
    del coord
    session.run(self._initializer)


def _describe(value):
  text = repr(value)
  if len(text) > 200:
    text = text[:200] + "..."
  return "%s (%s)" % (text, type(value).__name__)


def _in_mode(mode):
  return "" if mode is None else " in mode %r" % mode


def _leaves(value):
  """The values inside nested dicts, lists and tuples (dict keys of any types,
  which `tf.nest` would sort: TF 1.15 took `{0: ..., "x": ...}` features)."""
  if isinstance(value, dict):
    value = list(value.values())
  if isinstance(value, (list, tuple)):
    for item in value:
      yield from _leaves(item)
  else:
    yield value


def _check_structure(value, what, mode, allow_none):
  """Raises unless `value` is a Tensor-like value or a nest of them."""
  if value is None:
    if allow_none:
      return
    raise errors.EstimatorValueError(
        "input_fn returned no features%s: it must return a tf.data.Dataset, a "
        "(features, labels) tuple or features (a Tensor or a dict of Tensors); "
        "got None." % _in_mode(mode))
  for leaf in _leaves(value):
    if isinstance(leaf, _GRAPH_VALUES + _CONSTANT_VALUES):
      continue
    raise errors.EstimatorValueError(
        "input_fn returned %s%s that are not Tensors: %s within %s. It must "
        "return a tf.data.Dataset, a (features, labels) tuple or features (a "
        "Tensor or a dict of Tensors)."
        % (what, _in_mode(mode), _describe(leaf), _describe(value)))


def parse_iterator_result(result, mode=None):
  """`(features, labels)` from a tuple, or `(result, None)` (TF 1.15's rule)."""
  if isinstance(result, (list, tuple)):
    if len(result) != 2:
      raise errors.EstimatorValueError(
          "input_fn should return (features, labels) as a len 2 tuple; got a "
          "%s of length %d%s." % (type(result).__name__, len(result),
                                  _in_mode(mode)))
    return result[0], result[1]
  return result, None


def parse_input_fn_result(result, mode=None):
  """Features, labels and input hooks from what an `input_fn` returned.

  Args:
    result: The `input_fn`'s return value.
    mode: The `ModeKeys` value it was called for, named in errors if given
      (TF 1.15 took `result` alone).

  Returns:
    An `InputFnResult`.

  Raises:
    EstimatorValueError: `result` is a tuple of another length, or holds
      something other than Tensors (None, a Python object).
  """
  hooks = []
  if isinstance(result, tf.data.Dataset):
    iterator = _V1.data.make_initializable_iterator(result)
    hooks.append(_DatasetInitializerHook(iterator))
    result = iterator.get_next()
  features, labels = parse_iterator_result(result, mode)
  _check_structure(features, "features", mode, allow_none=False)
  _check_structure(labels, "labels", mode, allow_none=True)
  return InputFnResult(features, labels, hooks)
