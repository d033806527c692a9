"""`tf.contrib.stateless`: graduated to core, served under its TF1 names.

`stateless_random_uniform`, `stateless_random_normal`,
`stateless_truncated_normal` and `stateless_multinomial` are TensorFlow's own
`tf.compat.v1.random` functions (same signatures, same numbers for a seed).
"""

import tensorflow as tf

from tf1_compat.framework import not_provided

__all__ = ["stateless_multinomial", "stateless_random_normal",
           "stateless_random_uniform", "stateless_truncated_normal"]
stateless_multinomial = tf.compat.v1.random.stateless_multinomial
stateless_random_normal = tf.random.stateless_normal
stateless_random_uniform = tf.random.stateless_uniform
stateless_truncated_normal = tf.random.stateless_truncated_normal

__getattr__ = not_provided.partial_module_getattr("tf.contrib.stateless",
                                                  __all__)
