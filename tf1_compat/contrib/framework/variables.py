"""contrib.framework's variable helpers: creation, model variables, lookup, restore.

`model_variable` creates a variable that is also in `GraphKeys.MODEL_VARIABLES`
(the contrib layers' `weights`, `biases`, batch-norm statistics, embeddings), which
`get_model_variables` and `tf.model_variables()` return. Lookups take TF1's regular
expressions: `scope` is matched at the start of the variable's name, `suffix` at the
end (before `:0`).
"""

import functools

from absl import logging
import tensorflow as tf

from tf1_compat.contrib.framework import arg_scopes

_V1 = tf.compat.v1
_KEYS = _V1.GraphKeys

get_or_create_global_step = _V1.train.get_or_create_global_step
get_global_step = _V1.train.get_global_step
create_global_step = _V1.train.create_global_step
assert_global_step = _V1.train.assert_global_step
init_from_checkpoint = _V1.train.init_from_checkpoint
list_variables = _V1.train.list_variables
load_variable = _V1.train.load_variable


@arg_scopes.add_arg_scope
def variable(name, shape=None, dtype=None, initializer=None, regularizer=None,
             trainable=True, collections=None, caching_device=None, device=None,
             partitioner=None, custom_getter=None, use_resource=None):
  """`get_variable` with explicit `collections` (default: GLOBAL_VARIABLES).

  Args:
    name: Variable name within the current variable scope.
    shape, dtype, initializer, regularizer, trainable, caching_device,
    partitioner, use_resource: As for `tf.get_variable`.
    collections: Collections to add the variable to (duplicates dropped).
    device: Device string or function to place the variable on.
    custom_getter: Called instead of `tf.get_variable` with the scope's reuse.

  Returns:
    The created or reused variable.
  """
  collections = list(dict.fromkeys(
      collections if collections is not None else [_KEYS.GLOBAL_VARIABLES]))
  getter = _V1.get_variable
  if custom_getter is not None:
    getter = functools.partial(custom_getter,
                               reuse=_V1.get_variable_scope().reuse)
  with _V1.device(device or ""):
    return getter(name, shape=shape, dtype=dtype, initializer=initializer,
                  regularizer=regularizer, trainable=trainable,
                  collections=collections, caching_device=caching_device,
                  partitioner=partitioner, use_resource=use_resource)


@arg_scopes.add_arg_scope
def model_variable(name, shape=None, dtype=tf.float32, initializer=None,
                   regularizer=None, trainable=True, collections=None,
                   caching_device=None, device=None, partitioner=None,
                   custom_getter=None, use_resource=None):
  """`variable` that is also added to GLOBAL_VARIABLES and MODEL_VARIABLES."""
  collections = list(collections or [])
  collections += [_KEYS.GLOBAL_VARIABLES, _KEYS.MODEL_VARIABLES]
  return variable(name, shape=shape, dtype=dtype, initializer=initializer,
                  regularizer=regularizer, trainable=trainable,
                  collections=collections, caching_device=caching_device,
                  device=device, partitioner=partitioner,
                  custom_getter=custom_getter, use_resource=use_resource)


def local_variable(initial_value, validate_shape=True, name=None,
                   use_resource=None):
  """A non-trainable variable in LOCAL_VARIABLES (initialized by
  `tf.local_variables_initializer()`)."""
  return _V1.Variable(initial_value, trainable=False,
                      collections=[_KEYS.LOCAL_VARIABLES],
                      validate_shape=validate_shape, name=name,
                      use_resource=use_resource)


def global_variable(initial_value, validate_shape=True, name=None,
                    use_resource=None):
  """A non-trainable variable in GLOBAL_VARIABLES only."""
  return _V1.Variable(initial_value, trainable=False,
                      collections=[_KEYS.GLOBAL_VARIABLES],
                      validate_shape=validate_shape, name=name,
                      use_resource=use_resource)


def get_variables(scope=None, suffix=None,
                  collection=_KEYS.GLOBAL_VARIABLES):
  """Variables of `collection` whose names match `scope` and end with `suffix`.

  Args:
    scope: A regular expression matched at the start of the name, or a
      `VariableScope`.
    suffix: Matched at the end of the op name (`kernel` matches `a/kernel:0`).
    collection: The collection to search.

  Returns:
    A list of variables, in collection order.
  """
  if isinstance(scope, _V1.VariableScope):
    scope = scope.name
  if suffix is not None:
    if ":" not in suffix:
      suffix += ":"
    scope = (scope or "") + ".*" + suffix
  return _V1.get_collection(collection, scope)


