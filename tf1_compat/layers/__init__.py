"""tf.layers (being written)."""
