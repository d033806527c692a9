"""Signatures, tags and directories of the SavedModels an Estimator exports.

Each export goes to `<export_dir_base>/<seconds since the epoch>`, written first
under `<export_dir_base>/temp-<seconds>` and renamed when complete (TensorFlow
Serving ignores directories whose names are not integers).
"""

import collections
import os
import time

import tensorflow as tf

from tf1_compat.estimator import errors
from tf1_compat.estimator.export import export_output as export_output_lib
from tf1_compat.estimator.mode_keys import ModeKeys

_V1 = tf.compat.v1
_SIGNATURE_CONSTANTS = _V1.saved_model.signature_constants
DEFAULT_SERVING_SIGNATURE_DEF_KEY = (
    _SIGNATURE_CONSTANTS.DEFAULT_SERVING_SIGNATURE_DEF_KEY)
# TensorFlow's values; TF 2.21 exports neither the `eval` tag nor the train and
# eval signature keys publicly.
EVAL_TAG = "eval"
DEFAULT_TRAIN_SIGNATURE_DEF_KEY = "train"
DEFAULT_EVAL_SIGNATURE_DEF_KEY = "eval"
# The collection `SavedModelBuilder` keeps a TRAIN graph's train op in.
TRAIN_OP_COLLECTION = "saved_model_train_op"

EXPORT_TAG_MAP = {
    ModeKeys.PREDICT: [_V1.saved_model.tag_constants.SERVING],
    ModeKeys.TRAIN: [_V1.saved_model.tag_constants.TRAINING],
    ModeKeys.EVAL: [EVAL_TAG],
}
SIGNATURE_KEY_MAP = {
    ModeKeys.PREDICT: DEFAULT_SERVING_SIGNATURE_DEF_KEY,
    ModeKeys.TRAIN: DEFAULT_TRAIN_SIGNATURE_DEF_KEY,
    ModeKeys.EVAL: DEFAULT_EVAL_SIGNATURE_DEF_KEY,
}
MAX_DIRECTORY_CREATION_ATTEMPTS = 10

_FRIENDLY_METHOD_NAMES = {
    _SIGNATURE_CONSTANTS.CLASSIFY_METHOD_NAME: "Classify",
    _SIGNATURE_CONSTANTS.REGRESS_METHOD_NAME: "Regress",
    _SIGNATURE_CONSTANTS.PREDICT_METHOD_NAME: "Predict",
    export_output_lib.SUPERVISED_TRAIN_METHOD_NAME: "Train",
    export_output_lib.SUPERVISED_EVAL_METHOD_NAME: "Eval",
}


def build_all_signature_defs(receiver_tensors, export_outputs,
                             receiver_tensors_alternatives=None,
                             serving_only=True):
  """`{name: SignatureDef}` for every export output and receiver alternative.

  An output that cannot be served from a receiver (a `ClassificationOutput`
  fed anything but one string tensor) is left out and logged, as in TF 1.15.

  Args:
    receiver_tensors: A `Tensor` or a dict of string to `Tensor`.
    export_outputs: A dict of name to `ExportOutput`.
    receiver_tensors_alternatives: None, or a dict of name to more receiver
      tensors; their signatures are named `<alternative>:<output>`.
    serving_only: Keep only signatures TensorFlow Serving can serve.

  Returns:
    A dict of signature name to `SignatureDef`.
  """
  if not isinstance(receiver_tensors, dict):
    receiver_tensors = {"input": receiver_tensors}
  if export_outputs is None or not isinstance(export_outputs, dict):
    raise errors.EstimatorValueError(
        "export_outputs must be a dict and not {}".format(type(export_outputs)))
  signature_def_map = {}
  excluded = {}

  def add(name, export_output, receivers):
    try:
      signature_def_map[name] = export_output.as_signature_def(receivers)
    except ValueError as e:
      excluded[name] = str(e)

  for output_key, export_output in export_outputs.items():
    add("{}".format(output_key or "None"), export_output, receiver_tensors)
  for receiver_name, alternative in (receiver_tensors_alternatives or {}).items():
    if not isinstance(alternative, dict):
      alternative = {"input": alternative}
    for output_key, export_output in export_outputs.items():
      add("{}:{}".format(receiver_name or "None", output_key or "None"),
          export_output, alternative)
  _log_signature_report(signature_def_map, excluded)
  if serving_only:
    signature_def_map = {
        k: v for k, v in signature_def_map.items()
        if _V1.saved_model.signature_def_utils.is_valid_signature(v)}
  return signature_def_map


