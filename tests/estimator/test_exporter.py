"""Exporters and export garbage collection, as TF 1.15's `exporter_test`/`gc_test`.

The exporters are driven by a recording stand-in for the Estimator (TF 1.15's
tests used a mock), which creates a timestamp directory per export; the
end-to-end runs are in `test_training`.
"""

import os

import pytest
import tensorflow as tf

from tf1_compat import estimator
from tf1_compat.estimator import errors
from tf1_compat.estimator import evaluation
from tf1_compat.estimator import gc

V1 = tf.compat.v1


class _RecordingEstimator:
  """Records `export_saved_model` calls; each makes the next version's dir."""

  def __init__(self, model_dir, first_version=1500000000):
    self.model_dir = str(model_dir)
    self.calls = []
    self._version = first_version

  def export_saved_model(self, export_dir_base, serving_input_receiver_fn,
                         assets_extra=None, as_text=False,
                         checkpoint_path=None):
    self.calls.append(dict(export_dir_base=export_dir_base,
                           serving_input_receiver_fn=serving_input_receiver_fn,
                           assets_extra=assets_extra, as_text=as_text,
                           checkpoint_path=checkpoint_path))
    self._version += 1
    path = os.path.join(export_dir_base, str(self._version))
    tf.io.gfile.makedirs(path)
    return path.encode()


def _receiver_fn():
  raise AssertionError("not called by the stand-in")


def _versions(directory):
  return sorted(int(name) for name in os.listdir(directory))


class TestLatestExporter:

  def test_exports_with_its_arguments_and_keeps_the_newest(self, tmp_path):
    model = _RecordingEstimator(tmp_path)
    exporter = estimator.LatestExporter(
        "latest", _receiver_fn, assets_extra={"from/path": "to/path"},
        exports_to_keep=2)
    export_path = str(tmp_path / "export" / "latest")
    results = [exporter.export(model, export_path, "ckpt-%d" % i, {}, False)
               for i in range(4)]
    assert exporter.name == "latest"
    assert model.calls[0] == dict(
        export_dir_base=export_path, serving_input_receiver_fn=_receiver_fn,
        assets_extra={"from/path": "to/path"}, as_text=False,
        checkpoint_path="ckpt-0")
    assert results[-1] == os.path.join(export_path, "1500000004").encode()
    assert _versions(export_path) == [1500000003, 1500000004]

  def test_keeps_all_with_none_and_ignores_other_entries(self, tmp_path):
    export_path = tmp_path / "export"
    (export_path / "temp-1500000000").mkdir(parents=True)
    (export_path / "notes").mkdir()
    model = _RecordingEstimator(tmp_path)
    exporter = estimator.LatestExporter("latest", _receiver_fn,
                                        exports_to_keep=None)
    for _ in range(3):
      exporter.export(model, str(export_path), None, {}, False)
    assert sorted(os.listdir(export_path)) == [
        "1500000001", "1500000002", "1500000003", "notes", "temp-1500000000"]
    exporter = estimator.LatestExporter("latest", _receiver_fn,
                                        exports_to_keep=1)
    exporter.export(model, str(export_path), None, {}, False)
    assert sorted(os.listdir(export_path)) == ["1500000004", "notes",
                                               "temp-1500000000"]

  def test_exports_to_keep_must_be_positive(self):
    with pytest.raises(errors.EstimatorValueError, match="positive number"):
      estimator.LatestExporter("latest", _receiver_fn, exports_to_keep=0)


