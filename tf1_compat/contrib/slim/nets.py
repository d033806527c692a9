"""`tf.contrib.slim.nets`: the tf-slim package's reference networks.

`alexnet`, `inception` (with `inception_v1/v2/v3`), `overfeat`, `resnet_utils`,
`resnet_v1`, `resnet_v2` and `vgg`, TF 1.15's slim nets maintained in tf-slim:
same scopes and variable names, so their TF1 checkpoints restore. As in TF 1.15,
this is a module: `from tensorflow.contrib.slim.nets import resnet_v1`.
"""

from tf_slim.nets import alexnet
from tf_slim.nets import inception
from tf_slim.nets import overfeat
from tf_slim.nets import resnet_utils
from tf_slim.nets import resnet_v1
from tf_slim.nets import resnet_v2
from tf_slim.nets import vgg

from tf1_compat.framework import not_provided

__all__ = ["alexnet", "inception", "overfeat", "resnet_utils", "resnet_v1",
           "resnet_v2", "vgg"]

__getattr__ = not_provided.partial_module_getattr("tf.contrib.slim.nets",
                                                  __all__)
