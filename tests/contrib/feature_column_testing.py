"""Shared fixtures of the contrib feature-column tests: a seeded graph runner
that initializes variables and lookup tables, and sparse-input builders."""

import numpy as np
import tensorflow as tf

V1 = tf.compat.v1
KEYS = V1.GraphKeys
GRAPH_SEED = 7


def sparse(rows, dtype=None):
  """A 2-D `SparseTensor` of the ragged `rows` (lists; empty lists allowed)."""
  indices = [[r, c] for r, row in enumerate(rows) for c in range(len(row))]
  values = [v for row in rows for v in row]
  width = max([len(row) for row in rows] + [1])
  return tf.SparseTensor(
      indices=np.array(indices, dtype=np.int64).reshape([-1, 2]),
      values=tf.constant(values, dtype=dtype),
      dense_shape=[len(rows), width])


def run(graph, fetches, before=None):
  """Initializes `graph`'s variables and tables, runs `before`, `fetches`."""
  with graph.as_default():
    init = [V1.global_variables_initializer(), V1.tables_initializer()]
  with V1.Session(graph=graph) as session:
    session.run(init)
    if before is not None:
      session.run(before)
    return session.run(fetches)


def names(graph, key=KEYS.GLOBAL_VARIABLES):
  """The names (`scope/name:0`) of `graph`'s variables in collection `key`."""
  return [v.name for v in graph.get_collection(key)]


def graph():
  """A fresh graph with the tests' graph-level seed."""
  new = tf.Graph()
  with new.as_default():
    V1.set_random_seed(GRAPH_SEED)
  return new


def variable(graph, name):
  """`graph`'s global variable named `name` (`scope/name`, without `:0`)."""
  found = [v for v in graph.get_collection(KEYS.GLOBAL_VARIABLES)
           if v.op.name == name]
  assert len(found) == 1, (name, names(graph))
  return found[0]
