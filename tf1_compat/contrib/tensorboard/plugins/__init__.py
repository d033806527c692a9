"""`tf.contrib.tensorboard.plugins`: the embedding `projector`."""

from tf1_compat.contrib.tensorboard.plugins import projector
from tf1_compat.framework import not_provided

__all__ = ["projector"]

__getattr__ = not_provided.partial_module_getattr(
    "tf.contrib.tensorboard.plugins", __all__)
