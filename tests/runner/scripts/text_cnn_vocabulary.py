"""A CNN for sentence classification, after dennybritz/cnn-text-classification-tf.

`tf.flags` for the hyperparameters, `clean_str` and
`learn.preprocessing.VocabularyProcessor` (from `tensorflow.contrib import
learn`) to turn sentences into word-id rows, saved and restored as the repo's
eval.py does; the `TextCNN` class: embedding, one `conv2d` + max-pool per
filter size, dropout, a softmax layer with an L2 term; `compute_gradients` /
`apply_gradients` with a global step in a `tf.Session` loop over shuffled
batches. The data is a tiny built-in two-class set of movie-review sentences.
Last line: `loss <before> -> <after>` (loss on the whole training set).
"""
import os
import re
import shutil
import tempfile

import numpy as np
import tensorflow as tf
from tensorflow.contrib import learn

# Model hyperparameters
tf.flags.DEFINE_integer("embedding_dim", 16, "Dimensionality of character embedding")
tf.flags.DEFINE_string("filter_sizes", "2,3", "Comma-separated filter sizes")
tf.flags.DEFINE_integer("num_filters", 8, "Number of filters per filter size")
tf.flags.DEFINE_float("dropout_keep_prob", 0.5, "Dropout keep probability")
tf.flags.DEFINE_float("l2_reg_lambda", 0.01, "L2 regularization lambda")
# Training parameters
tf.flags.DEFINE_integer("batch_size", 32, "Batch Size")
tf.flags.DEFINE_integer("num_steps", 300, "Number of training steps")
tf.flags.DEFINE_float("learning_rate", 1e-2, "Adam learning rate")
tf.flags.DEFINE_integer("evaluate_every", 20, "Evaluate on dev set after this many steps")
tf.flags.DEFINE_string("out_dir", "", "Where to save the vocabulary (a temporary directory if empty)")
FLAGS = tf.flags.FLAGS

POSITIVE = ["great", "wonderful", "brilliant", "moving", "fun", "superb", "charming"]
NEGATIVE = ["awful", "boring", "terrible", "dull", "bad", "weak", "tedious"]
OPENINGS = ["the movie was", "I found the plot", "honestly , the acting is",
            "what a", "the soundtrack felt", "overall it's a"]
CLOSINGS = ["film .", "story !", "cast , really .", "ending .", "experience ."]


def clean_str(string):
  """Tokenization/string cleaning, as in the original data_helpers.py."""
  string = re.sub(r"[^A-Za-z0-9(),!?\'\`]", " ", string)
  string = re.sub(r"\'s", " \'s", string)
  string = re.sub(r",", " , ", string)
  string = re.sub(r"!", " ! ", string)
  string = re.sub(r"\s{2,}", " ", string)
  return string.strip().lower()


def load_data_and_labels(rng, n_per_class=120):
  sentences, labels = [], []
  for words, label in ((POSITIVE, [0, 1]), (NEGATIVE, [1, 0])):
    for _ in range(n_per_class):
      sentence = "%s %s and %s %s" % (
          rng.choice(OPENINGS), rng.choice(words), rng.choice(words),
          rng.choice(CLOSINGS))
      sentences.append(clean_str(sentence))
      labels.append(label)
  return sentences, np.array(labels)


def batch_iter(x, y, batch_size, num_epochs, shuffle=True):
  """Generates (x, y) batches over the epochs.

  The original zipped x and y into one `np.array(data)`, which NumPy >= 1.24
  refuses for rows of different shapes; indexing both arrays is equivalent.
  """
  data_size = len(x)
  num_batches_per_epoch = int((data_size - 1) / batch_size) + 1
  for epoch in range(num_epochs):
    if shuffle:
      indices = np.random.permutation(np.arange(data_size))
    else:
      indices = np.arange(data_size)
    for batch_num in range(num_batches_per_epoch):
      start_index = batch_num * batch_size
      end_index = min((batch_num + 1) * batch_size, data_size)
      yield x[indices[start_index:end_index]], y[indices[start_index:end_index]]


