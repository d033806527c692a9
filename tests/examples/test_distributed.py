"""The example programs as tasks of a parameter-server job.

The default test runs `linear_regression`'s chief in this process against a
parameter server in this process, and restores its checkpoint into a
single-process run. The slow tests run every example as 1 ps + 2 workers
through the launcher (`python -m tf1_compat.cluster`, with the 2018 flags or
`TF_CONFIG`), asynchronously and with `--sync_replicas`, and restore the
chief's checkpoint into the single-process program; and kill tasks mid-run: a worker (the chief
finishes, the worker rejoins when restarted), the chief (restarted, it
resumes from its last checkpoint), the parameter server (the workers stop
with one line).
"""

import dataclasses
import os
import re
import sys

import numpy as np
import portpicker
import pytest
import tensorflow as tf

from examples import char_lstm
from examples import common
from examples import lenet
from examples import linear_regression
from examples import seq2seq
from tests.cluster import jobs
from tf1_compat import training
from tf1_compat.data import synthetic_digits

_MODULES = {"linear_regression": linear_regression, "lenet": lenet,
            "char_lstm": char_lstm, "seq2seq": seq2seq}
_PROGRESS = r"step (\d+)/\d+  (?:k \S+  b \S+  )?loss ([-+.\deE]+|nan|inf)"


@pytest.fixture(scope="module")
def mnist_dir(tmp_path_factory):
  directory = tmp_path_factory.mktemp("mnist")
  synthetic_digits.write_synthetic_mnist(str(directory), num_train=300,
                                         num_test=100, seed=5)
  return str(directory)


def _hparams(module, **overrides):
  base = common.preset_hparams(module.model.HParams, module.PRESETS, "quick")
  return dataclasses.replace(base, **overrides)


def test_chief_of_a_cluster_and_one_process_share_checkpoints(tmp_path,
                                                              monkeypatch):
  monkeypatch.setenv("GRPC_FAIL_FAST", "true")
  addresses = ["127.0.0.1:%d" % portpicker.pick_unused_port()
               for _ in range(2)]
  cluster = training.ClusterConfig({"ps": addresses[:1],
                                    "worker": addresses[1:]}, "worker", 0)
  tf.distribute.Server(cluster.cluster_spec, job_name="ps", task_index=0)
  directory = str(tmp_path / "ckpt")
  trained = linear_regression.run(config=training.RunConfig(
      num_steps=100, checkpoint_dir=directory, cluster=cluster))
  assert trained.outcome.steps_done == 100
  assert trained.checkpoint == os.path.join(directory, "model.ckpt-100")
  # A cluster of one worker trains as one process does: the same graph seed,
  # points and updates, only with the variables on the parameter server.
  alone = linear_regression.run(config=training.RunConfig(num_steps=100))
  np.testing.assert_allclose(trained.losses, alone.losses, rtol=1e-5)
  restored = linear_regression.run(config=training.RunConfig(
      num_steps=100, checkpoint_dir=directory, eval_only=True))
  assert (restored.k, restored.b) == (trained.k, trained.b)


def _launcher_case(name, mnist_dir):
  """(flags, run() keyword arguments, steps) of a tiny run of `name`."""
  if name == "linear_regression":
    return (["--learning_rate=0.05", "--log_every=20"],
            dict(hparams=_hparams(linear_regression, learning_rate=0.05)), 200)
  if name == "lenet":
    return (["--data_dir=" + mnist_dir, "--synthetic=never",
             "--validation_size=50", "--architecture=lenet5",
             "--batch_size=16", "--log_every=10"],
            dict(hparams=_hparams(lenet, architecture="lenet5", batch_size=16),
                 data_dir=mnist_dir, synthetic="never", validation_size=50),
            200)
  if name == "char_lstm":
    return (["--batch_size=8", "--num_unrollings=5", "--max_chars=4000",
             "--sample_every=1000", "--num_samples=1", "--sample_length=12",
             "--log_every=10"],
            dict(hparams=_hparams(char_lstm, batch_size=8, num_unrollings=5),
                 max_chars=4000, sample_every=1000, num_samples=1,
                 sample_length=12), 60)
  return (["--batch_size=8", "--num_units=16", "--eval_samples=40",
           "--sample_every=1000", "--log_every=10"],
          dict(hparams=_hparams(seq2seq, batch_size=8, num_units=16),
               eval_samples=40, sample_every=1000), 60)


