"""Character-level text data: text8, vocabularies and the `6_lstm` BatchGenerator.

The Udacity `6_lstm` notebook (and the 2018 slides after it) trains on text8, the
first 10^8 characters of cleaned Wikipedia: lowercase `a`-`z` and space, 27 ids
with space = 0, `a` = 1 ... `z` = 26; the first 1000 characters are the validation
text. Its `BatchGenerator` splits the text into `batch_size` segments, keeps one
cursor per segment, and returns `num_unrollings + 1` one-hot batches per call, the
first being the last of the previous call, so inputs and labels (shifted by one)
tile the stream without a gap.

With no text8 at hand, `default_corpus()` gives a corpus that always exists and
never changes: this package's own Python source as of version 0.1.0 (the
min-char-rnn idea of training on code), frozen into a gzipped text shipped with
the package and checked against its SHA-256 on reading, so results measured on it
hold for every installation and every later version. `own_source_text()` is the
live source of the installed package instead (it changes with the code). Both are
meant for `Vocabulary.from_text`.
"""

import collections
import dataclasses
import gzip
import hashlib
import io
import os
import pathlib
import string
import zipfile

from absl import logging
import numpy as np

TEXT8_FILENAME = "text8.zip"
TEXT8_MEMBER = "text8"
TEXT8_CHARS = " " + string.ascii_lowercase
VALID_SIZE = 1000

_UNKNOWN_POLICIES = ("raise", "replace")

DEFAULT_CORPUS_NAME = "tf1_compat source 0.1.0"
DEFAULT_CORPUS_FILE = os.path.join("corpus", "tf1_compat-source-0.1.0.txt.gz")
DEFAULT_CORPUS_SHA256 = (
    "ad8a361fc32f4ec3c7d18d529bc673a448cd5cf705a41d336148d14fc470bdd7")


def read_text8(path, max_chars=None, member=None, memory_limit=None,
               bytes_per_char=1):
  """Reads text8 (or any text) straight from a zip archive, without extracting.

  Args:
    path: the zip file, e.g. `text8.zip`.
    max_chars: read only the first `max_chars` characters (the whole member by
      default).
    member: the archive member to read. By default the member named `text8`, or
      else the archive's only member (what the notebook read).
    memory_limit: bytes the caller can afford for the text; a member (or the
      `max_chars` prefix) needing more raises `ValueError` before it is read.
    bytes_per_char: bytes the caller needs per character (its own copies and
      encodings of the text included), for the `memory_limit` check.

  Returns:
    The text, decoded as UTF-8 (text8 itself is ASCII).

  Raises:
    ValueError: `path` is a directory or not a zip archive, is empty, has
      several members and none named `text8`, lacks `member`, or the text
      needs more than `memory_limit`.
  """
  path = os.fspath(path)
  if max_chars is not None and max_chars < 0:
    raise ValueError("read_text8: expected max_chars >= 0 or None, found %d"
                     % max_chars)
  if os.path.isdir(path):
    raise ValueError("text zip %r: expected a zip file, found a directory" % path)
  try:
    archive = zipfile.ZipFile(path)
  except zipfile.BadZipFile as e:
    raise ValueError("text zip %r: expected a zip archive, found something else "
                     "(%s)" % (path, e)) from e
  with archive:
    names = archive.namelist()
    if member is None:
      if TEXT8_MEMBER in names:
        member = TEXT8_MEMBER
      elif len(names) == 1:
        member = names[0]
      elif not names:
        raise ValueError("text zip %r: expected a member %r or at least one "
                         "member, found an empty archive" % (path, TEXT8_MEMBER))
      else:
        raise ValueError("text zip %r: expected a member %r or a single member, "
                         "found %d members %s; name the one to read"
                         % (path, TEXT8_MEMBER, len(names), names[:5]))
    elif member not in names:
      raise ValueError("text zip %r: expected a member %r, found members %s"
                       % (path, member, names))
    info = archive.getinfo(member)
    if memory_limit is not None:
      chars = info.file_size if max_chars is None else min(max_chars,
                                                           info.file_size)
      needed = chars * bytes_per_char
      if needed > memory_limit:
        raise ValueError(
            "text zip %r: member %r holds %d bytes; reading %d characters of it "
            "needs about %.1f GiB, more than the %.1f GiB of memory available "
            "(read a prefix with max_chars)" % (
                path, member, info.file_size, chars, needed / 2**30,
                memory_limit / 2**30))
    with archive.open(member) as raw:
      reader = io.TextIOWrapper(raw, encoding="utf-8", newline="")
      try:
        return reader.read() if max_chars is None else reader.read(max_chars)
      except (UnicodeDecodeError, zipfile.BadZipFile, EOFError) as e:
        raise ValueError("text zip %r: member %r cannot be read as UTF-8 text "
                         "(%s)" % (path, member, e)) from e


