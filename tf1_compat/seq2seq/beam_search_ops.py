"""`gather_tree`: backtrack beam-search parent pointers into full sequences.

TF 1.15 shipped this as the contrib custom op `GatherTree`, which core TensorFlow
does not have; here it is built from core ops (a reverse `tf.scan` over time).
"""

import tensorflow as tf


def gather_tree(step_ids, parent_ids, max_sequence_lengths, end_token,
                name=None):
  """Follows `parent_ids` back from the last step to recover each beam's path.

  For batch entry `b` and final beam `k`, with `L = min(max_time,
  max_sequence_lengths[b])`: `out[L-1, b, k] = step_ids[L-1, b, k]`; then, going
  back, `out[t, b, k] = step_ids[t, b, p]` where `p` is the parent recorded one
  step later along the path. Steps at and after `L` are `end_token`, and within
  the first `L` steps everything after a path's first `end_token` becomes
  `end_token` too (TF 1.15 pads with `end_token`; earlier versions used -1). An
  entry with `L <= 0` is all `end_token`.

  Args:
    step_ids: `int32` `[max_time, batch, beam]`: the id chosen at each step.
    parent_ids: `int32` `[max_time, batch, beam]`: the beam each came from.
    max_sequence_lengths: `int32` `[batch]`.
    end_token: `int32` scalar.
    name: Name scope, default "GatherTree".

  Returns:
    `int32` `[max_time, batch, beam]`, the backtracked ids.

  Raises:
    ValueError: on statically wrong ranks or mismatched shapes.
    tf.errors.InvalidArgumentError: at run time, when a parent that is followed
      lies outside `[0, beam)` (TF1's CPU kernel raised this too).
  """
  with tf.name_scope(name or "GatherTree"):
    step_ids = tf.convert_to_tensor(step_ids, dtype=tf.int32, name="step_ids")
    parent_ids = tf.convert_to_tensor(parent_ids, dtype=tf.int32,
                                      name="parent_ids")
    max_sequence_lengths = tf.convert_to_tensor(
        max_sequence_lengths, dtype=tf.int32, name="max_sequence_lengths")
    end_token = tf.convert_to_tensor(end_token, dtype=tf.int32, name="end_token")
    if step_ids.shape.rank not in (None, 3):
      raise ValueError("step_ids must be [max_time, batch, beam], saw shape %s"
                       % step_ids.shape)
    if not step_ids.shape.is_compatible_with(parent_ids.shape):
      raise ValueError("step_ids and parent_ids must have the same shape, saw "
                       "%s and %s" % (step_ids.shape, parent_ids.shape))
    if max_sequence_lengths.shape.rank not in (None, 1):
      raise ValueError("max_sequence_lengths must be a vector, saw shape %s"
                       % max_sequence_lengths.shape)
    if end_token.shape.rank not in (None, 0):
      raise ValueError("end_token must be a scalar, saw shape %s"
                       % end_token.shape)
    static_shape = step_ids.shape.merge_with(parent_ids.shape)
    if static_shape.rank is not None:
      static_shape = static_shape.merge_with(
          tf.TensorShape([None]).concatenate(max_sequence_lengths.shape)
          .concatenate([None]))

    shape = tf.shape(step_ids)
    max_time, batch_size, beam_width = shape[0], shape[1], shape[2]
    shape_check = tf.debugging.assert_equal(
        tf.shape(parent_ids), shape,
        message="gather_tree: step_ids and parent_ids shapes differ")
    lengths_check = tf.debugging.assert_equal(
        tf.shape(max_sequence_lengths)[0], batch_size,
        message="gather_tree: max_sequence_lengths must have one entry per "
                "batch element")
    with tf.control_dependencies([shape_check, lengths_check]):
      lengths = tf.minimum(max_sequence_lengths, max_time)

    # Walk backwards: `beam_index[b, k]` is the beam whose id belongs at time t
    # on final beam k's path; it starts at k and moves to the recorded parent.
    times = tf.range(max_time)
    start = tf.tile(tf.range(beam_width)[tf.newaxis], [batch_size, 1])

    def backtrack(carry, elems):
      beam_index = carry[0]
      t, ids_t, parents_t = elems
      active = tf.expand_dims(t < lengths, 1)
      safe_index = tf.clip_by_value(beam_index, 0, beam_width - 1)
      valid = tf.logical_and(beam_index >= 0, beam_index < beam_width)
      # The first active step reads beam k itself; later ones follow parents.
      followed = tf.expand_dims(t < lengths - 1, 1)
      bad = tf.logical_and(followed, tf.logical_not(valid))
      out_t = tf.where(active, tf.gather(ids_t, safe_index, batch_dims=1),
                       end_token)
      next_index = tf.where(
          active, tf.gather(parents_t, safe_index, batch_dims=1), beam_index)
      return next_index, out_t, bad, beam_index

    zeros = tf.zeros_like(start)
    _, beams, bad, followed_index = tf.scan(
        backtrack, (times, step_ids, parent_ids),
        initializer=(start, zeros, tf.zeros_like(start, tf.bool), zeros),
        reverse=True)

    # The first bad (time, batch, beam), or (0, 0, 0) when there is none.
    first_bad = tf.concat([tf.cast(tf.where(bad), tf.int32),
                           tf.zeros([1, 3], tf.int32)], 0)[0]
    parent_check = tf.debugging.Assert(
        tf.logical_not(tf.reduce_any(bad)),
        [tf.strings.format(
            "Saw invalid parent id {} at (batch, time, beam) == ({}, {}, {}); "
            "gather_tree needs parent ids in [0, beam_width = {})",
            (tf.gather_nd(followed_index, first_bad), first_bad[1],
             first_bad[0], first_bad[2], beam_width))])

    in_range = tf.expand_dims(times, 1) < tf.expand_dims(lengths, 0)
    is_end = tf.logical_and(tf.equal(beams, end_token), in_range[..., tf.newaxis])
    after_end = tf.cumsum(tf.cast(is_end, tf.int32), axis=0, exclusive=True) > 0
    with tf.control_dependencies([parent_check]):
      beams = tf.where(after_end, end_token, beams)
    beams.set_shape(static_shape)
    return beams
