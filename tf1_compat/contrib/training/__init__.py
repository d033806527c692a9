"""`tf.contrib.training`: `HParams`, and the training and evaluation loops.

* Rebuilt here: `HParams` (with its `HParamDef` proto form) and `parse_values`,
  with TF 1.15's parsing, casting and error rules (see `hparam`).
* From the tf-slim package, TF 1.15's own `training.py` and `evaluation.py`
  maintained there: `create_train_op`, `train`, `add_gradients_summaries`,
  `clip_gradient_norms(_fn)`, `multiply_gradients`, `evaluate_once`,
  `evaluate_repeatedly`, `checkpoints_iterator`, `wait_for_new_checkpoint`,
  `get_or_create_eval_step`, `StopAfterNEvalsHook`, `SummaryAtEndHook`.

The queue-based samplers and bucketing (`bucket_by_sequence_length`,
`stratified_sample`, `SequenceQueueingStateSaver`, ...) are not provided: use
`tf.contrib.data` / `tf.data.experimental` (`bucket_by_sequence_length`,
`rejection_resample`). Other names raise `NotProvidedError` naming what is
provided.
"""

from tf_slim.training import evaluation as _slim_evaluation
from tf_slim.training import training as _slim_training

from tf1_compat.contrib.training.hparam import HParamDef
from tf1_compat.contrib.training.hparam import HParams
from tf1_compat.contrib.training.hparam import parse_values
from tf1_compat.framework import not_provided

_FROM_SLIM_TRAINING = (
    "add_gradients_summaries", "clip_gradient_norms", "clip_gradient_norms_fn",
    "create_train_op", "multiply_gradients", "train")
_FROM_SLIM_EVALUATION = (
    "StopAfterNEvalsHook", "SummaryAtEndHook", "checkpoints_iterator",
    "evaluate_once", "evaluate_repeatedly", "get_or_create_eval_step",
    "wait_for_new_checkpoint")
globals().update({_name: getattr(_slim_training, _name)
                  for _name in _FROM_SLIM_TRAINING})
globals().update({_name: getattr(_slim_evaluation, _name)
                  for _name in _FROM_SLIM_EVALUATION})

_QUEUES = ("the queue-based input helpers were superseded by tf.data",
           "tf.contrib.data.bucket_by_sequence_length / rejection_resample "
           "(provided), i.e. tf.data.experimental")
_REFUSED = {name: _QUEUES for name in (
    "bucket", "bucket_by_sequence_length", "batch_sequences_with_states",
    "NextQueuedSequenceBatch", "SequenceQueueingStateSaver", "rejection_sample",
    "resample_at_rate", "stratified_sample", "weighted_resample",
    "FeedingQueueRunner")}

__all__ = sorted(("HParamDef", "HParams", "parse_values")
                 + _FROM_SLIM_TRAINING + _FROM_SLIM_EVALUATION)

__getattr__ = not_provided.partial_module_getattr("tf.contrib.training",
                                                  __all__, _REFUSED)
