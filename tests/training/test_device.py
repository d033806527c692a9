"""Device choice and precision: the session config `--precision=bf16` gives."""

import numpy as np
import pytest
import tensorflow as tf

from tf1_compat import layers
from tf1_compat import rnn
from tf1_compat import training
from tf1_compat.framework import errors
from tf1_compat.training import device as device_lib

_V1 = tf.compat.v1
_CPU = device_lib.Device("/device:CPU:0", "CPU")


def test_f32_is_tensorflows_default_and_bf16_turns_on_the_onednn_rewrite():
  f32 = device_lib.session_config(_CPU)
  bf16 = device_lib.session_config(_CPU, "bf16")
  rewrite = bf16.graph_options.rewrite_options
  assert f32.allow_soft_placement and bf16.allow_soft_placement
  assert not f32.graph_options.rewrite_options.auto_mixed_precision_onednn_bfloat16
  assert rewrite.auto_mixed_precision_onednn_bfloat16 == 1  # ON


def test_bad_precisions_fail_in_one_line():
  with pytest.raises(training.ConfigError, match=r"precision must be one of "
                     r"f32\|bf16, got 'fp8'"):
    training.RunConfig(precision="fp8")
  gpu = device_lib.Device("/device:GPU:0", "GPU 0 (test)")
  with pytest.raises(device_lib.PrecisionUnavailableError,
                     match="bf16 runs on the CPU") as caught:
    device_lib.session_config(gpu, "bf16")
  assert isinstance(caught.value, (errors.Error, ValueError))


def _lstm_losses(precision, steps=30):
  """Training losses of a small LSTM language model, and the graphs run."""
  graph = tf.Graph()
  with graph.as_default():
    _V1.set_random_seed(0)
    rng = np.random.RandomState(0)
    ids = rng.randint(0, 20, size=[16, 13])
    inputs = tf.one_hot(ids[:, :-1], 20)
    cell = rnn.MultiRNNCell([rnn.BasicLSTMCell(64), rnn.BasicLSTMCell(64)])
    outputs, _ = rnn.dynamic_rnn(cell, inputs, dtype=tf.float32)
    logits = layers.dense(outputs, 20)
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(
        labels=ids[:, 1:], logits=logits))
    train = _V1.train.AdamOptimizer(0.01).minimize(loss)
    init = _V1.global_variables_initializer()
  config = device_lib.session_config(_CPU, precision)
  metadata = _V1.RunMetadata()
  with _V1.Session(graph=graph, config=config) as session:
    session.run(init)
    losses = [session.run([train, loss])[1] for _ in range(steps)]
    session.run(loss, options=_V1.RunOptions(output_partition_graphs=True),
                run_metadata=metadata)
  return losses, metadata.partition_graphs


def test_bf16_trains_like_f32():
  f32, _ = _lstm_losses("f32")
  bf16, graphs = _lstm_losses("bf16")
  assert f32[-1] < 0.9 * f32[0]
  np.testing.assert_allclose(bf16[-1], f32[-1], rtol=0.02)
  if device_lib.cpu_has_bf16():
    # The rewrite ran: the graph the session executed computes in bfloat16.
    dtypes = {attr.type for g in graphs for node in g.node
              for attr in node.attr.values()}
    assert tf.bfloat16.as_datatype_enum in dtypes
