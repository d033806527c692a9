"""`tf.contrib.tensorboard.plugins.projector`: TensorBoard's own projector plugin.

`ProjectorConfig`, `EmbeddingInfo` and `SpriteMetadata` are TensorBoard's
protocol buffers (the ones TF 1.15 re-exported); `visualize_embeddings` keeps
TF 1.15's signature, `(summary_writer, config)`, and writes TensorBoard's
`projector_config.pbtxt` into the writer's log directory.
"""

from tensorboard.plugins import projector as _projector

from tf1_compat.framework import not_provided

EmbeddingInfo = _projector.EmbeddingInfo
ProjectorConfig = _projector.ProjectorConfig
SpriteMetadata = _projector.SpriteMetadata


def visualize_embeddings(summary_writer, config):
  """Writes `config` for TensorBoard's projector into the writer's logdir.

  Args:
    summary_writer: A `tf.summary.FileWriter` (or a log directory path).
    config: A `ProjectorConfig`.

  Raises:
    ValueError: the writer has no log directory.
  """
  _projector.visualize_embeddings(summary_writer, config)


__all__ = ["EmbeddingInfo", "ProjectorConfig", "SpriteMetadata",
           "visualize_embeddings"]

__getattr__ = not_provided.partial_module_getattr(
    "tf.contrib.tensorboard.plugins.projector", __all__)
