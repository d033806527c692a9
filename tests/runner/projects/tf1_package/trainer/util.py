"""Helpers the model imports relatively."""

import numpy as np


def make_data(num_points, seed):
  rng = np.random.RandomState(seed)
  x = rng.rand(num_points, 3).astype(np.float32)
  y = x.dot(np.array([[1.5], [-2.0], [0.5]], np.float32)) + 0.25
  return x, y
