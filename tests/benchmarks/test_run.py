"""The benchmark suite's registry, dispatch and table (nothing here is timed)."""

import pytest

from benchmarks import model_steps
from benchmarks import run

_MODEL_WORKLOADS = {"seq2seq_train": model_steps.SEQ2SEQ_TRAIN,
                    "seq2seq_decode": model_steps.SEQ2SEQ_DECODE,
                    "lenet_train": model_steps.LENET_TRAIN}


@pytest.mark.parametrize("name", sorted(run.WORKLOADS))
def test_every_workload_names_itself_and_has_ours(name):
  workload = run.WORKLOADS[name]
  assert workload.name == name
  assert workload.ours in workload.impls
  assert len(set(workload.impls)) == len(workload.impls)
  assert workload.metric not in workload.also_compared


@pytest.mark.parametrize("name", sorted(_MODEL_WORKLOADS))
def test_model_workloads_run_each_step_builder(name):
  workload = run.WORKLOADS[name]
  assert workload.impls == tuple(_MODEL_WORKLOADS[name])
  assert workload.ours == "tf1_compat"
  assert all(impl.startswith("keras3_") for impl in workload.impls[1:])


def test_measure_rejects_an_unknown_workload():
  with pytest.raises(ValueError, match="unknown workload 'nope'"):
    run.measure("nope", "tf1_compat")


def test_the_table_compares_every_compared_metric_and_prints_the_notes():
  results = {"seq2seq_decode": {
      "tf1_compat": {"greedy b1 ms": 2.0, "greedy b64 ms": 8.0,
                     "beam5 b64 ms": 20.0},
      "keras3_tf_function": {"greedy b1 ms": 4.0, "greedy b64 ms": 4.0},
  }}
  table = run.markdown(results, "a machine").splitlines()
  assert table[0] == "Machine: a machine"
  assert "| seq2seq_decode | keras3_tf_function | greedy b1 ms | 4 | 2.00x |" in table
  assert "| seq2seq_decode | keras3_tf_function | greedy b64 ms | 4 | 0.50x |" in table
  assert "| seq2seq_decode | tf1_compat | beam5 b64 ms | 20 |  |" in table
  assert table[-1] == run.WORKLOADS["seq2seq_decode"].note


def test_notes_get_the_core_count(monkeypatch):
  monkeypatch.setattr(run.os, "cpu_count", lambda: 7)
  table = run.markdown({"distributed": {"one_worker": {"steps/s": 1.0}}}, "m")
  assert "this machine's 7 cores" in table.splitlines()[-1]
