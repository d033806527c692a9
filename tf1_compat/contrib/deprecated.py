"""`tf.contrib.deprecated`: TF 0.x's summary functions, as TF 1.15 kept them.

`scalar_summary(tags, values)` takes a string tensor of tags shaped like
`values` (one scalar summary per element), unlike `tf.summary.scalar`;
`histogram_summary`, `image_summary` (`max_images`), `audio_summary`
(`sample_rate`, `max_outputs`) are the old signatures; `merge_summary` and
`merge_all_summaries` are `tf.summary.merge` / `merge_all`. Each summary op goes to
`collections` (default `GraphKeys.SUMMARIES`), as in TF 1.15.
"""

import tensorflow as tf

from tf1_compat.framework import not_provided

_V1 = tf.compat.v1
_SUMMARIES = _V1.GraphKeys.SUMMARIES


def _collect(op, collections):
  for key in collections if collections is not None else [_SUMMARIES]:
    _V1.add_to_collection(key, op)
  return op


def scalar_summary(tags, values, collections=None, name=None):
  """A `Summary` with one scalar per element of `values`, tagged by `tags`."""
  with tf.name_scope(name or "ScalarSummary"):
    return _collect(tf.raw_ops.ScalarSummary(tags=tags, values=values),
                    collections)


def histogram_summary(tag, values, collections=None, name=None):
  """A `Summary` with a histogram of `values` under `tag`."""
  with tf.name_scope(name or "HistogramSummary"):
    return _collect(tf.raw_ops.HistogramSummary(tag=tag, values=values),
                    collections)


def image_summary(tag, tensor, max_images=3, collections=None, name=None):
  """A `Summary` with up to `max_images` images of the `[batch, h, w, c]` tensor."""
  with tf.name_scope(name or "ImageSummary"):
    return _collect(tf.raw_ops.ImageSummary(tag=tag, tensor=tensor,
                                            max_images=max_images),
                    collections)


def audio_summary(tag, tensor, sample_rate, max_outputs=3, collections=None,
                  name=None):
  """A `Summary` with up to `max_outputs` clips of `[batch, frames(, channels)]`."""
  with tf.name_scope(name or "AudioSummary"):
    return _collect(tf.raw_ops.AudioSummaryV2(
        tag=tag, tensor=tensor, sample_rate=tf.cast(sample_rate, tf.float32),
        max_outputs=max_outputs), collections)


merge_summary = _V1.summary.merge
merge_all_summaries = _V1.summary.merge_all

__all__ = ["audio_summary", "histogram_summary", "image_summary",
           "merge_all_summaries", "merge_summary", "scalar_summary"]

__getattr__ = not_provided.partial_module_getattr("tf.contrib.deprecated",
                                                  __all__)
