"""contrib packages that graduated to core: signal, stateless, util, deprecated."""

import numpy as np
import pytest
import tensorflow as tf

from tf1_compat.contrib import deprecated
from tf1_compat.contrib import signal
from tf1_compat.contrib import stateless
from tf1_compat.contrib import util

V1 = tf.compat.v1


def test_signal_and_stateless_are_tensorflows_functions():
  assert signal.stft is tf.signal.stft and signal.frame is tf.signal.frame
  graph = tf.Graph()
  with graph.as_default():
    frames = signal.frame(tf.range(10), frame_length=4, frame_step=3)
    seed = tf.constant([1, 2], tf.int64)
    first = stateless.stateless_random_uniform([3], seed)
    again = stateless.stateless_random_uniform([3], seed)
    with V1.Session(graph=graph) as session:
      got_frames, got_first, got_again = session.run([frames, first, again])
  np.testing.assert_array_equal(got_frames, [[0, 1, 2, 3], [3, 4, 5, 6],
                                             [6, 7, 8, 9]])
  np.testing.assert_array_equal(got_first, got_again)


def test_util_protos_and_graph_ops():
  proto = util.make_tensor_proto(np.arange(6, dtype=np.int32).reshape(2, 3))
  np.testing.assert_array_equal(util.make_ndarray(proto), [[0, 1, 2], [3, 4, 5]])
  graph = tf.Graph()
  with graph.as_default():
    x = V1.placeholder(tf.float32, [2])
    y = tf.constant([1.0, 2.0]) + x
    assert util.constant_value(tf.constant([3, 4])).tolist() == [3, 4]
    assert util.constant_value(y) is None
  assert util.ops_used_by_graph_def(graph.as_graph_def()) == [
      "AddV2", "Const", "Placeholder"]
  with pytest.raises(AttributeError, match="stripped_op_list"):
    getattr(util, "stripped_op_list_for_graph")


def test_deprecated_summaries_use_the_old_signatures(tmp_path):
  graph = tf.Graph()
  with graph.as_default():
    values = tf.constant([1.5, 2.5])
    scalars = deprecated.scalar_summary(tf.constant(["a", "b"]), values)
    histogram = deprecated.histogram_summary("h", values)
    images = deprecated.image_summary("img", tf.zeros([4, 2, 2, 1]),
                                      max_images=2)
    merged = deprecated.merge_all_summaries()
    assert set(V1.get_collection(V1.GraphKeys.SUMMARIES)) == {
        scalars, histogram, images}
    with V1.Session(graph=graph) as session:
      summary = V1.Summary.FromString(session.run(merged))
  tags = sorted(value.tag for value in summary.value)
  assert tags == ["a", "b", "h", "img/image/0", "img/image/1"]
  by_tag = {value.tag: value for value in summary.value}
  assert by_tag["a"].simple_value == 1.5 and by_tag["b"].simple_value == 2.5
  assert by_tag["h"].histo.num == 2
