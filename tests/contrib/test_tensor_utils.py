"""contrib.framework's tensor/graph helpers and deprecation decorators."""

import numpy as np
import pytest
import tensorflow as tf

from tf1_compat.contrib import framework

V1 = tf.compat.v1


def test_with_shape_static_dynamic_and_errors():
  graph = tf.Graph()
  with graph.as_default():
    fixed = tf.zeros([2, 3])
    assert framework.with_shape([2, 3], fixed) is fixed
    assert framework.with_shape([-1, 3], fixed) is fixed
    with pytest.raises(ValueError, match=r"Invalid shape for tensor zeros.*"
                       r"expected \[3 2\], got \(2, 3\)"):
      framework.with_shape([3, 2], fixed)
    with pytest.raises(ValueError, match="Invalid dtype float64"):
      framework.with_shape(np.array([2.0, 3.0]), fixed)
    scalar = framework.with_shape([], tf.constant([7]))
    assert scalar.shape.rank == 0
    fed = V1.placeholder(tf.float32, [None, 3])
    checked = framework.with_shape([2, 3], fed)
    assert checked.shape.as_list() == [2, 3]
    same = framework.with_same_shape(fixed, fed)
    with V1.Session(graph=graph) as session:
      assert session.run(checked, {fed: np.ones([2, 3])}).shape == (2, 3)
      session.run(same, {fed: np.ones([2, 3])})
      with pytest.raises(tf.errors.InvalidArgumentError, match="Wrong shape"):
        session.run(checked, {fed: np.ones([4, 3])})


def test_sums_squeezes_and_scalar_checks():
  graph = tf.Graph()
  with graph.as_default():
    total = framework.reduce_sum_n([tf.ones([2, 2]), tf.fill([3], 2.0)])
    predictions, labels = framework.remove_squeezable_dimensions(
        tf.zeros([4, 1]), tf.zeros([4]))
    unknown_rank = V1.placeholder(tf.float32)
    dynamic_p, dynamic_l = framework.remove_squeezable_dimensions(
        unknown_rank, tf.zeros([4]))
    assert predictions.shape.as_list() == [4] and labels.shape.as_list() == [4]
    step = framework.assert_scalar_int(tf.constant(3))
    with pytest.raises(ValueError, match="Expected integer type"):
      framework.assert_scalar_int(tf.constant(1.5))
    with pytest.raises(ValueError, match="No tensors provided"):
      framework.reduce_sum_n([])
    with V1.Session(graph=graph) as session:
      assert session.run(total) == 10.0
      assert session.run(step) == 3
      fed_p, fed_l = session.run([dynamic_p, dynamic_l],
                                 {unknown_rank: np.zeros([4, 1])})
      assert fed_p.shape == (4,) and fed_l.shape == (4,)
      fed_p, _ = session.run([dynamic_p, dynamic_l],
                             {unknown_rank: np.zeros([4])})
      assert fed_p.shape == (4,)


def test_smart_cond_and_case_decide_static_predicates_in_python():
  calls = []
  graph = tf.Graph()
  with graph.as_default():
    assert framework.smart_cond(True, lambda: calls.append("t") or 1,
                                lambda: calls.append("f") or 2) == 1
    assert calls == ["t"]
    assert framework.smart_constant_value(tf.constant(False)) is False
    flag = V1.placeholder(tf.bool, [])
    dynamic = framework.smart_cond(flag, lambda: tf.constant(1),
                                   lambda: tf.constant(2))
    case = framework.smart_case([(False, lambda: 1), (True, lambda: 2)],
                                default=lambda: 3)
    assert case == 2
    assert framework.smart_case([(False, lambda: 1), (False, lambda: 2)]) == 2
    with pytest.raises(ValueError, match="exclusive"):
      framework.smart_case([(True, lambda: 1), (True, lambda: 2)],
                           default=lambda: 3, exclusive=True)
    with pytest.raises(TypeError, match="must be a Tensor"):
      framework.smart_constant_value("yes")
    with V1.Session(graph=graph) as session:
      assert session.run(dynamic, {flag: False}) == 2


def test_graph_lookups_and_name_scopes():
  graph = tf.Graph()
  with graph.as_default():
    x = V1.placeholder(tf.float32, name="x")
    y = V1.placeholder(tf.int32, name="y")
    with tf.name_scope("outer"):
      assert framework.get_name_scope() == "outer"
    assert framework.get_placeholders(graph) == [x, y]
    assert framework.get_graph_from_inputs([x, y]) is graph
    with pytest.raises(ValueError, match="same graph"):
      with tf.Graph().as_default():
        framework.get_graph_from_inputs([x, tf.constant(1)])
  assert framework.prepend_name_scope("^a/b", "scope") == "^scope/a/b"
  assert framework.prepend_name_scope("loc:@a", "s/") == "loc:@s/a"
  assert framework.strip_name_scope("scope/a/b:0", "scope") == "a/b:0"
  assert framework.strip_name_scope("^scope/a", "scope/") == "^a"


def test_deprecation_decorators_warn_once_with_tf1_wording(caplog):
  @framework.deprecated("2018-01-01", "Use g instead.")
  def f(x):
    return x + 1

  @framework.deprecated_args(None, "Drop it.", "old")
  def g(x, old=None):
    return x

  @framework.deprecated_arg_values(None, "Not that.", mode="legacy")
  def h(mode="new"):
    return mode

  with caplog.at_level("WARNING", logger="tensorflow"):
    assert f(1) == 2 and f(2) == 3
    assert g(1) == 1 and g(1, old=2) == 1
    assert h() == "new" and h("legacy") == "legacy"
  text = [r.getMessage() for r in caplog.records]
  assert sum("f (from" in t for t in text) == 1
  assert any("is deprecated and will be removed after 2018-01-01" in t
             and "Use g instead." in t for t in text)
  assert sum("with old is deprecated" in t for t in text) == 1
  assert sum("mode='legacy'" in t for t in text) == 1
  assert "THIS FUNCTION IS DEPRECATED" in f.__doc__
  with pytest.raises(ValueError, match="YYYY-MM-DD"):
    framework.deprecated("2018/01/01", "x")
  with pytest.raises(ValueError, match="conversion instructions"):
    framework.deprecated(None, "")
  with pytest.raises(ValueError, match="not present in the function"):
    framework.deprecated_args(None, "x", "nope")(lambda a: a)
