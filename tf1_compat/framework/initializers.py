"""TF1 initializer objects in layer configs and by Keras name.

`serialize`/`get` turn the `tf.compat.v1` initializer classes
(`glorot_uniform_initializer`, `constant_initializer`, ...) that TF1 cells and
layers take into `{"class_name", "config"}` dicts and back. `get` also resolves
the Keras identifiers (`"glorot_uniform"`, `"ones"`, `"Zeros"`, ...) that TF
1.15's Keras-style contrib cells (`MinimalRNNCell`, `CFNCell`) accept, to the
same v1 initializers TF 1.15's `keras.initializers.get` returned in graph mode,
Keras' own defaults included (`random_normal` has stddev 0.05, not 1).
"""

import functools
import inspect

import tensorflow as tf

_V1 = tf.compat.v1

# Keras identifier -> the v1 initializer (class or factory) it meant in TF 1.15.
_BY_KERAS_NAME = {
    "glorot_normal": _V1.glorot_normal_initializer,
    "glorot_uniform": _V1.glorot_uniform_initializer,
    "he_normal": _V1.initializers.he_normal,
    "he_uniform": _V1.initializers.he_uniform,
    "identity": _V1.initializers.identity,
    "lecun_normal": _V1.initializers.lecun_normal,
    "lecun_uniform": _V1.initializers.lecun_uniform,
    "ones": _V1.ones_initializer,
    "orthogonal": _V1.orthogonal_initializer,
    "random_normal": functools.partial(_V1.random_normal_initializer,
                                       stddev=0.05),
    "random_uniform": functools.partial(_V1.random_uniform_initializer,
                                        minval=-0.05, maxval=0.05),
    "truncated_normal": functools.partial(_V1.truncated_normal_initializer,
                                          stddev=0.05),
    "zeros": _V1.zeros_initializer,
}
# Keras' class spellings of the same identifiers.
_CLASS_SPELLINGS = {
    "GlorotNormal": "glorot_normal", "GlorotUniform": "glorot_uniform",
    "HeNormal": "he_normal", "HeUniform": "he_uniform", "Identity": "identity",
    "LecunNormal": "lecun_normal", "LecunUniform": "lecun_uniform",
    "Ones": "ones", "Orthogonal": "orthogonal", "RandomNormal": "random_normal",
    "RandomUniform": "random_uniform", "TruncatedNormal": "truncated_normal",
    "Zeros": "zeros",
}


def _classes():
  found = {}
  for name in dir(tf.compat.v1.initializers):
    value = getattr(tf.compat.v1.initializers, name)
    if inspect.isclass(value):
      found[value.__name__] = value
  return found


def serialize(initializer):
  """None, or `{"class_name": ..., "config": initializer.get_config()}`."""
  if initializer is None:
    return None
  return {"class_name": type(initializer).__name__,
          "config": initializer.get_config()}


def get(initializer):
  """`initializer` itself, a Keras identifier's initializer, or the object a
  `serialize` dict describes.

  Raises:
    ValueError: an unknown identifier or class name, listing the known ones.
  """
  if isinstance(initializer, str):
    name = _CLASS_SPELLINGS.get(initializer, initializer)
    if name not in _BY_KERAS_NAME:
      raise ValueError("Unknown initializer %r; expected an initializer object "
                       "or one of %s" % (initializer,
                                         ", ".join(sorted(_BY_KERAS_NAME))))
    return _BY_KERAS_NAME[name]()
  if not isinstance(initializer, dict):
    return initializer
  classes = _classes()
  name = initializer.get("class_name")
  if name not in classes:
    raise ValueError("Unknown initializer class %r in %r; expected one of %s"
                     % (name, initializer, ", ".join(sorted(classes))))
  return classes[name](**initializer.get("config", {}))
