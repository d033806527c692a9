"""Decay schedules for the sign term of `PowerSignOptimizer` and
`AddSignOptimizer` (Bello et al. 2017), as TF 1.15's contrib defined them.

Each `get_*_decay_fn(decay_steps, ...)` returns a function of `global_step`
(required: it raises ValueError on None) giving a float32 scalar in [0, 1].
"""

import math

import tensorflow as tf


def _check_step(global_step, name):
  if global_step is None:
    raise ValueError("global_step is required for %s." % name)


def get_linear_decay_fn(decay_steps):
  """`max(0, (decay_steps - min(step, decay_steps)) / decay_steps)`."""
  def linear_decay_fn(global_step):
    _check_step(global_step, "linear_decay")
    step = tf.minimum(global_step, decay_steps)
    remaining = tf.cast(decay_steps, tf.int32) - tf.cast(step, tf.int32)
    decayed = tf.cast(remaining, tf.float32) / tf.cast(decay_steps, tf.float32)
    return tf.maximum(0.0, decayed)
  return linear_decay_fn


def get_cosine_decay_fn(decay_steps, num_periods=0.5, zero_after=None):
  """`0.5 * (1 + cos(2*pi*num_periods*min(step, decay_steps)/decay_steps))`,
  0 once `2*num_periods*step/decay_steps >= 2*zero_after`."""
  def cosine_decay_fn(global_step):
    _check_step(global_step, "cosine_decay")
    step = tf.minimum(global_step, decay_steps)
    fraction = 2.0 * num_periods * (tf.cast(step, tf.float32)
                                    / tf.cast(decay_steps, tf.float32))
    decayed = 0.5 * (1.0 + tf.cos(tf.constant(math.pi) * fraction))
    if zero_after is not None:
      decayed = tf.where(tf.greater_equal(fraction, 2 * zero_after), 0.0,
                         decayed)
    return decayed
  return cosine_decay_fn


def get_restart_decay_fn(decay_steps, num_periods=1, zero_after=None):
  """`0.5 * (1 + cos(pi * ((num_periods*step) mod decay_steps)/decay_steps))`
  (SGDR-style restarts), 0 once `num_periods*step/decay_steps >= zero_after`."""
  def restart_decay_fn(global_step):
    _check_step(global_step, "cosine_decay")
    step = tf.minimum(global_step, decay_steps)
    num = tf.math.floormod(num_periods * tf.cast(step, tf.float32),
                           decay_steps)
    fraction = num / tf.cast(decay_steps, tf.float32)
    decayed = 0.5 * (1.0 + tf.cos(tf.constant(math.pi) * fraction))
    if zero_after is not None:
      ratio = (tf.cast(num_periods * step, tf.float32)
               / tf.cast(decay_steps, tf.float32))
      decayed = tf.where(tf.greater_equal(ratio, zero_after), 0.0, decayed)
    return decayed
  return restart_decay_fn
