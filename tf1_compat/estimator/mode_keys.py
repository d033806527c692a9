"""`tf.estimator.ModeKeys`: the mode a `model_fn` is built for."""


class ModeKeys:
  """The standard names of the three `model_fn` modes.

  The values are TF 1.15's: prediction is `"infer"`, the value
  `tf.contrib.learn.ModeKeys.INFER` also has.
  """

  TRAIN = "train"
  EVAL = "eval"
  PREDICT = "infer"
