"""contrib.opt: each optimizer against the numpy update of TF 1.15's own
tests, dense and sparse, ref and resource variables; slot names (checkpoints
restore); MovingAverageOptimizer's swapping saver."""

import math

import numpy as np
import pytest
import tensorflow as tf

from tf1_compat.contrib import opt
from tf1_compat.contrib.opt import sign_decay

V1 = tf.compat.v1

VAR0, GRAD0 = np.array([1.0, 2.0]), np.array([0.1, 0.1])
VAR1, GRAD1 = np.array([3.0, 4.0]), np.array([0.01, 0.01])


def _adam_numpy(param, g, t, m, v, lr=0.001, beta1=0.9, beta2=0.999,
                epsilon=1e-8, nesterov=False, decay=0.0):
  lr_t = lr * np.sqrt(1 - beta2 ** t) / (1 - beta1 ** t)
  m = beta1 * m + (1 - beta1) * g
  v = beta2 * v + (1 - beta2) * g * g
  step_m = (1 - beta1) * g + beta1 * m if nesterov else m
  return param - lr_t * step_m / (np.sqrt(v) + epsilon) - decay * param, m, v


def _sign_numpy(param, g, m, lr, multiplier_fn, beta=0.9, decayed=1.0):
  m = beta * m + (1 - beta) * g
  return param - lr * multiplier_fn(decayed * np.sign(g) * np.sign(m)) * g, m


def _train(make_optimizer, steps, use_resource, sparse=False, fetch_slots=(),
           global_step=False):
  """Runs `steps` updates of var0/var1 by GRAD0/GRAD1; returns the values."""
  graph = tf.Graph()
  with graph.as_default():
    step = V1.train.get_or_create_global_step() if global_step else None
    var0 = V1.get_variable("var0", initializer=tf.constant(VAR0),
                           use_resource=use_resource)
    var1 = V1.get_variable("var1", initializer=tf.constant(VAR1),
                           use_resource=use_resource)
    if sparse:
      grads = [tf.IndexedSlices(tf.constant(g), tf.constant([0, 1]),
                                tf.constant([2])) for g in (GRAD0, GRAD1)]
    else:
      grads = [tf.constant(GRAD0), tf.constant(GRAD1)]
    optimizer = make_optimizer(step)
    update = optimizer.apply_gradients(zip(grads, [var0, var1]),
                                       global_step=step)
    slots = {name: optimizer.get_slot(var0, name) for name in fetch_slots}
    history = []
    with V1.Session(graph=graph) as session:
      session.run(V1.global_variables_initializer())
      for _ in range(steps):
        session.run(update)
        history.append(session.run([var0, var1]))
      return history, session.run(slots), optimizer, [v.name for v in
                                                      V1.global_variables()]


@pytest.mark.parametrize("use_resource", [False, True])
@pytest.mark.parametrize("sparse", [False, True])
@pytest.mark.parametrize("name,make,numpy_kwargs", [
    ("lazy_adam", lambda _: opt.LazyAdamOptimizer(), {}),
    ("nadam", lambda _: opt.NadamOptimizer(), {"nesterov": True}),
    ("adamw", lambda _: opt.AdamWOptimizer(0.01), {"decay": 0.01}),
    ("adam_gs", lambda step: opt.AdamGSOptimizer(global_step=step), {}),
    ("lazy_adam_gs", lambda step: opt.LazyAdamGSOptimizer(global_step=step),
     {}),
])
def test_adam_family_matches_numpy(name, make, numpy_kwargs, sparse,
                                   use_resource):
  history, slots, _, names = _train(make, 3, use_resource, sparse, ("m", "v"),
                                    global_step=name.endswith("_gs"))
  params = [VAR0, VAR1]
  moments = [(0.0, 0.0), (0.0, 0.0)]
  for t, values in enumerate(history, start=1):
    for i, grad in enumerate((GRAD0, GRAD1)):
      params[i], m, v = _adam_numpy(params[i], grad, t, *moments[i],
                                    **numpy_kwargs)
      moments[i] = (m, v)
      np.testing.assert_allclose(values[i], params[i], rtol=1e-6)
  np.testing.assert_allclose(slots["m"], moments[0][0], rtol=1e-6)
  assert ("var0/%s:0" % ("AdamW" if name == "adamw" else "Adam")) in names
  if not name.endswith("_gs"):
    assert {"beta1_power:0", "beta2_power:0"} <= set(names)


@pytest.mark.parametrize("optimizer_class", [opt.LazyAdamOptimizer,
                                             opt.LazyAdamGSOptimizer])
