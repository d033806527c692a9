"""TF 1.15 `tf.keras` names that tf-keras no longer serves, restored on top of it.

The drop-in's `tf.keras` is tf-keras's v1 API (Keras 2 in graph mode). Later
Keras releases dropped a few of TF 1.15's names; those whose TF 1.15 behaviour
can be had on tf-keras are here, and `v1_api` serves them at their TF 1.15 paths:

* `tf.keras.experimental.LinearCosineDecay` and `NoisyLinearCosineDecay`:
  tf-keras still carries TF 1.15's schedule classes, it only stopped exporting
  them;
* `tf.keras.experimental.PeepholeLSTMCell`: tf-keras's `LSTMCell` plus TF
  1.15's diagonal peephole weights (Gers & Schmidhuber, 2000);
* `tf.keras.experimental.terminate_keras_multiprocessing_pools`: stops the
  worker pools of tf-keras's enqueuers, as TF 1.15's did for its own;
* `tf.keras.utils.HDF5Matrix` (h5py needed, as in TF 1.15) and
  `tf.keras.utils.convert_all_kernels_in_model`;
* `tf.keras.wrappers.scikit_learn.KerasClassifier` and `KerasRegressor`:
  scikit-learn estimators around a function that builds a compiled model.

This module imports tf-keras, so it is loaded with `tf.keras`, never before.
"""

import collections
import copy
import gc
import inspect
import multiprocessing
import os
import queue
import signal
import time
import types

import numpy as np
from tf_keras.api._v1 import keras
# tf-keras's own modules for the schedules and pools it keeps but no longer
# exports.
from tf_keras.src.optimizers.schedules import learning_rate_schedule
from tf_keras.src.utils import data_utils

try:
  import h5py
except ImportError:
  h5py = None

_K = keras.backend

LinearCosineDecay = learning_rate_schedule.LinearCosineDecay
NoisyLinearCosineDecay = learning_rate_schedule.NoisyLinearCosineDecay


class PeepholeLSTMCell(keras.layers.LSTMCell):
  """`LSTMCell` whose gates also see the carry: TF 1.15's Keras peephole cell.

  With the carry `c` of the previous step (`c'` of this one for the output
  gate) and diagonal weights `w_i`, `w_f`, `w_o` (`[units]`, drawn with the
  kernel initializer):

      i = sigma(x W_i + h U_i + w_i * c)
      f = sigma(x W_f + h U_f + w_f * c)
      c' = f * c + i * tanh(x W_c + h U_c)
      o = sigma(x W_o + h U_o + w_o * c')

  The peephole variables are `input_gate_peephole_weights`,
  `forget_gate_peephole_weights` and `output_gate_peephole_weights`, created
  after `kernel`, `recurrent_kernel` and `bias`. Use it inside
  `tf.keras.layers.RNN`.
  """

  def build(self, input_shape):
    super().build(input_shape)
    for gate in ("input", "forget", "output"):
      setattr(self, "%s_gate_peephole_weights" % gate, self.add_weight(
          shape=(self.units,), name="%s_gate_peephole_weights" % gate,
          initializer=self.kernel_initializer))

  def _compute_carry_and_output(self, x, h_tm1, c_tm1):
    units, kernel = self.units, self.recurrent_kernel

    def gate(index, inputs, state):
      return inputs + _K.dot(state, kernel[:, index * units:(index + 1) * units])

    i = self.recurrent_activation(
        gate(0, x[0], h_tm1[0]) + self.input_gate_peephole_weights * c_tm1)
    f = self.recurrent_activation(
        gate(1, x[1], h_tm1[1]) + self.forget_gate_peephole_weights * c_tm1)
    c = f * c_tm1 + i * self.activation(gate(2, x[2], h_tm1[2]))
    o = self.recurrent_activation(
        gate(3, x[3], h_tm1[3]) + self.output_gate_peephole_weights * c)
    return c, o

  def _compute_carry_and_output_fused(self, z, c_tm1):
    i = self.recurrent_activation(z[0] + self.input_gate_peephole_weights * c_tm1)
    f = self.recurrent_activation(z[1] + self.forget_gate_peephole_weights * c_tm1)
    c = f * c_tm1 + i * self.activation(z[2])
    o = self.recurrent_activation(z[3] + self.output_gate_peephole_weights * c)
    return c, o


