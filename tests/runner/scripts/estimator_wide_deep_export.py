"""Wide & deep on census-style CSV rows, exported and served, as TF 1.x's tutorial.

Writes an offline, census-like CSV (age, education, occupation, hours per
week, income bracket), reads it with `tf.data.TextLineDataset` and
`tf.decode_csv`, and trains a `tf.estimator.DNNLinearCombinedClassifier`: the
wide part on bucketized age, the categorical columns and their cross, the deep
part on the numeric columns, an indicator and an embedding. The trained model
is evaluated, exported with `export_savedmodel` and
`tf.estimator.export.build_parsing_serving_input_receiver_fn`, loaded with
`tf.saved_model.loader.load` in a fresh graph, and served on serialized
`tf.train.Example`s, which must score as `predict` does. Last line:
`loss <before> -> <after>` (evaluation loss before and after training).
"""
import os
import shutil
import tempfile

import numpy as np
import tensorflow as tf

tf.app.flags.DEFINE_integer("train_steps", 400, "number of training steps")
tf.app.flags.DEFINE_integer("batch_size", 40, "examples per batch")
FLAGS = tf.app.flags.FLAGS

_CSV_COLUMNS = ["age", "education", "occupation", "hours_per_week",
                "income_bracket"]
_CSV_COLUMN_DEFAULTS = [[0.], [""], [""], [0.], [""]]
_EDUCATION = ["Bachelors", "HS-grad", "Masters", "Doctorate", "Some-college"]
_OCCUPATIONS = ["Tech-support", "Craft-repair", "Sales", "Exec-managerial",
                "Prof-specialty", "Adm-clerical"]


def write_census_csv(path, n, seed):
  """Rows whose income depends on age, education, occupation and hours."""
  rng = np.random.RandomState(seed)
  with open(path, "w") as f:
    for _ in range(n):
      age = rng.randint(18, 70)
      education = rng.randint(len(_EDUCATION))
      occupation = rng.randint(len(_OCCUPATIONS))
      hours = rng.randint(10, 70)
      score = (0.04 * (age - 40) + 0.8 * (education in (0, 2, 3))
               + 0.6 * (occupation in (3, 4)) + 0.03 * (hours - 40)
               + 0.5 * rng.randn())
      f.write("%d,%s,%s,%d,%s\n" % (age, _EDUCATION[education],
                                    _OCCUPATIONS[occupation], hours,
                                    ">50K" if score > 0.5 else "<=50K"))


def build_model_columns():
  age = tf.feature_column.numeric_column("age")
  hours_per_week = tf.feature_column.numeric_column("hours_per_week")
  education = tf.feature_column.categorical_column_with_vocabulary_list(
      "education", _EDUCATION)
  occupation = tf.feature_column.categorical_column_with_hash_bucket(
      "occupation", hash_bucket_size=20)
  age_buckets = tf.feature_column.bucketized_column(
      age, boundaries=[25, 30, 35, 40, 45, 50, 55, 60, 65])
  wide_columns = [
      education, occupation, age_buckets,
      tf.feature_column.crossed_column(["education", "occupation"],
                                       hash_bucket_size=100)]
  deep_columns = [
      age, hours_per_week,
      tf.feature_column.indicator_column(education),
      tf.feature_column.embedding_column(occupation, dimension=4)]
  return wide_columns, deep_columns


def input_fn(data_file, num_epochs, shuffle, batch_size):
  def parse_csv(value):
    columns = tf.decode_csv(value, record_defaults=_CSV_COLUMN_DEFAULTS)
    features = dict(zip(_CSV_COLUMNS, columns))
    labels = features.pop("income_bracket")
    return features, tf.equal(labels, ">50K")

  dataset = tf.data.TextLineDataset(data_file)
  if shuffle:
    dataset = dataset.shuffle(buffer_size=1000, seed=1)
  dataset = dataset.map(parse_csv)
  dataset = dataset.repeat(num_epochs)
  return dataset.batch(batch_size)


def main(_):
  tf.logging.set_verbosity(tf.logging.INFO)
  work_dir = tempfile.mkdtemp()
  train_file = os.path.join(work_dir, "adult.data")
  test_file = os.path.join(work_dir, "adult.test")
  write_census_csv(train_file, 1000, seed=0)
  write_census_csv(test_file, 200, seed=1)

  wide_columns, deep_columns = build_model_columns()
  model = tf.estimator.DNNLinearCombinedClassifier(
      model_dir=os.path.join(work_dir, "model"),
      linear_feature_columns=wide_columns,
      dnn_feature_columns=deep_columns,
      dnn_hidden_units=[16, 8],
      config=tf.estimator.RunConfig(tf_random_seed=1))

  eval_fn = lambda: input_fn(test_file, 1, False, 200)
  before = model.evaluate(input_fn=eval_fn)
  model.train(input_fn=lambda: input_fn(train_file, None, True,
                                        FLAGS.batch_size),
              steps=FLAGS.train_steps)
  results = model.evaluate(input_fn=eval_fn)
  for key in sorted(results):
    print("%s: %s" % (key, results[key]))

  feature_spec = tf.feature_column.make_parse_example_spec(
      wide_columns + deep_columns)
  export_dir = model.export_savedmodel(
      os.path.join(work_dir, "export"),
      tf.estimator.export.build_parsing_serving_input_receiver_fn(
          feature_spec))
  print("exported to %s" % export_dir.decode())

  people = [(25., "HS-grad", "Craft-repair", 30.),
            (52., "Doctorate", "Prof-specialty", 60.),
            (41., "Bachelors", "Sales", 45.)]
  examples = []
  for age, education, occupation, hours in people:
    example = tf.train.Example(features=tf.train.Features(feature={
        "age": tf.train.Feature(float_list=tf.train.FloatList(value=[age])),
        "education": tf.train.Feature(
            bytes_list=tf.train.BytesList(value=[education.encode()])),
        "occupation": tf.train.Feature(
            bytes_list=tf.train.BytesList(value=[occupation.encode()])),
        "hours_per_week": tf.train.Feature(
            float_list=tf.train.FloatList(value=[hours])),
    }))
    examples.append(example.SerializeToString())

  with tf.Graph().as_default():
    with tf.Session() as sess:
      meta_graph_def = tf.saved_model.loader.load(
          sess, [tf.saved_model.tag_constants.SERVING], export_dir)
      signature = meta_graph_def.signature_def["serving_default"]
      scores = sess.run(signature.outputs["scores"].name,
                        {signature.inputs["inputs"].name: examples})

  def predict_fn():
    columns = list(zip(*people))
    return tf.data.Dataset.from_tensor_slices({
        "age": np.array(columns[0], np.float32),
        "education": np.array(columns[1]),
        "occupation": np.array(columns[2]),
        "hours_per_week": np.array(columns[3], np.float32)}).batch(3)

  predicted = [p["probabilities"] for p in model.predict(predict_fn)]
  for person, served, local in zip(people, scores, predicted):
    print("%s: served P(>50K) = %.4f, predict() = %.4f"
          % (person, served[1], local[1]))
  if not np.allclose(scores, predicted, atol=1e-5):
    raise SystemExit("served scores differ from predict()")

  shutil.rmtree(work_dir)
  print("loss %.6f -> %.6f" % (before["loss"], results["loss"]))


if __name__ == "__main__":
  tf.app.run()
