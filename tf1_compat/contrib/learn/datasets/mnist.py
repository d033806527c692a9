"""`tf.contrib.learn.datasets.mnist`: TF 1.15's MNIST reader, from local files.

The reader is `tf1_compat.data.mnist`'s (see there): validation is the first
`validation_size` training images, `next_batch` shuffles and wraps epochs batch
for batch as TF 1.15, one-hot labels are float64. Missing files raise
`FileNotFoundError` naming them; nothing is downloaded (`source_url` is
ignored). `read_data_sets` also takes that module's `synthetic` option.
"""

from tf1_compat.data import mnist as data_mnist
from tf1_compat.framework import not_provided

__all__ = ["DEFAULT_SOURCE_URL", "DataSet", "dense_to_one_hot", "load_mnist",
           "read_data_sets"]

DEFAULT_SOURCE_URL = data_mnist.DEFAULT_SOURCE_URL
DataSet = data_mnist.DataSet
dense_to_one_hot = data_mnist.dense_to_one_hot
read_data_sets = data_mnist.read_data_sets


def load_mnist(train_dir="MNIST-data"):
  """`read_data_sets(train_dir)` with every default, as TF1."""
  return read_data_sets(train_dir)


_FILE_OBJECT_READERS = (
    "TF 1.15's readers of an open gzip file object are not rebuilt",
    "tf1_compat.data.read_images(path) and tf1_compat.data.read_labels(path) "
    "(gzipped or raw files; add [..., None] for TF1's [N, rows, cols, 1]), or "
    "read_data_sets")

__getattr__ = not_provided.partial_module_getattr(
    "tf.contrib.learn.datasets.mnist", __all__,
    {"extract_images": _FILE_OBJECT_READERS,
     "extract_labels": _FILE_OBJECT_READERS})