class TextCNN(object):
  """A CNN for text classification: embedding, convolution, max-pooling, softmax."""

  def __init__(self, sequence_length, num_classes, vocab_size, embedding_size,
               filter_sizes, num_filters, l2_reg_lambda=0.0):
    self.input_x = tf.placeholder(tf.int32, [None, sequence_length], name="input_x")
    self.input_y = tf.placeholder(tf.float32, [None, num_classes], name="input_y")
    self.dropout_keep_prob = tf.placeholder(tf.float32, name="dropout_keep_prob")
    l2_loss = tf.constant(0.0)

    with tf.device("/cpu:0"), tf.name_scope("embedding"):
      self.W = tf.Variable(
          tf.random_uniform([vocab_size, embedding_size], -1.0, 1.0), name="W")
      self.embedded_chars = tf.nn.embedding_lookup(self.W, self.input_x)
      self.embedded_chars_expanded = tf.expand_dims(self.embedded_chars, -1)

    pooled_outputs = []
    for i, filter_size in enumerate(filter_sizes):
      with tf.name_scope("conv-maxpool-%s" % filter_size):
        filter_shape = [filter_size, embedding_size, 1, num_filters]
        W = tf.Variable(tf.truncated_normal(filter_shape, stddev=0.1), name="W")
        b = tf.Variable(tf.constant(0.1, shape=[num_filters]), name="b")
        conv = tf.nn.conv2d(self.embedded_chars_expanded, W,
                            strides=[1, 1, 1, 1], padding="VALID", name="conv")
        h = tf.nn.relu(tf.nn.bias_add(conv, b), name="relu")
        pooled = tf.nn.max_pool(
            h, ksize=[1, sequence_length - filter_size + 1, 1, 1],
            strides=[1, 1, 1, 1], padding="VALID", name="pool")
        pooled_outputs.append(pooled)

    num_filters_total = num_filters * len(filter_sizes)
    self.h_pool = tf.concat(pooled_outputs, 3)
    self.h_pool_flat = tf.reshape(self.h_pool, [-1, num_filters_total])

    with tf.name_scope("dropout"):
      self.h_drop = tf.nn.dropout(self.h_pool_flat, self.dropout_keep_prob)

    with tf.name_scope("output"):
      W = tf.get_variable(
          "W", shape=[num_filters_total, num_classes],
          initializer=tf.contrib.layers.xavier_initializer())
      b = tf.Variable(tf.constant(0.1, shape=[num_classes]), name="b")
      l2_loss += tf.nn.l2_loss(W)
      l2_loss += tf.nn.l2_loss(b)
      self.scores = tf.nn.xw_plus_b(self.h_drop, W, b, name="scores")
      self.predictions = tf.argmax(self.scores, 1, name="predictions")

    with tf.name_scope("loss"):
      losses = tf.nn.softmax_cross_entropy_with_logits(
          logits=self.scores, labels=self.input_y)
      self.loss = tf.reduce_mean(losses) + l2_reg_lambda * l2_loss

    with tf.name_scope("accuracy"):
      correct_predictions = tf.equal(self.predictions, tf.argmax(self.input_y, 1))
      self.accuracy = tf.reduce_mean(tf.cast(correct_predictions, "float"),
                                     name="accuracy")


def main(_):
  np.random.seed(10)
  x_text, y = load_data_and_labels(np.random.RandomState(0))

  # Build vocabulary
  max_document_length = max([len(x.split(" ")) for x in x_text])
  vocab_processor = learn.preprocessing.VocabularyProcessor(max_document_length)
  x = np.array(list(vocab_processor.fit_transform(x_text)))

  # Randomly shuffle data, then split train/dev
  shuffle_indices = np.random.permutation(np.arange(len(y)))
  x_shuffled, y_shuffled = x[shuffle_indices], y[shuffle_indices]
  dev_sample_index = -1 * int(0.2 * float(len(y)))
  x_train, x_dev = x_shuffled[:dev_sample_index], x_shuffled[dev_sample_index:]
  y_train, y_dev = y_shuffled[:dev_sample_index], y_shuffled[dev_sample_index:]
  print("Vocabulary Size: {:d}".format(len(vocab_processor.vocabulary_)))
  print("Train/Dev split: {:d}/{:d}".format(len(y_train), len(y_dev)))

  out_dir = FLAGS.out_dir or tempfile.mkdtemp()
  vocab_processor.save(os.path.join(out_dir, "vocab"))
  # eval.py: map raw sentences with the restored vocabulary.
  restored = learn.preprocessing.VocabularyProcessor.restore(
      os.path.join(out_dir, "vocab"))
  x_raw = ["the movie was superb and charming film .", "what a dull and weak story !"]
  x_test = np.array(list(restored.transform([clean_str(s) for s in x_raw])))
  if not FLAGS.out_dir:
    shutil.rmtree(out_dir)

  with tf.Graph().as_default():
    tf.set_random_seed(10)
    sess = tf.Session()
    with sess.as_default():
      cnn = TextCNN(
          sequence_length=x_train.shape[1], num_classes=y_train.shape[1],
          vocab_size=len(vocab_processor.vocabulary_),
          embedding_size=FLAGS.embedding_dim,
          filter_sizes=list(map(int, FLAGS.filter_sizes.split(","))),
          num_filters=FLAGS.num_filters, l2_reg_lambda=FLAGS.l2_reg_lambda)
      global_step = tf.Variable(0, name="global_step", trainable=False)
      optimizer = tf.train.AdamOptimizer(FLAGS.learning_rate)
      grads_and_vars = optimizer.compute_gradients(cnn.loss)
      train_op = optimizer.apply_gradients(grads_and_vars, global_step=global_step)
      sess.run(tf.global_variables_initializer())

      whole_train = {cnn.input_x: x_train, cnn.input_y: y_train,
                     cnn.dropout_keep_prob: 1.0}
      first = sess.run(cnn.loss, whole_train)
      batches = batch_iter(x_train, y_train, FLAGS.batch_size, 1000)
      for _ in range(FLAGS.num_steps):
        x_batch, y_batch = next(batches)
        _, step, loss, accuracy = sess.run(
            [train_op, global_step, cnn.loss, cnn.accuracy],
            {cnn.input_x: x_batch, cnn.input_y: y_batch,
             cnn.dropout_keep_prob: FLAGS.dropout_keep_prob})
        if step % FLAGS.evaluate_every == 0:
          dev_loss, dev_accuracy = sess.run(
              [cnn.loss, cnn.accuracy],
              {cnn.input_x: x_dev, cnn.input_y: y_dev, cnn.dropout_keep_prob: 1.0})
          print("step {}, loss {:g}, acc {:g}, dev loss {:g}, dev acc {:g}".format(
              step, loss, accuracy, dev_loss, dev_accuracy))
      last = sess.run(cnn.loss, whole_train)
      predictions = sess.run(cnn.predictions, {cnn.input_x: x_test,
                                               cnn.dropout_keep_prob: 1.0})
      for sentence, prediction in zip(x_raw, predictions):
        print("%s -> %s" % (sentence, ["negative", "positive"][prediction]))
  print("loss %.6f -> %.6f" % (first, last))


if __name__ == "__main__":
  tf.app.run()
