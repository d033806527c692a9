"""Linear regression, the first complete example of the 2018 course.

Scalar placeholders, `tf.get_variable`, plain SGD on one random point per step
from y = 3x - 1. Last line: `loss <before> -> <after>` (MSE on a fixed sample).
"""
import numpy as np
import tensorflow as tf

flags = tf.app.flags
flags.DEFINE_integer("steps", 100, "number of training steps")
FLAGS = flags.FLAGS


def main(_):
  tf.set_random_seed(1)
  np.random.seed(1)
  x = tf.placeholder(tf.float32, shape=[], name="x")
  y = tf.placeholder(tf.float32, shape=[], name="y")
  k = tf.get_variable("k", shape=[], initializer=tf.random_normal_initializer())
  b = tf.get_variable("b", shape=[], initializer=tf.zeros_initializer())
  loss = tf.square(k * x + b - y)
  train_op = tf.train.GradientDescentOptimizer(learning_rate=0.5).minimize(loss)

  xs = np.random.rand(100).astype(np.float32)
  ys = 3 * xs - 1
  mse = tf.reduce_mean(tf.square(k * xs + b - ys))

  with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    first = sess.run(mse)
    for step in range(FLAGS.steps):
      x_val = np.random.rand()
      y_val = 3 * x_val - 1 + 1e-4 * np.random.randn()
      _, loss_val = sess.run([train_op, loss], feed_dict={x: x_val, y: y_val})
      if step % 20 == 0:
        k_val, b_val = sess.run([k, b])
        print("step %d: k=%f b=%f loss=%f" % (step, k_val, b_val, loss_val))
    last = sess.run(mse)
  print("loss %.6f -> %.6f" % (first, last))


if __name__ == "__main__":
  tf.app.run()
