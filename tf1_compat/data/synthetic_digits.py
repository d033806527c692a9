"""Procedurally drawn handwritten-style digits, an offline stand-in for MNIST.

Every digit 0-9 has a few pen-stroke templates (lines and elliptic arcs, e.g. a 7
with and without a crossbar, an open and a closed 4). One image is drawn by:

1. picking a template of its class, moving each stroke a little on its own and
   sometimes starting or ending a stroke short, as a pen lands late or lifts
   early;
2. bending the whole figure with a smooth random warp, then a random affine map
   (rotation, slant/shear, aspect ratio);
3. fitting it into a 20x20 box and centring its ink mass in the 28x28 frame with a
   small random offset, as MNIST was normalised;
4. inking it with a pen of random width and pressure: every stroke is a dense row
   of points, each splatted as a separable Gaussian (so the image is one small
   matrix product per digit, antialiased and blurred by construction), saturated
   and lightly noised, then quantised to uint8.

All shape and pen parameters are drawn from one `numpy.random.Generator` before
any rendering, and pixel noise from one stream per fixed block of images, so the
bytes depend only on `(num_examples, seed, labels)`. Drawing works block by block
(a few MB at a time); a large set (MNIST's 70000 digits take from a few seconds to
a minute, depending on the machine) logs its progress every few seconds.
"""

import collections
import os
import time

from absl import logging
import numpy as np

from tf1_compat.data import idx

IMAGE_SIZE = 28
NUM_CLASSES = 10

# Points per template: dense enough that neighbours are closer than the thinnest
# pen's Gaussian width, so strokes render without beading.
_POINTS = 128
_MAX_STROKES = 3
# Images rendered (and pixel noise drawn) per block.
_BLOCK = 2048
_NOISE = 0.04
_INK_FLOOR = 0.1
# MNIST digits were scaled to fit a 20x20 box.
_BOX = 20.0
# Sets this large say that they are being drawn, and how far along they are.
_ANNOUNCE_AT = 10000
_PROGRESS_SECONDS = 5.0


class Digits(collections.namedtuple("Digits", ("images", "labels"))):
  """Synthetic digits: uint8 `images` `[N, 28, 28]`, uint8 `labels` `[N]`."""
  __slots__ = ()


class SyntheticMnist(
    collections.namedtuple(
        "SyntheticMnist",
        ("train_images", "train_labels", "test_images", "test_labels"))):
  """A train/test pair of synthetic digit sets, laid out like MNIST's files."""
  __slots__ = ()


# Template geometry. Coordinates are y-up, the digit's height spans y in [0, 1],
# angles in degrees counter-clockwise; a stroke is a dense polyline.


def _line(*points):
  points = np.asarray(points, dtype=np.float64)
  pieces = []
  for start, end in zip(points[:-1], points[1:]):
    t = np.linspace(0.0, 1.0, 33)[:, None]
    pieces.append(start + t * (end - start))
  return np.concatenate(pieces)


def _arc(center, radii, start, end):
  steps = max(int(abs(end - start) / 2), 2)
  angles = np.radians(np.linspace(start, end, steps + 1))
  return np.stack([center[0] + radii[0] * np.cos(angles),
                   center[1] + radii[1] * np.sin(angles)], axis=1)


def _bezier(start, control, end):
  t = np.linspace(0.0, 1.0, 65)[:, None]
  start, control, end = (np.asarray(p, dtype=np.float64)
                         for p in (start, control, end))
  return (1 - t) ** 2 * start + 2 * t * (1 - t) * control + t ** 2 * end


def _join(*pieces):
  return np.concatenate(pieces)


def _figure_eight(upper, lower):
  """A one-stroke 8: a vertical Gerono lemniscate with lobes `upper`/`lower` wide."""
  t = np.linspace(0.0, 2.0 * np.pi, 361)
  half_width = np.where(t <= np.pi, upper, lower)
  x = 0.3 + 2.0 * half_width * np.sin(t) * np.cos(t + 0.35)
  y = 0.5 + 0.5 * np.sin(t)
  return np.stack([x, y], axis=1)


