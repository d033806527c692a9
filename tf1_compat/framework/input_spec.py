"""Input-shape contracts checked on every layer call, at graph-build time.

TF1 layers declared an `InputSpec` (rank, and the sizes of some axes once built) and
the base class refused an incompatible input before any op was created. The messages
here name the layer, what it expects and the shape it actually got.
"""

import dataclasses
from typing import Mapping, Optional

import tensorflow as tf


@dataclasses.dataclass(frozen=True)
class InputSpec:
  """What a layer accepts: an exact rank or a rank range, and fixed axis sizes.

  Attributes:
    ndim: Exact rank required, or None.
    min_ndim: Smallest rank accepted, or None.
    max_ndim: Largest rank accepted, or None.
    axes: `{axis: size}`; negative axes count from the end. A dimension that is
      unknown in the input is accepted, as in TF1.
  """
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
  """Raises ValueError naming `layer`, the expectation and the shape received.

  An input of unknown rank passes, as in TF1: nothing can be said about it before
  run time.
  """
  if spec is None:
    return
  shape = tf.TensorShape(inputs.shape)
  if shape.rank is None:
    return
  rank = shape.rank

  def fail(expected):
    raise ValueError(
        "Input 0 of %s is incompatible with the layer: expected %s, but received "
        "input with shape %s (rank %d)"
        % (describe_layer(layer), expected, shape, rank))

  if spec.ndim is not None and rank != spec.ndim:
    fail("rank %d" % spec.ndim)
  if spec.min_ndim is not None and rank < spec.min_ndim:
    fail("rank >= %d" % spec.min_ndim)
  if spec.max_ndim is not None and rank > spec.max_ndim:
    fail("rank <= %d" % spec.max_ndim)
  dims = shape.as_list()
  for axis, size in sorted(spec.axes.items()):
    if size is None or not -rank <= axis < rank:
      continue
    if dims[axis] is not None and dims[axis] != size:
      fail("axis %d of the input shape to be %d" % (axis, size))
