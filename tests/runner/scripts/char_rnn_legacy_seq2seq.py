"""A multi-layer character LSTM in the style of sherjilozair/char-rnn-tensorflow.

`tf.contrib.rnn.MultiRNNCell` of `BasicLSTMCell`s unrolled by
`legacy_seq2seq.rnn_decoder(scope='rnnlm')`, `legacy_seq2seq.sequence_loss_by_example`,
the final state fed back through the `zero_state` tensors in `feed_dict`, Adam
with a per-epoch `tf.assign`ed learning rate and `tf.clip_by_global_norm`, a
`tf.train.Saver` checkpoint, then a second graph (`batch_size = seq_length = 1`)
restored from it to sample, and a greedy continuation through `rnn_decoder`'s
`loop_function` built with `reuse=True`. The text is built in.
Last line: `loss <before> -> <after>` (mean of the first and of the last five
training losses).
"""
import argparse
import collections
import os

import numpy as np
import tensorflow as tf
from tensorflow.contrib import legacy_seq2seq
from tensorflow.contrib import rnn

TEXT = """\
Once upon a midnight dreary, while I pondered, weak and weary,
Over many a quaint and curious volume of forgotten lore,
While I nodded, nearly napping, suddenly there came a tapping,
As of some one gently rapping, rapping at my chamber door.
'Tis some visitor, I muttered, tapping at my chamber door;
Only this, and nothing more.
Ah, distinctly I remember it was in the bleak December,
And each separate dying ember wrought its ghost upon the floor.
Eagerly I wished the morrow; vainly I had sought to borrow
From my books surcease of sorrow, sorrow for the lost Lenore,
For the rare and radiant maiden whom the angels name Lenore,
Nameless here for evermore.
And the silken sad uncertain rustling of each purple curtain
Thrilled me, filled me with fantastic terrors never felt before;
So that now, to still the beating of my heart, I stood repeating
'Tis some visitor entreating entrance at my chamber door;
Some late visitor entreating entrance at my chamber door;
This it is, and nothing more.
"""


class TextLoader():
  def __init__(self, text, batch_size, seq_length):
    self.batch_size = batch_size
    self.seq_length = seq_length
    counter = collections.Counter(text)
    count_pairs = sorted(counter.items(), key=lambda x: -x[1])
    self.chars, _ = zip(*count_pairs)
    self.vocab_size = len(self.chars)
    self.vocab = dict(zip(self.chars, range(len(self.chars))))
    self.tensor = np.array(list(map(self.vocab.get, text)))
    self.create_batches()
    self.reset_batch_pointer()

  def create_batches(self):
    self.num_batches = int(self.tensor.size / (self.batch_size *
                                               self.seq_length))
    assert self.num_batches > 0, "Not enough data."
    self.tensor = self.tensor[:self.num_batches * self.batch_size *
                              self.seq_length]
    xdata = self.tensor
    ydata = np.copy(self.tensor)
    ydata[:-1] = xdata[1:]
    ydata[-1] = xdata[0]
    self.x_batches = np.split(xdata.reshape(self.batch_size, -1),
                              self.num_batches, 1)
    self.y_batches = np.split(ydata.reshape(self.batch_size, -1),
                              self.num_batches, 1)

  def next_batch(self):
    x, y = self.x_batches[self.pointer], self.y_batches[self.pointer]
    self.pointer += 1
    return x, y

  def reset_batch_pointer(self):
    self.pointer = 0


class Model():
  def __init__(self, args, training=True, greedy_length=None):
    self.args = args
    batch_size, seq_length = args.batch_size, args.seq_length
    if not training:
      batch_size, seq_length = 1, greedy_length or 1

    cells = []
    for _ in range(args.num_layers):
      cells.append(rnn.BasicLSTMCell(args.rnn_size))
    self.cell = cell = rnn.MultiRNNCell(cells, state_is_tuple=True)

    self.input_data = tf.placeholder(tf.int32, [batch_size, seq_length])
    self.targets = tf.placeholder(tf.int32, [batch_size, seq_length])
    self.initial_state = cell.zero_state(batch_size, tf.float32)

    with tf.variable_scope('rnnlm'):
      softmax_w = tf.get_variable("softmax_w",
                                  [args.rnn_size, args.vocab_size])
      softmax_b = tf.get_variable("softmax_b", [args.vocab_size])

    embedding = tf.get_variable("embedding", [args.vocab_size, args.rnn_size])
    inputs = tf.nn.embedding_lookup(embedding, self.input_data)
    inputs = tf.split(inputs, seq_length, 1)
    inputs = [tf.squeeze(input_, [1]) for input_ in inputs]

    def loop(prev, _):
      prev = tf.matmul(prev, softmax_w) + softmax_b
      prev_symbol = tf.stop_gradient(tf.argmax(prev, 1))
      return tf.nn.embedding_lookup(embedding, prev_symbol)

    outputs, last_state = legacy_seq2seq.rnn_decoder(
        inputs, self.initial_state, cell,
        loop_function=loop if greedy_length else None, scope='rnnlm')
    output = tf.reshape(tf.concat(outputs, 1), [-1, args.rnn_size])

    self.logits = tf.matmul(output, softmax_w) + softmax_b
    self.probs = tf.nn.softmax(self.logits)
    loss = legacy_seq2seq.sequence_loss_by_example(
        [self.logits],
        [tf.reshape(self.targets, [-1])],
        [tf.ones([batch_size * seq_length])])
    with tf.name_scope('cost'):
      self.cost = tf.reduce_sum(loss) / batch_size / seq_length
    self.final_state = last_state
    if not training:
      return
    self.lr = tf.Variable(0.0, trainable=False)
    tvars = tf.trainable_variables()
    grads, _ = tf.clip_by_global_norm(tf.gradients(self.cost, tvars),
                                      args.grad_clip)
    with tf.name_scope('optimizer'):
      optimizer = tf.train.AdamOptimizer(self.lr)
    self.train_op = optimizer.apply_gradients(zip(grads, tvars))

  def sample(self, sess, chars, vocab, num=60, prime='The ', sampling_type=1):
    state = sess.run(self.cell.zero_state(1, tf.float32))
    for char in prime[:-1]:
      x = np.zeros((1, 1))
      x[0, 0] = vocab[char]
      feed = {self.input_data: x, self.initial_state: state}
      [state] = sess.run([self.final_state], feed)

    def weighted_pick(weights):
      t = np.cumsum(weights)
      s = np.sum(weights)
      return int(np.searchsorted(t, np.random.rand() * s))

    ret = prime
    char = prime[-1]
    for _ in range(num):
      x = np.zeros((1, 1))
      x[0, 0] = vocab[char]
      feed = {self.input_data: x, self.initial_state: state}
      [probs, state] = sess.run([self.probs, self.final_state], feed)
      p = probs[0]
      if sampling_type == 0:
        sample = np.argmax(p)
      else:
        sample = weighted_pick(p)
      pred = chars[sample]
      ret += pred
      char = pred
    return ret


