"""Between-graph replication on TensorFlow's own distributed runtime.

A TF1 job of parameter servers and training tasks, as TensorFlow 1.x's
distributed how-to wrote it, on what `tf.compat.v1.train` still ships:

* every task starts a `tf.train.Server` of the job's `ClusterSpec`
  (`start_server`); a parameter server (`ps`) then only serves the variables
  (`server.join()`, `serve`);
* each training task (`worker`, and in `TF_CONFIG`'s layout the one `chief`)
  builds the whole graph under `tf.train.replica_device_setter`, so variables
  live on the parameter servers and the other ops on the task itself, and
  trains in a `tf.train.MonitoredSession` against its own server;
* the chief (the `chief` task, or worker 0 when there is none) initializes the
  variables or restores them from the newest checkpoint, and is the only task
  that writes checkpoints, summaries and the export; the others wait until the
  chief has initialized the variables, then train on them;
* asynchronous by default (each task applies its own gradients, TF1's
  default); with `sync_replicas` the model's optimizer is wrapped in
  `tf.train.SyncReplicasOptimizer`, which applies the average of one gradient
  from every training task per global step.

A job is described by one `ClusterConfig`: from the 2018 flags (`--ps_hosts`,
`--worker_hosts`, `--job_name`, `--task_index`; `ClusterConfig.from_flags`)
or from the `TF_CONFIG` environment variable (`ClusterConfig.from_tf_config`).
`open_cluster_session(build_fn, config)` (which `training.open_session` calls
when `RunConfig.cluster` is set) gives a training program the same
`TrainingSession`-like object in a cluster as in one process.

Every wait has a bound and ends with one line naming the task it waited for:
a task waits `startup_timeout_secs` for the tasks its session uses to accept
connections, and (other than the chief) for the chief to initialize the
variables; after losing its session to a task that died (TensorFlow's
`UnavailableError` or `AbortedError`), it waits `reconnect_timeout_secs` for
that task to come back, then stops with `TaskUnreachableError`. Other tasks
dying does not stop a task: the session config's `device_filters` keep each
training task talking to the parameter servers and itself only, so a worker
that is killed leaves the others training, and restarted with the same flags
it joins again; a chief that is restarted restores its newest checkpoint onto
the parameter servers and goes on.

The chief's checkpoints are `checkpoints.Checkpointer`'s, the same files as a
single-process run's (with the chief's out-of-graph state beside them), so
either resumes from the other's: the chief's session initializes the
variables and then restores the newest complete checkpoint over them. A
synchronous job ends when the chief stops: its session closes the queue of
update tokens, which ends the other workers' waiting steps.
"""

import contextlib
import dataclasses
import json
import math
import os
import re
import socket
import sys
import time
import types
from typing import Any, Callable, Mapping, Optional

from absl import logging
import tensorflow as tf

from tf1_compat.framework import errors
from tf1_compat.training import checkpoints
from tf1_compat.training import device as device_lib
from tf1_compat.training import events as events_lib
from tf1_compat.training import export as export_lib
from tf1_compat.training import loop
from tf1_compat.training import memory
from tf1_compat.training._text import first_line

_V1 = tf.compat.v1

PS = "ps"
WORKER = "worker"
CHIEF = "chief"
JOBS = (CHIEF, PS, WORKER)
TF_CONFIG = "TF_CONFIG"
DEFAULT_STARTUP_TIMEOUT_SECS = 600.0
DEFAULT_RECONNECT_TIMEOUT_SECS = 30.0
# Seconds between two checks that the chief has initialized the variables
# (TensorFlow's SessionManager checks every 30 s by default).
POLL_SECS = 1.0
_PROBE_TIMEOUT_SECS = 2.0
_ADDRESS = re.compile(r"^(\[[0-9A-Fa-f:.]+\]|[^\s:\[\]]+):(\d{1,5})$")
_GRPC_FAIL_FAST = "GRPC_FAIL_FAST"
# How long closing a session waits for its threads (the synchronous chief's
# token runner waits for gradients that never come; it is then cancelled).
_STOP_GRACE_SECS = 2
# Steps in a row TensorFlow's runtime may cancel before a task gives up.
_MAX_CANCELLED_STEPS = 3


class ClusterConfigError(errors.Error, ValueError):
  """A cluster description (flags or `TF_CONFIG`) that no job can run."""


class ClusterTaskError(errors.Error, SystemExit):
  """A task of a distributed job cannot go on; the message is one line.

  It is an `Exception` (and our `Error`), so callers can catch it; uncaught,
  it ends the process as `sys.exit(message)` does: the message on stderr,
  exit status 1 and no traceback (the launcher's prefix shows which task).
  """

  def __init__(self, message):
    SystemExit.__init__(self, message)


class ServerStartError(ClusterTaskError, RuntimeError):
  """This task's `tf.train.Server` could not start (e.g. its port is taken).

  Also a `RuntimeError`, which TF 1.15's `train_and_evaluate` raised when its
  `RunConfig` lacked what the server needs.
  """


class TaskUnreachableError(ClusterTaskError):
  """A task this task's session needs did not accept connections in time.

  Attributes:
    task: the task's label (`"ps 0"`, `"chief"`, `"worker 1"`).
    address: its `host:port`.
  """

  def __init__(self, message, task=None, address=None):
    super().__init__(message)
    self.task = task
    self.address = address


