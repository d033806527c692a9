"""The errors `tf1_compat.estimator` raises on purpose.

TF 1.15's estimator raised plain `ValueError` and `TypeError`; ours subclass those
and `tf1_compat.framework.errors.Error`, so code written for TF1 (`except
ValueError`) keeps working and callers can also catch everything this library
diagnosed. Messages start with TF 1.15's text where it had one.
"""

from tf1_compat.framework import errors


class EstimatorValueError(errors.Error, ValueError):
  """An argument, `model_fn` result or `input_fn` result TF1 rejected."""


class EstimatorTypeError(errors.Error, TypeError):
  """An argument of the wrong kind (a hook that is no `SessionRunHook`, ...)."""


class NoTrainedModelError(EstimatorValueError):
  """There is no checkpoint where one is needed (TF1: `ValueError`)."""


class CheckpointMismatchError(EstimatorValueError):
  """`model_dir`'s checkpoint does not fit the graph the `model_fn` builds.

  TF 1.15 failed later, while restoring, with `tf.errors.NotFoundError` (a
  variable missing from the checkpoint) or `tf.errors.InvalidArgumentError` (a
  shape mismatch); this is raised before any session starts, so nothing in
  `model_dir` has been written.
  """


class PandasNotInstalledError(EstimatorTypeError):
  """`pandas_input_fn` was called but pandas cannot be imported."""


class NoNewCheckpointError(errors.Error, RuntimeError):
  """`train_and_evaluate` found no new checkpoint to evaluate after a save."""
