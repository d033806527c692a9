"""`tf.estimator.export`: receivers, export outputs and their signatures.

Inputs and messages are those of TF 1.15's `export_test.py` and
`export_output_test.py`.
"""

import os
import time

import pytest
import tensorflow as tf

from tf1_compat.estimator import export
from tf1_compat.estimator.export import export as export_lib
from tf1_compat.estimator.export import export_output
from tf1_compat.estimator.export import export_utils

V1 = tf.compat.v1


@pytest.fixture
def graph():
  with tf.Graph().as_default() as g:
    yield g


def _examples():
  return {"example0": tf.constant(["test0"], name="example0"),
          "example1": tf.constant(["test1"], name="example1")}


def test_public_names():
  assert sorted(export.__all__) == [
      "ClassificationOutput", "ExportOutput", "PredictOutput",
      "RegressionOutput", "ServingInputReceiver", "TensorServingInputReceiver",
      "build_parsing_serving_input_receiver_fn",
      "build_raw_serving_input_receiver_fn"]


class TestReceivers:

  def test_serving_input_receiver(self, graph):
    del graph
    sparse = tf.SparseTensor(indices=[[0, 0]], values=[1], dense_shape=[1, 1])
    features = {"feature0": tf.constant([0]), "feature2": sparse,
                42: tf.constant([3])}
    receiver = export.ServingInputReceiver(features, _examples())
    assert receiver.features == features
    assert receiver.receiver_tensors_alternatives is None
    single = export.ServingInputReceiver(tf.constant([1]), tf.constant(["a"]))
    assert list(single.features) == ["feature"]
    assert list(single.receiver_tensors) == ["input"]
    with_alternatives = export.ServingInputReceiver(
        features, _examples(), {"raw": tf.constant([1.0])})
    assert list(with_alternatives.receiver_tensors_alternatives["raw"]) == [
        "input"]

  def test_labeled_tensor_features_are_accepted(self, graph):
    # TF 1.15's carve-out for contrib's LabeledTensor: an object with a
    # `tensor` attribute that converts to a Tensor.
    del graph

    class Labeled:

      def __init__(self, tensor):
        self.tensor = tensor

    tf.register_tensor_conversion_function(
        Labeled, lambda value, *args, **kwargs: value.tensor)
    labeled = Labeled(tf.constant([1.0]))
    receiver = export.ServingInputReceiver({"x": labeled}, _examples())
    assert receiver.features["x"] is labeled

  @pytest.mark.parametrize("features, receivers, message", [
      (None, "examples", "features must be defined"),
      ({42.2: "one"}, "examples", "feature keys must be strings or ints"),
      ({"feature1": [1]}, "examples",
       "feature feature1 must be a Tensor or SparseTensor"),
      ({"feature1": "one"}, None, "receiver_tensors must be defined"),
      ({"feature1": "one"}, {1: "zero"}, "receiver_tensor keys must be strings"),
      ({"feature1": "one"}, {"example1": [1]},
       "receiver_tensor example1 must be a Tensor"),
  ])
  def test_serving_input_receiver_errors(self, graph, features, receivers,
                                         message):
    del graph
    values = {"one": tf.constant([1]), "zero": tf.constant(["z"])}
    if isinstance(features, dict):
      features = {k: values.get(v, v) if isinstance(v, str) else v
                  for k, v in features.items()}
    if receivers == "examples":
      receivers = _examples()
    elif isinstance(receivers, dict):
      receivers = {k: values.get(v, v) if isinstance(v, str) else v
                   for k, v in receivers.items()}
    with pytest.raises(ValueError, match=message):
      export.ServingInputReceiver(features, receivers)

  def test_tensor_serving_input_receiver(self, graph):
    del graph
    feature = tf.constant([0])
    receiver = export.TensorServingInputReceiver(feature, _examples())
    assert receiver.features is feature
    assert sorted(receiver.receiver_tensors) == ["example0", "example1"]
    sparse = tf.SparseTensor(indices=[[0, 0]], values=[1], dense_shape=[1, 1])
    assert export.TensorServingInputReceiver(sparse,
                                             _examples()).features is sparse
    with pytest.raises(ValueError, match="features must be defined"):
      export.TensorServingInputReceiver(None, _examples())
    with pytest.raises(ValueError, match="feature must be a Tensor"):
      export.TensorServingInputReceiver([1], _examples())

  def test_parsing_receiver_fn_parses_examples(self, graph):
    del graph
    receiver_fn = export.build_parsing_serving_input_receiver_fn({
        "int_feature": tf.io.VarLenFeature(tf.int64),
        "float_feature": tf.io.VarLenFeature(tf.float32)})
    receiver = receiver_fn()
    assert sorted(receiver.features) == ["float_feature", "int_feature"]
    assert list(receiver.receiver_tensors) == ["examples"]
    assert receiver.receiver_tensors["examples"].op.name == (
        "input_example_tensor")
    example = tf.train.Example(features=tf.train.Features(feature={
        "int_feature": tf.train.Feature(
            int64_list=tf.train.Int64List(value=[21, 2, 5])),
        "float_feature": tf.train.Feature(
            float_list=tf.train.FloatList(value=[525.25]))}))
    with V1.Session() as session:
      parsed = session.run(receiver.features, {
          receiver.receiver_tensors["examples"]: [example.SerializeToString()]})
    assert parsed["int_feature"].indices.tolist() == [[0, 0], [0, 1], [0, 2]]
    assert parsed["int_feature"].values.tolist() == [21, 2, 5]
    assert parsed["float_feature"].indices.tolist() == [[0, 0]]
    assert parsed["float_feature"].values.tolist() == [525.25]

  def test_raw_receiver_fn(self, graph):
    del graph
    features = {"feature_1": tf.constant(["hello"]),
                "feature_2": tf.constant([42]),
                "feature_3": V1.placeholder(tf.float32, [32, 4], name="feature")}
    with tf.Graph().as_default():
      receiver = export.build_raw_serving_input_receiver_fn(features)()
      assert isinstance(receiver, export.ServingInputReceiver)
      assert sorted(receiver.features) == sorted(features)
      placeholders = receiver.receiver_tensors
      assert placeholders["feature_1"].dtype == tf.string
      assert placeholders["feature_2"].dtype == tf.int32
      assert placeholders["feature_3"].shape.as_list() == [None, 4]
      assert placeholders["feature_3"].op.name == "feature"
      assert placeholders["feature_3"].op.type == "Placeholder"
    with tf.Graph().as_default():
      unknown = {"f": V1.placeholder(tf.float32)}
      shapeless = export.build_raw_serving_input_receiver_fn(unknown)()
      assert shapeless.receiver_tensors["f"].shape == tf.TensorShape(None)

  def test_raw_supervised_receiver_fn(self, graph):
    del graph
    features = {"feature_1": tf.constant(["hello"]),
                "feature_2": tf.constant([42])}
    labels = {"foo": tf.constant([5]), "bar": tf.constant([6])}
    with tf.Graph().as_default():
      receiver = export_lib.build_raw_supervised_input_receiver_fn(
          features, labels, default_batch_size=10)()
      assert sorted(receiver.features) == ["feature_1", "feature_2"]
      assert sorted(receiver.labels) == ["bar", "foo"]
      assert sorted(receiver.receiver_tensors) == [
          "bar", "feature_1", "feature_2", "foo"]
      assert receiver.labels["foo"].shape.as_list() == [10]
      raw = export_lib.build_raw_supervised_input_receiver_fn(
          tf.constant([1.0]), tf.constant([2]))()
      assert isinstance(raw.features, tf.Tensor)
      assert sorted(raw.receiver_tensors) == ["input", "label"]
    with pytest.raises(ValueError, match="Features and labels must have "
                                         "distinct keys. Found overlapping"):
      export_lib.build_raw_supervised_input_receiver_fn(
          {"foo": tf.constant([1])}, {"foo": tf.constant([2])})


