"""contrib.framework's tensor and graph helpers that TensorFlow 2 did not keep.

Shape assertions (`with_shape`, `with_same_shape`, `assert_scalar_int`),
`reduce_sum_n`, `remove_squeezable_dimensions` (contrib's argument order:
predictions first), graph lookups (`get_graph_from_inputs`, `get_placeholders`,
`get_name_scope`, `prepend_name_scope`, `strip_name_scope`) and the static-value
shortcuts `smart_cond`, `smart_case`, `smart_constant_value`, each with TF 1.15's
behaviour and messages.
"""

import re

import numpy as np
import tensorflow as tf

_V1 = tf.compat.v1


def reduce_sum_n(tensors, name=None):
  """The sum of all elements of all `tensors` (a scalar).

  Raises:
    ValueError: `tensors` is empty.
  """
  if not tensors:
    raise ValueError("No tensors provided.")
  with tf.name_scope(name or "reduce_sum_n") as scope:
    sums = [tf.reduce_sum(t, name="%s/sum" % t.op.name) for t in tensors]
    if len(sums) == 1:
      return sums[0]
    return tf.add_n(sums, name=scope)


def remove_squeezable_dimensions(predictions, labels, name=None):
  """Squeezes the last axis of whichever of the two has rank one higher.

  Uses the static ranks where both are known, `tf.cond`s otherwise.

  Returns:
    `(predictions, labels)`.
  """
  with tf.name_scope(name or "remove_squeezable_dimensions"):
    predictions = tf.convert_to_tensor(predictions)
    labels = tf.convert_to_tensor(labels)
    p_rank, l_rank = predictions.shape.rank, labels.shape.rank
    if p_rank is not None and l_rank is not None:
      if p_rank - l_rank == -1:
        labels = tf.squeeze(labels, [-1])
      elif p_rank - l_rank == 1:
        predictions = tf.squeeze(predictions, [-1])
      return predictions, labels
    rank_diff = tf.rank(predictions) - tf.rank(labels)
    if p_rank is None or predictions.shape[-1] in (None, 1):
      predictions = tf.cond(tf.equal(1, rank_diff),
                            lambda: tf.squeeze(predictions, [-1]),
                            lambda: predictions)
    if l_rank is None or labels.shape[-1] in (None, 1):
      labels = tf.cond(tf.equal(-1, rank_diff),
                       lambda: tf.squeeze(labels, [-1]), lambda: labels)
    return predictions, labels


def _expected_shape_array(expected_shape, tensor):
  """`expected_shape` as TF 1.15 accepts it: an int32 vector or a tensor."""
  if tf.is_tensor(expected_shape):
    if expected_shape.dtype.base_dtype != tf.int32:
      raise ValueError("Invalid dtype %s for shape %s expected of tensor %s."
                       % (expected_shape.dtype, expected_shape, tensor.name))
    return expected_shape
  if isinstance(expected_shape, tf.TensorShape):
    expected_shape = [-1 if d is None else d for d in expected_shape.as_list()]
  if isinstance(expected_shape, (list, tuple)):
    array = np.asarray(expected_shape)
    if not expected_shape:
      array = np.asarray([], dtype=np.int32)
    elif array.dtype == np.int64:
      array = array.astype(np.int32)
    expected_shape = array
  if isinstance(expected_shape, np.ndarray):
    if expected_shape.ndim > 1:
      raise ValueError("Invalid rank %s for shape %s expected of tensor %s."
                       % (expected_shape.ndim, expected_shape, tensor.name))
    if expected_shape.dtype != np.int32:
      raise ValueError("Invalid dtype %s for shape %s expected of tensor %s."
                       % (expected_shape.dtype, expected_shape, tensor.name))
  return expected_shape


def _assert_shape_op(expected_shape, tensor):
  with tf.name_scope("assert_shape") as scope:
    actual = tf.shape(tensor, name="actual")
    expected = tf.convert_to_tensor(expected_shape, tf.int32)
    same_rank = tf.equal(tf.size(expected), tf.rank(tensor))
    same_dims = tf.cond(
        same_rank,
        lambda: tf.reduce_all(tf.logical_or(tf.equal(expected, -1),
                                            tf.equal(expected, actual))),
        lambda: tf.constant(False))
    return _V1.Assert(tf.logical_and(same_rank, same_dims),
                      ["Wrong shape for %s [expected] [actual]." % tensor.name,
                       expected, actual], name=scope)


def with_shape(expected_shape, tensor):
  """`tensor`, checked against `expected_shape` (`-1` is any size).

  Static shapes are compared at once; otherwise an assert runs with `tensor`
  and the static shape is set. A `[1]`-shaped tensor expected as a scalar is
  reshaped to one, as in TF 1.15.

  Raises:
    ValueError: the static shapes disagree, `tensor` is sparse, or
      `expected_shape` is not an int32 vector.
  """
  if isinstance(tensor, tf.SparseTensor):
    raise ValueError("SparseTensor not supported.")
  expected = _expected_shape_array(expected_shape, tensor)
  actual = tensor.shape
  symbolic = tf.is_tensor(expected)
  if symbolic or not actual.is_fully_defined():
    with tf.name_scope("%s/" % tensor.op.name):
      if not symbolic and len(expected) < 1:
        return tf.reshape(tensor, [])
      with tf.control_dependencies([_assert_shape_op(expected, tensor)]):
        result = tf.identity(tensor)
      if not symbolic:
        result.set_shape([None if d == -1 else int(d) for d in expected])
      return result
  static = tf.TensorShape([None if d == -1 else int(d) for d in expected])
  if not actual.is_compatible_with(static):
    if len(expected) < 1 and actual.is_compatible_with([1]):
      with tf.name_scope("%s/" % tensor.op.name):
        return tf.reshape(tensor, [])
    raise ValueError("Invalid shape for tensor %s, expected %s, got %s."
                     % (tensor.name, expected, actual))
  return tensor


