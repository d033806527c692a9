"""contrib.layers' `sparse_feature_cross`: the crosses behind `crossed_column`.

TF 1.15 crossed features with its own kernel (`SparseFeatureCross`, `...V2`),
which TensorFlow 2 no longer has. Core's `SparseCross` is a port of that kernel:
the same cartesian product in the same order, the same string form
(`a_X_b`, integers printed in decimal) and, with a `hash_key`, the same
`FingerprintCat64` hash, so those cases are served by `tf.sparse.cross` and
`tf.sparse.cross_hashed` unchanged.

Without a `hash_key` (the default of `crossed_column` and
`scattered_embedding_column`) TF 1.15 combined the per-feature hashes with its
older `HashCombine`, starting from `0xDECAFCAFFE`; ids in a TF 1.15 checkpoint
index buckets by that hash. It is rebuilt here from TensorFlow ops: each feature
becomes its 64-bit hash (a string's farmhash `Fingerprint64`, an integer
itself), core's cross lays the products out, and `HashCombine` folds the hashes
in int64 arithmetic that wraps as TF 1.15's C++ did.
"""

import tensorflow as tf

from tf1_compat.framework import errors

# TF 1.15's `SPARSE_FEATURE_CROSS_DEFAULT_HASH_KEY`, the default seed of
# `FingerprintCat64` (and the initial hash of the old `HashCombine`).
SPARSE_FEATURE_CROSS_DEFAULT_HASH_KEY = 0xDECAFCAFFE

_SEPARATOR = "_X_"
# `HashCombine`'s additive constant, as the int64 it is in C++.
_GOLDEN_RATIO = 0x9e3779b97f4a7800 - (1 << 64)
_INT64_MAX = (1 << 63) - 1


class FeatureCrossTypeError(errors.Error, TypeError):
  """`sparse_feature_cross` got something other than a list of tensors."""


def sparse_feature_cross(inputs, hashed_output=False, num_buckets=0, name=None,
                         hash_key=None):
  """Crosses `SparseTensor`s and `Tensor`s of features, row by row.

  Row `b` of the result holds one entry per combination of row `b`'s features
  (one from each input, the last input varying fastest; `SparseTensor`s come
  before `Tensor`s, each group in the given order). A row where some input has
  no feature gets no entry.

  Args:
    inputs: A list of 2-D `SparseTensor`s or `Tensor`s (`[batch, n]`) of
      strings or integers.
    hashed_output: Return int64 hashes instead of `a_X_b` strings.
    num_buckets: With `hashed_output`, the hash modulo `num_buckets` (when
      > 0) or modulo the largest int64.
    name: Name scope of the ops.
    hash_key: `FingerprintCat64` seed (V2 crossing, TF's current hash). None
      (or 0) reproduces TF 1.15's default `HashCombine` crossing.

  Returns:
    A 2-D `SparseTensor` of strings, or of int64 with `hashed_output`.

  Raises:
    TypeError: `inputs` is not a list of `SparseTensor`s and `Tensor`s.
  """
  if not isinstance(inputs, list):
    raise FeatureCrossTypeError(
        "sparse_feature_cross: inputs must be a list, got %s"
        % type(inputs).__name__)
  for tensor in inputs:
    if not isinstance(tensor, (tf.SparseTensor, tf.Tensor)):
      raise FeatureCrossTypeError(
          "sparse_feature_cross: all inputs must be SparseTensors or Tensors, "
          "got %r" % (tensor,))
  with tf.compat.v1.name_scope(name, "SparseFeatureCross"):
    if not hashed_output:
      return tf.sparse.cross(inputs)
    if hash_key:
      return tf.sparse.cross_hashed(inputs, num_buckets=num_buckets,
                                    hash_key=hash_key)
    return _hash_combine_cross(inputs, num_buckets)


def _feature_hashes(values):
  """A feature's 64-bit hash: a string's `Fingerprint64`, an integer itself."""
  if values.dtype != tf.string:
    return tf.cast(values, tf.int64)
  flat = tf.reshape(values, [-1])
  # `tf.fingerprint` writes a string's farmhash Fingerprint64 as 8
  # little-endian bytes; bitcast reads them back as that int64.
  hashes = tf.bitcast(tf.fingerprint(flat), tf.int64)
  return tf.reshape(hashes, tf.shape(values))


def _as_hashes(tensor):
  if isinstance(tensor, tf.SparseTensor):
    return tf.SparseTensor(tensor.indices, _feature_hashes(tensor.values),
                           tensor.dense_shape)
  return _feature_hashes(tensor)


def _hash_combine(seed, value):
  """TF 1.15's `a ^ (b + 0x9e3779b97f4a7800 + (a << 10) + (a >> 4))`, int64."""
  shifted_left = tf.bitwise.left_shift(seed, tf.constant(10, tf.int64))
  shifted_right = tf.bitwise.right_shift(seed, tf.constant(4, tf.int64))
  return tf.bitwise.bitwise_xor(
      seed, value + _GOLDEN_RATIO + shifted_left + shifted_right)


def _unsigned_mod(hashed, modulus):
  """`uint64(hashed) % modulus` for int64 `hashed` and `0 < modulus < 2**63`."""
  wrap = (1 << 64) % modulus
  remainder = tf.math.floormod(hashed, modulus)
  # A negative int64 stands for itself + 2**64; add 2**64 % modulus without
  # leaving int64.
  wrapped = tf.where(remainder >= modulus - wrap, remainder - (modulus - wrap),
                     remainder + wrap)
  return tf.where(hashed >= 0, remainder, wrapped)


def _hash_combine_cross(inputs, num_buckets):
  hashes = [_as_hashes(tensor) for tensor in inputs]
  # Core's cross of the integer hashes yields "h0_X_h1_X_...": the products in
  # TF 1.15's order, each combination's hashes in decimal.
  products = tf.sparse.cross(hashes, separator=_SEPARATOR)
  parts = tf.strings.split(products.values, _SEPARATOR).flat_values
  parts = tf.reshape(tf.strings.to_number(parts, tf.int64), [-1, len(inputs)])
  combined = tf.fill(tf.shape(parts)[:1], tf.constant(
      SPARSE_FEATURE_CROSS_DEFAULT_HASH_KEY, tf.int64))
  for column in range(len(inputs)):
    combined = _hash_combine(combined, parts[:, column])
  modulus = num_buckets if num_buckets > 0 else _INT64_MAX
  return tf.SparseTensor(products.indices, _unsigned_mod(combined, modulus),
                         products.dense_shape)
