"""Periodic `tf.compat.v1.train.Saver` checkpoints, and resuming from the latest."""

import os

from absl import logging
import tensorflow as tf

_V1 = tf.compat.v1


class Checkpointer:
  """Saves to `<directory>/model.ckpt-<step>` and restores the newest checkpoint.

  Build it inside the graph it saves (before `graph.finalize()`): the `Saver` it
  creates covers every saveable variable present at that moment.

  Args:
    directory: where checkpoints go; None disables saving and restoring.
    max_to_keep: how many recent checkpoints to keep.
  """

  def __init__(self, directory, max_to_keep=5):
    self.directory = directory
    self.saver = None
    if directory:
      os.makedirs(directory, exist_ok=True)
      self.saver = _V1.train.Saver(max_to_keep=max_to_keep)

  def latest(self):
    """The newest checkpoint's path prefix, or None."""
    if not self.directory:
      return None
    return tf.train.latest_checkpoint(self.directory)

  def restore_latest(self, session):
    """Restores the newest checkpoint into `session`; returns its path or None."""
    path = self.latest()
    if path is None:
      return None
    self.saver.restore(session, path)
    logging.info("restored %s", path)
    return path

  def save(self, session, global_step):
    """Writes a checkpoint for `global_step` and returns its path prefix."""
    if not self.directory:
      return None
    path = self.saver.save(session, os.path.join(self.directory, "model.ckpt"),
                           global_step=global_step)
    logging.info("saved %s", path)
    return path
