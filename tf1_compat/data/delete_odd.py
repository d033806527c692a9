"""The seq2seq toy task of the 2018 slides: delete the odd numbers.

Tokens are the numbers 1..10; id 0 is PAD, EOS and GO at once (vocabulary 11).
A sample mixes 1..11 odd numbers with 1..11 even numbers in random order (so at
most 22 <= `MAX_LEN` = 24 tokens); its target is the even numbers in their order
of appearance followed by EOS. The harder `copy` variant (solvable with attention)
wants the even numbers twice, then EOS.

The course generator drew both counts with `np.random.randint(1, max_len // 2)`,
picked the numbers without replacement from the pools `[1, 3, 5, 7, 9] * max_len`
and `[2, 4, 6, 8, 10] * max_len`, and shuffled their concatenation. This module
draws the same distribution, all from the one `rng` it is given.
"""

import collections

import numpy as np

from tf1_compat.data import _rng

PAD = 0
EOS = 0
GO = 0
VOCAB_SIZE = 11
MAX_LEN = 24
BATCH_SIZE = 64

_ODDS = (1, 3, 5, 7, 9)
_EVENS = (2, 4, 6, 8, 10)


class Seq2SeqBatch(
    collections.namedtuple("Seq2SeqBatch", ("x", "y", "lx", "ly"))):
  """A padded batch, unpackable as the slides' `x, y, lx, ly`.

  Attributes:
    x: int32 `[B, max(lx)]` encoder inputs, PAD after each sample's end.
    y: int32 `[B, max(ly)]` targets, each ending with EOS, then PAD.
    lx: int32 `[B]` input lengths.
    ly: int32 `[B]` target lengths, EOS included.
  """
  __slots__ = ()


class DecoderData(
    collections.namedtuple("DecoderData", ("inputs", "targets"))):
  """Teacher-forcing decoder `inputs` (GO, then the targets shifted right by
  one) and `targets`, both `[B, T]`."""
  __slots__ = ()


def _pad(rows, length):
  batch = np.full((len(rows), length), PAD, dtype=np.int32)
  for i, row in enumerate(rows):
    batch[i, :len(row)] = row
  return batch


def delete_odd_batch(num_samples=BATCH_SIZE, rng=None, copy=False,
                     max_len=MAX_LEN):
  """A batch of the delete-the-odd-numbers task.

  Args:
    num_samples: batch size `B`.
    rng: a `np.random.RandomState` or `np.random.Generator` (advanced in place),
      or an int seed / None for a fresh `RandomState`.
    copy: targets are the even numbers twice, then EOS.
    max_len: the course's length bound; counts are drawn from
      `[1, max_len // 2 - 1]` each.

  Returns:
    `Seq2SeqBatch(x, y, lx, ly)`, padded with PAD to the batch's longest input
    and longest target.
  """
  if num_samples < 1:
    raise ValueError("delete_odd_batch: expected num_samples >= 1, found %d"
                     % num_samples)
  if max_len // 2 < 2:
    raise ValueError("delete_odd_batch: expected max_len >= 4, found %d"
                     % max_len)
  rng = _rng.as_rng(rng)
  num_odds = _rng.integers(rng, 1, max_len // 2, num_samples)
  num_evens = _rng.integers(rng, 1, max_len // 2, num_samples)
  odd_pool = np.array(_ODDS * max_len, dtype=np.int32)
  even_pool = np.array(_EVENS * max_len, dtype=np.int32)
  inputs, targets = [], []
  for n_odd, n_even in zip(num_odds, num_evens):
    sample = np.concatenate([rng.choice(odd_pool, n_odd, replace=False),
                             rng.choice(even_pool, n_even, replace=False)])
    rng.shuffle(sample)
    evens = sample[sample % 2 == 0]
    target = np.concatenate([evens, evens] if copy else [evens])
    inputs.append(sample)
    targets.append(np.append(target, EOS))
  lx = np.array([len(s) for s in inputs], dtype=np.int32)
  ly = np.array([len(t) for t in targets], dtype=np.int32)
  return Seq2SeqBatch(x=_pad(inputs, lx.max()), y=_pad(targets, ly.max()),
                      lx=lx, ly=ly)


def decoder_input_and_target(ids):
  """Splits targets `[B, T]` (EOS included) for teacher forcing.

  Returns:
    `DecoderData(inputs, targets)`: `inputs` is GO followed by `ids[:, :-1]`,
    `targets` is `ids` itself; both `[B, T]` int32.
  """
  ids = np.asarray(ids, dtype=np.int32)
  with_go = np.concatenate(
      [np.full((ids.shape[0], 1), GO, dtype=np.int32), ids], axis=1)
  return DecoderData(inputs=with_go[:, :-1], targets=with_go[:, 1:])
