"""The benchmark suite: tf1_compat against what a user would run instead.

    python -m benchmarks.run [--rounds=3] [--only=NAME,...] [--json=PATH]
        [--markdown=PATH]

Every figure is measured in a fresh process per (workload, implementation), the
implementations of a workload alternating round by round so that drift of this
(noisy, shared) machine hits all of them, and reported as the median over rounds,
next to the reference doing the same work: same shapes, optimizer and dtype,
warm-up steps excluded. The machine (CPU, cores) and the TensorFlow version are
printed with the table.

Workloads:

* `char_lstm_slides`, `char_lstm_large`: one training step of a character LSTM
  (one-hot inputs, SGD with gradient clipping by global norm 1.25) at the
  slides' size (batch 64, 10 steps, 64 units, vocabulary 27) and at a large one
  (batch 64, 50 steps, 512 units, 2 layers, vocabulary 100), in chars/s:
  tf1_compat's `BasicLSTMCell` under its `dynamic_rnn` (what `tf.nn.dynamic_rnn`
  is in the drop-in: the fast path), under TensorFlow's own
  `tf.compat.v1.nn.dynamic_rnn` and under `static_rnn`, against Keras 3's
  `LSTM` (`train_on_batch`, and a `tf.function` train step) and TF's own
  legacy cells (tf-keras, `TF_USE_LEGACY_KERAS=1`) under `dynamic_rnn`; and
  ours under `--precision=bf16` (`tf1_compat_bf16`).
* `bf16_loss`: the large char-LSTM trained 200 steps on the frozen default
  corpus under f32 and under bf16 from the same weights on the same batches:
  the loss reached (mean of the last 10 steps) and chars/s.
* `graph_build`: building `static_rnn` over 100 steps against `dynamic_rnn`
  (seconds, peak resident memory).
* `startup`: `import tf1_compat` over `import tensorflow`, and `tf1-run` of an
  empty script over `python` of it (seconds).
* `floor`: `session.run` of a trivial graph (microseconds): the overhead a
  small model's step is a multiple of.
* `distributed`: the Udacity char-LSTM (the course's `char_lstm` model at its
  reference size) trained through `tf1_compat.training.open_session` in one
  process, and as between-graph replication on TensorFlow's distributed
  runtime with 1 ps and 1 or 2 asynchronous workers, each task a process of
  its own on loopback (global steps/s of the whole job, and characters/s);
  against one worker written the plain TF 1.x way
  (`MonitoredTrainingSession` by hand, `tf_monitored_training_session`).
  Timing starts once every worker has trained its warm-up steps. On a machine
  whose cores the tasks share (2 cores here) this measures the runtime's
  overhead, not a speed-up: two workers compete for the same cores.
* `seq2seq_train`: training steps/s of the course's delete-odd seq2seq
  (`tf1_compat.models.seq2seq` at its reference `HParams`: embeddings 30,
  2-layer `BasicLSTMCell(50)` encoder and decoder, batch 64, Adam 1e-3) on 16
  pre-generated batches of the course's data generator, against the same
  encoder-decoder in Keras 3 (`LSTM(50)` layers, masked mean cross-entropy)
  trained by a `tf.function` step and by `train_on_batch`.
* `seq2seq_decode`: milliseconds per decoded batch, greedy and beam 5, at
  batch 1 and 64, every decode running all 20 steps (`max_decode_steps`; the
  steps done are reported): ours' `INFER` graph against a `tf.function` greedy
  loop over the same Keras 3 network. Keras 3 has no beam search, so beam 5 is
  ours alone.
* `lenet_train`: training images/s of the slides' LeNet-style CNN
  (`tf1_compat.models.lenet` at its reference `HParams`: batch 50, Adam 1e-4,
  dropout 0.5) on fixed random images, against the same network in Keras 3
  (a `tf.function` step, and `train_on_batch`).

The Keras 3 references (`benchmarks.model_steps`) are plain `import keras` in
eager TF2.
"""

