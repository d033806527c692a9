"""`tf.contrib.layers`: the functions 2018 code used, with contrib's semantics.

Rebuilt here, checked against TF1's own implementation: the layers
(`fully_connected` and its `relu`/`relu6`/`elu`/`linear` forms, `conv2d`,
`max_pool2d`/`3d`, `flatten`, `dropout`, `batch_norm`, `layer_norm`,
`embed_sequence`, `repeat`, `stack`, `legacy_fully_connected`, ...), initializers
(`xavier_initializer`, `variance_scaling_initializer`) and regularizers
(`l1_regularizer`, `l2_regularizer` with its 1/2, ...). Mind the defaults that
differ from `tf.layers`: ReLU in `fully_connected`/`conv2d`, `weights`/`biases`
variable names, keep probabilities in `dropout`, training mode and no gamma in
`batch_norm`.

From the tf-slim package (TF-Slim's maintained port of these modules): the rest
of TF 1.15's layer functions (`optimize_loss`, `separable_conv2d`,
`instance_norm`, `group_norm`, `conv3d_transpose`, `pool`, `bias_add`, the
`summarize_*` helpers, `maxout`, `spatial_softmax`, ...). Each of our decorated
layers shares its `arg_scope` key with tf-slim's function of the same name, so a
scope set on either reaches both (`slim.conv2d` and `tf.contrib.layers.conv2d`
were one function in TF 1.15).

The contrib feature columns (`real_valued_column`, `sparse_column_with_*`,
`embedding_column`, `crossed_column`, ... in `feature_column`) and the layers
over them (`input_from_feature_columns`, `weighted_sum_from_feature_columns`,
the parsing helpers, in `feature_column_ops`), with contrib's defaults, hashes
and variable names; `safe_embedding_lookup_sparse` and `embedding_lookup_unique`.
Other names raise `NotProvidedError` with the closest replacement.
"""

from tf1_compat.contrib.layers.core import avg_pool2d
from tf1_compat.contrib.layers.core import avg_pool3d
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
from tf1_compat.contrib.layers.core import elu
from tf1_compat.contrib.layers.core import flatten
from tf1_compat.contrib.layers.core import fully_connected
from tf1_compat.contrib.layers.core import legacy_fully_connected
from tf1_compat.contrib.layers.core import legacy_linear
from tf1_compat.contrib.layers.core import legacy_relu
from tf1_compat.contrib.layers.core import linear
from tf1_compat.contrib.layers.core import max_pool2d
from tf1_compat.contrib.layers.core import max_pool3d
from tf1_compat.contrib.layers.core import relu
from tf1_compat.contrib.layers.core import relu6
from tf1_compat.contrib.layers.core import repeat
from tf1_compat.contrib.layers.core import stack
from tf1_compat.contrib.layers import feature_column
from tf1_compat.contrib.layers.embedding import embed_sequence
from tf1_compat.contrib.layers.embedding import embedding_lookup_unique
from tf1_compat.contrib.layers.embedding import one_hot_encoding
from tf1_compat.contrib.layers.embedding import safe_embedding_lookup_sparse
from tf1_compat.contrib.layers.feature_column import bucketized_column
from tf1_compat.contrib.layers.feature_column import create_feature_spec_for_parsing
from tf1_compat.contrib.layers.feature_column import crossed_column
from tf1_compat.contrib.layers.feature_column import embedding_column
from tf1_compat.contrib.layers.feature_column import make_place_holder_tensors_for_base_features
from tf1_compat.contrib.layers.feature_column import one_hot_column
from tf1_compat.contrib.layers.feature_column import real_valued_column
from tf1_compat.contrib.layers.feature_column import scattered_embedding_column
from tf1_compat.contrib.layers.feature_column import shared_embedding_columns
from tf1_compat.contrib.layers.feature_column import sparse_column_with_hash_bucket
from tf1_compat.contrib.layers.feature_column import sparse_column_with_integerized_feature
from tf1_compat.contrib.layers.feature_column import sparse_column_with_keys
from tf1_compat.contrib.layers.feature_column import sparse_column_with_vocabulary_file
from tf1_compat.contrib.layers.feature_column import weighted_sparse_column
from tf1_compat.contrib.layers.feature_column_ops import check_feature_columns
from tf1_compat.contrib.layers.feature_column_ops import infer_real_valued_columns
from tf1_compat.contrib.layers.feature_column_ops import input_from_feature_columns
from tf1_compat.contrib.layers.feature_column_ops import joint_weighted_sum_from_feature_columns
from tf1_compat.contrib.layers.feature_column_ops import parse_feature_columns_from_examples
from tf1_compat.contrib.layers.feature_column_ops import parse_feature_columns_from_sequence_examples
from tf1_compat.contrib.layers.feature_column_ops import sequence_input_from_feature_columns
from tf1_compat.contrib.layers.feature_column_ops import transform_features
from tf1_compat.contrib.layers.feature_column_ops import weighted_sum_from_feature_columns
from tf1_compat.contrib.layers.sparse_feature_cross import SPARSE_FEATURE_CROSS_DEFAULT_HASH_KEY
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
from tf1_compat.framework import not_provided

