"""`tf.contrib.learn.datasets`: the MNIST reader and the CSV helpers.

`mnist.read_data_sets` reads local IDX files as TF 1.15 did (nothing is
downloaded); `base` holds `Dataset`, `Datasets` and the CSV loaders. The dataset
registry (`load_dataset`, `make_dataset`), the bundled iris/Boston files and the
synthetic and DBpedia loaders raise `NotProvidedError` naming a replacement.
"""

from tf1_compat.contrib.learn.datasets import base
from tf1_compat.contrib.learn.datasets import mnist
from tf1_compat.framework import not_provided

__all__ = ["base", "mnist"]

_REGISTRY = ("contrib.learn's by-name dataset registry (iris, boston, mnist, "
             "dbpedia, circles, spirals) bundled or downloaded its data")
_MNIST_OR_CSV = ("tf.contrib.learn.datasets.mnist.read_data_sets (provided; "
                 "local IDX files), or your own CSV file with "
                 "tf.contrib.learn.datasets.base.load_csv_with_header (provided)")
_SYNTHETIC = ("contrib.learn's synthetic datasets (circles, spirals) are not "
              "rebuilt")
_REFUSED = {
    "load_dataset": (_REGISTRY, _MNIST_OR_CSV),
    "DATASETS": (_REGISTRY, _MNIST_OR_CSV),
    "load_iris": base.NOT_PROVIDED["load_iris"],
    "load_boston": base.NOT_PROVIDED["load_boston"],
    "make_dataset": (_SYNTHETIC, "sklearn.datasets.make_circles or make_moons"),
    "SYNTHETIC": (_SYNTHETIC, "sklearn.datasets.make_circles or make_moons"),
    "synthetic": (_SYNTHETIC, "sklearn.datasets.make_circles or make_moons"),
    "text_datasets": ("the DBpedia loader downloaded its data, and tf1_compat "
                      "downloads nothing",
                      "download dbpedia_csv yourself and read it with csv"),
}

__getattr__ = not_provided.partial_module_getattr(
    "tf.contrib.learn.datasets", __all__, _REFUSED)
