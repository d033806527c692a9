"""`tf.contrib.learn.preprocessing`: TF 1.15's text and categorical processors.

`VocabularyProcessor` (documents to word-id rows, with `save`/`restore`),
`ByteProcessor` (documents to UTF-8 byte rows), `tokenizer`,
`CategoricalVocabulary` and `CategoricalProcessor`, with TF 1.15's outputs id
for id. Modules: `text`, `categorical_vocabulary`, `categorical`.
"""

from tf1_compat.contrib.learn.preprocessing import categorical
from tf1_compat.contrib.learn.preprocessing import categorical_vocabulary
from tf1_compat.contrib.learn.preprocessing import text
from tf1_compat.contrib.learn.preprocessing.categorical import (
    CategoricalProcessor)
from tf1_compat.contrib.learn.preprocessing.categorical_vocabulary import (
    CategoricalVocabulary)
from tf1_compat.contrib.learn.preprocessing.text import TOKENIZER_RE
from tf1_compat.contrib.learn.preprocessing.text import ByteProcessor
from tf1_compat.contrib.learn.preprocessing.text import VocabularyProcessor
from tf1_compat.contrib.learn.preprocessing.text import tokenizer
from tf1_compat.framework import not_provided

__all__ = [
    "ByteProcessor",
    "CategoricalProcessor",
    "CategoricalVocabulary",
    "TOKENIZER_RE",
    "VocabularyProcessor",
    "categorical",
    "categorical_vocabulary",
    "text",
    "tokenizer",
]


__getattr__ = not_provided.partial_module_getattr(
    "tf.contrib.learn.preprocessing", __all__)
