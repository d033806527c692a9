"""The linear-regression builder: names, SGD math, reuse, save/restore."""

import numpy as np
import tensorflow as tf

from tf1_compat.models import linear_regression

V1 = tf.compat.v1


def test_variables_and_one_sgd_step_by_hand():
  graph = tf.Graph()
  with graph.as_default():
    V1.set_random_seed(0)
    ep = linear_regression.build()
  assert sorted(v.op.name for v in graph.get_collection("variables")) == [
      "b", "global_step", "k"]
  with V1.Session(graph=graph) as session:
    session.run(V1.global_variables_initializer())
    k0, b0 = session.run([ep.k, ep.b])
    loss, _ = session.run([ep.loss, ep.train_op], {ep.x: 0.5, ep.y: 0.2})
    k1, b1, step = session.run([ep.k, ep.b, ep.global_step])
  residual = k0 * 0.5 + b0 - 0.2
  np.testing.assert_allclose(loss, residual ** 2, rtol=1e-6)
  np.testing.assert_allclose(k1, k0 - 0.5 * 2 * residual * 0.5, rtol=1e-5)
  np.testing.assert_allclose(b1, b0 - 0.5 * 2 * residual, rtol=1e-5)
  assert step == 1


def test_converges_and_reuse_shares_weights(tmp_path):
  graph = tf.Graph()
  with graph.as_default():
    V1.set_random_seed(1)
    train = linear_regression.build(scope="model")
    evaluate = linear_regression.build(scope="model", mode=linear_regression.EVAL, reuse=True)
    saver = V1.train.Saver()
  assert evaluate.train_op is None and evaluate.k is train.k
  rng = np.random.default_rng(0)
  with V1.Session(graph=graph) as session:
    session.run(V1.global_variables_initializer())
    losses = []
    for _ in range(100):
      x = rng.random()
      loss, _ = session.run([train.loss, train.train_op],
                            {train.x: x, train.y: 3 * x - 1})
      losses.append(loss)
    k, b = session.run([evaluate.k, evaluate.b])
    prediction = session.run(evaluate.prediction, {evaluate.x: 0.25})
    path = saver.save(session, str(tmp_path / "model.ckpt"))
  assert np.mean(losses[-10:]) < np.mean(losses[:10])
  assert abs(k - 3) < 0.05 and abs(b + 1) < 0.05
  np.testing.assert_allclose(prediction, 0.25 * k + b, rtol=1e-6)

  restored = tf.Graph()
  with restored.as_default():
    ep = linear_regression.build(scope="model", mode=linear_regression.EVAL)
    saver = V1.train.Saver()
  with V1.Session(graph=restored) as session:
    saver.restore(session, path)
    np.testing.assert_allclose(session.run([ep.k, ep.b]), [k, b])