def _templates():
  """`{digit: [template, ...]}`, a template being a list of strokes."""
  return {
      0: [
          [_arc((0.3, 0.5), (0.28, 0.5), 100, 470)],
          [_arc((0.3, 0.5), (0.21, 0.5), 60, 430)],
          [_arc((0.3, 0.5), (0.3, 0.47), 80, 425)],
      ],
      1: [
          [_line((0.3, 0.0), (0.3, 1.0))],
          [_line((0.16, 0.84), (0.3, 1.0), (0.3, 0.0))],
          [_line((0.16, 0.84), (0.3, 1.0), (0.3, 0.0)),
           _line((0.1, 0.0), (0.5, 0.0))],
          [_line((0.12, 0.8), (0.32, 1.0), (0.3, 0.0))],
      ],
      2: [
          [_join(_arc((0.3, 0.72), (0.28, 0.28), 160, -35),
                 _line((0.53, 0.56), (0.02, 0.02), (0.64, 0.02)))],
          [_join(_arc((0.3, 0.7), (0.27, 0.3), 170, -60),
                 _arc((0.43, 0.0), (0.41, 0.46), 84, 180),
                 _line((0.02, 0.0), (0.64, 0.06)))],
          [_join(_arc((0.3, 0.72), (0.27, 0.28), 165, -40),
                 _line((0.51, 0.54), (0.14, 0.06)),
                 _arc((0.14, 0.12), (0.07, 0.06), -90, 270),
                 _line((0.14, 0.06), (0.64, 0.04)))],
      ],
      3: [
          [_join(_arc((0.3, 0.76), (0.24, 0.24), 150, -90),
                 _arc((0.3, 0.27), (0.29, 0.27), 90, -150))],
          [_join(_line((0.06, 1.0), (0.56, 1.0), (0.26, 0.58)),
                 _arc((0.3, 0.29), (0.3, 0.29), 105, -150))],
          [_join(_arc((0.3, 0.76), (0.26, 0.24), 160, -100),
                 _arc((0.3, 0.26), (0.3, 0.26), 80, -170))],
      ],
      4: [
          [_line((0.45, 1.0), (0.0, 0.32), (0.64, 0.32)),
           _line((0.47, 0.72), (0.47, 0.0))],
          [_line((0.1, 1.0), (0.05, 0.42), (0.62, 0.42)),
           _line((0.48, 0.95), (0.48, 0.0))],
          [_join(_line((0.12, 1.0), (0.08, 0.5)),
                 _bezier((0.08, 0.5), (0.3, 0.4), (0.62, 0.48))),
           _line((0.5, 1.0), (0.46, 0.0))],
      ],
      5: [
          [_join(_line((0.12, 1.0), (0.09, 0.58)),
                 _arc((0.3, 0.32), (0.28, 0.3), 125, -145)),
           _line((0.12, 1.0), (0.6, 1.0))],
          [_join(_line((0.6, 1.0), (0.12, 1.0), (0.09, 0.58)),
                 _arc((0.3, 0.32), (0.28, 0.3), 125, -145))],
          [_join(_bezier((0.6, 1.02), (0.3, 0.95), (0.14, 1.0)),
                 _line((0.14, 1.0), (0.1, 0.56)),
                 _arc((0.32, 0.3), (0.3, 0.3), 130, -160))],
      ],
      6: [
          [_join(_arc((0.52, 0.3), (0.46, 0.7), 85, 180),
                 _arc((0.31, 0.27), (0.25, 0.27), 180, 530))],
          [_join(_line((0.56, 1.0), (0.1, 0.36)),
                 _arc((0.32, 0.26), (0.24, 0.26), 155, 515))],
          [_join(_bezier((0.58, 1.0), (0.05, 0.7), (0.1, 0.2)),
                 _arc((0.3, 0.2), (0.2, 0.2), 180, 520))],
      ],
      7: [
          [_line((0.02, 1.0), (0.62, 1.0), (0.22, 0.0))],
          [_line((0.02, 1.0), (0.62, 1.0), (0.22, 0.0)),
           _line((0.2, 0.5), (0.56, 0.5))],
          [_join(_line((0.0, 0.94), (0.62, 1.0)),
                 _bezier((0.62, 1.0), (0.28, 0.55), (0.26, 0.0)))],
          [_line((0.14, 1.0), (0.62, 1.0), (0.3, 0.0))],
      ],
      8: [
          [_arc((0.3, 0.76), (0.2, 0.23), 0, 365),
           _arc((0.3, 0.27), (0.27, 0.27), 0, 365)],
          [_figure_eight(0.22, 0.29)],
          [_arc((0.32, 0.74), (0.26, 0.26), 0, 365),
           _arc((0.28, 0.24), (0.22, 0.24), 0, 365)],
      ],
      9: [
          [_arc((0.3, 0.72), (0.25, 0.27), 10, 380),
           _line((0.55, 0.72), (0.5, 0.0))],
          [_join(_arc((0.3, 0.72), (0.25, 0.27), 10, 370),
                 _arc((0.12, 0.72), (0.43, 0.72), 0, -85))],
          [_arc((0.28, 0.75), (0.24, 0.24), -10, 360),
           _line((0.52, 0.8), (0.52, 0.0))],
      ],
  }