def get_model_variables(scope=None, suffix=None):
  """`get_variables` over MODEL_VARIABLES."""
  return get_variables(scope, suffix, _KEYS.MODEL_VARIABLES)


def get_local_variables(scope=None, suffix=None):
  """`get_variables` over LOCAL_VARIABLES."""
  return get_variables(scope, suffix, _KEYS.LOCAL_VARIABLES)


def get_trainable_variables(scope=None, suffix=None):
  """`get_variables` over TRAINABLE_VARIABLES."""
  return get_variables(scope, suffix, _KEYS.TRAINABLE_VARIABLES)


def get_variables_by_suffix(suffix, scope=None):
  """Global variables whose op name ends with `suffix`."""
  return get_variables(scope=scope, suffix=suffix)


def get_variables_by_name(given_name, scope=None):
  """Global variables whose last name component is `given_name`."""
  suffix = "/" + given_name + ":|^" + given_name + ":"
  return get_variables(scope=scope, suffix=suffix)


def get_unique_variable(var_op_name):
  """The one global variable whose op name is exactly `var_op_name`.

  Raises:
    ValueError: none or several match.
  """
  candidates = get_variables(scope=var_op_name)
  if not candidates:
    raise ValueError("get_unique_variable: no variable named %r" % var_op_name)
  for candidate in candidates:
    if candidate.op.name == var_op_name:
      return candidate
  raise ValueError("get_unique_variable: %r matches %s but names none of them "
                   "exactly" % (var_op_name, [v.op.name for v in candidates]))


def get_variables_to_restore(include=None, exclude=None):
  """Global variables under any `include` scope and under no `exclude` scope.

  Args:
    include: A list or tuple of scope regexps, or None for all variables.
    exclude: A list or tuple of scope regexps, or None.

  Raises:
    TypeError: `include` or `exclude` is given but is not a list or tuple.
  """
  if include is None:
    candidates = get_variables()
  else:
    if not isinstance(include, (list, tuple)):
      raise TypeError("get_variables_to_restore: include must be a list or "
                      "tuple of scopes, got %r" % (include,))
    candidates = []
    for scope in include:
      candidates += get_variables(scope)
  excluded = set()
  if exclude is not None:
    if not isinstance(exclude, (list, tuple)):
      raise TypeError("get_variables_to_restore: exclude must be a list or "
                      "tuple of scopes, got %r" % (exclude,))
    for scope in exclude:
      excluded.update(id(v) for v in get_variables(scope))
  return [v for v in candidates if id(v) not in excluded]


def assign_from_checkpoint_fn(model_path, var_list, ignore_missing_vars=False,
                              reshape_variables=False):
  """A function `fn(session)` that restores `var_list` from `model_path`.

  Args:
    model_path: A checkpoint path (as given to `Saver.restore`).
    var_list: A list of variables, or `{checkpoint name: variable}`.
    ignore_missing_vars: Skip (with a warning) variables missing from the
      checkpoint instead of failing at restore time.
    reshape_variables: Allow restoring values of a different shape with the same
      number of elements.

  Returns:
    The restore function, or None (with a warning) when nothing is left to
    restore.

  Raises:
    ValueError: `var_list` is empty.
  """
  if not var_list:
    raise ValueError("assign_from_checkpoint_fn: var_list must not be empty")
  if ignore_missing_vars:
    reader = _V1.train.NewCheckpointReader(model_path)
    if isinstance(var_list, dict):
      by_name = var_list
    else:
      by_name = {v.op.name: v for v in var_list}
    available = {}
    for name, var in by_name.items():
      if reader.has_tensor(name):
        available[name] = var
      else:
        logging.warning("Variable %s missing in checkpoint %s", name, model_path)
    var_list = available
  if not var_list:
    logging.warning("assign_from_checkpoint_fn: no variables to restore from %s",
                    model_path)
    return None
  saver = _V1.train.Saver(var_list, reshape=reshape_variables)

  def callback(session):
    saver.restore(session, model_path)

  return callback
