"""`tf.estimator.inputs.pandas_input_fn`, with real pandas or, without it, a fake.

pandas is not a dependency. Without it, `pandas_input_fn` must say so; the
batching is then checked against a minimal stand-in `pandas` module (a
DataFrame of named numpy columns with an index), using the frames and expected
batches of TF 1.15's `pandas_io_test.py`.
"""

import importlib.util
import sys
import types

import numpy as np
import pytest
import tensorflow as tf

from tf1_compat.estimator import errors
from tf1_compat.estimator.inputs import pandas_input_fn

V1 = tf.compat.v1
HAVE_PANDAS = importlib.util.find_spec("pandas") is not None


class _FakeSeries:

  def __init__(self, values, index):
    self.values = np.asarray(values)
    self.index = np.asarray(index)


class _FakeDataFrame:
  """The part of `pandas.DataFrame` that `pandas_input_fn` uses."""

  def __init__(self, data, index):
    self._columns = {k: np.asarray(v) for k, v in data.items()}
    self.index = np.asarray(index)

  @property
  def columns(self):
    return list(self._columns)

  def copy(self):
    return _FakeDataFrame(self._columns, self.index)

  def __contains__(self, name):
    return name in self._columns

  def __iter__(self):
    return iter(self._columns)

  def __len__(self):
    return len(self.index)

  def __getitem__(self, name):
    return _FakeSeries(self._columns[name], self.index)

  def __setitem__(self, name, series):
    self._columns[name] = np.asarray(getattr(series, "values", series))


@pytest.fixture
def pd(monkeypatch):
  """Real pandas if installed, else the fake as `pandas` in `sys.modules`."""
  if HAVE_PANDAS:
    return importlib.import_module("pandas")
  fake = types.ModuleType("pandas")
  fake.DataFrame = type("DataFrame", (_FakeDataFrame,), {})
  fake.Series = type("Series", (_FakeSeries,), {})
  monkeypatch.setitem(sys.modules, "pandas", fake)
  return fake


def _frame(pd):
  index = np.arange(100, 104)
  x = pd.DataFrame({"a": np.arange(4), "b": np.arange(32, 36)}, index=index)
  y = pd.Series(np.arange(-32, -28), index=index)
  return x, y


def _run(tensors):
  values = []
  with V1.Session() as session:
    while True:
      try:
        values.append(session.run(tensors))
      except tf.errors.OutOfRangeError:
        return values


@pytest.mark.skipif(HAVE_PANDAS, reason="pandas is installed")
def test_without_pandas_the_error_says_so(monkeypatch):
  monkeypatch.setitem(sys.modules, "pandas", None)
  with pytest.raises(errors.PandasNotInstalledError,
                     match="pandas_input_fn should not be called without "
                           "pandas installed: .*pip install pandas") as raised:
    pandas_input_fn(object(), shuffle=False)
  assert isinstance(raised.value, TypeError)


def test_batches_of_features_and_target(pd):
  x, y = _frame(pd)
  with tf.Graph().as_default():
    features, target = pandas_input_fn(x, y, batch_size=2, shuffle=False,
                                       num_epochs=1)()
    batches = _run([features, target])
  assert [sorted(f) for f, _ in batches] == [["a", "b"]] * 2
  assert [f["a"].tolist() for f, _ in batches] == [[0, 1], [2, 3]]
  assert [f["b"].tolist() for f, _ in batches] == [[32, 33], [34, 35]]
  assert [t.tolist() for _, t in batches] == [[-32, -31], [-30, -29]]


def test_partial_batch_over_epochs(pd):
  index = np.arange(100, 102)
  x = pd.DataFrame({"a": np.arange(2), "b": np.arange(32, 34)}, index=index)
  y = pd.Series(np.arange(-32, -30), index=index)
  with tf.Graph().as_default():
    features, target = pandas_input_fn(x, y, batch_size=3, shuffle=False,
                                       num_epochs=2)()
    batches = _run([features, target])
  assert [f["a"].tolist() for f, _ in batches] == [[0, 1, 0], [1]]
  assert [t.tolist() for _, t in batches] == [[-32, -31, -32], [-31]]


def test_dataframe_target_and_no_target(pd):
  x, _ = _frame(pd)
  index = np.arange(100, 104)
  y = pd.DataFrame({"a": np.arange(-32, -28), "c": np.arange(-2, 2)},
                   index=index)
  with tf.Graph().as_default():
    features, target = pandas_input_fn(x, y, batch_size=4, shuffle=False)()
    only_features = pandas_input_fn(x, batch_size=4, shuffle=False)()
    ((f, t),) = _run([features, target])
    (g,) = _run(only_features)
  assert sorted(f) == ["a", "b"] and sorted(t) == ["a", "c"]
  assert f["a"].tolist() == [0, 1, 2, 3]
  assert t["a"].tolist() == [-32, -31, -30, -29]
  assert t["c"].tolist() == [-2, -1, 0, 1]
  assert sorted(g) == ["a", "b"]
  assert sorted(x.columns) == ["a", "b"]


def test_errors(pd):
  x, y = _frame(pd)
  with pytest.raises(ValueError, match="shuffle must be provided"):
    pandas_input_fn(x, y)
  with pytest.raises(TypeError, match="target_column must be a string type"):
    pandas_input_fn(x, y, shuffle=False, target_column=1)
  with pytest.raises(ValueError, match="Cannot use name a for target column"):
    pandas_input_fn(x, y, shuffle=False, target_column="a")
  shifted = pd.Series(np.arange(4), index=np.arange(4))
  with pytest.raises(ValueError, match="Index for x and y are mismatched"):
    pandas_input_fn(x, shifted, shuffle=False)