def _resample(strokes, num_points):
  """Evenly spaced points along `strokes`, with per-point stroke ids, arc-length
  weights and relative positions along their stroke (0 at its start, 1 at its end).

  Points are shared out in proportion to stroke length, so every point stands for
  the same length of pen path (its weight), whatever the digit.
  """
  lengths = [np.linalg.norm(np.diff(s, axis=0), axis=1).sum() for s in strokes]
  counts = [max(int(round(num_points * l / sum(lengths))), 2) for l in lengths]
  counts[int(np.argmax(counts))] += num_points - sum(counts)
  points, ids, weights, along = [], [], [], []
  for stroke_id, (stroke, length, count) in enumerate(zip(strokes, lengths,
                                                          counts)):
    cumulative = np.concatenate(
        [[0.0], np.cumsum(np.linalg.norm(np.diff(stroke, axis=0), axis=1))])
    targets = np.linspace(0.0, cumulative[-1], count)
    points.append(np.stack([np.interp(targets, cumulative, stroke[:, 0]),
                            np.interp(targets, cumulative, stroke[:, 1])], 1))
    ids.append(np.full(count, stroke_id))
    weights.append(np.full(count, length / count))
    along.append(np.linspace(0.0, 1.0, count))
  return (np.concatenate(points), np.concatenate(ids), np.concatenate(weights),
          np.concatenate(along))


class _TemplateBank(
    collections.namedtuple("_TemplateBank",
                           ("points", "stroke_ids", "weights", "along",
                            "digit"))):
  """All templates resampled: `points` `[K, P, 2]`, the rest `[K, P]` / `[K]`."""
  __slots__ = ()


def _template_bank():
  resampled, digits = [], []
  for digit, templates in sorted(_templates().items()):
    for strokes in templates:
      resampled.append(_resample(strokes, _POINTS))
      digits.append(digit)
  points, stroke_ids, weights, along = (np.stack(a) for a in zip(*resampled))
  return _TemplateBank(points, stroke_ids, weights, along, np.asarray(digits))


_BANK = _template_bank()


def _pick_templates(labels, rng):
  """A random template index of the right class for every label."""
  choice = np.empty(len(labels), dtype=np.int64)
  draws = rng.random(len(labels))
  for digit in range(NUM_CLASSES):
    candidates = np.flatnonzero(_BANK.digit == digit)
    rows = labels == digit
    choice[rows] = candidates[(draws[rows] * len(candidates)).astype(np.int64)]
  return choice