def terminate_keras_multiprocessing_pools(grace_period=0.1, use_sigkill=False):
  """Ends the worker pools and processes tf-keras's data enqueuers started.

  As TF 1.15 did: each pool is closed and terminated (not joined), then every
  still-running worker that one of those pools started is asked to stop with
  `terminate()`, then `SIGTERM` (and `SIGKILL` with `use_sigkill`), waiting
  `grace_period` seconds after each round that stopped something. Other child
  processes are left alone.

  Args:
    grace_period: Seconds to wait for processes to finish after each round.
    use_sigkill: Whether to end with `SIGKILL` the workers that survive
      `SIGTERM`.

  Returns:
    Human-readable descriptions of the workers and pools still alive at the
    end (empty when everything stopped).
  """
  problems = []
  gc.collect()
  pools = list(data_utils._DATA_POOLS)  # pylint: disable=protected-access
  for pool in pools:
    pool.close()
    pool.terminate()
  if pools:
    time.sleep(grace_period)
  del pools
  worker_ids = data_utils._WORKER_IDS  # pylint: disable=protected-access
  visited = set()
  rounds = [".terminate", "SIGTERM"] + (["SIGKILL"] if use_sigkill else [])
  for step in rounds + ["report"]:
    while True:
      try:
        worker_ids.add(data_utils.get_worker_id_queue().get_nowait())
      except queue.Empty:
        break
    gc.collect()
    stopped_some = False
    for worker in multiprocessing.active_children():
      if worker.ident not in worker_ids or not worker.is_alive():
        continue
      try:
        if step == ".terminate":
          worker.terminate()
          worker.join(timeout=grace_period)
          visited.add(worker.ident)
          stopped_some = True
        elif step in ("SIGTERM", "SIGKILL"):
          os.kill(worker.pid, signal.SIGKILL if step == "SIGKILL"
                  else signal.SIGTERM)
          stopped_some = True
        else:
          problems.append("worker still alive: %s, pid=%s, hash=%s"
                          % (worker.name, worker.pid, hash(worker)))
      except OSError:
        pass  # It ended in the meantime.
    if stopped_some:
      time.sleep(grace_period)
  worker_ids.difference_update(visited)
  gc.collect()
  for pool in data_utils._DATA_POOLS:  # pylint: disable=protected-access
    problems.append("pool still exists: %s, hash=%s" % (pool, hash(pool)))
  return problems


class HDF5Matrix:
  """Rows `start:end` of an HDF5 dataset, read lazily, usable as model input.

  TF 1.15's adapter: indexing with an int, a slice, a list or an int array
  (relative to `start`) reads those rows from the file and applies
  `normalizer`; an index past `end` raises IndexError. Each file is opened
  once (read-only) per process and shared by all matrices on it.

  Args:
    datapath: Path of the HDF5 file.
    dataset: Name of the dataset in it.
    start: First row.
    end: One past the last row; None for the end of the dataset.
    normalizer: Callable applied to every batch read, or None.

  Raises:
    ImportError: h5py is not installed.
  """
  refs = collections.defaultdict(int)

  def __init__(self, datapath, dataset, start=0, end=None, normalizer=None):
    if h5py is None:
      raise ImportError("The use of HDF5Matrix requires HDF5 and h5py "
                        "installed. (tf.keras.utils.HDF5Matrix: pip install "
                        "h5py)")
    if datapath not in self.refs:
      self.refs[datapath] = h5py.File(datapath, "r")
    self.data = self.refs[datapath][dataset]
    self.start = start
    self.end = self.data.shape[0] if end is None else end
    self.normalizer = normalizer

  def __len__(self):
    return self.end - self.start

  def _rows(self, key):
    if isinstance(key, slice):
      begin = 0 if key.start is None else key.start
      stop = self.shape[0] if key.stop is None else key.stop
      if stop + self.start > self.end:
        raise IndexError("HDF5Matrix: slice %s ends past row %d"
                         % (key, len(self)))
      return slice(begin + self.start, stop + self.start)
    if isinstance(key, (int, np.integer)):
      if key + self.start >= self.end:
        raise IndexError("HDF5Matrix: row %d of %d" % (key, len(self)))
      return key + self.start
    key = np.asarray(key)
    if np.max(key) + self.start >= self.end:
      raise IndexError("HDF5Matrix: row %d of %d" % (np.max(key), len(self)))
    return (key + self.start).tolist()

  def __getitem__(self, key):
    values = self.data[self._rows(key)]
    return values if self.normalizer is None else self.normalizer(values)

  @property
  def shape(self):
    """`(rows, ...)`: the dataset's shape with this matrix's row count."""
    return (self.end - self.start,) + tuple(self.data.shape[1:])

  @property
  def dtype(self):
    return self.data.dtype

  @property
  def ndim(self):
    return self.data.ndim

  @property
  def size(self):
    return np.prod(self.shape)


