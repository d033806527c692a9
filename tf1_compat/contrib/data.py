"""`tf.contrib.data`: graduated to `tf.data.experimental`, served under TF1 names.

Most names are TensorFlow's own `tf.compat.v1.data.experimental` objects
(`group_by_window`, `bucket_by_sequence_length`, `shuffle_and_repeat`,
`map_and_batch`, `parallel_interleave`, `scan`, `unbatch`, `Counter`,
`CsvDataset`, ...): each returns a transformation for `Dataset.apply`, as in TF1.
The few that TensorFlow dropped are rebuilt from core transformations with TF
1.15's signatures: `batch_and_drop_remainder`, `padded_batch_and_drop_remainder`,
`sliding_window_batch`, `sloppy_interleave`, `assert_element_shape`,
`reduce_dataset` and `read_batch_features`. The stats API (`StatsAggregator`,
`latency_stats`, `set_stats_aggregator`), `LMDBDataset` and the estimator hook
`CheckpointInputPipelineHook` are not provided.
"""

import tensorflow as tf

from tf1_compat.contrib.framework import nest
from tf1_compat.framework import not_provided

_EXPERIMENTAL = tf.compat.v1.data.experimental

# Served unchanged: TensorFlow's own objects (same signatures as TF 1.15's).
_CORE_NAMES = (
    "AUTOTUNE", "Counter", "CsvDataset", "RandomDataset", "Reducer",
    "SqlDataset", "TFRecordWriter", "bucket_by_sequence_length",
    "choose_from_datasets", "copy_to_device", "dense_to_sparse_batch",
    "enumerate_dataset", "get_next_as_optional", "get_single_element",
    "group_by_reducer", "group_by_window", "ignore_errors",
    "make_batched_features_dataset", "make_csv_dataset",
    "make_saveable_from_iterator", "map_and_batch", "parallel_interleave",
    "parse_example_dataset", "prefetch_to_device", "rejection_resample",
    "sample_from_datasets", "scan", "shuffle_and_repeat", "unbatch", "unique")
globals().update({_name: getattr(_EXPERIMENTAL, _name) for _name in _CORE_NAMES})
Optional = tf.experimental.Optional


def batch_and_drop_remainder(batch_size):
  """A transformation batching `batch_size` elements, dropping the last partial."""
  return lambda dataset: dataset.batch(batch_size, drop_remainder=True)


def padded_batch_and_drop_remainder(batch_size, padded_shapes,
                                    padding_values=None):
  """`padded_batch` with the last partial batch dropped."""
  return lambda dataset: dataset.padded_batch(
      batch_size, padded_shapes, padding_values, drop_remainder=True)


def sliding_window_batch(window_size, stride=None, window_shift=None,
                         window_stride=1):
  """Batches of `window_size` consecutive elements, sliding by `window_shift`.

  `stride` is TF 1.15's deprecated name for `window_shift` (default 1);
  `window_stride` picks every n-th element inside a window. Only full windows
  are produced.

  Raises:
    ValueError: both `stride` and `window_shift` are given.
  """
  if stride is not None and window_shift is not None:
    raise ValueError("Cannot specify both `stride` and `window_shift`")
  shift = window_shift if window_shift is not None else (
      stride if stride is not None else 1)

  def transform(dataset):
    windows = dataset.window(window_size, shift=shift, stride=window_stride,
                             drop_remainder=True)
    def batch_window(*window):
      if len(window) == 1:
        window = window[0]
      batched = tf.nest.map_structure(lambda d: d.batch(window_size), window)
      if tf.nest.is_nested(batched):
        return tf.data.Dataset.zip(batched)
      return batched
    return windows.flat_map(batch_window)
  return transform


def sloppy_interleave(map_func, cycle_length, block_length=1):
  """`parallel_interleave` with `sloppy=True` (order may vary)."""
  return _EXPERIMENTAL.parallel_interleave(
      map_func, cycle_length, block_length=block_length, sloppy=True)


def assert_element_shape(expected_shapes):
  """A transformation checking (and setting) the shapes of each element.

  `expected_shapes` has the structure of the elements (each shape a
  `TensorShape` or a list with `None`s); partially known shapes are checked at
  run time and merged into the static shapes.

  Raises:
    ValueError: (when applied) the static shapes are incompatible.
  """
  def transform(dataset):
    actual = tf.compat.v1.data.get_output_shapes(dataset)
    flat_actual = tf.nest.flatten(actual)
    flat_expected = [tf.TensorShape(shape) for shape in
                     nest.flatten_up_to(actual, expected_shapes)]
    for want, have in zip(flat_expected, flat_actual):
      if not want.is_compatible_with(have):
        raise ValueError("Invalid shape for element: expected %s, got %s."
                         % (want, have))
    merged = [want.merge_with(have)
              for want, have in zip(flat_expected, flat_actual)]

    def check(*element):
      element = element[0] if len(element) == 1 else element
      flat = [tf.ensure_shape(tensor, shape)
              for tensor, shape in zip(tf.nest.flatten(element), merged)]
      return tf.nest.pack_sequence_as(element, flat)
    return dataset.map(check)
  return transform


def reduce_dataset(dataset, reducer):
  """Reduces all of `dataset` with `reducer` (a `Reducer`) to one value."""
  return _EXPERIMENTAL.get_single_element(
      dataset.apply(_EXPERIMENTAL.group_by_reducer(
          lambda *_: tf.constant(0, tf.int64), reducer)))


def read_batch_features(file_pattern, batch_size, features, reader=None,
                        reader_args=None, randomize_input=True,
                        num_epochs=None, capacity=10000):
  """The next batch of parsed `tf.Example` features from files, as a dict.

  `make_batched_features_dataset` over `reader` (default `TFRecordDataset`),
  shuffled with a buffer of `capacity` when `randomize_input`, read through a
  one-shot iterator.
  """
  dataset = _EXPERIMENTAL.make_batched_features_dataset(
      file_pattern, batch_size, features,
      reader=reader or tf.compat.v1.data.TFRecordDataset,
      reader_args=reader_args, num_epochs=num_epochs,
      shuffle=randomize_input, shuffle_buffer_size=capacity)
  return tf.compat.v1.data.make_one_shot_iterator(dataset).get_next()


__all__ = sorted(_CORE_NAMES + (
    "Optional", "assert_element_shape", "batch_and_drop_remainder",
    "padded_batch_and_drop_remainder", "read_batch_features", "reduce_dataset",
    "sliding_window_batch", "sloppy_interleave"))

__getattr__ = not_provided.partial_module_getattr("tf.contrib.data", __all__)