import argparse
import dataclasses
import functools
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time

from benchmarks import model_steps

_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

CHAR_LSTM_SIZES = {
    "char_lstm_slides": dict(batch=64, steps=10, units=64, layers=1, vocab=27),
    "char_lstm_large": dict(batch=64, steps=50, units=512, layers=2, vocab=100),
}
CHAR_LSTM_IMPLS = ("tf1_compat", "tf1_compat_tf_driver", "tf1_compat_static",
                   "tf1_compat_bf16", "keras3_train_on_batch",
                   "keras3_tf_function", "legacy_tf_keras")
BF16_LOSS_STEPS = 200
BF16_LOSS_BATCHES = 50


@dataclasses.dataclass(frozen=True)
class Workload:
  """A workload's implementations, the one under test and its metric.

  `also_compared`: further metrics the table gives ratios for; `note`: a line
  printed under the table (`{cores}` becomes this machine's core count).
  """
  name: str
  impls: tuple
  ours: str
  metric: str
  higher_is_better: bool
  also_compared: tuple = ()
  note: str = ""


WORKLOADS = {
    name: Workload(name, CHAR_LSTM_IMPLS, "tf1_compat", "chars/s", True)
    for name in CHAR_LSTM_SIZES}
WORKLOADS["graph_build"] = Workload(
    "graph_build", ("dynamic_rnn", "static_rnn"), "static_rnn",
    "build seconds", False)
WORKLOADS["startup"] = Workload(
    "startup", ("import_tensorflow", "import_tf1_compat", "python_script",
                "tf1_run_script"), "tf1_run_script", "seconds", False)
WORKLOADS["floor"] = Workload("floor", ("session_run",), "session_run",
                              "microseconds", False)
DISTRIBUTED_NOTE = (
    "distributed: the tasks share this machine's {cores} cores, so 2 workers "
    "vs 1 measures the overhead of between-graph replication (RPCs to the ps, "
    "cores shared with the other tasks), not a speed-up; on machines with "
    "cores of their own per task the job's steps/s add up.")
WORKLOADS["distributed"] = Workload(
    "distributed", ("single_process", "tf_monitored_training_session",
                    "one_worker", "two_workers"), "one_worker", "steps/s", True,
    note=DISTRIBUTED_NOTE)
DISTRIBUTED_WARMUP_STEPS = 30
DISTRIBUTED_MEASURED_STEPS = 400
XLA_NOTE = ("{workload}: keras3_train_on_batch compiles as Keras 3's "
            "jit_compile='auto' does: with XLA when TensorFlow sees a GPU, "
            "without on CPU only; keras3_tf_function never uses XLA.")
WORKLOADS["seq2seq_train"] = Workload(
    "seq2seq_train", tuple(model_steps.SEQ2SEQ_TRAIN), "tf1_compat", "steps/s",
    True, note=XLA_NOTE.format(workload="seq2seq_train"))
WORKLOADS["seq2seq_decode"] = Workload(
    "seq2seq_decode", tuple(model_steps.SEQ2SEQ_DECODE), "tf1_compat",
    "greedy b64 ms", False, also_compared=("greedy b1 ms",),
    note="seq2seq_decode: beam5 rows are ours alone (Keras 3 has no beam "
    "search); `steps` is the decode steps done (of max_decode_steps=20).")
WORKLOADS["lenet_train"] = Workload(
    "lenet_train", tuple(model_steps.LENET_TRAIN), "tf1_compat", "images/s",
    True, note=XLA_NOTE.format(workload="lenet_train"))
WORKLOADS["bf16_loss"] = Workload(
    "bf16_loss", ("f32", "bf16"), "bf16", "loss after %d steps"
    % BF16_LOSS_STEPS, False,
    note="bf16_loss: the large char-LSTM trained %d steps from the same "
    "initial weights on the same batches under --precision=f32 and bf16; the "
    "ratio of the losses is how far bf16 trains from f32. In the char_lstm "
    "rows, tf1_compat_bf16's ratio below 1 is bf16's speed-up over ours in "
    "f32 (0.5x: twice as fast)." % BF16_LOSS_STEPS)