class ChiefTimeoutError(ClusterTaskError):
  """The chief did not initialize the variables within the startup timeout."""


def task_label(job, index):
  """`chief` for the chief task, else `<job> <index>` (`ps 0`): the launcher's."""
  return job if job in (CHIEF, "master") else "%s %d" % (job, index)


def _check_address(address, where):
  match = _ADDRESS.match(address) if isinstance(address, str) else None
  if not match or not 0 < int(match.group(2)) < 65536:
    raise ClusterConfigError("%s: expected host:port addresses, got %r"
                             % (where, address))


@dataclasses.dataclass(frozen=True)
class ClusterConfig:
  """One task's view of a between-graph job.

  Attributes:
    cluster: `{job: [address, ...]}` with `host:port` addresses: `ps` (may be
      empty) and `worker` tasks, optionally one `chief` (`TF_CONFIG`'s
      layout). Stored read-only, with tuples.
    job_name: this task's job, one of `cluster`'s.
    task_index: this task's index in its job.
    sync_replicas: train synchronously (`SyncReplicasOptimizer`, one update
      per global step from all training tasks) instead of asynchronously.
    startup_timeout_secs: how long the task waits at start for the tasks its
      session uses (and, other than the chief, for the chief to initialize the
      variables).
    reconnect_timeout_secs: how long it waits for such a task to come back
      after losing it mid-run.

  Raises:
    ClusterConfigError: an unknown job, an index outside the job, a
      malformed or repeated address, no training task, or a non-positive
      timeout.
  """
  cluster: Mapping[str, Any]
  job_name: str
  task_index: int = 0
  sync_replicas: bool = False
  startup_timeout_secs: float = DEFAULT_STARTUP_TIMEOUT_SECS
  reconnect_timeout_secs: float = DEFAULT_RECONNECT_TIMEOUT_SECS

  def __post_init__(self):
    if not isinstance(self.cluster, Mapping):
      raise ClusterConfigError("ClusterConfig.cluster must map job names to "
                               "address lists, got %r" % (self.cluster,))
    cluster = {}
    for job, addresses in self.cluster.items():
      if job not in JOBS:
        raise ClusterConfigError(
            "ClusterConfig.cluster: job %r is none of %s" % (job, ", ".join(JOBS)))
      if isinstance(addresses, str) or not all(
          isinstance(a, str) for a in addresses):
        raise ClusterConfigError("ClusterConfig.cluster[%r] must be a list of "
                                 "host:port strings, got %r" % (job, addresses))
      for address in addresses:
        _check_address(address, "ClusterConfig.cluster[%r]" % job)
      cluster[job] = tuple(addresses)
    cluster = {job: tasks for job, tasks in cluster.items() if tasks or job == PS}
    object.__setattr__(self, "cluster", types.MappingProxyType(cluster))
    seen = {}
    for job, addresses in cluster.items():
      for index, address in enumerate(addresses):
        if address in seen:
          raise ClusterConfigError(
              "ClusterConfig.cluster: address %s is given to both %s and %s"
              % (address, seen[address], task_label(job, index)))
        seen[address] = task_label(job, index)
    if not (cluster.get(WORKER) or cluster.get(CHIEF)):
      raise ClusterConfigError(
          "ClusterConfig.cluster has no training task: expected at least one "
          "worker (or a chief), got %s" % dict(cluster))
    if len(cluster.get(CHIEF, ())) > 1:
      raise ClusterConfigError(
          "ClusterConfig.cluster: expected one chief, got %d: %s"
          % (len(cluster[CHIEF]), list(cluster[CHIEF])))
    if self.job_name not in cluster:
      raise ClusterConfigError(
          "ClusterConfig.job_name: expected one of the cluster's jobs (%s), "
          "got %r" % (", ".join(sorted(cluster)), self.job_name))
    size = len(cluster[self.job_name])
    if (isinstance(self.task_index, bool) or not isinstance(self.task_index, int)
        or not 0 <= self.task_index < size):
      raise ClusterConfigError(
          "ClusterConfig.task_index: expected 0..%d (job %s has %d task%s), "
          "got %r" % (size - 1, self.job_name, size, "" if size == 1 else "s",
                      self.task_index))
    for name in ("startup_timeout_secs", "reconnect_timeout_secs"):
      value = getattr(self, name)
      if isinstance(value, bool) or not isinstance(value, (int, float)) or not (
          0 < value < math.inf):
        raise ClusterConfigError("ClusterConfig.%s must be a positive number of "
                                 "seconds, got %r" % (name, value))

  @classmethod
  def from_flags(cls, ps_hosts, worker_hosts, job_name, task_index, **options):
    """The config of TF 1.x's how-to flags; None when none of them is given.

    Args:
      ps_hosts: `--ps_hosts`, comma-separated `host:port` (may be empty).
      worker_hosts: `--worker_hosts`, comma-separated; worker 0 is the chief.
      job_name: `--job_name`, `ps` or `worker`.
      task_index: `--task_index`.
      **options: the other `ClusterConfig` fields.

    Raises:
      ClusterConfigError: the flags name no job, or do not fit together.
    """
    if not (ps_hosts or worker_hosts or job_name):
      return None
    if job_name not in (PS, WORKER):
      raise ClusterConfigError(
          "--job_name must be ps or worker (with --ps_hosts and "
          "--worker_hosts), got %r" % (job_name,))
    hosts = {}
    for flag, value in (("ps_hosts", ps_hosts), ("worker_hosts", worker_hosts)):
      hosts[flag] = [h.strip() for h in (value or "").split(",") if h.strip()]
      for address in hosts[flag]:
        _check_address(address, "--" + flag)
    if not hosts["worker_hosts"]:
      raise ClusterConfigError(
          "--worker_hosts is empty: expected the comma-separated host:port of "
          "every worker (worker 0 is the chief), got %r" % (worker_hosts,))
    listed = hosts["ps_hosts" if job_name == PS else "worker_hosts"]
    if not 0 <= task_index < len(listed):
      raise ClusterConfigError(
          "--task_index=%d is outside the cluster: --%s lists %d %s task%s "
          "(indices 0..%d)" % (task_index, "ps_hosts" if job_name == PS
                               else "worker_hosts", len(listed), job_name,
                               "" if len(listed) == 1 else "s",
                               len(listed) - 1))
    return cls({PS: hosts["ps_hosts"], WORKER: hosts["worker_hosts"]},
               job_name, task_index, **options)

  @classmethod
  def from_tf_config(cls, text, **options):
    """The config of a `TF_CONFIG` value; None when it has no `cluster`.

    `{"cluster": {"chief": [...], "worker": [...], "ps": [...]}, "task":
    {"type": "worker", "index": 1}}`, with or without a `chief` job (without
    one, worker 0 is the chief). Other keys (`environment`, `model_dir`,
    ...) are ignored.

    Raises:
      ClusterConfigError: not a JSON object, or a cluster and task that do
        not fit together.
    """
    if not text or not text.strip():
      return None
    try:
      parsed = json.loads(text)
    except ValueError as error:
      raise ClusterConfigError(
          "TF_CONFIG is not valid JSON (%s): %s" % (error, _shorten(text))
      ) from None
    if not isinstance(parsed, dict):
      raise ClusterConfigError("TF_CONFIG must be a JSON object, got %s"
                               % _shorten(text))
    cluster = parsed.get("cluster")
    if not cluster:
      return None
    if not isinstance(cluster, dict):
      raise ClusterConfigError(
          "TF_CONFIG's \"cluster\" must map job names to address lists, got %s"
          % _shorten(json.dumps(cluster)))
    task = parsed.get("task")
    if not isinstance(task, dict) or "type" not in task:
      raise ClusterConfigError(
          "TF_CONFIG has a \"cluster\" but no \"task\": expected {\"type\": "
          "\"worker\", \"index\": 0} or similar, got %s" % _shorten(
              json.dumps(task)))
    job, index = task["type"], task.get("index", 0)
    if job not in cluster or job not in JOBS:
      raise ClusterConfigError(
          "TF_CONFIG's task type %r: expected one of the cluster's jobs "
          "among %s, got %r (cluster jobs: %s)" % (
              job, ", ".join(JOBS), job, ", ".join(sorted(cluster))))
    if isinstance(index, bool) or not isinstance(index, int):
      raise ClusterConfigError("TF_CONFIG's task index must be an integer, "
                               "got %r" % (index,))
    size = len(cluster[job]) if isinstance(cluster[job], list) else 0
    if not 0 <= index < size:
      raise ClusterConfigError(
          "TF_CONFIG's task index %d is outside the cluster: job %s has %d "
          "task%s (indices 0..%d)" % (index, job, size,
                                      "" if size == 1 else "s", size - 1))
    return cls({j: tasks for j, tasks in cluster.items()}, job, index,
               **options)

  @property
  def cluster_spec(self):
    return _V1.train.ClusterSpec({j: list(t) for j, t in self.cluster.items()})

  @property
  def chief_job(self):
    return CHIEF if CHIEF in self.cluster else WORKER

  @property
  def is_chief(self):
    return self.job_name == self.chief_job and self.task_index == 0

  @property
  def is_ps(self):
    return self.job_name == PS

  @property
  def label(self):
    return task_label(self.job_name, self.task_index)

  @property
  def address(self):
    return self.cluster[self.job_name][self.task_index]

  @property
  def target(self):
    """The session master: this task's own server."""
    return "grpc://" + self.address

  @property
  def num_replicas(self):
    """The training tasks: the chief (if any) and the workers."""
    return len(self.cluster.get(CHIEF, ())) + len(self.cluster.get(WORKER, ()))

  @property
  def replica_index(self):
    """This training task's index among them (the chief is 0); None on a ps."""
    if self.is_ps:
      return None
    offset = len(self.cluster.get(CHIEF, ())) if self.job_name == WORKER else 0
    return offset + self.task_index

  @property
  def worker_device(self):
    return "/job:%s/task:%d" % (self.job_name, self.task_index)

  @property
  def device_filters(self):
    """What this task's sessions may talk to: the ps tasks and itself."""
    return ["/job:ps", self.worker_device]


