"""contrib.framework: arg_scope semantics, variable helpers, checkpoint restore."""

import os

import numpy as np
import pytest
import tensorflow as tf

from tf1_compat.contrib import framework
from tf1_compat.framework import not_provided

V1 = tf.compat.v1


@framework.add_arg_scope
def _op(value, scale=1.0, shift=0.0, *, label="x"):
  return value * scale + shift, label


def _plain(value, scale=1.0):
  return value * scale


class TestArgScope:

  def test_defaults_nesting_and_call_site_precedence(self):
    assert _op(1.0) == (1.0, "x")
    with framework.arg_scope([_op], scale=2.0, label="outer"):
      assert _op(1.0) == (2.0, "outer")
      with framework.arg_scope([_op], shift=1.0) as inner:
        assert _op(1.0) == (3.0, "outer")
        assert _op(1.0, scale=5.0) == (6.0, "outer")
      assert _op(1.0) == (2.0, "outer")
    assert _op(1.0) == (1.0, "x")
    with framework.arg_scope(inner):
      assert _op(1.0) == (3.0, "outer")

  def test_introspection(self):
    assert framework.has_arg_scope(_op)
    assert not framework.has_arg_scope(_plain)
    # TF 1.15 lists the positional parameters that have defaults, as a tuple
    # (keyword-only ones fall outside its `co_varnames` slice).
    assert framework.arg_scoped_arguments(_op) == ("shift",)
    def positional(value, scale=1.0, shift=0.0):
      return value * scale + shift
    assert framework.arg_scoped_arguments(
        framework.add_arg_scope(positional)) == ("scale", "shift")
    assert _op.__name__ == "_op"

  def test_errors(self):
    with pytest.raises(ValueError, match="not decorated with @add_arg_scope"):
      with framework.arg_scope([_plain], scale=2.0):
        pass
    with pytest.raises(ValueError, match="kwargs must be empty"):
      with framework.arg_scope({}, scale=2.0):
        pass
    with pytest.raises(TypeError, match="must either be a list/tuple or reused scope"):
      with framework.arg_scope(_op, scale=2.0):
        pass


class TestVariables:

  def test_model_variable_and_lookups(self):
    graph = tf.Graph()
    with graph.as_default():
      with V1.variable_scope("net"):
        weights = framework.model_variable(
            "weights", [2, 3], initializer=V1.zeros_initializer())
        plain = framework.variable("plain", [1], collections=["extra"])
        with V1.variable_scope("head"):
          head = framework.model_variable("weights", [3])
      local = framework.local_variable(tf.zeros([2]), name="counter")
      step = framework.get_or_create_global_step()
      assert framework.get_global_step() is step
      assert framework.get_model_variables() == [weights, head]
      assert graph.get_collection("extra") == [plain]
      assert framework.get_variables("net/head") == [head]
      assert framework.get_variables_by_name("weights") == [weights, head]
      assert framework.get_variables_by_suffix("s") == [weights, head]
      # Explicit collections replace GLOBAL_VARIABLES; trainable still counts.
      assert plain not in framework.get_variables()
      assert framework.get_trainable_variables("net") == [weights, plain, head]
      assert framework.get_local_variables() == [local]
      assert framework.get_unique_variable("net/weights") is weights
      with pytest.raises(ValueError, match="Couldn't find variable nothing"):
        framework.get_unique_variable("nothing")
      restore = framework.get_variables_to_restore(include=["net"],
                                                   exclude=["net/head"])
      assert restore == [weights]
      with pytest.raises(TypeError, match="include is provided but is not a list or a tuple"):
        framework.get_variables_to_restore(include="net")

  def test_assign_from_checkpoint_fn(self, tmp_path):
    path = os.path.join(str(tmp_path), "model.ckpt")
    with tf.Graph().as_default():
      a = V1.get_variable("a", initializer=tf.constant([1.0, 2.0]))
      with V1.Session() as session:
        session.run(V1.global_variables_initializer())
        V1.train.Saver().save(session, path)
    with tf.Graph().as_default():
      a = V1.get_variable("a", initializer=tf.constant([0.0, 0.0]))
      b = V1.get_variable("b", initializer=tf.constant(5.0))
      init_fn = framework.assign_from_checkpoint_fn(
          path, [a, b], ignore_missing_vars=True)
      with V1.Session() as session:
        session.run(V1.global_variables_initializer())
        init_fn(session)
        np.testing.assert_array_equal(session.run(a), [1.0, 2.0])
        assert session.run(b) == 5.0
      assert framework.assign_from_checkpoint_fn(
          path, [b], ignore_missing_vars=True) is None
      with pytest.raises(ValueError, match="var_list cannot be empty"):
        framework.assign_from_checkpoint_fn(path, [])


def test_aliases_and_unknown_names():
  assert framework.nest.flatten is tf.nest.flatten
  assert framework.init_from_checkpoint is V1.train.init_from_checkpoint
  with pytest.raises(not_provided.NotProvidedError,
                     match=r"tf\.contrib\.framework\.zero_initializer is not "
                           r"provided"):
    getattr(framework, "zero_initializer")
