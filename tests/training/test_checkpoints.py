"""Checkpointer: relative index, copied/moved folders, fallbacks, retention, read-only."""

import json
import logging
import os
import shutil

import pytest
import tensorflow as tf

from tests import util
from tf1_compat import training
from tf1_compat.framework import errors
from tf1_compat.training import checkpoints

_V1 = tf.compat.v1


class _Model:
  """One variable `v` in its own graph, a Checkpointer and an open session."""

  def __init__(self, directory, max_to_keep=5, read_only=False, size=1):
    self.graph = tf.Graph()
    with self.graph.as_default():
      self.v = _V1.get_variable("v", initializer=tf.zeros([size]))
      self._value = _V1.placeholder(tf.float32, [])
      self._assign = self.v.assign(tf.fill([size], self._value))
      self.checkpointer = training.Checkpointer(directory, max_to_keep, read_only)
    self.session = _V1.Session(graph=self.graph)
    self.session.run(self.v.initializer)
    self.applied = []

  def set(self, value):
    self.session.run(self._assign, {self._value: value})

  def value(self):
    return float(self.session.run(self.v)[0])

  def save(self, step):
    self.set(step)
    return self.checkpointer.save(self.session, step, state={"cursor": step})

  def restore(self):
    return self.checkpointer.restore_latest(self.session, self.applied.append)


def _trained(directory, steps, **kwargs):
  model = _Model(str(directory), **kwargs)
  for step in steps:
    model.save(step)
  return model


def _absolute_index(directory, names):
  """The index an earlier version (and TF1 given an absolute dir) wrote."""
  with open(os.path.join(directory, "checkpoint"), "w", encoding="utf-8") as f:
    f.write('model_checkpoint_path: "%s"\n' % os.path.join(directory, names[-1]))
    for name in names:
      f.write('all_model_checkpoint_paths: "%s"\n' % os.path.join(directory, name))


@pytest.fixture
def warnings(caplog):
  caplog.set_level(logging.WARNING)
  return lambda: "\n".join(r.getMessage() for r in caplog.records
                           if r.levelno >= logging.WARNING)


def test_index_names_checkpoints_relative_to_the_folder(tmp_path):
  _trained(tmp_path, [10, 20])
  with open(tmp_path / "checkpoint", encoding="utf-8") as f:
    text = f.read()
  assert text == ('model_checkpoint_path: "model.ckpt-20"\n'
                  'all_model_checkpoint_paths: "model.ckpt-10"\n'
                  'all_model_checkpoint_paths: "model.ckpt-20"\n')
  assert tf.train.latest_checkpoint(str(tmp_path)) == str(tmp_path / "model.ckpt-20")
  state = tf.train.get_checkpoint_state(str(tmp_path))
  assert list(state.all_model_checkpoint_paths) == [
      str(tmp_path / "model.ckpt-10"), str(tmp_path / "model.ckpt-20")]


@pytest.mark.parametrize("index", ["relative", "absolute"])
def test_a_copied_folder_resumes_from_its_own_files(tmp_path, index, warnings):
  original, copy = tmp_path / "ckpt", tmp_path / "ckpt2"
  _trained(original, [10, 20])
  if index == "absolute":
    _absolute_index(str(original), ["model.ckpt-10", "model.ckpt-20"])
  shutil.copytree(original, copy)
  # The original moves on; the copy must not notice.
  with open(original / "model.ckpt-20.state.json", "w", encoding="utf-8") as f:
    json.dump({"cursor": 999}, f)
  before = util.tree_digest(original)

  model = _Model(str(copy))
  restored = model.restore()
  assert restored.path == str(copy / "model.ckpt-20")
  assert restored.state == {"cursor": 20} and model.applied == [{"cursor": 20}]
  assert model.value() == 20.0
  model.save(30)
  assert util.tree_digest(original) == before
  for step in (10, 20, 30):
    assert (copy / ("model.ckpt-%d.state.json" % step)).exists()
  if index == "absolute":
    assert "outside this folder" in warnings()


