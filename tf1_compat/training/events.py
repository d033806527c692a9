"""TensorBoard event files written synchronously, so a failed write stops the run.

`tf.compat.v1.summary.FileWriter` queues events for a background thread that
drops write errors: on a full disk a run goes on and leaves an event file without
its graph or scalars. `EventWriter` writes the same files (TFRecord files of
`Event` protos named `events.out.tfevents.<time>.<host>`, first event the file
version) on the caller's thread and flushes after each `add_*`, so a write that
fails raises `EventWriteError` at the step that could not be recorded.
"""

import os
import socket
import time

import tensorflow as tf

from tf1_compat.framework import errors
from tf1_compat.training._text import first_line

_V1 = tf.compat.v1
_FILE_VERSION = "brain.Event:2"


class EventWriteError(errors.Error, OSError):
  """An event file could not be created or written."""




class EventWriter:
  """Appends summaries (and the graph) to a new event file in `logdir`.

  Args:
    logdir: the directory, created if needed.
    graph: a `tf.Graph` to record first (what TensorBoard's graph tab shows).

  Raises:
    EventWriteError: the directory or the file cannot be created or written.
  """

  def __init__(self, logdir, graph=None):
    self.logdir = os.fspath(logdir)
    self.path = None
    self._writer = None
    try:
      os.makedirs(self.logdir, exist_ok=True)
      name = "events.out.tfevents.%010d.%s" % (time.time(), socket.gethostname())
      self.path = os.path.join(self.logdir, name)
      self._writer = tf.io.TFRecordWriter(self.path)
    except (OSError, tf.errors.OpError) as error:
      raise EventWriteError("cannot create an event file in --logdir %s: %s"
                            % (self.logdir, first_line(error))) from None
    self._write(_V1.Event(wall_time=time.time(), file_version=_FILE_VERSION))
    if graph is not None:
      self._write(_V1.Event(wall_time=time.time(),
                            graph_def=graph.as_graph_def().SerializeToString()))

  def _write(self, event):
    try:
      self._writer.write(event.SerializeToString())
      self._writer.flush()
    except (OSError, tf.errors.OpError) as error:
      raise EventWriteError("cannot write to the event file %s: %s"
                            % (self.path, first_line(error))) from None

  def add_summary(self, summary, step):
    """Records a `Summary` proto, or its serialized bytes (a fetched `merge`)."""
    if isinstance(summary, bytes):
      summary = _V1.Summary.FromString(summary)
    self._write(_V1.Event(wall_time=time.time(), step=int(step), summary=summary))

  def add_scalar(self, tag, value, step):
    self.add_summary(_V1.Summary(value=[_V1.Summary.Value(
        tag=tag, simple_value=float(value))]), step)

  def close(self):
    if self._writer is not None:
      try:
        self._writer.close()
      except (OSError, tf.errors.OpError) as error:
        raise EventWriteError("cannot close the event file %s: %s"
                              % (self.path, first_line(error))) from None
      finally:
        self._writer = None
