"""text8 reading, vocabularies and the `6_lstm` BatchGenerator."""

import string
import zipfile

import numpy as np
import pytest

from tf1_compat.data import text

_CORPUS = " anarchism originated as a term of abuse first used against early"


def _zip(path, members):
  with zipfile.ZipFile(path, "w") as archive:
    for name, content in members:
      archive.writestr(name, content)
  return path


def test_read_text8_member_named_text8(tmp_path):
  path = _zip(tmp_path / "text8.zip", [("README", "not this"),
                                       ("text8", _CORPUS)])
  assert text.read_text8(path) == _CORPUS
  assert text.read_text8(path, max_chars=10) == _CORPUS[:10]
  assert text.read_text8(path, member="README") == "not this"


def test_read_text8_reads_a_single_member_of_any_name(tmp_path):
  path = _zip(tmp_path / "corpus.zip", [("wiki.txt", "é" + _CORPUS)])
  assert text.read_text8(path) == "é" + _CORPUS
  assert text.read_text8(path, max_chars=3) == "é a"


def test_read_text8_does_not_guess_among_several_members(tmp_path):
  path = _zip(tmp_path / "corpus.zip", [("wiki.txt", _CORPUS), ("other", "x")])
  with pytest.raises(ValueError, match=r"corpus.zip': expected a member 'text8' "
                     r"or a single member, found 2 members \['wiki.txt', "
                     r"'other'\]; name the one to read"):
    text.read_text8(path)
  assert text.read_text8(path, member="other") == "x"


def test_read_text8_refuses_a_directory_and_too_large_members(tmp_path):
  with pytest.raises(ValueError, match="expected a zip file, found a directory"):
    text.read_text8(tmp_path)
  path = _zip(tmp_path / "text8.zip", [("text8", _CORPUS)])
  size = len(_CORPUS)
  with pytest.raises(ValueError, match=r"member 'text8' holds %d bytes; reading "
                     r"%d characters of it needs about" % (size, size)):
    text.read_text8(path, memory_limit=size * 10 - 1, bytes_per_char=10)
  assert text.read_text8(path, memory_limit=size * 10, bytes_per_char=10) == _CORPUS
  # A prefix that fits is fine.
  assert text.read_text8(path, max_chars=5, memory_limit=50,
                         bytes_per_char=10) == _CORPUS[:5]


def test_read_text8_errors(tmp_path):
  path = _zip(tmp_path / "text8.zip", [("other", "x")])
  with pytest.raises(ValueError, match=r"text8\.zip.*expected a member "
                     r"'text8', found members \['other'\]"):
    text.read_text8(path, member="text8")
  empty = _zip(tmp_path / "empty.zip", [])
  with pytest.raises(ValueError, match="empty.zip.*empty archive"):
    text.read_text8(empty)
  not_zip = tmp_path / "plain.zip"
  not_zip.write_text("hello")
  with pytest.raises(ValueError, match="plain.zip.*expected a zip archive"):
    text.read_text8(not_zip)


def test_text8_ids_as_in_the_notebook():
  assert [text.char2id(c) for c in "az i"] == [1, 26, 0, 9]
  assert text.id2char(1) + text.id2char(26) + text.id2char(0) == "az "
  assert text.char2id("ï") == 0  # Unexpected characters become space.
  assert text.TEXT8_VOCABULARY.size == 27
  with pytest.raises(ValueError, match=r"id in \[0, 27\), found 27"):
    text.id2char(27)


def test_split_text():
  corpus = _CORPUS * 20
  split = text.split_text(corpus)
  assert split.valid == corpus[:1000] and split.train == corpus[1000:]
  with pytest.raises(ValueError, match=r"valid_size < len\(text\) = 65, found "
                     r"1000"):
    text.split_text(_CORPUS)


def test_vocabulary_from_text_is_sorted_and_round_trips():
  vocab = text.Vocabulary.from_text("hello, world\n")
  assert vocab.chars == "\n ,dehlorw"
  ids = vocab.encode("hello world")
  assert ids.dtype == np.int32
  assert vocab.decode(ids) == "hello world"
  assert [vocab.char2id(c) for c in "\nw"] == [0, 9]


def test_unknown_characters_raise_by_default():
  vocab = text.Vocabulary.from_text("abc")
  with pytest.raises(ValueError, match=r"found 2 outside it, the first 'X' at "
                     r"position 1"):
    vocab.encode("aXbY")
  with pytest.raises(ValueError, match="found 'X'"):
    vocab.char2id("X")
  assert vocab.count_unknown("aXbY") == 2


def test_unknown_characters_replaced_and_counted(caplog):
  vocab = text.Vocabulary("_abc", on_unknown="replace", replacement="_")
  np.testing.assert_array_equal(vocab.encode("aXbé"), [1, 0, 2, 0])
  assert "2 of 4 characters outside the vocabulary" in caplog.text
  np.testing.assert_array_equal(text.TEXT8_VOCABULARY.encode("Hi!"),
                                [0, 9, 0])


def test_vocabulary_validation():
  with pytest.raises(ValueError, match="distinct characters"):
    text.Vocabulary("aab")
  with pytest.raises(ValueError, match="on_unknown in"):
    text.Vocabulary("ab", on_unknown="ignore")
  with pytest.raises(ValueError, match="replacement '_' to be one of"):
    text.Vocabulary("ab", on_unknown="replace", replacement="_")


