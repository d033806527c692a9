"""`CategoricalProcessor`: table columns of categories to id rows, as TF 1.15.

One `CategoricalVocabulary` per column (or one shared by all), NaN floats always
id 0. A pandas `DataFrame` is read as its values, as TF1 did; pandas is not
imported here (a DataFrame can only come from code that imported it).
"""

import math
import sys

import numpy as np

from tf1_compat.contrib.learn.preprocessing import categorical_vocabulary


def _rows(x):
  """`x`, or the values of a pandas DataFrame."""
  pandas = sys.modules.get("pandas")
  if pandas is not None and isinstance(x, pandas.DataFrame):
    return x.to_numpy()
  return x


def _is_nan(value):
  return isinstance(value, float) and math.isnan(value)


class CategoricalProcessor:
  """Maps rows of categories to int64 rows of ids; 0 is unknown (and NaN).

  Args:
    min_frequency: `fit` keeps categories seen more than this many times.
    share: One vocabulary for every column instead of one per column.
    vocabularies: `CategoricalVocabulary`s to use, one per column.

  Attributes:
    vocabularies_: The list of vocabularies, one per column.
  """

  def __init__(self, min_frequency=0, share=False, vocabularies=None):
    self.min_frequency = min_frequency
    self.share = share
    self.vocabularies_ = vocabularies

  def freeze(self, freeze=True):
    for vocabulary in self.vocabularies_:
      vocabulary.freeze(freeze)

  def fit(self, x, unused_y=None):
    """Counts the categories of each column of `x`, trims, freezes.

    Args:
      x: A matrix, an iterable of rows, or a pandas DataFrame.
      unused_y: Ignored (the estimators' signature).

    Returns:
      This processor.
    """
    del unused_y
    for row in _rows(x):
      if self.vocabularies_ is None:
        new_vocabulary = categorical_vocabulary.CategoricalVocabulary
        if self.share:
          shared = new_vocabulary()
          self.vocabularies_ = [shared for _ in row]
        else:
          self.vocabularies_ = [new_vocabulary() for _ in row]
      for column, value in enumerate(row):
        if not _is_nan(value):
          self.vocabularies_[column].add(value)
    if self.min_frequency > 0:
      for vocabulary in self.vocabularies_:
        vocabulary.trim(self.min_frequency)
    self.freeze()
    return self

  def fit_transform(self, x, unused_y=None):
    del unused_y
    self.fit(x)
    return self.transform(x)

  def transform(self, x):
    """Freezes the vocabularies, then yields one int64 id row per row of `x`."""
    self.freeze()
    for row in _rows(x):
      ids = [0 if _is_nan(value) else self.vocabularies_[column].get(value)
             for column, value in enumerate(row)]
      yield np.array(ids, dtype=np.int64)
