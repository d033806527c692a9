"""`tf.estimator.inputs.numpy_input_fn`: TF 1.15's batches, epochs and errors.

Arrays, batch sizes and expected batches are those of TF 1.15's
`numpy_io_test.py`; the tensors are read in a plain `tf.Session` (TF1's tests
also started queue runners, which this input function does not need) and in a
`MonitoredSession`.
"""

import numpy as np
import pytest
import tensorflow as tf

from tf1_compat.estimator import errors
from tf1_compat.estimator.inputs import numpy_input_fn

V1 = tf.compat.v1


def _batches(tensors, session_type=V1.Session):
  """Every value of `tensors` until the input ends."""
  values = []
  with session_type() as session:
    while True:
      try:
        values.append(session.run(tensors))
      except tf.errors.OutOfRangeError:
        return values
      if isinstance(session, V1.train.MonitoredSession) and \
          session.should_stop():
        return values


def _xy(n, start=32):
  return {"a": np.arange(n) * 1.0, "b": np.arange(start, start + n)}, \
      np.arange(-32, -32 + n)


@pytest.mark.parametrize("n, batch_size, num_epochs, a, b, y", [
    (4, 2, 1, [[0, 1], [2, 3]], [[32, 33], [34, 35]], [[-32, -31], [-30, -29]]),
    (2, 128, 2, [[0, 1, 0, 1]], [[32, 33, 32, 33]], [[-32, -31, -32, -31]]),
    (4, 2, 0, [], [], []),
    (5, 2, 1, [[0, 1], [2, 3], [4]], [[32, 33], [34, 35], [36]],
     [[-32, -31], [-30, -29], [-28]]),
    (3, 2, 3, [[0, 1], [2, 0], [1, 2], [0, 1], [2]],
     [[32, 33], [34, 32], [33, 34], [32, 33], [34]],
     [[-32, -31], [-30, -32], [-31, -30], [-32, -31], [-30]]),
    (4, 10, 1, [[0, 1, 2, 3]], [[32, 33, 34, 35]], [[-32, -31, -30, -29]]),
])
def test_batches_and_epochs(n, batch_size, num_epochs, a, b, y):
  x, target = _xy(n)
  with tf.Graph().as_default():
    input_fn = numpy_input_fn(x, target, batch_size=batch_size,
                              num_epochs=num_epochs, shuffle=False)
    features, labels = input_fn()
    batches = _batches([features, labels])
  assert [f["a"].tolist() for f, _ in batches] == a
  assert [f["b"].tolist() for f, _ in batches] == b
  assert [t.tolist() for _, t in batches] == y


def test_dtypes_and_shapes():
  with tf.Graph().as_default():
    features, labels = numpy_input_fn(
        {"a": np.array([[1, 2], [3, 4]]), "b": np.array([5.0, 6.0])},
        np.arange(-32, -30), batch_size=2, shuffle=False)()
    assert features["a"].dtype == tf.int64
    assert features["b"].dtype == tf.float64
    assert features["a"].shape.as_list() == [None, 2]
    (f, t), = _batches([features, labels])
  assert f["a"].tolist() == [[1, 2], [3, 4]]
  assert f["b"].tolist() == [5, 6]
  assert t.tolist() == [-32, -31]


def test_forever_gives_full_static_batches():
  x, y = _xy(3)
  with tf.Graph().as_default():
    features, labels = numpy_input_fn(x, y, batch_size=2, num_epochs=None,
                                      shuffle=False)()
    assert features["a"].shape.as_list() == [2]
    assert labels.shape.as_list() == [2]
    with V1.Session() as session:
      values = [session.run(features["a"]).tolist() for _ in range(4)]
  assert values == [[0, 1], [2, 0], [1, 2], [0, 1]]


def test_shuffle_keeps_every_row_once_per_epoch():
  x = {"a": np.arange(20)}
  with tf.Graph().as_default():
    V1.set_random_seed(3)
    features = numpy_input_fn(x, batch_size=6, num_epochs=2, shuffle=True)()
    batches = _batches(features["a"])
  rows = np.concatenate(batches)
  assert [len(b) for b in batches] == [6, 6, 6, 6, 6, 6, 4]
  assert sorted(rows.tolist()) == sorted(list(range(20)) * 2)
  assert rows.tolist() != list(range(20)) * 2

  def seeded_rows():
    with tf.Graph().as_default():
      V1.set_random_seed(3)
      features = numpy_input_fn(x, batch_size=6, num_epochs=2, shuffle=True)()
      return np.concatenate(_batches(features["a"])).tolist()

  assert seeded_rows() == rows.tolist()


def test_y_none_gives_features_only():
  x, _ = _xy(4)
  with tf.Graph().as_default():
    features = numpy_input_fn(x, batch_size=2, shuffle=False)()
    batches = _batches(features)
  assert len(batches) == 2
  assert sorted(batches[0]) == ["a", "b"]
  assert batches[0]["a"].tolist() == [0, 1]


