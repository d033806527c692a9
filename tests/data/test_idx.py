"""IDX reading and writing: round trips and every malformed-file error."""

import gzip
import struct

import numpy as np
import pytest

from tf1_compat.data import idx


def _images(n=3, rows=4, cols=5):
  return (np.arange(n * rows * cols) % 256).astype(np.uint8).reshape(
      n, rows, cols)


@pytest.mark.parametrize("name", ["images.gz", "images"])
def test_images_round_trip(tmp_path, name):
  path = idx.write_images(tmp_path / name, _images())
  np.testing.assert_array_equal(idx.read_images(path), _images())
  assert idx.read_images(path).dtype == np.uint8


@pytest.mark.parametrize("name", ["labels.gz", "labels"])
def test_labels_round_trip(tmp_path, name):
  labels = np.array([3, 1, 4, 1, 5], dtype=np.uint8)
  path = idx.write_labels(tmp_path / name, labels)
  np.testing.assert_array_equal(idx.read_labels(path), labels)


def test_raw_header_is_big_endian_mnist_layout(tmp_path):
  path = idx.write_images(tmp_path / "raw", _images(2, 28, 28), compress=False)
  content = open(path, "rb").read()
  assert struct.unpack(">4I", content[:16]) == (2051, 2, 28, 28)
  assert len(content) == 16 + 2 * 28 * 28
  path = idx.write_labels(tmp_path / "labels", np.zeros(7, np.uint8),
                          compress=False)
  assert struct.unpack(">2I", open(path, "rb").read()[:8]) == (2049, 7)


def test_compression_is_detected_from_content_not_name(tmp_path):
  gz_named_raw = idx.write_images(tmp_path / "a.gz", _images(), compress=False)
  raw_named_gz = idx.write_images(tmp_path / "b", _images(), compress=True)
  assert open(raw_named_gz, "rb").read(2) == b"\x1f\x8b"
  np.testing.assert_array_equal(idx.read_images(gz_named_raw), _images())
  np.testing.assert_array_equal(idx.read_images(raw_named_gz), _images())


def test_gzip_output_is_deterministic(tmp_path):
  a = idx.write_images(tmp_path / "a.gz", _images())
  b = idx.write_images(tmp_path / "b.gz", _images())
  assert open(a, "rb").read() == open(b, "rb").read()


def test_wrong_magic_names_file_expected_and_found(tmp_path):
  path = idx.write_labels(tmp_path / "labels.gz", np.zeros(4, np.uint8))
  with pytest.raises(ValueError, match=r"labels\.gz.*expected magic number "
                     r"2051, found 2049"):
    idx.read_images(path)


def _write_raw(path, content, compress):
  with open(path, "wb") as f:
    f.write(gzip.compress(content) if compress else content)
  return path


@pytest.mark.parametrize("compress", [False, True])
def test_truncated_file(tmp_path, compress):
  header = struct.pack(">4I", 2051, 10, 28, 28)
  path = _write_raw(tmp_path / "cut", header + bytes(28 * 28 * 8), compress)
  with pytest.raises(ValueError, match=r"cut.*truncated.*\[10, 28, 28\] need "
                     r"7840 data bytes, found 6272"):
    idx.read_images(path)


def test_count_mismatch_with_trailing_bytes(tmp_path):
  path = _write_raw(tmp_path / "long", struct.pack(">2I", 2049, 3) + bytes(5),
                    compress=False)
  with pytest.raises(ValueError, match=r"trailing bytes.*need 3 data bytes, "
                     r"found 5"):
    idx.read_labels(path)


def test_short_header(tmp_path):
  path = _write_raw(tmp_path / "tiny", b"\x00\x00", compress=False)
  with pytest.raises(ValueError, match="4-byte magic number, found 2 bytes"):
    idx.read_idx(path)
  path = _write_raw(tmp_path / "half", struct.pack(">2I", 2051, 1),
                    compress=False)
  with pytest.raises(ValueError, match="16-byte header for 3 dimensions, found "
                     "8 bytes"):
    idx.read_images(path)


def test_non_ubyte_type_is_rejected(tmp_path):
  path = _write_raw(tmp_path / "floats", struct.pack(">2I", 0x0D01, 1) +
                    bytes(4), compress=False)
  with pytest.raises(ValueError, match="0x00000D01"):
    idx.read_idx(path)


def test_corrupt_gzip_stream(tmp_path):
  content = gzip.compress(struct.pack(">2I", 2049, 100) + bytes(100))
  path = _write_raw(tmp_path / "broken.gz", content[:len(content) // 2],
                    compress=False)
  with pytest.raises(ValueError, match=r"broken\.gz.*gzip"):
    idx.read_labels(path)


def test_images_need_three_dimensions(tmp_path):
  path = idx.write_idx(tmp_path / "flat", np.zeros((2, 3, 4, 5), np.uint8))
  with pytest.raises(ValueError, match="expected magic number 2051, found "
                     "2052"):
    idx.read_images(path)


def test_writer_validates_values_and_shapes(tmp_path):
  with pytest.raises(ValueError, match=r"\[0, 255\], found \[-1, 3\]"):
    idx.write_labels(tmp_path / "x", np.array([-1, 3]))
  with pytest.raises(ValueError, match="integer array, found dtype float"):
    idx.write_labels(tmp_path / "x", np.array([0.5]))
  with pytest.raises(ValueError, match=r"\[N, rows, cols\], found shape \(4,\)"):
    idx.write_images(tmp_path / "x", np.zeros(4, np.uint8))
  with pytest.raises(ValueError, match=r"\[N\], found shape \(2, 2\)"):
    idx.write_labels(tmp_path / "x", np.zeros((2, 2), np.uint8))
  path = idx.write_labels(tmp_path / "ints", np.array([0, 255], np.int64))
  np.testing.assert_array_equal(idx.read_labels(path), [0, 255])
