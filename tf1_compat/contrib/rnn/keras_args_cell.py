"""The base of the contrib cells TF 1.15 configured the Keras way.

`CFNCell` and `MinimalRNNCell` take `units`, an `activation` and
`kernel_initializer`/`bias_initializer` as Keras identifiers or objects
(`"tanh"`, `"glorot_uniform"`, `"ones"`), resolved to the v1 initializers TF
1.15 used, so `kernel_initializer` wins over an enclosing scope's initializer;
`activation=None` means the identity, as Keras read it. The state is one
`[batch, units]` tensor, which is also the output.
"""

import tensorflow as tf

from tf1_compat.framework import activations
from tf1_compat.framework import checks
from tf1_compat.framework import initializers
from tf1_compat.rnn import base


class KerasArgsCell(base.LayerRNNCell):
  """`units`, `activation` and the initializers; see the module docstring."""

  def __init__(self, units, activation="tanh",
               kernel_initializer="glorot_uniform", bias_initializer="ones",
               name=None, dtype=None, **kwargs):
    super().__init__(name=name, dtype=dtype, **kwargs)
    self.units = checks.positive_int(units, "units", type(self).__name__)
    self.activation = activations.get(activation or "linear")
    self.kernel_initializer = initializers.get(kernel_initializer)
    self.bias_initializer = initializers.get(bias_initializer)

  def get_config(self):
    return dict(super().get_config(), units=self.units,
                activation=activations.serialize(self.activation),
                kernel_initializer=initializers.serialize(
                    self.kernel_initializer),
                bias_initializer=initializers.serialize(self.bias_initializer))

  @property
  def state_size(self):
    return self.units

  @property
  def output_size(self):
    return self.units

  def _input_depth(self, inputs_shape):
    depth = tf.compat.dimension_value(tf.TensorShape(inputs_shape)[-1])
    if depth is None:
      raise ValueError("Expected inputs.shape[-1] to be known, saw shape: %s "
                       "(cell %r)" % (inputs_shape, self._cell_label()))
    return depth
