"""TF 1.15's `tensorflow.python.keras.engine.network`, served in the runner.

TF 1.15's `Network` was the base of `Model` that subclassed networks (layers as
attributes, a `call` method, no `inputs`/`outputs` arguments) derived from; TF 2
folded it into `Model`. TF 1.15's own RNN tests subclass it.
"""

from tensorflow.python.keras.engine import training

Network = training.Model

__all__ = ["Network"]
