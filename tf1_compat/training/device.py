"""Choosing where a model runs: `auto`, `cpu` or `gpu`, decided once and logged."""

import dataclasses

from absl import logging
import tensorflow as tf

CHOICES = ("auto", "cpu", "gpu")


class DeviceUnavailableError(RuntimeError):
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


def session_config(device):
  """A `ConfigProto` that lets ops without a kernel on `device` fall back to CPU."""
  del device
  return tf.compat.v1.ConfigProto(allow_soft_placement=True)
