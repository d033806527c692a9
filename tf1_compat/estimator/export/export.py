"""What a serving input receiver function returns, and builders for common ones.

A `serving_input_receiver_fn` takes no arguments, creates the placeholders a
served model is fed through (`receiver_tensors`) and the `features` the
`model_fn` is called with, and returns them as a `ServingInputReceiver` (a
feature dict) or a `TensorServingInputReceiver` (one feature `Tensor`).
`SupervisedInputReceiver` and `UnsupervisedInputReceiver` do the same for graphs
exported for `ModeKeys.TRAIN` and `ModeKeys.EVAL`.
"""

import collections

import tensorflow as tf

from tf1_compat.estimator import errors
from tf1_compat.estimator import util

_V1 = tf.compat.v1

SINGLE_FEATURE_DEFAULT_NAME = "feature"
SINGLE_RECEIVER_DEFAULT_NAME = "input"
SINGLE_LABEL_DEFAULT_NAME = "label"

_SINGLE_TENSOR_DEFAULT_NAMES = {
    "feature": SINGLE_FEATURE_DEFAULT_NAME,
    "label": SINGLE_LABEL_DEFAULT_NAME,
    "receiver_tensor": SINGLE_RECEIVER_DEFAULT_NAME,
    "receiver_tensors_alternative": SINGLE_RECEIVER_DEFAULT_NAME,
}


def _check_tensor(tensor, name, error_label="feature"):
  """Raises unless `tensor` is a Tensor or SparseTensor.

  As in TF 1.15, an object with a `tensor` attribute that converts to a Tensor
  (contrib's `LabeledTensor`) is accepted too, and kept as it is.
  """
  if isinstance(tensor, (tf.Tensor, tf.SparseTensor)):
    return
  if hasattr(tensor, "tensor"):
    try:
      tf.convert_to_tensor(tensor)
      return
    except TypeError:
      pass
  named = " {}".format(name) if name else ""
  raise errors.EstimatorValueError(
      "{}{} must be a Tensor or SparseTensor; got {!r}.".format(
          error_label, named, tensor))


def _check_tensor_key(name, error_label="feature", allow_ints=False):
  if isinstance(name, str):
    return
  if not allow_ints:
    raise errors.EstimatorValueError("{} keys must be strings: {}.".format(
        error_label, name))
  if not isinstance(name, int):
    raise errors.EstimatorValueError(
        "{} keys must be strings or ints: {}.".format(error_label, name))


def wrap_and_check_input_tensors(tensors, field_name, allow_int_keys=False):
  """`tensors` as a dict of name to `Tensor`/`SparseTensor`, checked.

  Args:
    tensors: A dict, or one tensor (then keyed by the field's default name:
      `feature`, `label` or `input`).
    field_name: `feature`, `label`, `receiver_tensor` or
      `receiver_tensors_alternative` (named in errors).
    allow_int_keys: Whether int keys are accepted besides strings.

  Returns:
    A new dict.
  """
  if tensors is None:
    raise errors.EstimatorValueError("{}s must be defined.".format(field_name))
  if not isinstance(tensors, dict):
    tensors = {_SINGLE_TENSOR_DEFAULT_NAMES[field_name]: tensors}
  for name, tensor in tensors.items():
    _check_tensor_key(name, error_label=field_name, allow_ints=allow_int_keys)
    _check_tensor(tensor, name, error_label=field_name)
  return dict(tensors)


class ServingInputReceiver(collections.namedtuple(
    "ServingInputReceiver",
    ["features", "receiver_tensors", "receiver_tensors_alternatives"])):
  """The features and input placeholders of a served model.

  Attributes:
    features: A dict of string (or int) to `Tensor`/`SparseTensor` passed to
      the `model_fn`; a single tensor is wrapped as `{"feature": tensor}` (use
      `TensorServingInputReceiver` to pass it unwrapped).
    receiver_tensors: A dict of string to `Tensor` (or one tensor, keyed
      `input`): the nodes a serving request feeds, typically one placeholder of
      serialized `tf.Example`s.
    receiver_tensors_alternatives: None, or a dict of name to other groups of
      receiver tensors, each giving extra signatures named
      `<alternative>:<output>` (e.g. to feed parsed features directly).
  """

  def __new__(cls, features, receiver_tensors,
              receiver_tensors_alternatives=None):
    features = wrap_and_check_input_tensors(features, "feature",
                                            allow_int_keys=True)
    receiver_tensors = wrap_and_check_input_tensors(receiver_tensors,
                                                    "receiver_tensor")
    if receiver_tensors_alternatives is not None:
      if not isinstance(receiver_tensors_alternatives, dict):
        raise errors.EstimatorValueError(
            "receiver_tensors_alternatives must be a dict: {}.".format(
                receiver_tensors_alternatives))
      receiver_tensors_alternatives = {
          name: wrap_and_check_input_tensors(alternative,
                                             "receiver_tensors_alternative")
          for name, alternative in receiver_tensors_alternatives.items()}
    return super().__new__(
        cls, features=features, receiver_tensors=receiver_tensors,
        receiver_tensors_alternatives=receiver_tensors_alternatives)


class TensorServingInputReceiver(collections.namedtuple(
    "TensorServingInputReceiver",
    ["features", "receiver_tensors", "receiver_tensors_alternatives"])):
  """A `ServingInputReceiver` whose `features` is one `Tensor`, passed as is.

  For models whose `model_fn` takes a single feature tensor rather than a dict.
  `receiver_tensors` are still a dict (a SavedModel names every input).
  """

  def __new__(cls, features, receiver_tensors,
              receiver_tensors_alternatives=None):
    if features is None:
      raise errors.EstimatorValueError("features must be defined.")
    _check_tensor(features, None)
    receiver = ServingInputReceiver(
        features=features, receiver_tensors=receiver_tensors,
        receiver_tensors_alternatives=receiver_tensors_alternatives)
    return super().__new__(
        cls, features=receiver.features[SINGLE_FEATURE_DEFAULT_NAME],
        receiver_tensors=receiver.receiver_tensors,
        receiver_tensors_alternatives=receiver.receiver_tensors_alternatives)


