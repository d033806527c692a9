"""contrib.data: TF1 names over tf.data.experimental, and the rebuilt ones."""

import numpy as np
import pytest
import tensorflow as tf

from tf1_compat.contrib import data as contrib_data

V1 = tf.compat.v1


def _values(dataset, graph):
  """Every element of `dataset` (built in `graph`), fetched in a session."""
  with graph.as_default():
    next_element = V1.data.make_one_shot_iterator(dataset).get_next()
  out = []
  with V1.Session(graph=graph) as session:
    while True:
      try:
        out.append(session.run(next_element))
      except tf.errors.OutOfRangeError:
        return out


def test_graduated_names_are_tensorflows_own():
  for name in ("group_by_window", "bucket_by_sequence_length",
               "shuffle_and_repeat", "map_and_batch", "parallel_interleave",
               "unbatch", "scan", "Counter"):
    assert getattr(contrib_data, name) is getattr(V1.data.experimental, name)


def test_batch_and_padded_batch_drop_the_remainder():
  graph = tf.Graph()
  with graph.as_default():
    batched = V1.data.Dataset.range(7).apply(
        contrib_data.batch_and_drop_remainder(3))
    padded = V1.data.Dataset.range(1, 6).map(
        lambda n: tf.fill([n], n)).apply(
            contrib_data.padded_batch_and_drop_remainder(2, [None]))
    assert V1.data.get_output_shapes(batched).as_list() == [3]
  got = _values(batched, graph)
  assert [list(b) for b in got] == [[0, 1, 2], [3, 4, 5]]
  graph2 = tf.Graph()
  with graph2.as_default():
    padded = V1.data.Dataset.range(1, 6).map(
        lambda n: tf.fill([n], n)).apply(
            contrib_data.padded_batch_and_drop_remainder(2, [None]))
  got = _values(padded, graph2)
  assert len(got) == 2
  np.testing.assert_array_equal(got[1], [[3, 3, 3, 0], [4, 4, 4, 4]])


def test_sliding_window_batch_shift_stride_and_structures():
  graph = tf.Graph()
  with graph.as_default():
    windows = V1.data.Dataset.range(7).apply(
        contrib_data.sliding_window_batch(3, window_shift=2))
    deprecated_stride = V1.data.Dataset.range(5).apply(
        contrib_data.sliding_window_batch(2, stride=3))
    strided = V1.data.Dataset.range(8).apply(
        contrib_data.sliding_window_batch(2, window_shift=3, window_stride=2))
    pairs = V1.data.Dataset.from_tensor_slices(
        (np.arange(4), np.arange(4) * 10)).apply(
            contrib_data.sliding_window_batch(2))
  assert [list(w) for w in _values(windows, graph)] == [
      [0, 1, 2], [2, 3, 4], [4, 5, 6]]
  assert [list(w) for w in _values(deprecated_stride, graph)] == [
      [0, 1], [3, 4]]
  assert [list(w) for w in _values(strided, graph)] == [[0, 2], [3, 5]]
  got = _values(pairs, graph)
  assert [(list(a), list(b)) for a, b in got] == [
      ([0, 1], [0, 10]), ([1, 2], [10, 20]), ([2, 3], [20, 30])]
  with pytest.raises(ValueError, match="both `stride` and `window_shift`"):
    contrib_data.sliding_window_batch(2, stride=1, window_shift=1)


def test_group_by_window_and_bucketing_under_tf1_names():
  graph = tf.Graph()
  with graph.as_default():
    grouped = V1.data.Dataset.range(10).apply(contrib_data.group_by_window(
        key_func=lambda x: x % 2, reduce_func=lambda _, w: w.batch(5),
        window_size=5))
    lengths = [3, 1, 4, 1, 5, 2]
    sequences = V1.data.Dataset.from_generator(
        lambda: (np.ones(n, np.int64) * n for n in lengths), tf.int64, [None])
    buckets = sequences.apply(contrib_data.bucket_by_sequence_length(
        lambda s: tf.shape(s)[0], bucket_boundaries=[3],
        bucket_batch_sizes=[2, 2]))
  assert sorted(tuple(b) for b in _values(grouped, graph)) == [
      (0, 2, 4, 6, 8), (1, 3, 5, 7, 9)]
  shapes = sorted(b.shape for b in _values(buckets, graph))
  # Lengths < 3 go to one bucket, >= 3 to the other; partial batches are kept.
  assert shapes == [(1, 2), (1, 5), (2, 1), (2, 4)]


def test_sloppy_interleave_reduce_and_assert_element_shape():
  graph = tf.Graph()
  with graph.as_default():
    interleaved = V1.data.Dataset.range(3).apply(
        contrib_data.sloppy_interleave(
            lambda x: V1.data.Dataset.from_tensors(x).repeat(2), 2))
    reducer = contrib_data.Reducer(
        init_func=lambda _: np.int64(0),
        reduce_func=lambda state, value: state + value,
        finalize_func=lambda state: state)
    total = contrib_data.reduce_dataset(V1.data.Dataset.range(5), reducer)
    unknown = V1.data.Dataset.from_generator(
        lambda: iter([np.zeros([2, 3], np.float32)]), tf.float32)
    checked = unknown.apply(contrib_data.assert_element_shape([2, None]))
    assert V1.data.get_output_shapes(checked).as_list() == [2, None]
    wrong = unknown.apply(contrib_data.assert_element_shape([4, 3]))
    with pytest.raises(ValueError, match="Invalid shape for element"):
      V1.data.Dataset.range(2).map(lambda x: tf.fill([2], x)).apply(
          contrib_data.assert_element_shape([3]))
    with V1.Session(graph=graph) as session:
      assert session.run(total) == 10
  assert sorted(_values(interleaved, graph)) == [0, 0, 1, 1, 2, 2]
  assert _values(checked, graph)[0].shape == (2, 3)
  with pytest.raises(tf.errors.InvalidArgumentError):
    _values(wrong, graph)


def test_read_batch_features_from_tfrecords(tmp_path):
  path = str(tmp_path / "examples.tfrecord")
  with tf.io.TFRecordWriter(path) as writer:
    for i in range(6):
      example = tf.train.Example(features=tf.train.Features(feature={
          "x": tf.train.Feature(float_list=tf.train.FloatList(value=[i, -i])),
          "label": tf.train.Feature(int64_list=tf.train.Int64List(value=[i]))}))
      writer.write(example.SerializeToString())
  graph = tf.Graph()
  with graph.as_default():
    batch = contrib_data.read_batch_features(
        path, 4, {"x": tf.io.FixedLenFeature([2], tf.float32),
                  "label": tf.io.FixedLenFeature([], tf.int64)},
        randomize_input=False, num_epochs=1)
  with V1.Session(graph=graph) as session:
    first = session.run(batch)
  np.testing.assert_array_equal(first["label"], [0, 1, 2, 3])
  np.testing.assert_array_equal(first["x"][:, 1], [0, -1, -2, -3])


def test_refused_names_point_to_the_list():
  with pytest.raises(AttributeError, match="tf.contrib.data.StatsAggregator"):
    getattr(contrib_data, "StatsAggregator")
