"""`tf.contrib.metrics`: the tf-slim package's port of it, plus core twins.

The `streaming_*` metrics (`streaming_accuracy`, `streaming_mean`,
`streaming_auc`, `streaming_recall_at_k`, ...), `aggregate_metrics`,
`aggregate_metric_map`, `cohen_kappa`, `f1_score`, `count`, ... come from
`tf_slim.metrics`, TF 1.15's own module maintained outside TensorFlow; each returns
`(value, update_op)` over local variables, as in TF 1.15. The set operations and
`confusion_matrix` that TF 1.15 re-exported here are TensorFlow's.
"""

import __future__
import types

import tensorflow as tf
import tf_slim.metrics as _slim_metrics

from tf1_compat.framework import not_provided

_CORE = {
    "confusion_matrix": tf.compat.v1.confusion_matrix,
    "set_difference": tf.sets.difference,
    "set_intersection": tf.sets.intersection,
    "set_size": tf.sets.size,
    "set_union": tf.sets.union,
}


def _is_api(value):
  return not isinstance(value, (types.ModuleType, __future__._Feature))  # pylint: disable=protected-access


_FROM_SLIM = [name for name in dir(_slim_metrics)
              if not name.startswith("_") and _is_api(getattr(_slim_metrics,
                                                              name))]
globals().update({_name: getattr(_slim_metrics, _name) for _name in _FROM_SLIM})
globals().update(_CORE)

__all__ = sorted(set(_FROM_SLIM) | set(_CORE))

__getattr__ = not_provided.partial_module_getattr("tf.contrib.metrics", __all__)
