"""contrib.learn: preprocessing vs TF 1.15's tests, datasets, ModeKeys, refusals.

Expected ids are TF 1.15's (`text_test.py`, `categorical_vocabulary_test.py`,
`categorical_test.py`) or worked out by hand from its rules.
"""

import os
import pickle
import sys
import types

import numpy as np
import pytest
import tensorflow as tf

from tf1_compat.contrib import learn
from tf1_compat.contrib.learn import datasets
from tf1_compat.contrib.learn import preprocessing
from tf1_compat.contrib.learn.preprocessing import text
from tf1_compat.data import idx
from tf1_compat.data import write_synthetic_mnist
from tf1_compat.framework import errors
from tf1_compat.framework import not_provided

V1 = tf.compat.v1
DOCS = ["a b c", "a\nb\nc", "a, b - c"]


def _fitted():
  processor = preprocessing.VocabularyProcessor(max_document_length=4,
                                                min_frequency=1)
  return processor, [list(row) for row in processor.fit_transform(DOCS)]


class TestTokenizerAndBytes:

  def test_tokenizer(self):
    words = preprocessing.tokenizer(
        ["a b c", "a\nb\nc", "a, b - c", "фыв выф", "你好 怎么样"])
    assert list(words) == [["a", "b", "c"], ["a", "b", "c"],
                           ["a", "b", "-", "c"], ["фыв", "выф"],
                           ["你好", "怎么样"]]

  def test_tokenizer_capitals_and_apostrophes(self):
    assert next(preprocessing.tokenizer(["HTTPServer CamelCase don't"])) == [
        "HTTP", "Server", "Camel", "Case", "don't"]

  def test_byte_processor(self):
    processor = preprocessing.ByteProcessor(max_document_length=8)
    rows = list(processor.fit_transform(
        ["abc", "фыва", "фыва", b"abc", "12345678901234567890"]))
    np.testing.assert_array_equal(rows, [
        [97, 98, 99, 0, 0, 0, 0, 0],
        [209, 132, 209, 139, 208, 178, 208, 176],
        [209, 132, 209, 139, 208, 178, 208, 176],
        [97, 98, 99, 0, 0, 0, 0, 0],
        [49, 50, 51, 52, 53, 54, 55, 56]])
    assert rows[0].dtype == np.uint8
    assert list(processor.reverse(rows)) == ["abc", "фыва", "фыва", "abc",
                                             "12345678"]

  def test_byte_processor_cut_character_reverses_to_empty(self):
    processor = preprocessing.ByteProcessor(max_document_length=3)
    rows = list(processor.transform(["aф"]))  # 'ф' is 2 bytes; 1 is kept.
    assert list(rows[0]) == [97, 209, 132]
    assert list(processor.reverse([np.array([97, 209, 0])])) == [""]

  @pytest.mark.parametrize("length,kind", [(-1, ValueError), (2.5, TypeError),
                                           (True, TypeError)])
  def test_bad_lengths(self, length, kind):
    for cls in (preprocessing.ByteProcessor, preprocessing.VocabularyProcessor):
      with pytest.raises(kind, match="max_document_length"):
        cls(length)


