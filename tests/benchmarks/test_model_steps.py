"""The benchmarks' step builders, ours and Keras 3, each run at a tiny size.

Tracing a Keras 3 seq2seq or CNN training step takes several seconds on two cores
even at a tiny size; those runs (and ours' seq2seq training graph, which the
model's own tests build too) are `slow`.
"""

import dataclasses

import numpy as np
import pytest

from benchmarks import model_steps
from tf1_compat.data import delete_odd
from tf1_compat.models import lenet
from tf1_compat.models import seq2seq

TINY_SEQ2SEQ = seq2seq.HParams(embedding_size=4, num_units=6, batch_size=3,
                               max_decode_steps=5)


def test_seq2seq_feeds_mask_the_decoder_length():
  feed, = model_steps.seq2seq_feeds(batch_size=5, count=1)
  assert feed.encoder_inputs.shape == (5, feed.encoder_length.max())
  assert feed.decoder_inputs.shape == feed.decoder_targets.shape == feed.mask.shape
  np.testing.assert_array_equal(feed.mask.sum(1), feed.decoder_length)
  np.testing.assert_array_equal(feed.decoder_inputs[:, 0], delete_odd.GO)


@pytest.mark.slow
@pytest.mark.parametrize("impl", sorted(model_steps.SEQ2SEQ_TRAIN))
def test_seq2seq_train_steps(impl):
  feeds = model_steps.seq2seq_feeds(TINY_SEQ2SEQ.batch_size, count=1)
  model_steps.SEQ2SEQ_TRAIN[impl](TINY_SEQ2SEQ, feeds)()


@pytest.mark.parametrize("impl, beam_width", [
    ("tf1_compat", 0), ("tf1_compat", 2), ("keras3_tf_function", 0)])
def test_seq2seq_decoders_run_every_step(impl, beam_width):
  hparams = dataclasses.replace(TINY_SEQ2SEQ, beam_width=beam_width)
  decode = model_steps.SEQ2SEQ_DECODE[impl](hparams)
  ids = decode(model_steps.decode_inputs(batch_size=2))
  assert ids.shape == (2, hparams.max_decode_steps)
  assert np.all(ids != delete_odd.EOS)


def test_the_keras3_decoder_has_no_beam_search():
  with pytest.raises(ValueError, match="expected beam_width=0, found 2"):
    model_steps.seq2seq_decode_keras3_tf_function(
        dataclasses.replace(TINY_SEQ2SEQ, beam_width=2))


@pytest.mark.parametrize("impl", [
    pytest.param(impl, marks=pytest.mark.slow) if impl.startswith("keras3")
    else impl for impl in sorted(model_steps.LENET_TRAIN)])
def test_lenet_train_steps(impl):
  hparams = lenet.HParams(batch_size=2)
  model_steps.LENET_TRAIN[impl](hparams, model_steps.lenet_feeds(2, count=1))()
