"""`import tf1_compat.v1 as tf`: the namespace, the rebuilt parts, clear failures.

Every test runs inside its own `tf.Graph().as_default()` block (see the autouse
fixture), where looking up graph-building symbols never switches the process to
graph mode; `test_this_process_stayed_eager` checks that nothing did.
"""

import os

import numpy as np
import pytest
import tensorflow as real_tf

import tf1_compat.v1 as tf
from tf1_compat import contrib
from tf1_compat import layers
from tf1_compat import rnn
from tf1_compat.dropin import graph_mode
from tf1_compat.framework import not_provided
from tf1_compat.dropin import v1_api
from tf1_compat.framework import base_layer

V1 = real_tf.compat.v1


@pytest.fixture(autouse=True)
def in_a_graph():
  with real_tf.Graph().as_default() as graph:
    yield graph


class TestNamespace:

  def test_compat_v1_names_are_tensorflows_own(self):
    for name in ("placeholder", "Session", "get_variable", "variable_scope",
                 "global_variables_initializer", "float32", "GraphKeys"):
      assert getattr(tf, name) is getattr(V1, name), name
    assert tf.train is V1.train
    assert tf.data.Dataset is V1.data.Dataset
    assert hasattr(tf.data.Dataset, "make_one_shot_iterator")
    assert tf.app.run is V1.app.run
    assert tf.logging.info is V1.logging.info
    assert tf.gfile.Exists is V1.gfile.Exists
    assert tf.flags.DEFINE_integer is V1.flags.DEFINE_integer
    assert tf.nn.static_rnn is V1.nn.static_rnn
    assert tf.nn.relu is V1.nn.relu

  def test_rebuilt_parts_are_ours(self):
    for name in v1_api.RNN_CELL_NAMES:
      assert getattr(tf.nn.rnn_cell, name) is getattr(rnn, name)
    assert tf.nn.dynamic_rnn is rnn.dynamic_rnn
    assert tf.nn.bidirectional_dynamic_rnn is rnn.bidirectional_dynamic_rnn
    assert tf.layers.dense is layers.dense
    assert tf.layers.Conv2D is layers.Conv2D
    assert tf.layers.Layer is base_layer.Layer
    assert tf.contrib is contrib
    assert tf.contrib.rnn.LSTMBlockCell is contrib.rnn.LSTMBlockCell
    assert tf.contrib.seq2seq.BasicDecoder is contrib.seq2seq.BasicDecoder
    assert tf.contrib.layers.fully_connected is contrib.layers.fully_connected
    assert tf.compat.v1 is tf
    assert tf.compat.as_bytes is V1.compat.as_bytes

  def test_dir_lists_both(self):
    names = dir(tf)
    assert {"placeholder", "nn", "layers", "contrib", "Session"} <= set(names)
    assert "rnn_cell" in dir(tf.nn) and "dynamic_rnn" in dir(tf.nn)
    assert "dense" in dir(tf.layers) and "core" not in dir(tf.layers)

  def test_typos_raise_attribute_error(self):
    with pytest.raises(AttributeError, match="placeholdr"):
      getattr(tf, "placeholdr")
    with pytest.raises(AttributeError):
      getattr(tf.nn, "no_such_op")


