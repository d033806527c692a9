"""Session-level tests of the cells: TF1's hard-coded values, numpy math, names, reuse."""

import numpy as np
import pytest
import tensorflow as tf

from tf1_compat import rnn

V1 = tf.compat.v1


def _sigmoid(x):
  return 1.0 / (1.0 + np.exp(-x))


def _run(graph, fetches, feed_dict=None):
  with V1.Session(graph=graph) as session:
    session.run(V1.global_variables_initializer())
    return session.run(fetches, feed_dict=feed_dict)


def _names(graph):
  return sorted(v.name for v in graph.get_collection(V1.GraphKeys.GLOBAL_VARIABLES))


class TestTF1HardCodedValues:
  """Values TF 1.x's own cell tests asserted, with every kernel set to 0.5."""

  def test_gru(self):
    graph = tf.Graph()
    with graph.as_default():
      with V1.variable_scope("root", initializer=V1.constant_initializer(0.5)):
        x = tf.constant([[1.0, 1.0]])
        h, _ = rnn.GRUCell(2)(x, tf.fill([1, 2], 0.1))
        x3 = tf.constant([[1.0, 1.0, 1.0]])
        h3, _ = rnn.GRUCell(2)(x3, tf.fill([1, 2], 0.1))
    got, got3 = _run(graph, [h, h3])
    np.testing.assert_allclose(got, [[0.175991, 0.175991]], atol=1e-6)
    np.testing.assert_allclose(got3, [[0.156736, 0.156736]], atol=1e-6)

  def test_multi_gru_concatenated_state(self):
    graph = tf.Graph()
    with graph.as_default():
      with V1.variable_scope("root", initializer=V1.constant_initializer(0.5)):
        cell = rnn.MultiRNNCell([rnn.GRUCell(2), rnn.GRUCell(2)],
                                state_is_tuple=False)
        _, state = cell(tf.constant([[1.0, 1.0]]), tf.fill([1, 4], 0.1))
    np.testing.assert_allclose(
        _run(graph, state), [[0.175991, 0.175991, 0.13248, 0.13248]], atol=1e-5)

  def test_multi_basic_lstm_concatenated_state(self):
    graph = tf.Graph()
    with graph.as_default():
      with V1.variable_scope("root", initializer=V1.constant_initializer(0.5)):
        cell = rnn.MultiRNNCell(
            [rnn.BasicLSTMCell(2, state_is_tuple=False) for _ in range(2)],
            state_is_tuple=False)
        output, state = cell(tf.constant([[1.0, 1.0]]), tf.fill([1, 8], 0.1))
    got_output, got_state = _run(graph, [output, state])
    np.testing.assert_allclose(got_output, [[0.24024698, 0.24024698]], atol=1e-6)
    np.testing.assert_allclose(
        got_state, [[0.68967271, 0.68967271, 0.44848421, 0.44848421,
                     0.39897051, 0.39897051, 0.24024698, 0.24024698]], atol=1e-6)
    assert _names(graph) == [
        "root/multi_rnn_cell/cell_0/basic_lstm_cell/bias:0",
        "root/multi_rnn_cell/cell_0/basic_lstm_cell/kernel:0",
        "root/multi_rnn_cell/cell_1/basic_lstm_cell/bias:0",
        "root/multi_rnn_cell/cell_1/basic_lstm_cell/kernel:0",
    ]


