"""Graph builders of the four course models.

Modules: `linear_regression` (`y = kx + b` by SGD), `lenet` (the slides' MNIST CNN
and LeNet-5), `char_lstm` (the Udacity `6_lstm` character language model) and
`seq2seq` (the delete-the-odd-numbers encoder-decoder). Each has a frozen
`HParams` dataclass with the course's reference values and one builder,
`build(hparams, mode)` with `mode` in `modes.TRAIN|EVAL|INFER` (re-exported by
each module), that adds the model to a graph without opening a session;
`from tf1_compat.models import lenet` is the intended use.
"""

from tf1_compat.models import char_lstm
from tf1_compat.models import lenet
from tf1_compat.models import linear_regression
from tf1_compat.models import modes
from tf1_compat.models import seq2seq

__all__ = ["char_lstm", "lenet", "linear_regression", "modes", "seq2seq"]
