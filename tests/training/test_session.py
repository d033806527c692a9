"""RunConfig, open_session, the event writer, export and the memory check."""

import os

import pytest
import tensorflow as tf

from tf1_compat import training
from tf1_compat.framework import errors
from tf1_compat.training import memory

_V1 = tf.compat.v1


def _build(size=3):
  global_step = _V1.train.get_or_create_global_step()
  x = _V1.placeholder(tf.float32, [None, size], name="x")
  w = _V1.get_variable("w", [size, 1], initializer=_V1.ones_initializer())
  loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - 1.0))
  train_op = _V1.train.GradientDescentOptimizer(0.1).minimize(
      loss, global_step=global_step)
  return x, tf.matmul(x, w), loss, train_op


@pytest.mark.parametrize("fields, match", [
    (dict(num_steps=0), r"RunConfig.num_steps must be a positive integer, got 0"),
    (dict(log_every=True), r"RunConfig.log_every must be a positive integer"),
    (dict(seed=-1), r"RunConfig.seed must be an integer in \[0, 2147483647\]"),
    (dict(seed=2**70), r"RunConfig.seed must be an integer in"),
    (dict(device="tpu"), r"RunConfig.device must be one of auto\|cpu\|gpu"),
    (dict(checkpoint_dir=""), r"RunConfig.checkpoint_dir must be a directory name"),
    (dict(logdir=" "), r"RunConfig.logdir must be a directory name"),
    (dict(max_to_keep=0), r"RunConfig.max_to_keep must be a positive integer"),
])
def test_run_config_rejects_bad_values(fields, match):
  with pytest.raises(training.ConfigError, match=match) as caught:
    training.RunConfig(**fields)
  assert isinstance(caught.value, (errors.Error, ValueError))


def test_run_config_defaults_and_checkpoint_directory(tmp_path):
  config = training.RunConfig(num_steps=5).with_defaults(num_steps=9, log_every=3)
  assert (config.num_steps, config.log_every) == (5, 3)
  assert config.checkpoint_directory is None
  assert training.RunConfig(logdir="logs").checkpoint_directory == os.path.join(
      "logs", "checkpoints")
  assert training.RunConfig(logdir="logs", checkpoint_dir="c").checkpoint_directory == "c"
  with pytest.raises(TypeError, match="no field steps"):
    config.with_defaults(steps=3)
  (tmp_path / "out").mkdir()
  with pytest.raises(training.ConfigError, match="must be a new directory"):
    training.RunConfig(export_dir=str(tmp_path / "out"))


def test_open_session_trains_resumes_and_exports(tmp_path):
  config = training.RunConfig(num_steps=4, checkpoint_every=2,
                              checkpoint_dir=str(tmp_path / "ckpt"),
                              logdir=str(tmp_path / "logs"))
  with training.open_session(_build, config) as run:
    x, _, loss, train_op = run.built
    assert run.restored is None and run.global_step() == 0
    outcome = run.train(lambda step: run.session.run(
        [train_op, loss], {x: [[1.0, 2.0, 3.0]]})[1])
    run.add_scalar("done", 1.0, outcome.steps_done)
  assert outcome.steps_done == 4 and outcome.checkpoint.endswith("model.ckpt-4")
  more = training.RunConfig(num_steps=6, checkpoint_dir=config.checkpoint_dir,
                            export_dir=str(tmp_path / "export"))
  with training.open_session(_build, more) as run:
    x, y, loss, train_op = run.built
    assert run.restored.path.endswith("model.ckpt-4") and run.global_step() == 4
    run.train(lambda step: run.session.run([train_op, loss],
                                           {x: [[1.0, 2.0, 3.0]]})[1])
    assert run.export({"predict": ({"x": x}, {"y": y})}) == more.export_dir
  assert os.path.exists(os.path.join(more.export_dir, "saved_model.pb"))
  tags = [v.tag for event in _V1.train.summary_iterator(
      os.path.join(config.logdir, os.listdir(config.logdir)[0]))
          for v in event.summary.value]
  assert tags == ["done"]


def test_eval_only_needs_a_checkpoint_and_creates_nothing(tmp_path):
  with pytest.raises(training.CheckpointNotFoundError,
                     match=r"nothing to evaluate: no checkpoint_dir \(or logdir\)"):
    with training.open_session(_build, training.RunConfig(eval_only=True)):
      pass
  config = training.RunConfig(eval_only=True, checkpoint_dir=str(tmp_path / "c"),
                              logdir=str(tmp_path / "logs"))
  with pytest.raises(training.CheckpointNotFoundError,
                     match=r"nothing to evaluate: no checkpoint in '.*c'"):
    with training.open_session(_build, config):
      pass
  assert os.listdir(tmp_path) == []


def test_sizes_beyond_the_memory_are_refused_before_allocating(monkeypatch):
  monkeypatch.setattr(memory, "available_bytes", lambda: 1000)
  with pytest.raises(training.OutOfMemoryError,
                     match=r"^the model needs 2.4 KiB for its variables \(largest: "
                           r"w \[600, 1\], 2.3 KiB\), more than the 1000 B of "
                           r"memory available; use smaller sizes$"):
    with training.open_session(lambda: _build(600), training.RunConfig()):
      pass
  assert issubclass(training.OutOfMemoryError, MemoryError)


def test_event_write_failures_raise_one_line(tmp_path):
  blocker = tmp_path / "file"
  blocker.write_text("x")
  with pytest.raises(training.EventWriteError,
                     match=r"^cannot create an event file in --logdir .*file/logs: "):
    training.EventWriter(str(blocker / "logs"))


def test_export_failures_leave_nothing_behind(tmp_path):
  graph = tf.Graph()
  with graph.as_default():
    x, y, _, _ = _build()
    saver = _V1.train.Saver(sharded=True)
    init = _V1.global_variables_initializer()
  (tmp_path / "taken").mkdir()
  with _V1.Session(graph=graph) as session:
    session.run(init)
    with pytest.raises(training.ExportError, match="it exists already"):
      training.export_saved_model(session, str(tmp_path / "taken"),
                                  {"p": ({"x": x}, {"y": y})}, saver)
    with pytest.raises(Exception):  # pylint: disable=broad-except
      # Not a tensor: the export fails half-way, after staging began.
      training.export_saved_model(session, str(tmp_path / "model"),
                                  {"p": ({"x": x}, {"y": "not a tensor"})}, saver)
  assert sorted(os.listdir(tmp_path)) == ["taken"]
