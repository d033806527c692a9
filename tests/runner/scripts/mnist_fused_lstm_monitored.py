"""A fused LSTM over MNIST rows, trained in a `MonitoredTrainingSession`.

`tf.contrib.rnn.LSTMBlockFusedCell` on time-major inputs, logits from
`tf.contrib.layers.fully_connected`, `tf.contrib.framework.get_or_create_global_step`,
`tf.train.MonitoredTrainingSession` with a `StopAtStepHook` and a checkpoint
directory, `tf.logging`, and `tf.gfile`. Last line: `loss <before> -> <after>`
(cross-entropy on fixed validation images).
"""
import tensorflow as tf
from tensorflow.examples.tutorials.mnist import input_data

FLAGS = tf.app.flags.FLAGS
tf.app.flags.DEFINE_string("data_dir", "MNIST_data", "MNIST directory")
tf.app.flags.DEFINE_string("train_dir", "/tmp/fused_lstm", "checkpoints")
tf.app.flags.DEFINE_integer("max_steps", 1000, "training steps")


def main(argv=None):
  tf.logging.set_verbosity(tf.logging.INFO)
  if tf.gfile.Exists(FLAGS.train_dir):
    tf.gfile.DeleteRecursively(FLAGS.train_dir)
  tf.gfile.MakeDirs(FLAGS.train_dir)
  mnist = input_data.read_data_sets(FLAGS.data_dir, one_hot=True, seed=11)

  with tf.Graph().as_default():
    tf.set_random_seed(11)
    global_step = tf.contrib.framework.get_or_create_global_step()
    images = tf.placeholder(tf.float32, [None, 784])
    labels = tf.placeholder(tf.float32, [None, 10])
    rows = tf.transpose(tf.reshape(images, [-1, 28, 28]), [1, 0, 2])
    lstm = tf.contrib.rnn.LSTMBlockFusedCell(32)
    outputs, state = lstm(rows, dtype=tf.float32)
    logits = tf.contrib.layers.fully_connected(state.h, 10, activation_fn=None)
    loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(
        labels=labels, logits=logits))
    train_op = tf.train.AdamOptimizer(0.01).minimize(loss,
                                                     global_step=global_step)
    valid = {images: mnist.validation.images[:500],
             labels: mnist.validation.labels[:500]}
    hooks = [tf.train.StopAtStepHook(last_step=FLAGS.max_steps)]
    with tf.train.MonitoredTrainingSession(checkpoint_dir=FLAGS.train_dir,
                                           hooks=hooks,
                                           save_summaries_steps=None,
                                           log_step_count_steps=None) as sess:
      first = sess.run(loss, valid)
      while not sess.should_stop():
        batch_x, batch_y = mnist.train.next_batch(64)
        _, step = sess.run([train_op, global_step],
                           {images: batch_x, labels: batch_y})
        if step % 10 == 0:
          tf.logging.info("step %d", step)
      last = sess.run(loss, valid) if not sess.should_stop() else None
    if last is None:
      with tf.Session() as plain:
        tf.train.Saver().restore(plain,
                                 tf.train.latest_checkpoint(FLAGS.train_dir))
        last = plain.run(loss, valid)
  print("loss %.6f -> %.6f" % (first, last))


if __name__ == "__main__":
  tf.app.run()