SEQ2SEQ_FEEDS = 16
LENET_FEEDS = 5
DECODE_BATCHES = (1, 64)
DECODE_BEAM_WIDTH = 5


def _timed_blocks(step, warmup, blocks, block_steps):
  """The median seconds per step over `blocks` blocks of `block_steps` steps."""
  for _ in range(warmup):
    step()
  times = []
  for _ in range(blocks):
    start = time.perf_counter()
    for _ in range(block_steps):
      step()
    times.append((time.perf_counter() - start) / block_steps)
  return statistics.median(times)


def _char_lstm_data(size):
  import numpy as np  # pylint: disable=import-outside-toplevel
  rng = np.random.RandomState(0)
  ids = rng.randint(0, size["vocab"], size=[size["batch"], size["steps"] + 1])
  eye = np.eye(size["vocab"], dtype=np.float32)
  return eye[ids[:, :-1]], eye[ids[:, 1:]]


def _char_lstm_train_graph(size, impl, feedable=False):
  """The char-LSTM's train step built with TF1 cells, in a session of its own.

  Returns `(session, train_op, loss, inputs, labels)`; the inputs are the
  fixed batch of `_char_lstm_data` as constants, or placeholders to feed when
  `feedable`. `tf1_compat_bf16` runs under the `--precision=bf16` session
  config.
  """
  import tensorflow as tf  # pylint: disable=import-outside-toplevel
  v1 = tf.compat.v1
  if impl == "legacy_tf_keras":
    cells, dense = v1.nn.rnn_cell, v1.layers.dense
    dynamic_rnn = v1.nn.dynamic_rnn
  else:
    # pylint: disable=import-outside-toplevel
    from tf1_compat import layers
    from tf1_compat import rnn as cells
    dense = layers.dense
    dynamic_rnn = (v1.nn.dynamic_rnn if impl == "tf1_compat_tf_driver"
                   else cells.dynamic_rnn)
  inputs_np, labels_np = _char_lstm_data(size)
  graph = tf.Graph()
  with graph.as_default():
    v1.set_random_seed(0)
    if feedable:
      inputs = v1.placeholder(tf.float32, inputs_np.shape)
      labels = v1.placeholder(tf.float32, labels_np.shape)
    else:
      inputs, labels = tf.constant(inputs_np), tf.constant(labels_np)
    stack = [cells.BasicLSTMCell(size["units"]) for _ in range(size["layers"])]
    cell = stack[0] if len(stack) == 1 else cells.MultiRNNCell(stack)
    if impl == "tf1_compat_static":
      outputs, _ = v1.nn.static_rnn(cell, tf.unstack(inputs, axis=1),
                                    dtype=tf.float32)
      outputs = tf.stack(outputs, axis=1)
    else:
      outputs, _ = dynamic_rnn(cell, inputs, dtype=tf.float32)
    logits = dense(outputs, size["vocab"])
    loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(
        labels=labels, logits=logits))
    optimizer = v1.train.GradientDescentOptimizer(1.0)
    grads, variables = zip(*optimizer.compute_gradients(loss))
    grads, _ = tf.clip_by_global_norm(grads, 1.25)
    train = optimizer.apply_gradients(zip(grads, variables))
    config = None
    if impl == "tf1_compat_bf16":
      from tf1_compat.training import device  # pylint: disable=import-outside-toplevel
      config = device.session_config(device.Device("/device:CPU:0", "CPU"),
                                     "bf16")
    session = v1.Session(graph=graph, config=config)
    session.run(v1.global_variables_initializer())
  return session, train, loss, inputs, labels


