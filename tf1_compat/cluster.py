"""Runs a TF1 distributed job on this machine: parameter servers and workers.

    python -m tf1_compat.cluster --ps 1 --workers 2 [--evaluator] [--style flags]
        [--timeout SECONDS] -- COMMAND [ARGS...]

COMMAND is the program every task runs (`python -m examples.lenet ...`,
`tf1-run train.py ...`); the launcher starts one process per task on free
loopback ports and tells each its role the way 2018 programs expect:

* `--style flags` (the default, TF 1.x's distributed-training how-to): it
  appends `--ps_hosts=... --worker_hosts=... --job_name=ps|worker
  --task_index=i` to COMMAND; worker 0 is the chief;
* `--style tf_config` (`tf.estimator.train_and_evaluate`): it sets `TF_CONFIG`
  with a cluster of `chief` (one), `worker` (`--workers` minus one) and `ps`
  tasks, plus an `evaluator` task outside the cluster with `--evaluator`.

Both styles also set `TF_CONFIG`. Every line a task prints is echoed with its
task as a prefix (`[worker 1] ...`). The job ends when the chief ends: the
other workers get `--grace` seconds to finish on their own (they stop at the
same global step), then they and the parameter servers (which serve until
killed) get SIGTERM, and SIGKILL after another `--grace` seconds. Ctrl-C,
SIGTERM and `--timeout` stop every task at once the same way. The exit status is the chief's, or 1 when a task
failed first, the job timed out or was interrupted (130).
"""

import argparse
import dataclasses
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from typing import Dict, List, Optional

_PROG = "python -m tf1_compat.cluster"


class ClusterError(Exception):
  """A launcher command line or environment it cannot run (one line, exit 1)."""


@dataclasses.dataclass(frozen=True)
class Task:
  """One process of the job: its role, index, flags and `TF_CONFIG`."""
  job: str
  index: int
  extra_args: List[str]
  tf_config: Dict

  @property
  def label(self):
    return "%s %d" % (self.job, self.index) if self.job != "chief" else "chief"

  @property
  def is_chief(self):
    if self.tf_config["task"]["type"] == "chief":
      return True
    cluster = self.tf_config["cluster"]
    return "chief" not in cluster and self.job == "worker" and self.index == 0


def free_ports(count, host="127.0.0.1"):
  """`count` distinct ports that were free on `host` a moment ago."""
  sockets, ports = [], []
  try:
    for _ in range(count):
      sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
      sock.bind((host, 0))
      sockets.append(sock)
      ports.append(sock.getsockname()[1])
  finally:
    for sock in sockets:
      sock.close()
  return ports


def plan(num_ps, num_workers, evaluator=False, style="flags",
         host="127.0.0.1", ports=None):
  """The tasks of a job (ps first, then workers or chief and workers).

  Raises:
    ClusterError: a count is out of range.
  """
  if num_ps < 0:
    raise ClusterError("--ps must be >= 0, got %d" % num_ps)
  if num_workers < 1:
    raise ClusterError("--workers must be >= 1, got %d" % num_workers)
  if style not in ("flags", "tf_config"):
    raise ClusterError("--style must be flags or tf_config, got %r" % style)
  ports = list(ports or free_ports(num_ps + num_workers, host))
  addresses = ["%s:%d" % (host, port) for port in ports]
  ps_hosts = addresses[:num_ps]
  worker_hosts = addresses[num_ps:num_ps + num_workers]
  tasks = []
  if style == "flags":
    cluster = {"worker": worker_hosts}
    if ps_hosts:
      cluster["ps"] = ps_hosts
    roles = [("ps", i) for i in range(num_ps)] + [
        ("worker", i) for i in range(num_workers)]
    for job, index in roles:
      args = ["--ps_hosts=" + ",".join(ps_hosts),
              "--worker_hosts=" + ",".join(worker_hosts),
              "--job_name=" + job, "--task_index=%d" % index]
      tasks.append(Task(job, index, args, {
          "cluster": cluster, "task": {"type": job, "index": index}}))
  else:
    cluster = {"chief": worker_hosts[:1]}
    if worker_hosts[1:]:
      cluster["worker"] = worker_hosts[1:]
    if ps_hosts:
      cluster["ps"] = ps_hosts
    roles = [("ps", i) for i in range(num_ps)] + [("chief", 0)] + [
        ("worker", i) for i in range(num_workers - 1)]
    for job, index in roles:
      tasks.append(Task(job, index, [], {
          "cluster": cluster, "task": {"type": job, "index": index}}))
  if evaluator:
    tasks.append(Task("evaluator", 0, [], {
        "cluster": tasks[-1].tf_config["cluster"],
        "task": {"type": "evaluator", "index": 0}}))
  return tasks