def _shorten(text, limit=120):
  text = " ".join(str(text).split())
  return text if len(text) <= limit else text[:limit - 3] + "..."


def resolve(ps_hosts=None, worker_hosts=None, job_name=None, task_index=0,
            environ=None, **options):
  """The job this process belongs to: flags first, else `TF_CONFIG`, else None.

  Raises:
    ClusterConfigError: see `ClusterConfig.from_flags` and `from_tf_config`.
  """
  config = ClusterConfig.from_flags(ps_hosts, worker_hosts, job_name,
                                    task_index, **options)
  if config is None:
    environ = os.environ if environ is None else environ
    config = ClusterConfig.from_tf_config(environ.get(TF_CONFIG), **options)
  return config


# Servers.


def _port_in_use(address):
  """Whether another socket listens on `address`'s port on this machine."""
  port = int(address.rpartition(":")[2])
  with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
    probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
      probe.bind(("", port))
    except OSError:
      return True
  return False


def start_server(cluster_spec, job_name, task_index, config=None,
                 protocol=None):
  """Starts and returns this task's `tf.compat.v1.train.Server`.

  Args:
    cluster_spec: the job's `tf.train.ClusterSpec` (or its dict).
    job_name: this task's job.
    task_index: its index there.
    config: a `ConfigProto` for the server, or None.
    protocol: None (gRPC) or a protocol TensorFlow's server knows.

  Raises:
    ServerStartError: the server could not start; when its port is taken,
      the message says so.
  """
  cluster_spec = _V1.train.ClusterSpec(cluster_spec)
  label = task_label(job_name, task_index)
  address = cluster_spec.task_address(job_name, task_index)
  try:
    server = _V1.train.Server(cluster_spec, job_name=job_name,
                              task_index=task_index, config=config,
                              protocol=protocol, start=False)
    server.start()
  except (tf.errors.OpError, ValueError) as error:
    if _port_in_use(address):
      raise ServerStartError(
          "%s: cannot listen on %s: the port is in use (another task or "
          "program holds it); free it or give this task another port"
          % (label, address)) from None
    raise ServerStartError("%s: TensorFlow's server for %s did not start: %s"
                           % (label, address, first_line(error))) from None
  logging.info("%s: TensorFlow server listening on %s", label, address)
  return server


