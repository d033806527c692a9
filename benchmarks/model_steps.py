"""One step of the course's seq2seq and LeNet: ours, and the same network in Keras 3.

The step builders behind the `seq2seq_train`, `seq2seq_decode` and `lenet_train`
workloads of `benchmarks.run`, kept apart from its timing loops. Ours is a
`tf1_compat.models` graph builder under `tf.compat.v1.Session`; the reference is
the same network written in Keras 3 (plain `import keras`, eager TF2), stepped in
a `tf.function` or with `train_on_batch`. Every builder takes the model's
`HParams` (the benchmark passes the reference ones, the tests tiny ones) and
pre-generated feeds, so data generation is never timed, and returns a callable
doing one step.

What the references share with ours: the shapes, the optimizer (Adam with TF1's
epsilon 1e-8) and the loss; the encoder's padding is masked (`mask_zero`, as
`sequence_length` does in ours). What they do not: initial weights (Keras
defaults) and dropout masks, which leave the work unchanged. `train_on_batch`
keeps Keras 3's `jit_compile="auto"`: XLA when TensorFlow sees a GPU, none on CPU.

Decoders start from untrained weights, with the output bias of EOS set to
`NO_EOS_BIAS` in both, so that no sequence finishes early and every call decodes
all `max_decode_steps` steps.
"""
# TensorFlow and Keras load in the worker processes only, when a step is built.
# pylint: disable=import-outside-toplevel

import collections
import itertools

import numpy as np

from tf1_compat.data import delete_odd

NO_EOS_BIAS = -100.0
_SEQ2SEQ_SCOPE = "seq2seq"
_OUTPUT_BIAS = _SEQ2SEQ_SCOPE + "/decoder/dense/bias"


class Seq2SeqFeed(collections.namedtuple("Seq2SeqFeed", (
    "encoder_inputs", "encoder_length", "decoder_inputs", "decoder_targets",
    "decoder_length", "mask"))):
  """One training batch of the delete-odd task, numpy, `[batch, time]` or `[batch]`;
  `mask` is the float32 decoder-length mask of the masked mean cross-entropy."""
  __slots__ = ()


class LenetFeed(collections.namedtuple("LenetFeed", ("images", "labels"))):
  """`images` float32 `[batch, 784]` in [0, 1), `labels` one-hot `[batch, 10]`."""
  __slots__ = ()


class DecodeInputs(collections.namedtuple(
    "DecodeInputs", ("encoder_inputs", "encoder_length"))):
  """int32 `[batch, time]` encoder inputs, padded, and their `[batch]` lengths."""
  __slots__ = ()


_Keras3Training = collections.namedtuple("_Keras3Training",
                                         ("model", "loss", "optimizer"))
_Keras3Seq2Seq = collections.namedtuple("_Keras3Seq2Seq", (
    "model", "encoder", "decoder_embedding", "decoder_layers", "output_layer"))


def seq2seq_feeds(batch_size, count, seed=0):
  """`count` batches of the course's delete-odd data generator."""
  rng = np.random.RandomState(seed)
  feeds = []
  for _ in range(count):
    batch = delete_odd.delete_odd_batch(batch_size, rng)
    decoder = delete_odd.decoder_input_and_target(batch.y)
    mask = np.arange(batch.y.shape[1])[None, :] < batch.ly[:, None]
    feeds.append(Seq2SeqFeed(batch.x, batch.lx, decoder.inputs, decoder.targets,
                             batch.ly, mask.astype(np.float32)))
  return feeds


def decode_inputs(batch_size, seed=1):
  """The `DecodeInputs` of one delete-odd batch."""
  batch = delete_odd.delete_odd_batch(batch_size, np.random.RandomState(seed))
  return DecodeInputs(batch.x, batch.lx)


def lenet_feeds(batch_size, count, seed=0):
  """`count` batches of uniform random images with random one-hot labels."""
  rng = np.random.RandomState(seed)
  eye = np.eye(10, dtype=np.float32)
  return [LenetFeed(rng.uniform(size=[batch_size, 784]).astype(np.float32),
                    eye[rng.randint(0, 10, size=batch_size)])
          for _ in range(count)]


def _cycling(step, feeds):
  """A callable running `step(feed)` on the next of `feeds`, round and round."""
  feeds = itertools.cycle(feeds)
  return lambda: step(next(feeds))


def _session(graph):
  import tensorflow as tf
  v1 = tf.compat.v1
  with graph.as_default():
    session = v1.Session(graph=graph)
    session.run(v1.global_variables_initializer())
  return session


def seq2seq_train_graph(hparams, feeds):
  """Ours: `session.run` of `seq2seq.build(hparams, TRAIN).train_op`."""
  import tensorflow as tf
  from tf1_compat.models import seq2seq
  graph = tf.Graph()
  with graph.as_default():
    tf.compat.v1.set_random_seed(0)
    train = seq2seq.build(hparams, seq2seq.TRAIN, scope=_SEQ2SEQ_SCOPE)
  session = _session(graph)
  feed_dicts = [{train.encoder_inputs: f.encoder_inputs,
                 train.encoder_length: f.encoder_length,
                 train.decoder_inputs: f.decoder_inputs,
                 train.decoder_targets: f.decoder_targets,
                 train.decoder_length: f.decoder_length} for f in feeds]
  return _cycling(lambda feed: session.run(train.train_op, feed), feed_dicts)


