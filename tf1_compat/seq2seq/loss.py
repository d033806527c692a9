"""`sequence_loss`: weighted per-token cross-entropy with TF 1.15's reductions."""

import tensorflow as tf


def sequence_loss(logits, targets, weights, average_across_timesteps=True,
                  average_across_batch=True, sum_over_timesteps=False,
                  sum_over_batch=False, softmax_loss_function=None, name=None):
  """Weighted cross-entropy of `[batch, time, classes]` logits.

  The per-token loss is sparse softmax cross-entropy (or
  `softmax_loss_function(labels=, logits=)` on the flattened `[batch*time]`
  tokens) times `weights`. Then:

  * both `average_*` flags (the default): `sum(loss) / sum(weights)`, a scalar —
    the docstring of TF1 said "divide by batch size", but the code divides by the
    total weight, and that is what is reproduced; all-zero weights give 0;
  * both `sum_*` flags: `sum(loss) / count_nonzero(weights)`;
  * one `average_*` flag: sum over that axis over the weights' sum over it,
    giving `[batch]` (timesteps averaged) or `[time]` (batch averaged); this
    takes precedence over a `sum_*` flag on the other axis, which is ignored;
  * one `sum_*` flag: sum over that axis over the count of nonzero weights;
  * no flag: the weighted `[batch, time]` losses.

  Divisions are `div_no_nan`, so a zero denominator gives 0.

  Args:
    logits: Float `[batch, time, classes]`.
    targets: Int `[batch, time]`.
    weights: Float `[batch, time]`, typically a `sequence_mask`.
    average_across_timesteps: Average over time (by total weight).
    average_across_batch: Average over the batch (by total weight).
    sum_over_timesteps: Sum over time, divided by the nonzero-weight count.
    sum_over_batch: Sum over the batch, divided by the nonzero-weight count.
    softmax_loss_function: Optional `(labels, logits) -> [N]` loss, called with
      keyword arguments.
    name: Name scope, default "sequence_loss".

  Returns:
    A float tensor of rank 0, 1 or 2, as described above.

  Raises:
    ValueError: if a static rank is wrong, or an axis is both averaged and summed.
  """
  logits = tf.convert_to_tensor(logits, name="logits")
  targets = tf.convert_to_tensor(targets, name="targets")
  weights = tf.convert_to_tensor(weights, name="weights")
  if logits.shape.rank != 3:
    raise ValueError("Logits must be a [batch_size x sequence_length x logits] "
                     "tensor, saw shape %s" % logits.shape)
  if targets.shape.rank != 2:
    raise ValueError("Targets must be a [batch_size x sequence_length] tensor, "
                     "saw shape %s" % targets.shape)
  if weights.shape.rank != 2:
    raise ValueError("Weights must be a [batch_size x sequence_length] tensor, "
                     "saw shape %s" % weights.shape)
  if average_across_timesteps and sum_over_timesteps:
    raise ValueError("average_across_timesteps and sum_over_timesteps cannot "
                     "be set to True at same time.")
  if average_across_batch and sum_over_batch:
    raise ValueError("average_across_batch and sum_over_batch cannot be set "
                     "to True at same time.")
  with tf.name_scope(name or "sequence_loss"):
    num_classes = tf.shape(logits)[2]
    logits_flat = tf.reshape(logits, [-1, num_classes])
    targets_flat = tf.reshape(targets, [-1])
    if softmax_loss_function is None:
      crossent = tf.nn.sparse_softmax_cross_entropy_with_logits(
          labels=targets_flat, logits=logits_flat)
    else:
      crossent = softmax_loss_function(labels=targets_flat, logits=logits_flat)
    crossent *= tf.reshape(weights, [-1])
    if average_across_timesteps and average_across_batch:
      return tf.math.divide_no_nan(tf.reduce_sum(crossent),
                                   tf.reduce_sum(weights))
    if sum_over_timesteps and sum_over_batch:
      count = tf.cast(tf.math.count_nonzero(weights), crossent.dtype)
      return tf.math.divide_no_nan(tf.reduce_sum(crossent), count)
    crossent = tf.reshape(crossent, tf.shape(logits)[0:2])
    if average_across_timesteps or average_across_batch:
      axis = [0] if average_across_batch else [1]
      return tf.math.divide_no_nan(tf.reduce_sum(crossent, axis=axis),
                                   tf.reduce_sum(weights, axis=axis))
    if sum_over_timesteps or sum_over_batch:
      axis = [0] if sum_over_batch else [1]
      count = tf.cast(tf.math.count_nonzero(weights, axis=axis), crossent.dtype)
      return tf.math.divide_no_nan(tf.reduce_sum(crossent, axis=axis), count)
    return crossent


class SequenceLoss:
  """`sequence_loss` as a Keras-style loss object: `loss(y_true, y_pred, weights)`.

  TF 1.15's class (a `tf.keras.losses.Loss` there) with its defaults, which
  differ from the function's: summed over time and batch, divided by the count
  of nonzero weights. `y_true` are the `[batch, time]` targets, `y_pred` the
  `[batch, time, classes]` logits, `sample_weight` the `[batch, time]` weights.
  """

  def __init__(self, average_across_timesteps=False, average_across_batch=False,
               sum_over_timesteps=True, sum_over_batch=True,
               softmax_loss_function=None, name=None):
    self.average_across_timesteps = average_across_timesteps
    self.average_across_batch = average_across_batch
    self.sum_over_timesteps = sum_over_timesteps
    self.sum_over_batch = sum_over_batch
    self.softmax_loss_function = softmax_loss_function
    self.name = name

  def __call__(self, y_true, y_pred, sample_weight=None):
    return sequence_loss(
        y_pred, y_true, sample_weight,
        average_across_timesteps=self.average_across_timesteps,
        average_across_batch=self.average_across_batch,
        sum_over_timesteps=self.sum_over_timesteps,
        sum_over_batch=self.sum_over_batch,
        softmax_loss_function=self.softmax_loss_function, name=self.name)
