"""SavedModel export of an inference graph, all or nothing."""

import os
import shutil
import tempfile

import tensorflow as tf
from tensorflow.core.protobuf import saved_model_pb2

from tf1_compat.framework import errors
from tf1_compat.training._text import first_line

_V1 = tf.compat.v1


class ExportError(errors.Error, OSError):
  """A SavedModel could not be written; nothing was left behind."""


def _clear_devices(path):
  """Removes every node's device from the SavedModel proto at `path`."""
  saved_model = saved_model_pb2.SavedModel()
  with open(path, "rb") as f:
    saved_model.ParseFromString(f.read())
  for meta_graph in saved_model.meta_graphs:
    graph_def = meta_graph.graph_def
    for node in graph_def.node:
      node.device = ""
    for function in graph_def.library.function:
      for node in function.node_def:
        node.device = ""
  with open(path, "wb") as f:
    f.write(saved_model.SerializeToString())


def export_saved_model(session, export_dir, signatures, saver=None,
                       clear_devices=False):
  """Writes a SavedModel (tag `serve`) with `{name: (inputs, outputs)}` signatures.

  The model is written to a hidden staging directory beside `export_dir` and
  renamed into place, so an interrupted or failed export leaves neither a
  half-written model nor the staging directory behind.

  Args:
    session: the `tf.compat.v1.Session` holding the variables.
    export_dir: the new directory to create.
    signatures: `{signature name: ({input name: tensor}, {output name: tensor})}`.
    saver: the `Saver` to write the variables with (needed when the graph is
      finalized: build one with `sharded=True` before finalizing).
    clear_devices: write the graph without its device placements (a graph
      placed on a cluster's tasks, to be loaded on one machine). Done on the
      written proto, so the graph may be finalized.

  Returns:
    `export_dir`.

  Raises:
    ExportError: `export_dir` exists, or a file could not be written.
  """
  export_dir = os.fspath(export_dir)
  if os.path.exists(export_dir):
    raise ExportError("cannot export to %s: it exists already" % export_dir)
  parent = os.path.dirname(os.path.abspath(export_dir))
  staging = None
  try:
    os.makedirs(parent, exist_ok=True)
    staging = tempfile.mkdtemp(dir=parent, prefix=".export-")
    os.rmdir(staging)
    builder = _V1.saved_model.Builder(staging)
    signature_defs = {
        name: _V1.saved_model.signature_def_utils.predict_signature_def(
            inputs=inputs, outputs=outputs)
        for name, (inputs, outputs) in signatures.items()}
    builder.add_meta_graph_and_variables(
        session, [_V1.saved_model.tag_constants.SERVING],
        signature_def_map=signature_defs, strip_default_attrs=True, saver=saver)
    builder.save()
    if clear_devices:
      _clear_devices(os.path.join(staging, "saved_model.pb"))
    os.replace(staging, export_dir)
  except BaseException as error:
    if staging and os.path.exists(staging):
      shutil.rmtree(staging, ignore_errors=True)
    if isinstance(error, (OSError, tf.errors.OpError)):
      raise ExportError("could not export the SavedModel to %s: %s"
                        % (export_dir, first_line(error))) from None
    raise
  return export_dir
