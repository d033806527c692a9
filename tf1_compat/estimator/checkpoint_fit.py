"""Whether a checkpoint can be restored into the graph a `model_fn` built.

Estimator methods restore the latest checkpoint of `model_dir`. When that
checkpoint belongs to another model (other variables, other shapes), TF 1.15
failed inside session creation with a long `NotFoundError` or
`InvalidArgumentError`, after training had already written event files into
`model_dir`. `check_fits` compares the checkpoint's variables with the graph's
before any session starts, and names each variable that is missing or whose
shape or dtype differs. Variables the checkpoint has and the graph does not
(optimizer slots when predicting) are fine, as they are for `tf.train.Saver`.
"""

import tensorflow as tf

from tf1_compat.estimator import errors

_V1 = tf.compat.v1
_MAX_LISTED = 12


def _slice_info(variable):
  """The `SaveSliceInfo` of a slice of a partitioned variable, else None.

  The checkpoint stores a slice (and its optimizer slots) under the whole
  variable's name, `SaveSliceInfo.full_name`, which need not be the slice's
  op name without `/part_<i>`: TF1 names a slot of a slice created under an
  enclosing scope `dnn/hiddenlayer_0/kernel/t_0/Adagrad`. TF 2.21 has no
  public accessor for it; `tf.compat.v1.train.Saver` reads the same one.
  """
  getter = getattr(variable, "_get_save_slice_info", None)
  return getter() if getter is not None else None


def _listed(names):
  if len(names) <= _MAX_LISTED:
    return ", ".join(names)
  return "%s and %d more" % (", ".join(names[:_MAX_LISTED]),
                             len(names) - _MAX_LISTED)


def check_fits(checkpoint_path, variables, model_dir=None):
  """Raises `CheckpointMismatchError` unless `checkpoint_path` holds `variables`.

  Args:
    checkpoint_path: A checkpoint prefix (`.../model.ckpt-100`).
    variables: The variables a default `tf.train.Saver` of the graph restores
      (its global variables). Slices of a partitioned variable (`.../part_<i>`)
      are checked by the whole variable's checkpoint name and shape.
    model_dir: The Estimator's model directory, named in the message.
  """
  reader = _V1.train.NewCheckpointReader(checkpoint_path)
  stored_shapes = reader.get_variable_to_shape_map()
  stored_dtypes = reader.get_variable_to_dtype_map()
  missing = []
  differences = []
  for variable in variables:
    name = variable.op.name
    info = _slice_info(variable)
    if info is not None:
      whole = info.full_name
      if whole not in stored_shapes:
        if whole not in missing:
          missing.append(whole)
      elif list(stored_shapes[whole]) != list(info.full_shape):
        difference = ("%s: shape %s in the checkpoint, %s in the graph"
                      % (whole, list(stored_shapes[whole]),
                         list(info.full_shape)))
        if difference not in differences:
          differences.append(difference)
      continue
    if name not in stored_shapes:
      missing.append(name)
      continue
    graph_shape = variable.shape
    stored_shape = stored_shapes[name]
    if not graph_shape.is_compatible_with(stored_shape):
      differences.append("%s: shape %s in the checkpoint, %s in the graph"
                         % (name, list(stored_shape), graph_shape.as_list()))
    graph_dtype = variable.dtype.base_dtype
    if stored_dtypes[name] != graph_dtype:
      differences.append("%s: dtype %s in the checkpoint, %s in the graph"
                         % (name, stored_dtypes[name].name, graph_dtype.name))
  if not (missing or differences):
    return
  where = (" (the latest checkpoint in model_dir %s)" % model_dir
           if model_dir else "")
  lines = ["Checkpoint %s%s does not fit the graph this model_fn builds; it "
           "holds another model's variables (another model_fn, other "
           "hyperparameters or another optimizer?):" % (checkpoint_path, where)]
  if missing:
    lines.append("  missing from the checkpoint: %s" % _listed(sorted(missing)))
  lines.extend("  " + line for line in differences)
  if model_dir:
    lines.append(
        "Nothing in %s was changed. Give this model its own model_dir; to "
        "start it from that checkpoint's matching variables use "
        "warm_start_from=tf.estimator.WarmStartSettings(...)." % model_dir)
  raise errors.CheckpointMismatchError("\n".join(lines))