def test_lazy_updates_leave_untouched_rows_alone(optimizer_class):
  graph = tf.Graph()
  with graph.as_default():
    var = V1.get_variable("var", initializer=tf.constant([[1.0], [2.0], [3.0]]))
    grad = tf.IndexedSlices(tf.constant([[0.5]]), tf.constant([1]),
                            tf.constant([3, 1]))
    optimizer = (optimizer_class(global_step=0)
                 if optimizer_class is opt.LazyAdamGSOptimizer
                 else optimizer_class())
    first = optimizer.apply_gradients([(grad, var)])
    second_grad = tf.IndexedSlices(tf.constant([[0.5]]), tf.constant([2]),
                                   tf.constant([3, 1]))
    second = optimizer.apply_gradients([(second_grad, var)])
    with V1.Session(graph=graph) as session:
      session.run(V1.global_variables_initializer())
      session.run(first)
      m_after_first = session.run(optimizer.get_slot(var, "m"))
      session.run(second)
      value, m = session.run([var, optimizer.get_slot(var, "m")])
  np.testing.assert_allclose(m_after_first[:, 0], [0.0, 0.05, 0.0], rtol=1e-6)
  # Row 1's moment did not decay at the second step: lazy, unlike Adam.
  np.testing.assert_allclose(m[:, 0], [0.0, 0.05, 0.05], rtol=1e-6)
  assert value[0, 0] == 1.0 and value[1, 0] < 2.0 and value[2, 0] < 3.0


def test_momentum_w_matches_numpy_and_decays_only_the_listed_variables():
  graph = tf.Graph()
  with graph.as_default():
    var0 = V1.get_variable("var0", initializer=tf.constant(VAR0))
    var1 = V1.get_variable("var1", initializer=tf.constant(VAR1))
    optimizer = opt.MomentumWOptimizer(0.01, learning_rate=0.001, momentum=0.9)
    update = optimizer.apply_gradients(
        [(tf.constant(GRAD0), var0), (tf.constant(GRAD1), var1)],
        decay_var_list=[var0])
    assert optimizer.get_slot(var0, "momentum").name == "var0/MomentumW:0"
    with V1.Session(graph=graph) as session:
      session.run(V1.global_variables_initializer())
      for _ in range(2):
        session.run(update)
      got0, got1 = session.run([var0, var1])
  param0, param1, m0, m1 = VAR0, VAR1, 0.0, 0.0
  for _ in range(2):
    m0, m1 = 0.9 * m0 + GRAD0, 0.9 * m1 + GRAD1
    param0 = param0 - 0.001 * m0 - 0.01 * param0
    param1 = param1 - 0.001 * m1
  np.testing.assert_allclose(got0, param0, rtol=1e-6)
  np.testing.assert_allclose(got1, param1, rtol=1e-6)


def test_extend_with_decoupled_weight_decay_builds_adamw():
  adamw = opt.extend_with_decoupled_weight_decay(V1.train.AdamOptimizer)
  history, _, optimizer, _ = _train(
      lambda _: adamw(lambda: tf.constant(0.01, tf.float64), learning_rate=0.001),
      2, use_resource=True)
  assert isinstance(optimizer, V1.train.AdamOptimizer)
  param, m, v = VAR0, 0.0, 0.0
  for t in (1, 2):
    param, m, v = _adam_numpy(param, GRAD0, t, m, v, decay=0.01)
  np.testing.assert_allclose(history[-1][0], param, rtol=1e-6)
  with pytest.raises(TypeError, match="base_optimizer must be a "
                     "tf.compat.v1.train.Optimizer subclass, got 3"):
    opt.extend_with_decoupled_weight_decay(3)


