"""Training that survives: exact resume after SIGKILL, SIGTERM, NaN, bad input, export."""

import concurrent.futures
import dataclasses
import json
import os
import random
import re
import signal
import subprocess
import sys
import time

import numpy as np
import pytest
import tensorflow as tf

from examples import char_lstm
from examples import common
from examples import lenet
from examples import linear_regression
from examples import seq2seq
from tests import util
from tests.examples import bad_inputs
from tf1_compat import training
from tf1_compat.data import synthetic_digits

ROOT = bad_inputs.ROOT


def _spawn(example, argv):
  env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="")
  env["PYTHONPATH"] = ROOT + os.pathsep + env.get("PYTHONPATH", "")
  return subprocess.Popen([sys.executable, "-m", "examples." + example, *argv],
                          cwd=ROOT, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True)


def _wait_for_checkpoint(directory, min_step, process, timeout=240):
  """Blocks until a checkpoint of step >= `min_step` is published."""
  deadline = time.monotonic() + timeout
  while time.monotonic() < deadline:
    latest = tf.train.latest_checkpoint(directory) if os.path.isdir(directory) else None
    if latest and int(latest.rsplit("-", 1)[1]) >= min_step:
      return int(latest.rsplit("-", 1)[1])
    if process.poll() is not None:
      raise AssertionError("finished before step %d:\n%s"
                           % (min_step, process.stderr.read()[-3000:]))
    time.sleep(0.01)
  raise AssertionError("no checkpoint of step %d within %ds" % (min_step, timeout))


@pytest.fixture(scope="module")
def mnist_dir(tmp_path_factory):
  directory = tmp_path_factory.mktemp("mnist")
  synthetic_digits.write_synthetic_mnist(str(directory), num_train=400,
                                         num_test=100, seed=5)
  return str(directory)


def _quick(module, **overrides):
  """The hyperparameters the program's flags give: quick preset + overrides."""
  base = common.preset_hparams(module.model.HParams, module.PRESETS, "quick")
  return dataclasses.replace(base, **overrides)


# (example, extra flags for the subprocess, run() keyword arguments, RunConfig
#  fields, steps, metric function) — small but real runs.
def _resume_cases(mnist_dir):
  return [
      ("linear_regression", [], {}, {}, 600, lambda r: (r.k, r.b)),
      ("lenet", ["--data_dir=" + mnist_dir, "--synthetic=never",
                 "--validation_size=50", "--architecture=lenet5", "--log_every=4"],
       dict(data_dir=mnist_dir, synthetic="never", validation_size=50,
            hparams=_quick(lenet, architecture="lenet5")), dict(log_every=4),
       24, lambda r: (r.test_accuracy, r.validation_accuracy)),
      ("char_lstm", ["--batch_size=8", "--num_unrollings=5", "--max_chars=4000",
                     "--sample_every=7", "--num_samples=1", "--sample_length=12"],
       dict(hparams=_quick(char_lstm, batch_size=8, num_unrollings=5),
            max_chars=4000, sample_every=7, num_samples=1, sample_length=12), {},
       24, lambda r: (r.validation_perplexity, tuple(r.samples))),
      ("seq2seq", ["--batch_size=8", "--num_units=16", "--eval_samples=40",
                   "--sample_every=5"],
       dict(hparams=_quick(seq2seq, batch_size=8, num_units=16),
            eval_samples=40, sample_every=5), {},
       24, lambda r: (r.accuracy, r.token_accuracy)),
  ]


_MODULES = {"linear_regression": linear_regression, "lenet": lenet,
            "char_lstm": char_lstm, "seq2seq": seq2seq}


# LeNet and seq2seq resume the same way through the same session machinery; they
# run with `-m slow`.
@pytest.mark.parametrize("index", [
    pytest.param(index, marks=[pytest.mark.slow] if name in ("lenet", "seq2seq")
                 else [], id=name)
    for index, name in enumerate(_MODULES)])
