"""`tf.contrib.layers`: the functions 2018 code used, with contrib's semantics.

Layers (`fully_connected`, `conv2d`, `max_pool2d`, `flatten`, `dropout`,
`batch_norm`, `layer_norm`, `embed_sequence`, `repeat`, `stack`, ...),
initializers (`xavier_initializer`, `variance_scaling_initializer`) and
regularizers (`l1_regularizer`, `l2_regularizer` with its 1/2, ...). Mind the
defaults that differ from `tf.layers`: ReLU in `fully_connected`/`conv2d`,
`weights`/`biases` variable names, keep probabilities in `dropout`, training mode
and no gamma in `batch_norm`. Other names raise `NotProvidedError` with the closest
replacement.
"""

from tf1_compat.contrib.layers.core import avg_pool2d
from tf1_compat.contrib.layers.core import conv1d
from tf1_compat.contrib.layers.core import conv2d
from tf1_compat.contrib.layers.core import conv2d_transpose
from tf1_compat.contrib.layers.core import conv3d
from tf1_compat.contrib.layers.core import convolution
from tf1_compat.contrib.layers.core import convolution1d
from tf1_compat.contrib.layers.core import convolution2d
from tf1_compat.contrib.layers.core import convolution2d_transpose
from tf1_compat.contrib.layers.core import convolution3d
from tf1_compat.contrib.layers.core import dropout
from tf1_compat.contrib.layers.core import flatten
from tf1_compat.contrib.layers.core import fully_connected
from tf1_compat.contrib.layers.core import linear
from tf1_compat.contrib.layers.core import max_pool2d
from tf1_compat.contrib.layers.core import repeat
from tf1_compat.contrib.layers.core import stack
from tf1_compat.contrib.layers.embedding import embed_sequence
from tf1_compat.contrib.layers.embedding import one_hot_encoding
from tf1_compat.contrib.layers.initializers import variance_scaling_initializer
from tf1_compat.contrib.layers.initializers import xavier_initializer
from tf1_compat.contrib.layers.initializers import xavier_initializer_conv2d
from tf1_compat.contrib.layers.normalization import batch_norm
from tf1_compat.contrib.layers.normalization import layer_norm
from tf1_compat.contrib.layers.regularizers import apply_regularization
from tf1_compat.contrib.layers.regularizers import l1_l2_regularizer
from tf1_compat.contrib.layers.regularizers import l1_regularizer
from tf1_compat.contrib.layers.regularizers import l2_regularizer
from tf1_compat.contrib.layers.regularizers import sum_regularizer
from tf1_compat.dropin import not_provided

__all__ = [
    "apply_regularization",
    "avg_pool2d",
    "batch_norm",
    "conv1d",
    "conv2d",
    "conv2d_transpose",
    "conv3d",
    "convolution",
    "convolution1d",
    "convolution2d",
    "convolution2d_transpose",
    "convolution3d",
    "dropout",
    "embed_sequence",
    "flatten",
    "fully_connected",
    "l1_l2_regularizer",
    "l1_regularizer",
    "l2_regularizer",
    "layer_norm",
    "linear",
    "max_pool2d",
    "one_hot_encoding",
    "repeat",
    "stack",
    "sum_regularizer",
    "variance_scaling_initializer",
    "xavier_initializer",
    "xavier_initializer_conv2d",
]


def __getattr__(name):
  if name.startswith("__"):
    raise AttributeError(name)
  raise not_provided.unknown_member_error("tf.contrib.layers", name, __all__)
