"""`CategoricalVocabulary`: categories (words, ints) to ids, TF 1.15's way.

Id 0 is the unknown token. An unfrozen vocabulary gives every new category the
next id on lookup; a frozen one answers 0 for anything it does not hold. The
instance attributes are TF 1.15's, so vocabularies pickled by TF 1.15 load into
this class (see `text.VocabularyProcessor.restore`).
"""

import collections

from tf1_compat.framework import errors


class ReverseNotSupportedError(errors.Error, ValueError):
  """`reverse` on a vocabulary built with `support_reverse=False`."""


class UnknownIdError(errors.Error, IndexError):
  """`reverse` of an id the vocabulary does not hold."""


class CategoricalVocabulary:
  """Maps categories to ids `1..n`, and back; 0 is the unknown token.

  Args:
    unknown_token: The category of id 0.
    support_reverse: Keep the id -> category list that `reverse` needs.
  """

  def __init__(self, unknown_token="<UNK>", support_reverse=True):
    self._unknown_token = unknown_token
    self._mapping = {unknown_token: 0}
    self._support_reverse = support_reverse
    if support_reverse:
      self._reverse_mapping = [unknown_token]
    self._freq = collections.defaultdict(int)
    self._freeze = False

  def __len__(self):
    """The number of ids, the unknown token's included."""
    return len(self._mapping)

  def freeze(self, freeze=True):
    """After `freeze()`, new categories get id 0 instead of a new id."""
    self._freeze = freeze

  def get(self, category):
    """The id of `category`; an unfrozen vocabulary adds a new one first."""
    if category not in self._mapping:
      if self._freeze:
        return 0
      self._mapping[category] = len(self._mapping)
      if self._support_reverse:
        self._reverse_mapping.append(category)
    return self._mapping[category]

  def add(self, category, count=1):
    """Counts `count` occurrences of `category`, adding it if unfrozen.

    Categories with id 0 (the unknown token, or anything while frozen) are not
    counted.
    """
    if self.get(category) <= 0:
      return
    self._freq[category] += count

  def trim(self, min_frequency, max_frequency=-1):
    """Keeps the categories counted more than `min_frequency` times.

    Ids are reassigned `1..n` by decreasing count; equal counts go in sorted
    order, non-strings before strings. Counts at or above a positive
    `max_frequency` are dropped (stop words) but do not stop the scan.

    TF 1.15 quirk, kept: the counts kept for a later `trim` are the first `n`
    of the sorted list, dropped stop words included, not the `n` kept ones.

    Args:
      min_frequency: Keep counts strictly greater than this.
      max_frequency: If positive, drop counts `>= max_frequency`.
    """
    by_name = sorted(self._freq.items(),
                     key=lambda item: (isinstance(item[0], str), item[0]))
    ranked = sorted(by_name, key=lambda item: item[1], reverse=True)
    self._mapping = {self._unknown_token: 0}
    if self._support_reverse:
      self._reverse_mapping = [self._unknown_token]
    kept = 0
    for category, count in ranked:
      if max_frequency > 0 and count >= max_frequency:
        continue
      if count <= min_frequency:
        break
      kept += 1
      self._mapping[category] = kept
      if self._support_reverse:
        self._reverse_mapping.append(category)
    self._freq = dict(ranked[:kept])

  def reverse(self, class_id):
    """The category of `class_id`.

    Raises:
      ValueError: built with `support_reverse=False`.
      IndexError: `class_id` is not an id of this vocabulary.
    """
    if not self._support_reverse:
      raise ReverseNotSupportedError(
          "This vocabulary wasn't initialized with support_reverse to support "
          "reverse() function; expected CategoricalVocabulary(..., "
          "support_reverse=True)")
    if not -len(self._reverse_mapping) <= class_id < len(self._reverse_mapping):
      raise UnknownIdError(
          "CategoricalVocabulary.reverse: expected an id in [0, %d), found %r"
          % (len(self._reverse_mapping), class_id))
    return self._reverse_mapping[class_id]