def test_sigkill_then_rerun_equals_uninterrupted(index, mnist_dir, tmp_path):
  name, argv, kwargs, config, steps, metrics = _resume_cases(mnist_dir)[index]
  module = _MODULES[name]
  reference = module.run(config=training.RunConfig(num_steps=steps, seed=7,
                                                   **config), **kwargs)

  directory = str(tmp_path / "ckpt")
  flags = [*argv, "--seed=7", "--num_steps=%d" % steps, "--checkpoint_every=3",
           "--checkpoint_dir=" + directory]
  process = _spawn(name, flags)
  kill_after = random.Random(index).randint(3, steps - 6)
  _wait_for_checkpoint(directory, kill_after, process)
  process.send_signal(signal.SIGKILL)
  process.communicate()
  killed_at = int(tf.train.latest_checkpoint(directory).rsplit("-", 1)[1])
  assert killed_at < steps

  resumed = module.run(config=training.RunConfig(
      num_steps=steps, seed=7, checkpoint_dir=directory, checkpoint_every=3,
      **config), **kwargs)
  assert resumed.outcome.steps_done == steps
  assert len(resumed.losses) == steps - killed_at
  np.testing.assert_allclose(resumed.loss, reference.loss, rtol=0, atol=1e-6)
  np.testing.assert_allclose(resumed.losses, reference.losses[killed_at:],
                             rtol=0, atol=1e-6)
  assert metrics(resumed) == metrics(reference)
  print("\n%s: killed at step %d of %d; final loss uninterrupted %.9g, resumed %.9g; "
        "metrics %s" % (name, killed_at, steps, reference.loss, resumed.loss,
                        metrics(resumed)))


def test_half_written_checkpoint_is_never_restored(tmp_path):
  directory = str(tmp_path)
  graph = tf.Graph()
  with graph.as_default():
    variable = tf.compat.v1.get_variable("v", initializer=1.0)
    checkpointer = training.Checkpointer(directory)
  with tf.compat.v1.Session(graph=graph) as session:
    session.run(variable.initializer)
    checkpointer.save(session, 10, state={"cursor": 10})
    session.run(variable.assign(2.0))
    # A save of step 20 killed midway: its files exist in part, the index does not
    # name it yet.
    with open(os.path.join(directory, "model.ckpt-20.index"), "wb") as f:
      f.write(b"\x00partial")
    with open(os.path.join(directory, "model.ckpt-20.data-00000-of-00001"),
              "wb") as f:
      f.write(b"\x00" * 7)
    restored = checkpointer.restore_latest(session)
    assert restored.path.endswith("model.ckpt-10")
    assert restored.state == {"cursor": 10}
    assert session.run(variable) == 1.0


def test_sigterm_saves_and_exits_zero(tmp_path):
  directory = str(tmp_path / "ckpt")
  process = _spawn("linear_regression", ["--num_steps=3000000", "--log_every=100000",
                                         "--checkpoint_every=500",
                                         "--checkpoint_dir=" + directory])
  _wait_for_checkpoint(directory, 500, process)
  process.send_signal(signal.SIGTERM)
  stdout, stderr = process.communicate(timeout=120)
  assert process.returncode == 0, stderr[-3000:]
  match = re.search(r"stopped by SIGTERM at step (\d+)", stdout)
  assert match, stdout
  step = int(match.group(1))
  assert tf.train.latest_checkpoint(directory).endswith("-%d" % step)
  assert "checkpoint: %s" % os.path.join(directory, "model.ckpt-%d" % step) in stdout


