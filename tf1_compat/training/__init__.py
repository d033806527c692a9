"""Run-time helpers for training programs: device choice, progress, checkpoints."""

from tf1_compat.training.checkpoints import CheckpointMismatchError
from tf1_compat.training.checkpoints import Checkpointer
from tf1_compat.training.checkpoints import Restored
from tf1_compat.training.device import Device
from tf1_compat.training.device import DeviceUnavailableError
from tf1_compat.training.device import resolve as resolve_device
from tf1_compat.training.device import session_config
from tf1_compat.training.loop import NonFiniteLossError
from tf1_compat.training.loop import Outcome
from tf1_compat.training.loop import run_steps
from tf1_compat.training.progress import Progress
from tf1_compat.training.progress import format_duration

__all__ = [
    "CheckpointMismatchError",
    "Checkpointer",
    "Device",
    "DeviceUnavailableError",
    "NonFiniteLossError",
    "Outcome",
    "Progress",
    "Restored",
    "format_duration",
    "resolve_device",
    "run_steps",
    "session_config",
]