class TestVocabularyProcessor:

  def test_fit_transform_with_min_frequency(self):
    processor, rows = _fitted()
    assert rows == [[1, 2, 3, 0], [1, 2, 3, 0], [1, 2, 0, 3]]
    assert len(processor.vocabulary_) == 4  # <UNK>, a, b, c; '-' seen once.

  def test_without_min_frequency_ids_follow_first_appearance(self):
    processor = preprocessing.VocabularyProcessor(max_document_length=3)
    rows = list(processor.fit_transform(["c a, b - c", "x"]))
    # c=1, a=2, b=3, '-'=4 (cut: only 3 ids per row), x=5.
    assert [list(row) for row in rows] == [[1, 2, 3], [5, 0, 0]]
    assert rows[0].dtype == np.int64
    assert [list(r) for r in processor.transform(["x y c"])] == [[5, 0, 1]]

  def test_reverse(self):
    processor, rows = _fitted()
    assert list(processor.reverse(rows[2:])) == ["a b <UNK> c"]

  def test_existing_frozen_vocabulary_and_character_tokenizer(self):
    vocabulary = preprocessing.CategoricalVocabulary()
    vocabulary.get("A")
    vocabulary.get("B")
    vocabulary.freeze()
    processor = preprocessing.VocabularyProcessor(
        max_document_length=4, vocabulary=vocabulary, tokenizer_fn=list)
    rows = processor.fit_transform(["ABC", "CBABAF"])
    assert [list(row) for row in rows] == [[1, 2, 0, 0], [0, 2, 1, 2]]

  def test_fit_transform_iterates_twice_as_tf1(self):
    processor = preprocessing.VocabularyProcessor(max_document_length=2)
    assert list(processor.fit_transform(iter(["a b"]))) == []
    assert len(processor.vocabulary_) == 3  # fit consumed the iterator.

  def test_ids_feed_a_graph(self):
    processor, rows = _fitted()
    table = np.arange(len(processor.vocabulary_) * 2, dtype=np.float32)
    table = table.reshape(-1, 2)
    graph = tf.Graph()
    with graph.as_default():
      ids = V1.placeholder(tf.int64, [None, processor.max_document_length])
      embedded = tf.nn.embedding_lookup(tf.constant(table), ids)
      with V1.Session(graph=graph) as session:
        value = session.run(embedded, {ids: np.array(rows)})
    np.testing.assert_array_equal(value, table[np.array(rows)])