def test_nan_loss_stops_and_keeps_the_last_good_checkpoint(tmp_path):
  directory = str(tmp_path / "ckpt")
  code, stderr = bad_inputs.run_in_process("linear_regression", [
      "--learning_rate=40", "--num_steps=100", "--checkpoint_every=1",
      "--checkpoint_dir=" + directory, "--logdir=" + str(tmp_path / "logs")])
  assert code == 1
  last = stderr.strip().splitlines()[-1]
  match = re.match(r"error: loss became (nan|inf) at step (\d+) \(last finite loss "
                   r"[-\d.e+]+ at step (\d+)\); stopped without saving, last good "
                   r"checkpoint: (\S+)$", last)
  assert match, last
  bad_step, good_step = int(match.group(2)), int(match.group(3))
  assert good_step == bad_step - 1
  assert match.group(4).endswith("model.ckpt-%d" % bad_step)
  latest = tf.train.latest_checkpoint(directory)
  assert latest == match.group(4)
  reader = tf.train.load_checkpoint(latest)
  assert np.isfinite(reader.get_tensor("k")) and np.isfinite(reader.get_tensor("b"))
  assert os.listdir(str(tmp_path / "logs"))


_IN_PROCESS = [c for c in bad_inputs.CASES if not c.subprocess]
_OWN_PROCESS = [c for c in bad_inputs.CASES if c.subprocess]


def test_the_bad_input_table_is_complete():
  assert len(bad_inputs.CASES) >= 55
  assert len({(c.name, c.example) for c in bad_inputs.CASES}) == len(bad_inputs.CASES)


@pytest.mark.parametrize("case", _IN_PROCESS,
                         ids=["%s-%s" % (c.example, c.name) for c in _IN_PROCESS])
def test_bad_input_gets_one_clear_line(case):
  outcome = bad_inputs.run_case(case)
  assert not outcome.problems, "\n".join(outcome.problems)


def test_bad_inputs_in_their_own_process_get_one_clear_line():
  if not bad_inputs.can_drop_privileges():
    pytest.skip("running as root without setpriv: file modes cannot be tested")
  failures = ["%s (%s): %s" % (o.case.name, o.case.example, "; ".join(o.problems))
              for o in bad_inputs.run_all(_OWN_PROCESS) if o.problems]
  assert not failures, "\n".join(failures)