@pytest.mark.slow
@pytest.mark.parametrize("name, sync, style", [
    ("linear_regression", False, "flags"),
    ("linear_regression", True, "tf_config"), ("lenet", False, "flags"),
    ("lenet", True, "flags"), ("char_lstm", False, "flags"),
    ("char_lstm", True, "flags"), ("seq2seq", False, "tf_config"),
    ("seq2seq", True, "flags")])
def test_one_ps_and_two_workers_train_and_restore(name, sync, style, tmp_path,
                                                  mnist_dir):
  flags, kwargs, steps = _launcher_case(name, mnist_dir)
  directory = str(tmp_path / "ckpt")
  completed = jobs.run_launcher(
      tmp_path, ["--ps", "1", "--workers", "2", "--style", style,
                 "--timeout", "240"],
      [sys.executable, "-m", "examples." + name, *flags,
       "--num_steps=%d" % steps, "--checkpoint_every=20",
       "--checkpoint_dir=" + directory, "--seed=3"]
      + (["--sync_replicas"] if sync else []))
  out = completed.stdout
  assert completed.returncode == 0, out[-4000:] + completed.stderr[-2000:]
  assert "(%s, 2 training tasks)" % ("synchronous" if sync else
                                     "asynchronous") in out
  # The 2018 flags make worker 0 the chief; TF_CONFIG names a chief task.
  chief, other = (("worker 0", "worker 1") if style == "flags"
                  else ("chief", "worker 0"))
  for task in (chief, other):
    finished = re.findall(r"\[%s\] .*finished at step (\d+)" % task, out)
    assert finished and int(finished[0]) >= steps, out[-4000:]
  # The loss of the shared model went down (the progress lines of both
  # workers, by step: in async mode one may log little while the other
  # trains); only the chief saved.
  logged = sorted((int(step), float(loss)) for step, loss in re.findall(
      r"\[(?:%s|%s)\] .*%s" % (chief, other, _PROGRESS), out))
  assert len(logged) >= 3, out[-4000:]
  if name == "linear_regression":
    # One point per step: the loss is that point's; k and b show progress.
    error = lambda k, b: abs(float(k) - 3) + abs(float(b) + 1)
    first = re.search(r"step 0/\d+  k (\S+)  b (\S+)", out).groups()
    final = re.search(r"\[%s\] .*: k = (\S+) \(true 3\), b = (\S+)"
                      % chief, out).groups()
    assert error(*final) < error(*first) / 2, (first, final)
  else:
    assert np.mean([loss for _, loss in logged[-2:]]) < logged[0][1], logged
  assert not re.search(r"\[%s\] .*saved " % other, out)
  latest = tf.train.latest_checkpoint(directory)
  assert int(latest.rsplit("-", 1)[1]) >= steps
  # The single-process program restores the chief's checkpoint (its weights;
  # the cluster's data positions are no resume point) and evaluates it.
  module = _MODULES[name]
  restored = module.run(config=training.RunConfig(
      num_steps=steps, checkpoint_dir=directory, eval_only=True, seed=3),
                        **kwargs)
  assert restored.checkpoint == latest and restored.outcome is None
  if sync and name == "lenet":
    # Synchronously nothing changes the weights after the chief's last save,
    # so it printed the accuracy of the checkpoint.
    printed = re.search(r"\[%s\]   test accuracy:\s+([\d.]+)" % chief, out)
    assert float(printed.group(1)) == pytest.approx(restored.test_accuracy,
                                                    abs=1e-4)


