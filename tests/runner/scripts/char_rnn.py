"""A character LSTM language model trained on its own source (min-char-rnn idea).

Udacity `6_lstm` structure: one-hot inputs in a list of placeholders, the state
saved across batches in non-trainable variables with `tf.control_dependencies`
(truncated backpropagation), `tf.nn.xw_plus_b`, SGD with
`tf.train.exponential_decay(staircase=True)` and `tf.clip_by_global_norm`, and a
sampling graph that shares the cell. The cell is `tf.contrib.rnn.LSTMBlockCell`.
Last line: `loss <before> -> <after>` (mean of the first and of the last five
training losses).
"""
import random
import string
import sys

import numpy as np
import tensorflow as tf

text = open(__file__).read().lower()
vocabulary = " " + string.ascii_lowercase
text = "".join(c if c in vocabulary else " " for c in text)
vocabulary_size = len(vocabulary)
num_steps = int(sys.argv[1]) if len(sys.argv) > 1 else 7001
batch_size = 16
num_unrollings = 10
num_nodes = 64


def char2id(char):
  return vocabulary.index(char)


def id2char(dictid):
  return vocabulary[dictid]


class BatchGenerator(object):
  def __init__(self, text, batch_size, num_unrollings):
    self._text = text
    self._text_size = len(text)
    self._batch_size = batch_size
    self._num_unrollings = num_unrollings
    segment = self._text_size // batch_size
    self._cursor = [offset * segment for offset in range(batch_size)]
    self._last_batch = self._next_batch()

  def _next_batch(self):
    batch = np.zeros(shape=(self._batch_size, vocabulary_size), dtype=np.float)
    for b in range(self._batch_size):
      batch[b, char2id(self._text[self._cursor[b]])] = 1.0
      self._cursor[b] = (self._cursor[b] + 1) % self._text_size
    return batch

  def next(self):
    batches = [self._last_batch]
    for step in range(self._num_unrollings):
      batches.append(self._next_batch())
    self._last_batch = batches[-1]
    return batches


def sample(prediction):
  r = random.uniform(0, 1)
  s = 0
  for i in range(len(prediction)):
    s += prediction[i]
    if s >= r:
      return i
  return len(prediction) - 1


random.seed(8)
train_batches = BatchGenerator(text, batch_size, num_unrollings)

graph = tf.Graph()
with graph.as_default():
  tf.set_random_seed(8)
  cell = tf.contrib.rnn.LSTMBlockCell(num_nodes)
  w = tf.Variable(tf.truncated_normal([num_nodes, vocabulary_size], -0.1, 0.1))
  b = tf.Variable(tf.zeros([vocabulary_size]))

  train_data = [tf.placeholder(tf.float32, shape=[batch_size, vocabulary_size])
                for _ in range(num_unrollings + 1)]
  train_inputs = train_data[:num_unrollings]
  train_labels = train_data[1:]

  saved_output = tf.Variable(tf.zeros([batch_size, num_nodes]), trainable=False)
  saved_state = tf.Variable(tf.zeros([batch_size, num_nodes]), trainable=False)
  outputs = []
  state = tf.contrib.rnn.LSTMStateTuple(saved_state, saved_output)
  with tf.variable_scope("lstm"):
    for i in train_inputs:
      output, state = cell(i, state)
      outputs.append(output)

  with tf.control_dependencies([saved_output.assign(state.h),
                                saved_state.assign(state.c)]):
    logits = tf.nn.xw_plus_b(tf.concat(outputs, 0), w, b)
    loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(
        labels=tf.concat(train_labels, 0), logits=logits))

  global_step = tf.Variable(0)
  learning_rate = tf.train.exponential_decay(10.0, global_step, 5000, 0.1,
                                             staircase=True)
  optimizer = tf.train.GradientDescentOptimizer(learning_rate)
  gradients, v = zip(*optimizer.compute_gradients(loss))
  gradients, _ = tf.clip_by_global_norm(gradients, 1.25)
  optimizer = optimizer.apply_gradients(zip(gradients, v),
                                        global_step=global_step)
  train_prediction = tf.nn.softmax(logits)

  sample_input = tf.placeholder(tf.float32, shape=[1, vocabulary_size])
  saved_sample_output = tf.Variable(tf.zeros([1, num_nodes]))
  saved_sample_state = tf.Variable(tf.zeros([1, num_nodes]))
  reset_sample_state = tf.group(
      saved_sample_output.assign(tf.zeros([1, num_nodes])),
      saved_sample_state.assign(tf.zeros([1, num_nodes])))
  with tf.variable_scope("lstm", reuse=True):
    sample_output, sample_state = cell(
        sample_input, tf.contrib.rnn.LSTMStateTuple(saved_sample_state,
                                                    saved_sample_output))
  with tf.control_dependencies([saved_sample_output.assign(sample_output),
                                saved_sample_state.assign(sample_state.c)]):
    sample_prediction = tf.nn.softmax(tf.nn.xw_plus_b(sample_output, w, b))

losses = []
with tf.Session(graph=graph) as session:
  tf.global_variables_initializer().run()
  print("Initialized")
  for step in range(num_steps):
    batches = train_batches.next()
    feed_dict = dict()
    for i in range(num_unrollings + 1):
      feed_dict[train_data[i]] = batches[i]
    _, l, lr = session.run([optimizer, loss, learning_rate],
                           feed_dict=feed_dict)
    losses.append(l)
    if step % 20 == 0:
      print("Average loss at step %d: %f learning rate: %f"
            % (step, np.mean(losses[-20:]), lr))
  reset_sample_state.run()
  feed = np.zeros([1, vocabulary_size])
  feed[0, char2id("t")] = 1.0
  sentence = "t"
  for _ in range(40):
    prediction = sample_prediction.eval({sample_input: feed})[0]
    char_id = sample(prediction)
    feed = np.zeros([1, vocabulary_size])
    feed[0, char_id] = 1.0
    sentence += id2char(char_id)
  print("=" * 40)
  print(sentence)
  print("=" * 40)
print("loss %.6f -> %.6f" % (np.mean(losses[:5]), np.mean(losses[-5:])))
