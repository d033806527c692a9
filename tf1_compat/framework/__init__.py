"""Shared machinery: the TF1-scoped `Layer` base, input specs, activation lookup,
the error base (`errors`) and the table of TF1 APIs we do not provide
(`not_provided`)."""

from tf1_compat.framework.base_layer import Layer
from tf1_compat.framework.input_spec import InputSpec

__all__ = ["InputSpec", "Layer"]
