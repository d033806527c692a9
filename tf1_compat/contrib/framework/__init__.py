"""`tf.contrib.framework`: the parts tutorials used.

`arg_scope`/`add_arg_scope`, the global-step helpers, `variable`/`model_variable`,
variable lookups by scope and suffix, `get_variables_to_restore` and
`assign_from_checkpoint_fn`, plus the aliases TF1 kept here (`nest`, `is_tensor`,
checkpoint readers). Other names raise `NotProvidedError` naming what is provided.
"""

import tensorflow as tf

from tf1_compat.contrib.framework.arg_scopes import add_arg_scope
from tf1_compat.contrib.framework.arg_scopes import arg_scope
from tf1_compat.contrib.framework.arg_scopes import arg_scope_func_key
from tf1_compat.contrib.framework.arg_scopes import arg_scoped_arguments
from tf1_compat.contrib.framework.arg_scopes import current_arg_scope
from tf1_compat.contrib.framework.arg_scopes import has_arg_scope
from tf1_compat.contrib.framework.variables import assert_global_step
from tf1_compat.contrib.framework.variables import assign_from_checkpoint_fn
from tf1_compat.contrib.framework.variables import create_global_step
from tf1_compat.contrib.framework.variables import get_global_step
from tf1_compat.contrib.framework.variables import get_local_variables
from tf1_compat.contrib.framework.variables import get_model_variables
from tf1_compat.contrib.framework.variables import get_or_create_global_step
from tf1_compat.contrib.framework.variables import get_trainable_variables
from tf1_compat.contrib.framework.variables import get_unique_variable
from tf1_compat.contrib.framework.variables import get_variables
from tf1_compat.contrib.framework.variables import get_variables_by_name
from tf1_compat.contrib.framework.variables import get_variables_by_suffix
from tf1_compat.contrib.framework.variables import get_variables_to_restore
from tf1_compat.contrib.framework.variables import global_variable
from tf1_compat.contrib.framework.variables import init_from_checkpoint
from tf1_compat.contrib.framework.variables import list_variables
from tf1_compat.contrib.framework.variables import load_variable
from tf1_compat.contrib.framework.variables import local_variable
from tf1_compat.contrib.framework.variables import model_variable
from tf1_compat.contrib.framework.variables import variable
from tf1_compat.dropin import not_provided

nest = tf.nest
is_tensor = tf.is_tensor

__all__ = [
    "add_arg_scope",
    "arg_scope",
    "arg_scope_func_key",
    "arg_scoped_arguments",
    "assert_global_step",
    "assign_from_checkpoint_fn",
    "create_global_step",
    "current_arg_scope",
    "get_global_step",
    "get_local_variables",
    "get_model_variables",
    "get_or_create_global_step",
    "get_trainable_variables",
    "get_unique_variable",
    "get_variables",
    "get_variables_by_name",
    "get_variables_by_suffix",
    "get_variables_to_restore",
    "global_variable",
    "has_arg_scope",
    "init_from_checkpoint",
    "is_tensor",
    "list_variables",
    "load_variable",
    "local_variable",
    "model_variable",
    "nest",
    "variable",
]


def __getattr__(name):
  if name.startswith("__"):
    raise AttributeError(name)
  raise not_provided.unknown_member_error("tf.contrib.framework", name, __all__)
