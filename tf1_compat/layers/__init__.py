"""TF 1.15's `tf.layers` on modern TensorFlow, with TF1 variable names and scoping.

Classes (`Dense`, `Conv2D`, ...) uniquify their variable scope at the first call
(`dense`, `dense_1`, ...); the functions (`dense`, `conv2d`, ...) use `name=` as the
scope as is and take `reuse=`. Pooling, dropout and flatten own no variables.
`Layer` and `InputSpec` are re-exported for code that subclasses `tf.layers.Layer`.
"""

from tf1_compat.framework.base_layer import Layer
from tf1_compat.framework.input_spec import InputSpec

from tf1_compat.layers.convolutional import Conv1D
from tf1_compat.layers.convolutional import Conv2D
from tf1_compat.layers.convolutional import Conv2DTranspose
from tf1_compat.layers.convolutional import Conv3D
from tf1_compat.layers.convolutional import Conv3DTranspose
from tf1_compat.layers.convolutional import SeparableConv1D
from tf1_compat.layers.convolutional import SeparableConv2D
from tf1_compat.layers.convolutional import conv1d
from tf1_compat.layers.convolutional import conv2d
from tf1_compat.layers.convolutional import conv2d_transpose
from tf1_compat.layers.convolutional import conv3d
from tf1_compat.layers.convolutional import conv3d_transpose
from tf1_compat.layers.convolutional import separable_conv1d
from tf1_compat.layers.convolutional import separable_conv2d
from tf1_compat.layers.core import Dense
from tf1_compat.layers.core import Dropout
from tf1_compat.layers.core import Flatten
from tf1_compat.layers.core import dense
from tf1_compat.layers.core import dropout
from tf1_compat.layers.core import flatten
from tf1_compat.layers.normalization import BatchNormalization
from tf1_compat.layers.normalization import batch_normalization
from tf1_compat.layers.pooling import AveragePooling1D
from tf1_compat.layers.pooling import AveragePooling2D
from tf1_compat.layers.pooling import AveragePooling3D
from tf1_compat.layers.pooling import MaxPooling1D
from tf1_compat.layers.pooling import MaxPooling2D
from tf1_compat.layers.pooling import MaxPooling3D
from tf1_compat.layers.pooling import average_pooling1d
from tf1_compat.layers.pooling import average_pooling2d
from tf1_compat.layers.pooling import average_pooling3d
from tf1_compat.layers.pooling import max_pooling1d
from tf1_compat.layers.pooling import max_pooling2d
from tf1_compat.layers.pooling import max_pooling3d

__all__ = [
    "AveragePooling1D",
    "AveragePooling2D",
    "AveragePooling3D",
    "BatchNormalization",
    "Conv1D",
    "Conv2D",
    "Conv2DTranspose",
    "Conv3D",
    "Conv3DTranspose",
    "Dense",
    "Dropout",
    "Flatten",
    "InputSpec",
    "Layer",
    "MaxPooling1D",
    "MaxPooling2D",
    "MaxPooling3D",
    "SeparableConv1D",
    "SeparableConv2D",
    "average_pooling1d",
    "average_pooling2d",
    "average_pooling3d",
    "batch_normalization",
    "conv1d",
    "conv2d",
    "conv2d_transpose",
    "conv3d",
    "conv3d_transpose",
    "dense",
    "dropout",
    "flatten",
    "max_pooling1d",
    "max_pooling2d",
    "max_pooling3d",
    "separable_conv1d",
    "separable_conv2d",
]