class TestBestExporter:

  def test_exports_only_improvements(self, tmp_path):
    (tmp_path / "eval").mkdir()
    model = _RecordingEstimator(tmp_path)
    exporter = estimator.BestExporter(
        serving_input_receiver_fn=_receiver_fn, exports_to_keep=1)
    export_path = str(tmp_path / "export" / "best_exporter")
    results = [exporter.export(model, export_path, "ckpt", {"loss": loss},
                               False) for loss in (0.5, 0.6, 0.4, 0.4)]
    # TF 1.15's test_best_export_is_saved; a tie is no improvement.
    assert [r is not None for r in results] == [True, False, True, False]
    assert exporter.name == "best_exporter"
    assert _versions(export_path) == [1500000002]

  def test_best_so_far_is_read_from_event_files(self, tmp_path):
    with tf.Graph().as_default():
      evaluation.write_dict_to_summary(str(tmp_path / "eval_continuous"),
                                       {"loss": 50.}, 1)
      evaluation.write_dict_to_summary(str(tmp_path / "eval_continuous"),
                                       {"loss": 60.}, 2)
    model = _RecordingEstimator(tmp_path)
    exporter = estimator.BestExporter(
        serving_input_receiver_fn=_receiver_fn,
        event_file_pattern="eval_continuous/*.tfevents.*")
    export_path = str(tmp_path / "export")
    # TF 1.15's test_best_exporter_with_preemption: 50 is the bar.
    assert exporter.export(model, export_path, "c", {"loss": 100}, False) is None
    assert exporter.export(model, export_path, "c", {"loss": 10}, False)
    assert exporter.export(model, export_path, "c", {"loss": 20}, False) is None
    assert len(model.calls) == 1

  def test_compare_fn_is_checked(self):
    with pytest.raises(errors.EstimatorValueError,
                       match="`compare_fn` must not be None"):
      estimator.BestExporter(compare_fn=None)
    with pytest.raises(errors.EstimatorValueError,
                       match="must include current_eval_result argument"):
      estimator.BestExporter(compare_fn=lambda best_eval_result: True)
    with pytest.raises(errors.EstimatorValueError,
                       match=r"has following not expected args: \['extra'\]"):
      estimator.BestExporter(
          compare_fn=lambda best_eval_result, current_eval_result, extra: 1)
    with pytest.raises(errors.EstimatorValueError, match="positive number"):
      estimator.BestExporter(exports_to_keep=0)

  def test_default_compare_fn_needs_a_loss(self, tmp_path):
    exporter = estimator.BestExporter(serving_input_receiver_fn=_receiver_fn,
                                      event_file_pattern=None)
    model = _RecordingEstimator(tmp_path)
    exporter.export(model, str(tmp_path), None, {"loss": 1.}, False)
    with pytest.raises(errors.EstimatorValueError,
                       match="current_eval_result cannot be empty or no loss"):
      exporter.export(model, str(tmp_path), None, {"accuracy": 1.}, False)


class TestFinalExporter:

  def test_exports_only_the_final_evaluation(self, tmp_path):
    model = _RecordingEstimator(tmp_path)
    exporter = estimator.FinalExporter("final", _receiver_fn, as_text=True)
    assert exporter.export(model, str(tmp_path), "c1", {}, False) is None
    assert exporter.export(model, str(tmp_path), "c2", {}, True)
    assert [(c["checkpoint_path"], c["as_text"]) for c in model.calls] == [
        ("c2", True)]


class TestGc:

  def test_filters_are_tf115s(self):
    paths = [gc.Path("/foo", v) for v in (0, 1, 3, 5, 6, 7, 8, 33)]
    assert gc._largest_export_versions(2)(paths) == [gc.Path("/foo", 8),
                                                    gc.Path("/foo", 33)]
    assert gc._one_of_every_n_export_versions(3)(paths) == [
        gc.Path("/foo", v) for v in (3, 6, 8, 33)]
    assert gc._one_of_every_n_export_versions(3)(
        [gc.Path("/foo", v) for v in (0, 4, 5)]) == [gc.Path("/foo", 0),
                                                     gc.Path("/foo", 5)]
    four = [gc.Path("/foo", v) for v in (4, 5, 6, 9)]
    assert gc._mod_export_version(3)(four) == [gc.Path("/foo", 6),
                                              gc.Path("/foo", 9)]
    assert gc._negation(gc._mod_export_version(2))(four) == [
        gc.Path("/foo", 5), gc.Path("/foo", 9)]
    ten = [gc.Path("/foo", v) for v in range(10)]
    assert gc._union(gc._largest_export_versions(3),
                    gc._mod_export_version(3))(ten) == [
                        gc.Path("/foo", v) for v in (0, 3, 6, 7, 8, 9)]

  def test_get_paths_parses_and_skips(self, tmp_path):
    for name in ("0", "1", "2", "ignore"):
      (tmp_path / name).mkdir()

    def parser(path):
      name = os.path.basename(path.path)
      return path._replace(export_version=int(name)) if name.isdigit() else None

    expected = [gc.Path(os.path.join(str(tmp_path), str(v)), v)
                for v in range(3)]
    assert gc._get_paths(str(tmp_path), parser) == expected
    assert gc._get_paths(os.fsencode(tmp_path), parser) == expected
