"""`tf.estimator.WarmStartSettings`: start a new model from another's checkpoint.

Warm-starting happens only when the Estimator has no checkpoint of its own yet
(a checkpoint in `model_dir`, once written, wins), right after the `model_fn` has
built the graph: `tf.compat.v1.train.warm_start` replaces the initializers of the
chosen variables with values read from `ckpt_to_initialize_from`.
`warm_start_from` may be such settings, a checkpoint path or directory (all
trainable variables, same names), or a SavedModel directory (its
`variables/variables` checkpoint).
"""

import collections
import os

import tensorflow as tf

from tf1_compat.estimator import errors

_V1 = tf.compat.v1

# TensorFlow's own class, as in TF 1.15.
VocabInfo = _V1.train.VocabInfo


class WarmStartSettings(collections.namedtuple("WarmStartSettings", [
    "ckpt_to_initialize_from", "vars_to_warm_start", "var_name_to_vocab_info",
    "var_name_to_prev_var_name"])):
  """What to warm-start, from where, and how names and vocabularies map.

  Attributes:
    ckpt_to_initialize_from: A checkpoint path, or a directory whose latest
      checkpoint is used. Required.
    vars_to_warm_start: A regular expression over TRAINABLE variables (default
      `.*`: all of them); a list of regular expressions over all GLOBAL
      variables (so `[".*"]` includes optimizer slots and moving averages); a
      list of `Variable`s; or None for only those in `var_name_to_vocab_info`.
    var_name_to_vocab_info: `{variable name: VocabInfo}` for embeddings whose
      vocabulary changed.
    var_name_to_prev_var_name: `{variable name: its name in the checkpoint}`.
  """

  def __new__(cls, ckpt_to_initialize_from, vars_to_warm_start=".*",
              var_name_to_vocab_info=None, var_name_to_prev_var_name=None):
    if not ckpt_to_initialize_from:
      raise errors.EstimatorValueError(
          "`ckpt_to_initialize_from` MUST be set in WarmStartSettings")
    return super().__new__(cls, ckpt_to_initialize_from, vars_to_warm_start,
                           var_name_to_vocab_info or {},
                           var_name_to_prev_var_name or {})


def saved_model_variables_path(saved_model_dir):
  """`<dir>/variables/variables` if `saved_model_dir` is a SavedModel, else None."""
  variables_dir = os.path.join(os.fspath(saved_model_dir), "variables")
  if tf.io.gfile.exists(os.path.join(variables_dir, "variables.index")):
    return os.path.join(variables_dir, "variables")
  return None


def settings_from(warm_start_from):
  """`WarmStartSettings` for an Estimator's `warm_start_from` argument.

  Args:
    warm_start_from: None, a path (str, bytes or `PathLike`) of a checkpoint,
      checkpoint directory or SavedModel, or `WarmStartSettings`.

  Returns:
    `WarmStartSettings`, or None.
  """
  if warm_start_from is None:
    return None
  if isinstance(warm_start_from, (str, bytes, os.PathLike)):
    if isinstance(warm_start_from, bytes):
      warm_start_from = warm_start_from.decode("utf-8")
    path = os.fspath(warm_start_from)
    variables_path = saved_model_variables_path(path)
    if variables_path is not None:
      _V1.logging.info("Warm-starting from a SavedModel")
      return WarmStartSettings(ckpt_to_initialize_from=variables_path)
    return WarmStartSettings(ckpt_to_initialize_from=path)
  if isinstance(warm_start_from, WarmStartSettings):
    return warm_start_from
  raise errors.EstimatorValueError(
      "warm_start_from must be a string or a WarmStartSettings, instead got "
      "{}".format(type(warm_start_from)))


def warm_start(settings):
  """Warm-starts the default graph's variables as `settings` say (logged)."""
  _V1.logging.info("Warm-starting with WarmStartSettings: %s" % (settings,))
  _V1.train.warm_start(*settings)