# This process's servers by task: TensorFlow cannot stop a server, so a later
# session of the same task (a chief restarted in-process, training and then
# evaluating) reuses the one started first.
_SERVERS = {}


def _server_of(cluster):
  key = (tuple(sorted(cluster.cluster.items())), cluster.job_name,
         cluster.task_index)
  if key not in _SERVERS:
    _SERVERS[key] = start_server(cluster.cluster_spec, cluster.job_name,
                                 cluster.task_index)
  return _SERVERS[key]


def serve(cluster):
  """Runs a parameter server: starts its server and serves until killed."""
  server = start_server(cluster.cluster_spec, cluster.job_name,
                        cluster.task_index)
  logging.info("%s: serving the variables until the job stops it",
               cluster.label)
  server.join()


# Sessions.


def session_tasks(cluster_spec, job_name, task_index, device_filters=()):
  """`[(label, address)]` of the other tasks a session of this task talks to.

  Those the `device_filters` keep (every task of the cluster without
  filters), as TensorFlow's master chooses them.
  """
  cluster_spec = _V1.train.ClusterSpec(cluster_spec)
  filters = [tf.DeviceSpec.from_string(f) for f in device_filters or ()]
  tasks = []
  for job in cluster_spec.jobs:
    for index in cluster_spec.task_indices(job):
      if (job, index) == (job_name, task_index):
        continue
      if filters and not any(f.job in (None, job) and f.task in (None, index)
                             for f in filters):
        continue
      tasks.append((task_label(job, index),
                    cluster_spec.task_address(job, index)))
  return tasks


def accepts_connections(address, timeout=_PROBE_TIMEOUT_SECS):
  """Whether a TCP connection to `host:port` succeeds within `timeout` s."""
  host, _, port = address.rpartition(":")
  try:
    with socket.create_connection((host.strip("[]"), int(port)),
                                  timeout=timeout):
      return True
  except (OSError, ValueError):
    return False