class TestSaveRestore:

  def test_round_trip(self, tmp_path):
    processor, _ = _fitted()
    path = str(tmp_path / "test.vocab")
    processor.save(path)
    restored = preprocessing.VocabularyProcessor.restore(path)
    assert [list(row) for row in restored.transform(["a b c"])] == [
        [1, 2, 3, 0]]
    assert restored.max_document_length == 4 and restored.min_frequency == 1
    assert list(restored.reverse([[3, 2, 1, 0]])) == ["c b a <UNK>"]

  def test_custom_tokenizer_survives(self, tmp_path):
    processor = preprocessing.VocabularyProcessor(3, tokenizer_fn=list)
    processor.fit(["abc"])
    path = str(tmp_path / "chars.vocab")
    processor.save(path)
    restored = preprocessing.VocabularyProcessor.restore(path)
    assert [list(r) for r in restored.transform(["cab"])] == [[3, 1, 2]]

  def test_restores_a_tf1_pickle(self, tmp_path):
    processor, _ = _fitted()
    # Protocol 3 (TF 1.15's default on Python 3) names classes as text lines,
    # so the module names can be swapped for TF 1.15's.
    data = pickle.dumps(processor, protocol=3)
    ours = "tf1_compat.contrib.learn.preprocessing."
    theirs = "tensorflow.contrib.learn.python.learn.preprocessing."
    assert data.count(ours.encode()) == 3  # Processor, tokenizer, vocabulary.
    path = tmp_path / "tf1.vocab"
    path.write_bytes(data.replace(ours.encode(), theirs.encode()))
    restored = preprocessing.VocabularyProcessor.restore(str(path))
    assert type(restored) is preprocessing.VocabularyProcessor
    assert type(restored.vocabulary_) is preprocessing.CategoricalVocabulary
    assert [list(r) for r in restored.transform(["c - b a"])] == [[3, 0, 2, 1]]

  def _bad_files(self, tmp_path):
    processor, _ = _fitted()
    good = pickle.dumps(processor)
    files = {
        "truncated": good[:len(good) // 2],
        "empty": b"",
        "text": b"a b c\nd e f\n",
        "foreign_pickle": pickle.dumps({"a": 1}),
    }
    paths = {}
    for name, content in files.items():
      paths[name] = tmp_path / name
      paths[name].write_bytes(content)
    return paths

  @pytest.mark.parametrize("kind,found", [
      ("truncated", "do not unpickle"), ("empty", "do not unpickle"),
      ("text", "do not unpickle"), ("foreign_pickle", "found a pickled dict")])
  def test_bad_files_raise_one_error_naming_the_file(self, tmp_path, kind,
                                                     found):
    path = str(self._bad_files(tmp_path)[kind])
    with pytest.raises(text.VocabularyFileError) as raised:
      preprocessing.VocabularyProcessor.restore(path)
    message = str(raised.value)
    assert repr(path) in message and found in message
    assert isinstance(raised.value, (ValueError, errors.Error))
    assert raised.value.__cause__ is None  # One error, no chained traceback.
    assert raised.value.__suppress_context__ or raised.value.__context__ is None

  def test_missing_file(self, tmp_path):
    path = str(tmp_path / "nowhere.vocab")
    with pytest.raises(FileNotFoundError, match="no such file") as raised:
      preprocessing.VocabularyProcessor.restore(path)
    assert isinstance(raised.value, text.VocabularyFileError)
    assert repr(path) in str(raised.value)


class TestCategorical:

  def test_int_vocabulary(self):
    vocabulary = preprocessing.CategoricalVocabulary()
    assert [vocabulary.get(v) for v in (1, 3, 2, 3)] == [1, 2, 3, 2]
    assert vocabulary.get(float("nan")) == 4  # No special NaN handling here.
    assert len(vocabulary) == 5

  def test_word_vocabulary(self):
    vocabulary = preprocessing.CategoricalVocabulary()
    assert [vocabulary.get(v) for v in "abab"] == [1, 2, 1, 2]
    assert vocabulary.reverse(2) == "b"

  def test_counts_trim(self):
    vocabulary = preprocessing.CategoricalVocabulary()
    vocabulary.get("c")
    vocabulary.add("c", 5)
    vocabulary.get("a")
    vocabulary.add("a", 10)
    vocabulary.add("b", 5)  # Unfrozen: add() adds it.
    vocabulary.add("d", 12)
    vocabulary.trim(7, 11)  # d >= 11 dropped, a kept, b and c <= 7 cut.
    vocabulary.freeze()
    assert [vocabulary.get(v) for v in "bca"] == [0, 0, 1]
    assert len(vocabulary) == 2
    # TF 1.15 kept the first n (=1) sorted counts, the dropped 'd' among them.
    vocabulary.trim(0)
    assert (vocabulary.get("d"), vocabulary.get("a")) == (1, 0)

  def test_reverse_errors(self):
    vocabulary = preprocessing.CategoricalVocabulary(support_reverse=False)
    vocabulary.get("a")
    with pytest.raises(ValueError, match="support_reverse"):
      vocabulary.reverse(1)
    with pytest.raises(IndexError, match=r"expected an id in \[0, 1\), "
                       "found 5"):
      preprocessing.CategoricalVocabulary().reverse(5)

  def test_single_column_processor(self):
    processor = preprocessing.CategoricalProcessor(min_frequency=1)
    rows = processor.fit_transform([["0"], [1], [float("nan")], ["C"], ["C"],
                                    [1], ["0"], [np.nan], [3]])
    assert [list(r) for r in rows] == [[2], [1], [0], [3], [3], [1], [2], [0],
                                       [0]]

  def test_nan_is_unknown_without_trimming(self):
    processor = preprocessing.CategoricalProcessor()
    rows = processor.fit_transform([[np.nan], ["a"], [np.nan], [float("nan")]])
    assert [list(r) for r in rows] == [[0], [1], [0], [0]]
    assert len(processor.vocabularies_[0]) == 2

  def test_multi_column_processor(self):
    processor = preprocessing.CategoricalProcessor(min_frequency=0,
                                                   share=False)
    rows = processor.fit_transform([["0", "Male"], [1, "Female"],
                                    ["3", "Male"]])
    assert [list(r) for r in rows] == [[1, 1], [2, 2], [3, 1]]
    shared = preprocessing.CategoricalProcessor(share=True)
    rows = shared.fit_transform([["a", "b"], ["b", "c"]])
    assert [list(r) for r in rows] == [[1, 2], [2, 3]]

  def test_pandas_data_frame_is_read_as_its_values(self, monkeypatch):

    class DataFrame:

      def __init__(self, columns):
        self._columns = columns

      def __iter__(self):  # Iterating a DataFrame yields its column names.
        return iter(self._columns)

      def to_numpy(self):
        return np.array(list(zip(*self._columns.values())), dtype=object)

    monkeypatch.setitem(sys.modules, "pandas",
                        types.SimpleNamespace(DataFrame=DataFrame))
    frame = DataFrame({"Gender": ["Male", "Female", "Male"]})
    rows = preprocessing.CategoricalProcessor().fit_transform(frame)
    assert [list(r) for r in rows] == [[1], [2], [1]]


class TestDatasets:

  @pytest.fixture(scope="class")
  def mnist_dir(self, tmp_path_factory):
    directory = str(tmp_path_factory.mktemp("mnist"))
    write_synthetic_mnist(directory, num_train=300, num_test=50, seed=0)
    return directory

  def test_read_data_sets_splits_and_scales_as_tf1(self, mnist_dir):
    sets = datasets.mnist.read_data_sets(mnist_dir, one_hot=True,
                                         validation_size=100, seed=3)
    assert isinstance(sets, datasets.base.Datasets)
    assert (sets.train.num_examples, sets.validation.num_examples,
            sets.test.num_examples) == (200, 100, 50)
    files = [os.path.join(mnist_dir, name) for name in idx.MNIST_FILENAMES]
    images = idx.read_images(files[0]).reshape(300, 784)
    labels = idx.read_labels(files[1])
    np.testing.assert_allclose(sets.validation.images, images[:100] / 255.0,
                               rtol=1e-6)
    assert sets.validation.images.dtype == np.float32
    assert sets.validation.labels.dtype == np.float64
    np.testing.assert_array_equal(sets.validation.labels.argmax(1),
                                  labels[:100])
    np.testing.assert_array_equal(sets.train.labels.argmax(1), labels[100:])
    batch_images, batch_labels = sets.train.next_batch(50)
    assert batch_images.shape == (50, 784) and batch_labels.shape == (50, 10)
    # Every batch row is some training row, with that row's label.
    label_of = {image.tobytes(): label
                for image, label in zip(images[100:], labels[100:])}
    for image, label in zip(batch_images, batch_labels):
      raw = np.rint(image * 255.0).astype(np.uint8)
      assert label_of[raw.tobytes()] == label.argmax()

  def test_uint8_unreshaped(self, mnist_dir):
    sets = datasets.mnist.read_data_sets(mnist_dir, dtype=tf.uint8,
                                         reshape=False, validation_size=0)
    assert sets.train.images.shape == (300, 28, 28, 1)
    assert sets.train.images.dtype == np.uint8
    assert sets.validation.num_examples == 0

  def test_load_mnist_default_directory(self, mnist_dir, tmp_path,
                                        monkeypatch):
    os.symlink(mnist_dir, str(tmp_path / "MNIST-data"))
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ValueError, match="Validation size should be between "
                       "0 and 300. Received: 5000"):
      datasets.mnist.load_mnist()  # TF1's default validation_size.

  def test_missing_files_name_them(self, tmp_path):
    with pytest.raises(FileNotFoundError, match="train-images-idx3-ubyte.gz"):
      datasets.mnist.read_data_sets(str(tmp_path))

  def test_load_csv_with_header(self, tmp_path):
    path = tmp_path / "iris_like.csv"
    path.write_text("3,2,setosa,versicolor\n5.1,3.5,0\n4.9,3.0,1\n6.2,2.9,2\n")
    dataset = datasets.base.load_csv_with_header(
        str(path), target_dtype=np.int32, features_dtype=np.float32)
    np.testing.assert_allclose(dataset.data, [[5.1, 3.5], [4.9, 3.0],
                                              [6.2, 2.9]])
    np.testing.assert_array_equal(dataset.target, [0, 1, 2])
    assert dataset.data.dtype == np.float32
    first = datasets.base.load_csv_with_header(
        str(path), np.float64, np.float64, target_column=0)
    np.testing.assert_allclose(first.target, [5.1, 4.9, 6.2])
    np.testing.assert_allclose(first.data, [[3.5, 0], [3.0, 1], [2.9, 2]])

  def test_load_csv_errors(self, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("1,2\n1,2,0\n3,4,1\n")
    with pytest.raises(ValueError, match=r"expected 1 rows after the header"):
      datasets.base.load_csv_with_header(str(path), np.int32, np.float32)
    path.write_text("n,m\n1,2,0\n")
    with pytest.raises(ValueError, match="expected a header row starting with "
                       "n_samples,n_features, found"):
      datasets.base.load_csv_with_header(str(path), np.int32, np.float32)
    path.write_text("1,2\n1,x,0\n")
    with pytest.raises(ValueError, match=r"line 2: expected 2 features"):
      datasets.base.load_csv_with_header(str(path), np.int32, np.float32)

  def test_load_csv_without_header_and_maybe_download(self, tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text("1,2,0\n3,4,1\n")
    dataset = datasets.base.load_csv_without_header(str(path), np.int64,
                                                    np.float32)
    np.testing.assert_array_equal(dataset.data, [[1, 2], [3, 4]])
    np.testing.assert_array_equal(dataset.target, [0, 1])
    assert datasets.base.maybe_download("rows.csv", str(tmp_path),
                                        "http://x/") == str(path)
    with pytest.raises(FileNotFoundError, match="downloads nothing"):
      datasets.base.maybe_download("absent.csv", str(tmp_path), "http://x/")


class TestModeKeys:

  def test_values(self):
    assert (learn.ModeKeys.TRAIN, learn.ModeKeys.EVAL,
            learn.ModeKeys.INFER) == ("train", "eval", "infer")
    for mode in ("train", "eval", "infer"):
      learn.ModeKeys.validate(mode)
    with pytest.raises(ValueError, match="Invalid mode 'predict'; expected "
                       "one of 'train', 'eval', 'infer'"):
      learn.ModeKeys.validate("predict")


class TestRefused:

  @pytest.mark.parametrize("name,successor", [
      ("Estimator", "tf.estimator.Estimator"),
      ("SKCompat", "tf.estimator.Estimator"),
      ("Experiment", "tf.estimator.train_and_evaluate"),
      ("learn_runner", "tf.estimator.train_and_evaluate"),
      ("DNNClassifier", "tf.estimator.DNNClassifier"),
      ("LinearRegressor", "tf.estimator.LinearRegressor"),
      ("RunConfig", "tf.estimator.RunConfig"),
  ])
  def test_estimators_point_to_tf_estimator(self, name, successor):
    with pytest.raises(not_provided.NotProvidedError) as raised:
      getattr(learn, name)
    message = str(raised.value)
    api = "tf.contrib.learn." + name
    assert raised.value.api == api
    assert message.startswith(api + " is not provided by tf1_compat: ")
    assert "Closest replacement: " + successor in message
    assert "tf1_compat provides tf.estimator" in message
    assert not hasattr(learn, name)

  @pytest.mark.parametrize("module,name,advice", [
      (learn, "read_batch_examples", "tf.data"),
      (learn, "monitors", "SessionRunHook"),
      (learn, "train", "tf.Session loop"),
      (datasets, "load_dataset", "read_data_sets"),
      (datasets, "load_iris", "sklearn.datasets.load_iris"),
      (datasets.mnist, "extract_images", "tf1_compat.data.read_images"),
      (learn, "python", "private module paths"),
      (learn, "NoSuchThing", "provides only ModeKeys, datasets, preprocessing"),
      (preprocessing, "NoSuchProcessor", "provides only ByteProcessor"),
  ])
  def test_other_names(self, module, name, advice):
    with pytest.raises(not_provided.NotProvidedError, match=advice):
      getattr(module, name)

  def test_reached_from_tf_contrib(self):
    import tf1_compat.v1 as tf1  # pylint: disable=import-outside-toplevel
    assert tf1.contrib.learn is learn
    assert tf1.contrib.learn.preprocessing.VocabularyProcessor is (
        text.VocabularyProcessor)
    assert tf1.contrib.learn.datasets.mnist.read_data_sets is (
        datasets.mnist.read_data_sets)
