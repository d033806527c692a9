"""Between-graph replication, as TF 1.x's distributed how-to wrote it.

`tf.train.ClusterSpec` from `--ps_hosts`/`--worker_hosts`, a `tf.train.Server`
per task, `server.join()` on parameter servers, `replica_device_setter` and
`MonitoredTrainingSession(master=server.target, is_chief=...)` on workers, the
chief checkpointing to `--train_dir`; `--sync_replicas` wraps the optimizer in
`SyncReplicasOptimizer`. Each worker prints `loss <first> -> <last>`.
"""
import numpy as np
import tensorflow as tf

flags = tf.app.flags
flags.DEFINE_string("ps_hosts", "", "comma-separated host:port list")
flags.DEFINE_string("worker_hosts", "", "comma-separated host:port list")
flags.DEFINE_string("job_name", "", "ps or worker")
flags.DEFINE_integer("task_index", 0, "index of the task in its job")
flags.DEFINE_integer("max_steps", 200, "global steps to train to")
flags.DEFINE_string("train_dir", "train", "chief's checkpoint directory")
flags.DEFINE_boolean("sync_replicas", False, "synchronous training")
FLAGS = flags.FLAGS


def main(_):
  cluster = tf.train.ClusterSpec({"ps": FLAGS.ps_hosts.split(","),
                                  "worker": FLAGS.worker_hosts.split(",")})
  server = tf.train.Server(cluster, job_name=FLAGS.job_name,
                           task_index=FLAGS.task_index)
  if FLAGS.job_name == "ps":
    server.join()
    return
  is_chief = FLAGS.task_index == 0
  num_workers = len(FLAGS.worker_hosts.split(","))
  with tf.device(tf.train.replica_device_setter(
      worker_device="/job:worker/task:%d" % FLAGS.task_index,
      cluster=cluster)):
    global_step = tf.train.get_or_create_global_step()
    x = tf.placeholder(tf.float32, [None, 2])
    y = tf.placeholder(tf.float32, [None, 1])
    w = tf.get_variable("w", [2, 1], initializer=tf.zeros_initializer())
    b = tf.get_variable("b", [1], initializer=tf.zeros_initializer())
    loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y))
    optimizer = tf.train.GradientDescentOptimizer(0.1)
    hooks = [tf.train.StopAtStepHook(last_step=FLAGS.max_steps)]
    if FLAGS.sync_replicas:
      optimizer = tf.train.SyncReplicasOptimizer(
          optimizer, replicas_to_aggregate=num_workers,
          total_num_replicas=num_workers)
      hooks.append(optimizer.make_session_run_hook(is_chief))
    train_op = optimizer.minimize(loss, global_step=global_step)
  rng = np.random.RandomState(FLAGS.task_index)
  losses = []
  with tf.train.MonitoredTrainingSession(
      master=server.target, is_chief=is_chief, hooks=hooks,
      checkpoint_dir=FLAGS.train_dir if is_chief else None,
      save_checkpoint_steps=50, stop_grace_period_secs=5) as session:
    while not session.should_stop():
      inputs = rng.rand(16, 2).astype(np.float32)
      targets = inputs.dot([[2.0], [-1.0]]) + 0.5
      value, _ = session.run([loss, train_op], {x: inputs, y: targets})
      losses.append(value)
  print("worker %d ran %d steps" % (FLAGS.task_index, len(losses)))
  print("loss %g -> %g" % (np.mean(losses[:5]), np.mean(losses[-5:])))


if __name__ == "__main__":
  tf.app.run()