def test_y_as_dict():
  x, _ = _xy(4)
  y = {"y1": np.arange(-32, -28), "y2": np.arange(32, 28, -1)}
  with tf.Graph().as_default():
    features, targets = numpy_input_fn(x, y, batch_size=2, shuffle=False)()
    batches = _batches([features, targets])
  assert len(batches) == 2
  f, t = batches[0]
  assert sorted(f) == ["a", "b"] and sorted(t) == ["y1", "y2"]
  assert t["y1"].tolist() == [-32, -31]
  assert t["y2"].tolist() == [32, 31]


def test_x_as_array_gives_a_tensor():
  x = np.arange(16).reshape(4, 2, 2) * 1.0
  y = np.arange(-48, -32).reshape(4, 2, 2)
  with tf.Graph().as_default():
    features, target = numpy_input_fn(x, y, batch_size=2, shuffle=False)()
    assert isinstance(features, tf.Tensor)
    batches = _batches([features, target], V1.train.MonitoredSession)
  assert len(batches) == 2
  assert batches[0][0].tolist() == [[[0, 1], [2, 3]], [[4, 5], [6, 7]]]
  assert batches[0][1].tolist() == [[[-48, -47], [-46, -45]],
                                    [[-44, -43], [-42, -41]]]


def test_x_array_and_y_dict():
  with tf.Graph().as_default():
    features, targets = numpy_input_fn(np.arange(4) * 1.0,
                                       {"y1": np.arange(-32, -28)},
                                       batch_size=2, shuffle=False)()
    (f, t), _ = _batches([features, targets], V1.train.MonitoredSession)
  assert f.tolist() == [0, 1]
  assert list(t) == ["y1"] and t["y1"].tolist() == [-32, -31]


def test_array_and_dict_give_the_same_output():
  x = np.vstack((np.arange(4) * 1.0, np.arange(32, 36)))
  y = np.arange(-48, -40).reshape(2, 4)
  with tf.Graph().as_default():
    arrays = numpy_input_fn(x, y, batch_size=2, shuffle=False)()
    dicts = numpy_input_fn({"feature1": x}, y, batch_size=2, shuffle=False)()
    with V1.train.MonitoredSession() as session:
      (fa, ta), (fd, td) = session.run([arrays, dicts])
  assert fa.tolist() == fd["feature1"].tolist()
  assert ta.tolist() == td.tolist()


def test_strings_and_a_target_key_already_in_x():
  array = np.arange(32, 36)
  x = {"__target_key__": array, "s": np.array(["a", "bb", "c", "d"])}
  with tf.Graph().as_default():
    features, target = numpy_input_fn(x, np.arange(4), batch_size=2,
                                      shuffle=False)()
    (f, t), _ = _batches([features, target])
  assert sorted(x) == ["__target_key__", "s"]
  assert x["__target_key__"] is array
  assert f["__target_key__"].tolist() == [32, 33]
  assert f["s"].tolist() == [b"a", b"bb"]
  assert t.tolist() == [0, 1]


def test_each_session_starts_again():
  x, y = _xy(4)
  with tf.Graph().as_default():
    features, _ = numpy_input_fn(x, y, batch_size=3, shuffle=False)()
    first = [b["a"].tolist() for b in _batches(features)]
    second = [b["a"].tolist() for b in _batches(features)]
  assert first == second == [[0, 1, 2], [3]]


@pytest.mark.parametrize("x, y, error, message", [
    (list(range(32, 36)), np.arange(4), TypeError, "x must be a dict or array"),
    ({}, np.arange(4), ValueError, "x cannot be an empty"),
    (np.array([[], []]), np.arange(4), ValueError, "x cannot be an empty"),
    (_xy(4)[0], {}, ValueError, "y cannot be empty"),
    (_xy(4)[0], {"y1": np.arange(4), "a": np.arange(4), "b": np.arange(4)},
     ValueError, "2 duplicate keys are found in both x and y"),
    (_xy(4)[0], np.arange(10), ValueError,
     "Length of tensors in x and y is mismatched."),
    ({"a": np.arange(1), "b": np.arange(4)}, None, ValueError,
     "Length of tensors in x and y is mismatched."),
])
def test_errors_when_called(x, y, error, message):
  input_fn = numpy_input_fn(x, y, batch_size=2, shuffle=False)
  with tf.Graph().as_default():
    with pytest.raises(error, match=message) as raised:
      input_fn()
  assert isinstance(raised.value, errors.EstimatorValueError
                    if error is ValueError else errors.EstimatorTypeError)


def test_shuffle_must_be_given():
  with pytest.raises(ValueError, match="shuffle must be provided and "
                                       "explicitly set as boolean"):
    numpy_input_fn(np.arange(32, 36), np.arange(4))