def seq2seq_decode_graph(hparams):
  """Ours: `DecodeInputs -> predicted_ids` of `seq2seq.build(hparams, INFER)`."""
  import tensorflow as tf
  from tf1_compat.models import seq2seq
  graph = tf.Graph()
  with graph.as_default():
    tf.compat.v1.set_random_seed(0)
    infer = seq2seq.build(hparams, seq2seq.INFER, scope=_SEQ2SEQ_SCOPE)
    bias, = [v for v in tf.compat.v1.global_variables()
             if v.op.name == _OUTPUT_BIAS]
    session = _session(graph)
    session.run(bias.assign(_no_eos(session.run(bias))))

  def decode(inputs):
    return session.run(infer.predicted_ids,
                       {infer.encoder_inputs: inputs.encoder_inputs,
                        infer.encoder_length: inputs.encoder_length})
  return decode


def _no_eos(bias):
  bias = np.array(bias)
  bias[delete_odd.EOS] = NO_EOS_BIAS
  return bias


def _keras3():
  """`keras`, checked to be Keras 3 on TensorFlow, executing eagerly."""
  import keras
  import tensorflow as tf
  found = (keras.__version__, keras.config.backend(), tf.executing_eagerly())
  if int(found[0].split(".")[0]) < 3 or found[1:] != ("tensorflow", True):
    raise RuntimeError(
        "model_steps: the references need Keras >= 3 on TensorFlow, executing "
        "eagerly; found Keras %s, backend %s, eager %s" % found)
  return keras


def _keras3_adam(keras, hparams):
  return keras.optimizers.Adam(hparams.learning_rate, epsilon=1e-8)


def _keras3_seq2seq(hparams):
  """The encoder-decoder of `tf1_compat.models.seq2seq` (no attention), in Keras 3."""
  keras = _keras3()
  layers = keras.layers
  keras.utils.set_random_seed(0)
  encoder_inputs = keras.Input((None,), dtype="int32")
  decoder_inputs = keras.Input((None,), dtype="int32")
  # Tokens are 1..10 and PAD is 0, so the mask is ours' `sequence_length`.
  x = layers.Embedding(hparams.vocab_size, hparams.embedding_size,
                       mask_zero=True)(encoder_inputs)
  states = []
  for i in range(hparams.num_layers):
    x, h, c = layers.LSTM(hparams.num_units, return_state=True,
                          return_sequences=i + 1 < hparams.num_layers)(x)
    states.append([h, c])
  decoder_embedding = layers.Embedding(hparams.vocab_size, hparams.embedding_size)
  decoder_layers = [layers.LSTM(hparams.num_units, return_sequences=True)
                    for _ in range(hparams.num_layers)]
  y = decoder_embedding(decoder_inputs)
  for layer, state in zip(decoder_layers, states):
    y = layer(y, initial_state=state)
  output_layer = layers.Dense(hparams.vocab_size)
  model = keras.Model([encoder_inputs, decoder_inputs], output_layer(y))
  encoder = keras.Model(encoder_inputs, states)
  return _Keras3Seq2Seq(model, encoder, decoder_embedding, decoder_layers,
                        output_layer)


def _keras3_tf_function_step(model, loss_fn, optimizer, input_signature):
  """A `tf.function` train step `(inputs, targets[, sample_weight]) -> loss`."""
  import tensorflow as tf

  @tf.function(input_signature=input_signature)
  def train_step(inputs, targets, sample_weight=None):
    with tf.GradientTape() as tape:
      loss = loss_fn(targets, model(inputs, training=True),
                     sample_weight=sample_weight)
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss
  return train_step


def _keras3_seq2seq_training(hparams):
  """The Keras 3 encoder-decoder, its masked mean cross-entropy and Adam."""
  keras = _keras3()
  return _Keras3Training(
      _keras3_seq2seq(hparams).model,
      keras.losses.SparseCategoricalCrossentropy(
          from_logits=True, reduction="mean_with_sample_weight"),
      _keras3_adam(keras, hparams))


def seq2seq_train_keras3_tf_function(hparams, feeds):
  """The Keras 3 reference, trained by a `tf.function` step."""
  import tensorflow as tf
  ids = tf.TensorSpec([None, None], tf.int32)
  step = _keras3_tf_function_step(
      *_keras3_seq2seq_training(hparams),
      [[ids, ids], ids, tf.TensorSpec([None, None], tf.float32)])
  return _cycling(lambda f: step([f.encoder_inputs, f.decoder_inputs],
                                 f.decoder_targets, f.mask), feeds)


def seq2seq_train_keras3_train_on_batch(hparams, feeds):
  """The Keras 3 reference, trained by `model.train_on_batch`."""
  training = _keras3_seq2seq_training(hparams)
  training.model.compile(optimizer=training.optimizer, loss=training.loss)
  return _cycling(lambda f: training.model.train_on_batch(
      [f.encoder_inputs, f.decoder_inputs], f.decoder_targets,
      sample_weight=f.mask), feeds)


