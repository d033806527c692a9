"""contrib.tensorboard.plugins.projector: TensorBoard's plugin, TF1's call."""

import os

import tensorflow as tf
from google.protobuf import text_format
from tensorboard.plugins import projector as tensorboard_projector

from tf1_compat.contrib.tensorboard.plugins import projector


def test_visualize_embeddings_writes_the_config_tensorboard_reads(tmp_path):
  assert projector.ProjectorConfig is tensorboard_projector.ProjectorConfig
  graph = tf.Graph()
  with graph.as_default():
    writer = tf.compat.v1.summary.FileWriter(str(tmp_path))
    config = projector.ProjectorConfig()
    embedding = config.embeddings.add()
    embedding.tensor_name = "embedding:0"
    embedding.metadata_path = "metadata.tsv"
    projector.visualize_embeddings(writer, config)
    writer.close()
  path = os.path.join(str(tmp_path), "projector_config.pbtxt")
  with open(path) as f:
    read = text_format.Parse(f.read(), tensorboard_projector.ProjectorConfig())
  assert read.embeddings[0].tensor_name == "embedding:0"
  assert read.embeddings[0].metadata_path == "metadata.tsv"
