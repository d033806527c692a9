"""A bidirectional LSTM over MNIST rows with `rnn.static_bidirectional_rnn`.

The 2017 "bidirectional_rnn" example: forward and backward `BasicLSTMCell`s from
`tensorflow.contrib.rnn`, outputs concatenated per step, the last one classified.
Last line: `loss <before> -> <after>` (cross-entropy on a fixed test batch).
"""
import sys

import numpy as np
import tensorflow as tf
from tensorflow.contrib import rnn
from tensorflow.examples.tutorials.mnist import input_data

mnist = input_data.read_data_sets("MNIST_data", one_hot=True)

learning_rate = 0.01
training_steps = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
batch_size = 64
num_input, timesteps, num_hidden, num_classes = 28, 28, 16, 10

X = tf.placeholder("float", [None, timesteps, num_input])
Y = tf.placeholder("float", [None, num_classes])
tf.set_random_seed(4)
weights = {"out": tf.Variable(tf.random_normal([2 * num_hidden, num_classes]))}
biases = {"out": tf.Variable(tf.random_normal([num_classes]))}


def BiRNN(x, weights, biases):
  x = tf.unstack(x, timesteps, 1)
  lstm_fw_cell = rnn.BasicLSTMCell(num_hidden, forget_bias=1.0)
  lstm_bw_cell = rnn.BasicLSTMCell(num_hidden, forget_bias=1.0)
  try:
    outputs, _, _ = rnn.static_bidirectional_rnn(lstm_fw_cell, lstm_bw_cell, x,
                                                 dtype=tf.float32)
  except Exception:  # Old TensorFlow versions returned only the outputs.
    outputs = rnn.static_bidirectional_rnn(lstm_fw_cell, lstm_bw_cell, x,
                                           dtype=tf.float32)
  return tf.matmul(outputs[-1], weights["out"]) + biases["out"]


logits = BiRNN(X, weights, biases)
loss_op = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(
    logits=logits, labels=Y))
train_op = tf.train.AdamOptimizer(learning_rate=learning_rate).minimize(loss_op)
accuracy = tf.reduce_mean(tf.cast(
    tf.equal(tf.argmax(logits, 1), tf.argmax(Y, 1)), tf.float32))

test_data = mnist.test.images[:256].reshape((-1, timesteps, num_input))
test_label = mnist.test.labels[:256]
with tf.Session() as sess:
  sess.run(tf.global_variables_initializer())
  first = sess.run(loss_op, feed_dict={X: test_data, Y: test_label})
  for step in range(1, training_steps + 1):
    batch_x, batch_y = mnist.train.next_batch(batch_size)
    batch_x = batch_x.reshape((batch_size, timesteps, num_input))
    sess.run(train_op, feed_dict={X: batch_x, Y: batch_y})
  print("Testing Accuracy:", np.asscalar(
      sess.run(accuracy, feed_dict={X: test_data, Y: test_label})))
  last = sess.run(loss_op, feed_dict={X: test_data, Y: test_label})
print("loss %.6f -> %.6f" % (first, last))
