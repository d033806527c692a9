"""Points near y = 3x - 1, drawn in the course loop's order."""

import numpy as np
import pytest

from tf1_compat.data import linear


def test_same_points_as_the_course_loop_after_np_random_seed():
  saved = np.random.get_state()
  try:
    np.random.seed(42)
    expected = []
    for _ in range(100):
      data_x = np.random.random()
      data_y = 3.0 * data_x - 1.0 + 0.0001 * np.random.randn()
      expected.append((data_x, data_y))
  finally:
    np.random.set_state(saved)
  points = linear.linear_points(100, rng=42)
  np.testing.assert_array_equal(points.x, [x for x, _ in expected])
  np.testing.assert_array_equal(points.y, [y for _, y in expected])


def test_points_lie_near_the_line():
  points = linear.linear_points(1000, rng=np.random.default_rng(0))
  assert np.all((points.x >= 0.0) & (points.x < 1.0))
  residual = points.y - (3.0 * points.x - 1.0)
  assert np.abs(residual).max() < 6e-4
  assert 0.5e-4 < residual.std() < 2e-4


def test_errors_and_empty():
  assert linear.linear_points(0).x.shape == (0,)
  with pytest.raises(ValueError, match="num_points >= 0, found -1"):
    linear.linear_points(-1)
