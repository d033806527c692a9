"""`tf.contrib.signal`: graduated to `tf.signal`, served under its TF1 names.

`stft`, `inverse_stft`, `inverse_stft_window_fn`, `frame`, `overlap_and_add`,
`hamming_window`, `hann_window`, `linear_to_mel_weight_matrix`,
`mfccs_from_log_mel_spectrograms`: TensorFlow's own functions, which TF 1.15's
contrib.signal re-exported.
"""

import tensorflow as tf

from tf1_compat.framework import not_provided

__all__ = ["frame", "hamming_window", "hann_window", "inverse_stft",
           "inverse_stft_window_fn", "linear_to_mel_weight_matrix",
           "mfccs_from_log_mel_spectrograms", "overlap_and_add", "stft"]
globals().update({_name: getattr(tf.signal, _name) for _name in __all__})

__getattr__ = not_provided.partial_module_getattr("tf.contrib.signal", __all__)
