"""`tf.estimator.EstimatorSpec` validation, with TF 1.15's messages.

Cases and messages follow TF 1.15's `model_fn_test.py`.
"""

import pytest
import tensorflow as tf

from tf1_compat.estimator import errors
from tf1_compat.estimator import export
from tf1_compat.estimator import model_fn as model_fn_lib
from tf1_compat.estimator.mode_keys import ModeKeys
from tf1_compat.estimator.model_fn import EstimatorSpec

V1 = tf.compat.v1
TRAIN, EVAL, PREDICT = ModeKeys.TRAIN, ModeKeys.EVAL, ModeKeys.PREDICT


@pytest.fixture
def graph():
  with tf.Graph().as_default() as g:
    yield g


def _train_op():
  return V1.assign_add(V1.train.get_or_create_global_step(), 1)


def test_mode_keys():
  assert (ModeKeys.TRAIN, ModeKeys.EVAL, ModeKeys.PREDICT) == (
      "train", "eval", "infer")


def test_all_fields(graph):
  del graph
  loss = tf.constant(1.0)
  predictions = {"p": tf.constant([[1.0]])}
  hook = V1.train.StopAtStepHook(num_steps=1)
  scaffold = V1.train.Scaffold()
  metric = V1.metrics.mean(tf.constant([1.0]))
  spec = EstimatorSpec(
      mode=PREDICT, predictions=predictions, loss=loss, train_op=_train_op(),
      eval_metric_ops={"m": metric}, training_chief_hooks=[hook],
      training_hooks=[hook], scaffold=scaffold, evaluation_hooks=[hook],
      prediction_hooks=[hook],
      export_outputs={"head": export.PredictOutput(predictions)})
  assert spec.loss is loss
  assert spec.predictions == predictions
  assert spec.eval_metric_ops == {"m": metric}
  assert spec.training_hooks == (hook,)
  assert spec.scaffold is scaffold
  assert sorted(spec.export_outputs) == ["head", "serving_default"]
  assert spec.export_outputs["serving_default"] is spec.export_outputs["head"]


def test_defaults(graph):
  del graph
  spec = EstimatorSpec(mode=TRAIN, loss=tf.constant(1.0), train_op=_train_op())
  assert spec.predictions == {}
  assert spec.eval_metric_ops == {}
  assert spec.export_outputs is None
  assert spec.training_hooks == spec.evaluation_hooks == ()
  assert isinstance(spec.scaffold, V1.train.Scaffold)
  predict = EstimatorSpec(mode=PREDICT, predictions=tf.constant([1.0]))
  (key, output), = predict.export_outputs.items()
  assert key == "serving_default"
  assert isinstance(output, export.PredictOutput)
  assert list(output.outputs) == ["output"]


@pytest.mark.parametrize("mode, kwargs, message", [
    (TRAIN, dict(loss="loss"), "Missing train_op"),
    (TRAIN, dict(train_op="train_op"), "Missing loss"),
    (EVAL, dict(), "Missing loss. An EstimatorSpec for mode 'eval'"),
    (PREDICT, dict(), "Missing predictions"),
])
def test_required_fields(graph, mode, kwargs, message):
  del graph
  values = {"loss": tf.constant(1.0), "train_op": _train_op()}
  kwargs = {k: values[v] for k, v in kwargs.items()}
  with pytest.raises(errors.EstimatorValueError, match=message):
    EstimatorSpec(mode=mode, **kwargs)


def test_loss_must_be_one_element(graph):
  del graph
  with pytest.raises(ValueError, match="Loss must be scalar"):
    EstimatorSpec(mode=EVAL, loss=tf.constant([1.0, 2.0]))
  spec = EstimatorSpec(mode=EVAL, loss=tf.constant([3.0]))
  assert spec.loss.shape == tf.TensorShape([])
  with pytest.raises(TypeError, match="loss must be Tensor, given: 1.0"):
    EstimatorSpec(mode=EVAL, loss=1.0)


