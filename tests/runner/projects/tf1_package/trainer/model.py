"""A linear model built the TF1 way."""

import tensorflow as tf

from . import util


def build(learning_rate=0.5):
  x = tf.placeholder(tf.float32, [None, 3], name="x")
  y = tf.placeholder(tf.float32, [None, 1], name="y")
  with tf.variable_scope("linear"):
    w = tf.get_variable("w", [3, 1], initializer=tf.zeros_initializer())
    b = tf.get_variable("b", [1], initializer=tf.zeros_initializer())
  prediction = tf.matmul(x, w) + b
  loss = tf.reduce_mean(tf.square(prediction - y))
  train_op = tf.train.GradientDescentOptimizer(learning_rate).minimize(
      loss, global_step=tf.train.get_or_create_global_step())
  return x, y, prediction, loss, train_op


def data(num_points=64, seed=0):
  return util.make_data(num_points, seed)