def _char_lstm_graph(size, impl):
  """One session-run train step of the char-LSTM built with TF1 cells."""
  session, train, _, _, _ = _char_lstm_train_graph(size, impl)
  return lambda: session.run(train)


def _corpus_batches(size, count):
  """`count` one-hot (inputs, labels) batches of the frozen default corpus.

  Characters map to ids by frequency, the rarest beyond the vocabulary
  sharing the last id; each batch is `batch` windows of `steps + 1`
  characters at fixed random offsets (seed 1).
  """
  import collections  # pylint: disable=import-outside-toplevel
  import numpy as np  # pylint: disable=import-outside-toplevel
  from tf1_compat.data import text  # pylint: disable=import-outside-toplevel
  corpus = text.default_corpus()
  ranked = [c for c, _ in collections.Counter(corpus).most_common()]
  ids = {c: min(rank, size["vocab"] - 1) for rank, c in enumerate(ranked)}
  encoded = np.array([ids[c] for c in corpus], dtype=np.int64)
  rng = np.random.RandomState(1)
  eye = np.eye(size["vocab"], dtype=np.float32)
  batches = []
  for _ in range(count):
    starts = rng.randint(0, len(encoded) - size["steps"] - 1, size=size["batch"])
    windows = np.stack([encoded[s:s + size["steps"] + 1] for s in starts])
    batches.append((eye[windows[:, :-1]], eye[windows[:, 1:]]))
  return batches


def _measure_bf16_loss(impl):
  """The large char-LSTM trained `BF16_LOSS_STEPS` steps at `impl`'s precision.

  On real text (`_corpus_batches`, cycled; the same for both precisions, from
  the same initial weights); the loss reported is the mean of the last 10
  steps' losses.
  """
  import numpy as np  # pylint: disable=import-outside-toplevel
  size = CHAR_LSTM_SIZES["char_lstm_large"]
  session, train, loss, inputs, labels = _char_lstm_train_graph(
      size, "tf1_compat_bf16" if impl == "bf16" else "tf1_compat",
      feedable=True)
  feeds = [{inputs: x, labels: y}
           for x, y in _corpus_batches(size, BF16_LOSS_BATCHES)]
  losses = []
  start = time.perf_counter()
  for step in range(BF16_LOSS_STEPS):
    losses.append(session.run([train, loss], feeds[step % len(feeds)])[1])
  seconds = time.perf_counter() - start
  return {"loss after %d steps" % BF16_LOSS_STEPS: float(np.mean(losses[-10:])),
          "first loss": float(losses[0]),
          "chars/s": BF16_LOSS_STEPS * size["batch"] * size["steps"] / seconds}


def _char_lstm_keras3(size, impl):
  """One Keras 3 train step of the same char-LSTM (eager TF2)."""
  import keras  # pylint: disable=import-outside-toplevel
  import tensorflow as tf  # pylint: disable=import-outside-toplevel
  inputs_np, labels_np = _char_lstm_data(size)
  keras.utils.set_random_seed(0)
  model = keras.Sequential(
      [keras.Input((size["steps"], size["vocab"]))]
      + [keras.layers.LSTM(size["units"], return_sequences=True)
         for _ in range(size["layers"])]
      + [keras.layers.Dense(size["vocab"])])
  optimizer = keras.optimizers.SGD(1.0, global_clipnorm=1.25)
  loss_fn = keras.losses.CategoricalCrossentropy(from_logits=True)
  if impl == "keras3_train_on_batch":
    model.compile(optimizer=optimizer, loss=loss_fn)
    return lambda: model.train_on_batch(inputs_np, labels_np)
  inputs, labels = tf.constant(inputs_np), tf.constant(labels_np)

  @tf.function
  def train_step():
    with tf.GradientTape() as tape:
      loss = loss_fn(labels, model(inputs, training=True))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss
  return train_step