def _log_signature_report(signature_def_map, excluded_signatures):
  by_method = collections.defaultdict(list)
  for method_name in _FRIENDLY_METHOD_NAMES:
    by_method[method_name] = []
  for name, signature in signature_def_map.items():
    by_method[signature.method_name].append(name)
  for method_name, names in by_method.items():
    _V1.logging.info("Signatures INCLUDED in export for {}: {}".format(
        _FRIENDLY_METHOD_NAMES.get(method_name, method_name),
        names if names else "None"))
  if excluded_signatures:
    _V1.logging.info("Signatures EXCLUDED from export because they cannot be "
                     "be served via TensorFlow Serving APIs:")
    for name, message in excluded_signatures.items():
      _V1.logging.info("'{}' : {}".format(name, message))
  if not signature_def_map:
    _V1.logging.warning("Export includes no signatures!")
  elif DEFAULT_SERVING_SIGNATURE_DEF_KEY not in signature_def_map:
    _V1.logging.warning("Export includes no default signature!")


def get_timestamped_export_dir(export_dir_base):
  """`<export_dir_base>/<seconds since the epoch>`, a path that does not exist.

  When that second's directory exists, waits a second and tries again (TF1's
  rule), up to `MAX_DIRECTORY_CREATION_ATTEMPTS` times. The path is bytes, as
  in TF 1.15, whether `export_dir_base` is str, bytes or a `PathLike`.
  """
  for attempt in range(1, MAX_DIRECTORY_CREATION_ATTEMPTS + 1):
    result = os.path.join(os.fsencode(export_dir_base),
                          str(int(time.time())).encode())
    if not tf.io.gfile.exists(result):
      return result
    time.sleep(1)
    _V1.logging.warning(
        "Directory {} already exists; retrying (attempt {}/{})".format(
            result, attempt, MAX_DIRECTORY_CREATION_ATTEMPTS))
  raise errors.EstimatorValueError(
      "Failed to obtain a unique export directory name after {} attempts."
      .format(MAX_DIRECTORY_CREATION_ATTEMPTS))


def get_temp_export_dir(timestamped_export_dir):
  """`<base>/temp-<seconds>` (bytes): where the export is written before the
  rename."""
  dirname, basename = os.path.split(os.fsencode(timestamped_export_dir))
  return os.path.join(dirname, b"temp-" + basename)


def get_export_outputs(export_outputs, predictions):
  """`export_outputs` checked, with a `serving_default` entry.

  None becomes `{"serving_default": PredictOutput(predictions)}`; a single
  output is also served as `serving_default`; several must name one so.

  Args:
    export_outputs: None or a dict of name to `ExportOutput`.
    predictions: The `model_fn`'s predictions (a `Tensor` or dict of them).

  Returns:
    A dict of name to `ExportOutput`.
  """
  if export_outputs is None:
    export_outputs = {DEFAULT_SERVING_SIGNATURE_DEF_KEY:
                          export_output_lib.PredictOutput(predictions)}
  if not isinstance(export_outputs, dict):
    raise errors.EstimatorTypeError(
        "export_outputs must be dict, given: {}".format(export_outputs))
  for value in export_outputs.values():
    if not isinstance(value, export_output_lib.ExportOutput):
      raise errors.EstimatorTypeError(
          "Values in export_outputs must be ExportOutput objects. "
          "Given: {}".format(export_outputs))
  export_outputs = dict(export_outputs)
  if len(export_outputs) == 1:
    (value,) = export_outputs.values()
    export_outputs.setdefault(DEFAULT_SERVING_SIGNATURE_DEF_KEY, value)
  elif DEFAULT_SERVING_SIGNATURE_DEF_KEY not in export_outputs:
    raise errors.EstimatorValueError(
        "Multiple export_outputs were provided, but none of them is "
        "specified as the default.  Do this by naming one of them with "
        "signature_constants.DEFAULT_SERVING_SIGNATURE_DEF_KEY.")
  return export_outputs


def export_outputs_for_mode(mode, serving_export_outputs=None,
                            predictions=None, loss=None, metrics=None):
  """The `ExportOutput`s of a graph exported for `mode`, by signature key.

  PREDICT: `get_export_outputs(serving_export_outputs, predictions)`; TRAIN and
  EVAL: one `TrainOutput`/`EvalOutput` of loss, predictions and metrics, keyed
  `train`/`eval`.
  """
  if mode not in SIGNATURE_KEY_MAP:
    raise errors.EstimatorValueError(
        "Export output type not found for mode: {}. Expected one of: {}."
        .format(mode, sorted(SIGNATURE_KEY_MAP)))
  if mode == ModeKeys.PREDICT:
    return get_export_outputs(serving_export_outputs, predictions)
  output_class = (export_output_lib.TrainOutput if mode == ModeKeys.TRAIN
                  else export_output_lib.EvalOutput)
  return {SIGNATURE_KEY_MAP[mode]: output_class(
      loss=loss, predictions=predictions, metrics=metrics)}