def test_a_moved_folder_resumes_where_it_stopped(tmp_path, warnings):
  original, moved = tmp_path / "ckpt", tmp_path / "moved"
  _trained(original, [10, 20])
  _absolute_index(str(original), ["model.ckpt-10", "model.ckpt-20"])
  shutil.move(str(original), str(moved))
  model = _Model(str(moved))
  assert model.restore().path == str(moved / "model.ckpt-20")
  assert model.value() == 20.0
  model.save(30)
  assert sorted(p.name for p in moved.glob("*.state.json")) == [
      "model.ckpt-10.state.json", "model.ckpt-20.state.json",
      "model.ckpt-30.state.json"]
  assert "outside this folder" in warnings()


def test_an_index_naming_a_missing_checkpoint_falls_back_and_deletes_nothing(
    tmp_path, warnings):
  _trained(tmp_path, [10, 20])
  with open(tmp_path / "checkpoint", "w", encoding="utf-8") as f:
    f.write('model_checkpoint_path: "model.ckpt-999"\n'
            'all_model_checkpoint_paths: "model.ckpt-999"\n')
  model = _Model(str(tmp_path))
  restored = model.restore()
  assert restored.path == str(tmp_path / "model.ckpt-20")
  assert model.value() == 20.0 and restored.state == {"cursor": 20}
  assert "names model.ckpt-999, which is not in the folder" in warnings()
  model.save(21)
  for step in (10, 20, 21):
    assert (tmp_path / ("model.ckpt-%d.state.json" % step)).exists()
    assert (tmp_path / ("model.ckpt-%d.index" % step)).exists()


def test_an_index_with_no_checkpoint_behind_it_is_an_error_not_a_fresh_start(
    tmp_path):
  (tmp_path / "checkpoint").write_text('model_checkpoint_path: "model.ckpt-999"\n')
  (tmp_path / "model.ckpt-999.state.json").write_text('{"cursor": 999}')
  before = util.tree_digest(tmp_path)
  model = _Model(str(tmp_path))
  with pytest.raises(training.CheckpointFolderError,
                     match=r"expected a complete checkpoint to resume from, found "
                           r"none usable") as caught:
    model.restore()
  assert isinstance(caught.value, errors.Error)
  assert util.tree_digest(tmp_path) == before


def test_retention_keeps_max_to_keep_checkpoints_whole_across_resumes(tmp_path):
  _trained(tmp_path, [1, 2, 3], max_to_keep=4)
  model = _Model(str(tmp_path), max_to_keep=4)
  assert model.restore().path.endswith("model.ckpt-3")
  for step in (4, 5, 6):
    model.save(step)
  state = tf.train.get_checkpoint_state(str(tmp_path))
  assert [os.path.basename(p) for p in state.all_model_checkpoint_paths] == [
      "model.ckpt-%d" % s for s in (3, 4, 5, 6)]
  names = set(os.listdir(tmp_path))
  for step in (3, 4, 5, 6):
    for suffix in (".index", ".data-00000-of-00001", ".meta", ".state.json"):
      assert "model.ckpt-%d%s" % (step, suffix) in names
  assert not [n for n in names if n.startswith(("model.ckpt-1.", "model.ckpt-2."))]
  assert names - {"checkpoint"} == {n for n in names if n.startswith(
      tuple("model.ckpt-%d." % s for s in (3, 4, 5, 6)))}


def test_retention_never_deletes_files_outside_the_series(tmp_path):
  _trained(tmp_path, [1], max_to_keep=1)
  stray = tmp_path / "model.ckpt-0.state.json"
  stray.write_text("{}")
  (tmp_path / "notes.txt").write_text("mine")
  model = _Model(str(tmp_path), max_to_keep=1)
  model.restore()
  model.save(2)
  model.save(3)
  assert stray.exists() and (tmp_path / "notes.txt").exists()
  assert not (tmp_path / "model.ckpt-1.index").exists()


def _truncate(path, size=5):
  with open(path, "r+b") as f:
    f.truncate(size)


@pytest.mark.parametrize("damage", [
    "index_file_unreadable", "bundle_index_truncated", "data_truncated",
    "side_file_broken", "side_file_missing", "side_file_wrong_shape"])
