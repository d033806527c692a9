"""Argument inspection, `input_fn` results and checkpoint fit, without training."""

import functools

import numpy as np
import pytest
import tensorflow as tf

from tf1_compat.estimator import checkpoint_fit
from tf1_compat.estimator import errors
from tf1_compat.estimator import util

V1 = tf.compat.v1


class TestFnArgs:

  def test_functions_methods_and_callables(self):
    def fn(features, labels, *args, mode=None, **kwargs):
      del features, labels, args, mode, kwargs

    class Model:

      def method(self, features, params):
        del features, params

      def __call__(self, features, config):
        del features, config

    assert util.fn_args(fn) == ("features", "labels", "mode")
    assert util.fn_args(Model().method) == ("features", "params")
    assert util.fn_args(Model()) == ("features", "config")
    assert util.fn_args(lambda features: None) == ("features",)

  def test_partials_drop_bound_arguments(self):
    def fn(a, features, labels, mode, params):
      del a, features, labels, mode, params

    partial = functools.partial(fn, 1, params={})
    assert util.fn_args(partial) == ("features", "labels", "mode")
    assert util.fn_args(functools.partial(partial, mode="train")) == (
        "features", "labels")


class TestParseInputFnResult:

  def test_tuples_features_and_datasets(self):
    with tf.Graph().as_default():
      features, labels = {"x": tf.constant([1.0])}, tf.constant([2.0])
      assert util.parse_input_fn_result((features, labels), "train") == (
          features, labels, [])
      assert util.parse_input_fn_result([features, labels], "eval")[:2] == (
          features, labels)
      assert util.parse_input_fn_result(features, "infer") == (
          features, None, [])
      dataset = tf.data.Dataset.from_tensors(({"x": [1.0]}, [2.0]))
      parsed = util.parse_input_fn_result(dataset, "train")
      assert isinstance(parsed.hooks[0], util._DatasetInitializerHook)
      assert parsed.features["x"].op.type == "IteratorGetNext"
      with V1.train.MonitoredSession(hooks=parsed.hooks) as session:
        assert session.run(parsed.labels).tolist() == [2.0]

  def test_mode_is_optional_and_keys_of_any_type(self):
    with tf.Graph().as_default():
      features = {0: tf.constant([1.0]), "x": tf.constant([2.0])}
      assert util.parse_input_fn_result(features) == (features, None, [])
    with pytest.raises(errors.EstimatorValueError,
                       match=r"len 2 tuple; got a tuple of length 3\.$"):
      util.parse_input_fn_result((1, 2, 3))

  @pytest.mark.parametrize("result, message", [
      ((1, 2, 3), "len 2 tuple; got a tuple of length 3 in mode 'eval'"),
      (None, "input_fn returned no features in mode 'eval'"),
      (({"x": None}, None), "features in mode 'eval' that are not Tensors: "
                            "None"),
      ((np.zeros(2), {"y": print}), "labels in mode 'eval' that are not "
                                    "Tensors: <built-in function print>"),
  ])
  def test_errors(self, result, message):
    with pytest.raises(errors.EstimatorValueError, match=message):
      util.parse_input_fn_result(result, "eval")

  def test_hooks_are_checked(self):
    with pytest.raises(errors.EstimatorTypeError,
                       match="Hooks must be a SessionRunHook, given: 3"):
      util.check_hooks([V1.train.StopAtStepHook(num_steps=1), 3])


class TestCheckpointFit:

  def _checkpoint(self, tmp_path):
    with tf.Graph().as_default():
      V1.get_variable("a", [2, 3])
      V1.get_variable("b", [4], dtype=tf.int32,
                      initializer=V1.zeros_initializer())
      V1.get_variable("p", [6, 2], partitioner=V1.fixed_size_partitioner(2))
      V1.get_variable("unused", [1])
      with V1.Session() as session:
        session.run(V1.global_variables_initializer())
        return V1.train.Saver().save(session, str(tmp_path / "model.ckpt"))

  def test_fitting_variables_pass(self, tmp_path):
    path = self._checkpoint(tmp_path)
    with tf.Graph().as_default():
      V1.get_variable("a", [2, 3])
      V1.get_variable("p", [6, 2], partitioner=V1.fixed_size_partitioner(3))
      checkpoint_fit.check_fits(path, V1.global_variables())

  def test_each_difference_is_named(self, tmp_path):
    path = self._checkpoint(tmp_path)
    with tf.Graph().as_default():
      V1.get_variable("a", [3, 2])
      V1.get_variable("b", [4], dtype=tf.float32)
      V1.get_variable("q", [6, 2], partitioner=V1.fixed_size_partitioner(2))
      V1.get_variable("c", [1])
      with pytest.raises(errors.CheckpointMismatchError) as raised:
        checkpoint_fit.check_fits(path, V1.global_variables(), str(tmp_path))
    assert str(raised.value).splitlines()[1:] == [
        "  missing from the checkpoint: c, q",
        "  a: shape [2, 3] in the checkpoint, [3, 2] in the graph",
        "  b: dtype int32 in the checkpoint, float32 in the graph",
        "Nothing in %s was changed. Give this model its own model_dir; to "
        "start it from that checkpoint's matching variables use "
        "warm_start_from=tf.estimator.WarmStartSettings(...)." % tmp_path]
