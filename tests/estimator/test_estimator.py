"""`tf.estimator.Estimator` end to end, against a numpy replay of its training.

A linear model trained by full-batch gradient descent (`estimator_testing`):
the parameters and the loss of every step must be numpy's, across a resume;
evaluation, prediction and the exported SavedModel must compute numpy's values
from the checkpoint's parameters. Expected messages are TF 1.15's
(`estimator_test.py`) where TF 1.15 had one.
"""

import functools
import json
import os
import re
import shutil

import numpy as np
import pytest
import tensorflow as tf

from tests.estimator import estimator_testing as et
from tf1_compat import estimator
from tf1_compat.estimator import errors
from tf1_compat.estimator import estimator as estimator_lib
from tf1_compat.framework import errors as base_errors

V1 = tf.compat.v1
RTOL = 1e-4


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
  """An Estimator trained for 100 steps (checkpoints at steps 0 and 100)."""
  model_dir = tmp_path_factory.mktemp("trained")
  est = et.linear_estimator(model_dir)
  est.train(et.full_batch_input_fn(), steps=100)
  return est


def _copy_of(est, tmp_path, **kwargs):
  """A new Estimator over a copy of `est`'s model_dir."""
  model_dir = tmp_path / "copy"
  shutil.copytree(est.model_dir, model_dir)
  return et.linear_estimator(model_dir, **kwargs)


def _trained_parameters(est):
  return est.get_variable_value("w"), est.get_variable_value("b")


class TestConstruction:

  def test_model_fn_must_be_provided(self):
    with pytest.raises(ValueError, match="model_fn must be provided"):
      estimator.Estimator(model_fn=None)

  @pytest.mark.parametrize("model_fn, params, message", [
      (lambda labels, mode: None, None, "must include features argument"),
      (lambda features, labels: None, {"a": 1},
       "does not include params argument, but params .* is passed"),
      (lambda features, hidden_layers: None, None,
       r"has following not expected args: \['hidden_layers'\]"),
  ])
  def test_model_fn_arguments_are_checked(self, model_fn, params, message):
    with pytest.raises(errors.EstimatorValueError, match=message):
      estimator.Estimator(model_fn, params=params)

  def test_partials_and_callables_are_inspected_like_tf1(self, tmp_path):
    def model_fn(features, labels, mode, params, scale):
      del labels, scale
      return et.linear_model_fn(features, None, mode, params)

    partial = functools.partial(model_fn, scale=2.0)
    est = estimator.Estimator(partial, model_dir=str(tmp_path),
                              params={"learning_rate": 0.1})

    class CallableModel:

      def __call__(self, features, mode):
        return et.linear_model_fn(features, None, mode,
                                  {"learning_rate": 0.1})

    estimator.Estimator(CallableModel(), model_dir=str(tmp_path))
    predictions = list(est.predict(estimator.inputs.numpy_input_fn(
        {"x": et.X[:2]}, shuffle=False)))
    assert [p["y"].tolist() for p in predictions] == [[0.0], [0.0]]

  def test_config_must_be_a_run_config(self):
    with pytest.raises(ValueError, match="an instance of `RunConfig`"):
      estimator.Estimator(et.linear_model_fn, config="NotARunConfig",
                          params={})

  def test_model_dir_must_agree_with_config(self, tmp_path):
    with pytest.raises(
        ValueError,
        match="`model_dir` are set both in constructor and `RunConfig`, but "):
      estimator.Estimator(et.linear_model_fn, model_dir=str(tmp_path / "a"),
                          config=estimator.RunConfig(
                              model_dir=str(tmp_path / "b")), params={})
    est = estimator.Estimator(et.linear_model_fn, model_dir=tmp_path / "a",
                              config=estimator.RunConfig(
                                  model_dir=str(tmp_path / "a")), params={})
    assert est.model_dir == str(tmp_path / "a")

  def test_default_model_dir_is_a_new_temporary_directory(self, tf_log):
    est = estimator.Estimator(et.linear_model_fn, params={})
    try:
      assert os.path.isdir(est.model_dir)
      assert os.listdir(est.model_dir) == []
      assert est.config.model_dir == est.model_dir
      assert tf_log.matching(
          "Using temporary folder as model directory: " + est.model_dir)
    finally:
      shutil.rmtree(est.model_dir)

  def test_properties(self, tmp_path):
    params = {"learning_rate": 0.1, "layers": [1, 2]}
    est = estimator.Estimator(et.linear_model_fn, model_dir=str(tmp_path),
                              params=params)
    params["layers"].append(3)
    assert est.params == {"learning_rate": 0.1, "layers": [1, 2]}
    est.params["layers"].append(4)
    assert est.params["layers"] == [1, 2]
    assert est.model_dir == str(tmp_path)
    assert isinstance(est.config, estimator.RunConfig)
    assert est.config is not est.config
    assert est.config.session_config.allow_soft_placement
    assert est.latest_checkpoint() is None
    assert est.eval_dir() == os.path.join(str(tmp_path), "eval")
    assert est.eval_dir("test") == os.path.join(str(tmp_path), "eval_test")
    with tf.Graph().as_default():
      V1.train.create_global_step()
      spec = est.model_fn({"x": tf.constant(et.X)}, None,
                          estimator.ModeKeys.PREDICT, est.config)
    assert isinstance(spec, estimator.EstimatorSpec)
    assert sorted(spec.predictions) == ["double", "y"]

  def test_subclasses_cannot_override_methods(self):
    class Overriding(estimator.Estimator):

      def predict(self, input_fn, predict_keys=None, hooks=None,
                  checkpoint_path=None, yield_single_examples=True):
        del input_fn, predict_keys, hooks, checkpoint_path
        del yield_single_examples

    class Extending(estimator.Estimator):

      def new_method(self):
        return 1

    with pytest.raises(ValueError,
                       match="cannot override members of Estimator.*predict"):
      Overriding(et.linear_model_fn, params={})
    est = Extending(et.linear_model_fn, params={})
    assert est.new_method() == 1
    shutil.rmtree(est.model_dir)

  def test_estimator_v2_hides_export_savedmodel(self, tmp_path):
    # TF 1.15's tf.compat.v2.estimator.Estimator, which its own tests build.
    est = estimator_lib.EstimatorV2(et.linear_model_fn,
                                    model_dir=str(tmp_path), params={})
    assert isinstance(est, estimator.Estimator)
    assert not hasattr(est, "export_savedmodel")
    assert hasattr(est, "export_saved_model")
    with pytest.raises(AttributeError, match="use `export_saved_model`"):
      est.export_savedmodel  # pylint: disable=pointless-statement

  def test_distribution_strategies_are_refused(self, tmp_path):
    config = estimator.RunConfig(train_distribute=object())
    with pytest.raises(errors.EstimatorValueError,
                       match="RunConfig.train_distribute is not supported"):
      estimator.Estimator(et.linear_model_fn, model_dir=str(tmp_path),
                          config=config, params={})


