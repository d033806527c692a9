"""tf.contrib.rnn as a namespace: helpers, aliases, clear failures."""

import pytest
import tensorflow as tf

from tf1_compat import rnn
from tf1_compat.contrib import rnn as contrib_rnn
from tf1_compat.framework import not_provided

V1 = tf.compat.v1


class TestHelpersAndAliases:

  def test_transpose_batch_time(self):
    with tf.Graph().as_default():
      x = V1.placeholder(tf.float32, [None, 5, 3])
      y = contrib_rnn.transpose_batch_time(x)
      assert y.shape.as_list() == [5, None, 3]
      scalar = tf.constant(1.0)
      assert contrib_rnn.transpose_batch_time(scalar) is scalar

  def test_best_effort_input_batch_size(self):
    with tf.Graph().as_default():
      dynamic = V1.placeholder(tf.float32, [4, None, 3])
      static = V1.placeholder(tf.float32, [4, 7, 3])
      assert contrib_rnn.best_effort_input_batch_size([dynamic, static]) == 7
      assert tf.is_tensor(contrib_rnn.best_effort_input_batch_size([dynamic]))
      with pytest.raises(ValueError, match="rank >= 2"):
        contrib_rnn.best_effort_input_batch_size([tf.zeros([3])])

  def test_core_names_are_the_same_objects(self):
    assert contrib_rnn.BasicLSTMCell is rnn.BasicLSTMCell
    assert contrib_rnn.MultiRNNCell is rnn.MultiRNNCell
    assert contrib_rnn.static_rnn is V1.nn.static_rnn
    assert contrib_rnn.static_bidirectional_rnn is V1.nn.static_bidirectional_rnn

  def test_unknown_names_fail_clearly(self):
    with pytest.raises(not_provided.NotProvidedError,
                       match=r"tf\.contrib\.rnn\.NoSuchCell is not provided"):
      getattr(contrib_rnn, "NoSuchCell")
    with pytest.raises(not_provided.NotProvidedError,
                       match="LSTMBlockFusedCell"):
      getattr(contrib_rnn, "LSTMBlockWrapper")
