"""`tf.contrib.slim`: TF-Slim, as the tf-slim package maintains it.

TF 1.15's `slim` namespace was `contrib.layers`, `contrib.framework`'s arg_scope
and variables, `contrib.losses`, `contrib.metrics` and slim's own modules
(`learning`, `evaluation`, `queues`, `summaries`, `model_analyzer`, the `data`
readers, `nets`). Here every name comes from the tf-slim package (TF-Slim's
port of that code), except those `tf1_compat.contrib.layers` /
`tf1_compat.contrib.framework` rebuild: `slim.conv2d is
tf.contrib.layers.conv2d`, as in TF 1.15, and `slim.losses` / `slim.metrics`
are `tf.contrib.losses` / `tf.contrib.metrics`. There is one `arg_scope` stack,
so `slim.arg_scope([slim.conv2d], ...)` also reaches the layers inside tf-slim's
nets (`from tensorflow.contrib.slim.nets import resnet_v1`).
"""

import __future__

import tf_slim as _slim

from tf1_compat.contrib import framework as _framework
from tf1_compat.contrib import layers as _layers
from tf1_compat.contrib import losses as _losses
from tf1_compat.contrib import metrics as _metrics
from tf1_compat.contrib.slim import nets as nets
from tf1_compat.framework import not_provided

# tf-slim's own helper imports that its package namespace exposes; TF 1.15's
# slim did not serve them.
_NOT_SLIM_API = frozenset([
    "arg_scope_lib", "array_ops", "bucketization_op", "check_ops", "clip_ops",
    "control_flow_ops", "dtypes", "init_ops", "math_ops", "moving_averages",
    "ops", "optimizer_", "random_ops", "rev_block_lib", "six", "summary",
    "vars_", "vs"])


def _slim_names():
  names = []
  for name in dir(_slim):
    value = getattr(_slim, name)
    if (name.startswith("_") or name in _NOT_SLIM_API
        or isinstance(value, __future__._Feature)):  # pylint: disable=protected-access
      continue
    names.append(name)
  return names


_SLIM_NAMES = _slim_names()
globals().update({_name: getattr(_slim, _name) for _name in _SLIM_NAMES})
_OURS = {name: getattr(module, name)
         for module in (_framework, _layers) for name in module.__all__
         if name in _SLIM_NAMES or module is _layers}
globals().update(_OURS)
globals().update(losses=_losses, metrics=_metrics, nets=nets)

__all__ = sorted(set(_SLIM_NAMES) | set(_OURS) | {"losses", "metrics", "nets"})

__getattr__ = not_provided.partial_module_getattr("tf.contrib.slim", __all__)
