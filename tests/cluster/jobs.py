"""A local distributed job whose tasks a test can kill and start again.

`python -m tf1_compat.cluster` stops the whole job when a task fails; the
fault tests need to SIGKILL one task and start it again with the same flags
or `TF_CONFIG` while the others go on. `Job` starts the launcher's planned
tasks (`cluster.plan`) as processes of their own, writes each task's output
(every run of it) to `<tmp>/<label>.log`, and kills whatever still runs when
it is left. Every wait has a timeout.
"""

import json
import os
import re
import signal
import subprocess
import sys
import time

from tf1_compat import cluster

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))


def env():
  """The tasks' environment: this checkout importable, TensorFlow quiet."""
  environment = dict(os.environ, PYTHONPATH=ROOT, TF_CPP_MIN_LOG_LEVEL="3",
                     CUDA_VISIBLE_DEVICES="")
  environment.pop("TF_CONFIG", None)
  return environment


def run_launcher(tmp_path, launcher_args, command, timeout=300):
  """Runs `python -m tf1_compat.cluster ARGS -- COMMAND` to its end."""
  return subprocess.run(
      [sys.executable, "-m", "tf1_compat.cluster", *launcher_args, "--",
       *command], cwd=str(tmp_path), env=env(), capture_output=True,
      text=True, timeout=timeout, check=False)


class Job:
  """The planned tasks of a job, each a process; a context manager.

  Args:
    tmp_path: the working directory, where the logs go.
    command: what every task runs (the launcher's COMMAND).
    step_line: a regular expression whose group 1 is a step in a task's
      progress lines (`steps`).
    style: `flags` (the task's flags are appended to `command`) or
      `tf_config`; both set `TF_CONFIG`, as the launcher does.
  """

  def __init__(self, tmp_path, command, step_line, num_ps=1, num_workers=2,
               evaluator=False, style="tf_config"):
    self._tmp_path = tmp_path
    self._command = list(command)
    self._step_line = re.compile(step_line)
    self.tasks = {task.label: task for task in cluster.plan(
        num_ps, num_workers, evaluator=evaluator, style=style)}
    self.processes = {}

  def __enter__(self):
    for label in self.tasks:
      self.start(label)
    return self

  def __exit__(self, *exc_info):
    for process in self.processes.values():
      if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(30)

  def address(self, label):
    task = self.tasks[label]
    return task.tf_config["cluster"][task.job][task.index]

  def start(self, label):
    task = self.tasks[label]
    environment = dict(env(), TF_CONFIG=json.dumps(task.tf_config))
    with open(self._log_path(label), "a") as log:
      self.processes[label] = subprocess.Popen(
          self._command + task.extra_args, env=environment, stdout=log,
          stderr=subprocess.STDOUT, cwd=str(self._tmp_path),
          start_new_session=True)

  def kill(self, label):
    process = self.processes[label]
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(30)

  def wait(self, label, timeout):
    return self.processes[label].wait(timeout)

  def output(self, label):
    with open(self._log_path(label)) as log:
      return log.read()

  def last_run(self, label, marker):
    """The output of `label`'s latest run: what follows the last `marker`."""
    return self.output(label).rsplit(marker, 1)[-1]

  def steps(self, label, text=None):
    """The steps of `label`'s progress lines (in `text`, else all output)."""
    text = self.output(label) if text is None else text
    return [int(match.group(1)) for match in self._step_line.finditer(text)]

  def wait_for(self, condition, timeout, what):
    """Polls `condition()`; fails on timeout or when a task died by itself."""
    deadline = time.monotonic() + timeout
    while not condition():
      dead = [label for label, p in self.processes.items()
              if p.poll() not in (None, 0) and p.returncode != -signal.SIGKILL]
      assert not dead, "%s failed while waiting for %s:\n%s" % (
          dead[0], what, self.output(dead[0])[-3000:])
      assert time.monotonic() < deadline, "timed out waiting for %s:\n%s" % (
          what, "\n".join("== %s\n%s" % (label, self.output(label)[-1500:])
                          for label in self.tasks))
      time.sleep(0.5)

  def _log_path(self, label):
    return self._tmp_path / ("%s.log" % label.replace(" ", "_"))
