"""`DNNClassifier`, `DNNRegressor`, `DNNEstimator` against TF 1.15.

The weights come from checkpoints written under TF 1.15's variable names (its
`dnn_testing_utils_v1` network: hidden units (2, 2)), so evaluation and
prediction are compared with TF 1.15's asserted values; a training step from
a TF 1.15-named checkpoint (with its `t_0/Adagrad` slots) is replayed in numpy;
learning is checked on a small non-linear task (and, marked slow, on
synthetic digits).
"""

import numpy as np
import pytest
import tensorflow as tf

from tests.estimator import canned_testing as ct
from tests.estimator import estimator_testing as et
from tf1_compat import estimator
from tf1_compat.data import synthetic_digits
from tf1_compat.estimator import ModeKeys
from tf1_compat.estimator.canned import dnn
from tf1_compat.estimator.canned import head as head_lib
from tf1_compat.estimator.canned.metric_keys import MetricKeys as Keys

V1 = tf.compat.v1
FC = tf.feature_column
pytestmark = pytest.mark.usefixtures("tf1_control_flow")


def _config(**kwargs):
  kwargs.setdefault("tf_random_seed", et.SEED)
  return estimator.RunConfig(**kwargs)


def _assert_metrics(actual, expected, rtol=1e-5):
  assert sorted(actual) == sorted(expected)
  for name, value in expected.items():
    np.testing.assert_allclose(actual[name], value, rtol=rtol, atol=1e-6,
                               err_msg=name)


class TestDNNClassifierEvaluation:

  def test_binary_is_tf115s(self, tmp_path):
    ct.save_checkpoint(tmp_path, ct.dnn_values(ct.DNN_ONE_DIM))
    classifier = estimator.DNNClassifier(
        hidden_units=(2, 2), feature_columns=[FC.numeric_column("age")],
        dropout=0.5, model_dir=str(tmp_path), config=_config())
    metrics = classifier.evaluate(
        input_fn=lambda: ({"age": [[10.], [10.]]}, [[1], [0]]), steps=1)
    # logits -2.08 for both: TF 1.15's v1 test_one_dim (loss summed over the
    # batch). Dropout applies to training only.
    _assert_metrics(metrics, {
        Keys.LOSS: 2.31544200, Keys.LOSS_MEAN: 2.31544200 / 2.,
        Keys.ACCURACY: 0.5, Keys.PRECISION: 0.0, Keys.RECALL: 0.0,
        Keys.PREDICTION_MEAN: 0.11105597, Keys.LABEL_MEAN: 0.5,
        Keys.ACCURACY_BASELINE: 0.5, Keys.AUC: 0.5, Keys.AUC_PR: 0.75,
        "global_step": 100})

  def test_weighted_multi_class_is_tf115s(self, tmp_path):
    ct.save_checkpoint(tmp_path, ct.dnn_values(ct.DNN_MULTI_DIM))
    classifier = estimator.DNNClassifier(
        hidden_units=(2, 2),
        feature_columns=[FC.numeric_column("age", shape=[2])], n_classes=3,
        weight_column="w", model_dir=str(tmp_path), config=_config())
    metrics = classifier.evaluate(
        input_fn=lambda: ({"age": [[10., 8.], [10., 8.]],
                           "w": [[10.], [100.]]}, [[1], [0]]), steps=1)
    # -log(0.43538380) * 10 - log(0.16670536) * 100 (TF 1.15's v1 value).
    assert metrics[Keys.LOSS] == pytest.approx(187.468007, abs=1e-3)
    assert metrics[Keys.LOSS_MEAN] == pytest.approx(187.468007 / 110,
                                                    rel=1e-5)
    assert metrics[Keys.ACCURACY] == pytest.approx(10. / 110.)


