"""`tf.estimator.export`: serving input receivers and export outputs."""

from tf1_compat.estimator.export.export import build_parsing_serving_input_receiver_fn
from tf1_compat.estimator.export.export import build_raw_serving_input_receiver_fn
from tf1_compat.estimator.export.export import ServingInputReceiver
from tf1_compat.estimator.export.export import TensorServingInputReceiver
from tf1_compat.estimator.export.export_output import ClassificationOutput
from tf1_compat.estimator.export.export_output import ExportOutput
from tf1_compat.estimator.export.export_output import PredictOutput
from tf1_compat.estimator.export.export_output import RegressionOutput
from tf1_compat.framework import not_provided as _not_provided

__all__ = [
    "ClassificationOutput",
    "ExportOutput",
    "PredictOutput",
    "RegressionOutput",
    "ServingInputReceiver",
    "TensorServingInputReceiver",
    "build_parsing_serving_input_receiver_fn",
    "build_raw_serving_input_receiver_fn",
]

__getattr__ = _not_provided.partial_module_getattr("tf.estimator.export",
                                                   __all__)