def _normal(rng, scale, size):
  """Normal noise truncated at 2.5 standard deviations: no freak shapes."""
  return scale * np.clip(rng.standard_normal(size), -2.5, 2.5)


class _Style(
    collections.namedtuple(
        "_Style",
        ("template", "stroke_offsets", "cuts", "quad", "wave", "wave_phase",
         "aspect", "shear", "angle", "size", "centre", "pen_width", "gain",
         "ink", "pressure_frequency", "pressure_phase"))):
  """Every random choice behind a batch of digits, one row per digit."""
  __slots__ = ()

  def rows(self, index):
    return _Style(*(field[index] for field in self))


def _draw_style(labels, rng):
  """Draws all the random parameters of `labels`' digits, in a fixed order."""
  n = len(labels)
  cuts = rng.uniform(0.0, 0.09, size=(n, _MAX_STROKES, 2))
  # The pen lands late or lifts early on about half the stroke ends.
  cuts *= rng.random((n, _MAX_STROKES, 2)) < 0.5
  return _Style(
      template=_pick_templates(labels, rng),
      stroke_offsets=_normal(rng, 0.045, (n, _MAX_STROKES, 2)),
      cuts=cuts,
      quad=_normal(rng, 0.26, (n, 6)),
      wave=_normal(rng, 0.035, (n, 2)),
      wave_phase=rng.uniform(0.0, 2.0 * np.pi, size=(n, 2)),
      aspect=np.exp(_normal(rng, 0.15, (n, 1))),
      # Handwriting leans right more often than left.
      shear=0.08 + _normal(rng, 0.24, (n, 1)),
      angle=np.radians(_normal(rng, 10.0, (n, 1))),
      size=rng.uniform(0.85, 1.0, size=(n, 1)),
      centre=(IMAGE_SIZE - 1) / 2.0 + _normal(rng, 0.6, (n, 2)),
      pen_width=rng.uniform(0.6, 1.25, size=n),
      gain=rng.uniform(2.0, 3.5, size=n),
      ink=rng.uniform(0.85, 1.0, size=n),
      pressure_frequency=rng.uniform(1.0, 4.0, size=(n, 1)),
      pressure_phase=rng.uniform(0.0, 2.0 * np.pi, size=(n, 1)))


def _shape_points(style):
  """Figure points in pixel coordinates `[n, P, 2]` (x = column, y = row).

  Also returns the per-point ink weights `[n, P]`: arc length in pixels, zero
  where a stroke was cut short.
  """
  template = style.template
  points = _BANK.points[template]
  stroke_ids = _BANK.stroke_ids[template]
  points = points + np.take_along_axis(style.stroke_offsets,
                                       stroke_ids[:, :, None], axis=1)
  along = _BANK.along[template]
  start_cut = np.take_along_axis(style.cuts[..., 0], stroke_ids, axis=1)
  end_cut = np.take_along_axis(style.cuts[..., 1], stroke_ids, axis=1)
  weights = _BANK.weights[template] * ((along >= start_cut)
                                       & (along <= 1.0 - end_cut))

  # Smooth warp: random quadratic terms plus a gentle wave.
  x, y = points[..., 0] - 0.3, points[..., 1] - 0.5
  quad, wave, phase = style.quad, style.wave, style.wave_phase
  dx = (quad[:, 0:1] * x * y + quad[:, 1:2] * y * y + quad[:, 2:3] * x * x
        + wave[:, 0:1] * np.sin(2.0 * np.pi * y + phase[:, 0:1]))
  dy = (quad[:, 3:4] * x * y + quad[:, 4:5] * x * x + quad[:, 5:6] * y * y
        + wave[:, 1:2] * np.sin(2.0 * np.pi * x + phase[:, 1:2]))
  x, y = x + dx, y + dy

  # Affine: aspect ratio, slant (shear), rotation.
  x = x * style.aspect + style.shear * y
  cos, sin = np.cos(style.angle), np.sin(style.angle)
  x, y = cos * x - sin * y, sin * x + cos * y

  # Fit the inked figure (skeleton plus pen) into the box, flip to image rows,
  # centre the ink mass near the frame centre, then nudge back inside the frame
  # any figure whose lopsided mass pushed it out.
  pen = 1.5 * style.pen_width[:, None]
  extent = np.maximum(np.ptp(x, axis=1), np.ptp(y, axis=1))[:, None]
  scale = (_BOX * style.size - 2.0 * pen) / extent
  x, y = x * scale, -y * scale
  weights = weights * scale * np.sqrt(style.aspect)
  total = weights.sum(axis=1, keepdims=True)
  low, high = 1.0 + pen, IMAGE_SIZE - 2.0 - pen
  placed = []
  for coordinate, target in ((x, style.centre[:, 0:1]),
                             (y, style.centre[:, 1:2])):
    coordinate = coordinate + target - (weights * coordinate).sum(
        axis=1, keepdims=True) / total
    coordinate += np.maximum(low - coordinate.min(axis=1, keepdims=True), 0.0)
    coordinate -= np.maximum(coordinate.max(axis=1, keepdims=True) - high, 0.0)
    placed.append(coordinate)
  return np.stack(placed, axis=-1), weights


