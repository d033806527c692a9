"""The keys of the prediction dicts TF 1.15's canned heads return."""


class PredictionKeys:
  """Prediction names (also the outputs of the `predict` signature).

  Classifiers predict `logits`, `probabilities`, `class_ids` (int64,
  `[batch, 1]`), `classes` (the class ids as strings, or the vocabulary's
  labels, `[batch, 1]`), `all_class_ids` and `all_classes` (every class, per
  example, `[batch, n_classes]`); binary classifiers also `logistic`.
  Regressors predict `predictions` (and `logits` with an inverse link).
  """
  CLASSES = "classes"
  CLASS_IDS = "class_ids"
  ALL_CLASSES = "all_classes"
  ALL_CLASS_IDS = "all_class_ids"
  LOGISTIC = "logistic"
  LOGITS = "logits"
  PREDICTIONS = "predictions"
  PROBABILITIES = "probabilities"
  TOP_K = "top_k"