class TestNumpyMath:
  """One step of each cell recomputed in numpy from the fetched weights."""

  def _step(self, cell, depth=3, batch=2, seed=0):
    rng = np.random.default_rng(seed)
    graph = tf.Graph()
    with graph.as_default():
      V1.set_random_seed(seed)
      x = tf.constant(rng.normal(size=[batch, depth]).astype(np.float32))
      state = tf.nest.map_structure(
          lambda s: tf.constant(rng.normal(size=[batch, s]).astype(np.float32)),
          cell.state_size)
      output, new_state = cell(x, state)
      with V1.Session(graph=graph) as session:
        session.run(V1.global_variables_initializer())
        weights = {v.op.name.split("/", 1)[1]: session.run(v)
                   for v in V1.global_variables()}
        values = session.run({"x": x, "state": state, "output": output,
                              "new_state": new_state})
    return weights, values

  def test_basic_lstm(self):
    weights, v = self._step(rnn.BasicLSTMCell(4, forget_bias=0.7))
    c, h = v["state"]
    z = np.concatenate([v["x"], h], 1) @ weights["kernel"] + weights["bias"]
    i, j, f, o = np.split(z, 4, axis=1)
    new_c = c * _sigmoid(f + 0.7) + _sigmoid(i) * np.tanh(j)
    new_h = np.tanh(new_c) * _sigmoid(o)
    np.testing.assert_allclose(v["new_state"].c, new_c, atol=1e-5)
    np.testing.assert_allclose(v["output"], new_h, atol=1e-5)

  def test_lstm_with_peepholes_clip_and_projection(self):
    cell = rnn.LSTMCell(4, use_peepholes=True, cell_clip=0.2, num_proj=3,
                        proj_clip=0.1)
    weights, v = self._step(cell)
    c, m = v["state"]
    z = np.concatenate([v["x"], m], 1) @ weights["kernel"] + weights["bias"]
    i, j, f, o = np.split(z, 4, axis=1)
    new_c = (_sigmoid(f + 1.0 + weights["w_f_diag"] * c) * c
             + _sigmoid(i + weights["w_i_diag"] * c) * np.tanh(j))
    new_c = np.clip(new_c, -0.2, 0.2)
    new_m = _sigmoid(o + weights["w_o_diag"] * new_c) * np.tanh(new_c)
    new_m = np.clip(new_m @ weights["projection/kernel"], -0.1, 0.1)
    np.testing.assert_allclose(v["new_state"].c, new_c, atol=1e-5)
    np.testing.assert_allclose(v["output"], new_m, atol=1e-5)
    assert v["output"].shape == (2, 3)

  def test_gru(self):
    weights, v = self._step(rnn.GRUCell(4))
    h = v["state"]
    gates = _sigmoid(np.concatenate([v["x"], h], 1) @ weights["gates/kernel"]
                     + weights["gates/bias"])
    r, u = np.split(gates, 2, axis=1)
    c = np.tanh(np.concatenate([v["x"], r * h], 1) @ weights["candidate/kernel"]
                + weights["candidate/bias"])
    np.testing.assert_allclose(v["output"], u * h + (1 - u) * c, atol=1e-5)
    np.testing.assert_allclose(weights["gates/bias"], np.ones(8))

  def test_basic_rnn(self):
    weights, v = self._step(rnn.BasicRNNCell(4, activation="relu"))
    expected = np.maximum(
        np.concatenate([v["x"], v["state"]], 1) @ weights["kernel"]
        + weights["bias"], 0)
    np.testing.assert_allclose(v["output"], expected, atol=1e-5)