class UnsupervisedInputReceiver(ServingInputReceiver):
  """Features and receiver tensors, without labels, for TRAIN or EVAL export."""

  def __new__(cls, features, receiver_tensors):
    return super().__new__(cls, features=features,
                           receiver_tensors=receiver_tensors,
                           receiver_tensors_alternatives=None)


class SupervisedInputReceiver(collections.namedtuple(
    "SupervisedInputReceiver", ["features", "labels", "receiver_tensors"])):
  """Features, labels and receiver tensors for a TRAIN or EVAL export.

  `features` and `labels` are passed to the `model_fn` as given (a tensor or a
  dict); they are only checked here.
  """

  def __new__(cls, features, labels, receiver_tensors):
    wrap_and_check_input_tensors(features, "feature", allow_int_keys=True)
    wrap_and_check_input_tensors(labels, "label", allow_int_keys=True)
    receiver_tensors = wrap_and_check_input_tensors(receiver_tensors,
                                                    "receiver_tensor")
    return super().__new__(cls, features=features, labels=labels,
                           receiver_tensors=receiver_tensors)


def build_parsing_serving_input_receiver_fn(feature_spec,
                                            default_batch_size=None):
  """A `serving_input_receiver_fn` that parses fed serialized `tf.Example`s.

  Args:
    feature_spec: A dict of string to `FixedLenFeature`/`VarLenFeature`/...
    default_batch_size: The batch size of the placeholder; None (recommended)
      for any.

  Returns:
    A function returning a `ServingInputReceiver` whose receiver tensor is the
    string placeholder `input_example_tensor`, keyed `examples`.
  """

  def serving_input_receiver_fn():
    serialized = _V1.placeholder(dtype=tf.string, shape=[default_batch_size],
                                 name="input_example_tensor")
    features = _V1.parse_example(serialized, feature_spec)
    return ServingInputReceiver(features, {"examples": serialized})

  return serving_input_receiver_fn


def _placeholder_from_tensor(tensor, default_batch_size=None):
  """A placeholder named, typed and shaped like `tensor`, any batch size."""
  shape = tf.TensorShape([default_batch_size]).concatenate(tensor.shape[1:])
  name = getattr(getattr(tensor, "op", None), "name", None)
  return _V1.placeholder(dtype=tensor.dtype, shape=shape, name=name)


def _placeholders_from_receiver_tensors_dict(tensors, default_batch_size=None):
  return {name: _placeholder_from_tensor(t, default_batch_size)
          for name, t in tensors.items()}


def build_raw_serving_input_receiver_fn(features, default_batch_size=None):
  """A `serving_input_receiver_fn` that is fed the features themselves.

  Args:
    features: A dict of string to `Tensor` whose dtypes and shapes (past the
      batch dimension) the placeholders copy.
    default_batch_size: The placeholders' batch size; None for any.

  Returns:
    A function returning a `ServingInputReceiver` whose features are its
    receiver tensors.
  """

  def serving_input_receiver_fn():
    receiver_tensors = _placeholders_from_receiver_tensors_dict(
        features, default_batch_size)
    return ServingInputReceiver(receiver_tensors, receiver_tensors)

  return serving_input_receiver_fn


def build_raw_supervised_input_receiver_fn(features, labels,
                                           default_batch_size=None):
  """A receiver function feeding features and labels as the `model_fn` wants.

  Args:
    features: A `Tensor` or a dict of string to `Tensor`.
    labels: A `Tensor` or a dict of string to `Tensor`, keys distinct from
      `features`' keys.
    default_batch_size: The placeholders' batch size; None for any.

  Returns:
    A function returning a `SupervisedInputReceiver`.
  """
  feature_keys = (features.keys() if isinstance(features, dict)
                  else [SINGLE_RECEIVER_DEFAULT_NAME])
  label_keys = (labels.keys() if isinstance(labels, dict)
                else [SINGLE_LABEL_DEFAULT_NAME])
  overlap = set(feature_keys) & set(label_keys)
  if overlap:
    raise errors.EstimatorValueError(
        "Features and labels must have distinct keys. Found overlapping keys: "
        "{}".format(overlap))

  def _receive(tensors, single_name):
    if isinstance(tensors, dict):
      received = _placeholders_from_receiver_tensors_dict(tensors,
                                                          default_batch_size)
      return received, received
    placeholder = _placeholder_from_tensor(tensors, default_batch_size)
    return placeholder, {single_name: placeholder}

  def supervised_input_receiver_fn():
    features_in, receiver_features = _receive(features,
                                              SINGLE_RECEIVER_DEFAULT_NAME)
    labels_in, receiver_labels = _receive(labels, SINGLE_LABEL_DEFAULT_NAME)
    receiver_tensors = dict(receiver_features)
    receiver_tensors.update(receiver_labels)
    return SupervisedInputReceiver(features_in, labels_in, receiver_tensors)

  return supervised_input_receiver_fn


def build_supervised_input_receiver_fn_from_input_fn(input_fn, **input_fn_args):
  """A supervised receiver function shaped like an `input_fn`'s output.

  `input_fn(**input_fn_args)` is called in a graph of its own; placeholders like
  its features and labels are created later, in the export graph.
  """
  with tf.Graph().as_default():
    result = util.parse_input_fn_result(input_fn(**input_fn_args), "export")
  return build_raw_supervised_input_receiver_fn(result.features, result.labels)