class _Process:
  """A started task and the thread echoing its output."""

  def __init__(self, task, command, env):
    self.task = task
    self.popen = subprocess.Popen(
        command + task.extra_args, env=env, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True, bufsize=1,
        start_new_session=True)
    self.thread = threading.Thread(target=self._echo, daemon=True)
    self.thread.start()

  def _echo(self):
    prefix = "[%s] " % self.task.label
    for line in self.popen.stdout:
      sys.stdout.write(prefix + line if line.endswith("\n") else
                       prefix + line + "\n")
      sys.stdout.flush()

  def signal(self, signum):
    if self.popen.poll() is None:
      try:
        os.killpg(self.popen.pid, signum)
      except ProcessLookupError:
        pass


def _stop(processes, grace):
  for process in processes:
    process.signal(signal.SIGTERM)
  deadline = time.monotonic() + grace
  for process in processes:
    remaining = max(0.0, deadline - time.monotonic())
    try:
      process.popen.wait(remaining)
    except subprocess.TimeoutExpired:
      process.signal(signal.SIGKILL)
      process.popen.wait()
  for process in processes:
    process.thread.join(1.0)


def _wait_for_workers(processes, grace):
  """Lets the training tasks still running end by themselves, for `grace` s."""
  deadline = time.monotonic() + grace
  for process in processes:
    if process.task.job in ("worker", "chief"):
      try:
        process.popen.wait(max(0.0, deadline - time.monotonic()))
      except subprocess.TimeoutExpired:
        pass


def run(tasks, command, timeout=None, grace=10.0, poll=0.2):
  """Starts every task, waits for the chief, stops the rest; the exit status."""
  processes = []
  interrupted = []

  def on_signal(signum, frame):
    del frame
    interrupted.append(signum)

  previous = {s: signal.signal(s, on_signal)
              for s in (signal.SIGINT, signal.SIGTERM)}
  try:
    for task in tasks:
      env = dict(os.environ, TF_CONFIG=json.dumps(task.tf_config))
      processes.append(_Process(task, list(command), env))
    chief = next(p for p in processes if p.task.is_chief)
    start = time.monotonic()
    while True:
      if interrupted:
        print("%s: interrupted, stopping every task" % _PROG, file=sys.stderr)
        return 130
      failed = [p for p in processes if p is not chief
                and p.task.job != "ps" and p.popen.poll() not in (None, 0)]
      if failed:
        print("%s: %s exited with status %d; stopping the job"
              % (_PROG, failed[0].task.label, failed[0].popen.returncode),
              file=sys.stderr)
        return 1
      status = chief.popen.poll()
      if status is not None:
        _wait_for_workers(processes, grace)
        return status
      if timeout is not None and time.monotonic() - start > timeout:
        print("%s: the job ran past --timeout=%g s; stopping every task"
              % (_PROG, timeout), file=sys.stderr)
        return 1
      time.sleep(poll)
  finally:
    _stop(processes, grace)
    for signum, handler in previous.items():
      signal.signal(signum, handler)


def _parse(argv):
  parser = argparse.ArgumentParser(
      prog=_PROG, usage="%(prog)s [options] -- COMMAND [ARGS...]",
      description="Run a TF1 distributed job (parameter servers and workers) "
                  "on this machine.")
  parser.add_argument("--ps", type=int, default=1,
                      help="parameter servers (default 1)")
  parser.add_argument("--workers", type=int, default=2,
                      help="training workers, the chief included (default 2)")
  parser.add_argument("--evaluator", action="store_true",
                      help="also start an evaluator task (tf_config style)")
  parser.add_argument("--style", default="flags",
                      help="how tasks learn their role: flags (--ps_hosts, "
                           "--worker_hosts, --job_name, --task_index; the "
                           "default) or tf_config (chief/worker/ps/evaluator)")
  parser.add_argument("--timeout", type=float, default=None,
                      help="stop every task after this many seconds")
  parser.add_argument("--grace", type=float, default=10.0,
                      help="seconds between SIGTERM and SIGKILL (default 10)")
  if "--" not in argv:
    parser.parse_args(argv)  # --help, or an error for unknown options.
    raise ClusterError("%s: give the command after --, e.g. `%s --ps 1 "
                       "--workers 2 -- python -m examples.lenet`"
                       % (_PROG, _PROG))
  split = argv.index("--")
  options = parser.parse_args(argv[:split])
  command = argv[split + 1:]
  if not command:
    raise ClusterError("%s: nothing to run after --" % _PROG)
  return options, command


def main(argv: Optional[List[str]] = None):
  try:
    options, command = _parse(sys.argv[1:] if argv is None else argv)
    if options.evaluator and options.style != "tf_config":
      raise ClusterError("--evaluator needs --style tf_config (an evaluator "
                         "task exists only for tf.estimator.train_and_evaluate)")
    if options.timeout is not None and options.timeout <= 0:
      raise ClusterError("--timeout must be positive, got %g" % options.timeout)
    tasks = plan(options.ps, options.workers, options.evaluator, options.style)
  except ClusterError as error:
    message = str(error)
    sys.exit(message if message.startswith(_PROG) else "%s: %s" % (_PROG,
                                                                   message))
  sys.exit(run(tasks, command, options.timeout, options.grace))


if __name__ == "__main__":
  main()