def test_saved_models_load_in_plain_tensorflow(tmp_path, mnist_dir):
  exports = {"lenet": str(tmp_path / "lenet")}
  lenet.run(lenet.model.HParams(architecture="lenet5"),
            training.RunConfig(num_steps=3, export_dir=exports["lenet"]),
            data_dir=mnist_dir, synthetic="never", validation_size=50)
  seq2seq.run(seq2seq.model.HParams(num_units=16, batch_size=8, attention="luong"),
              training.RunConfig(num_steps=3, export_dir=str(tmp_path / "s2s")),
              eval_samples=10)
  char_lstm.run(char_lstm.model.HParams(batch_size=8, num_unrollings=5),
                training.RunConfig(num_steps=3, export_dir=str(tmp_path / "char")),
                max_chars=3000, num_samples=1, sample_length=5)
  script = r'''
import json, sys
import numpy as np
import tensorflow as tf
assert "tf1_compat" not in sys.modules
out = {}
def load(path):
  graph = tf.Graph()
  session = tf.compat.v1.Session(graph=graph)
  with graph.as_default():
    meta = tf.compat.v1.saved_model.load(session, ["serve"], path)
  return session, graph, meta.signature_def
def tensor(graph, info):
  return graph.get_tensor_by_name(info.name)
session, graph, sigs = load(sys.argv[1])
sig = sigs["classify"]
images = np.linspace(0, 1, 3 * 784, dtype=np.float32).reshape(3, 784)
out["lenet"] = session.run(tensor(graph, sig.outputs["probabilities"]),
                           {tensor(graph, sig.inputs["images"]): images}).tolist()
session, graph, sigs = load(sys.argv[2])
sig = sigs["decode"]
ids, lengths = session.run(
    [tensor(graph, sig.outputs["decoded_ids"]), tensor(graph, sig.outputs["decoded_length"])],
    {tensor(graph, sig.inputs["input_ids"]): [[1, 2, 3, 4], [2, 4, 6, 0]],
     tensor(graph, sig.inputs["input_length"]): [4, 3]})
out["seq2seq"] = [ids.tolist(), lengths.tolist()]
session, graph, sigs = load(sys.argv[3])
sig = sigs["generate"]
probs, text = session.run(
    [tensor(graph, sig.outputs["next_char_probabilities"]),
     tensor(graph, sig.outputs["continuation"])],
    {tensor(graph, sig.inputs["prefix"]): "import tensor",
     tensor(graph, sig.inputs["length"]): 7})
out["char"] = [probs.tolist(), text.decode("utf-8")]
print(json.dumps(out))
'''
  env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
  completed = subprocess.run(
      [sys.executable, "-c", script, exports["lenet"], str(tmp_path / "s2s"),
       str(tmp_path / "char")], capture_output=True, text=True, env=env,
      cwd=str(tmp_path), check=False, timeout=300)
  assert completed.returncode == 0, completed.stderr[-3000:]
  loaded = json.loads(completed.stdout.strip().splitlines()[-1])

  # The same predictions from the training process's own graph.
  graph = tf.Graph()
  with graph.as_default():
    ep = lenet.model.build(lenet.model.HParams(architecture="lenet5"),
                           lenet.model.INFER)
    saver = tf.compat.v1.train.Saver()
  with tf.compat.v1.Session(graph=graph) as session:
    saver.restore(session, os.path.join(exports["lenet"], "variables", "variables"))
    images = np.linspace(0, 1, 3 * 784, dtype=np.float32).reshape(3, 784)
    expected = session.run(ep.probabilities, {ep.images: images})
  np.testing.assert_allclose(loaded["lenet"], expected, rtol=1e-5, atol=1e-6)
  ids, lengths = loaded["seq2seq"]
  assert len(ids) == 2 and all(1 <= n <= 20 for n in lengths)
  probabilities, text = loaded["char"]
  assert abs(sum(probabilities) - 1) < 1e-4 and len(text) == 7


def test_event_files_read_back_with_tensorboard(tmp_path):
  from tensorboard.backend.event_processing import event_accumulator  # pylint: disable=import-outside-toplevel
  logdir = str(tmp_path / "logs")
  seq2seq.run(seq2seq.model.HParams(num_units=8, batch_size=8, attention="bahdanau"),
              training.RunConfig(num_steps=7, log_every=3, logdir=logdir),
              sample_every=3, eval_samples=10)
  accumulator = event_accumulator.EventAccumulator(
      logdir, size_guidance={event_accumulator.SCALARS: 0,
                             event_accumulator.IMAGES: 0})
  accumulator.Reload()
  tags = accumulator.Tags()
  assert [e.step for e in accumulator.Scalars("seq2seq/loss")] == [0, 3, 6]
  assert [e.step for e in accumulator.Scalars("seq2seq/token_accuracy")] == [0, 3, 6]
  assert any("seq2seq/decoder/dense/kernel" in t for t in tags["histograms"])
  assert [e.step for e in accumulator.Scalars("exact_match")] == [7]
  images = [t for t in tags["images"] if t.startswith("attention_alignments")]
  assert images and [e.step for e in accumulator.Images(images[0])] == [0, 3, 6]


def test_seeded_cpu_runs_are_identical():
  kwargs = dict(max_chars=3000, num_samples=1, sample_length=5,
                hparams=char_lstm.model.HParams(batch_size=8, num_unrollings=5,
                                                model="cell", num_layers=2))
  first = char_lstm.run(config=training.RunConfig(num_steps=6, seed=3), **kwargs)
  second = char_lstm.run(config=training.RunConfig(num_steps=6, seed=3), **kwargs)
  other = char_lstm.run(config=training.RunConfig(num_steps=6, seed=4), **kwargs)
  assert first.losses == second.losses and first.samples == second.samples
  assert first.losses != other.losses


