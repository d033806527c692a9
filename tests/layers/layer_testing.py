"""Tiny shared fixtures for the tf.layers tests: a seeded graph and its session."""

import contextlib

import numpy as np
import tensorflow as tf

V1 = tf.compat.v1
KEYS = V1.GraphKeys
GRAPH_SEED = 42


@contextlib.contextmanager
def graph_session():
  """A fresh seeded `tf.Graph` as default, and a `Session` on it."""
  graph = tf.Graph()
  with graph.as_default():
    V1.set_random_seed(GRAPH_SEED)
    with V1.Session(graph=graph) as session:
      yield session


def names(variables):
  """Variable names without the `:0` suffix, in order."""
  return [v.name.split(":")[0] for v in variables]


def global_names():
  return names(V1.global_variables())


def trainable_names():
  return names(V1.trainable_variables())


def collection(key):
  return V1.get_collection(key)


def random(shape, seed=0, scale=1.0, offset=0.0):
  """Deterministic float32 normal samples."""
  rng = np.random.default_rng(seed)
  return (rng.normal(size=shape) * scale + offset).astype(np.float32)


def initialize(session):
  session.run(V1.global_variables_initializer())