class ClusterSessionCreator(_V1.train.SessionCreator):
  """Creates a cluster task's session, waiting for the others with bounds.

  Before each session it waits for the tasks the session talks to (`tasks`)
  to accept connections: up to `startup_timeout_secs` for the first session
  (the tasks of a job start in any order), up to `reconnect_timeout_secs`
  when `MonitoredSession` recreates the session after TensorFlow's
  `UnavailableError` or `AbortedError`. Then:

  * the chief makes the session as `tf.train.ChiefSessionCreator` does:
    restores `checkpoint_dir`'s newest checkpoint, or runs the scaffold's
    `init_op` and `init_fn`;
  * any other task waits, polling every `poll_secs`, until the chief has
    initialized the variables (TensorFlow's `SessionManager`, which polls
    every 30 s by default), for what is left of the timeout.

  Closing a session whose task died blocks inside TensorFlow unless its gRPC
  calls fail fast, so the creator sets `GRPC_FAIL_FAST=true` in the
  environment (TensorFlow reads it at each call) unless it is set already.

  Args:
    scaffold: the `tf.train.Scaffold`.
    label: this task's label, for messages.
    master: the session target (this task's server).
    is_chief: whether this task initializes the variables.
    tasks: `[(label, address)]`, as `session_tasks` lists them.
    config: the session's `ConfigProto`.
    checkpoint_dir: (chief) where to restore the newest checkpoint from.
    startup_timeout_secs: the bound of the first wait.
    reconnect_timeout_secs: the bound of the waits after a failure.
    poll_secs: seconds between two checks.
    probe: `fn(address) -> bool`, whether the task there accepts connections.
    clock: provides `time()` and `sleep(secs)`.

  Raises (from `create_session`):
    TaskUnreachableError: a task did not accept connections in time.
    ChiefTimeoutError: (not the chief) the variables were not initialized in
      time.
  """

  def __init__(self, scaffold, label, master, is_chief, tasks, config=None,
               checkpoint_dir=None,
               startup_timeout_secs=DEFAULT_STARTUP_TIMEOUT_SECS,
               reconnect_timeout_secs=DEFAULT_RECONNECT_TIMEOUT_SECS,
               poll_secs=POLL_SECS, probe=accepts_connections, clock=time):
    os.environ.setdefault(_GRPC_FAIL_FAST, "true")
    self._scaffold = scaffold
    self._label = label
    self._master = master
    self._is_chief = is_chief
    self._tasks = list(tasks)
    self._config = config
    self._checkpoint_dir = checkpoint_dir
    self._startup_timeout_secs = startup_timeout_secs
    self._reconnect_timeout_secs = reconnect_timeout_secs
    self._poll_secs = poll_secs
    self._probe = probe
    self._clock = clock
    self._created = 0

  @property
  def sessions_created(self):
    """How many sessions this creator made (more than 1 after a recovery)."""
    return self._created

  def create_session(self):
    recreating = self._created > 0
    timeout = (self._reconnect_timeout_secs if recreating
               else self._startup_timeout_secs)
    deadline = self._clock.time() + timeout
    self._wait_for_tasks(deadline, timeout, recreating)
    if self._is_chief:
      session = _V1.train.ChiefSessionCreator(
          scaffold=self._scaffold, master=self._master, config=self._config,
          checkpoint_dir=self._checkpoint_dir).create_session()
    else:
      session = self._wait_for_chief(deadline, timeout)
    self._created += 1
    return session

  def _wait_for_tasks(self, deadline, timeout, recreating):
    for task, address in self._tasks:
      waiting = False
      while not self._probe(address):
        if self._clock.time() >= deadline:
          if recreating:
            raise TaskUnreachableError(
                "%s: lost %s (%s): its connection failed and it has not "
                "accepted connections for %g s; stopping (restart the job with "
                "the same flags: the chief resumes from its last checkpoint)"
                % (self._label, task, address, timeout),
                task=task, address=address)
          raise TaskUnreachableError(
              "%s: %s (%s) did not accept connections within %g s; is it "
              "running?" % (self._label, task, address, timeout),
              task=task, address=address)
        if not waiting:
          logging.info("%s: waiting for %s (%s) to accept connections",
                       self._label, task, address)
          waiting = True
        self._clock.sleep(self._poll_secs)

  def _wait_for_chief(self, deadline, timeout):
    self._scaffold.finalize()
    manager = _V1.train.SessionManager(
        local_init_op=self._scaffold.local_init_op,
        local_init_feed_dict=self._scaffold.local_init_feed_dict,
        ready_op=self._scaffold.ready_op,
        ready_for_local_init_op=self._scaffold.ready_for_local_init_op,
        graph=_V1.get_default_graph(), recovery_wait_secs=self._poll_secs)
    remaining = max(deadline - self._clock.time(), self._poll_secs)
    try:
      return manager.wait_for_session(self._master, config=self._config,
                                      max_wait_secs=remaining)
    except tf.errors.DeadlineExceededError:
      raise ChiefTimeoutError(
          "%s: the chief did not initialize the variables within %g s; is it "
          "running?" % (self._label, timeout)) from None


def lost_task_error(label, cluster_spec, error, own=None):
  """A one-line `TaskUnreachableError` for TensorFlow's error about a lost task.

  Names the first task of `cluster_spec`, other than `own` (`(job, index)`),
  that `error`'s message mentions (`/job:ps/replica:0/task:0`).
  """
  cluster_spec = _V1.train.ClusterSpec(cluster_spec)
  task = address = None
  for match in re.finditer(r"/job:(\w+)/replica:\d+/task:(\d+)",
                           getattr(error, "message", None) or str(error)):
    job, index = match.group(1), int(match.group(2))
    if (job, index) != own and job in cluster_spec.jobs and (
        index in cluster_spec.task_indices(job)):
      task = task_label(job, index)
      address = cluster_spec.task_address(job, index)
      break
  lost = "%s (%s)" % (task, address) if task else "a task of the cluster"
  return TaskUnreachableError(
      "%s: lost %s: %s: %s; stopping (restart the job with the same flags: "
      "the chief resumes from its last checkpoint)"
      % (label, lost, type(error).__name__, first_line(error)),
      task=task, address=address)


