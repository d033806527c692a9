"""TensorFlow's fused one-step RNN kernels, with the gradients TF 2 lacks.

`tf.raw_ops.LSTMBlockCell` and `tf.raw_ops.GRUBlockCell` compute a whole LSTM
or GRU step (the matmul over `concat([x, h])` and every gate) in one op.
TensorFlow 2 ships them and their gradient ops but registers no gradient
function; this module registers the ones TF1's contrib did, on import. The
block cells (`LSTMBlockCell`, `GRUBlockCell`, `GRUBlockCellV2`) run on these.
"""

import tensorflow as tf


def lstm_block_step(x, c, h, kernel, bias, forget_bias, cell_clip=None,
                    peepholes=None):
  """One LSTM step on the fused op: `(new_c, new_h)`.

  Gates `i, j, f, o` from `concat([x, h]) @ kernel + bias`, `forget_bias` added
  to `f` at run time, `tanh` activations; `cell_clip` (None: none) clips the
  new memory; `peepholes` are `(w_i_diag, w_f_diag, w_o_diag)` or None.
  """
  use_peephole = peepholes is not None
  if not use_peephole:
    units = tf.compat.dimension_value(h.shape[-1])
    zeros = tf.zeros([units] if units is not None else tf.shape(h)[1:],
                     dtype=x.dtype)
    peepholes = (zeros, zeros, zeros)
  wci, wcf, wco = peepholes
  _, new_c, _, _, _, _, new_h = tf.raw_ops.LSTMBlockCell(
      x=x, cs_prev=c, h_prev=h, w=kernel, wci=wci, wcf=wcf, wco=wco, b=bias,
      forget_bias=forget_bias,
      cell_clip=-1.0 if cell_clip is None else float(cell_clip),
      use_peephole=use_peephole)
  return new_c, new_h


def gru_block_step(x, h, gate_kernel, gate_bias, candidate_kernel,
                   candidate_bias):
  """One GRU step on the fused op (`GRUCell`'s math, `tanh`): the new `h`."""
  _, _, _, new_h = tf.raw_ops.GRUBlockCell(
      x=x, h_prev=h, w_ru=gate_kernel, w_c=candidate_kernel, b_ru=gate_bias,
      b_c=candidate_bias)
  return new_h


def _lstm_block_cell_grad(op, *grads):
  """Gradient of `LSTMBlockCell` w.r.t. x, cs_prev, h_prev, w, wci, wcf, wco, b.

  Only the `cs` and `h` outputs carry gradients (the gate outputs are internal);
  `LSTMBlockCellGrad` turns them into the gate pre-activation gradient `dicfo`,
  which backpropagates through `concat([x, h_prev]) @ w + b`.
  """
  x, cs_prev, h_prev, w, wci, wcf, wco, b = op.inputs
  i, cs, f, o, ci, co, h = op.outputs
  cs_grad = grads[1] if grads[1] is not None else tf.zeros_like(cs)
  h_grad = grads[6] if grads[6] is not None else tf.zeros_like(h)
  cs_prev_grad, dicfo, wci_grad, wcf_grad, wco_grad = (
      tf.raw_ops.LSTMBlockCellGrad(
          x=x, cs_prev=cs_prev, h_prev=h_prev, w=w, wci=wci, wcf=wcf, wco=wco,
          b=b, i=i, cs=cs, f=f, o=o, ci=ci, co=co, cs_grad=cs_grad,
          h_grad=h_grad, use_peephole=op.get_attr("use_peephole")))
  xh_grad = tf.matmul(dicfo, w, transpose_b=True)
  input_size = tf.compat.dimension_value(x.shape[1])
  if input_size is None:
    input_size = tf.shape(x)[1]
  x_grad, h_prev_grad = tf.split(
      xh_grad, [input_size, tf.shape(h_prev)[1]], axis=1)
  x_grad.set_shape(x.shape)
  h_prev_grad.set_shape(h_prev.shape)
  w_grad = tf.matmul(tf.concat([x, h_prev], 1), dicfo, transpose_a=True)
  b_grad = tf.reduce_sum(dicfo, axis=0)
  return (x_grad, cs_prev_grad, h_prev_grad, w_grad, wci_grad, wcf_grad,
          wco_grad, b_grad)


def _gru_block_cell_grad(op, *grads):
  """Gradient of `GRUBlockCell` w.r.t. x, h_prev, w_ru, w_c, b_ru, b_c.

  Only the `h` output carries a gradient; `GRUBlockCellGrad` gives the input,
  previous-state and gate pre-activation gradients, and the weight gradients
  follow from the two matmuls.
  """
  x, h_prev, w_ru, w_c, b_ru, b_c = op.inputs
  r, u, c, h = op.outputs
  d_h = grads[3] if grads[3] is not None else tf.zeros_like(h)
  d_x, d_h_prev, d_c_bar, d_r_bar_u_bar = tf.raw_ops.GRUBlockCellGrad(
      x=x, h_prev=h_prev, w_ru=w_ru, w_c=w_c, b_ru=b_ru, b_c=b_c, r=r, u=u,
      c=c, d_h=d_h)
  d_w_ru = tf.matmul(tf.concat([x, h_prev], 1), d_r_bar_u_bar,
                     transpose_a=True)
  d_w_c = tf.matmul(tf.concat([x, h_prev * r], 1), d_c_bar, transpose_a=True)
  d_b_ru = tf.reduce_sum(d_r_bar_u_bar, axis=0)
  d_b_c = tf.reduce_sum(d_c_bar, axis=0)
  return d_x, d_h_prev, d_w_ru, d_w_c, d_b_ru, d_b_c


def _register(op_type, gradient):
  try:
    tf.RegisterGradient(op_type)(gradient)
  except KeyError:
    pass  # Registered already (by an earlier import or another library).


_register("LSTMBlockCell", _lstm_block_cell_grad)
_register("GRUBlockCell", _gru_block_cell_grad)
