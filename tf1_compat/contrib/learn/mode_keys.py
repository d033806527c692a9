"""`tf.contrib.learn.ModeKeys`: contrib.learn's model-function modes."""

from tf1_compat.framework import errors


class InvalidModeError(errors.Error, ValueError):
  """`ModeKeys.validate` got something other than a contrib.learn mode."""


class ModeKeys:
  """The modes a contrib.learn model function is built for.

  Unlike `tf.estimator.ModeKeys` (`TRAIN`, `EVAL`, `PREDICT`), inference is
  `INFER`; its value, `"infer"`, is the one `tf.estimator.ModeKeys.PREDICT` has.
  """

  TRAIN = "train"
  EVAL = "eval"
  INFER = "infer"

  @classmethod
  def validate(cls, key):
    """Raises ValueError unless `key` is one of the three modes."""
    modes = (cls.TRAIN, cls.EVAL, cls.INFER)
    if key not in modes:
      raise InvalidModeError("Invalid mode %r; expected one of %s"
                             % (key, ", ".join(repr(m) for m in modes)))