class TestTrain:

  def test_training_is_numpy_gradient_descent_and_resumes(self, tmp_path):
    first, second = et.LossRecorder(), et.LossRecorder()
    est = et.linear_estimator(tmp_path)
    assert est.train(et.full_batch_input_fn(), steps=100,
                     hooks=[first]) is est
    assert est.latest_checkpoint() == str(tmp_path / "model.ckpt-100")
    losses, w, b = et.numpy_gradient_descent(200)
    np.testing.assert_allclose(first.losses, losses[:100], rtol=RTOL)
    np.testing.assert_allclose(est.get_variable_value("w"),
                               et.numpy_gradient_descent(100)[1], rtol=RTOL)

    resumed = et.linear_estimator(tmp_path)
    resumed.train(et.full_batch_input_fn(), max_steps=200, hooks=[second])
    assert resumed.get_variable_value("global_step") == 200
    assert len(second.losses) == 100
    np.testing.assert_allclose(second.losses, losses[100:], rtol=RTOL)
    assert second.losses[0] < first.losses[-1]
    np.testing.assert_allclose(resumed.get_variable_value("w"), w, rtol=RTOL)
    np.testing.assert_allclose(resumed.get_variable_value("b"), b, rtol=RTOL)

  def test_max_steps_already_reached_is_a_noop(self, trained, tmp_path,
                                               tf_log):
    est = _copy_of(trained, tmp_path)
    before = et.snapshot(est.model_dir)
    recorder = et.LossRecorder()
    assert est.train(et.full_batch_input_fn(), max_steps=100,
                     hooks=[recorder]) is est
    est.train(et.full_batch_input_fn(), max_steps=60)
    assert recorder.losses == []
    assert len(tf_log.matching(
        "Skipping training since max_steps has already saved.")) == 2
    assert et.snapshot(est.model_dir) == before

  def test_training_stops_when_the_input_ends(self, tmp_path, tf_log):
    est = et.linear_estimator(tmp_path)
    recorder = et.LossRecorder()
    est.train(et.batches_input_fn(10), hooks=[recorder])
    assert len(recorder.losses) == 3
    # The final checkpoint is written when the input ends.
    assert est.latest_checkpoint() == str(tmp_path / "model.ckpt-3")
    assert tf_log.matching("Loss for final step: %s." % recorder.losses[-1])

  def test_logging_and_summaries(self, tmp_path, tf_log):
    est = et.linear_estimator(tmp_path, log_step_count_steps=10,
                              save_summary_steps=10)
    recorder = et.LossRecorder()
    est.train(et.full_batch_input_fn(), steps=25, hooks=[recorder])
    logged = tf_log.matching("loss = ")
    assert len(logged) == 3
    assert re.fullmatch(r"loss = \S+, step = \d+", logged[0])
    assert all(re.fullmatch(r"loss = \S+, step = \d+ \(\d+\.\d+ sec\)", m)
               for m in logged[1:])
    # Logged every 10 runs: the loss of runs 0, 10 and 20. (`step` is the
    # global step read in the same run as the training op, as in TF 1.15, so
    # it may or may not include that run's increment.)
    assert [m.split(",")[0] for m in logged] == [
        "loss = %s" % recorder.losses[i] for i in (0, 10, 20)]
    assert [int(m.split("step = ")[1].split(" ")[0]) // 2 for m in logged] == [
        0, 5, 10]
    found = et.summaries(str(tmp_path))
    # TensorFlow's SummarySaverHook records a run's summaries at the global
    # step after it, and picks the runs from the global step it read in the
    # run before, which may or may not include that run's increment (as in
    # TF 1.15): the first run, then every 10th or 9th run after it.
    steps = sorted(found["loss"])
    assert len(steps) == 3 and steps[0] == 1
    assert all(later - earlier in (9, 10)
               for earlier, later in zip(steps, steps[1:])), steps
    for step in steps:
      np.testing.assert_allclose(found["loss"][step], recorder.losses[step - 1],
                                 rtol=1e-6)
    rate_steps = sorted(found["global_step/sec"])
    assert len(rate_steps) == 2
    assert all(abs(got - want) <= 1
               for got, want in zip(rate_steps, (11, 21))), rate_steps
    assert tf_log.matching("Saving checkpoints for 0 into")
    assert tf_log.matching("Saving checkpoints for 25 into")

  def test_saving_listeners_and_checkpoint_steps(self, tmp_path):

    class Listener(V1.train.CheckpointSaverListener):

      def __init__(self):
        self.saved = []

      def after_save(self, session, global_step_value):
        self.saved.append(global_step_value)

    listener = Listener()
    est = et.linear_estimator(tmp_path, save_checkpoints_steps=10,
                              keep_checkpoint_max=2)
    est.train(et.full_batch_input_fn(), steps=25, saving_listeners=[listener])
    assert listener.saved == [0, 10, 20, 25]
    state = tf.train.get_checkpoint_state(str(tmp_path))
    assert [os.path.basename(p) for p in state.all_model_checkpoint_paths] == [
        "model.ckpt-20", "model.ckpt-25"]

    no_checkpoints = et.linear_estimator(tmp_path / "none",
                                         save_checkpoints_secs=None)
    with pytest.raises(ValueError,
                       match="CheckpointSaverHook to use saving_listeners"):
      no_checkpoints.train(et.full_batch_input_fn(), steps=1,
                           saving_listeners=[listener])
    with pytest.raises(TypeError,
                       match="must be a list of CheckpointSaverListener"):
      est.train(et.full_batch_input_fn(), steps=1,
                saving_listeners=["not-a-listener"])

  @pytest.mark.parametrize("kwargs, message", [
      (dict(steps=1, max_steps=2), "Can not provide both steps and max_steps"),
      (dict(steps=0), "Must specify steps > 0, given: 0"),
      (dict(steps=-1), "Must specify steps > 0, given: -1"),
      (dict(max_steps=0), "Must specify max_steps > 0, given: 0"),
      (dict(hooks=["NotAHook"]), "Hooks must be a SessionRunHook"),
  ])
  def test_argument_errors(self, tmp_path, kwargs, message):
    est = et.linear_estimator(tmp_path)
    with pytest.raises((ValueError, TypeError), match=message) as raised:
      est.train(et.full_batch_input_fn(), **kwargs)
    assert isinstance(raised.value, base_errors.Error)
    assert os.listdir(str(tmp_path)) == []

  def test_dataset_input_fn_and_input_fn_arguments(self, tmp_path):
    seen = {}

    def input_fn(mode, params, config):
      seen.update(mode=mode, params=params, model_dir=config.model_dir)
      data = tf.data.Dataset.from_tensors(({"x": et.X}, et.Y))
      return data.repeat()

    est = et.linear_estimator(tmp_path)
    est.train(input_fn, steps=4)
    assert seen == {"mode": "train", "params": {"learning_rate": 0.5},
                    "model_dir": str(tmp_path)}
    np.testing.assert_allclose(est.get_variable_value("w"),
                               et.numpy_gradient_descent(4)[1], rtol=RTOL)

  def test_nan_loss_stops_training(self, tmp_path):
    def model_fn(features, labels, mode):
      del labels
      loss = tf.reduce_mean(features["x"]) * np.nan
      step = V1.assign_add(V1.train.get_global_step(), 1)
      return estimator.EstimatorSpec(mode, loss=loss, train_op=step)

    est = estimator.Estimator(model_fn, model_dir=str(tmp_path),
                              config=et.config())
    with pytest.raises(estimator.NanLossDuringTrainingError):
      est.train(et.full_batch_input_fn(), steps=5)

  def test_model_fn_receives_mode_params_and_config(self, tmp_path):
    seen = []

    def model_fn(features, labels, mode, params, config):
      graph = V1.get_default_graph()
      seen.append((mode, labels is None, params, config.model_dir, graph.seed,
                   V1.train.get_global_step(graph).op.name))
      return et.linear_model_fn(features, labels, mode, params)

    est = estimator.Estimator(model_fn, model_dir=str(tmp_path),
                              config=et.config(),
                              params={"learning_rate": 0.1})
    est.train(et.full_batch_input_fn(), steps=1)
    est.evaluate(et.batches_input_fn(25))
    list(est.predict(estimator.inputs.numpy_input_fn({"x": et.X[:1]},
                                                     shuffle=False)))
    params = {"learning_rate": 0.1}
    common = (params, str(tmp_path), et.SEED, "global_step")
    assert seen == [("train", False) + common, ("eval", False) + common,
                    ("infer", True) + common]

  def test_parameter_servers_and_evaluators_do_not_train(self, tmp_path,
                                                         monkeypatch):
    monkeypatch.setenv("TF_CONFIG", json.dumps({
        "cluster": {"chief": ["host0:0"], "ps": ["host1:1"]},
        "task": {"type": "ps", "index": 0}}))
    est = estimator.Estimator(et.linear_model_fn, model_dir=str(tmp_path),
                              params={"learning_rate": 0.1})
    with pytest.raises(ValueError, match="Train has been called wrong "
                                         "configuration"):
      est.train(et.full_batch_input_fn(), steps=1)