# The layer classes whose kernels TF 1.15's converter flipped.
_CONVOLUTIONS = frozenset(["Conv1D", "Conv2D", "Conv3D", "Conv2DTranspose"])


def convert_all_kernels_in_model(model):
  """Flips the spatial axes of every convolution kernel of `model`, in place.

  Converts weights between Theano-style (true) convolution and TensorFlow's
  cross-correlation, both ways: each `Conv1D`/`Conv2D`/`Conv3D`/
  `Conv2DTranspose` kernel is reversed along all but its last two axes, as in
  TF 1.15.
  """
  assignments = []
  for layer in model.layers:
    if type(layer).__name__ in _CONVOLUTIONS:
      kernel = _K.get_value(layer.kernel)
      flip = (slice(None, None, -1),) * (kernel.ndim - 2) + (slice(None),) * 2
      assignments.append((layer.kernel, np.copy(kernel[flip])))
  _K.batch_set_value(assignments)


# ---- wrappers.scikit_learn -----------------------------------------------------


def _predict_classes(model, x, batch_size=32, verbose=0):
  """TF 1.15's `Sequential.predict_classes`: argmax, or `> 0.5` for one unit."""
  probabilities = model.predict(x, batch_size=batch_size, verbose=verbose)
  if probabilities.shape[-1] > 1:
    return probabilities.argmax(axis=-1)
  return (probabilities > 0.5).astype("int32")


def _predict_proba(model, x, batch_size=32, verbose=0):
  """TF 1.15's `Sequential.predict_proba`: the model's outputs."""
  return model.predict(x, batch_size=batch_size, verbose=verbose)


def _has_arg(fn, name):
  """Whether `fn` takes an argument called `name` (not just `**kwargs`)."""
  parameter = inspect.signature(fn).parameters.get(name)
  return parameter is not None and parameter.kind in (
      inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)


def _is_categorical_crossentropy(loss):
  return (isinstance(loss, keras.losses.CategoricalCrossentropy)
          or getattr(loss, "fn", None) is keras.losses.categorical_crossentropy
          or getattr(loss, "__name__", None) == "categorical_crossentropy"
          or (isinstance(loss, str) and loss == "categorical_crossentropy"))


class BaseWrapper:
  """A scikit-learn estimator around `build_fn`, which returns a compiled model.

  `sk_params` holds the arguments of `build_fn` and of the model's `fit`,
  `predict` and `evaluate` (`epochs=`, `batch_size=`, ...); each call gets the
  ones it takes. `fit` builds a new model each time. With `build_fn=None` the
  subclass's own `__call__` builds the model.

  Raises:
    ValueError: a parameter that none of those functions takes.
  """

  def __init__(self, build_fn=None, **sk_params):
    self.build_fn = build_fn
    self.sk_params = sk_params
    self.check_params(sk_params)

  def _builder(self):
    if self.build_fn is None:
      return self.__call__
    if not isinstance(self.build_fn, (types.FunctionType, types.MethodType)):
      return self.build_fn.__call__
    return self.build_fn

  def check_params(self, params):
    """Raises ValueError for a parameter no legal function takes."""
    legal = [keras.Sequential.fit, keras.Sequential.predict,
             keras.Sequential.evaluate, _predict_classes, self._builder()]
    for name in params:
      if name != "nb_epoch" and not any(_has_arg(fn, name) for fn in legal):
        raise ValueError("{} is not a legal parameter".format(name))

  def get_params(self, **params):
    """The parameters (scikit-learn's API): `sk_params` and `build_fn`."""
    del params
    result = copy.deepcopy(self.sk_params)
    result.update({"build_fn": self.build_fn})
    return result

  def set_params(self, **params):
    """Updates `sk_params` (checked as in the constructor); returns self."""
    self.check_params(params)
    self.sk_params.update(params)
    return self

  def fit(self, x, y, **kwargs):
    """Builds the model and fits it; returns its `History`.

    Integer labels are one-hot encoded when the model's loss is categorical
    cross-entropy.
    """
    builder = self._builder()
    self.model = builder(**self.filter_sk_params(builder))
    if _is_categorical_crossentropy(self.model.loss) and len(y.shape) != 2:
      y = keras.utils.to_categorical(y)
    fit_args = copy.deepcopy(self.filter_sk_params(keras.Sequential.fit))
    fit_args.update(kwargs)
    return self.model.fit(x, y, **fit_args)

  def filter_sk_params(self, fn, override=None):
    """The `sk_params` that `fn` takes, updated with `override`."""
    result = {name: value for name, value in self.sk_params.items()
              if _has_arg(fn, name)}
    result.update(override or {})
    return result