def _render(style, noise):
  """Inks one block of digits into images `[n, 28, 28]` in [0, 1]."""
  points, weights = _shape_points(style)
  points = points.astype(np.float32)
  along = np.linspace(0.0, 1.0, _POINTS)
  pressure = 1.0 + 0.25 * np.sin(
      2.0 * np.pi * style.pressure_frequency * along + style.pressure_phase)
  grid = np.arange(IMAGE_SIZE, dtype=np.float32)
  sigma = style.pen_width[:, None, None].astype(np.float32)
  gx = np.exp(-0.5 * np.square((grid - points[..., 0:1]) / sigma))
  gy = np.exp(-0.5 * np.square((grid - points[..., 1:2]) / sigma))
  gy *= (weights * pressure).astype(np.float32)[..., None]
  density = np.matmul(gy.transpose(0, 2, 1), gx)
  # A straight stroke's density peaks at sqrt(2 pi) sigma; saturate against it.
  density *= (style.gain / (np.sqrt(2.0 * np.pi) * style.pen_width)).astype(
      np.float32)[:, None, None]
  image = -np.expm1(-density)
  image += noise * image
  # Cut the Gaussian tails: MNIST's background is exactly 0 right up to the
  # antialiased edge.
  image = (image - _INK_FLOOR) / (1.0 - _INK_FLOOR)
  return np.clip(image * style.ink[:, None, None], 0.0, 1.0)


def _seed_sequence(seed):
  if isinstance(seed, np.random.SeedSequence):
    return seed
  return np.random.SeedSequence(seed)


def _child(sequence, index):
  """The `index`-th child of `sequence`, without advancing its spawn counter."""
  return np.random.SeedSequence(sequence.entropy,
                                spawn_key=sequence.spawn_key + (index,))