class SyncReplicas:
  """Wraps a model's optimizer in `tf.train.SyncReplicasOptimizer`.

  Pass the instance as a model `build`'s `optimizer_wrapper`; the optimizer
  then aggregates one gradient from each of `num_replicas` training tasks per
  update of the variables (and of the global step), and `hooks` gives the
  session what it needs to run it.
  """

  def __init__(self, num_replicas):
    self.num_replicas = num_replicas
    self.optimizer = None

  def __call__(self, optimizer):
    if self.optimizer is not None:
      raise ValueError("SyncReplicas wraps one optimizer per graph; the model "
                       "asked for a second one")
    scoped = _InNameScope(optimizer, _V1.get_default_graph().get_name_scope())
    self.optimizer = _V1.train.SyncReplicasOptimizer(
        scoped, replicas_to_aggregate=self.num_replicas,
        total_num_replicas=self.num_replicas)
    return self.optimizer

  def hooks(self, is_chief):
    """The session hooks of the optimizer; raises if no model used it."""
    if self.optimizer is None:
      raise ValueError("sync_replicas: the model's build never called its "
                       "optimizer_wrapper, so nothing would be synchronized")
    return [_SyncReplicasHook(self.optimizer, is_chief)]


class _InNameScope:
  """An optimizer that applies its gradients in the name scope it was made in.

  `SyncReplicasOptimizer` calls its optimizer's `apply_gradients` in the root
  name scope, so that optimizer's own variables (Adam's `beta1_power`) would
  be named outside the model's scope (`beta1_power`, not
  `seq2seq/beta1_power`) and a synchronous run's checkpoint would not fit the
  single-process graph. This keeps the names of one process.
  """

  def __init__(self, optimizer, name_scope):
    self._optimizer = optimizer
    self._name_scope = name_scope + "/" if name_scope else ""

  def compute_gradients(self, *args, **kwargs):
    return self._optimizer.compute_gradients(*args, **kwargs)

  def apply_gradients(self, *args, **kwargs):
    with _V1.name_scope(self._name_scope):
      return self._optimizer.apply_gradients(*args, **kwargs)

  def get_slot(self, *args, **kwargs):
    return self._optimizer.get_slot(*args, **kwargs)

  def get_slot_names(self, *args, **kwargs):
    return self._optimizer.get_slot_names(*args, **kwargs)

  def variables(self):
    return self._optimizer.variables()


class _SyncReplicasHook(_V1.train.SessionRunHook):
  """What `SyncReplicasOptimizer.make_session_run_hook` does, ending quietly.

  After each session is created it runs the optimizer's local initialization
  (the chief's also sets the accumulators' global step and puts the first
  tokens in the queue) and, on the chief, starts the thread that applies the
  aggregated gradients. When training stops, that thread is usually waiting
  for a round of gradients that will never come; closing the session cancels
  its step, which this runner takes as the end of its queue instead of
  reporting TensorFlow's `CancelledError` with a traceback.
  """

  def __init__(self, optimizer, is_chief):
    self._optimizer = optimizer
    self._is_chief = is_chief
    self._runner = self._init_tokens = None

  def begin(self):
    optimizer = self._optimizer
    if self._is_chief:
      self._local_init = optimizer.chief_init_op
      chief_runner = optimizer.get_chief_queue_runner()
      self._runner = _V1.train.QueueRunner(
          queue=chief_runner.queue, enqueue_ops=chief_runner.enqueue_ops,
          close_op=chief_runner.close_op, cancel_op=chief_runner.cancel_op,
          queue_closed_exception_types=(tf.errors.OutOfRangeError,
                                        tf.errors.CancelledError))
      self._init_tokens = optimizer.get_init_tokens_op()
    else:
      self._local_init = optimizer.local_step_init_op

  def after_create_session(self, session, coord):
    missing = session.run(self._optimizer.ready_for_local_init_op)
    if len(missing):  # pylint: disable=g-explicit-length-test
      raise RuntimeError(
          "SyncReplicasOptimizer: variables not initialized by the chief: %s"
          % ", ".join(m.decode() for m in missing))
    session.run(self._local_init)
    if self._init_tokens is not None:
      session.run(self._init_tokens)
    if self._runner is not None:
      self._runner.create_threads(session, coord=coord, daemon=True,
                                  start=True)


class _StepWatcher(_V1.train.SessionRunHook):
  """Reads the global step in every run (no extra round trip to the ps)."""

  def __init__(self, global_step):
    self._global_step = global_step
    self.step = None

  def before_run(self, run_context):
    del run_context
    return _V1.train.SessionRunArgs(self._global_step)

  def after_run(self, run_context, run_values):
    del run_context
    # Read in the same run as the training op: before or after its increment.
    self.step = int(run_values.results) + 1


def _next_label(previous, seen, every):
  """The step `step_fn` gets next: after `previous`, at most the `seen` step.

  The global step this task saw after its last run (`seen`, None before any)
  may have jumped past a multiple of `every` while other tasks trained; the
  label is then that multiple instead, so periodic work is not skipped.
  """
  label = max(previous + 1, seen or 0)
  if every:
    multiple = label - label % every
    if previous < multiple < label:
      return multiple
  return label


