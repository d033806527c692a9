"""`tf.contrib.cudnn_rnn`: cuDNN's RNN layers in graph mode and the cells that
run their weights on a CPU, as TF 1.15 had them.

`CudnnLSTM`, `CudnnGRU`, `CudnnRNNTanh`, `CudnnRNNRelu` keep their weights as
canonical variables under TF 1.15's checkpoint names and run TensorFlow's
cuDNN kernels (GPU only; without a GPU the call fails at graph-build time
naming the CPU cell). `CudnnCompatibleLSTMCell` and `CudnnCompatibleGRUCell`
compute the same on any device from the same checkpoint; the
`CudnnParamsFormatConverter*` classes convert opaque buffers on a CPU. The
`*Saveable` classes are not needed (a plain `Saver` writes the canonical
names) and are refused with that advice.
"""

from tf1_compat.contrib.cudnn_rnn.cudnn_compatible_cells import CudnnCompatibleGRUCell
from tf1_compat.contrib.cudnn_rnn.cudnn_compatible_cells import CudnnCompatibleLSTMCell
from tf1_compat.contrib.cudnn_rnn.cudnn_rnn import CudnnGRU
from tf1_compat.contrib.cudnn_rnn.cudnn_rnn import CudnnLSTM
from tf1_compat.contrib.cudnn_rnn.cudnn_rnn import CudnnRNNRelu
from tf1_compat.contrib.cudnn_rnn.cudnn_rnn import CudnnRNNTanh
from tf1_compat.contrib.cudnn_rnn.cudnn_rnn import CudnnUnavailableError
from tf1_compat.contrib.cudnn_rnn.params_format import CudnnParamsFormatConverterGRU
from tf1_compat.contrib.cudnn_rnn.params_format import CudnnParamsFormatConverterLSTM
from tf1_compat.contrib.cudnn_rnn.params_format import CudnnParamsFormatConverterRelu
from tf1_compat.contrib.cudnn_rnn.params_format import CudnnParamsFormatConverterTanh
from tf1_compat.framework import not_provided

__all__ = [
    "CudnnCompatibleGRUCell",
    "CudnnCompatibleLSTMCell",
    "CudnnGRU",
    "CudnnLSTM",
    "CudnnParamsFormatConverterGRU",
    "CudnnParamsFormatConverterLSTM",
    "CudnnParamsFormatConverterRelu",
    "CudnnParamsFormatConverterTanh",
    "CudnnRNNRelu",
    "CudnnRNNTanh",
]

_SAVEABLE = ("the opaque-buffer saveables are not rebuilt: the tf1_compat "
             "layers keep canonical variables, so a plain Saver writes TF "
             "1.15's canonical checkpoint names")
_REFUSED = {
    name: (_SAVEABLE, "tf.compat.v1.train.Saver() over the layer's variables")
    for name in ("CudnnLSTMSaveable", "CudnnGRUSaveable",
                 "CudnnRNNTanhSaveable", "CudnnRNNReluSaveable")}

__getattr__ = not_provided.partial_module_getattr("tf.contrib.cudnn_rnn",
                                                  __all__, refused=_REFUSED)
