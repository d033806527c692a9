"""Progress lines for training loops: step, metrics, steps/s and ETA."""

import time


def format_duration(seconds):
  """`3725` -> `1h02m05s`; short forms for short spans."""
  seconds = int(round(max(seconds, 0)))
  hours, rest = divmod(seconds, 3600)
  minutes, secs = divmod(rest, 60)
  if hours:
    return "%dh%02dm%02ds" % (hours, minutes, secs)
  if minutes:
    return "%dm%02ds" % (minutes, secs)
  return "%ds" % secs


class Progress:
  """Tracks throughput since the last report and estimates the time left.

  Args:
    first_step: the step the run starts (or resumes) at.
    last_step: the step it ends at (exclusive).
  """

  def __init__(self, first_step, last_step, clock=time.monotonic):
    self._clock = clock
    self._last_step = last_step
    self._start_time = clock()
    self._mark_step = first_step
    self._mark_time = self._start_time

  def line(self, step, **metrics):
    """One progress line for `step`, e.g. `step 200/2000 loss 0.41 8.1 steps/s ETA 3m42s`.

    Metrics are formatted with 4 significant digits, in the order given.
    """
    now = self._clock()
    elapsed = max(now - self._mark_time, 1e-9)
    rate = (step - self._mark_step) / elapsed
    self._mark_step, self._mark_time = step, now
    parts = ["step %d/%d" % (step, self._last_step)]
    parts += ["%s %.4g" % (name, value) for name, value in metrics.items()]
    if rate > 0:
      parts.append("%.1f steps/s" % rate)
      parts.append("ETA %s" % format_duration((self._last_step - step) / rate))
    return "  ".join(parts)

  def elapsed(self):
    return self._clock() - self._start_time
