"""Runs the legacy-script corpus (`scripts/*.py`) through the runner, in parallel.

Each script is a plain TF1 program (`import tensorflow as tf`, contrib imports,
`input_data`, Sessions) that takes a step count on its command line and prints
`loss <before> -> <after>` as its last line. `run_all` starts one
`python -m tf1_compat.run SCRIPT ARGS` process per script, two at a time (each
pays a few seconds for importing TensorFlow), each in a fresh working directory holding
`MNIST_data/` (synthetic digits in the MNIST file format).
"""

import concurrent.futures
import dataclasses
import os
import re
import subprocess
import sys

SCRIPTS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "scripts")
REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))

# Script -> its command-line arguments: tiny step counts, relative output paths.
CORPUS = {
    "linear_regression.py": ["--steps=60"],
    "mnist_softmax.py": ["--data_dir=MNIST_data", "--steps=30"],
    "mnist_deep_cnn.py": ["25"],
    "mnist_layers_cnn.py": ["--data_dir=MNIST_data", "--train_steps=30"],
    "mnist_static_rnn.py": ["30"],
    "mnist_dynamic_rnn.py": ["--max_steps=30"],
    "mnist_bidirectional_rnn.py": ["30"],
    "mnist_fused_lstm_monitored.py": ["--max_steps=30",
                                      "--train_dir=fused_lstm"],
    "dnn_saver_tensorboard.py": ["--n_epochs=3", "--steps_per_epoch=10"],
    "tf_data_contrib_layers.py": ["--train_steps=60"],
    "char_rnn.py": ["40"],
    "sequence_tagging.py": ["--steps=25", "--num_layers=1"],
    "seq2seq_delete_odd.py": ["--num_batches=60"],
    "seq2seq_attention_beam.py": ["--steps=60", "--out_dir=attention_model"],
    "char_rnn_legacy_seq2seq.py": ["--num_steps=40"],
    "text_cnn_vocabulary.py": ["--num_steps=40"],
    "hparams_model.py": [
        "--num_steps=60",
        "--hparams=learning_rate=0.3,num_units=[16,8],activation=relu"],
    "slim_cnn.py": ["--data_dir=MNIST_data", "--max_steps=60"],
    "data_lookup_pipeline.py": ["--steps=150"],
    "estimator_custom_model_fn.py": ["--steps=60"],
    "keras_graph_model.py": ["--epochs=8"],
    "estimator_dnn_numpy.py": ["--train_steps=60"],
    "estimator_wide_deep_export.py": ["--train_steps=60"],
    "estimator_cnn_train_and_evaluate.py": ["--data_dir=MNIST_data",
                                            "--max_steps=40"],
    "bilstm_crf_tagger.py": ["--steps=40"],
    "convlstm_next_frame.py": ["--steps=30"],
    "cudnn_lstm_language_model.py": ["--steps=40",
                                     "--checkpoint_dir=cudnn_lm"],
}

# Scripts that run only with `-m slow`. The default run keeps seven, one per
# kind of program (a plain graph, the MNIST reader, legacy_seq2seq, HParams, an
# Estimator, tf.keras, contrib.data with contrib.lookup); `-m slow` runs the rest.
SLOW = frozenset({
    "slim_cnn.py", "text_cnn_vocabulary.py", "seq2seq_attention_beam.py",
    "tf_data_contrib_layers.py", "mnist_dynamic_rnn.py",
    "mnist_deep_cnn.py", "mnist_layers_cnn.py", "mnist_static_rnn.py",
    "mnist_bidirectional_rnn.py", "mnist_fused_lstm_monitored.py",
    "dnn_saver_tensorboard.py", "char_rnn.py", "sequence_tagging.py",
    "seq2seq_delete_odd.py", "estimator_dnn_numpy.py",
    "estimator_wide_deep_export.py", "estimator_cnn_train_and_evaluate.py",
    "bilstm_crf_tagger.py", "convlstm_next_frame.py",
    "cudnn_lstm_language_model.py",
})

LAST_LINE = re.compile(r"^loss (\S+) -> (\S+)$")
# Concurrent script processes, each single-threaded (see `environment`).
MAX_WORKERS = 2
TIMEOUT_S = 300


@dataclasses.dataclass(frozen=True)
class Outcome:
  """How one script ended: exit status, output, and the parsed losses."""
  script: str
  returncode: int
  stdout: str
  stderr: str

  def losses(self):
    """`(before, after)` from the last stdout line, or None if it does not parse."""
    lines = self.stdout.strip().splitlines()
    match = LAST_LINE.match(lines[-1]) if lines else None
    if match is None:
      return None
    return float(match.group(1)), float(match.group(2))

  def describe(self):
    return ("%s exited %d\n--- stdout (tail) ---\n%s\n--- stderr (tail) ---\n%s"
            % (self.script, self.returncode, self.stdout[-2000:],
               self.stderr[-4000:]))


def environment():
  """The scripts' environment: quiet, single-threaded TensorFlow, this checkout."""
  env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", TF_NUM_INTEROP_THREADS="1",
             TF_NUM_INTRAOP_THREADS="1", OMP_NUM_THREADS="1")
  env["PYTHONPATH"] = REPO_ROOT + os.pathsep + env.get("PYTHONPATH", "")
  return env


def run_one(script, workdir, mnist_dir):
  """Runs `script` with its corpus arguments in `workdir`."""
  os.makedirs(workdir, exist_ok=True)
  link = os.path.join(workdir, "MNIST_data")
  if not os.path.exists(link):
    os.symlink(mnist_dir, link)
  command = [sys.executable, "-m", "tf1_compat.run",
             os.path.join(SCRIPTS_DIR, script)] + CORPUS[script]
  try:
    completed = subprocess.run(command, cwd=workdir, env=environment(),
                               capture_output=True, text=True,
                               timeout=TIMEOUT_S, check=False)
  except subprocess.TimeoutExpired as error:
    return Outcome(script, -1, error.stdout or "",
                   "timed out after %d s" % TIMEOUT_S)
  return Outcome(script, completed.returncode, completed.stdout,
                 completed.stderr)


def run_all(scripts, root, mnist_dir):
  """`{script: Outcome}` for `scripts`, run concurrently under `root`."""
  with concurrent.futures.ThreadPoolExecutor(MAX_WORKERS) as pool:
    futures = {
        script: pool.submit(run_one, script,
                            os.path.join(root, os.path.splitext(script)[0]),
                            mnist_dir)
        for script in scripts}
    return {script: future.result() for script, future in futures.items()}