def test_rejected_restore_leaves_checkpoints_and_events_untouched(tmp_path):
  flags = ["--checkpoint_dir=%s" % (tmp_path / "ckpt"),
           "--logdir=%s" % (tmp_path / "logs"), "--batch_size=8", "--eval_samples=5"]
  code, stderr = bad_inputs.run_in_process("seq2seq", [*flags, "--num_units=16",
                                                      "--num_steps=2"])
  assert code == 0, stderr[-2000:]
  before = util.tree_digest(str(tmp_path))
  code, stderr = bad_inputs.run_in_process("seq2seq", [*flags, "--num_units=32",
                                                      "--num_steps=4"])
  assert code == 1
  message = bad_inputs.message_line(stderr)
  assert message.startswith("error: checkpoint ") and "does not fit" in message
  assert "checkpoint shape [" in stderr and "graph shape [" in stderr
  # Rejected before the event file is opened: nothing is added or changed.
  assert util.tree_digest(str(tmp_path)) == before


def test_compatibility_check_with_partitioned_variables(tmp_path):
  from tf1_compat import rnn  # pylint: disable=import-outside-toplevel

  def build(units):
    graph = tf.Graph()
    with graph.as_default():
      cell = rnn.LSTMCell(units, num_unit_shards=2)
      tf.compat.v1.nn.dynamic_rnn(cell, tf.zeros([2, 3, 4]), dtype=tf.float32)
      checkpointer = training.Checkpointer(str(tmp_path))
      init = tf.compat.v1.global_variables_initializer()
    return graph, checkpointer, init

  graph, checkpointer, init = build(6)
  with tf.compat.v1.Session(graph=graph) as session:
    session.run(init)
    checkpointer.save(session, 1)
  graph, checkpointer, init = build(6)
  with tf.compat.v1.Session(graph=graph) as session:
    assert checkpointer.restore_latest(session).path.endswith("model.ckpt-1")
  graph, checkpointer, init = build(8)
  with tf.compat.v1.Session(graph=graph) as session:
    with pytest.raises(training.CheckpointMismatchError,
                       match=r"rnn/lstm_cell/bias: checkpoint shape \[24\], "
                             r"graph shape \[32\]"):
      checkpointer.restore_latest(session)


def test_write_failures_keep_the_last_good_checkpoint_and_leave_no_temp_files(
    tmp_path):
  directory = str(tmp_path / "ckpt")
  linear_regression.run(config=training.RunConfig(num_steps=10,
                                                  checkpoint_dir=directory))
  kept = set(os.listdir(directory))
  exported = str(tmp_path / "out" / "model")
  # A file-size limit makes every write past 8000 bytes fail as on a full disk:
  # the `.meta` of the next checkpoint, the SavedModel's graph.
  commands = [
      ("linear_regression", ["--num_steps=20", "--checkpoint_dir=" + directory]),
      ("linear_regression", ["--num_steps=3", "--export_dir=" + exported]),
  ]
  with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
    results = list(pool.map(lambda command: bad_inputs.run_in_subprocess(
        *command, file_size_limit=8000), commands))
  lines = [bad_inputs.message_line(stderr) for _, stderr in results]
  assert [code for code, _ in results] == [1, 1], results
  assert re.match(r"error: could not write checkpoint .*model.ckpt-20: .*File too "
                  r"large; the last good checkpoint is .*model.ckpt-10$", lines[0])
  assert set(os.listdir(directory)) == kept
  assert tf.train.latest_checkpoint(directory).endswith("model.ckpt-10")
  assert re.match(r"error: could not export the SavedModel to .*model: .*File too "
                  r"large$", lines[1])
  assert os.listdir(str(tmp_path / "out")) == []
  for _, stderr in results:
    assert "Traceback" not in stderr
