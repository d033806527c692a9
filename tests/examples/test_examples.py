"""Every example end to end, as a user runs it: `python -m examples.<name>` in a subprocess.

Tiny step counts; each run writes checkpoints and TensorBoard events, and a rerun
with more steps resumes from the latest checkpoint. The subprocesses of one test run
concurrently to keep the wall time down.
"""

import concurrent.futures
import os
import re
import signal
import subprocess
import sys
import threading
import time
import zipfile

import pytest
import tensorflow as tf

from examples import char_lstm
from examples import lenet
from examples import linear_regression
from examples import seq2seq
from tests import util
from tests.examples import bad_inputs
from tf1_compat import training
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


def test_help_and_device_choice(mnist_dir):
  results = _run_all([
      ("lenet", "--device=auto", "--num_steps=1", "--data_dir=" + mnist_dir,
       "--validation_size=100"),
      ("linear_regression", "--help"),
  ])
  _ok(results[0])
  assert "device=auto: running on" in results[0].stderr
  help_text = _ok(results[1])
  for flag in ("--num_steps", "--checkpoint_dir", "--device", "--learning_rate",
               "--eval_only", "--seed"):
    assert flag in help_text, flag


def _eval_cases(mnist_dir):
  """(module, hparams, extra run() arguments) of tiny runs of every example."""
  return [
      (linear_regression, None, {}),
      (lenet, lenet.model.HParams(architecture="lenet5"),
       dict(data_dir=mnist_dir, synthetic="never", validation_size=50)),
      (char_lstm, char_lstm.model.HParams(batch_size=8, num_unrollings=5),
       dict(max_chars=3000, num_samples=1, sample_length=5, sample_every=100)),
      (seq2seq, seq2seq.model.HParams(batch_size=8, num_units=8),
       dict(eval_samples=10)),
  ]


@pytest.mark.parametrize("index", range(4),
                         ids=["linear_regression", "lenet", "char_lstm", "seq2seq"])
def test_eval_only_restores_and_neither_trains_nor_writes(index, tmp_path,
                                                          mnist_dir):
  module, hparams, kwargs = _eval_cases(mnist_dir)[index]
  directory = str(tmp_path / "ckpt")
  trained = module.run(hparams, training.RunConfig(num_steps=3,
                                                   checkpoint_dir=directory),
                       **kwargs)
  before = util.tree_digest(directory)
  evaluated = module.run(hparams, training.RunConfig(
      num_steps=50, checkpoint_dir=directory, eval_only=True), **kwargs)
  assert evaluated.outcome is None and evaluated.losses == []
  assert evaluated.checkpoint == trained.checkpoint
  assert evaluated.checkpoint.endswith("model.ckpt-3")
  assert util.tree_digest(directory) == before


def _spawn(name, *args):
  env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="")
  env["PYTHONPATH"] = ROOT + os.pathsep + env.get("PYTHONPATH", "")
  process = subprocess.Popen(
      [sys.executable, "-m", "examples." + name, *args], cwd=ROOT, env=env,
      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
  lines = []
  progress = threading.Event()

  def read_stderr():
    for line in process.stderr:
      lines.append(line)
      if re.search(r"step \d+/\d+", line):
        progress.set()
  reader = threading.Thread(target=read_stderr, daemon=True)
  reader.start()
  return process, progress, lines, reader


def test_ctrl_c_says_whether_anything_was_saved(tmp_path):
  logdir = tmp_path / "logs"
  bare = _spawn("linear_regression", "--num_steps=3000000", "--log_every=1000")
  logged = _spawn("linear_regression", "--num_steps=3000000", "--log_every=1000",
                  "--checkpoint_every=1000", "--logdir=%s" % logdir)
  for process, progress, lines, _ in (bare, logged):
    assert progress.wait(240), "".join(lines)[-3000:]
  time.sleep(0.5)
  for process, _, _, _ in (bare, logged):
    process.send_signal(signal.SIGINT)
  outputs = []
  for process, _, lines, reader in (bare, logged):
    stdout = process.stdout.read()
    process.wait(120)
    reader.join(10)
    assert process.returncode == 0, "".join(lines)[-3000:]
    outputs.append(stdout)
  assert re.search(r"stopped by SIGINT at step \d+; nothing was saved \(pass "
                   r"--checkpoint_dir or --logdir to be able to resume\)",
                   outputs[0]), outputs[0]
  assert "checkpoint: none" in outputs[0]
  match = re.search(r"stopped by SIGINT at step (\d+); resume by rerunning with "
                    r"the same flags", outputs[1])
  assert match, outputs[1]
  saved = os.path.join(str(logdir), "checkpoints", "model.ckpt-" + match.group(1))
  assert "checkpoint: " + saved in outputs[1]
  assert tf.train.latest_checkpoint(str(logdir / "checkpoints")) == saved


@pytest.mark.skipif(not bad_inputs.can_drop_privileges(),
                    reason="running as root without setpriv")
def test_read_only_checkpoint_folders_serve_evaluation_and_sampling(tmp_path):
  folders = {name: str(tmp_path / name) for name in ("lr", "char")}
  linear_regression.run(config=training.RunConfig(
      num_steps=3, checkpoint_dir=folders["lr"]))
  char_args = ["--batch_size=8", "--num_unrollings=5", "--max_chars=3000",
               "--num_samples=1", "--sample_length=5"]
  char_lstm.run(char_lstm.model.HParams(batch_size=8, num_unrollings=5),
                training.RunConfig(num_steps=3, checkpoint_dir=folders["char"]),
                max_chars=3000, num_samples=1, sample_length=5)
  for folder in folders.values():
    for name in os.listdir(folder):
      os.chmod(os.path.join(folder, name), 0o444)
    os.chmod(folder, 0o555)
  before = util.tree_digest(str(tmp_path))
  commands = [("linear_regression", ["--eval_only",
                                     "--checkpoint_dir=" + folders["lr"]]),
              ("char_lstm", [*char_args, "--sample_only",
                             "--checkpoint_dir=" + folders["char"]])]
  with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
    results = list(pool.map(
        lambda command: bad_inputs.run_in_subprocess(*command, unprivileged=True),
        commands))
  for (example, _), (code, stderr) in zip(commands, results):
    assert code == 0, (example, stderr[-3000:])
    assert "restored " in stderr
  assert util.tree_digest(str(tmp_path)) == before
  for folder in folders.values():
    os.chmod(folder, 0o755)
