"""`tf.contrib.framework`: TF 1.15's names, from three homes.

* From the tf-slim package, TF-Slim's maintained port of these very modules:
  `arg_scope` and its helpers (one scope stack shared with `tf.contrib.slim`
  and `import tf_slim`), and the variable helpers (`variable`,
  `model_variable`, `local_variable`, lookups by scope, name and suffix,
  `get_variables_to_restore`, `assign_from_checkpoint(_fn)`,
  `assign_from_values(_fn)`, `filter_variables`, `VariableDeviceChooser`,
  the global-step helpers).
* Rebuilt here: `nest` with all of TF 1.15's names, the tensor helpers
  (`with_shape`, `reduce_sum_n`, `smart_cond`, ...) and the `deprecated*`
  decorators.
* Graduated to core and served from `tf.compat.v1`: `load_checkpoint`,
  `list_variables`, `load_variable`, `init_from_checkpoint`, `is_tensor`,
  `py_func`, `sort`, `argsort`, `TensorSpec`, the assertion and monotonicity
  checks.

Other names raise `NotProvidedError` naming what is provided.
"""

import tensorflow as tf

from tf1_compat.contrib.framework.arg_scopes import add_arg_scope
from tf1_compat.contrib.framework.arg_scopes import arg_scope
from tf1_compat.contrib.framework.arg_scopes import arg_scope_func_key
from tf1_compat.contrib.framework.arg_scopes import arg_scoped_arguments
from tf1_compat.contrib.framework.arg_scopes import current_arg_scope
from tf1_compat.contrib.framework.arg_scopes import has_arg_scope
from tf1_compat.contrib.framework import deprecation as _deprecation
from tf1_compat.contrib.framework import nest
from tf1_compat.contrib.framework import tensor_utils as _tensor_utils
from tf1_compat.framework import not_provided
from tf_slim.ops import variables as _slim_variables

_V1 = tf.compat.v1

deprecated = _deprecation.deprecated
deprecated_arg_values = _deprecation.deprecated_arg_values
deprecated_args = _deprecation.deprecated_args

_FROM_TENSOR_UTILS = (
    "assert_scalar_int", "get_graph_from_inputs", "get_name_scope",
    "get_placeholders", "prepend_name_scope", "reduce_sum_n",
    "remove_squeezable_dimensions", "smart_case", "smart_cond",
    "smart_constant_value", "strip_name_scope", "with_same_shape", "with_shape")
_FROM_SLIM = (
    "VariableDeviceChooser", "add_model_variable", "assert_global_step",
    "assert_or_get_global_step", "assign_from_checkpoint",
    "assign_from_checkpoint_fn", "assign_from_values", "assign_from_values_fn",
    "create_global_step", "filter_variables", "get_global_step",
    "get_local_variables", "get_model_variables", "get_or_create_global_step",
    "get_trainable_variables", "get_unique_variable", "get_variable_full_name",
    "get_variables", "get_variables_by_name", "get_variables_by_suffix",
    "get_variables_to_restore", "global_variable", "local_variable",
    "model_variable", "variable")
globals().update({n: getattr(_tensor_utils, n) for n in _FROM_TENSOR_UTILS})
globals().update({n: getattr(_slim_variables, n) for n in _FROM_SLIM})

TensorSpec = tf.TensorSpec
argsort = tf.argsort
assert_same_float_dtype = _V1.assert_same_float_dtype
assert_scalar = _V1.assert_scalar
convert_to_tensor_or_sparse_tensor = _V1.convert_to_tensor_or_sparse_tensor
is_non_decreasing = tf.math.is_non_decreasing
is_numeric_tensor = tf.debugging.is_numeric_tensor
is_strictly_increasing = tf.math.is_strictly_increasing
init_from_checkpoint = _V1.train.init_from_checkpoint
is_tensor = tf.is_tensor
list_variables = _V1.train.list_variables
load_checkpoint = tf.train.load_checkpoint
load_variable = _V1.train.load_variable
py_func = _V1.py_func
sort = tf.sort

__all__ = sorted(_FROM_TENSOR_UTILS + _FROM_SLIM + (
    "TensorSpec", "add_arg_scope", "arg_scope", "arg_scope_func_key",
    "arg_scoped_arguments", "argsort", "assert_same_float_dtype",
    "assert_scalar", "convert_to_tensor_or_sparse_tensor", "current_arg_scope",
    "deprecated", "deprecated_arg_values", "deprecated_args", "has_arg_scope",
    "init_from_checkpoint", "is_non_decreasing", "is_numeric_tensor",
    "is_strictly_increasing", "is_tensor", "list_variables", "load_checkpoint",
    "load_variable", "nest", "py_func", "sort"))


__getattr__ = not_provided.partial_module_getattr("tf.contrib.framework", __all__)
