"""What TF 1.15's `tensorflow.contrib.cudnn_rnn.python.ops.cudnn_rnn_ops`
module offered that is rebuilt: the compatible cells, the parameter-format
converters and the mode constants.

The module's op-level classes (`cudnn_rnn_ops.CudnnLSTM(num_layers, num_units,
input_size)` called with an explicit opaque `params` tensor) are not rebuilt;
they are refused with the layer that replaces them.
"""

from tf1_compat.contrib.cudnn_rnn import params_format as _params_format
from tf1_compat.contrib.cudnn_rnn.cudnn_compatible_cells import CudnnCompatibleGRUCell
from tf1_compat.contrib.cudnn_rnn.cudnn_compatible_cells import CudnnCompatibleLSTMCell
from tf1_compat.framework import not_provided as _not_provided

# The constants, checks and converters, under TF 1.15's names.
__all__ = ["CudnnCompatibleGRUCell", "CudnnCompatibleLSTMCell"] + sorted(
    name for name in dir(_params_format)
    if name.startswith(("Cudnn", "CUDNN_", "check_")))
globals().update({name: getattr(_params_format, name) for name in __all__[2:]})

_OP_LEVEL = ("the op-level cuDNN RNN classes (an explicit opaque params "
             "tensor per call) are not rebuilt")
_REFUSED = {
    name: (_OP_LEVEL, "the layer tf.contrib.cudnn_rnn.%s, which owns its "
           "weights" % name)
    for name in ("CudnnLSTM", "CudnnGRU", "CudnnRNNTanh", "CudnnRNNRelu")}

__getattr__ = _not_provided.partial_module_getattr(
    "tf.contrib.cudnn_rnn.python.ops.cudnn_rnn_ops", __all__,
    refused=_REFUSED)
