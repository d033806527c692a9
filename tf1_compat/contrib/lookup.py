"""`tf.contrib.lookup`: TensorFlow's own lookup tables under their TF1 names.

TF 1.15's contrib.lookup re-exported `tensorflow.python.ops.lookup_ops`
(`index_table_from_file`, `index_to_string_table_from_file`,
`IdTableWithHashBuckets`, the initializers and hasher specs, ...), and that
module is still TensorFlow's, feeding `tf.feature_column`; TensorFlow 2 merely
stopped exporting most of it. It is served from there, so tables, ids and hash
buckets are TensorFlow's own. Rebuilt here are contrib's thin layer over it:
`HashTable` with its `shared_name` argument, `index_table_from_tensor` and
`index_to_string_table_from_tensor` with the `mapping=` keyword, and the
deprecated `string_to_index`, `index_to_string`,
`string_to_index_table_from_file` / `_from_tensor`.
"""

import tensorflow as tf
from tensorflow.python.ops import lookup_ops as _lookup_ops  # pylint: disable=g-direct-tensorflow-import

from tf1_compat.contrib.framework import deprecation
from tf1_compat.framework import not_provided

# TensorFlow's objects, exactly as TF 1.15's contrib.lookup exported them.
_CORE_NAMES = (
    "FastHashSpec", "HasherSpec", "IdTableWithHashBuckets",
    "InitializableLookupTableBase", "KeyValueTensorInitializer",
    "LookupInterface", "MutableHashTable", "StrongHashSpec",
    "TableInitializerBase", "TextFileIdTableInitializer", "TextFileIndex",
    "TextFileInitializer", "TextFileStringTableInitializer",
    "index_table_from_file", "index_to_string_table_from_file")
globals().update({_name: getattr(_lookup_ops, _name) for _name in _CORE_NAMES})
MutableDenseHashTable = _lookup_ops.DenseHashTable


class HashTable(_lookup_ops.HashTable):
  """An immutable table initialized once by `initializer` (`table.init`).

  TF 1.15's signature: `shared_name`, when given, shares the table across
  sessions under that name.
  """

  def __init__(self, initializer, default_value, shared_name=None, name=None):
    self._tf1_shared_name = shared_name
    super().__init__(initializer, default_value, name=name)

  def _create_resource(self):
    if self._tf1_shared_name:
      self._shared_name = self._tf1_shared_name
    return super()._create_resource()


def index_table_from_tensor(mapping, num_oov_buckets=0, default_value=-1,
                            hasher_spec=_lookup_ops.FastHashSpec,
                            dtype=tf.string, name=None):
  """A table mapping the keys in 1-D `mapping` to their positions (int64).

  Keys missing from `mapping` get one of `num_oov_buckets` hash buckets after
  the vocabulary, or `default_value` when there are none.

  Raises:
    ValueError: `mapping` is None, or `num_oov_buckets` is negative.
  """
  if mapping is None:
    raise ValueError("mapping must be specified.")
  return _lookup_ops.index_table_from_tensor(
      vocabulary_list=mapping, num_oov_buckets=num_oov_buckets,
      default_value=default_value, hasher_spec=hasher_spec, dtype=dtype,
      name=name)


def index_to_string_table_from_tensor(mapping, default_value="UNK", name=None):
  """A table mapping int64 positions in 1-D `mapping` back to its strings.

  Raises:
    ValueError: `mapping` is None.
  """
  if mapping is None:
    raise ValueError("mapping must be specified.")
  return _lookup_ops.index_to_string_table_from_tensor(
      vocabulary_list=mapping, default_value=default_value, name=name)


@deprecation.deprecated("2017-04-10", "Use `index_table_from_file`.")
def string_to_index_table_from_file(vocabulary_file=None, num_oov_buckets=0,
                                    vocab_size=None, default_value=-1,
                                    hasher_spec=_lookup_ops.FastHashSpec,
                                    name=None):
  """`index_table_from_file` with string keys."""
  return _lookup_ops.index_table_from_file(
      vocabulary_file, num_oov_buckets, vocab_size, default_value, hasher_spec,
      key_dtype=tf.string, name=name)


@deprecation.deprecated("2017-04-10", "Use `index_table_from_tensor`.")
def string_to_index_table_from_tensor(mapping, num_oov_buckets=0,
                                      default_value=-1,
                                      hasher_spec=_lookup_ops.FastHashSpec,
                                      name=None):
  """`index_table_from_tensor` for a string `mapping`.

  Raises:
    ValueError: `mapping` is not of strings.
  """
  with tf.name_scope(name or "string_to_index") as scope:
    mapping = tf.convert_to_tensor(mapping)
  if mapping.dtype.base_dtype != tf.string:
    raise ValueError("string_to_index_table_from_tensor requires string.")
  return index_table_from_tensor(mapping, num_oov_buckets, default_value,
                                 hasher_spec, name=scope)


@deprecation.deprecated(
    "2017-01-07", "This op will be removed after the deprecation date. Please "
    "switch to index_table_from_tensor and call the lookup method of the "
    "returned table.")
def string_to_index(tensor, mapping, default_value=-1, name=None):
  """The positions of `tensor`'s strings in `mapping` (`default_value` if absent)."""
  table = index_table_from_tensor(mapping=mapping, default_value=default_value,
                                  name=name)
  return table.lookup(tensor)


@deprecation.deprecated(
    "2017-01-07", "This op will be removed after the deprecation date. Please "
    "switch to index_to_string_table_from_tensor and call the lookup method of "
    "the returned table.")
def index_to_string(tensor, mapping, default_value="UNK", name=None):
  """The strings of `mapping` at int64 positions `tensor`."""
  table = index_to_string_table_from_tensor(
      mapping=mapping, default_value=default_value, name=name)
  return table.lookup(tensor)


__all__ = sorted(_CORE_NAMES + (
    "HashTable", "MutableDenseHashTable", "index_table_from_tensor",
    "index_to_string", "index_to_string_table_from_tensor", "string_to_index",
    "string_to_index_table_from_file", "string_to_index_table_from_tensor"))

__getattr__ = not_provided.partial_module_getattr("tf.contrib.lookup", __all__)