class KerasClassifier(BaseWrapper):
  """scikit-learn's classifier API over a Keras model (TF 1.15's wrapper).

  `fit` takes labels of any sortable type (`[n]` or `[n, 1]`, stored as
  `classes_`) or one-hot `[n, classes]`; `predict` returns labels from
  `classes_`; `score` is the model's accuracy, so compile it with
  `metrics=["accuracy"]`.
  """

  def fit(self, x, y, **kwargs):
    y = np.array(y)
    if y.ndim == 2 and y.shape[1] > 1:
      self.classes_ = np.arange(y.shape[1])
    elif (y.ndim == 2 and y.shape[1] == 1) or y.ndim == 1:
      self.classes_ = np.unique(y)
      y = np.searchsorted(self.classes_, y)
    else:
      raise ValueError("Invalid shape for y: " + str(y.shape))
    self.n_classes_ = len(self.classes_)
    return super().fit(x, y, **kwargs)

  def predict(self, x, **kwargs):
    """The predicted labels, `[n]` (or `[n, 1]` for a one-unit model)."""
    kwargs = self.filter_sk_params(_predict_classes, kwargs)
    return self.classes_[_predict_classes(self.model, x, **kwargs)]

  def predict_proba(self, x, **kwargs):
    """`[n, classes]` probabilities; a one-unit model's `p` gives `[1-p, p]`."""
    kwargs = self.filter_sk_params(_predict_proba, kwargs)
    probabilities = _predict_proba(self.model, x, **kwargs)
    if probabilities.shape[1] == 1:
      probabilities = np.hstack([1 - probabilities, probabilities])
    return probabilities

  def score(self, x, y, **kwargs):
    """The model's accuracy on `(x, y)`.

    Raises:
      ValueError: the model was compiled without an accuracy metric.
    """
    y = np.searchsorted(self.classes_, y)
    kwargs = self.filter_sk_params(keras.Sequential.evaluate, kwargs)
    loss = self.model.loss
    if getattr(loss, "__name__", loss) == "categorical_crossentropy" and (
        len(y.shape) != 2):
      y = keras.utils.to_categorical(y)
    outputs = self.model.evaluate(x, y, **kwargs)
    if not isinstance(outputs, list):
      outputs = [outputs]
    for name, output in zip(self.model.metrics_names, outputs):
      if name in ("accuracy", "acc"):
        return output
    raise ValueError("The model is not configured to compute accuracy. You "
                     "should pass `metrics=[\"accuracy\"]` to the "
                     "`model.compile()` method.")


class KerasRegressor(BaseWrapper):
  """scikit-learn's regressor API over a Keras model (TF 1.15's wrapper).

  `predict` squeezes the model's outputs; `score` is the negated loss (higher
  is better, as scikit-learn expects).
  """

  def predict(self, x, **kwargs):
    kwargs = self.filter_sk_params(keras.Sequential.predict, kwargs)
    return np.squeeze(self.model.predict(x, **kwargs))

  def score(self, x, y, **kwargs):
    kwargs = self.filter_sk_params(keras.Sequential.evaluate, kwargs)
    loss = self.model.evaluate(x, y, **kwargs)
    return -loss[0] if isinstance(loss, list) else -loss


# What each TF 1.15 `tf.keras` sub-namespace gets from here (`wrappers` and
# `wrappers.scikit_learn` are wholly ours).
MEMBERS = {
    "experimental": {
        "LinearCosineDecay": LinearCosineDecay,
        "NoisyLinearCosineDecay": NoisyLinearCosineDecay,
        "PeepholeLSTMCell": PeepholeLSTMCell,
        "terminate_keras_multiprocessing_pools":
            terminate_keras_multiprocessing_pools,
    },
    "utils": {
        "HDF5Matrix": HDF5Matrix,
        "convert_all_kernels_in_model": convert_all_kernels_in_model,
    },
    "wrappers.scikit_learn": {
        "KerasClassifier": KerasClassifier,
        "KerasRegressor": KerasRegressor,
    },
}
