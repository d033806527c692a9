"""Text helpers shared by the training modules' error messages."""


def first_line(error):
  """An exception's message on one line (TensorFlow's carry a stack below it)."""
  text = getattr(error, "message", None) or str(error) or type(error).__name__
  return text.strip().splitlines()[0]
