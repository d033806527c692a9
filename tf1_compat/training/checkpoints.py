"""Checkpoints that resume a run exactly, survive being copied or moved, and fail clearly.

A checkpoint `model.ckpt-<step>` is, in its folder:

* `model.ckpt-<step>.index` and `.data-*`: TensorFlow's `Saver` bundle (weights,
  optimizer slots, `global_step` and any state kept in variables);
* `model.ckpt-<step>.meta`: the `MetaGraphDef`, as TF1's `Saver` wrote it;
* `model.ckpt-<step>.state.json`: a side file with what lives outside the graph
  (input-pipeline positions, random-number states), when the program keeps any.

The folder's `checkpoint` index (TF1's `CheckpointState` text format, read by
`tf.train.latest_checkpoint`) names the newest checkpoint and the kept series by
file name, relative to the folder, so a folder that is copied or moved keeps
working — what TF1's `Saver` writes when given a relative directory.

Rules:

* **Publishing.** A save writes the side file, the bundle and the `.meta`, and only
  then rewrites the index (atomically, through a rename). A run killed mid-save
  leaves the index on the previous checkpoint, whose files are intact.
* **Restoring.** The checkpoint the index names is restored when it is complete;
  otherwise the newest complete one in the folder, with a warning naming what was
  skipped and why. Complete means: its bundle reads and restores, and (when the
  program keeps out-of-graph state) its side file exists and applies. An index of
  an older version holding absolute paths is read by file name inside the folder.
  When no checkpoint is complete but one has weights and no side file, its weights
  are restored with a warning that the resume is not exact. A folder holding an
  index or checkpoint files of which none can be used is an error, not a fresh
  start: nothing in it is overwritten.
* **Keeping.** One rule for the bundle, `.meta` and side file alike: the
  `max_to_keep` newest checkpoints of the series (those the index lists plus those
  this run saves) are kept, an older one is deleted whole. Nothing else is ever
  deleted: not a checkpoint skipped as broken, not a file the index does not list.
* **Write failures** (disk full, permission) remove what the failed save created,
  leave the index on the last good checkpoint and raise `CheckpointWriteError`.
"""

import dataclasses
import json
import os
import re
import shutil
import tempfile
from typing import Optional

from absl import logging
import numpy as np
import tensorflow as tf

from tf1_compat.framework import errors
from tf1_compat.training._text import first_line

_V1 = tf.compat.v1
PREFIX = "model.ckpt"
INDEX_FILENAME = "checkpoint"
STATE_SUFFIX = ".state.json"
_NAME = re.compile(r"^model\.ckpt-(\d+)$")
_BUNDLE_INDEX = re.compile(r"^(model\.ckpt-\d+)\.index$")
_INDEX_LINE = re.compile(r'^\s*(\w+)\s*:\s*(?:"((?:[^"\\]|\\.)*)"|([-+.\deE]+))\s*$')
# What a side file that is present but unusable may raise when applied.
_STATE_ERRORS = (KeyError, TypeError, ValueError, IndexError)


class CheckpointMismatchError(errors.Error, ValueError):
  """A checkpoint's variables do not fit the graph it is restored into."""


class CheckpointNotFoundError(errors.Error, FileNotFoundError):
  """A checkpoint was required (e.g. to evaluate only) and the folder has none."""


class CheckpointFolderError(errors.Error, ValueError):
  """A checkpoint folder holds an index or checkpoints, but none can be used."""


class CheckpointWriteError(errors.Error, OSError):
  """A checkpoint could not be written; the last good one is still published."""


@dataclasses.dataclass(frozen=True)
class Restored:
  """What `restore_latest` brought back.

  Attributes:
    path: the checkpoint's path prefix.
    state: the dict given to `save` with it (None without a side file).
    exact: False when its weights were restored without its side file.
  """
  path: str
  state: Optional[dict]
  exact: bool = True


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
    os.chmod(temporary, 0o644)  # What TensorFlow's own writes get (mkstemp: 0600).
    os.replace(temporary, path)
  except BaseException:
    if os.path.exists(temporary):
      os.remove(temporary)
    raise




