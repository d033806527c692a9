"""The numpy random-generator argument shared by the data generators."""

import numpy as np


def as_rng(rng):
  """A `RandomState` or `Generator` as given; an int or None seeds a new
  `RandomState` (the generator behind TF1-era `np.random.*` calls)."""
  if isinstance(rng, (np.random.RandomState, np.random.Generator)):
    return rng
  return np.random.RandomState(rng)


def integers(rng, low, high, size):
  """Ints in `[low, high)` from either kind of numpy RNG."""
  if isinstance(rng, np.random.Generator):
    return rng.integers(low, high, size=size)
  return rng.randint(low, high, size=size)