class TestScopingAndReuse:

  def test_dynamic_rnn_names(self):
    graph = tf.Graph()
    with graph.as_default():
      x = tf.zeros([2, 3, 5])
      cell = rnn.MultiRNNCell([rnn.BasicLSTMCell(4), rnn.GRUCell(4)])
      V1.nn.dynamic_rnn(cell, x, dtype=tf.float32)
      fw, bw = rnn.LSTMCell(3, num_proj=2), rnn.LSTMCell(3)
      V1.nn.bidirectional_dynamic_rnn(fw, bw, x, dtype=tf.float32)
    assert _names(graph) == [
        "bidirectional_rnn/bw/lstm_cell/bias:0",
        "bidirectional_rnn/bw/lstm_cell/kernel:0",
        "bidirectional_rnn/fw/lstm_cell/bias:0",
        "bidirectional_rnn/fw/lstm_cell/kernel:0",
        "bidirectional_rnn/fw/lstm_cell/projection/kernel:0",
        "rnn/multi_rnn_cell/cell_0/basic_lstm_cell/bias:0",
        "rnn/multi_rnn_cell/cell_0/basic_lstm_cell/kernel:0",
        "rnn/multi_rnn_cell/cell_1/gru_cell/candidate/bias:0",
        "rnn/multi_rnn_cell/cell_1/gru_cell/candidate/kernel:0",
        "rnn/multi_rnn_cell/cell_1/gru_cell/gates/bias:0",
        "rnn/multi_rnn_cell/cell_1/gru_cell/gates/kernel:0",
    ]
    shapes = {v.op.name: v.shape.as_list()
              for v in graph.get_collection(V1.GraphKeys.GLOBAL_VARIABLES)}
    assert shapes["rnn/multi_rnn_cell/cell_0/basic_lstm_cell/kernel"] == [9, 16]
    assert shapes["bidirectional_rnn/fw/lstm_cell/kernel"] == [7, 12]
    assert shapes["bidirectional_rnn/fw/lstm_cell/projection/kernel"] == [3, 2]

  def test_same_scope_twice_without_reuse_raises(self):
    graph = tf.Graph()
    with graph.as_default():
      x = tf.zeros([2, 3, 5])
      V1.nn.dynamic_rnn(rnn.BasicLSTMCell(4), x, dtype=tf.float32, scope="enc")
      with pytest.raises(ValueError, match="already exists"):
        V1.nn.dynamic_rnn(rnn.BasicLSTMCell(4), x, dtype=tf.float32, scope="enc")

  @pytest.mark.parametrize("reuse", [True, V1.AUTO_REUSE])
  def test_enclosing_reuse_shares_one_set_of_variables(self, reuse):
    graph = tf.Graph()
    with graph.as_default():
      x = tf.constant(np.random.default_rng(0).normal(size=[2, 3, 5]),
                      dtype=tf.float32)
      with V1.variable_scope("model"):
        out_a, _ = V1.nn.dynamic_rnn(rnn.GRUCell(4), x, dtype=tf.float32)
      with V1.variable_scope("model", reuse=reuse):
        out_b, _ = V1.nn.dynamic_rnn(rnn.GRUCell(4), x, dtype=tf.float32)
    assert len(graph.get_collection(V1.GraphKeys.GLOBAL_VARIABLES)) == 4
    a, b = _run(graph, [out_a, out_b])
    np.testing.assert_array_equal(a, b)

  def test_cell_reuse_argument(self):
    graph = tf.Graph()
    with graph.as_default():
      x = tf.ones([2, 5])
      first = rnn.BasicRNNCell(3)
      out_a, _ = first(x, first.zero_state(2, tf.float32))
      second = rnn.BasicRNNCell(3, reuse=True)
      out_b, _ = second(x, second.zero_state(2, tf.float32))
    assert _names(graph) == ["basic_rnn_cell/bias:0", "basic_rnn_cell/kernel:0"]
    a, b = _run(graph, [out_a, out_b])
    np.testing.assert_array_equal(a, b)

  def test_object_owns_its_variables_under_other_scopes(self):
    graph = tf.Graph()
    with graph.as_default():
      cell = rnn.BasicLSTMCell(3)
      x = tf.ones([1, 2])
      with V1.variable_scope("first"):
        cell(x, cell.zero_state(1, tf.float32))
      with V1.variable_scope("second"):
        cell(x, cell.zero_state(1, tf.float32))
    assert _names(graph) == ["first/basic_lstm_cell/bias:0",
                             "first/basic_lstm_cell/kernel:0"]
    assert [v.name for v in cell.trainable_weights] == [
        "first/basic_lstm_cell/kernel:0", "first/basic_lstm_cell/bias:0"]

  def test_default_names_are_uniquified(self):
    graph = tf.Graph()
    with graph.as_default():
      x = tf.ones([1, 2])
      for _ in range(2):
        cell = rnn.GRUCell(2)
        cell(x, cell.zero_state(1, tf.float32))
    assert "gru_cell_1/gates/kernel:0" in _names(graph)

  def test_multi_rnn_cell_weights(self):
    graph = tf.Graph()
    with graph.as_default():
      cell = rnn.MultiRNNCell([rnn.DropoutWrapper(rnn.BasicLSTMCell(3)),
                               rnn.GRUCell(3)])
      V1.nn.dynamic_rnn(cell, tf.ones([1, 2, 2]), dtype=tf.float32)
    assert len(cell.trainable_weights) == 6
    assert cell.weights == cell.trainable_weights


