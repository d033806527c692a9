"""Checkpoints that resume a run exactly, and clear errors when they cannot.

A checkpoint is TensorFlow's `Saver` files (`model.ckpt-<step>.index/.data-*`: the
weights, optimizer slots, `global_step` and any state kept in variables) plus a JSON
side file `model.ckpt-<step>.state.json` with what lives outside the graph: the
input pipeline's position and random-number state.

Crash safety: the side file is written (atomically, via a rename) before the
`Saver` writes its files, and the `Saver` publishes a checkpoint by atomically
rewriting the `checkpoint` index only after its files are complete. A run killed
mid-save therefore leaves the index on the previous checkpoint, whose files and side
file are intact, and that is the one `restore_latest` restores.
"""

import dataclasses
import json
import os
import re
import tempfile
from typing import Optional

from absl import logging
import numpy as np
import tensorflow as tf

_V1 = tf.compat.v1
STATE_SUFFIX = ".state.json"


class CheckpointMismatchError(ValueError):
  """A checkpoint's variables do not fit the graph it is restored into."""


@dataclasses.dataclass(frozen=True)
class Restored:
  """What `restore_latest` brought back."""
  path: str
  state: Optional[dict]


def _to_json(value):
  """JSON-encodes numpy arrays and scalars (e.g. a `RandomState.get_state()`)."""
  if isinstance(value, np.ndarray):
    return {"__ndarray__": value.tolist(), "dtype": str(value.dtype)}
  if isinstance(value, np.generic):
    return value.item()
  if isinstance(value, tuple):
    return {"__tuple__": [_to_json(v) for v in value]}
  if isinstance(value, list):
    return [_to_json(v) for v in value]
  if isinstance(value, dict):
    return {k: _to_json(v) for k, v in value.items()}
  return value


def _from_json(value):
  if isinstance(value, dict):
    if "__ndarray__" in value:
      return np.asarray(value["__ndarray__"], dtype=value["dtype"])
    if "__tuple__" in value:
      return tuple(_from_json(v) for v in value["__tuple__"])
    return {k: _from_json(v) for k, v in value.items()}
  if isinstance(value, list):
    return [_from_json(v) for v in value]
  return value


def write_atomically(path, text):
  """Writes `text` to `path` through a temporary file and a rename."""
  directory = os.path.dirname(path) or "."
  handle, temporary = tempfile.mkstemp(dir=directory, prefix=".tmp-")
  try:
    with os.fdopen(handle, "w", encoding="utf-8") as f:
      f.write(text)
      f.flush()
      os.fsync(f.fileno())
    os.replace(temporary, path)
  except BaseException:
    if os.path.exists(temporary):
      os.remove(temporary)
    raise


def check_compatible(path, variables):
  """Raises `CheckpointMismatchError` unless `path` holds exactly `variables`.

  The message lists the variables the graph needs that the checkpoint lacks, those
  the checkpoint has that the graph does not, and those whose shapes differ — what
  restoring into a graph built with other hyperparameters produces.
  """
  stored = dict(tf.train.list_variables(path))
  wanted = {}
  partitioned = set()
  for variable in variables:
    name = variable.op.name
    base = re.sub(r"/part_\d+$", "", name)
    if base != name:
      # A shard of a partitioned variable: saved whole under the base name, so
      # only its presence can be checked here.
      partitioned.add(base)
      wanted[base] = None
    else:
      wanted[name] = variable.shape.as_list()
  missing = sorted(set(wanted) - set(stored))
  unexpected = sorted(set(stored) - set(wanted))
  reshaped = sorted(n for n in set(wanted) & set(stored)
                    if n not in partitioned and list(stored[n]) != wanted[n])
  if not (missing or unexpected or reshaped):
    return
  lines = ["checkpoint %s does not fit this graph (built with other "
           "hyperparameters?):" % path]
  if missing:
    lines.append("  missing from the checkpoint: " + ", ".join(missing))
  if unexpected:
    lines.append("  in the checkpoint but not in the graph: " + ", ".join(unexpected))
  for name in reshaped:
    lines.append("  %s: checkpoint shape %s, graph shape %s"
                 % (name, list(stored[name]), wanted[name]))
  raise CheckpointMismatchError("\n".join(lines))


class Checkpointer:
  """Saves `<directory>/model.ckpt-<step>` (+ side file) and restores the newest.

  Build it inside the graph it saves (before `graph.finalize()`): its `Saver`
  covers every saveable variable present at that moment.

  Args:
    directory: where checkpoints go; None disables saving and restoring.
    max_to_keep: how many recent checkpoints to keep (side files follow them).
  """

  def __init__(self, directory, max_to_keep=5):
    self.directory = directory
    self.saver = None
    self._variables = []
    if directory:
      os.makedirs(directory, exist_ok=True)
      self._variables = _V1.global_variables()
      self.saver = _V1.train.Saver(max_to_keep=max_to_keep)

  def latest(self):
    """The newest complete checkpoint's path prefix, or None."""
    if not self.directory:
      return None
    return tf.train.latest_checkpoint(self.directory)

  def restore_latest(self, session):
    """Restores the newest checkpoint into `session`.

    Returns:
      A `Restored(path, state)` (`state`: the dict given to `save`, or None), or
      None when there is no checkpoint.

    Raises:
      CheckpointMismatchError: the checkpoint's variables do not fit the graph.
    """
    path = self.latest()
    if path is None:
      return None
    check_compatible(path, self._variables)
    self.saver.restore(session, path)
    state = None
    if os.path.exists(path + STATE_SUFFIX):
      with open(path + STATE_SUFFIX, encoding="utf-8") as f:
        state = _from_json(json.load(f))
    logging.info("restored %s", path)
    return Restored(path=path, state=state)

  def save(self, session, global_step, state=None):
    """Writes a checkpoint for `global_step` with `state` beside it; returns its path."""
    if not self.directory:
      return None
    prefix = os.path.join(self.directory, "model.ckpt-%d" % global_step)
    if state is not None:
      write_atomically(prefix + STATE_SUFFIX, json.dumps(_to_json(state)))
    path = self.saver.save(session, os.path.join(self.directory, "model.ckpt"),
                           global_step=global_step)
    kept = set(self.saver.last_checkpoints)
    for name in os.listdir(self.directory):
      if name.endswith(STATE_SUFFIX):
        owner = os.path.join(self.directory, name[:-len(STATE_SUFFIX)])
        if owner not in kept and owner != path:
          os.remove(os.path.join(self.directory, name))
    logging.info("saved %s", path)
    return path
