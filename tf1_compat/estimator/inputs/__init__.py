"""`tf.estimator.inputs`: `input_fn`s over numpy arrays and pandas DataFrames."""

from tf1_compat.estimator.inputs.numpy_io import numpy_input_fn
from tf1_compat.estimator.inputs.pandas_io import pandas_input_fn
from tf1_compat.framework import not_provided as _not_provided

__all__ = ["numpy_input_fn", "pandas_input_fn"]

__getattr__ = _not_provided.partial_module_getattr("tf.estimator.inputs",
                                                   __all__)
