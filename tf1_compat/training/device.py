"""Choosing where a model runs (`auto`, `cpu`, `gpu`) and at what precision.

The device is decided once and logged. The precision is `f32` (TF1's) or
`bf16`: TensorFlow's own oneDNN auto-mixed-precision graph rewrite, which runs
the matmuls and element-wise math of the graph in bfloat16 on CPUs with
bfloat16 units (AVX-512 BF16, AMX) and keeps variables, their updates and the
loss-sensitive ops (softmax, cross-entropy, reductions) in float32 (bfloat16
has float32's exponent range, so no loss scaling is needed).
"""

import dataclasses

from absl import logging
import tensorflow as tf
from tensorflow.core.protobuf import rewriter_config_pb2

from tf1_compat.framework import errors

CHOICES = ("auto", "cpu", "gpu")
PRECISIONS = ("f32", "bf16")
# /proc/cpuinfo flags of the CPU units oneDNN runs bfloat16 math on.
_BF16_CPU_FLAGS = ("avx512_bf16", "amx_bf16")


class DeviceUnavailableError(errors.Error, RuntimeError):
  """`gpu` was requested on a machine where TensorFlow sees no GPU."""


@dataclasses.dataclass(frozen=True)
class Device:
  """A resolved device: `name` for `tf.device`, and what it is in words."""
  name: str
  description: str


def resolve(choice):
  """Turns `auto|cpu|gpu` into a `Device`, logging which one was chosen.

  `auto` takes the first GPU TensorFlow can see and otherwise the CPU. `gpu` raises
  `DeviceUnavailableError` (one line, meant to be shown as is) when there is none.
  """
  if choice not in CHOICES:
    raise ValueError("device must be one of %s, got %r" % ("|".join(CHOICES), choice))
  gpus = tf.config.list_physical_devices("GPU") if choice != "cpu" else []
  if choice == "gpu" and not gpus:
    raise DeviceUnavailableError(
        "--device=gpu was requested but TensorFlow sees no GPU on this machine "
        "(install tensorflow[and-cuda] with a CUDA driver, or use --device=cpu)")
  if gpus:
    details = tf.config.experimental.get_device_details(gpus[0])
    device = Device("/device:GPU:0", "GPU 0 (%s)" % details.get("device_name", gpus[0].name))
  else:
    device = Device("/device:CPU:0", "CPU")
  logging.info("device=%s: running on %s", choice, device.description)
  return device


class PrecisionUnavailableError(errors.Error, ValueError):
  """The precision asked for does not run on the chosen device."""


def session_config(device, precision="f32"):
  """A `ConfigProto` for `device` at `precision` (see the module docstring).

  Ops without a kernel on `device` fall back to the CPU. `bf16` on a GPU
  raises `PrecisionUnavailableError` (one line): only the CPU path is built.
  """
  if precision not in PRECISIONS:
    raise ValueError("precision must be one of %s, got %r"
                     % ("|".join(PRECISIONS), precision))
  config = tf.compat.v1.ConfigProto(allow_soft_placement=True)
  if precision == "bf16":
    if "GPU" in device.name:
      raise PrecisionUnavailableError(
          "--precision=bf16 runs on the CPU's bfloat16 units (oneDNN); on %s "
          "use --precision=f32 or --device=cpu" % device.description)
    _warn_unless_cpu_has_bf16()
    config.graph_options.rewrite_options.auto_mixed_precision_onednn_bfloat16 = (
        rewriter_config_pb2.RewriterConfig.ON)
  return config


def use_precision_everywhere(precision):
  """Makes every session this process opens run at `precision` (the runner's
  `--precision`): TensorFlow's global graph-optimizer options, which its v1
  sessions, `MonitoredTrainingSession`s and Estimators all apply."""
  if precision not in PRECISIONS:
    raise ValueError("precision must be one of %s, got %r"
                     % ("|".join(PRECISIONS), precision))
  if precision == "bf16":
    _warn_unless_cpu_has_bf16()
  tf.config.optimizer.set_experimental_options(
      {"auto_mixed_precision_onednn_bfloat16": precision == "bf16"})


def _warn_unless_cpu_has_bf16():
  if cpu_has_bf16() is False:
    logging.warning(
        "precision=bf16: this CPU reports none of %s, so oneDNN emulates "
        "bfloat16 and the run may be slower than f32",
        "/".join(_BF16_CPU_FLAGS))


def cpu_has_bf16():
  """Whether the CPU has bfloat16 units; None where it cannot be told."""
  try:
    with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
      for line in cpuinfo:
        if line.startswith("flags"):
          flags = line.split(":", 1)[1].split()
          return any(flag in flags for flag in _BF16_CPU_FLAGS)
  except OSError:
    pass
  return None