class TestEvaluate:

  def test_metrics_match_numpy_and_are_written(self, trained):
    w, b = _trained_parameters(trained)
    results = trained.evaluate(et.batches_input_fn(10))
    error = et.predict_numpy(w, b) - et.Y
    batch_losses = [np.mean(error[i:i + 10] ** 2) for i in (0, 10, 20)]
    assert sorted(results) == ["global_step", "loss", "mae"]
    assert results["global_step"] == 100
    # `loss` is the mean of the batches' losses (the last batch has 5 rows).
    np.testing.assert_allclose(results["loss"], np.mean(batch_losses),
                               rtol=RTOL)
    assert not np.isclose(np.mean(batch_losses), np.mean(error ** 2),
                          rtol=RTOL)
    np.testing.assert_allclose(results["mae"], np.mean(np.abs(error)),
                               rtol=RTOL)
    found = et.summaries(trained.eval_dir())
    np.testing.assert_allclose(found["loss"][100], results["loss"], rtol=1e-6)
    np.testing.assert_allclose(found["mae"][100], results["mae"], rtol=1e-6)
    assert found["checkpoint_path"][100] == os.path.join(trained.model_dir,
                                                         "model.ckpt-100")

  def test_steps_name_and_checkpoint_path(self, trained, tf_log):
    results = trained.evaluate(et.batches_input_fn(10), steps=2, name="two")
    w, b = _trained_parameters(trained)
    error = et.predict_numpy(w, b) - et.Y
    np.testing.assert_allclose(
        results["loss"], np.mean([np.mean(error[:10] ** 2),
                                  np.mean(error[10:20] ** 2)]), rtol=RTOL)
    assert tf_log.matching("Evaluation [2/2]")
    assert "loss" in et.summaries(trained.eval_dir("two"))

    initial = trained.evaluate(
        et.batches_input_fn(25),
        checkpoint_path=os.path.join(trained.model_dir, "model.ckpt-0"),
        name="initial")
    assert initial["global_step"] == 0
    np.testing.assert_allclose(initial["loss"], np.mean(et.Y ** 2), rtol=RTOL)

  def test_without_checkpoint_evaluates_the_initialized_model(self, tmp_path,
                                                              tf_log):
    est = et.linear_estimator(tmp_path)
    results = est.evaluate(et.batches_input_fn(25))
    assert results["global_step"] == 0
    np.testing.assert_allclose(results["loss"], np.mean(et.Y ** 2), rtol=RTOL)
    assert tf_log.matching(
        "Could not find trained model in model_dir: %s, running "
        "initialization to evaluate." % tmp_path)

  def test_reserved_metric_names_and_steps(self, tmp_path):
    def model_fn(features, labels, mode, params):
      spec = et.linear_model_fn(features, labels, mode, params)
      return spec._replace(eval_metric_ops={
          params["name"]: V1.metrics.mean(spec.loss)})

    for name, message in [("loss", 'Metric with name "loss" is not allowed'),
                          ("global_step",
                           "Metric with name `global_step` is not allowed")]:
      est = estimator.Estimator(model_fn, model_dir=str(tmp_path),
                                params={"name": name, "learning_rate": 0.1})
      with pytest.raises(ValueError, match=message):
        est.evaluate(et.batches_input_fn(25))
    with pytest.raises(ValueError, match="Must specify steps > 0, given: 0"):
      est.evaluate(et.batches_input_fn(25), steps=0)


