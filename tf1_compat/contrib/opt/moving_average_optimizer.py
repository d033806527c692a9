"""`MovingAverageOptimizer`: trains with any optimizer and keeps an
exponential moving average of the trained variables, as TF 1.15's contrib did."""

import tensorflow as tf

_V1 = tf.compat.v1


def _saveables_by_name(var_list):
  """`{checkpoint name: variable or list of partitions}`, as `Saver` keys them.

  A partition (`v/part_0`, from `global_variables()`) is saved as a slice of
  its whole variable, under the whole variable's name (`v`), as `Saver` does.
  """
  named = {}
  for variable in var_list:
    if not isinstance(variable, tf.Variable):  # A PartitionedVariable.
      named[variable.name.split(":")[0]] = list(variable)
      continue
    # pylint: disable=protected-access
    slice_info = getattr(variable, "_save_slice_info", None)
    if slice_info is None:
      named[variable.op.name] = variable
    else:
      named.setdefault(slice_info.full_name, []).append(variable)
  return named


class MovingAverageOptimizer(_V1.train.Optimizer):
  """Wraps `opt`; each step also updates `tf.train.ExponentialMovingAverage`
  copies of the trained variables (`<var>/ExponentialMovingAverage`).

  `swapping_saver()` returns a `Saver` that writes each variable's average
  under the variable's own name (and the variable under the average's), so a
  plain `Saver` restoring that checkpoint, e.g. for evaluation, gets the
  averaged weights. With `sequential_update` the averages are taken after the
  step; otherwise concurrently with it.

  Args:
    opt: The `tf.compat.v1.train.Optimizer` that computes and applies the
      gradients.
    average_decay: The average's decay.
    num_updates: Optional update counter for the decay (see
      `ExponentialMovingAverage`).
    sequential_update: Average after the step (True) or at the same time.
  """

  def __init__(self, opt, average_decay=0.9999, num_updates=None,
               sequential_update=True):
    # Not `Optimizer.__init__`: every step is delegated to `opt` (TF1 did the
    # same), so this object owns no slots.
    if not isinstance(opt, _V1.train.Optimizer):
      raise TypeError("MovingAverageOptimizer: opt must be a "
                      "tf.compat.v1.train.Optimizer, got %r" % (opt,))
    self._optimizer = opt
    self._ema = _V1.train.ExponentialMovingAverage(average_decay,
                                                    num_updates=num_updates)
    self._swapped_variable_name_map = None
    self._sequential_update = sequential_update

  def compute_gradients(self, *args, **kwargs):
    return self._optimizer.compute_gradients(*args, **kwargs)

  def apply_gradients(self, grads_and_vars, global_step=None, name=None):
    grads_and_vars = list(grads_and_vars)
    train_op = self._optimizer.apply_gradients(
        grads_and_vars, global_step=global_step, name=name)
    var_list = [v for g, v in grads_and_vars if g is not None]
    if self._sequential_update:
      with tf.control_dependencies([train_op]):
        average_op = self._ema.apply(var_list)
    else:
      average_op = self._ema.apply(var_list)
    self._swapped_variable_name_map = {}
    for variable in var_list:
      average = self._ema.average(variable)
      self._swapped_variable_name_map[variable.op.name] = average.op.name
      self._swapped_variable_name_map[average.op.name] = variable.op.name
    return tf.group(train_op, average_op, name="train_with_avg")

  def _swapped(self, by_name, name, tensor):
    swapped_name = self._swapped_variable_name_map.get(name)
    if swapped_name is None:
      return tensor
    if swapped_name not in by_name:
      raise ValueError("Variable to swap %s is not part of variables to save. "
                       "This breaks MovingAverageOptimizer." % swapped_name)
    return by_name[swapped_name]

  def swapping_saver(self, var_list=None, name="swapping_saver", **kwargs):
    """A `Saver` that swaps each trained variable with its moving average.

    Call it after `minimize`/`apply_gradients` and after every variable
    exists. Use it for training checkpoints; evaluation restores them with a
    plain `Saver` and so reads the averages.

    Args:
      var_list: Variables to save (a list or a `{name: variable}` dict); by
        default every global variable.
      name: The saver's name.
      **kwargs: Passed to `tf.compat.v1.train.Saver`.

    Raises:
      RuntimeError: before `minimize` or `apply_gradients`.
      ValueError: a variable in `var_list` lacks its average (or the reverse).
    """
    if self._swapped_variable_name_map is None:
      raise RuntimeError("Must call apply_gradients or minimize before "
                         "creating the swapping_saver")
    if var_list is None:
      var_list = _V1.global_variables()
    if not isinstance(var_list, dict):
      var_list = _saveables_by_name(var_list)
    by_name = {}
    for key, value in var_list.items():
      if not isinstance(value, (tf.Variable, tf.Tensor)):  # Partitions.
        for part in value:
          by_name[part.op.name] = part
      else:
        by_name[key] = value
    swapped = {}
    for key, value in var_list.items():
      if not isinstance(value, (tf.Variable, tf.Tensor)):
        swapped[key] = [self._swapped(by_name, part.op.name, part)
                        for part in value]
      else:
        swapped[key] = self._swapped(by_name, key, value)
    return _V1.train.Saver(swapped, name=name, **kwargs)
