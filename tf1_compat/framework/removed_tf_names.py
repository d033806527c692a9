"""Names TensorFlow 2.16+ dropped from its Python modules that TF1-era code reaches.

Libraries and scripts written against TensorFlow <= 2.15 (the tf-slim package
among them, and 2018 code that says `from tensorflow.python.framework import
ops; isinstance(x, ops.Tensor)`) use a few names that later TensorFlow removed
from those modules without changing what they stood for. `restore()` puts back
exactly these, as aliases of the public objects, and only where missing:

* `tensorflow.python.framework.ops.Tensor`, `.IndexedSlices` -> `tf.Tensor`,
  `tf.IndexedSlices`;
* `tensorflow.python.ops.array_ops.stack`, `.unstack` -> `tf.stack`,
  `tf.unstack`;
* `tensorflow.python.ops.control_flow_ops.cond`, `.case`, `.while_loop`,
  `.Assert` -> their `tf.compat.v1` namesakes (TensorFlow moved them to modules
  of their own);
* `tensorflow.python.ops.variable_scope.variable` -> a function with TF 1.15's
  signature creating a `tf.compat.v1.Variable`;
* `tensorflow.python.ops.variables.VariableV1` -> `tf.compat.v1.Variable` (the
  same class; TensorFlow moved it to a module of its own).

Nothing that exists is replaced. tf1_compat's contrib package calls it before
it serves tf-slim's functions; the runner calls it before a script starts.
"""

import tensorflow as tf
# The modules whose removed names are restored (by design, private ones).
# pylint: disable=g-direct-tensorflow-import
from tensorflow.python.framework import ops as _ops
from tensorflow.python.ops import array_ops as _array_ops
from tensorflow.python.ops import control_flow_ops as _control_flow_ops
from tensorflow.python.ops import variable_scope as _variable_scope
from tensorflow.python.ops import variables as _variables
# pylint: enable=g-direct-tensorflow-import

_V1 = tf.compat.v1


def _variable(initial_value=None, trainable=None, collections=None,
              validate_shape=True, caching_device=None, name=None, dtype=None,
              constraint=None, use_resource=None,
              synchronization=tf.VariableSynchronization.AUTO,
              aggregation=tf.VariableAggregation.NONE):
  """TF 1.15's `variable_scope.variable`: a `tf.compat.v1.Variable`."""
  return _V1.Variable(
      initial_value=initial_value, trainable=trainable,
      collections=collections, validate_shape=validate_shape,
      caching_device=caching_device, name=name, dtype=dtype,
      constraint=constraint, use_resource=use_resource,
      synchronization=synchronization, aggregation=aggregation)


_ALIASES = (
    (_ops, "Tensor", tf.Tensor),
    (_ops, "IndexedSlices", tf.IndexedSlices),
    (_array_ops, "stack", tf.stack),
    (_array_ops, "unstack", tf.unstack),
    (_control_flow_ops, "Assert", _V1.Assert),
    (_control_flow_ops, "case", _V1.case),
    (_control_flow_ops, "cond", _V1.cond),
    (_control_flow_ops, "while_loop", _V1.while_loop),
    (_variable_scope, "variable", _variable),
    (_variables, "VariableV1", _V1.Variable),
)


def restore():
  """Adds the removed names back where they are missing; returns those added."""
  added = []
  for module, name, value in _ALIASES:
    if not hasattr(module, name):
      setattr(module, name, value)
      added.append("%s.%s" % (module.__name__, name))
  return added
