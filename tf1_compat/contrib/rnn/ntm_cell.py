"""`NTMCell`, a Neural Turing Machine (Graves et al. 2014) with an RNN
controller, in Collier and Beel's (2018) form, as TF 1.15's contrib computed
it."""

import collections
import math

import tensorflow as tf

from tf1_compat.framework import checks
from tf1_compat.rnn import base

_V1 = tf.compat.v1


class NTMControllerState(collections.namedtuple(
    "NTMControllerState",
    ("controller_state", "read_vector_list", "w_list", "M", "time"))):
  """The state of an `NTMCell`.

  Attributes:
    controller_state: The controller cell's state.
    read_vector_list: One `[batch, memory_vector_dim]` read per read head.
    w_list: One `[batch, memory_size]` address weighting per head, the read
      heads first.
    M: The memory, `[batch, memory_size, memory_vector_dim]`.
    time: The number of steps taken (an int32 scalar; the Python int 0 in
      `zero_state`).
  """
  __slots__ = ()


def _linear_initializer(fan_in):
  return _V1.truncated_normal_initializer(stddev=1.0 / math.sqrt(fan_in))


class NTMCell(base.RNNCell):
  """A controller cell with a memory it reads and writes through heads.

  Each step: on the first step (`time == 0`) the previous reads, address
  weightings and memory are replaced by the learned initial ones
  (`tanh(initial_read_vector_<i>)`, `softmax(initial_address_weights_<i>)`,
  `memory`, the same for every batch row). The controller reads
  `concat([x] + reads)`; its output, `@ parameters_kernel + parameters_bias`
  clipped to `±clip_value`, gives each head its key `k` (tanh), `beta`
  (softplus), gate `g` (sigmoid), shift `s` (softmax over `2 * shift_range +
  1`) and `gamma` (1 + softplus), then each write head's erase (sigmoid) and
  add (tanh) vectors. Addressing: content weights `softmax(beta * cosine(M,
  k))` (1e-8 in the denominator), gated against the previous weighting,
  circularly convolved with `s`, sharpened by `gamma` and renormalized.
  Reads use the memory before this step's writes; the write heads then apply
  `M * (1 - w e^T) + w a^T` in turn. The output is `concat([controller
  output] + reads) @ output_kernel + output_bias`, clipped to `±clip_value`.

  Variables: `parameters_kernel` `[controller.output_size, H * (vector_dim +
  2 * shift_range + 4) + 2 * W * vector_dim]` and `output_kernel`
  `[controller.output_size + R * vector_dim, output_dim]` (truncated normal,
  stddev `1/sqrt(fan_in)`), `parameters_bias`, `output_bias` (zeros),
  `initial_read_vector_<i>` `[1, vector_dim]`, `initial_address_weights_<i>`
  `[1, memory_size]` (Glorot-uniform), `memory` `[memory_size, vector_dim]`
  (1e-6), then the controller's variables in its own sub-scope
  (`ntm_cell/lstm_cell/kernel`).

  TF1 quirks kept on purpose: `state_size.M` is the flat
  `[memory_size * memory_vector_dim]` although the state's `M` is 3-D, so
  the state is not checked against `state_size`; `output_size` is None until
  the first call when `output_dim` is None (it becomes the input depth); and
  `zero_state`'s `time` is the Python int 0. Unlike TF 1.15, the new state's
  `time` is always a tensor (TF 1.15 left `0 + 1` a Python int that
  `session.run` could not fetch), and the initial values are tiled to the
  batch, so the batch size may be dynamic. TF 1.15 exposed this cell only as
  `tensorflow.contrib.rnn.python.ops.rnn_cell.NTMCell`.

  Args:
    controller: The controller, an RNN cell.
    memory_size: Number of memory locations.
    memory_vector_dim: Depth of each location.
    read_head_num: Number of read heads.
    write_head_num: Number of write heads.
    shift_range: How far a head may shift its address in one step.
    output_dim: Output depth, or None for the input depth.
    clip_value: Bound of the controller parameters and of the output.
    dtype: Variable dtype.
    name: Base name of the variable scope (`ntm_cell` by default).
  """

  def __init__(self, controller, memory_size, memory_vector_dim, read_head_num,
               write_head_num, shift_range=1, output_dim=None, clip_value=20,
               dtype=tf.float32, name=None):
    super().__init__(dtype=dtype, name=name)
    owner = type(self).__name__
    base.assert_like_rnncell("NTM RNN controller cell", controller, owner)
    self.controller = controller
    self._track_trackable(controller, name="controller")
    self.memory_size = checks.positive_int(memory_size, "memory_size", owner)
    self.memory_vector_dim = checks.positive_int(memory_vector_dim,
                                                 "memory_vector_dim", owner)
    self.read_head_num = checks.positive_int(read_head_num, "read_head_num",
                                             owner)
    self.write_head_num = checks.positive_int(write_head_num, "write_head_num",
                                              owner)
    self.shift_range = checks.positive_int(shift_range, "shift_range", owner)
    if 2 * self.shift_range + 1 > self.memory_size:
      raise checks.ArgumentError(
          "%s: the shifts (2 * shift_range + 1 = %d) must fit in memory_size="
          "%d" % (owner, 2 * self.shift_range + 1, self.memory_size))
    self.output_dim = checks.positive_int_or_none(output_dim, "output_dim",
                                                  owner)
    self.clip_value = clip_value
    self.num_parameters_per_head = self.memory_vector_dim + 2 * shift_range + 4
    self.num_heads = self.read_head_num + self.write_head_num
    self.total_parameter_num = (
        self.num_parameters_per_head * self.num_heads
        + self.memory_vector_dim * 2 * self.write_head_num)

  @property
  def state_size(self):
    return NTMControllerState(
        controller_state=self.controller.state_size,
        read_vector_list=[self.memory_vector_dim] * self.read_head_num,
        w_list=[self.memory_size] * self.num_heads,
        M=tf.TensorShape([self.memory_size * self.memory_vector_dim]),
        time=tf.TensorShape([]))

  @property
  def output_size(self):
    return self.output_dim

  @property
  def trainable_weights(self):
    return super().trainable_weights + list(self.controller.trainable_weights)

  @property
  def non_trainable_weights(self):
    return super().non_trainable_weights + list(
        self.controller.non_trainable_weights)

  @property
  def weights(self):
    return self.trainable_weights + self.non_trainable_weights

  trainable_variables = trainable_weights
  non_trainable_variables = non_trainable_weights
  variables = weights

  def _check_input(self, inputs):
    shape = inputs.shape
    if shape.rank != 2 or tf.compat.dimension_value(shape[1]) is None:
      raise ValueError("Expected inputs.shape[-1] to be known: cell %r needs "
                       "2-D inputs `[batch, depth]`, saw shape: %s"
                       % (self._cell_label(), shape))

  def build(self, inputs_shape):
    if self.output_dim is None:
      self.output_dim = tf.compat.dimension_value(
          tf.TensorShape(inputs_shape)[1])
    controller_size = self.controller.output_size
    read_size = controller_size + self.memory_vector_dim * self.read_head_num
    self._params_kernel = self.add_weight(
        "parameters_kernel", shape=[controller_size, self.total_parameter_num],
        initializer=_linear_initializer(controller_size))
    self._params_bias = self.add_weight(
        "parameters_bias", shape=[self.total_parameter_num],
        initializer=_V1.constant_initializer(0.0))
    self._output_kernel = self.add_weight(
        "output_kernel", shape=[read_size, self.output_dim],
        initializer=_linear_initializer(read_size))
    self._output_bias = self.add_weight(
        "output_bias", shape=[self.output_dim],
        initializer=_V1.constant_initializer(0.0))
    self._init_read_vectors = [
        self.add_weight("initial_read_vector_%d" % i,
                        shape=[1, self.memory_vector_dim],
                        initializer=_V1.glorot_uniform_initializer())
        for i in range(self.read_head_num)]
    self._init_address_weights = [
        self.add_weight("initial_address_weights_%d" % i,
                        shape=[1, self.memory_size],
                        initializer=_V1.glorot_uniform_initializer())
        for i in range(self.num_heads)]
    self._memory = self.add_weight(
        "memory", shape=[self.memory_size, self.memory_vector_dim],
        initializer=_V1.constant_initializer(1e-6))

  def _on_first_step(self, time, initial, previous):
    """`initial()` on the first step, else `previous` (lists of tensors)."""
    return _V1.cond(tf.equal(time, 0), initial, lambda: list(previous),
                    strict=True)

  def call(self, x, prev_state):
    batch = tf.compat.dimension_value(x.shape[0]) or tf.shape(x)[0]

    def tiled(value):
      return tf.tile(value, [batch] + [1] * (value.shape.rank - 1))

    time = prev_state.time
    prev_reads = self._on_first_step(
        time, lambda: [tiled(tf.tanh(v)) for v in self._init_read_vectors],
        prev_state.read_vector_list)
    controller_output, controller_state = self.controller(
        tf.concat([x] + prev_reads, axis=1), prev_state.controller_state)

    parameters = tf.clip_by_value(
        tf.nn.bias_add(tf.matmul(controller_output, self._params_kernel),
                       self._params_bias), -self.clip_value, self.clip_value)
    head_width = self.num_parameters_per_head * self.num_heads
    head_parameters = tf.split(parameters[:, :head_width], self.num_heads,
                               axis=1)
    erase_add = tf.split(parameters[:, head_width:], 2 * self.write_head_num,
                         axis=1)

    prev_w = self._on_first_step(
        time, lambda: [tiled(tf.nn.softmax(w))
                       for w in self._init_address_weights],
        prev_state.w_list)
    prev_memory = self._on_first_step(
        time, lambda: [tiled(self._memory[tf.newaxis])], [prev_state.M])[0]

    dim = self.memory_vector_dim
    w_list = []
    for head, head_parameter in enumerate(head_parameters):
      k = tf.tanh(head_parameter[:, :dim])
      beta = tf.nn.softplus(head_parameter[:, dim])
      g = tf.sigmoid(head_parameter[:, dim + 1])
      s = tf.nn.softmax(
          head_parameter[:, dim + 2:dim + 2 + 2 * self.shift_range + 1])
      gamma = tf.nn.softplus(head_parameter[:, -1]) + 1
      w_list.append(self._addressing(k, beta, g, s, gamma, prev_memory,
                                     prev_w[head]))

    read_vector_list = [
        tf.reduce_sum(tf.expand_dims(w, axis=2) * prev_memory, axis=1)
        for w in w_list[:self.read_head_num]]

    memory = prev_memory
    for i, w in enumerate(w_list[self.read_head_num:]):
      w = tf.expand_dims(w, axis=2)
      erase = tf.expand_dims(tf.sigmoid(erase_add[2 * i]), axis=1)
      add = tf.expand_dims(tf.tanh(erase_add[2 * i + 1]), axis=1)
      memory = (memory * (tf.ones_like(memory) - tf.matmul(w, erase))
                + tf.matmul(w, add))

    output = tf.clip_by_value(
        tf.nn.bias_add(tf.matmul(tf.concat([controller_output]
                                           + read_vector_list, axis=1),
                                 self._output_kernel), self._output_bias),
        -self.clip_value, self.clip_value)
    return output, NTMControllerState(
        controller_state=controller_state, read_vector_list=read_vector_list,
        w_list=w_list, M=memory,
        time=tf.add(time, 1, name="time"))

  def _addressing(self, k, beta, g, s, gamma, prev_memory, prev_w):
    """The new address weighting `[batch, memory_size]` of one head."""
    # Content: cosine similarity of each location to the key.
    k = tf.expand_dims(k, axis=2)
    inner_product = tf.matmul(prev_memory, k)
    k_norm = tf.sqrt(tf.reduce_sum(tf.square(k), axis=1, keepdims=True))
    memory_norm = tf.sqrt(tf.reduce_sum(tf.square(prev_memory), axis=2,
                                        keepdims=True))
    similarity = tf.squeeze(inner_product / (memory_norm * k_norm + 1e-8),
                            axis=2)
    amplified = tf.exp(tf.expand_dims(beta, axis=1) * similarity)
    w_c = amplified / tf.reduce_sum(amplified, axis=1, keepdims=True)
    # Location: gate, circular shift, sharpen.
    g = tf.expand_dims(g, axis=1)
    w_g = g * w_c + (1 - g) * prev_w
    batch = tf.compat.dimension_value(s.shape[0]) or tf.shape(s)[0]
    s = tf.concat([
        s[:, :self.shift_range + 1],
        tf.zeros([batch, self.memory_size - (2 * self.shift_range + 1)],
                 dtype=s.dtype),
        s[:, -self.shift_range:]], axis=1)
    t = tf.concat([tf.reverse(s, axis=[1]), tf.reverse(s, axis=[1])], axis=1)
    s_matrix = tf.stack([
        t[:, self.memory_size - i - 1:2 * self.memory_size - i - 1]
        for i in range(self.memory_size)], axis=1)
    w_shifted = tf.reduce_sum(tf.expand_dims(w_g, axis=1) * s_matrix, axis=2)
    w_sharpened = tf.pow(w_shifted, tf.expand_dims(gamma, axis=1))
    return w_sharpened / tf.reduce_sum(w_sharpened, axis=1, keepdims=True)

  def zero_state(self, batch_size, dtype):
    """Zero reads, weightings and memory in `dtype` (TF 1.15 made them
    float32 whatever `dtype`), the controller's zero state, and `time` the
    Python int 0, so that the first step uses the learned initial values."""
    return NTMControllerState(
        controller_state=self.controller.zero_state(batch_size, dtype),
        read_vector_list=[tf.zeros([batch_size, self.memory_vector_dim], dtype)
                          for _ in range(self.read_head_num)],
        w_list=[tf.zeros([batch_size, self.memory_size], dtype)
                for _ in range(self.num_heads)],
        M=tf.zeros([batch_size, self.memory_size, self.memory_vector_dim],
                   dtype),
        time=0)