class TextSplit(collections.namedtuple("TextSplit", ("train", "valid"))):
  """A corpus split into `train` and `valid` text."""
  __slots__ = ()


def split_text(text, valid_size=VALID_SIZE):
  """The notebook's split: the first `valid_size` characters validate, the rest
  trains.

  Raises:
    ValueError: `valid_size` is negative or not smaller than `len(text)`.
  """
  if not 0 <= valid_size < len(text):
    raise ValueError("split_text: expected 0 <= valid_size < len(text) = %d, "
                     "found %d" % (len(text), valid_size))
  return TextSplit(train=text[valid_size:], valid=text[:valid_size])


def own_source_text():
  """The `.py` files of the installed package, concatenated (changes with the code).

  Files are ordered by their `/`-separated path inside the package, so the text
  is the same on every platform for a given version of the package. For a corpus
  that does not change, use `default_corpus()`.
  """
  root = pathlib.Path(__file__).resolve().parent.parent
  files = sorted(root.rglob("*.py"),
                 key=lambda p: p.relative_to(root).as_posix())
  return "".join(p.read_text(encoding="utf-8") for p in files)


def default_corpus():
  """The frozen default corpus: `own_source_text()` of tf1_compat 0.1.0.

  Read from the gzipped text shipped in the package (`DEFAULT_CORPUS_FILE`) and
  checked against `DEFAULT_CORPUS_SHA256`.

  Raises:
    ValueError: the shipped file is damaged (its checksum differs).
  """
  path = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                      DEFAULT_CORPUS_FILE)
  with gzip.open(path, "rb") as f:
    data = f.read()
  digest = hashlib.sha256(data).hexdigest()
  if digest != DEFAULT_CORPUS_SHA256:
    raise ValueError("default corpus %s: expected SHA-256 %s, found %s (the "
                     "installation is damaged)" % (path, DEFAULT_CORPUS_SHA256,
                                                   digest))
  return data.decode("utf-8")