def _measure_char_lstm(name, impl):
  size = CHAR_LSTM_SIZES[name]
  if impl.startswith("keras3"):
    step = _char_lstm_keras3(size, impl)
  else:
    step = _char_lstm_graph(size, impl)
  large = name == "char_lstm_large"
  seconds = _timed_blocks(step, warmup=3 if large else 20,
                          blocks=3 if large else 5,
                          block_steps=3 if large else 50)
  return size["batch"] * size["steps"] / seconds


def _measure_graph_build(impl):
  import tensorflow as tf  # pylint: disable=import-outside-toplevel
  from tf1_compat import rnn  # pylint: disable=import-outside-toplevel
  v1 = tf.compat.v1
  start = time.perf_counter()
  with tf.Graph().as_default():
    inputs = v1.placeholder(tf.float32, [32, 100, 64])
    cell = rnn.BasicLSTMCell(128)
    if impl == "static_rnn":
      outputs, _ = v1.nn.static_rnn(cell, tf.unstack(inputs, axis=1),
                                    dtype=tf.float32)
    else:
      outputs, _ = v1.nn.dynamic_rnn(cell, inputs, dtype=tf.float32)
    loss = tf.reduce_mean(tf.square(outputs))
    v1.train.GradientDescentOptimizer(0.1).minimize(loss)
  seconds = time.perf_counter() - start
  peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
  return seconds, peak_mb


def _measure_floor():
  import tensorflow as tf  # pylint: disable=import-outside-toplevel
  v1 = tf.compat.v1
  graph = tf.Graph()
  with graph.as_default():
    value = tf.constant(1.0) + 1.0
    session = v1.Session(graph=graph)
  return 1e6 * _timed_blocks(lambda: session.run(value), 100, 5, 500)


def _measure_startup(impl):
  env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3",
             PYTHONPATH=_ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
  with tempfile.TemporaryDirectory() as directory:
    script = os.path.join(directory, "empty.py")
    with open(script, "w") as f:
      f.write("import tensorflow as tf\n")
    command = {
        "import_tensorflow": [sys.executable, "-c", "import tensorflow"],
        "import_tf1_compat": [sys.executable, "-c",
                              "import tensorflow, tf1_compat.v1"],
        "python_script": [sys.executable, script],
        "tf1_run_script": [sys.executable, "-m", "tf1_compat.run", script],
    }[impl]
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def _char_lstm_step(run, count=16):
  """One training step of the course's char-LSTM, on random one-hot batches."""
  import numpy as np  # pylint: disable=import-outside-toplevel
  train = run.built
  rng = np.random.RandomState(0)
  batch, vocab = train.train_data[0].shape.as_list()
  eye = np.eye(vocab, dtype=np.float32)
  feeds = [dict(zip(train.train_data, eye[rng.randint(
      0, vocab, size=(len(train.train_data), batch))])) for _ in range(count)]
  done = [0]

  def step():
    done[0] += 1
    run.session.run(train.train_op, feeds[done[0] % count])
  return step


class _PlainTfRun:
  """The reference: the chief as a 2018 program wrote it, in plain TF 1.x.

  Its own `tf.train.Server`, the graph under `replica_device_setter`, and
  `tf.compat.v1.train.MonitoredTrainingSession(master=server.target,
  is_chief=True)` with no checkpoints or summaries; the attributes the
  benchmark loop uses (`built`, `session`, `global_step`).
  """

  def __init__(self, spec, build):
    import tensorflow as tf  # pylint: disable=import-outside-toplevel
    v1 = tf.compat.v1
    cluster = tf.train.ClusterSpec(spec["cluster"])
    self._server = tf.distribute.Server(cluster, job_name=spec["job"],
                                        task_index=spec["index"])
    worker = "/job:%s/task:%d" % (spec["job"], spec["index"])
    self.graph = tf.Graph()
    with self.graph.as_default(), self.graph.device(
        v1.train.replica_device_setter(cluster=cluster, worker_device=worker)):
      self.built = build()
      self._global_step = v1.train.get_global_step()
    self._config = v1.ConfigProto(device_filters=["/job:ps", worker])
    self.session = None

  def __enter__(self):
    import tensorflow as tf  # pylint: disable=import-outside-toplevel
    with self.graph.as_default():
      self.session = tf.compat.v1.train.MonitoredTrainingSession(
          master=self._server.target, is_chief=True, config=self._config,
          save_checkpoint_secs=None, save_summaries_steps=None,
          log_step_count_steps=None)
    return self

  def __exit__(self, *exc_info):
    self.session.close()

  def global_step(self):
    return int(self.session.run_step_fn(
        lambda step_context: step_context.session.run(self._global_step)))