class TestPredict:

  def test_single_examples_match_numpy(self, trained):
    w, b = _trained_parameters(trained)
    predictions = list(trained.predict(estimator.inputs.numpy_input_fn(
        {"x": et.X[:5]}, batch_size=2, shuffle=False)))
    assert len(predictions) == 5
    assert all(sorted(p) == ["double", "y"] for p in predictions)
    expected = et.predict_numpy(w, b, et.X[:5])
    np.testing.assert_allclose([p["y"] for p in predictions], expected,
                               rtol=RTOL)
    np.testing.assert_allclose([p["double"] for p in predictions],
                               2 * expected, rtol=RTOL)

  def test_whole_batches_and_predict_keys(self, trained, tf_log):
    input_fn = estimator.inputs.numpy_input_fn({"x": et.X[:5]}, batch_size=2,
                                               shuffle=False)
    batches = list(trained.predict(input_fn, predict_keys=["double"],
                                   yield_single_examples=False))
    assert [sorted(b) for b in batches] == [["double"]] * 3
    assert [b["double"].shape for b in batches] == [(2, 1), (2, 1), (1, 1)]
    some = list(trained.predict(input_fn, predict_keys=["y", "nope"]))
    assert [sorted(p) for p in some] == [["y"]] * 5
    assert tf_log.matching("predict_keys ['nope'] are not among")
    with pytest.raises(
        ValueError,
        match=r"Expected to run at least one output from \['double', 'y'\], "
              r"provided \['y3', 'z'\]"):
      next(trained.predict(input_fn, predict_keys=["y3", "z"]))

  def test_tensor_predictions(self, tmp_path, tf_log):
    def model_fn(features, mode):
      return estimator.EstimatorSpec(mode, predictions=features * 2.0)

    est = estimator.Estimator(model_fn, model_dir=str(tmp_path))
    values = list(est.predict(estimator.inputs.numpy_input_fn(
        np.arange(3.0), shuffle=False)))
    assert values == [0.0, 2.0, 4.0]
    with pytest.raises(ValueError,
                       match="predict_keys argument is not valid in case of "
                             "non-dict predictions"):
      next(est.predict(lambda: tf.constant([1.0]), predict_keys=["a"]))
    assert tf_log.matching(
        "Could not find trained model in model_dir: %s, running "
        "initialization to predict." % tmp_path)


