"""`tf.estimator.inputs.numpy_input_fn`: an `input_fn` over numpy arrays.

Rows are batched as TF 1.15's queue-based feeding did (see `feeding`): in order
unless shuffled, epochs running into each other, the last batch partial.
`features` are a dict with `x`'s keys, or the single tensor of an array `x`;
`labels` likewise follow `y` (a dict or an array), and the `input_fn` returns
only features when `y` is None.
"""

import collections

import numpy as np

from tf1_compat.estimator import errors
from tf1_compat.estimator.inputs import feeding

# The key that packs an array `y` among the feature columns (TF1's).
_TARGET_KEY = "__target_key__"


def _unique_target_key(features):
  key = _TARGET_KEY
  while key in features:
    key += "_n"
  return key


def _ordered_features(x):
  """`x` as an ordered dict of arrays, sorted by key (an array: one entry)."""
  if isinstance(x, dict):
    if not x:
      raise errors.EstimatorValueError("x cannot be an empty dict")
    return collections.OrderedDict(
        sorted(((k, np.asarray(v)) for k, v in x.items()), key=lambda t: t[0]))
  if isinstance(x, np.ndarray):
    if x.size == 0:
      raise errors.EstimatorValueError("x cannot be an empty array")
    return collections.OrderedDict({"__direct_np_input__": x})
  raise errors.EstimatorTypeError(
      "x must be a dict or array; got {}".format(type(x).__name__))


def check_shuffle(shuffle):
  """TF 1.15's rule: `shuffle` must be given, as a bool."""
  if not isinstance(shuffle, bool):
    raise errors.EstimatorValueError(
        "shuffle must be provided and explicitly set as boolean (it is "
        "recommended to set it as True for training); got {}".format(shuffle))


def numpy_input_fn(x, y=None, batch_size=128, num_epochs=1, shuffle=None,
                   queue_capacity=1000, num_threads=1):
  """An `input_fn` returning batches of `x` (and `y`) as tensors.

  Args:
    x: A numpy array (one feature) or a dict of them, all of the same length.
    y: None, an array or a dict of arrays (keys distinct from `x`'s).
    batch_size: Rows per batch.
    num_epochs: Passes over the data; None repeats forever.
    shuffle: Required bool: shuffle rows (for training) or keep their order.
    queue_capacity: Rows in the shuffle buffer.
    num_threads: TF1's reader threads; each reads `num_epochs` epochs, so keep
      1 for a repeatable order.

  Returns:
    `input_fn()` -> `features` or `(features, labels)`.

  Raises:
    EstimatorValueError: `shuffle` is not a bool (at once); when the
      `input_fn` is called: empty `x` or `y`, keys in both, or arrays of
      different lengths.
    EstimatorTypeError: `x` is neither a dict nor an array (when called).
  """
  check_shuffle(shuffle)

  def input_fn():
    columns = _ordered_features(x)
    feature_keys = list(columns.keys())
    if y is None:
      target_keys = None
    elif isinstance(y, dict):
      if not y:
        raise errors.EstimatorValueError(
            "y cannot be empty dict, use None instead.")
      ordered_y = collections.OrderedDict(
          sorted(((k, np.asarray(v)) for k, v in y.items()), key=lambda t: t[0]))
      target_keys = list(ordered_y.keys())
      duplicates = set(feature_keys) & set(target_keys)
      if duplicates:
        raise errors.EstimatorValueError(
            "{} duplicate keys are found in both x and y: {}".format(
                len(duplicates), duplicates))
      columns.update(ordered_y)
    else:
      target_keys = _unique_target_key(columns)
      columns[target_keys] = np.asarray(y)

    if len({v.shape[:1] for v in columns.values()}) != 1:
      x_shapes = {k: columns[k].shape for k in feature_keys}
      if target_keys is None:
        y_shapes = None
      elif isinstance(target_keys, str):
        y_shapes = np.shape(y)
      else:
        y_shapes = {k: columns[k].shape for k in target_keys}
      raise errors.EstimatorValueError(
          "Length of tensors in x and y is mismatched. All elements in x and y "
          "must have the same length.\nShapes in x: {}\nShapes in y: {}\n"
          .format(x_shapes, y_shapes))

    batch = feeding.batch_columns(list(columns.values()), batch_size,
                                  num_epochs, shuffle, queue_capacity,
                                  num_threads)
    if isinstance(x, np.ndarray):
      features = batch[0]
    else:
      features = dict(zip(feature_keys, batch[:len(feature_keys)]))
    if target_keys is None:
      return features
    if isinstance(target_keys, str):
      return features, batch[-1]
    return features, dict(zip(target_keys, batch[-len(target_keys):]))

  return input_fn
