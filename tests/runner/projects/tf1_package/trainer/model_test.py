"""The project's own tf.test.TestCase suite, written the 2018 way."""

import os

import numpy as np
import tensorflow as tf

from trainer import model


class ModelTest(tf.test.TestCase):

  def test_loss_goes_down(self):
    with self.test_session() as session:
      x, y, _, loss, train_op = model.build()
      inputs, targets = model.data()
      session.run(tf.global_variables_initializer())
      before = session.run(loss, {x: inputs, y: targets})
      for _ in range(30):
        session.run(train_op, {x: inputs, y: targets})
      self.assertLess(session.run(loss, {x: inputs, y: targets}), before / 10)

  def test_prediction_math(self):
    with self.cached_session() as session:
      x, _, prediction, _, _ = model.build()
      session.run(tf.global_variables_initializer())
      w = tf.trainable_variables()[0]
      session.run(w.assign([[1.0], [2.0], [3.0]]))
      self.assertAllClose(session.run(prediction, {x: [[1.0, 1.0, 1.0]]}),
                          [[6.0]])
      self.assertEqual(w.op.name, "linear/w")

  def test_saver_round_trip_in_temp_dir(self):
    path = os.path.join(self.get_temp_dir(), "model.ckpt")
    with self.test_session() as session:
      model.build()
      session.run(tf.global_variables_initializer())
      tf.train.Saver().save(session, path)
    self.assertTrue(tf.gfile.Exists(path + ".index"))

  def test_local_cluster(self):
    workers, _ = tf.test.create_local_cluster(1, 1)
    with tf.Session(workers[0].target) as session:
      self.assertEqual(session.run(tf.constant(2) * 3), 6)


if __name__ == "__main__":
  tf.test.main()