def train(args, data_loader):
  model = Model(args)
  losses = []
  with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    saver = tf.train.Saver(tf.global_variables())
    step = 0
    epoch = 0
    while step < args.num_steps:
      sess.run(tf.assign(model.lr, args.learning_rate * (args.decay_rate ** epoch)))
      data_loader.reset_batch_pointer()
      state = sess.run(model.initial_state)
      for b in range(data_loader.num_batches):
        if step >= args.num_steps:
          break
        x, y = data_loader.next_batch()
        feed = {model.input_data: x, model.targets: y}
        for i, (c, h) in enumerate(model.initial_state):
          feed[c] = state[i].c
          feed[h] = state[i].h
        train_loss, state, _ = sess.run(
            [model.cost, model.final_state, model.train_op], feed)
        losses.append(train_loss)
        if step % 10 == 0:
          print("{}/{} (epoch {}), train_loss = {:.3f}".format(
              step, args.num_steps, epoch, train_loss))
        step += 1
      epoch += 1
    checkpoint_path = os.path.join(args.save_dir, 'model.ckpt')
    saver.save(sess, checkpoint_path, global_step=step)
    print("model saved to {}".format(checkpoint_path))
  return losses


def sample(args, data_loader):
  model = Model(args, training=False)
  with tf.variable_scope(tf.get_variable_scope(), reuse=True):
    greedy = Model(args, training=False, greedy_length=20)
  with tf.Session() as sess:
    saver = tf.train.Saver(tf.global_variables())
    ckpt = tf.train.get_checkpoint_state(args.save_dir)
    saver.restore(sess, ckpt.model_checkpoint_path)
    print(model.sample(sess, data_loader.chars, data_loader.vocab))
    first = np.zeros((1, 20))
    first[0, 0] = data_loader.vocab['T']
    probs = sess.run(greedy.probs, {greedy.input_data: first})
    print('T' + ''.join(data_loader.chars[i] for i in probs.argmax(1)))


def main():
  parser = argparse.ArgumentParser(
      formatter_class=argparse.ArgumentDefaultsHelpFormatter)
  parser.add_argument('--save_dir', type=str, default='save',
                      help='directory to store checkpointed models')
  parser.add_argument('--rnn_size', type=int, default=64,
                      help='size of RNN hidden state')
  parser.add_argument('--num_layers', type=int, default=2,
                      help='number of layers in the RNN')
  parser.add_argument('--batch_size', type=int, default=8,
                      help='minibatch size')
  parser.add_argument('--seq_length', type=int, default=25,
                      help='RNN sequence length')
  parser.add_argument('--num_steps', type=int, default=1000,
                      help='number of training steps')
  parser.add_argument('--grad_clip', type=float, default=5.,
                      help='clip gradients at this value')
  parser.add_argument('--learning_rate', type=float, default=0.002,
                      help='learning rate')
  parser.add_argument('--decay_rate', type=float, default=0.97,
                      help='decay rate for rmsprop')
  args = parser.parse_args()
  if not os.path.isdir(args.save_dir):
    os.makedirs(args.save_dir)

  np.random.seed(7)
  data_loader = TextLoader(TEXT, args.batch_size, args.seq_length)
  args.vocab_size = data_loader.vocab_size
  with tf.Graph().as_default():
    tf.set_random_seed(7)
    losses = train(args, data_loader)
  with tf.Graph().as_default():
    sample(args, data_loader)
  print("loss %.6f -> %.6f" % (np.mean(losses[:5]), np.mean(losses[-5:])))


if __name__ == '__main__':
  main()
