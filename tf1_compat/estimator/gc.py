"""Garbage collection of export directories, by export version (TF 1.15's `gc`).

A `Path` is a directory and its version (`None` if it has none). A filter maps
a list of paths to the ones to keep; `_negation` turns it into the ones to
delete. The names are TF 1.15's, private there too (the module is the
estimator's helper, not part of `tf.estimator`). Exporters keep their newest
exports this way:

    keep = _largest_export_versions(5)
    for path in _negation(keep)(_get_paths(base_dir, parser)):
      tf.io.gfile.rmtree(path.path)
"""

import collections
import heapq
import math
import os

import tensorflow as tf

Path = collections.namedtuple("Path", "path export_version")


def _largest_export_versions(n):
  """A filter keeping the `n` paths with the largest versions."""

  def keep(paths):
    heap = []
    for index, path in enumerate(paths):
      if path.export_version is not None:
        heapq.heappush(heap, (path.export_version, index))
    return sorted(paths[i] for _, i in heapq.nlargest(n, heap))

  return keep


def _one_of_every_n_export_versions(n):
  """A filter keeping the largest version in each interval `(k*n, (k+1)*n]`."""

  def keep(paths):
    keepers = {}
    for path in paths:
      if path.export_version is None:
        continue
      interval = (math.floor((path.export_version - 1) / n)
                  if path.export_version else 0)
      kept = keepers.get(interval)
      if kept is None or kept.export_version < path.export_version:
        keepers[interval] = path
    return sorted(keepers.values())

  return keep


def _mod_export_version(n):
  """A filter keeping the versions divisible by `n`."""

  def keep(paths):
    return sorted(p for p in paths if p.export_version % n == 0)

  return keep


def _union(lf, rf):
  """A filter keeping what either filter keeps."""

  def keep(paths):
    return sorted(set(lf(paths)) | set(rf(paths)))

  return keep


def _negation(f):
  """A filter keeping what `f` does not."""

  def keep(paths):
    return sorted(set(paths) - set(f(paths)))

  return keep


def _get_paths(base_dir, parser):
  """The sorted `Path`s of `base_dir`'s entries that `parser` accepts.

  Args:
    base_dir: A directory (str or bytes).
    parser: Maps `Path(path, None)` to a `Path` with its version, or None to
      leave the entry out.
  """
  base_dir = os.fsdecode(base_dir)
  paths = []
  for name in tf.io.gfile.listdir(base_dir):
    name = name.rstrip("/")
    path = parser(Path(os.path.join(base_dir, name), None))
    if path:
      paths.append(path)
  return sorted(paths)