def _step(name):
  match = _NAME.match(name)
  return int(match.group(1)) if match else -1


def check_compatible(path, variables, stored=None):
  """Raises `CheckpointMismatchError` unless `path` holds exactly `variables`.

  The message lists the variables the graph needs that the checkpoint lacks, those
  the checkpoint has that the graph does not, and those whose shapes differ — what
  restoring into a graph built with other hyperparameters produces. `stored` is
  the checkpoint's `{name: shape}` when already read.
  """
  stored = dict(tf.train.list_variables(path)) if stored is None else stored
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


@dataclasses.dataclass(frozen=True)
class _Index:
  """The folder's `checkpoint` index, resolved to file names inside the folder."""
  exists: bool
  named: Optional[str]          # The newest checkpoint's file name, if any.
  listed: tuple                 # The kept series' file names, oldest first.
  problems: tuple               # Warnings about the index itself.


class Checkpointer:
  """Saves `<directory>/model.ckpt-<step>` (+ side file) and restores the newest.

  Build it inside the graph it saves (before `graph.finalize()`): its `Saver`
  covers every saveable variable present at that moment.

  Args:
    directory: where checkpoints go; None disables saving and restoring.
    max_to_keep: how many recent checkpoints to keep (side files follow them).
    read_only: only restore; the folder is never created or written to.

  Raises:
    CheckpointWriteError: (unless `read_only`) `directory` cannot be created.
  """

  def __init__(self, directory, max_to_keep=5, read_only=False):
    self.directory = os.fspath(directory) if directory else None
    self.max_to_keep = max_to_keep
    self.read_only = read_only
    self._saver = None
    self._variables = []
    self._series = []          # File names of the kept checkpoints, oldest first.
    self._latest = None        # Path of the newest checkpoint restored or saved.
    if self.directory:
      self._variables = _V1.global_variables()
      self._saver = _V1.train.Saver(max_to_keep=max_to_keep)
      if not read_only:
        try:
          os.makedirs(self.directory, exist_ok=True)
        except OSError as error:
          raise CheckpointWriteError(
              "checkpoint directory %r cannot be created: %s"
              % (self.directory, first_line(error))) from None
        if not os.access(self.directory, os.W_OK | os.X_OK):
          raise CheckpointWriteError(
              "checkpoint directory %r is not writable by this user (to only "
              "evaluate or sample from its checkpoints, use eval_only)"
              % (self.directory,))

  @property
  def saver(self):
    """The `tf.compat.v1.train.Saver` of the checkpoints (None without a folder)."""
    return self._saver

  def latest(self):
    """The newest checkpoint this object restored or saved, or the index's, or None."""
    if self._latest or not self.directory:
      return self._latest
    index = self._read_index()
    if index.named and os.path.exists(self._path(index.named) + ".index"):
      return self._path(index.named)
    return None

  def _path(self, name):
    return os.path.join(self.directory, name)

  def _read_index(self):
    path = self._path(INDEX_FILENAME)
    if not os.path.exists(path):
      return _Index(False, None, (), ())
    entries = []
    try:
      with open(path, encoding="utf-8") as f:
        lines = [l for l in f.read().splitlines() if l.strip()]
      for line in lines:
        match = _INDEX_LINE.match(line)
        if not match:
          raise ValueError("unexpected line %r" % line[:60])
        if match.group(2) is not None:
          entries.append((match.group(1), match.group(2)))
    except (OSError, ValueError) as error:
      return _Index(True, None, (), (
          "the index %s cannot be read (%s)" % (path, first_line(error)),))
    problems = []
    here = os.path.realpath(self.directory)

    def local(recorded):
      full = recorded if os.path.isabs(recorded) else self._path(recorded)
      name = os.path.basename(full)
      if os.path.realpath(os.path.dirname(full)) != here:
        problems.append("the index names %s, outside this folder (it was copied "
                        "or moved); using this folder's own %s" % (recorded, name))
      return name

    named = None
    listed = []
    for key, value in entries:
      if key == "model_checkpoint_path":
        named = local(value)
      elif key == "all_model_checkpoint_paths":
        listed.append(local(value))
    if named is None:
      problems.append("the index %s names no checkpoint" % path)
    return _Index(True, named, tuple(listed), tuple(dict.fromkeys(problems)))

  def _on_disk(self):
    """File names of the checkpoints whose `.index` file exists, newest first."""
    names = []
    for entry in os.listdir(self.directory):
      match = _BUNDLE_INDEX.match(entry)
      if match:
        names.append(match.group(1))
    return sorted(names, key=_step, reverse=True)

  def restore_latest(self, session, apply_state=None):
    """Restores the newest complete checkpoint into `session`.

    Args:
      session: the `tf.compat.v1.Session` of the graph this object was built in.
      apply_state: `state -> None`, given the side file's dict; a program that
        keeps out-of-graph state passes it, and a checkpoint whose side file is
        missing or fails to apply (raises `KeyError`, `TypeError`, `ValueError`)
        then counts as incomplete.

    Returns:
      A `Restored`, or None when the folder has no checkpoint (or is unset).

    Raises:
      CheckpointMismatchError: the checkpoint's variables do not fit the graph.
      CheckpointFolderError: the folder has an index or checkpoint files, but
        none of them can be restored.
    """
    if not self.directory or not os.path.isdir(self.directory):
      return None
    index = self._read_index()
    on_disk = self._on_disk()
    for problem in index.problems:
      logging.warning("checkpoint folder %s: %s", self.directory, problem)
    if index.named and index.named not in on_disk:
      logging.warning("checkpoint folder %s: the index names %s, which is not in "
                      "the folder; looking for the newest complete checkpoint "
                      "there", self.directory, index.named)
    candidates = ([index.named] if index.named in on_disk else [])
    candidates += [name for name in on_disk if name not in candidates]
    skipped = []
    weights_only = None
    restored = None
    for name in candidates:
      path = self._path(name)
      try:
        stored = dict(tf.train.list_variables(path))
      except (tf.errors.OpError, ValueError) as error:
        skipped.append((name, "its .index cannot be read (%s)" % first_line(error)))
        continue
      check_compatible(path, self._variables, stored)
      state, problem = self._read_state(path)
      if apply_state is None:
        problem = None  # The program keeps no out-of-graph state.
      elif problem is None and state is None:
        problem = "its side file %s is missing" % (name + STATE_SUFFIX)
        weights_only = weights_only or name
      if problem is not None:
        skipped.append((name, problem))
        continue
      try:
        self._restore(session, path)
      except tf.errors.OpError as error:
        skipped.append((name, "its data cannot be restored (%s)" % first_line(error)))
        continue
      if apply_state is not None:
        try:
          apply_state(state)
        except _STATE_ERRORS as error:
          skipped.append((name, "its side file %s does not fit this program (%s: %s)"
                          % (name + STATE_SUFFIX, type(error).__name__,
                             first_line(error))))
          continue
      restored = Restored(path=path, state=state)
      break
    if restored is None and weights_only is not None:
      path = self._path(weights_only)
      try:
        self._restore(session, path)
        restored = Restored(path=path, state=None, exact=False)
        skipped = [(n, why) for n, why in skipped if n != weights_only]
      except tf.errors.OpError as error:
        skipped.append((weights_only, "its data cannot be restored (%s)"
                        % first_line(error)))
    for name, why in skipped:
      logging.warning("checkpoint %s skipped: %s", self._path(name), why)
    if restored is None:
      if index.exists or on_disk:
        found = "; ".join("%s: %s" % (n, why) for n, why in skipped) or (
            "no model.ckpt-<step>.index file")
        raise CheckpointFolderError(
            "checkpoint folder %s: expected a complete checkpoint to resume from, "
            "found none usable (%s); nothing was changed there: move the folder "
            "away or pass another one" % (self.directory, found))
      return None
    if not restored.exact:
      logging.warning(
          "restored the weights of %s without its side file %s: the input "
          "pipeline starts from its beginning, so this resume is not exact",
          restored.path, os.path.basename(restored.path) + STATE_SUFFIX)
    elif skipped:
      logging.warning("restored %s instead, the newest complete checkpoint",
                      restored.path)
    broken = {name for name, _ in skipped}
    restored_name = os.path.basename(restored.path)
    series = [n for n in index.listed if n in on_disk and n not in broken]
    if restored_name not in series:
      series.append(restored_name)
    self._series = sorted(dict.fromkeys(series), key=_step)
    self._latest = restored.path
    logging.info("restored %s", restored.path)
    return restored

  def _restore(self, session, path):
    with session.graph.as_default():  # The Saver is graph-mode only.
      self._saver.restore(session, path)

  def _read_state(self, path):
    """`(state, problem)`: the side file's dict or None, and why it is unusable."""
    side = path + STATE_SUFFIX
    if not os.path.exists(side):
      return None, None
    try:
      with open(side, encoding="utf-8") as f:
        state = _from_json(json.load(f))
      if not isinstance(state, dict):
        raise ValueError("expected a JSON object, found %s" % type(state).__name__)
    except (OSError, ValueError, TypeError, KeyError) as error:
      return None, "its side file %s cannot be read (%s)" % (
          os.path.basename(side), first_line(error))
    return state, None

  def save(self, session, global_step, state=None):
    """Writes a checkpoint for `global_step` with `state` beside it; returns its path.

    Raises:
      CheckpointWriteError: a file could not be written; what this save created
        is removed and the index still names the last good checkpoint.
    """
    if not self.directory:
      return None
    if self.read_only:
      raise RuntimeError("Checkpointer(read_only=True) cannot save")
    name = "%s-%d" % (PREFIX, global_step)
    path = self._path(name)
    series = [n for n in self._series if n != name] + [name]
    kept, expired = series[-self.max_to_keep:], series[:-self.max_to_keep]
    try:
      before = set(os.listdir(self.directory))
    except OSError as error:
      raise CheckpointWriteError("could not write checkpoint %s: %s" % (
          path, first_line(error))) from None
    try:
      if state is not None:
        write_atomically(path + STATE_SUFFIX, json.dumps(_to_json(state)))
      with session.graph.as_default():  # The Saver is graph-mode only.
        self._saver.save(session, self._path(PREFIX), global_step=global_step,
                         write_meta_graph=False, write_state=False)
        self._saver.export_meta_graph(path + ".meta")
      write_atomically(self._path(INDEX_FILENAME), "".join(
          ["model_checkpoint_path: %s\n" % json.dumps(name)]
          + ["all_model_checkpoint_paths: %s\n" % json.dumps(n) for n in kept]))
    except (OSError, tf.errors.OpError) as error:
      self._remove_new_entries(before, name)
      raise CheckpointWriteError(
          "could not write checkpoint %s: %s; the last good checkpoint is %s"
          % (path, first_line(error), self._latest or "none")) from None
    self._series = kept
    for old in expired:
      self._remove_checkpoint(old)
    self._latest = path
    logging.info("saved %s", path)
    return path

  def _remove_new_entries(self, before, name):
    """Removes what a failed save of `name` created (and only that)."""
    try:
      entries = set(os.listdir(self.directory)) - before
    except OSError:
      return
    for entry in entries:
      if entry.startswith((name + ".", name + "_", INDEX_FILENAME + ".tmp",
                           ".tmp-")):
        full = self._path(entry)
        try:
          if os.path.isdir(full):
            shutil.rmtree(full)
          else:
            os.remove(full)
        except OSError as error:
          logging.warning("could not remove %s: %s", full, first_line(error))

  def _remove_checkpoint(self, name):
    """Deletes checkpoint `name` whole: bundle, `.meta` and side file."""
    for entry in os.listdir(self.directory):
      if not entry.startswith(name + "."):
        continue
      suffix = entry[len(name):]
      if suffix in (".index", ".meta", STATE_SUFFIX) or suffix.startswith(".data-"):
        try:
          os.remove(self._path(entry))
        except OSError as error:
          logging.warning("could not remove old checkpoint file %s: %s",
                          self._path(entry), first_line(error))
