"""Text to id matrices, as TF 1.15's `contrib.learn.preprocessing.text`.

`tokenizer` splits on TF 1.15's regular expression; `VocabularyProcessor` maps
documents to `[max_document_length]` int64 id rows (0 pads and stands for
unknown words) and pickles itself; `ByteProcessor` maps documents to their UTF-8
bytes. `transform` and `reverse` are generators, and `fit_transform` iterates
its argument twice, as in TF1 (so pass a list, not a one-shot iterator).
"""

import io
import numbers
import pickle
import re

import numpy as np
import tensorflow as tf

from tf1_compat.contrib.learn.preprocessing import categorical_vocabulary
from tf1_compat.framework import errors

# A token is a run of two or more capitals not followed by a lower-case letter
# ("HTTP" in "HTTPServer"), a capitalised word followed by a capital ("Camel"
# in "CamelCase"), or a run of word characters, apostrophes and hyphens
# ("don't", "stop-me", "-"). TF1's oddities come with it: "CNNs" gives "CN",
# "Ns".
TOKENIZER_RE = re.compile(
    r"[A-Z]{2,}(?![a-z])"
    r"|[A-Z][a-z]+(?=[A-Z])"
    r"|['\w\-]+")

# The modules TF 1.15 pickled these classes under, mapped to ours.
_TF1_MODULES = {
    "tensorflow.contrib.learn.python.learn.preprocessing.text": __name__,
    "tensorflow.contrib.learn.python.learn.preprocessing."
    "categorical_vocabulary": categorical_vocabulary.__name__,
}


class ProcessorArgumentTypeError(errors.Error, TypeError):
  """A processor argument of the wrong type."""


class ProcessorArgumentValueError(errors.Error, ValueError):
  """A processor argument outside its range."""


class VocabularyFileError(errors.Error, ValueError):
  """`VocabularyProcessor.restore` found no processor in the file it names."""


class MissingVocabularyFileError(VocabularyFileError, FileNotFoundError):
  """`VocabularyProcessor.restore` was given a file that does not exist."""


def tokenizer(iterator):
  """Yields the list of `TOKENIZER_RE` tokens of each string in `iterator`."""
  for value in iterator:
    yield TOKENIZER_RE.findall(value)


def _check_length(owner, max_document_length):
  if (isinstance(max_document_length, bool)
      or not isinstance(max_document_length, numbers.Integral)):
    raise ProcessorArgumentTypeError(
        "%s: expected max_document_length to be an int, found %r"
        % (owner, max_document_length))
  if max_document_length < 0:
    raise ProcessorArgumentValueError(
        "%s: expected max_document_length >= 0, found %d"
        % (owner, max_document_length))
  return int(max_document_length)


class ByteProcessor:
  """Maps documents to `[max_document_length]` uint8 rows of their UTF-8 bytes.

  Args:
    max_document_length: Bytes per row; longer documents are cut, shorter ones
      padded with zeros.
  """

  def __init__(self, max_document_length):
    self.max_document_length = _check_length("ByteProcessor",
                                             max_document_length)

  def fit(self, x):
    """Does nothing (and returns None, as in TF1): bytes need no vocabulary."""
    del x

  def fit_transform(self, x):
    return self.transform(x)

  def transform(self, x):
    """Yields one uint8 row per document (`str`, encoded as UTF-8, or bytes)."""
    for document in x:
      if isinstance(document, str):
        document = document.encode("utf-8")
      row = np.frombuffer(memoryview(document)[:self.max_document_length],
                          dtype=np.uint8)
      yield np.pad(row, (0, self.max_document_length - len(row)), "constant")

  def reverse(self, x):
    """Yields each row's text: trailing zeros dropped, decoded as UTF-8.

    A row that is not valid UTF-8 (a multi-byte character cut at the end, say)
    yields `""`, as in TF1.
    """
    for row in x:
      data = np.trim_zeros(np.asarray(row).astype(np.int8), trim="b").tobytes()
      try:
        yield data.decode("utf-8")
      except UnicodeDecodeError:
        yield ""


class _Tf1CompatibleUnpickler(pickle.Unpickler):
  """Unpickles TF 1.15's processors into these classes."""

  def find_class(self, module, name):
    return super().find_class(_TF1_MODULES.get(module, module), name)