class TestZeroStateAndDropout:

  def test_zero_state_shapes(self):
    graph = tf.Graph()
    with graph.as_default():
      batch = V1.placeholder(tf.int32, [])
      cell = rnn.MultiRNNCell([rnn.BasicLSTMCell(4), rnn.LSTMCell(5, num_proj=2),
                               rnn.GRUCell(3)])
      static = cell.zero_state(7, tf.float32)
      dynamic = cell.zero_state(batch, tf.float16)
    assert [s.shape.as_list() for s in tf.nest.flatten(static)] == [
        [7, 4], [7, 4], [7, 5], [7, 2], [7, 3]]
    assert isinstance(static[0], rnn.LSTMStateTuple)
    assert [s.shape.as_list() for s in tf.nest.flatten(dynamic)] == [
        [None, 4], [None, 4], [None, 5], [None, 2], [None, 3]]
    values = _run(graph, dynamic, {batch: 6})
    assert all(v.shape[0] == 6 and v.dtype == np.float16 and not v.any()
               for v in tf.nest.flatten(values))

  def test_dropout_keep_prob_one_is_identity(self):
    graph = tf.Graph()
    with graph.as_default():
      x = tf.constant(np.random.default_rng(1).normal(size=[4, 6, 3]),
                      dtype=tf.float32)
      with V1.variable_scope("a"):
        plain, _ = V1.nn.dynamic_rnn(rnn.LSTMCell(5), x, dtype=tf.float32)
      with V1.variable_scope("a", reuse=True):
        wrapped, _ = V1.nn.dynamic_rnn(
            rnn.DropoutWrapper(rnn.LSTMCell(5), input_keep_prob=1.0,
                               output_keep_prob=1.0, state_keep_prob=1.0),
            x, dtype=tf.float32)
        keep = V1.placeholder_with_default(1.0, [])
        fed, _ = V1.nn.dynamic_rnn(
            rnn.DropoutWrapper(rnn.LSTMCell(5), output_keep_prob=keep),
            x, dtype=tf.float32)
    a, b, c = _run(graph, [plain, wrapped, fed])
    np.testing.assert_array_equal(a, b)
    np.testing.assert_allclose(a, c, atol=1e-6)
    random_ops = [op for op in graph.get_operations()
                  if op.type == "RandomUniform"]
    assert len(random_ops) == 1  # Only the tensor keep_prob inserts dropout.

  def test_dropout_drops_and_scales(self):
    graph = tf.Graph()
    with graph.as_default():
      V1.set_random_seed(3)
      cell = rnn.DropoutWrapper(rnn.BasicRNNCell(200, activation=tf.sigmoid),
                                output_keep_prob=0.25, seed=1)
      output, _ = cell(tf.ones([8, 3]), cell.zero_state(8, tf.float32))
    got = _run(graph, output)
    kept = got != 0
    assert 0.15 < kept.mean() < 0.35
    assert np.all(got[kept] > 4 * 0.0)  # Scaled by 1/keep, never negative.
    assert got[kept].max() <= 4.0

  def test_bad_keep_prob(self):
    with pytest.raises(ValueError, match="output_keep_prob"):
      rnn.DropoutWrapper(rnn.GRUCell(2), output_keep_prob=1.5)

  def test_variational_needs_dtype(self):
    with pytest.raises(ValueError, match="dtype"):
      rnn.DropoutWrapper(rnn.GRUCell(2), output_keep_prob=0.5,
                         variational_recurrent=True)


class TestBadInput:

  def test_non_2d_input(self):
    with tf.Graph().as_default():
      cell = rnn.BasicLSTMCell(4)
      with pytest.raises(ValueError, match=r"basic_lstm_cell.*2-D.*\(2, 3, 5\)"):
        cell(tf.zeros([2, 3, 5]), cell.zero_state(2, tf.float32))

  def test_changed_input_depth(self):
    with tf.Graph().as_default():
      cell = rnn.GRUCell(4)
      cell(tf.zeros([2, 5]), cell.zero_state(2, tf.float32))
      with pytest.raises(ValueError,
                         match=r"gru_cell.*built for shape \(2, 5\).*\(2, 6\)"):
        cell(tf.zeros([2, 6]), cell.zero_state(2, tf.float32))

  def test_unknown_input_depth(self):
    with tf.Graph().as_default():
      cell = rnn.BasicRNNCell(4)
      with pytest.raises(ValueError, match="known last dimension"):
        cell(V1.placeholder(tf.float32, [2, None]), tf.zeros([2, 4]))

  def test_wrong_state_structure(self):
    with tf.Graph().as_default():
      cell = rnn.BasicLSTMCell(4)
      with pytest.raises(ValueError,
                         match=r"basic_lstm_cell.*wrong structure.*LSTMStateTuple"):
        cell(tf.zeros([2, 5]), tf.zeros([2, 4]))

  def test_wrong_state_depth(self):
    with tf.Graph().as_default():
      cell = rnn.GRUCell(4)
      with pytest.raises(ValueError, match=r"gru_cell.*wrong shape.*\[batch, 4\]"):
        cell(tf.zeros([2, 5]), tf.zeros([2, 3]))

  def test_multi_cell_state_structure(self):
    with tf.Graph().as_default():
      cell = rnn.MultiRNNCell([rnn.GRUCell(2), rnn.GRUCell(2)])
      with pytest.raises(ValueError, match="multi_rnn_cell.*wrong structure"):
        cell(tf.zeros([2, 5]), tf.zeros([2, 2]))

  def test_integer_input(self):
    with tf.Graph().as_default():
      cell = rnn.GRUCell(2)
      with pytest.raises(ValueError, match="float or complex"):
        cell(tf.zeros([2, 5], tf.int32), tf.zeros([2, 2]))

  def test_empty_multi_cell(self):
    with pytest.raises(ValueError, match="at least one cell"):
      rnn.MultiRNNCell([])