@pytest.mark.parametrize("use_resource", [False, True])
@pytest.mark.parametrize("sparse", [False, True])
@pytest.mark.parametrize("kind", ["powersign", "addsign"])
def test_sign_optimizers_match_numpy_with_linear_sign_decay(kind, sparse,
                                                            use_resource):
  decay_fn = sign_decay.get_linear_decay_fn(3)
  if kind == "powersign":
    make = lambda _: opt.PowerSignOptimizer(learning_rate=0.1, base=2.0,
                                            sign_decay_fn=decay_fn)
    multiplier = lambda s: 2.0 ** s
  else:
    make = lambda _: opt.AddSignOptimizer(learning_rate=0.1, alpha=0.5,
                                          sign_decay_fn=decay_fn)
    multiplier = lambda s: 0.5 + s
  history, slots, _, names = _train(make, 3, use_resource, sparse, ("m",),
                                    global_step=True)
  params, moments = [VAR0, VAR1], [0.0, 0.0]
  for t, values in enumerate(history):
    decayed = (3 - min(t, 3)) / 3.0
    for i, grad in enumerate((GRAD0, GRAD1)):
      params[i], moments[i] = _sign_numpy(params[i], grad, moments[i], 0.1,
                                          multiplier, decayed=decayed)
      np.testing.assert_allclose(values[i], params[i], rtol=1e-6)
  np.testing.assert_allclose(slots["m"], moments[0], rtol=1e-6)
  assert "var0/%s:0" % ("PowerSignOptimizer" if kind == "powersign"
                        else "AddSignOptimizer") in names


def test_sign_decay_schedules():
  with tf.Graph().as_default():
    steps = tf.constant([0, 25, 50, 100, 150])
    linear = sign_decay.get_linear_decay_fn(100)(steps)
    cosine = sign_decay.get_cosine_decay_fn(100)(steps)
    restart = sign_decay.get_restart_decay_fn(100, num_periods=2)(steps)
    with V1.Session() as session:
      linear, cosine, restart = session.run([linear, cosine, restart])
  np.testing.assert_allclose(linear, [1.0, 0.75, 0.5, 0.0, 0.0])
  np.testing.assert_allclose(
      cosine, 0.5 * (1 + np.cos(np.pi * np.array([0, .25, .5, 1, 1]))),
      atol=1e-6)
  np.testing.assert_allclose(
      restart, 0.5 * (1 + np.cos(np.pi * np.array([0, .5, 0, 0, 0]))),
      atol=1e-6)
  with pytest.raises(ValueError, match="global_step is required"):
    sign_decay.get_linear_decay_fn(10)(None)


@pytest.mark.parametrize("sequential_update", [True, False])
def test_moving_average_optimizer_matches_tf_1_15(tmp_path, sequential_update):
  graph = tf.Graph()
  with graph.as_default():
    var0 = V1.get_variable("var0", initializer=tf.constant([1.0, 2.0]))
    var1 = V1.get_variable("var1", initializer=tf.constant([3.0, 4.0]))
    loss = (tf.reduce_sum(tf.constant([0.1, 0.1]) * var0)
            + tf.reduce_sum(tf.constant([0.01, 0.01]) * var1))
    optimizer = opt.MovingAverageOptimizer(
        V1.train.GradientDescentOptimizer(2.0), average_decay=0.5,
        sequential_update=sequential_update)
    with pytest.raises(RuntimeError, match="Must call apply_gradients"):
      optimizer.swapping_saver()
    update = optimizer.minimize(loss)
    ema0, ema1 = (v for v in V1.global_variables()
                  if "ExponentialMovingAverage" in v.op.name)
    assert ema0.op.name == "var0/ExponentialMovingAverage"
    with pytest.raises(ValueError, match="Variable to swap"):
      optimizer.swapping_saver(var_list=[var0])
    train_saver = optimizer.swapping_saver()
    inference_saver = V1.train.Saver()
    path = str(tmp_path / "model")
    with V1.Session(graph=graph) as session:
      session.run(V1.global_variables_initializer())
      session.run(update)
      np.testing.assert_allclose(session.run(var0), [0.8, 1.8], rtol=1e-6)
      np.testing.assert_allclose(session.run(var1), [2.98, 3.98], rtol=1e-6)
      if sequential_update:
        np.testing.assert_allclose(session.run(ema0), [0.9, 1.9], rtol=1e-6)
        np.testing.assert_allclose(session.run(ema1), [2.99, 3.99], rtol=1e-6)
      session.run(update)
      np.testing.assert_allclose(session.run(var0), [0.6, 1.6], rtol=1e-6)
      trained, averaged = session.run([var0, ema0])
      train_saver.save(session, path)
      inference_saver.restore(session, path)
      np.testing.assert_allclose(session.run(var0), averaged)
      assert np.all(trained < averaged) and np.all(averaged < [1.0, 2.0])


def test_refused_optimizers_name_a_replacement():
  for name, replacement in (("ElasticAverageOptimizer", "MirroredStrategy"),
                            ("ScipyOptimizerInterface", "lbfgs_minimize")):
    with pytest.raises(AttributeError, match="tf.contrib.opt.%s is not "
                       "provided by tf1_compat.*%s" % (name, replacement)):
      getattr(opt, name)
