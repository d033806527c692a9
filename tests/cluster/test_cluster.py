"""`python -m tf1_compat.cluster`: the local launcher of TF1 distributed jobs.

The launcher's mechanics (roles, `TF_CONFIG`, echoing, stopping, exit status)
are checked with tiny Python tasks that start in milliseconds; one slow test
trains a real between-graph job (1 ps, 2 workers) to its global step.
"""

import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from tf1_compat import cluster

_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))
_SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "scripts",
                       "between_graph_linear.py")

# A task that reports its role, then: ps serves until killed, workers end.
_TASK = textwrap.dedent("""
    import json, os, sys, time
    config = json.loads(os.environ["TF_CONFIG"])
    role = config["task"]["type"]
    print("role", role, config["task"]["index"], "args", sys.argv[1:],
          flush=True)
    if role == "ps":
        time.sleep(600)
    if role == "worker" and "--fail" in sys.argv and (
        config["task"]["index"] == 1):
        sys.exit(3)
    time.sleep(float(os.environ.get("TASK_SECONDS", "0.5")))
    sys.exit(int(os.environ.get("CHIEF_STATUS", "0")) if (
        config["task"]["index"] == 0 and role in ("worker", "chief")) else 0)
""")


def _launch(args, task_args=(), env=None, timeout=60):
  command = [sys.executable, "-m", "tf1_compat.cluster"] + args + [
      "--", sys.executable, "-c", _TASK] + list(task_args)
  full_env = dict(os.environ, PYTHONPATH=_ROOT, **(env or {}))
  return subprocess.run(command, env=full_env, capture_output=True, text=True,
                        timeout=timeout, check=False)


def test_flags_style_plan_matches_the_tf1_how_to():
  tasks = cluster.plan(1, 2, ports=[2221, 2222, 2223])
  assert [(t.job, t.index) for t in tasks] == [("ps", 0), ("worker", 0),
                                                ("worker", 1)]
  assert tasks[2].extra_args == [
      "--ps_hosts=127.0.0.1:2221",
      "--worker_hosts=127.0.0.1:2222,127.0.0.1:2223",
      "--job_name=worker", "--task_index=1"]
  assert tasks[1].is_chief and not tasks[2].is_chief
  assert tasks[0].tf_config == {
      "cluster": {"ps": ["127.0.0.1:2221"],
                  "worker": ["127.0.0.1:2222", "127.0.0.1:2223"]},
      "task": {"type": "ps", "index": 0}}


def test_tf_config_style_has_a_chief_and_an_evaluator():
  tasks = cluster.plan(2, 3, evaluator=True, style="tf_config",
                       ports=[1, 2, 3, 4, 5])
  assert [t.label for t in tasks] == ["ps 0", "ps 1", "chief", "worker 0",
                                      "worker 1", "evaluator 0"]
  assert tasks[2].is_chief and tasks[2].extra_args == []
  assert tasks[-1].tf_config["cluster"] == {
      "chief": ["127.0.0.1:3"], "worker": ["127.0.0.1:4", "127.0.0.1:5"],
      "ps": ["127.0.0.1:1", "127.0.0.1:2"]}
  assert len(set(cluster.free_ports(5))) == 5


def test_job_ends_with_the_chief_and_stops_the_parameter_server():
  started = time.monotonic()
  completed = _launch(["--ps", "1", "--workers", "2", "--grace", "2"],
                      env={"CHIEF_STATUS": "0"})
  assert completed.returncode == 0, completed.stderr
  out = completed.stdout
  assert "[ps 0] role ps 0 args ['--ps_hosts=" in out
  assert "[worker 1] role worker 1 args" in out and "--job_name=worker" in out
  # The ps sleeps for 600 s unless the launcher stops it.
  assert time.monotonic() - started < 30


def test_exit_status_is_the_chiefs_or_a_failed_workers():
  completed = _launch(["--workers", "2"], env={"CHIEF_STATUS": "4"})
  assert completed.returncode == 4
  completed = _launch(["--workers", "2"], task_args=["--fail"],
                      env={"TASK_SECONDS": "5"})
  assert completed.returncode == 1
  assert completed.stderr.strip().splitlines()[-1] == (
      "python -m tf1_compat.cluster: worker 1 exited with status 3; stopping "
      "the job")


def test_timeout_and_interrupt_stop_every_task():
  completed = _launch(["--timeout", "2", "--grace", "1"],
                      env={"TASK_SECONDS": "300"})
  assert completed.returncode == 1
  assert "ran past --timeout=2 s" in completed.stderr
  launcher = subprocess.Popen(
      [sys.executable, "-m", "tf1_compat.cluster", "--grace", "1", "--",
       sys.executable, "-c", _TASK], env=dict(os.environ, PYTHONPATH=_ROOT,
                                              TASK_SECONDS="300"),
      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
  time.sleep(3)
  launcher.send_signal(signal.SIGINT)
  _, stderr = launcher.communicate(timeout=30)
  assert launcher.returncode == 130
  assert "interrupted, stopping every task" in stderr


@pytest.mark.parametrize("args,message", [
    (["--ps", "-1", "--", "true"], "--ps must be >= 0, got -1"),
    (["--workers", "0", "--", "true"], "--workers must be >= 1, got 0"),
    (["--style", "mpi", "--", "true"], "--style must be flags or tf_config"),
    (["--evaluator", "--", "true"], "--evaluator needs --style tf_config"),
    (["--timeout", "0", "--", "true"], "--timeout must be positive"),
    (["--ps", "1"], "give the command after --"),
    (["--"], "nothing to run after --"),
])
def test_bad_command_lines_are_one_line(args, message):
  completed = subprocess.run(
      [sys.executable, "-m", "tf1_compat.cluster"] + args,
      env=dict(os.environ, PYTHONPATH=_ROOT), capture_output=True, text=True,
      timeout=30, check=False)
  assert completed.returncode == 1
  lines = completed.stderr.strip().splitlines()
  assert len(lines) == 1 and message in lines[0], completed.stderr


@pytest.mark.slow
def test_between_graph_job_trains_to_its_global_step(tmp_path):
  completed = subprocess.run(
      [sys.executable, "-m", "tf1_compat.cluster", "--ps", "1", "--workers",
       "2", "--timeout", "240", "--", sys.executable, "-m", "tf1_compat.run",
       _SCRIPT, "--max_steps=6000"],
      cwd=str(tmp_path), env=dict(os.environ, PYTHONPATH=_ROOT,
                                  TF_CPP_MIN_LOG_LEVEL="3"),
      capture_output=True, text=True, timeout=300, check=False)
  assert completed.returncode == 0, completed.stdout[-3000:]
  # The non-chief joins once the chief has initialized the variables
  # (MonitoredTrainingSession polls every 30 s, while the chief alone trains
  # some 100 steps/s here), then both train.
  losses = [line for line in completed.stdout.splitlines() if "loss " in line
            and "->" in line]
  assert len(losses) == 2, completed.stdout[-3000:]
  values = {line.split("]")[0]: tuple(map(float, line.split("loss ")[1].split(
      " -> "))) for line in losses}
  chief_before, chief_after = values["[worker 0"]
  assert chief_after < chief_before / 10
  # The other worker trained on the shared variables: its loss ends as low.
  assert values["[worker 1"][1] < 1e-3
  with open(tmp_path / "train" / "checkpoint") as f:
    assert 'model.ckpt-6000"' in f.read()
