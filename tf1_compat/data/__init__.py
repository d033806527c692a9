"""Data for the classic models, all offline: MNIST (or synthetic digits), text8
(or a frozen copy of this library's own source), and generated seq2seq and
regression data.

Modules: `idx` (the IDX file format), `mnist` (TF1's `input_data`),
`synthetic_digits` (procedurally drawn digits), `text` (text8, vocabularies and
the `6_lstm` BatchGenerator), `delete_odd` (the seq2seq toy task), `linear`
(points near y = 3x - 1). Everything here is numpy; nothing imports TensorFlow.
"""

from tf1_compat.data.delete_odd import DecoderData
from tf1_compat.data.delete_odd import Seq2SeqBatch
from tf1_compat.data.delete_odd import decoder_input_and_target
from tf1_compat.data.delete_odd import delete_odd_batch
from tf1_compat.data.idx import MNIST_FILENAMES
from tf1_compat.data.idx import MnistFiles
from tf1_compat.data.idx import read_idx
from tf1_compat.data.idx import read_images
from tf1_compat.data.idx import read_labels
from tf1_compat.data.idx import write_idx
from tf1_compat.data.idx import write_images
from tf1_compat.data.idx import write_labels
from tf1_compat.data.linear import LinearPoints
from tf1_compat.data.linear import linear_points
from tf1_compat.data.mnist import DataSet
from tf1_compat.data.mnist import DataSetState
from tf1_compat.data.mnist import Datasets
from tf1_compat.data.mnist import build_data_sets
from tf1_compat.data.mnist import dense_to_one_hot
from tf1_compat.data.mnist import read_data_sets
from tf1_compat.data.mnist import synthetic_data_sets
from tf1_compat.data.synthetic_digits import Digits
from tf1_compat.data.synthetic_digits import SyntheticMnist
from tf1_compat.data.synthetic_digits import generate_digits
from tf1_compat.data.synthetic_digits import synthetic_mnist
from tf1_compat.data.synthetic_digits import write_synthetic_mnist
from tf1_compat.data.text import TEXT8_VOCABULARY
from tf1_compat.data.text import BatchGenerator
from tf1_compat.data.text import BatchGeneratorState
from tf1_compat.data.text import TextSplit
from tf1_compat.data.text import Vocabulary
from tf1_compat.data.text import batches2string
from tf1_compat.data.text import char2id
from tf1_compat.data.text import characters
from tf1_compat.data.text import default_corpus
from tf1_compat.data.text import id2char
from tf1_compat.data.text import own_source_text
from tf1_compat.data.text import read_text8
from tf1_compat.data.text import split_text

__all__ = [
    "BatchGenerator",
    "BatchGeneratorState",
    "DataSet",
    "DataSetState",
    "Datasets",
    "DecoderData",
    "Digits",
    "LinearPoints",
    "MNIST_FILENAMES",
    "MnistFiles",
    "Seq2SeqBatch",
    "SyntheticMnist",
    "TEXT8_VOCABULARY",
    "TextSplit",
    "Vocabulary",
    "batches2string",
    "build_data_sets",
    "char2id",
    "characters",
    "decoder_input_and_target",
    "default_corpus",
    "delete_odd_batch",
    "dense_to_one_hot",
    "generate_digits",
    "id2char",
    "own_source_text",
    "linear_points",
    "read_data_sets",
    "read_idx",
    "read_images",
    "read_labels",
    "read_text8",
    "split_text",
    "synthetic_data_sets",
    "synthetic_mnist",
    "write_idx",
    "write_images",
    "write_labels",
    "write_synthetic_mnist",
]
