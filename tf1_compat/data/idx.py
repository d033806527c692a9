"""The IDX file format of MNIST: reading and writing, gzipped or raw.

An IDX file is a big-endian header followed by the data bytes. The header is a
4-byte magic number `0x0000TTDD` (`TT` = element type, `0x08` for uint8; `DD` = the
number of dimensions) and one uint32 per dimension. MNIST uses two of them:

* images: magic **2051** (`0x00000803`), dimensions `[N, rows, cols]`;
* labels: magic **2049** (`0x00000801`), dimensions `[N]`.

Files may be gzip-compressed; compression is detected from the gzip magic bytes,
not from the file name. Every malformed file raises `ValueError` naming the file,
what was expected and what was found.
"""

import collections
import gzip
import os
import struct
import zlib

import numpy as np

IMAGES_MAGIC = 2051
LABELS_MAGIC = 2049

_UBYTE_TYPE = 0x08
_GZIP_MAGIC = b"\x1f\x8b"


class MnistFiles(
    collections.namedtuple(
        "MnistFiles",
        ("train_images", "train_labels", "test_images", "test_labels"))):
  """The four MNIST files, as names or as paths."""
  __slots__ = ()


MNIST_FILENAMES = MnistFiles(
    train_images="train-images-idx3-ubyte.gz",
    train_labels="train-labels-idx1-ubyte.gz",
    test_images="t10k-images-idx3-ubyte.gz",
    test_labels="t10k-labels-idx1-ubyte.gz")


def _read_bytes(path):
  """The file's content, decompressed if it starts with the gzip magic bytes."""
  with open(path, "rb") as f:
    content = f.read()
  if content[:2] != _GZIP_MAGIC:
    return content
  try:
    return gzip.decompress(content)
  except (OSError, EOFError, zlib.error) as e:
    raise ValueError(
        "IDX file %r: expected a valid gzip stream (it starts with the gzip magic "
        "bytes), found a corrupt or truncated one: %s" % (str(path), e)) from e


def read_idx(path, expected_magic=None):
  """Reads an unsigned-byte IDX file (`.gz` or raw) into a numpy array.

  Args:
    path: the file, gzip-compressed or not.
    expected_magic: if given, the magic number the file must carry
      (`IMAGES_MAGIC` or `LABELS_MAGIC`).

  Returns:
    A uint8 array whose shape is the header's dimensions.

  Raises:
    ValueError: the file is shorter than its header, has another magic number, a
      non-uint8 element type, or a data size different from the product of its
      dimensions (truncated or with trailing bytes).
  """
  path = os.fspath(path)
  content = _read_bytes(path)
  if len(content) < 4:
    raise ValueError("IDX file %r: expected at least a 4-byte magic number, found "
                     "%d bytes" % (path, len(content)))
  magic, = struct.unpack(">I", content[:4])
  if expected_magic is not None and magic != expected_magic:
    raise ValueError("IDX file %r: expected magic number %d, found %d"
                     % (path, expected_magic, magic))
  element_type, ndim = (magic >> 8) & 0xFF, magic & 0xFF
  if magic >> 16 or element_type != _UBYTE_TYPE or ndim == 0:
    raise ValueError("IDX file %r: expected a magic number 0x000008DD (unsigned "
                     "bytes, DD >= 1 dimensions), found 0x%08X" % (path, magic))
  header_size = 4 + 4 * ndim
  if len(content) < header_size:
    raise ValueError("IDX file %r: expected a %d-byte header for %d dimensions, "
                     "found %d bytes" % (path, header_size, ndim, len(content)))
  dims = struct.unpack(">%dI" % ndim, content[4:header_size])
  expected_size = int(np.prod(dims, dtype=np.int64))
  actual_size = len(content) - header_size
  if actual_size != expected_size:
    problem = "truncated" if actual_size < expected_size else "trailing bytes"
    raise ValueError(
        "IDX file %r (%s): header dimensions %s need %d data bytes, found %d"
        % (path, problem, list(dims), expected_size, actual_size))
  return np.frombuffer(content, dtype=np.uint8, offset=header_size).reshape(dims)


def read_images(path):
  """Reads an IDX image file (magic 2051).

  Args:
    path: the file, gzip-compressed or not.

  Returns:
    uint8 images, `[N, rows, cols]`.

  Raises:
    ValueError: as `read_idx`, or if the file does not hold 3 dimensions.
  """
  images = read_idx(path, expected_magic=IMAGES_MAGIC)
  if images.ndim != 3:
    raise ValueError("IDX image file %r: expected 3 dimensions [N, rows, cols], "
                     "found %d" % (os.fspath(path), images.ndim))
  return images


def read_labels(path):
  """Reads an IDX label file (magic 2049).

  Args:
    path: the file, gzip-compressed or not.

  Returns:
    uint8 labels, `[N]`.
  """
  return read_idx(path, expected_magic=LABELS_MAGIC)


def _as_ubyte(array, path):
  array = np.asarray(array)
  if array.dtype == np.uint8:
    return array
  if not np.issubdtype(array.dtype, np.integer):
    raise ValueError("writing IDX file %r: expected an integer array, found dtype "
                     "%s" % (path, array.dtype))
  if array.size and (array.min() < 0 or array.max() > 255):
    raise ValueError("writing IDX file %r: expected values in [0, 255], found "
                     "[%d, %d]" % (path, array.min(), array.max()))
  return array.astype(np.uint8)


def write_idx(path, array, compress=None):
  """Writes an unsigned-byte IDX file.

  Args:
    path: the destination.
    array: integer values in `[0, 255]`, at least one dimension.
    compress: gzip the file; `None` means "if `path` ends in `.gz`".

  Returns:
    `path`.
  """
  path = os.fspath(path)
  array = _as_ubyte(array, path)
  if not 1 <= array.ndim <= 255:
    raise ValueError("writing IDX file %r: expected 1 to 255 dimensions, found %d"
                     % (path, array.ndim))
  if compress is None:
    compress = path.endswith(".gz")
  magic = (_UBYTE_TYPE << 8) | array.ndim
  header = struct.pack(">%dI" % (1 + array.ndim), magic, *array.shape)
  content = header + np.ascontiguousarray(array).tobytes()
  if compress:
    # mtime=0 makes the bytes a function of the content alone.
    content = gzip.compress(content, mtime=0)
  with open(path, "wb") as f:
    f.write(content)
  return path


def write_images(path, images, compress=None):
  """Writes `[N, rows, cols]` uint8 images as an IDX file with magic 2051."""
  images = np.asarray(images)
  if images.ndim != 3:
    raise ValueError("writing IDX image file %r: expected [N, rows, cols], found "
                     "shape %s" % (os.fspath(path), images.shape))
  return write_idx(path, images, compress)


def write_labels(path, labels, compress=None):
  """Writes `[N]` uint8 labels as an IDX file with magic 2049."""
  labels = np.asarray(labels)
  if labels.ndim != 1:
    raise ValueError("writing IDX label file %r: expected [N], found shape %s"
                     % (os.fspath(path), labels.shape))
  return write_idx(path, labels, compress)