class _SessionView:
  """`run(fetches, feed_dict)` on a cluster session, with or without hooks.

  While training goes on a run goes through the `MonitoredSession` (its
  hooks, its recovery); once a hook has asked it to stop (the last step was
  reached) or `train` has returned, runs go to the raw session, so that a
  program can still evaluate.
  """

  def __init__(self, monitored):
    self._monitored = monitored
    self._finished = False

  @property
  def graph(self):
    return self._monitored.graph

  def should_stop(self):
    return self._monitored.should_stop()

  def finish(self):
    """From now on, runs go to the raw session (training has ended)."""
    self._finished = True

  def run(self, fetches, feed_dict=None):
    if self._finished or self._monitored.should_stop():
      return self.raw(lambda session: session.run(fetches, feed_dict))
    return self._monitored.run(fetches, feed_dict=feed_dict)

  def raw(self, fn):
    """`fn(raw tf.Session)`, run without hooks."""
    def step_fn(step_context):
      return fn(step_context.session)
    return self._monitored.run_step_fn(step_fn)


@dataclasses.dataclass
class ClusterTrainingSession:
  """A training task's session, as `training.open_session` yields it.

  The same attributes and methods as `TrainingSession`; on tasks other than
  the chief, `checkpointer` has no directory, `events` is None and `export`
  writes nothing.

  Attributes:
    session: `session.run(fetches, feed_dict)` as on a `tf.Session` (through
      the `MonitoredSession` while training, see `_SessionView`), and
      `session.raw(fn)`, which calls `fn` with the raw session.
    cluster: the `ClusterConfig`.
    server: this task's `tf.train.Server`.
  """
  graph: tf.Graph
  session: _SessionView
  built: Any
  config: Any
  device: device_lib.Device
  checkpointer: checkpoints.Checkpointer
  restored: Optional[checkpoints.Restored]
  events: Optional[events_lib.EventWriter]
  cluster: ClusterConfig
  server: Any
  _watcher: _StepWatcher = None
  _export_saver: Any = None

  def global_step(self):
    """The shared global step now (read from its parameter server)."""
    global_step = _V1.train.get_global_step(self.graph)
    return int(self.session.raw(lambda s: s.run(global_step)))

  def add_summary(self, summary, step):
    if self.events is not None:
      self.events.add_summary(summary, step)

  def add_scalar(self, tag, value, step):
    if self.events is not None:
      self.events.add_scalar(tag, value, step)

  def train(self, step_fn, state_fn=None):
    """Runs `step_fn(step) -> loss` until the global step reaches `num_steps`.

    `step` is the global step as this task last saw it (other tasks advance
    it too), moved back onto a multiple of `config.log_every` when it jumped
    over one, so that a program that logs every `log_every` steps keeps
    logging. The chief saves a checkpoint (with `state_fn()` beside it) when
    the global step passes a multiple of `config.checkpoint_every`, and when
    it stops; SIGINT/SIGTERM finish the current step (the chief saves) and
    return; a NaN or infinite loss raises `NonFiniteLossError` before this
    task saves anything (it cannot undo what other tasks applied).

    Returns:
      An `Outcome`.
    """
    if self.config.num_steps is None:
      raise ValueError("ClusterTrainingSession.train: RunConfig.num_steps is "
                       "not set")
    last_step = self.config.num_steps
    every = self.config.checkpoint_every
    saving = self.checkpointer.directory is not None
    checkpoint = self.checkpointer.latest()
    step = self.global_step()
    saved_at = step
    bucket = step // every if every else None
    last_finite_step = last_finite_loss = None
    loss = float("nan")
    cancelled = 0

    def save(global_step):
      state = state_fn() if state_fn else None
      return self.session.raw(lambda s: self.checkpointer.save(
          s, global_step, state))

    try:
      with loop.StopSignals() as stop:
        while not self.session.should_stop():
          try:
            loss = float(step_fn(min(step, last_step - 1)))
          except tf.errors.OutOfRangeError:
            # Synchronous training: the chief stopped and closed the queue of
            # update tokens, so no update will come; training has ended.
            break
          except tf.errors.CancelledError as error:
            # TensorFlow's runtime cancels a step whose RPC it retried (a task
            # reconnecting under load: "The same RunGraph request was
            # received twice"); the session goes on, so does training.
            cancelled += 1
            if cancelled > _MAX_CANCELLED_STEPS:
              raise ClusterTaskError(
                  "%s: %d steps in a row were cancelled by TensorFlow's "
                  "runtime, the last with: %s" % (
                      self.cluster.label, cancelled, first_line(error))
              ) from None
            logging.warning("%s: TensorFlow's runtime cancelled a step (%s); "
                            "going on", self.cluster.label, first_line(error))
            continue
          cancelled = 0
          if not math.isfinite(loss):
            raise loop.NonFiniteLossError(step, loss, last_finite_step,
                                          last_finite_loss, checkpoint)
          last_finite_step, last_finite_loss = step, loss
          step = _next_label(step, self._watcher.step, self.config.log_every)
          seen = self._watcher.step or step
          if saving and every and seen // every > bucket:
            saved_at = self.global_step()
            checkpoint = save(saved_at)
            bucket = seen // every
          if stop.received:
            break
      step = self.global_step()
      if saving and (step != saved_at or checkpoint is None):
        checkpoint = save(step)
    finally:
      self.session.finish()
    return loop.Outcome(step, loss, checkpoint, stop.received)

  def export(self, signatures):
    """(Chief) writes the SavedModel to `config.export_dir`; returns its path.

    The exported graph has no device placements, so plain TensorFlow loads
    it on one machine.
    """
    if self.config.export_dir is None or self._export_saver is None:
      return None
    return self.session.raw(lambda s: export_lib.export_saved_model(
        s, self.config.export_dir, signatures, saver=self._export_saver,
        clear_devices=True))


