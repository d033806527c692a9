"""`tf.contrib.losses`: served by the tf-slim package's port of it.

TF 1.15's names and semantics (`softmax_cross_entropy(logits, onehot_labels,
weights, label_smoothing)` with contrib's argument order, `get_total_loss`,
`add_loss`, the `metric_learning` losses, ...), from `tf_slim.losses`, which is
TF 1.15's own module maintained outside TensorFlow. Its losses go to the same
`GraphKeys.LOSSES` collection as `tf.losses`.
"""

import tf_slim.losses as _slim_losses

from tf1_compat.framework import not_provided

__all__ = sorted(name for name in dir(_slim_losses) if not name.startswith("_"))
globals().update({_name: getattr(_slim_losses, _name) for _name in __all__})

__getattr__ = not_provided.partial_module_getattr("tf.contrib.losses", __all__)
