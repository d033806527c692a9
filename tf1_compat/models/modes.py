"""The modes of a course model's `build(hparams, mode)`, as in tf.estimator.

* `TRAIN`: the training graph: inputs, loss, `train_op`, summaries.
* `EVAL`: the graph evaluation fetches (no `train_op`).
* `INFER`: the graph that makes predictions (for the sequence models, the
  decoding or sampling graph, sharing the training graph's weights).

For `linear_regression` and `lenet` `EVAL` and `INFER` build the same graph; for
`char_lstm` and `seq2seq` they both build the inference graph.
"""

from tf1_compat.framework import errors

TRAIN = "train"
EVAL = "eval"
INFER = "infer"
MODES = (TRAIN, EVAL, INFER)


class ModeError(errors.Error, ValueError):
  """`build` was given a mode that is not one of `MODES`."""


def check_mode(mode, where):
  """Raises `ModeError` unless `mode` is one of `MODES`."""
  if mode not in MODES:
    raise ModeError("%s: mode must be one of %s, got %r"
                    % (where, "|".join(MODES), mode))