class TestExport:

  def _serving_input_receiver_fn(self):
    return estimator.export.build_raw_serving_input_receiver_fn(
        {"x": V1.placeholder(tf.float32, [None, 2], name="x")})

  def test_exported_model_loads_and_matches_predict(self, trained, tmp_path):
    with tf.Graph().as_default():
      receiver_fn = self._serving_input_receiver_fn()
    base = tmp_path / "export"
    export_dir = trained.export_saved_model(str(base), receiver_fn)
    assert isinstance(export_dir, bytes)
    assert os.listdir(str(base)) == [os.path.basename(export_dir.decode())]
    assert os.path.basename(export_dir).isdigit()
    assert sorted(os.listdir(export_dir.decode())) == ["saved_model.pb",
                                                       "variables"]

    predicted = list(trained.predict(estimator.inputs.numpy_input_fn(
        {"x": et.X}, batch_size=25, shuffle=False),
                                     yield_single_examples=False))[0]
    with tf.Graph().as_default(), V1.Session() as session:
      meta_graph = V1.saved_model.loader.load(session, ["serve"], export_dir)
      signature = meta_graph.signature_def["serving_default"]
      assert signature.method_name == "tensorflow/serving/predict"
      assert sorted(signature.outputs) == ["double", "y"]
      served = session.run(
          {k: v.name for k, v in signature.outputs.items()},
          {signature.inputs["x"].name: et.X})
    np.testing.assert_array_equal(served["y"], predicted["y"])
    np.testing.assert_array_equal(served["double"], predicted["double"])

  def test_export_savedmodel_alias_text_and_extra_assets(self, trained,
                                                         tmp_path):
    with tf.Graph().as_default():
      receiver_fn = self._serving_input_receiver_fn()
    asset = tmp_path / "vocab.txt"
    asset.write_text("a\nb\n")
    export_dir = trained.export_savedmodel(
        str(tmp_path / "export"), receiver_fn, as_text=True,
        assets_extra={"more/vocab.txt": str(asset)}).decode()
    assert os.path.exists(os.path.join(export_dir, "saved_model.pbtxt"))
    with open(os.path.join(export_dir, "assets.extra", "more",
                           "vocab.txt")) as f:
      assert f.read() == "a\nb\n"

  def test_failed_export_leaves_nothing(self, trained, tmp_path):
    base = tmp_path / "export"

    def failing_receiver_fn():
      raise RuntimeError("receiver failed")

    with pytest.raises(RuntimeError, match="receiver failed"):
      trained.export_saved_model(str(base), failing_receiver_fn)
    assert not base.exists() or os.listdir(str(base)) == []

    def not_a_receiver_fn():
      return {"x": V1.placeholder(tf.float32, [None, 2])}

    with pytest.raises(TypeError, match="must return a .*ServingInputReceiver"):
      trained.export_saved_model(str(base), not_a_receiver_fn)
    assert not base.exists() or os.listdir(str(base)) == []

    # Failing after the SavedModel is written: the copy of an extra asset.
    with tf.Graph().as_default():
      receiver_fn = self._serving_input_receiver_fn()
    with pytest.raises(tf.errors.NotFoundError):
      trained.export_saved_model(
          str(base), receiver_fn,
          assets_extra={"vocab.txt": str(tmp_path / "missing.txt")})
    assert os.listdir(str(base)) == []

  def test_export_needs_a_checkpoint(self, tmp_path):
    est = et.linear_estimator(tmp_path / "empty")
    with tf.Graph().as_default():
      receiver_fn = self._serving_input_receiver_fn()
    with pytest.raises(errors.NoTrainedModelError,
                       match="Couldn't find trained model at"):
      est.export_saved_model(str(tmp_path / "export"), receiver_fn)
    with pytest.raises(ValueError, match="An input_receiver_fn must be defined"):
      est.export_saved_model(str(tmp_path / "export"), None)

  def test_train_and_eval_graphs(self, trained, tmp_path):
    with tf.Graph().as_default():
      supervised_fn = estimator.export.export.build_raw_supervised_input_receiver_fn(
          {"x": V1.placeholder(tf.float32, [None, 2])},
          V1.placeholder(tf.float32, [None, 1]))
    export_dir = trained.experimental_export_all_saved_models(
        str(tmp_path), {estimator.ModeKeys.TRAIN: supervised_fn,
                        estimator.ModeKeys.EVAL: supervised_fn})
    for tag, key, method in [("train", "train", "supervised/training"),
                             ("eval", "eval", "supervised/eval")]:
      with tf.Graph().as_default(), V1.Session() as session:
        meta_graph = V1.saved_model.loader.load(session, [tag], export_dir)
        signature = meta_graph.signature_def[key]
        assert signature.method_name == "tensorflow/" + method
        assert sorted(signature.inputs) == ["label", "x"]
        assert {"loss", "predictions/y", "metrics/mae/value",
                "metrics/mae/update_op"} <= set(signature.outputs)
        loss = session.run(signature.outputs["loss"].name, {
            signature.inputs["x"].name: et.X,
            signature.inputs["label"].name: et.Y})
    w, b = _trained_parameters(trained)
    np.testing.assert_allclose(
        loss, np.mean((et.predict_numpy(w, b) - et.Y) ** 2), rtol=RTOL)