class TestNotProvided:

  @pytest.mark.parametrize("path,replacement", [
      ("contrib.learn.Estimator", "tf.estimator.Estimator"),
      ("contrib.estimator", "training loop"),
      ("contrib.boosted_trees", "Decision Forests"),
      ("contrib.tensor_forest", "Decision Forests"),
      ("contrib.eager", "TensorFlow 2"),
      ("contrib.cudnn_rnn.CudnnLSTMSaveable", "Saver"),
      ("layers.experimental.keras_style", "keras_style_scope"),
      ("contrib.rnn.LSTMBlockWrapper", "LSTMBlockFusedCell"),
  ])
  def test_fails_at_the_access_naming_api_and_replacement(self, path,
                                                          replacement):
    api = "tf." + path
    obj = tf
    with pytest.raises(not_provided.NotProvidedError) as raised:
      for part in path.split("."):
        obj = getattr(obj, part)
    message = str(raised.value)
    assert message.startswith(api + " is not provided by tf1_compat")
    assert replacement in message
    assert raised.value.api == api

  def test_not_provided_is_an_attribute_error(self):
    assert hasattr(tf, "estimator") and not hasattr(tf.estimator,
                                                    "BoostedTreesClassifier")
    assert not hasattr(tf.contrib, "eager")
    assert hasattr(tf.contrib, "learn") and hasattr(tf.contrib, "slim")
    assert hasattr(tf.contrib, "rnn")

  def test_unknown_names_in_partial_namespaces_list_what_exists(self):
    with pytest.raises(not_provided.NotProvidedError,
                       match=r"tf\.nn\.rnn_cell provides only BasicLSTMCell"):
      getattr(tf.nn.rnn_cell, "NASCell")
    with pytest.raises(not_provided.NotProvidedError,
                       match=r"tf\.contrib provides only crf, cudnn_rnn, data, deprecated"):
      getattr(tf.contrib, "something_else")

  def test_table_entries_are_complete(self):
    entries = not_provided.entries()
    assert len({e.api for e in entries}) == len(entries)
    for entry in entries:
      assert entry.api.startswith("tf.") and entry.why and entry.closest
    assert not_provided.lookup("tf.contrib.eager.Variable").api == (
        "tf.contrib.eager")
    assert not_provided.lookup("tf.contrib.rnn.python.ops.rnn").api == (
        "tf.contrib.rnn.python")
    assert not_provided.lookup("tf.nn.relu") is None

  def test_coverage_document_lists_exactly_the_entries(self):
    path = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__)))), "docs", "tf1_api_coverage.md")
    with open(path) as f:
      text = f.read()
    table = text[text.index("| TF 1.15 | Why it is missing |"):]
    rows = [line for line in table.splitlines()[2:] if line.startswith("| `")]
    expected = ["| `%s` | %s | %s |" % (e.api, e.why, e.closest)
                for e in not_provided.entries()]
    assert rows == expected


def test_a_2018_model_builds_and_trains_through_the_namespace(in_a_graph):
  tf.set_random_seed(0)
  x = tf.placeholder(tf.float32, [None, 6, 3], name="x")
  y = tf.placeholder(tf.int32, [None], name="y")
  cells = [tf.contrib.rnn.LSTMBlockCell(8),
           tf.nn.rnn_cell.DropoutWrapper(tf.nn.rnn_cell.GRUCell(8))]
  _, state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.MultiRNNCell(cells), x,
                               dtype=tf.float32)
  hidden = tf.contrib.layers.fully_connected(state[-1], 8)
  logits = tf.layers.dense(hidden, 2, name="logits")
  loss = tf.losses.sparse_softmax_cross_entropy(labels=y, logits=logits)
  train_op = tf.train.AdamOptimizer(0.05).minimize(loss)
  names = sorted(v.op.name for v in tf.trainable_variables())
  assert names == [
      "fully_connected/biases", "fully_connected/weights", "logits/bias",
      "logits/kernel", "rnn/multi_rnn_cell/cell_0/lstm_cell/bias",
      "rnn/multi_rnn_cell/cell_0/lstm_cell/kernel",
      "rnn/multi_rnn_cell/cell_1/gru_cell/candidate/bias",
      "rnn/multi_rnn_cell/cell_1/gru_cell/candidate/kernel",
      "rnn/multi_rnn_cell/cell_1/gru_cell/gates/bias",
      "rnn/multi_rnn_cell/cell_1/gru_cell/gates/kernel"]
  rng = np.random.default_rng(0)
  feed = {x: rng.normal(size=[16, 6, 3]), y: rng.integers(0, 2, size=16)}
  feed[x][feed[y] == 1] += 1.0
  with tf.Session() as session:
    session.run(tf.global_variables_initializer())
    first = session.run(loss, feed)
    for _ in range(30):
      session.run(train_op, feed)
    assert session.run(loss, feed) < first


def test_this_process_stayed_eager():
  assert not graph_mode.entered()