def with_same_shape(expected_tensor, tensor):
  """`tensor`, checked to have the shape of `expected_tensor`."""
  with tf.name_scope("%s/" % tensor.op.name):
    shape = expected_tensor.shape
    expected = (shape.as_list() if shape.is_fully_defined()
                else tf.shape(expected_tensor, name="expected_shape"))
    return with_shape(expected, tensor)


def assert_scalar_int(tensor, name=None):
  """`tensor`, checked to be a 0-D integer.

  Raises:
    ValueError: `tensor` is not of an integer type, or not 0-D.
  """
  with tf.name_scope(name or "assert_scalar_int") as scope:
    tensor = tf.convert_to_tensor(tensor)
    if not tensor.dtype.base_dtype.is_integer:
      raise ValueError("Expected integer type for %s, received type: %s."
                       % (tensor.name, tensor.dtype))
    return _V1.assert_scalar(tensor, name=scope)


def get_graph_from_inputs(op_input_list, graph=None):
  """The graph the tensors and operations in `op_input_list` belong to.

  Raises:
    TypeError: `graph` is not a `tf.Graph`.
    ValueError: the inputs come from different graphs, or not from `graph`.
  """
  if graph is not None and not isinstance(graph, tf.Graph):
    raise TypeError("Input graph needs to be a Graph: %s" % graph)
  found, first = graph, None
  for item in op_input_list:
    item_graph = getattr(item, "graph", None)
    if item_graph is None:
      continue
    if found is None:
      found, first = item_graph, item
    elif item_graph is not found:
      raise ValueError("%s must be from the same graph as %s."
                       % (item, first if first is not None else "the graph"))
  return found or _V1.get_default_graph()


def get_placeholders(graph):
  """The output tensors of every placeholder operation in `graph`."""
  return [op.outputs[0] for op in graph.get_operations()
          if op.type == "Placeholder"]


def get_name_scope():
  """The current name scope of the default graph, e.g. `"outer/inner"`."""
  return _V1.get_default_graph().get_name_scope()


def prepend_name_scope(name, import_scope):
  """`name` (an op or tensor name, maybe `^`-prefixed) moved under `import_scope`."""
  if not import_scope:
    return name
  if import_scope.endswith("/"):
    import_scope = import_scope[:-1]
  return re.sub(r"([\^]|loc:@|^)(.*)", r"\1" + import_scope + r"/\2",
                tf.compat.as_str(name))


def strip_name_scope(name, export_scope):
  """`name` with the leading `export_scope/` removed (also after `^`/`loc:@`)."""
  if not export_scope:
    return name
  if export_scope.endswith("/"):
    export_scope = export_scope[:-1]
  pattern = r"([\^]|loc:@|^)" + re.escape(export_scope) + r"[\/]+(.*)"
  return re.sub(pattern, r"\1\2", tf.compat.as_str(name), count=1)


def smart_constant_value(pred):
  """`pred`'s value if known before running the graph, else None.

  Raises:
    TypeError: `pred` is neither a bool, an int 0/1 nor a tensor.
  """
  if isinstance(pred, (bool, np.bool_)):
    return bool(pred)
  if isinstance(pred, int) and pred in (0, 1):
    return bool(pred)
  if tf.is_tensor(pred):
    value = tf.get_static_value(pred)
    return None if value is None else bool(value)
  raise TypeError("`pred` must be a Tensor, or a Python bool, or 1 or 0. "
                  "Found instead: %s" % type(pred))


def smart_cond(pred, true_fn=None, false_fn=None, name=None):
  """`true_fn()` or `false_fn()` directly when `pred` is static, else `tf.cond`.

  Raises:
    TypeError: `true_fn` or `false_fn` is not callable.
  """
  if not callable(true_fn):
    raise TypeError("`true_fn` must be callable.")
  if not callable(false_fn):
    raise TypeError("`false_fn` must be callable.")
  value = smart_constant_value(pred)
  if value is None:
    return tf.cond(pred, true_fn=true_fn, false_fn=false_fn, name=name)
  return true_fn() if value else false_fn()


def smart_case(pred_fn_pairs, default=None, exclusive=False, name="smart_case"):
  """`tf.case` that decides statically known predicates in Python.

  As in TF 1.15, the predicates are tried in order and, without `default`, the
  last pair's function is the default. With `exclusive`, more than one static
  true predicate is an error; non-static ones are checked by `tf.case`.

  Raises:
    ValueError: `pred_fn_pairs` is empty, or (exclusive) two static predicates
      are true.
  """
  pairs = list(pred_fn_pairs.items()) if isinstance(pred_fn_pairs, dict) else (
      list(pred_fn_pairs))
  if not pairs:
    raise ValueError("pred_fn_pairs must not be empty.")
  if default is None:
    default, pairs = pairs[-1][1], pairs[:-1]
  values = [smart_constant_value(pred) for pred, _ in pairs]
  if exclusive:
    if None in values:
      return tf.case(pairs, default=default, exclusive=True, name=name)
    if sum(values) > 1:
      raise ValueError("More than one condition evaluated as True but "
                       "exclusive=True.")
  with tf.name_scope(name):
    branch = default
    for (pred, fn) in reversed(pairs):
      branch = (lambda pred=pred, fn=fn, rest=branch:
                smart_cond(pred, fn, rest))
    return branch()