class VocabularyProcessor:
  """Maps documents to rows of word ids, with a vocabulary learnt by `fit`.

  Args:
    max_document_length: Ids per row; longer documents are cut, shorter ones
      padded with 0.
    min_frequency: `fit` keeps only words seen more than this many times (TF1's
      strict `>`); the others become 0. 0 keeps every word, in order of first
      appearance.
    vocabulary: A `CategoricalVocabulary` to start from (used as given, so a
      frozen one is not extended by `fit`).
    tokenizer_fn: Maps an iterable of documents to an iterable of token lists;
      `tokenizer` by default (`list` gives characters).

  Attributes:
    vocabulary_: The `CategoricalVocabulary`.
  """

  def __init__(self, max_document_length, min_frequency=0, vocabulary=None,
               tokenizer_fn=None):
    self.max_document_length = _check_length("VocabularyProcessor",
                                             max_document_length)
    self.min_frequency = min_frequency
    if not vocabulary:
      vocabulary = categorical_vocabulary.CategoricalVocabulary()
    self.vocabulary_ = vocabulary
    self._tokenizer = tokenizer_fn if tokenizer_fn else tokenizer

  def fit(self, raw_documents, unused_y=None):
    """Counts the words of `raw_documents`, trims to `min_frequency`, freezes.

    Returns:
      This processor.
    """
    del unused_y
    for tokens in self._tokenizer(raw_documents):
      for token in tokens:
        self.vocabulary_.add(token)
    if self.min_frequency > 0:
      self.vocabulary_.trim(self.min_frequency)
    self.vocabulary_.freeze()
    return self

  def fit_transform(self, raw_documents, unused_y=None):
    """`fit`, then `transform` of the same documents (iterated twice)."""
    del unused_y
    self.fit(raw_documents)
    return self.transform(raw_documents)

  def transform(self, raw_documents):
    """Yields one int64 `[max_document_length]` id row per document.

    Words the (frozen) vocabulary lacks are 0. An unfrozen vocabulary, given to
    the constructor and not fitted, adds them instead, as in TF1.
    """
    for tokens in self._tokenizer(raw_documents):
      word_ids = np.zeros(self.max_document_length, np.int64)
      for position, token in enumerate(tokens):
        if position >= self.max_document_length:
          break
        word_ids[position] = self.vocabulary_.get(token)
      yield word_ids

  def reverse(self, documents):
    """Yields each id row as its words joined by spaces (0 is `<UNK>`)."""
    for ids in documents:
      yield " ".join(self.vocabulary_.reverse(class_id) for class_id in ids)

  def save(self, filename):
    """Pickles this processor to `filename` (any `tf.io.gfile` path)."""
    with tf.io.gfile.GFile(filename, "wb") as f:
      f.write(pickle.dumps(self))

  @classmethod
  def restore(cls, filename):
    """Loads a processor pickled by `save`, here or by TF 1.15.

    Like TF1 this unpickles the file, which runs code it names: restore only
    files you trust.

    Args:
      filename: Any `tf.io.gfile` path.

    Returns:
      The `VocabularyProcessor`.

    Raises:
      FileNotFoundError: (a `VocabularyFileError`) there is no such file.
      ValueError: (a `VocabularyFileError`) the file is unreadable, truncated,
        not a pickle, or holds something other than a `VocabularyProcessor`.
    """
    try:
      with tf.io.gfile.GFile(filename, "rb") as f:
        content = f.read()
    except tf.errors.NotFoundError:
      raise MissingVocabularyFileError(
          "VocabularyProcessor.restore(%r): expected a file saved by "
          "VocabularyProcessor.save, found no such file" % (filename,)) from None
    except tf.errors.OpError as e:
      raise VocabularyFileError(
          "VocabularyProcessor.restore(%r): expected a readable file, found: %s"
          % (filename, e.message)) from None
    try:
      processor = _Tf1CompatibleUnpickler(io.BytesIO(content)).load()
    except Exception as e:  # pylint: disable=broad-except
      # A truncated or foreign file can fail in any way unpickling can.
      raise VocabularyFileError(
          "VocabularyProcessor.restore(%r): expected a pickled "
          "VocabularyProcessor, found %d bytes that do not unpickle (%s: %s); "
          "the file is truncated or not one VocabularyProcessor.save wrote"
          % (filename, len(content), type(e).__name__, e)) from None
    if not isinstance(processor, VocabularyProcessor):
      raise VocabularyFileError(
          "VocabularyProcessor.restore(%r): expected a pickled "
          "VocabularyProcessor, found a pickled %s"
          % (filename, type(processor).__name__))
    return processor
