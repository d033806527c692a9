"""Input contracts checked on every layer call, at graph-build time.

TF1 layers declared an `InputSpec` (dtype, rank, shape, and the sizes of some axes
once built) and the base class refused an incompatible input before any op was
created, with the messages of TF 1.15's `input_spec.assert_input_compatibility`
(`expected ndim=2, found ndim=1`), which TF1 code and tests match. The layer is
named with its variable scope when that says more. A TF 1.15 `InputSpec` from
elsewhere (e.g. `tensorflow.python.keras.engine.input_spec`, which TF 1.15's own
tests use) is checked the same way.
"""

import dataclasses
from typing import Mapping, Optional

import tensorflow as tf


@dataclasses.dataclass(frozen=True)
class InputSpec:
  """What a layer accepts: dtype, exact rank or a rank range, shape, axis sizes.

  Attributes:
    dtype: Required dtype (a `tf.DType` or its name), or None.
    shape: Required shape, None for a free dimension, or None.
    ndim: Exact rank required, or None.
    min_ndim: Smallest rank accepted, or None.
    max_ndim: Largest rank accepted, or None.
    axes: `{axis: size}`; negative axes count from the end. A dimension that is
      unknown in the input is accepted, as in TF1.
  """
  dtype: Optional[object] = None
  shape: Optional[tuple] = None
  ndim: Optional[int] = None
  min_ndim: Optional[int] = None
  max_ndim: Optional[int] = None
  axes: Mapping[int, int] = dataclasses.field(default_factory=dict)


def describe_layer(layer):
  """`'dense_1'`, plus the variable scope when it says more than the name."""
  try:
    scope = layer.scope_name
  except ValueError:  # Not called yet: the scope is not fixed.
    scope = None
  if scope and scope != layer.name:
    return "layer %r (variable scope %r)" % (layer.name, scope)
  return "layer %r" % layer.name


def assert_input_compatibility(spec, inputs, layer):
  """Raises ValueError naming `layer`, the expectation and what it received.

  An input of unknown rank is refused when the spec constrains the rank, as in
  TF 1.15; unknown dimensions pass the shape and axis checks.
  """
  if spec is None:
    return
  shape = tf.TensorShape(inputs.shape)
  prefix = "Input 0 of %s is incompatible with the layer: " % describe_layer(
      layer)

  def get(name):
    return getattr(spec, name, None)

  if (get("ndim") is not None or get("min_ndim") is not None
      or get("max_ndim") is not None) and shape.rank is None:
    raise ValueError(prefix + "its rank is undefined, but the layer requires a "
                     "defined rank.")
  rank = shape.rank
  found = ", found ndim=%s. Full shape received: %s" % (
      rank, shape.as_list() if rank is not None else None)
  if get("ndim") is not None and rank != spec.ndim:
    raise ValueError(prefix + "expected ndim=%d" % spec.ndim + found)
  if get("max_ndim") is not None and rank > spec.max_ndim:
    raise ValueError(prefix + "expected max_ndim=%d" % spec.max_ndim + found)
  if get("min_ndim") is not None and rank < spec.min_ndim:
    raise ValueError(prefix + "expected min_ndim=%d" % spec.min_ndim + found)
  if get("dtype") is not None and inputs.dtype != tf.as_dtype(spec.dtype):
    raise ValueError(prefix + "expected dtype=%s, found dtype=%s"
                     % (tf.as_dtype(spec.dtype).name, inputs.dtype))
  if rank is None:
    return
  dims = shape.as_list()
  for axis, size in sorted((get("axes") or {}).items()):
    size = tf.compat.dimension_value(size)
    if size is None or not -rank <= int(axis) < rank:
      continue
    if dims[int(axis)] not in (size, None):
      raise ValueError(prefix + "expected axis %d of input shape to have value "
                       "%d but received input with shape %s"
                       % (axis, size, dims))
  if get("shape") is not None:
    for expected, dim in zip(tuple(spec.shape), dims):
      expected = tf.compat.dimension_value(expected)
      if expected is not None and dim is not None and expected != dim:
        raise ValueError(prefix + "expected shape=%s, found shape=%s"
                         % (tuple(spec.shape), tuple(dims)))