class TestVariables:

  def test_values_are_the_sessions_and_steps_add_up(self, tmp_path):
    final = et.FinalValues(["w", "b", "global_step"])
    est = et.linear_estimator(tmp_path)
    est.train(et.full_batch_input_fn(), steps=3)
    est.train(et.full_batch_input_fn(), steps=4, hooks=[final])
    assert est.get_variable_names() == ["b", "global_step", "w"]
    for name, value in final.values.items():
      np.testing.assert_array_equal(est.get_variable_value(name), value)
    assert final.values["global_step"] == 7
    np.testing.assert_allclose(final.values["w"],
                               et.numpy_gradient_descent(7)[1], rtol=RTOL)

  def test_no_checkpoint_yet(self, tmp_path):
    est = et.linear_estimator(tmp_path)
    for method in (est.get_variable_names,
                   functools.partial(est.get_variable_value, "w")):
      with pytest.raises(errors.NoTrainedModelError,
                         match="Could not find trained model in model_dir"):
        method()


class TestWarmStart:

  def test_from_a_model_dir_copies_all_trainable_variables(self, trained,
                                                           tmp_path):
    warm = estimator.Estimator(et.linear_model_fn, model_dir=str(tmp_path),
                               params={"learning_rate": 0.0},
                               warm_start_from=trained.model_dir)
    warm.train(et.full_batch_input_fn(), steps=1)
    for name in ("w", "b"):
      np.testing.assert_array_equal(warm.get_variable_value(name),
                                    trained.get_variable_value(name))
    assert warm.get_variable_value("global_step") == 1

  def test_settings_choose_the_variables(self, trained, tmp_path, tf_log):
    settings = estimator.WarmStartSettings(
        ckpt_to_initialize_from=os.path.join(trained.model_dir,
                                             "model.ckpt-100"),
        vars_to_warm_start="w")
    warm = estimator.Estimator(et.linear_model_fn, model_dir=str(tmp_path),
                               params={"learning_rate": 0.0},
                               warm_start_from=settings)
    warm.train(et.full_batch_input_fn(), steps=1)
    np.testing.assert_array_equal(warm.get_variable_value("w"),
                                  trained.get_variable_value("w"))
    np.testing.assert_array_equal(warm.get_variable_value("b"), [0.0])
    assert tf_log.matching("Warm-starting with WarmStartSettings: "
                           "WarmStartSettings(ckpt_to_initialize_from=")

  def test_from_a_saved_model_when_predicting(self, trained, tmp_path):
    with tf.Graph().as_default():
      receiver_fn = estimator.export.build_raw_serving_input_receiver_fn(
          {"x": V1.placeholder(tf.float32, [None, 2])})
    export_dir = trained.export_saved_model(str(tmp_path / "export"),
                                            receiver_fn)
    warm = estimator.Estimator(et.linear_model_fn,
                               model_dir=str(tmp_path / "warm"),
                               params={"learning_rate": 0.0},
                               warm_start_from=export_dir)
    input_fn = estimator.inputs.numpy_input_fn({"x": et.X[:3]}, shuffle=False)
    np.testing.assert_array_equal(
        [p["y"] for p in warm.predict(input_fn)],
        [p["y"] for p in trained.predict(input_fn)])

  def test_settings_are_checked(self):
    with pytest.raises(ValueError, match="`ckpt_to_initialize_from` MUST be set"):
      estimator.WarmStartSettings("")
    with pytest.raises(ValueError,
                       match="warm_start_from must be a string or a "
                             "WarmStartSettings"):
      estimator.Estimator(et.linear_model_fn, params={}, warm_start_from=3)
    settings = estimator.WarmStartSettings("/ckpt")
    assert settings == ("/ckpt", ".*", {}, {})
    assert estimator.VocabInfo is V1.train.VocabInfo