def test_non_ascii_vocabulary():
  vocab = text.Vocabulary.from_text("naïve café")
  assert vocab.decode(vocab.encode("café naïve")) == "café naïve"


def test_batch_generator_cursors_and_overlap():
  corpus = string.ascii_lowercase[:20]  # 20 characters, 4 segments of 5.
  batches = text.BatchGenerator(corpus, batch_size=4, num_unrollings=3)
  first = batches.next()
  assert len(first) == 4
  assert all(b.shape == (4, 27) and b.dtype == np.float32 for b in first)
  assert text.batches2string(first) == ["abcd", "fghi", "klmn", "pqrs"]
  second = batches.next()
  np.testing.assert_array_equal(second[0], first[-1])
  assert text.batches2string(second) == ["defg", "ijkl", "nopq", "stab"]


def test_batch_generator_remainder_and_wrap():
  batches = text.BatchGenerator("abcdefghijk", batch_size=2, num_unrollings=4)
  assert text.batches2string(batches.next()) == ["abcde", "fghij"]
  assert text.batches2string(batches.next()) == ["efghi", "jkabc"]


def test_validation_generator_as_in_the_slides():
  valid = text.BatchGenerator(_CORPUS, 1, 1)
  assert text.batches2string(valid.next()) == [" a"]
  assert text.batches2string(valid.next()) == ["an"]


def test_next_ids_shares_the_stream_with_next():
  a = text.BatchGenerator(_CORPUS, 3, 4)
  b = text.BatchGenerator(_CORPUS, 3, 4)
  for _ in range(5):
    ids = a.next_ids()
    assert ids.shape == (5, 3)
    np.testing.assert_array_equal(np.argmax(b.next(), axis=-1), ids)


def test_batch_generator_state_restore():
  batches = text.BatchGenerator(_CORPUS, 4, 5)
  batches.next()
  state = batches.state()
  expected = [batches.next() for _ in range(4)]
  fresh = text.BatchGenerator(_CORPUS, 4, 5)
  fresh.restore(state)
  for want in expected:
    np.testing.assert_array_equal(fresh.next(), want)
  with pytest.raises(ValueError, match="expected 3 cursors and last ids, found 4"):
    text.BatchGenerator(_CORPUS, 3, 5).restore(state)
  with pytest.raises(ValueError, match=r"cursors in \[0, 65\), found"):
    fresh.restore(text.BatchGeneratorState((0, 1, 2, 65), (0, 0, 0, 0)))


def test_too_small_corpus():
  with pytest.raises(ValueError, match=r"64 \* 11 = 704 characters, found 65"):
    text.BatchGenerator(_CORPUS, 64, 10)
  with pytest.raises(ValueError, match="num_unrollings >= 1, found 0"):
    text.BatchGenerator(_CORPUS, 2, 0)


def test_batch_generator_vocabulary_policies():
  batches = text.BatchGenerator("Hello World, again!", 2, 2)
  assert text.batches2string(batches.next()) == [" el", "ld "]
  strict = text.Vocabulary(string.ascii_lowercase)
  with pytest.raises(ValueError, match="outside it, the first 'H'"):
    text.BatchGenerator("Hello World", 2, 2, vocabulary=strict)


def test_characters_of_probabilities():
  probabilities = np.array([[0.1, 0.7, 0.2] + [0.0] * 24,
                            [0.5, 0.1, 0.4] + [0.0] * 24])
  assert text.characters(probabilities) == ["a", " "]


def test_default_corpus_is_the_frozen_source_of_version_0_1_0():
  corpus = text.default_corpus()
  assert corpus == text.default_corpus()
  assert len(corpus) == 491974
  assert corpus.startswith('"""tf1_compat: the TensorFlow 1.x graph-mode API')
  assert "class BatchGenerator" in corpus
  # Frozen: it is not the live source, which changes with the code.
  assert corpus != text.own_source_text()


def test_damaged_default_corpus_is_reported(tmp_path, monkeypatch):
  import gzip  # pylint: disable=import-outside-toplevel
  damaged = tmp_path / "corpus" / "tf1_compat-source-0.1.0.txt.gz"
  damaged.parent.mkdir()
  with gzip.open(damaged, "wb") as f:
    f.write(b"not the corpus")
  monkeypatch.setattr(text, "__file__", str(tmp_path / "text.py"))
  with pytest.raises(ValueError, match="default corpus .*: expected SHA-256 "
                     "ad8a361f.*the installation is damaged"):
    text.default_corpus()


def test_own_source_text_as_default_corpus():
  corpus = text.own_source_text()
  assert corpus == text.own_source_text()
  assert "class BatchGenerator" in corpus
  assert corpus.startswith(open(text.__file__.replace(
      "data/text.py", "__init__.py"), encoding="utf-8").read())
  vocab = text.Vocabulary.from_text(corpus)
  batches = text.BatchGenerator(corpus, 64, 10, vocabulary=vocab)
  strings = text.batches2string(batches.next(), vocab)
  segment = len(corpus) // 64
  assert strings[1] == corpus[segment:segment + 11]
