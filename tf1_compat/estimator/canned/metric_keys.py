"""The names of the metrics TF 1.15's canned heads report (`MetricKeys`)."""

from tf1_compat.estimator import model_fn


class MetricKeys:
  """Metric names, as `evaluate` returns them and as summary tags.

  A head with a `name` suffixes each with `/<name>` (`accuracy/my_head`).
  The `..._AT_THRESHOLD` keys take a threshold (`% 0.5`), the `..._AT_CLASS`
  keys a class id and the `..._AT_NAME` keys a class name.
  """
  LOSS = model_fn.LOSS_METRIC_KEY
  LOSS_MEAN = model_fn.AVERAGE_LOSS_METRIC_KEY
  LOSS_REGULARIZATION = "regularization_loss"

  ACCURACY = "accuracy"
  PRECISION = "precision"
  RECALL = "recall"
  # The accuracy of always predicting the more frequent class.
  ACCURACY_BASELINE = "accuracy_baseline"
  AUC = "auc"
  AUC_PR = "auc_precision_recall"
  LABEL_MEAN = "label/mean"
  PREDICTION_MEAN = "prediction/mean"

  ACCURACY_AT_THRESHOLD = "accuracy/positive_threshold_%g"
  PRECISION_AT_THRESHOLD = "precision/positive_threshold_%g"
  RECALL_AT_THRESHOLD = "recall/positive_threshold_%g"

  PROBABILITY_MEAN_AT_CLASS = "probability_mean/class%d"
  AUC_AT_CLASS = "auc/class%d"
  AUC_PR_AT_CLASS = "auc_precision_recall/class%d"

  PROBABILITY_MEAN_AT_NAME = "probability_mean/%s"
  AUC_AT_NAME = "auc/%s"
  AUC_PR_AT_NAME = "auc_precision_recall/%s"
