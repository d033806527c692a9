"""A text classifier fed by tf.contrib.data and tf.contrib.lookup (2018 style).

The vocabulary goes through `tf.contrib.lookup.index_table_from_file` (with OOV
buckets) and `index_to_string_table_from_file`; sentences come from a
`TextLineDataset`, are split and looked up inside the pipeline, shuffled with
`tf.contrib.data.shuffle_and_repeat`, bucketed by length with
`tf.contrib.data.bucket_by_sequence_length` and fed through an initializable
iterator after `tf.tables_initializer()`. An embedding bag plus a dense layer
learns which of two word groups a sentence is made of. Last line:
`loss <before> -> <after>`.
"""
import argparse
import os
import random
import sys
import tempfile

import tensorflow as tf

GROUPS = (["red", "green", "blue", "yellow", "purple"],
          ["cat", "dog", "horse", "mouse", "goat"])


def write_corpus(directory, num_lines=400, seed=7):
  rng = random.Random(seed)
  vocab_path = os.path.join(directory, "vocab.txt")
  with open(vocab_path, "w") as f:
    f.write("\n".join(GROUPS[0] + GROUPS[1]) + "\n")
  data_path = os.path.join(directory, "train.tsv")
  with open(data_path, "w") as f:
    for _ in range(num_lines):
      label = rng.randint(0, 1)
      words = [rng.choice(GROUPS[label]) for _ in range(rng.randint(2, 9))]
      if rng.random() < 0.3:
        words.append("unknownword%d" % rng.randint(0, 3))
      f.write("%d\t%s\n" % (label, " ".join(words)))
  return vocab_path, data_path


def input_pipeline(vocab_path, data_path, batch_size):
  table = tf.contrib.lookup.index_table_from_file(vocab_path,
                                                  num_oov_buckets=2)

  def parse(line):
    fields = tf.string_split([line], "\t").values
    label = tf.string_to_number(fields[0], out_type=tf.int32)
    words = tf.string_split([fields[1]]).values
    return table.lookup(words), label

  dataset = tf.data.TextLineDataset(data_path).map(parse)
  dataset = dataset.apply(tf.contrib.data.shuffle_and_repeat(200, seed=1))
  dataset = dataset.apply(tf.contrib.data.bucket_by_sequence_length(
      element_length_func=lambda ids, label: tf.shape(ids)[0],
      bucket_boundaries=[4, 7], bucket_batch_sizes=[batch_size] * 3))
  return dataset.make_initializable_iterator()


def main(argv):
  parser = argparse.ArgumentParser()
  parser.add_argument("--steps", type=int, default=300)
  args = parser.parse_args(argv[1:])
  workdir = tempfile.mkdtemp(prefix="pipeline")
  vocab_path, data_path = write_corpus(workdir)
  tf.set_random_seed(0)
  iterator = input_pipeline(vocab_path, data_path, batch_size=16)
  ids, labels = iterator.get_next()
  embeddings = tf.get_variable("embeddings", [12, 8])
  mask = tf.cast(tf.not_equal(ids, 0), tf.float32)[:, :, None]
  bag = tf.reduce_sum(tf.nn.embedding_lookup(embeddings, ids) * mask, 1)
  logits = tf.layers.dense(bag, 2, name="classifier")
  loss = tf.losses.sparse_softmax_cross_entropy(labels, logits)
  train_op = tf.train.AdagradOptimizer(0.5).minimize(loss)
  reverse = tf.contrib.lookup.index_to_string_table_from_file(vocab_path)
  first_word = reverse.lookup(tf.constant([5], tf.int64))
  with tf.Session() as session:
    session.run([tf.global_variables_initializer(), tf.tables_initializer(),
                 iterator.initializer])
    assert session.run(first_word)[0] == b"cat"
    losses = [session.run([loss, train_op])[0] for _ in range(args.steps)]
  first = sum(losses[:10]) / 10
  last = sum(losses[-10:]) / 10
  print("loss %f -> %f" % (first, last))
  return 0


if __name__ == "__main__":
  sys.exit(main(sys.argv))
