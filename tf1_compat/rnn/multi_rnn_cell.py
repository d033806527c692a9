"""MultiRNNCell: a stack of cells run one after the other at each step."""

import tensorflow as tf

from tf1_compat.rnn import base


class MultiRNNCell(base.RNNCell):
  """Stacks `cells`; cell `i` runs in `variable_scope("cell_%d" % i)`.

  With `state_is_tuple=True` (the default) the state is a tuple with one entry per
  cell; otherwise the states are concatenated along axis 1, which requires every
  cell to have a flat state. Passing the same cell object twice shares its weights
  (TF1 only warned about it), and then fails if input and output depths differ.
  """

  def __init__(self, cells, state_is_tuple=True):
    super().__init__()
    if not cells:
      raise ValueError("Must specify at least one cell for MultiRNNCell.")
    if not isinstance(cells, (list, tuple)):
      raise TypeError("cells must be a list or tuple, but saw: %s." % (cells,))
    if len({id(cell) for cell in cells}) < len(cells):
      tf.get_logger().warning(
          "At least two cells provided to MultiRNNCell are the same object and "
          "will share weights.")
    self._cells = list(cells)
    for i, cell in enumerate(self._cells):
      self._track_trackable(cell, name="cell-%d" % i)
    self._state_is_tuple = state_is_tuple
    if not state_is_tuple and any(
        tf.nest.is_nested(cell.state_size) for cell in self._cells):
      raise ValueError(
          "Some cells return tuples of states, but the flag state_is_tuple is not "
          "set. State sizes are: %s" % [cell.state_size for cell in self._cells])

  @property
  def cells(self):
    return list(self._cells)

  @property
  def state_size(self):
    if self._state_is_tuple:
      return tuple(cell.state_size for cell in self._cells)
    return sum(cell.state_size for cell in self._cells)

  @property
  def output_size(self):
    return self._cells[-1].output_size

  @property
  def trainable_weights(self):
    return _unique(w for cell in self._cells for w in cell.trainable_weights)

  @property
  def non_trainable_weights(self):
    return _unique(w for cell in self._cells for w in cell.non_trainable_weights)

  @property
  def weights(self):
    return self.trainable_weights + self.non_trainable_weights

  trainable_variables = trainable_weights
  variables = weights

  def zero_state(self, batch_size, dtype):
    with tf.name_scope(type(self).__name__ + "ZeroState"):
      if self._state_is_tuple:
        return tuple(cell.zero_state(batch_size, dtype) for cell in self._cells)
      return base.zero_state_tensors(self.state_size, batch_size, dtype)

  def __call__(self, inputs, state, scope=None):
    base.check_state(self, state)
    return super().__call__(inputs, state, scope=scope)

  def call(self, inputs, state):
    offset = 0
    layer_input = inputs
    new_states = []
    for i, cell in enumerate(self._cells):
      with tf.compat.v1.variable_scope("cell_%d" % i):
        if self._state_is_tuple:
          cell_state = state[i]
        else:
          cell_state = tf.slice(state, [0, offset], [-1, cell.state_size])
          offset += cell.state_size
        layer_input, new_state = cell(layer_input, cell_state)
        new_states.append(new_state)
    if self._state_is_tuple:
      return layer_input, tuple(new_states)
    return layer_input, tf.concat(new_states, 1)


def _unique(variables):
  seen = []
  for v in variables:
    if all(v is not s for s in seen):
      seen.append(v)
  return seen