@dataclasses.dataclass(frozen=True)
class Vocabulary:
  """A character vocabulary: id `i` is `chars[i]`.

  Attributes:
    chars: the characters, each once.
    on_unknown: what encoding does with a character outside `chars`: `"raise"` a
      `ValueError` (naming the character, its position and the count), or
      `"replace"` it with `replacement` and log how many were replaced.
    replacement: the stand-in for unknown characters under `"replace"`; must be
      in `chars`. Defaults to `chars[0]`.
  """
  chars: str
  on_unknown: str = "raise"
  replacement: str = None
  _index: dict = dataclasses.field(init=False, repr=False, compare=False)
  _codes: np.ndarray = dataclasses.field(init=False, repr=False,
                                         compare=False)
  _code_ids: np.ndarray = dataclasses.field(init=False, repr=False,
                                            compare=False)

  def __post_init__(self):
    if not self.chars or len(set(self.chars)) != len(self.chars):
      raise ValueError("Vocabulary: expected distinct characters, found %r"
                       % (self.chars,))
    if self.on_unknown not in _UNKNOWN_POLICIES:
      raise ValueError("Vocabulary: expected on_unknown in %s, found %r"
                       % (_UNKNOWN_POLICIES, self.on_unknown))
    if self.replacement is None:
      object.__setattr__(self, "replacement", self.chars[0])
    if self.replacement not in self.chars:
      raise ValueError("Vocabulary: expected the replacement %r to be one of "
                       "the characters %r" % (self.replacement, self.chars))
    codes = np.array([ord(c) for c in self.chars], dtype=np.int64)
    order = np.argsort(codes)
    object.__setattr__(self, "_index", {c: i for i, c in enumerate(self.chars)})
    object.__setattr__(self, "_codes", codes[order])
    object.__setattr__(self, "_code_ids", order)

  @classmethod
  def from_text(cls, text, on_unknown="raise", replacement=None):
    """The sorted distinct characters of `text`."""
    return cls("".join(sorted(set(text))), on_unknown, replacement)

  @property
  def size(self):
    return len(self.chars)

  def char2id(self, char):
    """The id of `char`, or per `on_unknown` for a character outside."""
    index = self._index.get(char)
    if index is not None:
      return index
    if self.on_unknown == "raise":
      raise ValueError("Vocabulary: expected one of %r, found %r"
                       % (self.chars, char))
    logging.warning("Unexpected character: %r (mapped to %r)", char,
                    self.replacement)
    return self._index[self.replacement]

  def id2char(self, dictid):
    """The character of id `dictid`; `ValueError` outside `[0, size)`."""
    if not 0 <= dictid < self.size:
      raise ValueError("Vocabulary: expected an id in [0, %d), found %d"
                       % (self.size, dictid))
    return self.chars[dictid]

  def _lookup(self, text):
    """Ids of `text` `[len(text)]` int64, -1 where the character is unknown."""
    if text.isascii():
      codes = np.frombuffer(text.encode("ascii"), dtype=np.uint8)
    else:
      codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    slot = np.minimum(np.searchsorted(self._codes, codes), self.size - 1)
    ids = self._code_ids[slot]
    ids[self._codes[slot] != codes] = -1
    return ids

  def count_unknown(self, text):
    """How many characters of `text` are outside the vocabulary."""
    return int(np.count_nonzero(self._lookup(text) < 0))

  def encode(self, text, dtype=np.int32):
    """The ids of `text`, `[len(text)]`, applying `on_unknown` to unknowns."""
    ids = self._lookup(text)
    unknown = ids < 0
    count = int(np.count_nonzero(unknown))
    if count:
      first = int(np.argmax(unknown))
      if self.on_unknown == "raise":
        raise ValueError(
            "Vocabulary.encode: expected only characters of %r, found %d "
            "outside it, the first %r at position %d"
            % (self.chars, count, text[first], first))
      logging.warning("Vocabulary.encode: %d of %d characters outside the "
                      "vocabulary (the first %r at position %d) mapped to %r",
                      count, len(text), text[first], first, self.replacement)
      ids[unknown] = self._index[self.replacement]
    return ids.astype(dtype)

  def decode(self, ids):
    """The text of a sequence of ids."""
    return "".join(self.id2char(int(i)) for i in np.asarray(ids).ravel())


# The notebook's 27-character vocabulary. Like its `char2id`, it maps unexpected
# characters to space (id 0), saying so.
TEXT8_VOCABULARY = Vocabulary(TEXT8_CHARS, on_unknown="replace",
                              replacement=" ")


def char2id(char):
  """text8 ids: space -> 0, `a` -> 1 ... `z` -> 26; anything else -> 0, logged."""
  return TEXT8_VOCABULARY.char2id(char)


def id2char(dictid):
  """The inverse of `char2id` on `[0, 27)`."""
  return TEXT8_VOCABULARY.id2char(dictid)


def characters(probabilities, vocabulary=TEXT8_VOCABULARY):
  """The most likely character of each row of `probabilities` `[B, V]`.

  Works on one-hot batches and on predicted distributions alike.

  Returns:
    A list of `B` characters.
  """
  return [vocabulary.id2char(int(c)) for c in np.argmax(probabilities, 1)]


def batches2string(batches, vocabulary=TEXT8_VOCABULARY):
  """`BatchGenerator.next()` output back to text: `B` strings of `len(batches)`.

  Args:
    batches: a sequence of `[B, V]` one-hot or probability arrays, one per step.
    vocabulary: the `Vocabulary` of the ids.
  """
  strings = [""] * batches[0].shape[0]
  for batch in batches:
    strings = [s + c for s, c in zip(strings, characters(batch, vocabulary))]
  return strings


class BatchGeneratorState(
    collections.namedtuple("BatchGeneratorState", ("cursor", "last_ids"))):
  """A `BatchGenerator` position: `cursor` and the previous last batch's ids,
  each a tuple of `batch_size` ints."""
  __slots__ = ()


