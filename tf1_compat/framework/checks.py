"""Constructor argument checks shared by the cells, layers and seq2seq classes.

TF 1.15 accepted `BasicLSTMCell(-1)` or `Dense(0)` and failed much later, deep
inside TensorFlow, with a message about a shape. These checks run when the object
is built and name the class, the argument, what it accepts and what it got.
"""

import numbers

import tensorflow as tf

from tf1_compat.framework import errors


class ArgumentError(errors.Error, ValueError, TypeError):
  """A constructor argument has a value (or type) it cannot take.

  Both a `ValueError` and a `TypeError`, so code catching either, as TF1 code
  does for bad sizes and bad types respectively, still catches it.
  """


class GraphModeError(errors.Error, RuntimeError):
  """A TF1 graph-mode object was used while TensorFlow executes eagerly."""


def _integer_value(value):
  if isinstance(value, tf.compat.v1.Dimension):
    value = value.value
  if isinstance(value, bool) or not isinstance(value, numbers.Integral):
    return None
  return int(value)


def positive_int(value, name, owner):
  """`value` as an int when it is an integer >= 1; `ArgumentError` otherwise.

  `owner` names the class (e.g. `"BasicLSTMCell"`) in the message.
  """
  number = _integer_value(value)
  if number is None or number < 1:
    raise ArgumentError("%s: %s must be a positive integer, got %r"
                        % (owner, name, value))
  return number


def positive_int_or_none(value, name, owner):
  """None, or `positive_int(value, name, owner)`."""
  return None if value is None else positive_int(value, name, owner)


def keep_probability(value, name, owner):
  """A constant keep probability in (0, 1] as a float; a tensor is returned as is.

  0 would divide the kept values by zero, so it is refused.
  """
  if isinstance(value, numbers.Real) and not isinstance(value, bool):
    constant = float(value)
  else:
    tensor = tf.convert_to_tensor(value)
    constant = tf.get_static_value(tensor)
    if constant is None:
      return tensor
    constant = float(constant)
  if not 0.0 < constant <= 1.0:
    raise ArgumentError("%s: %s must be in (0, 1], got %r" % (owner, name, value))
  return constant


def require_graph_mode(owner):
  """Raises `GraphModeError` when eager execution meets TF2's tensor equality.

  TF 1.15's cells and layers also ran eagerly (its own tests run most of them
  in both modes), and so do ours under TF1's behaviour (`tf1-run`,
  `disable_v2_behavior`). What breaks them is TF2's tensor equality, on by
  default with eager execution: it makes variables unhashable, and TF1 code
  keys collections and variable stores by them.
  """
  if tf.executing_eagerly() and getattr(tf.Tensor, "_USE_EQUALITY", True):
    raise GraphModeError(
        "%s builds TF1 graph ops and needs graph mode, but TensorFlow is "
        "executing eagerly (TF2's default): build inside `with "
        "tf.Graph().as_default():`, or call "
        "tf.compat.v1.disable_eager_execution() first (`import tf1_compat.v1 as "
        "tf` does that at its first graph-building call)" % owner)
