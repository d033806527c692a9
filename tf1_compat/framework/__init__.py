"""Shared machinery: the TF1-scoped `Layer` base and activation lookup."""

from tf1_compat.framework.base_layer import Layer

__all__ = ["Layer"]