def generate_digits(num_examples, seed=0, labels=None):
  """Draws `num_examples` synthetic digits.

  Args:
    num_examples: how many images.
    seed: the integer seed; the same `(num_examples, seed, labels)` always gives
      the same bytes.
    labels: optional int labels `[num_examples]` in 0..9 to draw. By default the
      classes are balanced (`num_examples // 10` each, the remainder spread over
      the first classes) and randomly ordered.

  Returns:
    `Digits(images, labels)`: uint8 `[N, 28, 28]` with background 0 and ink up to
    255, and uint8 `[N]`.
  """
  if num_examples < 0:
    raise ValueError("num_examples: expected >= 0, found %d" % num_examples)
  sequence = _seed_sequence(seed)
  rng = np.random.default_rng(_child(sequence, 0))
  if labels is None:
    labels = rng.permutation(np.arange(num_examples) % NUM_CLASSES)
  labels = np.asarray(labels)
  if labels.shape != (num_examples,):
    raise ValueError("labels: expected shape (%d,), found %s"
                     % (num_examples, labels.shape))
  if labels.size and (labels.min() < 0 or labels.max() >= NUM_CLASSES):
    raise ValueError("labels: expected values in 0..9, found [%d, %d]"
                     % (labels.min(), labels.max()))
  announce = num_examples >= _ANNOUNCE_AT
  started = last_report = time.monotonic()
  if announce:
    logging.info("drawing %d synthetic digits...", num_examples)
  style = _draw_style(labels, rng)
  images = np.empty((num_examples, IMAGE_SIZE, IMAGE_SIZE), dtype=np.uint8)
  for block, start in enumerate(range(0, num_examples, _BLOCK)):
    now = time.monotonic()
    if announce and start and now - last_report >= _PROGRESS_SECONDS:
      last_report = now
      logging.info("drawing synthetic digits: %d/%d (%.0fs)", start, num_examples,
                   now - started)
    rows = slice(start, min(start + _BLOCK, num_examples))
    noise_rng = np.random.default_rng(_child(sequence, 1 + block))
    noise = noise_rng.standard_normal(
        (rows.stop - rows.start, IMAGE_SIZE, IMAGE_SIZE), dtype=np.float32)
    image = _render(style.rows(rows), _NOISE * noise)
    images[rows] = np.rint(image * 255.0).astype(np.uint8)
  if announce:
    logging.info("drew %d synthetic digits in %.1fs", num_examples,
                 time.monotonic() - started)
  return Digits(images, labels.astype(np.uint8))


def synthetic_mnist(num_train=60000, num_test=10000, seed=0):
  """A train and a test set of synthetic digits, sized like MNIST by default.

  The two sets come from independent streams spawned from `seed`.

  Returns:
    `SyntheticMnist(train_images, train_labels, test_images, test_labels)`;
    images uint8 `[N, 28, 28]`, labels uint8 `[N]`.
  """
  sequence = _seed_sequence(seed)
  train = generate_digits(num_train, seed=_child(sequence, 0))
  test = generate_digits(num_test, seed=_child(sequence, 1))
  return SyntheticMnist(train.images, train.labels, test.images, test.labels)


def write_synthetic_mnist(directory, num_train=60000, num_test=10000, seed=0,
                          compress=True):
  """Writes synthetic digits as the four MNIST IDX files.

  `tf1_compat.data.read_data_sets(directory)` then reads them like real MNIST, so
  nothing but the file contents tells them apart: keep such a directory apart from
  real MNIST data.

  Args:
    directory: created if missing.
    num_train: training images (MNIST has 60000).
    num_test: test images (MNIST has 10000).
    seed: the generator seed.
    compress: write the standard `.gz` files; `False` writes the raw files, named
      without `.gz`.

  Returns:
    `MnistFiles` of the written paths.
  """
  os.makedirs(directory, exist_ok=True)
  data = synthetic_mnist(num_train, num_test, seed)
  names = idx.MNIST_FILENAMES
  if not compress:
    names = idx.MnistFiles(*(name[:-len(".gz")] for name in names))
  paths = idx.MnistFiles(*(os.path.join(directory, name) for name in names))
  idx.write_images(paths.train_images, data.train_images, compress)
  idx.write_labels(paths.train_labels, data.train_labels, compress)
  idx.write_images(paths.test_images, data.test_images, compress)
  idx.write_labels(paths.test_labels, data.test_labels, compress)
  logging.info("wrote %d + %d SYNTHETIC digits (seed %d) to %s", num_train,
               num_test, seed, directory)
  return paths
