"""Training machinery for TF1 graph programs: exact resume, clear errors.

`open_session(build_fn, RunConfig(...))` builds a model's graph on the chosen
device, restores the newest complete checkpoint (weights and the program's
out-of-graph state) and yields a `TrainingSession` whose `train(step_fn)` runs
the step loop: periodic crash-safe checkpoints, SIGINT/SIGTERM saved and
reported, a NaN loss stopping before anything is saved. The example programs are
built on it; so can any TF1 training script.

Modules: `config` (`RunConfig`), `session` (`open_session`), `checkpoints`
(`Checkpointer`), `loop` (`run_steps`), `events` (synchronous TensorBoard event
files), `export` (SavedModel), `distributed` (`ClusterConfig`: the same program
as a task of a parameter-server job, on TensorFlow's distributed runtime),
`device`, `memory`, `progress`. Every error raised
on purpose subclasses `tf1_compat.framework.errors.Error` and the builtin it
stands for.
"""

from tf1_compat.training.checkpoints import CheckpointFolderError
from tf1_compat.training.checkpoints import CheckpointMismatchError
from tf1_compat.training.checkpoints import CheckpointNotFoundError
from tf1_compat.training.checkpoints import CheckpointWriteError
from tf1_compat.training.checkpoints import Checkpointer
from tf1_compat.training.checkpoints import Restored
from tf1_compat.training.config import ConfigError
from tf1_compat.training.config import RunConfig
from tf1_compat.training.device import Device
from tf1_compat.training.device import DeviceUnavailableError
from tf1_compat.training.device import resolve as resolve_device
from tf1_compat.training.device import session_config
from tf1_compat.training.distributed import ChiefTimeoutError
from tf1_compat.training.distributed import ClusterConfig
from tf1_compat.training.distributed import ClusterConfigError
from tf1_compat.training.distributed import ClusterTaskError
from tf1_compat.training.distributed import ServerStartError
from tf1_compat.training.distributed import TaskUnreachableError
from tf1_compat.training.events import EventWriteError
from tf1_compat.training.events import EventWriter
from tf1_compat.training.export import ExportError
from tf1_compat.training.export import export_saved_model
from tf1_compat.training.loop import NonFiniteLossError
from tf1_compat.training.loop import Outcome
from tf1_compat.training.loop import run_steps
from tf1_compat.training.memory import OutOfMemoryError
from tf1_compat.training.progress import Progress
from tf1_compat.training.progress import format_duration
from tf1_compat.training.session import TrainingSession
from tf1_compat.training.session import open_session

__all__ = [
    "CheckpointFolderError",
    "CheckpointMismatchError",
    "CheckpointNotFoundError",
    "CheckpointWriteError",
    "Checkpointer",
    "ChiefTimeoutError",
    "ClusterConfig",
    "ClusterConfigError",
    "ClusterTaskError",
    "ConfigError",
    "Device",
    "DeviceUnavailableError",
    "EventWriteError",
    "EventWriter",
    "ExportError",
    "NonFiniteLossError",
    "OutOfMemoryError",
    "Outcome",
    "Progress",
    "Restored",
    "RunConfig",
    "ServerStartError",
    "TaskUnreachableError",
    "TrainingSession",
    "export_saved_model",
    "format_duration",
    "open_session",
    "resolve_device",
    "run_steps",
    "session_config",
]