def _distributed_task(spec):
  """Runs one task of the `distributed` workload; the chief prints its figures.

  `spec`: `{"cluster": ..., "job": ..., "index": ..., "marks": directory,
  "plain": bool}` (a cluster of None trains in this process alone; `plain`
  trains the chief the plain TF 1.x way, `_PlainTfRun`). Every worker writes
  `<marks>/<index>` once past its warm-up steps; the chief times the global
  step from the moment all have, over `DISTRIBUTED_MEASURED_STEPS` steps.
  """
  from tf1_compat import training  # pylint: disable=import-outside-toplevel
  from tf1_compat.models import char_lstm  # pylint: disable=import-outside-toplevel
  cluster = None
  if spec["cluster"]:
    cluster = training.ClusterConfig(spec["cluster"], spec["job"],
                                     spec["index"], startup_timeout_secs=120)
  hparams = char_lstm.HParams(vocabulary_size=27)
  config = training.RunConfig(num_steps=10 ** 9, device="cpu", cluster=cluster)

  def build(optimizer_wrapper=None):
    return char_lstm.build(hparams, char_lstm.TRAIN,
                           optimizer_wrapper=optimizer_wrapper)

  workers = len(spec["cluster"]["worker"]) if cluster else 1
  if spec.get("plain") and not cluster.is_ps:
    session = _PlainTfRun(spec, build)
  else:
    session = training.open_session(build, config)
  with session as run:
    step = _char_lstm_step(run)
    for _ in range(DISTRIBUTED_WARMUP_STEPS):
      step()
    with open(os.path.join(spec["marks"], str(spec["index"])), "w"):
      pass
    if cluster is not None and not cluster.is_chief:
      while True:  # Trains until the benchmark stops the job.
        step()
    while len(os.listdir(spec["marks"])) < workers:
      step()
    start, first = time.perf_counter(), run.global_step()
    while run.global_step() < first + DISTRIBUTED_MEASURED_STEPS:
      for _ in range(10):
        step()
    seconds, last = time.perf_counter() - start, run.global_step()
  steps_per_sec = (last - first) / seconds
  chars = hparams.batch_size * hparams.num_unrollings
  return {"steps/s": steps_per_sec, "chars/s": steps_per_sec * chars}


def _measure_distributed(impl):
  """The `distributed` workload's figures, from its chief's process."""
  if impl == "single_process":
    with tempfile.TemporaryDirectory() as marks:
      return _distributed_task({"cluster": None, "job": None, "index": 0,
                                "marks": marks})
  from tf1_compat import cluster as launcher  # pylint: disable=import-outside-toplevel
  num_workers = 2 if impl == "two_workers" else 1
  addresses = ["127.0.0.1:%d" % p for p in launcher.free_ports(1 + num_workers)]
  spec = {"ps": addresses[:1], "worker": addresses[1:]}
  env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="",
             PYTHONPATH=_ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
  env.pop("TF_CONFIG", None)
  processes = []
  with tempfile.TemporaryDirectory() as marks:
    try:
      for job, index in [("ps", 0)] + [("worker", i)
                                       for i in range(num_workers)]:
        task = json.dumps({"cluster": spec, "job": job, "index": index,
                           "marks": marks,
                           "plain": impl == "tf_monitored_training_session"})
        processes.append(subprocess.Popen(
            [sys.executable, "-m", "benchmarks.run", "--task", task], env=env,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            start_new_session=True))
      chief = processes[1]
      stdout, stderr = chief.communicate(timeout=600)
      if chief.returncode != 0:
        raise RuntimeError("the chief failed: %s" % stderr.strip()[-500:])
      return json.loads(stdout.strip().splitlines()[-1])
    finally:
      for process in processes:
        if process.poll() is None:
          os.killpg(process.pid, 9)
          process.wait(30)


