"""Shared fixtures of the contrib.rnn cell tests: TF 1.15's kernel-test setup
(every kernel 0.5 through the scope initializer) and numpy helpers."""

import numpy as np
import tensorflow as tf

V1 = tf.compat.v1
GRAPH_SEED = 42

# The batch of TF 1.15's rnn_cell_test: rows of ones, twos and threes.
ROWS_1_2_3 = np.array([[1.] * 4, [2.] * 4, [3.] * 4], dtype=np.float32)


def sigmoid(x):
  return 1.0 / (1.0 + np.exp(-x))


def run(build, feeds=None):
  """Builds `build()` in a fresh seeded graph; returns (values, variables).

  `variables` maps each global variable's name (without `:0`) to its value, in
  creation order.
  """
  graph = tf.Graph()
  with graph.as_default():
    V1.set_random_seed(GRAPH_SEED)
    fetches = build()
    with V1.Session(graph=graph) as session:
      session.run(V1.global_variables_initializer())
      values = session.run(fetches, feed_dict=feeds(graph) if feeds else None)
      weights = {v.name[:-2]: session.run(v) for v in V1.global_variables()}
  return values, weights


def constant_scope(name, value=0.5):
  """`variable_scope(name)` whose initializer is the constant `value`."""
  return V1.variable_scope(name, initializer=V1.constant_initializer(value))