def test_each_lstm_step_is_one_fused_matmul():
  graph = tf.Graph()
  with graph.as_default():
    cell = rnn.LSTMCell(8, use_peepholes=True)
    cell(tf.zeros([2, 3]), cell.zero_state(2, tf.float32))
  matmuls = [op for op in graph.get_operations() if op.type == "MatMul"]
  assert len(matmuls) == 1


def test_get_initial_state_checks_inputs_against_batch_size_and_dtype():
  with tf.Graph().as_default():
    cell = rnn.BasicRNNCell(5)
    inputs = tf.compat.v1.placeholder(tf.float32, shape=(None, 4, 1))
    with pytest.raises(ValueError, match="batch_size and dtype cannot be None"):
      cell.get_initial_state(None, None, None)
    for batch_size in (50, tf.constant(50)):
      with pytest.raises(ValueError,
                         match="batch size from input tensor is different"):
        cell.get_initial_state(inputs=inputs, batch_size=batch_size)
    with pytest.raises(ValueError, match="dtype from input tensor is different"):
      cell.get_initial_state(inputs=inputs, dtype=tf.int16)
    state = cell.get_initial_state(inputs=inputs)
    assert state.shape.as_list() == [None, 5] and state.dtype == tf.float32
    state = cell.get_initial_state(None, tf.shape(inputs)[0], tf.float32)
    assert state.shape.as_list() == [None, 5]


def test_wrappers_and_multi_cells_are_checkpointed_object_by_object(tmp_path):
  """A v1 `Checkpoint` saves a wrapped cell's variables, as TF 1.15's did."""
  graph = tf.Graph()
  with graph.as_default():
    cell = rnn.BasicRNNCell(1)
    wrapper = rnn.MultiRNNCell([rnn.DropoutWrapper(cell)])
    wrapper(tf.ones([1, 1]), wrapper.zero_state(1, tf.float32))
    assert [r.name for r in wrapper._checkpoint_dependencies] == ["cell-0"]  # pylint: disable=protected-access
    (name, dependency), = wrapper._cells[0]._checkpoint_dependencies  # pylint: disable=protected-access
    assert (name, dependency) == ("cell", cell)
    checkpoint = V1.train.Checkpoint(wrapper=wrapper)
    with V1.Session(graph=graph) as session:
      session.run(V1.global_variables_initializer())
      session.run(cell._bias.assign([40.0]))  # pylint: disable=protected-access
      path = checkpoint.save(str(tmp_path / "ckpt"), session=session)
      session.run(cell._bias.assign([0.0]))  # pylint: disable=protected-access
      checkpoint.restore(path).assert_consumed().run_restore_ops(session)
      assert session.run(cell._bias).tolist() == [40.0]  # pylint: disable=protected-access


def test_cells_and_wrappers_round_trip_through_their_configs():
  with tf.Graph().as_default():
    cell = rnn.LSTMCell(10, use_peepholes=True,
                        initializer=V1.constant_initializer(0.5),
                        activation="relu")
    config = cell.get_config()
    assert config["activation"] == "relu" and config["num_units"] == 10
    assert rnn.LSTMCell.from_config(config).get_config() == config
    seen = []
    wrapper = rnn.DropoutWrapper(
        cell, input_keep_prob=0.5, seed=3,
        dropout_state_filter_visitor=lambda s: seen.append(s) or True)
    config = wrapper.get_config()
    assert config["cell"]["class_name"] == "LSTMCell"
    rebuilt = rnn.DropoutWrapper.from_config(
        dict(config, cell=rnn.LSTMCell.from_config(config["cell"]["config"])))
    without_fn = lambda c: {k: v for k, v in c.items() if k != "dropout_fn"}
    assert without_fn(rebuilt.get_config()) == without_fn(config)
    assert rebuilt._dropout_state_filter("x") and seen == ["x"]  # pylint: disable=protected-access
    with pytest.raises(ValueError, match="cannot reconstruct the wrapped cell"):
      rnn.ResidualWrapper.from_config(rnn.ResidualWrapper(cell).get_config())
    device = rnn.DeviceWrapper(cell, "/cpu:0").get_config()
    assert device["device"] == "/cpu:0"
