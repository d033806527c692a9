"""Batches of in-memory columns, in the order TF 1.15's feeding queues gave them.

TF 1.15 fed numpy arrays and DataFrames through queue runners: each of
`num_threads` reader threads walked the rows in order (from a random row when
shuffling), `batch_size` rows at a time, wrapping around for `num_epochs`
epochs, into a FIFO queue (a `RandomShuffleQueue` of `queue_capacity` rows when
shuffling); the input function dequeued `batch_size` rows, fewer at the very
end (`dequeue_up_to`), or always exactly `batch_size` rows when repeating
forever (`dequeue_many`).

Here the same rows, in the same order, come from a `tf.data` pipeline: a Python
generator yields TF1's per-thread chunks of rows (`tf.data.Dataset.from_generator`
indexes the arrays; nothing is embedded in the graph, so checkpoints' meta
graphs stay small), regrouped into batches (a shuffle buffer of `queue_capacity`
rows stands for the shuffling queue), read through a one-shot iterator. So
without shuffling the batches and their order are TF1's, epochs run into each
other (3 rows, batch 2: `[0, 1] [2, 0] [1, 2]`) and the last batch is partial;
`num_epochs=0` gives no batch at all. The tensors work in a plain `tf.Session`,
a `MonitoredSession` and an Estimator alike, with no queue runner to start, and
every new session starts at the first row again (as TF1's new queue runners
did). Differences: TF1's queue-fullness summary is not written, and with several
threads their chunks are interleaved in turn (TF1's order was up to the thread
scheduler).
"""

import numpy as np
import tensorflow as tf

_V1 = tf.compat.v1


def _tf_dtype(array):
  if array.dtype.kind in "USO":
    return tf.string
  return tf.as_dtype(array.dtype)


def _thread_chunks(num_rows, batch_size, num_epochs, start):
  """One TF1 reader thread's chunks of row positions.

  Rows are read from `start` on, `batch_size` at a time, wrapping around, for
  `num_epochs` epochs (forever if None); the final chunk is cut at the end of
  the last epoch.
  """
  order = (start + np.arange(num_rows)) % num_rows
  remaining = None if num_epochs is None else num_epochs * num_rows
  position = 0
  while remaining is None or remaining > 0:
    size = batch_size if remaining is None else min(batch_size, remaining)
    yield order[(position + np.arange(size)) % num_rows]
    position = (position + size) % num_rows
    if remaining is not None:
      remaining -= size


def _interleaved(iterators):
  """The items of `iterators` in turn, until all are exhausted."""
  active = list(iterators)
  while active:
    for iterator in list(active):
      try:
        yield next(iterator)
      except StopIteration:
        active.remove(iterator)


def _warn_about_threads(shuffle, num_threads, num_epochs):
  if num_threads > 1 and num_epochs is not None:
    _V1.logging.warning(
        "enqueue_data was called with num_epochs and num_threads > 1. "
        "num_epochs is applied per thread, so this will produce more "
        "epochs than you probably intend. "
        "If you want to limit epochs, use one thread.")
  if shuffle and num_threads > 1 and num_epochs is not None:
    _V1.logging.warning(
        "enqueue_data was called with shuffle=True, num_threads > 1, and "
        "num_epochs. This will create multiple threads, all reading the "
        "array/dataframe in order adding to the same shuffling queue; the "
        "results will likely not be sufficiently shuffled.")
  if not shuffle and num_threads > 1:
    _V1.logging.warning(
        "enqueue_data was called with shuffle=False and num_threads > 1. "
        "This will create multiple threads, all reading the "
        "array/dataframe in order. If you want examples read in order, use"
        " one thread; if you want multiple threads, enable shuffling.")


def batch_columns(columns, batch_size, num_epochs, shuffle, queue_capacity,
                  num_threads=1, name="enqueue_input"):
  """The next batch of each column, as tensors in the default graph.

  Args:
    columns: A list of numpy arrays with the same first dimension (rows).
    batch_size: Rows per batch.
    num_epochs: Passes over the rows (per thread), or None for forever.
    shuffle: Whether to start each thread at a random row and shuffle rows
      through a buffer of `queue_capacity`.
    queue_capacity: The shuffle buffer's size in rows.
    num_threads: TF1's reader threads: each reads every epoch.
    name: Name scope of the input ops.

  Returns:
    A list of tensors, one per column, of shape `[batch, ...]` (`batch` is
    static and equal to `batch_size` when `num_epochs` is None).
  """
  _warn_about_threads(shuffle, num_threads, num_epochs)
  num_rows = len(columns[0])
  with tf.name_scope(name):
    # Op-level seeds, so that a graph seed makes shuffling repeatable.
    _, seed = _V1.get_seed(None)
    starts = []
    for i in range(num_threads):
      thread_seed = None if seed is None else (i + 1) * seed % 2**32
      starts.append(np.random.RandomState(thread_seed).randint(num_rows)
                    if shuffle else 0)

    def chunks():
      readers = [_thread_chunks(num_rows, batch_size, num_epochs, start)
                 for start in starts]
      for positions in _interleaved(readers):
        yield tuple(column[positions] for column in columns)

    signature = tuple(tf.TensorSpec([None] + list(c.shape[1:]), _tf_dtype(c))
                      for c in columns)
    rows = tf.data.Dataset.from_generator(
        chunks, output_signature=signature).unbatch()
    if shuffle:
      rows = rows.shuffle(queue_capacity, seed=seed)
    batches = rows.batch(batch_size, drop_remainder=num_epochs is None)
    batch = _V1.data.make_one_shot_iterator(batches.prefetch(1)).get_next()
  return list(batch)
