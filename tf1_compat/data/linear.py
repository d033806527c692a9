"""Points near the line y = 3x - 1, the data of the slides' linear regression.

Each point is `x ~ U[0, 1)`, `y = 3x - 1 + 1e-4 * N(0, 1)`, drawn as the course
loop did: first `x` (`random()`), then the noise (`randn()`), point after point.
With a `RandomState` seeded `s` the points therefore equal those of a script that
called `np.random.seed(s)` and then the course's loop.
"""

import collections

import numpy as np

from tf1_compat.data import _rng

SLOPE = 3.0
INTERCEPT = -1.0
NOISE_STDDEV = 1e-4


class LinearPoints(collections.namedtuple("LinearPoints", ("x", "y"))):
  """Float64 abscissas `x` `[N]` and ordinates `y` `[N]`."""
  __slots__ = ()


def linear_points(num_points, rng=None):
  """`num_points` noisy points of y = 3x - 1.

  Args:
    num_points: how many points, >= 0.
    rng: a `np.random.RandomState` or `np.random.Generator` (advanced in place),
      or an int seed / None for a fresh `RandomState`.

  Returns:
    `LinearPoints(x, y)`.
  """
  if num_points < 0:
    raise ValueError("linear_points: expected num_points >= 0, found %d"
                     % num_points)
  rng = _rng.as_rng(rng)
  x = np.empty(num_points)
  noise = np.empty(num_points)
  for i in range(num_points):
    x[i] = rng.random()
    noise[i] = rng.standard_normal()
  return LinearPoints(x=x, y=SLOPE * x + INTERCEPT + NOISE_STDDEV * noise)