def _other_model_fn(features, labels, mode):
  """A model whose `w` is `[3, 1]` and which has one more variable."""
  del labels
  w = V1.get_variable("w", [3, 1], initializer=V1.zeros_initializer())
  extra = V1.get_variable("extra", [], initializer=V1.zeros_initializer())
  y = tf.matmul(tf.concat([features["x"], features["x"][:, :1]], 1), w) + extra
  loss = tf.reduce_mean(y)
  train_op = V1.assign_add(V1.train.get_global_step(), 1)
  return estimator.EstimatorSpec(mode, predictions={"y": y}, loss=loss,
                                 train_op=train_op)


def _no_loss_model_fn(features, labels, mode):
  del features, labels
  return estimator.EstimatorSpec(
      mode, train_op=V1.assign_add(V1.train.get_global_step(), 1))


def _dict_model_fn(features, labels, mode):
  del labels, mode
  return {"predictions": features["x"]}


class TestBadInputs:
  """One clear error for each, and `model_dir` exactly as it was."""

  @pytest.mark.parametrize("model_fn, input_fn, error, message", [
      (_no_loss_model_fn, et.full_batch_input_fn(), errors.EstimatorValueError,
       "Missing loss. An EstimatorSpec for mode 'train' needs a scalar loss"),
      (_dict_model_fn, et.full_batch_input_fn(), errors.EstimatorValueError,
       r"model_fn should return an EstimatorSpec; in mode 'train' it "
       r"returned \{'predictions'"),
      (et.linear_model_fn, lambda: ({"x": et.X}, et.Y, et.Y),
       errors.EstimatorValueError,
       "input_fn should return \\(features, labels\\) as a len 2 tuple; got a "
       "tuple of length 3 in mode 'train'"),
      (et.linear_model_fn, lambda: None, errors.EstimatorValueError,
       "input_fn returned no features in mode 'train'"),
      (et.linear_model_fn, lambda: ({"x": et.X, "junk": object()}, et.Y),
       errors.EstimatorValueError,
       "input_fn returned features in mode 'train' that are not Tensors: "
       "<object object"),
      (lambda features, mode: None, et.full_batch_input_fn(),
       errors.EstimatorValueError,
       "model_fn does not take labels, but input_fn returns labels"),
  ])
  def test_training_errors(self, trained, tmp_path, model_fn, input_fn, error,
                           message):
    model_dir = tmp_path / "model"
    shutil.copytree(trained.model_dir, model_dir)
    before = et.snapshot(str(model_dir))
    est = estimator.Estimator(model_fn, model_dir=str(model_dir),
                              config=et.config(),
                              params=({"learning_rate": 0.1}
                                      if model_fn is et.linear_model_fn
                                      else None))
    with pytest.raises(error, match=message):
      est.train(input_fn, steps=1)
    assert et.snapshot(str(model_dir)) == before

  def test_another_models_checkpoint(self, trained, tmp_path):
    model_dir = tmp_path / "model"
    shutil.copytree(trained.model_dir, model_dir)
    before = et.snapshot(str(model_dir))
    est = estimator.Estimator(_other_model_fn, model_dir=str(model_dir),
                              config=et.config())
    expected = (
        r"(?s)Checkpoint .*model.ckpt-100 \(the latest checkpoint in model_dir "
        r".*\) does not fit the graph this model_fn builds.*"
        r"missing from the checkpoint: extra\n"
        r"  w: shape \[2, 1\] in the checkpoint, \[3, 1\] in the graph\n"
        r"Nothing in .* was changed")
    calls = [
        lambda: est.train(et.full_batch_input_fn(), steps=1),
        lambda: est.evaluate(et.batches_input_fn(25)),
        lambda: next(est.predict(estimator.inputs.numpy_input_fn(
            {"x": et.X}, shuffle=False))),
    ]
    for call in calls:
      with pytest.raises(errors.CheckpointMismatchError, match=expected):
        call()
    with tf.Graph().as_default():
      receiver_fn = estimator.export.build_raw_serving_input_receiver_fn(
          {"x": V1.placeholder(tf.float32, [None, 2])})
    with pytest.raises(ValueError, match=expected):
      est.export_saved_model(str(tmp_path / "export"), receiver_fn)
    assert os.listdir(str(tmp_path / "export")) == []
    assert et.snapshot(str(model_dir)) == before
