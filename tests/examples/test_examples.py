"""Every example end to end, as a user runs it: `python -m examples.<name>` in a subprocess.

Tiny step counts; each run writes checkpoints and TensorBoard events, and a rerun
with more steps resumes from the latest checkpoint. The subprocesses of one test run
concurrently to keep the wall time down.
"""

import concurrent.futures
import os
import re
import subprocess
import sys
import zipfile

import pytest
import tensorflow as tf

from tf1_compat.data import synthetic_digits

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _run_example(name, *args, timeout=300):
  env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="")
  env["PYTHONPATH"] = ROOT + os.pathsep + env.get("PYTHONPATH", "")
  return subprocess.run([sys.executable, "-m", "examples." + name, *args],
                        cwd=ROOT, env=env, capture_output=True, text=True,
                        timeout=timeout, check=False)


def _run_all(commands):
  with concurrent.futures.ThreadPoolExecutor(max_workers=len(commands)) as pool:
    futures = [pool.submit(_run_example, *command) for command in commands]
    return [f.result() for f in futures]


def _ok(completed):
  assert completed.returncode == 0, completed.stderr[-4000:]
  return completed.stdout


def _events_steps(logdir, tag):
  steps = []
  for root, _, files in os.walk(logdir):
    for name in files:
      if name.startswith("events.out.tfevents"):
        for event in tf.compat.v1.train.summary_iterator(os.path.join(root, name)):
          steps += [event.step for v in event.summary.value if v.tag == tag]
  return sorted(steps)


@pytest.fixture(scope="module")
def mnist_dir(tmp_path_factory):
  directory = tmp_path_factory.mktemp("mnist")
  synthetic_digits.write_synthetic_mnist(str(directory), num_train=600,
                                         num_test=200, seed=3)
  return str(directory)


@pytest.fixture(scope="module")
def text8_zip(tmp_path_factory):
  path = tmp_path_factory.mktemp("text8") / "text8.zip"
  words = ("the quick brown fox jumps over the lazy dog anarchism originated as a "
           "term of abuse first used against early working class radicals ")
  with zipfile.ZipFile(path, "w") as archive:
    archive.writestr("text8", (words * 60).strip())
  return str(path)


def test_examples_train_checkpoint_and_resume(tmp_path, mnist_dir, text8_zip):
  d = {name: tmp_path / name for name in ("lr", "lenet", "char", "s2s")}

  def common(key, steps):
    return ["--num_steps=%d" % steps, "--log_every=5", "--checkpoint_every=5",
            "--checkpoint_dir=%s" % (d[key] / "ckpt"),
            "--logdir=%s" % (d[key] / "logs")]

  first = _run_all([
      ("linear_regression", *common("lr", 40)),
      ("lenet", "--data_dir=" + mnist_dir, "--validation_size=100",
       "--synthetic=never", "--architecture=lenet5", *common("lenet", 10)),
      ("char_lstm", "--text8=" + text8_zip, "--preset=reference",
       "--sample_every=10", "--num_samples=2", "--sample_length=20",
       *common("char", 12)),
      ("seq2seq", "--attention=luong", "--eval_samples=50", "--sample_every=5",
       "--batch_size=16", *common("s2s", 10)),
  ])
  out = [_ok(c) for c in first]
  match = re.search(r"k = ([-\d.]+) .*b = ([-\d.]+)", out[0])
  assert abs(float(match.group(1)) - 3) < 0.5 and abs(float(match.group(2)) + 1) < 0.5
  assert "test accuracy" in out[1] and "synthetic" not in out[1]
  assert "validation perplexity" in out[2] and "text8" in out[2]
  assert "exact-match accuracy" in out[3]
  for key, steps in (("lr", 40), ("lenet", 10), ("char", 12), ("s2s", 10)):
    assert tf.train.latest_checkpoint(str(d[key] / "ckpt")).endswith("-%d" % steps)
  assert _events_steps(str(d["lr"] / "logs"), "loss")[-1] == 39
  assert _events_steps(str(d["lenet"] / "logs"), "validation_accuracy") == [0, 5]
  assert _events_steps(str(d["s2s"] / "logs"), "attention_alignments/image/0")

  resumed = _run_all([
      ("linear_regression", *common("lr", 50)),
      ("seq2seq", "--attention=luong", "--eval_samples=20", "--batch_size=16",
       *common("s2s", 15)),
  ])
  for completed, key, steps in zip(resumed, ("lr", "s2s"), (50, 15)):
    _ok(completed)
    assert "restored" in completed.stderr
    assert tf.train.latest_checkpoint(str(d[key] / "ckpt")).endswith("-%d" % steps)
  assert "finished at step 50" in resumed[0].stdout


def test_eval_and_sample_only_and_device_errors(tmp_path, mnist_dir):
  results = _run_all([
      ("linear_regression", "--gpu"),
      ("lenet", "--device=gpu", "--data_dir=" + mnist_dir),
      ("char_lstm", "--sample_only", "--checkpoint_dir=%s" % (tmp_path / "none")),
      ("lenet", "--device=auto", "--num_steps=1", "--data_dir=" + mnist_dir,
       "--validation_size=100"),
  ])
  if not tf.config.list_physical_devices("GPU"):
    for completed in results[:2]:
      assert completed.returncode != 0
      last = completed.stderr.strip().splitlines()[-1]
      assert last.startswith("error: --device=gpu was requested but TensorFlow "
                             "sees no GPU")
      assert "Traceback" not in completed.stderr
  assert results[2].returncode != 0
  assert results[2].stderr.strip().splitlines()[-1].startswith(
      "error: --sample_only needs a checkpoint")
  _ok(results[3])
  assert "device=auto: running on" in results[3].stderr