def test_a_damaged_newest_checkpoint_falls_back_to_the_previous(
    tmp_path, damage, warnings):
  _trained(tmp_path, [10, 20], size=4096)
  newest = tmp_path / "model.ckpt-20"
  if damage == "index_file_unreadable":
    (tmp_path / "checkpoint").write_bytes(b"\x00\xffgarbage{{")
    expected = 20  # The folder's newest complete checkpoint.
  else:
    expected = 10
  if damage == "bundle_index_truncated":
    _truncate(str(newest) + ".index")
  elif damage == "data_truncated":
    _truncate(str(newest) + ".data-00000-of-00001", 100)
  elif damage == "side_file_broken":
    (tmp_path / "model.ckpt-20.state.json").write_text('{"cursor": ')
  elif damage == "side_file_missing":
    os.remove(tmp_path / "model.ckpt-20.state.json")
  model = _Model(str(tmp_path), size=4096)
  if damage == "side_file_wrong_shape":
    def apply_state(state):
      if state["cursor"] == 20:
        raise KeyError("batches")
      model.applied.append(state)
    restored = model.checkpointer.restore_latest(model.session, apply_state)
  else:
    restored = model.restore()
  assert restored.path == str(tmp_path / ("model.ckpt-%d" % expected))
  assert restored.exact
  assert model.value() == float(expected)
  assert model.applied == [{"cursor": expected}]
  shown = warnings()
  if expected == 10:
    assert "model.ckpt-20 skipped: " in shown
    assert "restored %s instead" % restored.path in shown
  else:
    assert "cannot be read" in shown


def test_weights_without_a_side_file_resume_with_a_warning(tmp_path, warnings):
  _trained(tmp_path, [10])
  os.remove(tmp_path / "model.ckpt-10.state.json")
  model = _Model(str(tmp_path))
  restored = model.restore()
  assert restored.path.endswith("model.ckpt-10") and not restored.exact
  assert model.value() == 10.0 and model.applied == []
  assert "this resume is not exact" in warnings()


def test_a_program_without_side_state_ignores_side_files(tmp_path):
  _trained(tmp_path, [10])
  os.remove(tmp_path / "model.ckpt-10.state.json")
  model = _Model(str(tmp_path))
  restored = model.checkpointer.restore_latest(model.session)
  assert restored.exact and restored.state is None and model.value() == 10.0


def test_read_only_checkpointer_only_reads(tmp_path):
  _trained(tmp_path / "ckpt", [10])
  before = util.tree_digest(tmp_path)
  model = _Model(str(tmp_path / "ckpt"), read_only=True)
  assert model.restore().path.endswith("model.ckpt-10")
  with pytest.raises(RuntimeError, match="cannot save"):
    model.checkpointer.save(model.session, 11)
  assert util.tree_digest(tmp_path) == before
  missing = _Model(str(tmp_path / "absent"), read_only=True)
  assert missing.restore() is None
  assert not (tmp_path / "absent").exists()


def test_an_unwritable_folder_is_refused_before_training(tmp_path):
  target = tmp_path / "a_file"
  target.write_text("x")
  with pytest.raises(training.CheckpointWriteError,
                     match=r"checkpoint directory .*a_file/ckpt.* cannot be created"):
    _Model(str(target / "ckpt"))


def test_a_failed_save_leaves_the_last_good_checkpoint_and_no_new_files(tmp_path):
  model = _trained(tmp_path, [10])
  # A directory in the way of the bundle's index file: the save of step 20 fails
  # after writing its side file and part of its bundle (as root, too).
  os.mkdir(tmp_path / "model.ckpt-20.index")
  names, before = set(os.listdir(tmp_path)), util.tree_digest(tmp_path)
  model.set(20)
  with pytest.raises(training.CheckpointWriteError,
                     match=r"^could not write checkpoint .*model.ckpt-20: .*; the "
                           r"last good checkpoint is .*model.ckpt-10$"):
    model.checkpointer.save(model.session, 20, state={"cursor": 20})
  assert set(os.listdir(tmp_path)) == names
  assert util.tree_digest(tmp_path) == before
  assert tf.train.latest_checkpoint(str(tmp_path)).endswith("model.ckpt-10")


def test_errors_share_the_library_base_class():
  for error in (training.CheckpointMismatchError, training.CheckpointNotFoundError,
                training.CheckpointFolderError, training.CheckpointWriteError):
    assert issubclass(error, errors.Error)
  assert issubclass(training.CheckpointWriteError, OSError)
  assert issubclass(checkpoints.CheckpointNotFoundError, FileNotFoundError)