@contextlib.contextmanager
def open_cluster_session(build_fn: Callable[..., Any], config,
                         apply_state=None, device=None):
  """Opens this task's session of `config.cluster`; see the module docstring.

  A parameter server never yields: it serves until it is killed. A training
  task starts its server, builds `build_fn()` (with `sync_replicas`,
  `build_fn(optimizer_wrapper=SyncReplicas(...))`) under
  `replica_device_setter`, and opens a `tf.train.MonitoredSession` against
  its server. The chief first restores the newest complete checkpoint of
  `config.checkpoint_directory` (weights onto the parameter servers, and its
  side file through `apply_state`), or initializes the variables; the others
  wait for it.

  Yields:
    A `ClusterTrainingSession`.

  Raises:
    ServerStartError, TaskUnreachableError, ChiefTimeoutError: one line each
      (see their classes); and what `training.open_session` raises.
  """
  cluster = config.cluster
  if cluster.is_ps:
    serve(cluster)
    raise RuntimeError("%s: the server stopped serving" % cluster.label)
  device = device or device_lib.resolve(config.device)
  server = _server_of(cluster)
  directory = config.checkpoint_directory if cluster.is_chief else None
  graph = tf.Graph()
  setter = _V1.train.replica_device_setter(
      cluster=cluster.cluster_spec,
      worker_device=cluster.worker_device + device.name)
  sync = SyncReplicas(cluster.num_replicas) if cluster.sync_replicas else None
  with graph.as_default(), graph.device(setter):
    _V1.set_random_seed(config.seed)
    built = build_fn(optimizer_wrapper=sync) if sync else build_fn()
    memory.check_variables_fit(_V1.global_variables())
    checkpointer = checkpoints.Checkpointer(directory, config.max_to_keep)
    global_step = _V1.train.get_global_step()
    if global_step is None:
      raise ValueError("open_session: build_fn made no global step "
                       "(tf.compat.v1.train.get_or_create_global_step())")
    export_saver = (_V1.train.Saver(sharded=False)
                    if cluster.is_chief and config.export_dir else None)
    hooks = [_V1.train.StopAtStepHook(last_step=config.num_steps)] if (
        config.num_steps) else []
    watcher = _StepWatcher(global_step)
    hooks.append(watcher)
    if sync:
      hooks.extend(sync.hooks(cluster.is_chief))
  restored = []

  def restore(scaffold, session):
    del scaffold
    restored[:] = [checkpointer.restore_latest(session, apply_state)]

  scaffold = _V1.train.Scaffold(
      saver=checkpointer.saver, init_fn=restore if directory else None)
  session_config = device_lib.session_config(device, config.precision)
  session_config.device_filters.extend(cluster.device_filters)
  creator = ClusterSessionCreator(
      scaffold, cluster.label, cluster.target, cluster.is_chief,
      session_tasks(cluster.cluster_spec, cluster.job_name,
                    cluster.task_index, cluster.device_filters),
      config=session_config,
      startup_timeout_secs=cluster.startup_timeout_secs,
      reconnect_timeout_secs=cluster.reconnect_timeout_secs)
  events = None
  try:
    with graph.as_default(), graph.device(setter):
      monitored = _V1.train.MonitoredSession(
          session_creator=creator, hooks=hooks,
          stop_grace_period_secs=_STOP_GRACE_SECS)
      try:
        if cluster.is_chief and config.logdir is not None:
          events = events_lib.EventWriter(config.logdir, graph)
        logging.info("%s: training (%s, %d training task%s)", cluster.label,
                     "synchronous" if sync else "asynchronous",
                     cluster.num_replicas,
                     "" if cluster.num_replicas == 1 else "s")
        yield ClusterTrainingSession(
            graph=graph, session=_SessionView(monitored), built=built,
            config=config, device=device, checkpointer=checkpointer,
            restored=restored[0] if restored else None, events=events,
            cluster=cluster, server=server, _watcher=watcher,
            _export_saver=export_saver)
      except BaseException:
        # Closes without the hooks' `end`, as `MonitoredSession.__exit__`
        # does, but never swallows the error (it would swallow
        # `OutOfRangeError` and skip the rest of the caller's block).
        monitored.__exit__(*sys.exc_info())
        raise
      monitored.close()
  except (tf.errors.UnavailableError, tf.errors.AbortedError) as error:
    raise lost_task_error(cluster.label, cluster.cluster_spec, error,
                          own=(cluster.job_name, cluster.task_index)) from None
  finally:
    if events is not None:
      with contextlib.suppress(events_lib.EventWriteError):
        events.close()