class TestDNNClassifierPrediction:

  def test_binary_with_vocabulary_is_tf115s(self, tmp_path):
    ct.save_checkpoint(tmp_path, ct.dnn_values(ct.DNN_ONE_DIM), global_step=0)
    classifier = estimator.DNNClassifier(
        hidden_units=(2, 2), feature_columns=(FC.numeric_column("x"),),
        label_vocabulary=["class_vocab_0", "class_vocab_1"],
        model_dir=str(tmp_path), config=_config())
    prediction = next(classifier.predict(estimator.inputs.numpy_input_fn(
        x={"x": np.array([[10.]])}, batch_size=1, shuffle=False)))
    np.testing.assert_allclose(prediction["logits"], [-2.08], rtol=1e-6)
    np.testing.assert_allclose(prediction["logistic"], [0.11105597],
                               rtol=1e-6)
    np.testing.assert_allclose(prediction["probabilities"],
                               [0.88894403, 0.11105597], rtol=1e-6)
    np.testing.assert_array_equal(prediction["class_ids"], [0])
    np.testing.assert_array_equal(prediction["classes"], [b"class_vocab_0"])
    np.testing.assert_array_equal(prediction["all_classes"],
                                  [b"class_vocab_0", b"class_vocab_1"])

  def test_multi_class_export_serves_predict_outputs(self, tmp_path):
    model_dir = tmp_path / "model"
    ct.save_checkpoint(model_dir, ct.dnn_values(ct.DNN_MULTI_DIM))
    columns = [FC.numeric_column("x", shape=(2,))]
    classifier = estimator.DNNClassifier(
        hidden_units=(2, 2), feature_columns=columns, n_classes=3,
        model_dir=str(model_dir), config=_config())
    export_dir = classifier.export_saved_model(
        str(tmp_path / "export"),
        estimator.export.build_parsing_serving_input_receiver_fn(
            FC.make_parse_example_spec(columns)))
    x = np.array([[10., 8.], [-1., 2.], [0.5, 0.5]], dtype=np.float32)
    examples = ct.serialized_examples({"x": list(x)})
    outputs, signatures = ct.serve(export_dir, {
        "serving_default": {"inputs": examples},
        "predict": {"examples": examples}})
    assert signatures == ["classification", "predict", "serving_default"]
    predicted = list(classifier.predict(estimator.inputs.numpy_input_fn(
        {"x": x}, batch_size=3, shuffle=False)))
    logits = ct.dnn_numpy(x, ct.DNN_MULTI_DIM)
    np.testing.assert_allclose(logits[0], [-0.48, 0.48, 0.39], atol=1e-5)
    np.testing.assert_allclose(outputs["predict"]["logits"], logits,
                               rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(outputs["serving_default"]["scores"],
                               ct.softmax(logits), rtol=1e-5)
    np.testing.assert_allclose(
        outputs["serving_default"]["scores"],
        [p["probabilities"] for p in predicted], rtol=1e-6)
    np.testing.assert_array_equal(outputs["predict"]["classes"].ravel(),
                                  [p["classes"][0] for p in predicted])


class TestDNNClassifierTraining:

  def test_step_from_a_tf115_checkpoint_with_slots(self, tmp_path):
    """Restores TF 1.15's names (slots `.../t_0/Adagrad`) and replays Adagrad."""
    values = ct.dnn_values(ct.DNN_ONE_DIM)
    names = sorted(values)
    accumulator = 0.5
    slots = {name + "/t_0/Adagrad": np.full(np.shape(values[name]),
                                            accumulator)
             for name in names}
    ct.save_checkpoint(tmp_path, dict(values, **slots))
    losses, summaries = ct.LossHook(), ct.SummaryHook()
    classifier = estimator.DNNClassifier(
        hidden_units=(2, 2), feature_columns=(FC.numeric_column("age"),),
        model_dir=str(tmp_path), config=_config())
    classifier.train(input_fn=lambda: ({"age": [[10.]]}, [[1]]), steps=1,
                     hooks=(losses, summaries))

    def loss_fn(params):
      by_name = dict(zip(names, params))
      network = [(by_name[ct.HIDDEN_WEIGHTS_NAME_PATTERN % i],
                  by_name[ct.HIDDEN_BIASES_NAME_PATTERN % i]) for i in (0, 1)]
      network.append((by_name[ct.LOGITS_WEIGHTS_NAME],
                      by_name[ct.LOGITS_BIASES_NAME]))
      logit = ct.dnn_numpy([[10.]], network)[0, 0]
      return np.log1p(np.exp(-logit))  # sigmoid cross-entropy, label 1

    params = [np.asarray(values[n], np.float64) for n in names]
    # TF 1.15's test_binary_classification: -log(0.111) = 2.19772100.
    assert losses.losses == [pytest.approx(2.19772100, rel=1e-6)]
    assert loss_fn(params) == pytest.approx(2.19772100, rel=1e-6)
    assert summaries.summaries[0] == pytest.approx({
        Keys.LOSS: 2.19772100, Keys.LOSS_MEAN: 2.19772100,
        "dnn/dnn/hiddenlayer_0/fraction_of_zero_values": 0.,
        "dnn/dnn/hiddenlayer_1/fraction_of_zero_values": .5,
        "dnn/dnn/logits/fraction_of_zero_values": 0.}, rel=1e-6)
    # The default optimizer: Adagrad at 0.05, from the restored accumulators.
    for name, value, gradient in zip(names, params,
                                     ct.numeric_gradient(loss_fn, params)):
      new_accumulator = accumulator + gradient ** 2
      np.testing.assert_allclose(
          classifier.get_variable_value(name + "/t_0/Adagrad"),
          new_accumulator, rtol=1e-5, err_msg=name)
      np.testing.assert_allclose(
          classifier.get_variable_value(name),
          value - 0.05 * gradient / np.sqrt(new_accumulator), rtol=1e-5,
          atol=1e-7, err_msg=name)
    assert classifier.get_variable_value("global_step") == 101

  def test_warm_starts_from_a_tf115_checkpoint(self, tmp_path):
    values = ct.dnn_values(ct.DNN_ONE_DIM)
    ct.save_checkpoint(tmp_path / "old", values)
    classifier = estimator.DNNClassifier(
        hidden_units=(2, 2), feature_columns=[FC.numeric_column("age")],
        optimizer=V1.train.GradientDescentOptimizer(learning_rate=0.0),
        warm_start_from=str(tmp_path / "old"),
        model_dir=str(tmp_path / "new"), config=_config())
    classifier.train(lambda: ({"age": [[10.]]}, [[1]]), steps=1)
    # Every trainable (partitioned) variable starts from the old values;
    # global_step does not.
    for name, value in values.items():
      np.testing.assert_allclose(classifier.get_variable_value(name), value,
                                 err_msg=name)
    assert classifier.get_variable_value("global_step") == 1

  def test_learns_a_non_linear_task_to_97_percent(self, tmp_path):
    def points(n, seed):
      """Class 1 inside the radius-0.8 disc, class 0 in the 1.2-2 ring."""
      rng = np.random.RandomState(seed)
      labels = rng.randint(0, 2, n)
      radius = np.where(labels == 1, rng.uniform(0., .8, n),
                        rng.uniform(1.2, 2., n))
      angle = rng.uniform(0., 2. * np.pi, n)
      x = np.stack([radius * np.cos(angle), radius * np.sin(angle)], 1)
      city = rng.choice(["a", "b", "c"], n)
      return {"x": x.astype(np.float32), "city": city}, labels.astype(np.int64)

    train_x, train_y = points(400, 0)
    test_x, test_y = points(200, 1)
    city = FC.categorical_column_with_vocabulary_list("city", ["a", "b", "c"])
    columns = [FC.numeric_column("x", shape=(2,)),
               FC.embedding_column(city, dimension=2)]
    classifier = estimator.DNNClassifier(
        hidden_units=[16, 16], feature_columns=columns,
        model_dir=str(tmp_path), config=_config(tf_random_seed=3))
    classifier.train(estimator.inputs.numpy_input_fn(
        train_x, train_y, batch_size=40, num_epochs=None, shuffle=True),
                     steps=45)
    metrics = classifier.evaluate(estimator.inputs.numpy_input_fn(
        test_x, test_y, batch_size=200, num_epochs=1, shuffle=False))
    assert metrics[Keys.ACCURACY] >= 0.97
    embedding = ("dnn/input_from_feature_columns/input_layer/city_embedding/"
                 "embedding_weights")
    shapes = {embedding: [3, 2],
              "dnn/hiddenlayer_0/kernel": [4, 16],
              "dnn/hiddenlayer_0/bias": [16],
              "dnn/hiddenlayer_1/kernel": [16, 16],
              "dnn/hiddenlayer_1/bias": [16],
              "dnn/logits/kernel": [16, 1],
              "dnn/logits/bias": [1]}
    shapes.update({name + "/t_0/Adagrad": shape
                   for name, shape in list(shapes.items())})
    shapes["global_step"] = []
    assert ct.checkpoint_shapes(tmp_path) == shapes

  @pytest.mark.slow
  def test_learns_synthetic_digits_to_97_percent(self, tmp_path):
    train = synthetic_digits.generate_digits(20000, seed=0)
    test = synthetic_digits.generate_digits(1000, seed=1)

    def pixels(images):
      return {"pixels": images.reshape(len(images), -1).astype(np.float32)
                        / 255.}

    classifier = estimator.DNNClassifier(
        hidden_units=[256, 128],
        feature_columns=[FC.numeric_column("pixels", shape=(784,))],
        n_classes=10, optimizer=lambda: V1.train.AdamOptimizer(1e-3),
        model_dir=str(tmp_path), config=_config())
    classifier.train(estimator.inputs.numpy_input_fn(
        pixels(train.images), train.labels.astype(np.int64), batch_size=100,
        num_epochs=None, shuffle=True), steps=2500)
    metrics = classifier.evaluate(estimator.inputs.numpy_input_fn(
        pixels(test.images), test.labels.astype(np.int64), batch_size=500,
        num_epochs=1, shuffle=False))
    assert metrics[Keys.ACCURACY] >= 0.97


class TestDNNRegressor:

  def test_multi_dim_evaluation_is_tf115s(self, tmp_path):
    ct.save_checkpoint(tmp_path, ct.dnn_values(ct.DNN_MULTI_DIM))
    regressor = estimator.DNNRegressor(
        hidden_units=(2, 2),
        feature_columns=[FC.numeric_column("age", shape=[2])],
        label_dimension=3, model_dir=str(tmp_path), config=_config())
    metrics = regressor.evaluate(
        input_fn=lambda: ({"age": [[10., 8.]]}, [[1., -1., 0.5]]), steps=1)
    # (1 + .48)^2 + (-1 - .48)^2 + (.5 - .39)^2 = 4.3929 (TF 1.15's v1 value).
    _assert_metrics(metrics, {
        Keys.LOSS: 4.3929, Keys.LOSS_MEAN: 4.3929 / 3,
        Keys.PREDICTION_MEAN: 0.39 / 3.0, Keys.LABEL_MEAN: 0.5 / 3.0,
        "global_step": 100}, rtol=1e-4)

  def test_dnn_estimator_takes_a_v1_head(self, tmp_path):
    ct.save_checkpoint(tmp_path, ct.dnn_values(ct.DNN_ONE_DIM))
    model = estimator.DNNEstimator(
        head=head_lib.regression_head(inverse_link_fn=tf.exp),
        hidden_units=(2, 2), feature_columns=[FC.numeric_column("age")],
        model_dir=str(tmp_path), config=_config())
    prediction = next(model.predict(
        lambda: tf.data.Dataset.from_tensors({"age": [[10.]]})))
    np.testing.assert_allclose(prediction["logits"], [-2.08], rtol=1e-6)
    np.testing.assert_allclose(prediction["predictions"], np.exp([-2.08]),
                               rtol=1e-6)


class TestDNNLogitFn:

  @pytest.mark.parametrize("mode, expected", [
      # Batch statistics: TF 1.15's test_one_dim_logits_with_batch_norm.
      (ModeKeys.TRAIN, [[-0.699895571], [1.299895571]]),
      # Moving statistics (mean 0, variance 1).
      (ModeKeys.EVAL, [[1.299500375], [5.297501873]]),
  ])
  def test_batch_norm_is_tf115s(self, tmp_path, mode, expected):
    values = ct.dnn_values((([[.6, .5]], [1., -1.]), ([[-1.], [2.]], [.3])))
    for stat, value in (("beta", 0.), ("gamma", 1.), ("moving_mean", 0.),
                        ("moving_variance", 1.)):
      values[ct.BATCH_NORM_NAME_PATTERN % (0, 0, stat)] = [value, value]
    path = ct.save_checkpoint(tmp_path, values)
    with tf.Graph().as_default():
      V1.train.create_global_step()
      with V1.variable_scope("dnn"):
        logit_fn = dnn.dnn_logit_fn_builder(
            units=1, hidden_units=[2],
            feature_columns=[FC.numeric_column("age")],
            activation_fn=tf.nn.relu, dropout=None,
            input_layer_partitioner=None, batch_norm=True)
        logits = logit_fn(features={"age": tf.constant([[10.], [20.]])},
                          mode=mode)
      updates = V1.get_collection(V1.GraphKeys.UPDATE_OPS)
      assert len(updates) == (2 if mode == ModeKeys.TRAIN else 0)
      creator = V1.train.ChiefSessionCreator(checkpoint_filename_with_path=path)
      with V1.train.MonitoredSession(session_creator=creator) as session:
        np.testing.assert_allclose(session.run(logits), expected, rtol=1e-5)

  def test_hidden_units_are_checked(self):
    with pytest.raises(ValueError, match=r"hidden_units must be an iterable "
                       r"of positive ints .* got \[4, 0\]"):
      estimator.DNNClassifier(hidden_units=[4, 0],
                              feature_columns=[FC.numeric_column("a")])
