"""TF 1.15's `export_lib`: every export helper of the estimator, in one module.

TF 1.15 gathered here what exporting an `Estimator` needs, from three places:
the serving and supervised input receivers (`export`), the export outputs
(`export_output`) and the signature and directory helpers (`export_utils`,
TF 1.15's `saved_model.model_utils`). The estimator's own modules and tests
import them from here; `tf.estimator.export` is the public subset.
"""

from tf1_compat.estimator.export.export import build_parsing_serving_input_receiver_fn
from tf1_compat.estimator.export.export import build_raw_serving_input_receiver_fn
from tf1_compat.estimator.export.export import build_raw_supervised_input_receiver_fn
from tf1_compat.estimator.export.export import build_supervised_input_receiver_fn_from_input_fn
from tf1_compat.estimator.export.export import ServingInputReceiver
from tf1_compat.estimator.export.export import SupervisedInputReceiver
from tf1_compat.estimator.export.export import TensorServingInputReceiver
from tf1_compat.estimator.export.export import UnsupervisedInputReceiver
from tf1_compat.estimator.export.export import wrap_and_check_input_tensors
from tf1_compat.estimator.export.export_output import _SupervisedOutput
from tf1_compat.estimator.export.export_output import ClassificationOutput
from tf1_compat.estimator.export.export_output import EvalOutput
from tf1_compat.estimator.export.export_output import ExportOutput
from tf1_compat.estimator.export.export_output import PredictOutput
from tf1_compat.estimator.export.export_output import RegressionOutput
from tf1_compat.estimator.export.export_output import TrainOutput
from tf1_compat.estimator.export.export_utils import build_all_signature_defs
from tf1_compat.estimator.export.export_utils import EXPORT_TAG_MAP
from tf1_compat.estimator.export.export_utils import export_outputs_for_mode
from tf1_compat.estimator.export.export_utils import get_export_outputs
from tf1_compat.estimator.export.export_utils import get_temp_export_dir
from tf1_compat.estimator.export.export_utils import get_timestamped_export_dir
from tf1_compat.estimator.export.export_utils import SIGNATURE_KEY_MAP
