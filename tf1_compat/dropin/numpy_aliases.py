"""NumPy 1.x names that 2018 code used and NumPy 2 removed, restored on request.

`restore()` adds back only the names the installed NumPy lacks, as plain module
attributes (`np.float is float`, `np.asscalar(a) == a.item()`, ...). The runner
calls it before a script starts (`--no-numpy-aliases` skips it); the library never
does, so importing tf1_compat leaves NumPy untouched.
"""

import warnings

import numpy as np


def _asscalar(a):
  return a.item()


def _msort(a):
  return np.sort(a, axis=0)


def _in1d(ar1, ar2, assume_unique=False, invert=False):
  return np.isin(np.asarray(ar1).ravel(), ar2, assume_unique=assume_unique,
                 invert=invert)


def _aliases():
  """`{name: value}`: each removed name and what it meant."""
  return {
      # Removed in NumPy 1.24 (deprecated builtin aliases).
      "bool": bool,
      "int": int,
      "float": float,
      "complex": complex,
      "object": object,
      "str": str,
      "unicode": str,
      # Removed in NumPy 1.23 and 2.0.
      "asscalar": _asscalar,
      "float_": np.float64,
      "complex_": np.complex128,
      "string_": np.bytes_,
      "unicode_": np.str_,
      "int0": np.intp,
      "uint0": np.uintp,
      "bool8": np.bool_,
      "NaN": np.nan,
      "NAN": np.nan,
      "Inf": np.inf,
      "Infinity": np.inf,
      "infty": np.inf,
      "NINF": -np.inf,
      "PINF": np.inf,
      "NZERO": -0.0,
      "PZERO": 0.0,
      "product": np.prod,
      "cumproduct": np.cumprod,
      "sometrue": np.any,
      "alltrue": np.all,
      "round_": np.round,
      "mat": np.asmatrix,
      "msort": _msort,
      "in1d": _in1d,
      "trapz": np.trapezoid if hasattr(np, "trapezoid") else None,
      "warnings": warnings,
  }


def _missing(name):
  """Whether `np.<name>` is absent (NumPy answers removed names with a warning)."""
  if name in vars(np):
    return False
  with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    try:
      getattr(np, name)
    except AttributeError:
      return True
  return False


def restore():
  """Adds the removed aliases NumPy lacks; returns the names added, sorted."""
  added = []
  for name, value in _aliases().items():
    if value is not None and _missing(name):
      setattr(np, name, value)
      added.append(name)
  return sorted(added)