def _measure_seq2seq_train(impl):
  """Training steps/s, every timed block one pass over the same feeds."""
  from tf1_compat.models import seq2seq  # pylint: disable=import-outside-toplevel
  hparams = seq2seq.HParams()
  feeds = model_steps.seq2seq_feeds(hparams.batch_size, SEQ2SEQ_FEEDS)
  step = model_steps.SEQ2SEQ_TRAIN[impl](hparams, feeds)
  seconds = _timed_blocks(step, warmup=len(feeds), blocks=5,
                          block_steps=len(feeds))
  return {"steps/s": 1.0 / seconds}


def _measure_seq2seq_decode(impl):
  """Milliseconds per batch (greedy, and beam for ours) and the steps done."""
  from tf1_compat.models import seq2seq  # pylint: disable=import-outside-toplevel
  figures = {}
  for beam in (0, DECODE_BEAM_WIDTH) if impl == "tf1_compat" else (0,):
    kind = "beam%d" % beam if beam else "greedy"
    decode = model_steps.SEQ2SEQ_DECODE[impl](seq2seq.HParams(beam_width=beam))
    steps = []
    for batch in DECODE_BATCHES:
      inputs = model_steps.decode_inputs(batch)
      seconds = _timed_blocks(functools.partial(decode, inputs), warmup=5,
                              blocks=5, block_steps=10)
      figures["%s b%d ms" % (kind, batch)] = 1e3 * seconds
      steps.append(decode(inputs).shape[1])
    figures["%s steps" % kind] = min(steps)
  return figures


def _measure_lenet_train(impl):
  """Training images/s at the reference batch size."""
  from tf1_compat.models import lenet  # pylint: disable=import-outside-toplevel
  hparams = lenet.HParams()
  feeds = model_steps.lenet_feeds(hparams.batch_size, LENET_FEEDS)
  step = model_steps.LENET_TRAIN[impl](hparams, feeds)
  seconds = _timed_blocks(step, warmup=len(feeds), blocks=5,
                          block_steps=len(feeds))
  return {"images/s": hparams.batch_size / seconds}


def measure(workload, impl):
  """Runs one measurement in this process; returns `{metric: value}`."""
  if workload in CHAR_LSTM_SIZES:
    return {"chars/s": _measure_char_lstm(workload, impl)}
  if workload == "graph_build":
    seconds, peak_mb = _measure_graph_build(impl)
    return {"build seconds": seconds, "peak MB": peak_mb}
  if workload == "startup":
    return {"seconds": _measure_startup(impl)}
  if workload == "floor":
    return {"microseconds": _measure_floor()}
  if workload == "distributed":
    return _measure_distributed(impl)
  if workload == "seq2seq_train":
    return _measure_seq2seq_train(impl)
  if workload == "seq2seq_decode":
    return _measure_seq2seq_decode(impl)
  if workload == "lenet_train":
    return _measure_lenet_train(impl)
  if workload == "bf16_loss":
    return _measure_bf16_loss(impl)
  raise ValueError("unknown workload %r" % workload)


def _run_worker(workload, impl):
  """One measurement in a fresh process (legacy cells with tf-keras)."""
  env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3",
             PYTHONPATH=_ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
  if impl == "legacy_tf_keras":
    env["TF_USE_LEGACY_KERAS"] = "1"
  completed = subprocess.run(
      [sys.executable, "-m", "benchmarks.run", "--worker", workload, impl],
      env=env, capture_output=True, text=True, check=False)
  if completed.returncode != 0:
    return {"error": completed.stderr.strip().splitlines()[-1:]}
  return json.loads(completed.stdout.strip().splitlines()[-1])