class TestExportOutputs:

  def test_validation(self, graph):
    del graph
    floats = tf.constant([[0.5]])
    strings = tf.constant([["a"]])
    with pytest.raises(ValueError, match="Classification scores must be a "
                                         "float32 Tensor"):
      export.ClassificationOutput(scores=strings)
    with pytest.raises(ValueError, match="Classification classes must be a "
                                         "string Tensor"):
      export.ClassificationOutput(classes=floats)
    with pytest.raises(ValueError, match="At least one of scores and classes "
                                         "must be set."):
      export.ClassificationOutput()
    with pytest.raises(ValueError, match="Regression output value must be a "
                                         "float32 Tensor"):
      export.RegressionOutput(strings)
    with pytest.raises(ValueError, match="Prediction output key must be a "
                                         "string"):
      export.PredictOutput({1: floats})
    with pytest.raises(ValueError, match="Prediction output value must be a "
                                         "Tensor"):
      export.PredictOutput({"a": [1.0]})
    assert list(export.PredictOutput({("head", "a"): floats}).outputs) == [
        "head/a"]
    with pytest.raises(TypeError):
      export.ExportOutput()  # pylint: disable=abstract-class-instantiated

  def test_signatures(self, graph):
    del graph
    examples = {"examples": V1.placeholder(tf.string, [None])}
    scores = tf.constant([[0.1, 0.9]])
    classes = tf.constant([["a", "b"]])
    classify = export.ClassificationOutput(scores, classes).as_signature_def(
        examples)
    assert classify.method_name == "tensorflow/serving/classify"
    assert sorted(classify.outputs) == ["classes", "scores"]
    regress = export.RegressionOutput(scores[:, :1]).as_signature_def(examples)
    assert regress.method_name == "tensorflow/serving/regress"
    assert list(regress.outputs) == ["outputs"]
    predict = export.PredictOutput(scores).as_signature_def(
        {"x": tf.constant([1.0])})
    assert predict.method_name == "tensorflow/serving/predict"
    assert list(predict.outputs) == ["output"]
    with pytest.raises(ValueError, match="Classification input must be a "
                                         "single string Tensor"):
      export.ClassificationOutput(scores).as_signature_def(
          {"x": tf.constant([1.0])})

  def test_supervised_outputs(self, graph):
    del graph
    loss = tf.constant(1.0)
    metric = V1.metrics.mean(tf.constant([2.0]))
    output = export_output.TrainOutput(
        loss=loss, predictions={"p": tf.constant([3.0])},
        metrics={"mean": metric, "metrics/raw": (metric[0], V1.no_op())})
    assert sorted(output.loss) == ["loss"]
    assert sorted(output.predictions) == ["predictions/p"]
    assert sorted(output.metrics) == [
        "metrics/mean/update_op", "metrics/mean/value",
        "metrics/raw/update_op", "metrics/raw/value"]
    assert output.metrics["metrics/raw/update_op"].op.name.endswith(
        "metric_op_wrapper")
    signature = output.as_signature_def({"x": tf.constant([1.0])})
    assert signature.method_name == "tensorflow/supervised/training"
    evaluation = export_output.EvalOutput(loss={"a": loss})
    assert list(evaluation.loss) == ["loss/a"]
    assert evaluation.as_signature_def({"x": loss}).method_name == (
        "tensorflow/supervised/eval")
    with pytest.raises(ValueError, match="inputs cannot be None or empty"):
      evaluation.as_signature_def({})