class BatchGenerator:
  """The `6_lstm` batch generator over one text.

  The text is cut into `batch_size` segments of `len(text) // batch_size`
  characters; cursor `b` starts at `b * segment` and walks on through the whole
  text, wrapping at its end (so segment `b` runs into segment `b + 1`, as in the
  notebook; the last `len(text) % batch_size` characters are only reached then).

  Args:
    text: the corpus, a `str`.
    batch_size: cursors, i.e. sequences per batch.
    num_unrollings: new steps per call; `next()` returns `num_unrollings + 1`.
    vocabulary: a `Vocabulary`; characters outside it follow its `on_unknown`
      policy once, when the text is encoded here.
    dtype: dtype of the one-hot batches. The notebook used float64 (`np.float`);
      float32, what the placeholders take, is the default here.

  Raises:
    ValueError: `batch_size` or `num_unrollings` below 1, or a text shorter than
      `batch_size * (num_unrollings + 1)` characters.
  """

  def __init__(self, text, batch_size, num_unrollings,
               vocabulary=TEXT8_VOCABULARY, dtype=np.float32):
    if batch_size < 1:
      raise ValueError("BatchGenerator: expected batch_size >= 1, found %d"
                       % batch_size)
    if num_unrollings < 1:
      raise ValueError("BatchGenerator: expected num_unrollings >= 1, found %d"
                       % num_unrollings)
    needed = batch_size * (num_unrollings + 1)
    if len(text) < needed:
      raise ValueError(
          "BatchGenerator: expected a text of at least batch_size * "
          "(num_unrollings + 1) = %d * %d = %d characters, found %d"
          % (batch_size, num_unrollings + 1, needed, len(text)))
    id_dtype = np.uint8 if vocabulary.size <= 256 else np.int32
    self._ids = vocabulary.encode(text, dtype=id_dtype)
    self._text_size = len(text)
    self._batch_size = batch_size
    self._num_unrollings = num_unrollings
    self._vocabulary = vocabulary
    self._dtype = dtype
    segment = self._text_size // batch_size
    self._cursor = np.arange(batch_size, dtype=np.int64) * segment
    self._last_ids = self._next_ids()

  @property
  def batch_size(self):
    return self._batch_size

  @property
  def num_unrollings(self):
    return self._num_unrollings

  @property
  def vocabulary(self):
    return self._vocabulary

  @property
  def text_size(self):
    return self._text_size

  def _next_ids(self):
    """One step: the ids under the cursors `[batch_size]`; advances them."""
    ids = self._ids[self._cursor].astype(np.int32)
    self._cursor = (self._cursor + 1) % self._text_size
    return ids

  def next_ids(self):
    """The next `num_unrollings + 1` steps as ids `[num_unrollings + 1, B]`.

    Row 0 repeats the last row of the previous call (of `next` or `next_ids`:
    both advance the same cursors).
    """
    steps = [self._last_ids]
    for _ in range(self._num_unrollings):
      steps.append(self._next_ids())
    self._last_ids = steps[-1]
    return np.stack(steps)

  def next(self):
    """The next `num_unrollings + 1` one-hot batches, a list of `[B, V]` arrays.

    The first is the last batch of the previous call.
    """
    eye = np.eye(self._vocabulary.size, dtype=self._dtype)
    return list(eye[self.next_ids()])

  def __iter__(self):
    return self

  def __next__(self):
    return self.next()

  def state(self):
    """A `BatchGeneratorState`; `restore` it to replay the same batches."""
    return BatchGeneratorState(cursor=tuple(int(c) for c in self._cursor),
                               last_ids=tuple(int(i) for i in self._last_ids))

  def restore(self, state):
    """Returns to a `state()` of a generator over the same text and sizes.

    Raises:
      ValueError: the state's lengths or values do not fit this generator.
    """
    cursor = np.asarray(state.cursor, dtype=np.int64)
    last_ids = np.asarray(state.last_ids, dtype=np.int32)
    if cursor.shape != (self._batch_size,) or last_ids.shape != cursor.shape:
      raise ValueError("BatchGenerator.restore: expected %d cursors and last "
                       "ids, found %d and %d" % (self._batch_size, cursor.size,
                                                 last_ids.size))
    if cursor.min() < 0 or cursor.max() >= self._text_size:
      raise ValueError("BatchGenerator.restore: expected cursors in [0, %d), "
                       "found [%d, %d]" % (self._text_size, cursor.min(),
                                           cursor.max()))
    if last_ids.min() < 0 or last_ids.max() >= self._vocabulary.size:
      raise ValueError("BatchGenerator.restore: expected ids in [0, %d), found "
                       "[%d, %d]" % (self._vocabulary.size, last_ids.min(),
                                     last_ids.max()))
    self._cursor = cursor
    self._last_ids = last_ids