def machine():
  """A line naming this machine and the TensorFlow version."""
  import tensorflow as tf  # pylint: disable=import-outside-toplevel
  cpu = platform.processor() or platform.machine()
  try:
    with open("/proc/cpuinfo") as f:
      for line in f:
        if line.startswith("model name"):
          cpu = line.split(":", 1)[1].strip()
          break
  except OSError:
    pass
  return "%s, %d logical cores, Python %s, TensorFlow %s" % (
      cpu, os.cpu_count() or 0, platform.python_version(), tf.__version__)


def run(names, rounds):
  """`{workload: {impl: {metric: median}}}` over `rounds` alternating rounds."""
  results = {}
  for name in names:
    workload = WORKLOADS[name]
    samples = {impl: [] for impl in workload.impls}
    for _ in range(rounds):
      for impl in workload.impls:
        samples[impl].append(_run_worker(name, impl))
    results[name] = {}
    for impl, values in samples.items():
      good = [v for v in values if "error" not in v]
      if not good:
        results[name][impl] = {"error": values[0]["error"]}
        continue
      results[name][impl] = {metric: statistics.median(v[metric] for v in good)
                             for metric in good[0]}
  return results


def markdown(results, machine_line):
  """The table: each implementation's median and its ratio to ours."""
  lines = ["Machine: " + machine_line, "",
           "| workload | implementation | metric | median | ours vs this |",
           "|---|---|---|---|---|"]
  for name, by_impl in results.items():
    workload = WORKLOADS[name]
    compared = (workload.metric,) + workload.also_compared
    ours_values = by_impl.get(workload.ours, {})
    for impl, values in by_impl.items():
      if "error" in values:
        lines.append("| %s | %s | | error: %s | |" % (name, impl,
                                                      values["error"]))
        continue
      for metric, value in values.items():
        ratio = ""
        ours = ours_values.get(metric)
        if metric in compared and ours and impl != workload.ours:
          factor = ours / value if workload.higher_is_better else value / ours
          ratio = "%.2fx" % factor
        lines.append("| %s | %s | %s | %.4g | %s |" % (name, impl, metric,
                                                       value, ratio))
  notes = [WORKLOADS[name].note.format(cores=os.cpu_count() or 0)
           for name in results if WORKLOADS[name].note]
  if notes:
    lines += [""] + notes
  return "\n".join(lines)


def main(argv=None):
  parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
  parser.add_argument("--rounds", type=int, default=3)
  parser.add_argument("--only", default=",".join(WORKLOADS))
  parser.add_argument("--json")
  parser.add_argument("--markdown")
  parser.add_argument("--worker", nargs=2, metavar=("WORKLOAD", "IMPL"),
                      help=argparse.SUPPRESS)
  parser.add_argument("--task", help=argparse.SUPPRESS)
  options = parser.parse_args(argv)
  if options.worker:
    print(json.dumps(measure(*options.worker)))
    return 0
  if options.task:
    print(json.dumps(_distributed_task(json.loads(options.task))))
    return 0
  names = [n for n in options.only.split(",") if n]
  unknown = sorted(set(names) - set(WORKLOADS))
  if unknown:
    parser.error("unknown workload(s) %s; known: %s"
                 % (", ".join(unknown), ", ".join(WORKLOADS)))
  results = run(names, options.rounds)
  line = machine()
  table = markdown(results, line)
  print(table)
  if options.json:
    with open(options.json, "w") as f:
      json.dump({"machine": line, "results": results}, f, indent=2)
  if options.markdown:
    with open(options.markdown, "w") as f:
      f.write(table + "\n")
  return 0


if __name__ == "__main__":
  sys.exit(main())