def _fault_job(tmp_path, num_steps):
  command = [sys.executable, "-m", "examples.linear_regression",
             "--num_steps=%d" % num_steps, "--learning_rate=0.02",
             "--log_every=500", "--checkpoint_every=2000",
             "--checkpoint_dir=%s" % (tmp_path / "ckpt"),
             "--reconnect_timeout=5", "--cluster_timeout=120"]
  return jobs.Job(tmp_path, command, _PROGRESS, style="flags")


def _checkpoint_step(tmp_path):
  latest = tf.train.latest_checkpoint(str(tmp_path / "ckpt"))
  return int(latest.rsplit("-", 1)[1]) if latest else 0


_TRAINING = "training (asynchronous"


@pytest.mark.slow
def test_killed_worker_leaves_the_chief_training_and_rejoins(tmp_path):
  with _fault_job(tmp_path, 30000) as job:
    job.wait_for(lambda: len(job.steps("worker 1")) >= 2, 150,
                 "worker 1 to train")
    job.kill("worker 1")
    killed_at = job.steps("worker 0")[-1]
    job.wait_for(lambda: job.steps("worker 0")[-1] >= killed_at + 1000, 120,
                 "the chief to train on without worker 1")
    job.start("worker 1")
    # The same flags: its server takes the same port again, and its session
    # finds the variables initialized.
    job.wait_for(lambda: job.output("worker 1").count(_TRAINING) == 2 and (
        job.steps("worker 1", job.last_run("worker 1", _TRAINING))), 120,
                 "worker 1 to rejoin")
    assert job.wait("worker 0", 240) == 0, job.output("worker 0")[-3000:]
    assert job.wait("worker 1", 60) == 0, job.output("worker 1")[-3000:]
  assert "finished at step" in job.last_run("worker 1", _TRAINING)
  assert _checkpoint_step(tmp_path) >= 30000


@pytest.mark.slow
def test_restarted_chief_resumes_from_its_last_checkpoint(tmp_path):
  with _fault_job(tmp_path, 40000) as job:
    job.wait_for(lambda: len(job.steps("worker 1")) >= 2
                 and _checkpoint_step(tmp_path) >= 4000, 150,
                 "two checkpoints with both workers training")
    job.kill("worker 0")
    last_checkpoint = _checkpoint_step(tmp_path)
    worker_step = job.steps("worker 1")[-1]
    # Worker 1 trains on without the chief; nobody checkpoints meanwhile.
    job.wait_for(lambda: job.steps("worker 1")[-1] >= worker_step + 1000, 120,
                 "worker 1 to train on without the chief")
    assert _checkpoint_step(tmp_path) == last_checkpoint
    job.start("worker 0")
    assert job.wait("worker 0", 240) == 0, job.output("worker 0")[-3000:]
    chief = job.last_run("worker 0", "TensorFlow server listening")
    assert "restored %s" % (tmp_path / "ckpt" / (
        "model.ckpt-%d" % last_checkpoint)) in chief
    # The restore reset the shared global step to the checkpoint's.
    first_step = job.steps("worker 0", chief)[0]
    assert last_checkpoint <= first_step < worker_step + 5000
    assert job.wait("worker 1", 60) == 0, job.output("worker 1")[-3000:]
  assert _checkpoint_step(tmp_path) >= 40000


@pytest.mark.slow
def test_killed_parameter_server_stops_the_workers_in_one_line(tmp_path):
  with _fault_job(tmp_path, 10 ** 7) as job:
    job.wait_for(lambda: len(job.steps("worker 0")) >= 2
                 and len(job.steps("worker 1")) >= 2, 150, "both to train")
    address = job.address("ps 0")
    job.kill("ps 0")
    for label in ("worker 0", "worker 1"):
      assert job.wait(label, 90) == 1, job.output(label)[-3000:]
      output = job.output(label)
      assert output.strip().splitlines()[-1].startswith(
          "error: %s: lost ps 0 (%s): " % (label, address)), output[-3000:]
      assert "Traceback" not in output