def test_types(graph):
  del graph
  loss = tf.constant(1.0)
  with pytest.raises(TypeError, match="train_op must be Operation or Tensor"):
    EstimatorSpec(mode=TRAIN, loss=loss, train_op="op")
  with pytest.raises(TypeError, match=r"predictions\[a\] must be Tensor"):
    EstimatorSpec(mode=PREDICT, predictions={"a": 1.0})
  with pytest.raises(TypeError, match="predictions must be Tensor"):
    EstimatorSpec(mode=PREDICT, predictions=[1.0])
  with pytest.raises(TypeError, match="All hooks must be SessionRunHook "
                                      "instances, given: NotAHook"):
    EstimatorSpec(mode=EVAL, loss=loss, evaluation_hooks=["NotAHook"])
  with pytest.raises(TypeError, match="scaffold must be tf.train.Scaffold"):
    EstimatorSpec(mode=EVAL, loss=loss, scaffold="scaffold")
  with pytest.raises(TypeError, match="export_outputs must be dict"):
    EstimatorSpec(mode=PREDICT, predictions=loss, export_outputs=[1])
  with pytest.raises(TypeError,
                     match="Values in export_outputs must be ExportOutput"):
    EstimatorSpec(mode=PREDICT, predictions=loss, export_outputs={"a": loss})
  with pytest.raises(ValueError, match="Multiple export_outputs were provided, "
                                       "but none of them is specified as the "
                                       "default"):
    EstimatorSpec(mode=PREDICT, predictions=loss,
                  export_outputs={"a": export.PredictOutput(loss),
                                  "b": export.PredictOutput(loss)})


def test_eval_metric_ops(graph):
  del graph
  loss = tf.constant(1.0)
  with pytest.raises(TypeError, match="eval_metric_ops must be a dict"):
    EstimatorSpec(mode=EVAL, loss=loss, eval_metric_ops=[loss])
  with pytest.raises(TypeError, match="Values of eval_metric_ops must be "
                                      r"\(metric_value, update_op\) tuples"):
    EstimatorSpec(mode=EVAL, loss=loss, eval_metric_ops={"m": loss})
  with pytest.raises(TypeError, match="Values of eval_metric_ops must be"):
    EstimatorSpec(mode=EVAL, loss=loss, eval_metric_ops={"m": (loss, 1, 2)})
  with pytest.raises(TypeError, match="Values of eval_metric_ops must be"):
    EstimatorSpec(mode=EVAL, loss=loss, eval_metric_ops={"m": (1.0, 2.0)})


def test_keras_metric_objects(graph):
  del graph
  tf_keras = pytest.importorskip("tf_keras")
  metric = tf_keras.metrics.Mean(name="mean_metric")
  loss = tf.constant(1.0)
  with pytest.raises(ValueError,
                     match='Please call update_state\\(...\\) on the '
                           '"mean_metric" metric'):
    EstimatorSpec(mode=EVAL, loss=loss, eval_metric_ops={"m": metric})
  metric.update_state(tf.constant([2.0, 4.0]))
  spec = EstimatorSpec(mode=EVAL, loss=loss, eval_metric_ops={"m": metric})
  value, update_op = spec.eval_metric_ops["m"]
  assert set(metric.variables) <= set(V1.local_variables())
  assert set(metric.variables) <= set(
      V1.get_collection(V1.GraphKeys.METRIC_VARIABLES))
  with V1.Session() as session:
    session.run(V1.local_variables_initializer())
    session.run(update_op)
    assert session.run(value) == 3.0


def test_tensors_must_come_from_the_default_graph(graph):
  del graph
  with tf.Graph().as_default():
    other = tf.constant(1.0)
    other_op = V1.no_op()
  message = "must be from the default graph"
  for kwargs in (dict(mode=EVAL, loss=other),
                 dict(mode=TRAIN, loss=tf.constant(1.0), train_op=other_op),
                 dict(mode=PREDICT, predictions={"p": other}),
                 dict(mode=EVAL, loss=tf.constant(1.0),
                      eval_metric_ops={"m": (other, other_op)})):
    with pytest.raises(ValueError, match=message):
      EstimatorSpec(**kwargs)


def test_replace(graph):
  del graph
  spec = EstimatorSpec(mode=EVAL, loss=tf.constant(1.0))
  new_loss = tf.constant(2.0)
  replaced = spec._replace(loss=new_loss)
  assert isinstance(replaced, EstimatorSpec)
  assert replaced.loss is new_loss
  with pytest.raises(ValueError, match="mode of EstimatorSpec cannot be changed"):
    spec._replace(mode=TRAIN)
  with pytest.raises(ValueError, match="Missing loss"):
    spec._replace(loss=None)


def test_call_logit_fn():
  def logit_fn(features, mode, params):
    return features * params["scale"] if mode == EVAL else features

  with tf.Graph().as_default():
    logits = model_fn_lib.call_logit_fn(logit_fn, tf.constant(2.0), EVAL,
                                        {"scale": 3.0}, None)
    with V1.Session() as session:
      assert session.run(logits) == 6.0
    with pytest.raises(ValueError, match="logit_fn should return a Tensor"):
      model_fn_lib.call_logit_fn(lambda features: [features], 1.0, EVAL, None,
                                 None)
