"""`tf.contrib.tensorboard`: its `plugins.projector`, served by TensorBoard."""

from tf1_compat.contrib.tensorboard import plugins
from tf1_compat.framework import not_provided

__all__ = ["plugins"]

__getattr__ = not_provided.partial_module_getattr("tf.contrib.tensorboard",
                                                  __all__)
