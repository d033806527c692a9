"""Entry point: python -m trainer.task --steps=N [--exit_code=K]."""

import sys

import tensorflow as tf

from . import model

tf.flags.DEFINE_integer("steps", 50, "training steps")
tf.flags.DEFINE_integer("exit_code", 0, "exit status to end with")
FLAGS = tf.flags.FLAGS


def main(_):
  tf.logging.set_verbosity(tf.logging.INFO)
  x, y, _, loss, train_op = model.build()
  inputs, targets = model.data()
  with tf.Session() as session:
    session.run(tf.global_variables_initializer())
    first = last = None
    for step in range(FLAGS.steps):
      last, _ = session.run([loss, train_op], {x: inputs, y: targets})
      if first is None:
        first = last
      if step % 20 == 0:
        tf.logging.info("step %d loss %.4f", step, last)
  print("argv0 %s name %s path0 %s" % (sys.argv[0], __name__, sys.path[0]))
  print("loss %f -> %f" % (first, last))
  sys.exit(FLAGS.exit_code)


if __name__ == "__main__":
  tf.app.run()
