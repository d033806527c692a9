"""Memory a run may use, and a check that a graph's variables fit in it.

A model built with an enormous size (say `num_units=100000`) builds a graph in
milliseconds — shapes only — and then dies allocating its variables, by
`MemoryError`, a TensorFlow `ResourceExhaustedError` or the kernel's OOM killer.
`check_variables_fit` says so before the session allocates anything.
"""

import os

from tf1_compat.framework import errors

_CGROUP_LIMITS = ("/sys/fs/cgroup/memory.max",
                  "/sys/fs/cgroup/memory/memory.limit_in_bytes")


class OutOfMemoryError(errors.Error, MemoryError):
  """What a run needs does not fit in the memory this machine has available."""


def available_bytes():
  """Memory this process can still use: free RAM, capped by a cgroup limit."""
  available = None
  try:
    with open("/proc/meminfo", encoding="ascii") as f:
      for line in f:
        if line.startswith("MemAvailable:"):
          available = int(line.split()[1]) * 1024
          break
  except OSError:
    pass
  if available is None:
    try:
      available = os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, AttributeError):
      return None
  for path in _CGROUP_LIMITS:
    try:
      with open(path, encoding="ascii") as f:
        text = f.read().strip()
    except OSError:
      continue
    if text.isdigit():
      available = min(available, int(text))
  return available


def format_bytes(count):
  """`3.2e10` -> `29.8 GiB`."""
  for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
    if abs(count) < 1024 or unit == "TiB":
      return ("%d %s" if unit == "B" else "%.1f %s") % (count, unit)
    count /= 1024.0
  return "%.1f TiB" % count


def variables_bytes(variables):
  """Bytes the values of `variables` (with fully known shapes) take."""
  total = 0
  for variable in variables:
    shape = variable.shape
    if shape.is_fully_defined():
      total += shape.num_elements() * variable.dtype.base_dtype.size
  return total


def check_variables_fit(variables, available=None, what="the model"):
  """Raises `OutOfMemoryError` when `variables` need more than `available` bytes.

  Args:
    variables: the graph's variables (weights, optimizer slots, saved state).
    available: bytes at hand; by default `available_bytes()`. None or 0 skips.
    what: what to name in the message.
  """
  available = available_bytes() if available is None else available
  if not available:
    return
  needed = variables_bytes(variables)
  if needed <= available:
    return
  largest = max(variables, key=lambda v: variables_bytes([v]))
  raise OutOfMemoryError(
      "%s needs %s for its variables (largest: %s %s, %s), more than the %s of "
      "memory available; use smaller sizes" % (
          what, format_bytes(needed), largest.op.name, largest.shape.as_list(),
          format_bytes(variables_bytes([largest])), format_bytes(available)))