import warnings as _warnings

import tf_slim as _slim
from tf_slim.layers import layers as _slim_layers

from tf1_compat.contrib.framework import arg_scopes as _arg_scopes

# TF 1.15 contrib.layers functions that only tf-slim carries.
_FROM_SLIM = (
    "GDN", "RevBlock", "bias_add", "conv2d_in_plane", "conv3d_transpose",
    "convolution2d_in_plane", "convolution3d_transpose", "dense_to_sparse",
    "gdn", "group_norm", "images_to_sequence", "instance_norm", "maxout",
    "optimize_loss", "pool", "recompute_grad", "rev_block", "scale_gradient",
    "separable_conv2d", "separable_convolution2d", "sequence_to_images",
    "softmax", "spatial_softmax", "summarize_activation",
    "summarize_activations", "summarize_collection", "summarize_tensor",
    "summarize_tensors", "unit_norm")
globals().update({_name: getattr(_slim, _name) for _name in _FROM_SLIM})
# Names of TF 1.15's `contrib/layers/python/layers/layers.py` outside its
# `__all__` (so not in `tf.contrib.layers`), which code reaches through that
# module's path: also tf-slim's.
poincare_normalize = _slim_layers.poincare_normalize
_inner_flatten = _slim_layers._inner_flatten  # pylint: disable=protected-access
# tf-slim builds some of these on TensorFlow's legacy Keras layers through
# `Layer.apply`, which warns about itself on every call; the user did not write it.
_warnings.filterwarnings("ignore", message="`layer.apply` is deprecated",
                         category=UserWarning)

_REBUILT = [
    "apply_regularization",
    "avg_pool2d",
    "avg_pool3d",
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
    "elu",
    "embed_sequence",
    "flatten",
    "fully_connected",
    "l1_l2_regularizer",
    "l1_regularizer",
    "l2_regularizer",
    "layer_norm",
    "legacy_fully_connected",
    "legacy_linear",
    "legacy_relu",
    "linear",
    "max_pool2d",
    "max_pool3d",
    "one_hot_encoding",
    "relu",
    "relu6",
    "repeat",
    "stack",
    "sum_regularizer",
    "variance_scaling_initializer",
    "xavier_initializer",
    "xavier_initializer_conv2d",
]

for _name in _REBUILT:
  _theirs = getattr(_slim, _name, None)
  if (_theirs is not None and _arg_scopes.has_arg_scope(_theirs)
      and _arg_scopes.has_arg_scope(globals()[_name])):
    _arg_scopes.share_arg_scope_key(globals()[_name], _theirs)

# The feature columns and what reads them (TF 1.15's `feature_column.py`,
# `feature_column_ops.py`, `embedding_ops.py`), and the two module-level
# names TF 1.15 kept beside them.
_FEATURE_COLUMNS = [
    "SPARSE_FEATURE_CROSS_DEFAULT_HASH_KEY",
    "bucketized_column",
    "check_feature_columns",
    "create_feature_spec_for_parsing",
    "crossed_column",
    "embedding_column",
    "embedding_lookup_unique",
    "feature_column",
    "infer_real_valued_columns",
    "input_from_feature_columns",
    "joint_weighted_sum_from_feature_columns",
    "make_place_holder_tensors_for_base_features",
    "one_hot_column",
    "parse_feature_columns_from_examples",
    "parse_feature_columns_from_sequence_examples",
    "real_valued_column",
    "safe_embedding_lookup_sparse",
    "scattered_embedding_column",
    "sequence_input_from_feature_columns",
    "shared_embedding_columns",
    "sparse_column_with_hash_bucket",
    "sparse_column_with_integerized_feature",
    "sparse_column_with_keys",
    "sparse_column_with_vocabulary_file",
    "transform_features",
    "weighted_sparse_column",
    "weighted_sum_from_feature_columns",
]

__all__ = sorted(_REBUILT + list(_FROM_SLIM) + _FEATURE_COLUMNS)


__getattr__ = not_provided.partial_module_getattr("tf.contrib.layers", __all__)