def seq2seq_decode_keras3_tf_function(hparams):
  """The Keras 3 reference: a `tf.function` greedy loop of `max_decode_steps`.

  Each step embeds the last ids (GO first), runs the decoder layers' cells, and
  feeds back the argmax; `DecodeInputs -> ids` `[batch, max_decode_steps]`.
  """
  import tensorflow as tf
  if hparams.beam_width:
    raise ValueError("seq2seq_decode_keras3_tf_function: Keras 3 has no beam "
                     "search; expected beam_width=0, found %d" % hparams.beam_width)
  net = _keras3_seq2seq(hparams)
  net.output_layer.bias.assign(_no_eos(net.output_layer.bias.numpy()))
  cells = [layer.cell for layer in net.decoder_layers]
  steps = hparams.max_decode_steps

  @tf.function(input_signature=[tf.TensorSpec([None, None], tf.int32)])
  def decode(encoder_inputs):
    states = net.encoder(encoder_inputs)
    ids = tf.fill([tf.shape(encoder_inputs)[0]], delete_odd.GO)
    decoded = tf.TensorArray(tf.int32, size=steps)
    for t in tf.range(steps):
      x = net.decoder_embedding(ids)
      next_states = []
      for cell, state in zip(cells, states):
        x, state = cell(x, state)
        next_states.append(state)
      states = next_states
      ids = tf.argmax(net.output_layer(x), -1, output_type=tf.int32)
      decoded = decoded.write(t, ids)
    return tf.transpose(decoded.stack())
  return lambda inputs: decode(inputs.encoder_inputs).numpy()


def lenet_train_graph(hparams, feeds):
  """Ours: `session.run` of `lenet.build(hparams, TRAIN).train_op`."""
  import tensorflow as tf
  from tf1_compat.models import lenet
  graph = tf.Graph()
  with graph.as_default():
    tf.compat.v1.set_random_seed(0)
    train = lenet.build(hparams, lenet.TRAIN)
  session = _session(graph)
  feed_dicts = [{train.images: f.images, train.labels: f.labels,
                 train.keep_prob: hparams.keep_prob} for f in feeds]
  return _cycling(lambda feed: session.run(train.train_op, feed), feed_dicts)


def _keras3_lenet(hparams):
  """The slides' CNN of `tf1_compat.models.lenet` in Keras 3, its loss and Adam."""
  if hparams.architecture != "slides":
    raise ValueError("_keras3_lenet: expected architecture='slides', found %r"
                     % hparams.architecture)
  keras = _keras3()
  layers = keras.layers
  keras.utils.set_random_seed(0)
  init = dict(
      kernel_initializer=keras.initializers.TruncatedNormal(
          stddev=hparams.weight_stddev),
      bias_initializer=keras.initializers.Constant(hparams.bias_init))
  model = keras.Sequential([
      keras.Input((784,)),
      layers.Reshape((28, 28, 1)),
      layers.Conv2D(32, 5, padding="same", activation="relu", **init),
      layers.MaxPooling2D(2, padding="same"),
      layers.Conv2D(64, 5, padding="same", activation="relu", **init),
      layers.MaxPooling2D(2, padding="same"),
      layers.Flatten(),
      layers.Dense(1024, activation="relu", **init),
      layers.Dropout(1.0 - hparams.keep_prob),
      layers.Dense(10, **init),
  ])
  return _Keras3Training(
      model, keras.losses.CategoricalCrossentropy(from_logits=True),
      _keras3_adam(keras, hparams))


def lenet_train_keras3_tf_function(hparams, feeds):
  """The Keras 3 reference, trained by a `tf.function` step."""
  import tensorflow as tf
  step = _keras3_tf_function_step(
      *_keras3_lenet(hparams),
      [tf.TensorSpec([None, 784], tf.float32),
       tf.TensorSpec([None, 10], tf.float32)])
  return _cycling(lambda f: step(f.images, f.labels), feeds)


def lenet_train_keras3_train_on_batch(hparams, feeds):
  """The Keras 3 reference, trained by `model.train_on_batch`."""
  training = _keras3_lenet(hparams)
  training.model.compile(optimizer=training.optimizer, loss=training.loss)
  return _cycling(lambda f: training.model.train_on_batch(f.images, f.labels),
                  feeds)


SEQ2SEQ_TRAIN = {
    "tf1_compat": seq2seq_train_graph,
    "keras3_tf_function": seq2seq_train_keras3_tf_function,
    "keras3_train_on_batch": seq2seq_train_keras3_train_on_batch,
}
SEQ2SEQ_DECODE = {
    "tf1_compat": seq2seq_decode_graph,
    "keras3_tf_function": seq2seq_decode_keras3_tf_function,
}
LENET_TRAIN = {
    "tf1_compat": lenet_train_graph,
    "keras3_tf_function": lenet_train_keras3_tf_function,
    "keras3_train_on_batch": lenet_train_keras3_train_on_batch,
}