class TestSignatureMaps:

  def test_unservable_outputs_are_left_out(self, graph):
    del graph
    value = tf.constant([[0.5]])
    outputs = {"serving_default": export.PredictOutput({"v": value}),
               "regression": export.RegressionOutput(value)}
    raw = {"x": tf.constant([[1.0]])}
    examples = {"examples": V1.placeholder(tf.string, [None])}
    signatures = export_utils.build_all_signature_defs(
        raw, outputs, receiver_tensors_alternatives={"parsed": examples})
    assert sorted(signatures) == ["parsed:regression", "parsed:serving_default",
                                  "serving_default"]
    with pytest.raises(ValueError, match="export_outputs must be a dict"):
      export_utils.build_all_signature_defs(raw, [value])

  def test_export_outputs_for_modes(self, graph):
    del graph
    loss = tf.constant(1.0)
    train = export_utils.export_outputs_for_mode("train", loss=loss)
    assert list(train) == ["train"]
    assert isinstance(train["train"], export_output.TrainOutput)
    assert list(export_utils.export_outputs_for_mode("eval", loss=loss)) == [
        "eval"]
    predict = export_utils.export_outputs_for_mode("infer", predictions=loss)
    assert list(predict) == ["serving_default"]
    with pytest.raises(ValueError, match="Export output type not found for "
                                         "mode: predict"):
      export_utils.export_outputs_for_mode("predict")


def test_timestamped_export_directories(tmp_path):
  # Bytes, as in TF 1.15, from a str, bytes or path base.
  first = export_utils.get_timestamped_export_dir(str(tmp_path))
  assert os.path.dirname(first) == os.fsencode(tmp_path)
  assert abs(int(os.path.basename(first)) - time.time()) < 5
  assert export_utils.get_temp_export_dir(first) == os.path.join(
      os.fsencode(tmp_path), b"temp-" + os.path.basename(first))
  os.makedirs(first)
  second = export_utils.get_timestamped_export_dir(os.fsencode(tmp_path))
  assert int(os.path.basename(second)) > int(os.path.basename(first))
  assert os.path.dirname(export_utils.get_timestamped_export_dir(
      tmp_path)) == os.fsencode(tmp_path)
