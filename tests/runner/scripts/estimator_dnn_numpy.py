"""A premade DNNClassifier on numpy arrays, as TF 1.x's "premade estimators" guide.

Four numeric measurements per flower (an offline, iris-like stand-in: three
species with overlapping Gaussian measurements), one
`tf.feature_column.numeric_column` per measurement, `tf.estimator.DNNClassifier`
with two hidden layers of 10, `tf.estimator.inputs.numpy_input_fn` for
training, evaluation and prediction. Last line: `loss <before> -> <after>`
(the evaluation loss of the initialized and of the trained model).
"""
import argparse

import numpy as np
import tensorflow as tf

CSV_COLUMN_NAMES = ["SepalLength", "SepalWidth", "PetalLength", "PetalWidth"]
SPECIES = ["Setosa", "Versicolor", "Virginica"]
MEANS = np.array([[5.0, 3.4, 1.5, 0.2],
                  [5.9, 2.8, 4.3, 1.3],
                  [6.6, 3.0, 5.6, 2.0]])
STDDEVS = np.array([[0.35, 0.38, 0.17, 0.1],
                    [0.5, 0.3, 0.47, 0.2],
                    [0.6, 0.3, 0.55, 0.27]])

parser = argparse.ArgumentParser()
parser.add_argument("--batch_size", default=100, type=int, help="batch size")
parser.add_argument("--train_steps", default=1000, type=int,
                    help="number of training steps")


def load_data(n, seed):
  rng = np.random.RandomState(seed)
  species = rng.randint(0, 3, size=n)
  values = MEANS[species] + STDDEVS[species] * rng.randn(n, 4)
  features = {name: values[:, i].astype(np.float32)
              for i, name in enumerate(CSV_COLUMN_NAMES)}
  return features, species.astype(np.int32)


def main(argv):
  args = parser.parse_args(argv[1:])
  (train_x, train_y), (test_x, test_y) = load_data(120, 0), load_data(30, 1)

  my_feature_columns = []
  for key in train_x.keys():
    my_feature_columns.append(tf.feature_column.numeric_column(key=key))

  classifier = tf.estimator.DNNClassifier(
      feature_columns=my_feature_columns,
      hidden_units=[10, 10],
      n_classes=3,
      config=tf.estimator.RunConfig(tf_random_seed=1))

  train_input_fn = tf.estimator.inputs.numpy_input_fn(
      x=train_x, y=train_y, batch_size=args.batch_size, num_epochs=None,
      shuffle=True)
  eval_input_fn = tf.estimator.inputs.numpy_input_fn(
      x=test_x, y=test_y, num_epochs=1, shuffle=False)

  before = classifier.evaluate(input_fn=eval_input_fn)
  classifier.train(input_fn=train_input_fn, steps=args.train_steps)
  eval_result = classifier.evaluate(input_fn=eval_input_fn)
  print("\nTest set accuracy: {accuracy:0.3f}\n".format(**eval_result))

  expected = ["Setosa", "Versicolor", "Virginica"]
  predict_x = {
      "SepalLength": np.array([5.1, 5.9, 6.9], dtype=np.float32),
      "SepalWidth": np.array([3.3, 3.0, 3.1], dtype=np.float32),
      "PetalLength": np.array([1.7, 4.2, 5.4], dtype=np.float32),
      "PetalWidth": np.array([0.5, 1.5, 2.1], dtype=np.float32),
  }
  predictions = classifier.predict(
      input_fn=tf.estimator.inputs.numpy_input_fn(
          x=predict_x, num_epochs=1, shuffle=False))
  for pred_dict, expec in zip(predictions, expected):
    class_id = pred_dict["class_ids"][0]
    probability = pred_dict["probabilities"][class_id]
    print('Prediction is "{}" ({:.1f}%), expected "{}"'.format(
        SPECIES[class_id], 100 * probability, expec))

  tf.gfile.DeleteRecursively(classifier.model_dir)
  print("loss %.6f -> %.6f" % (before["loss"], eval_result["loss"]))


if __name__ == "__main__":
  tf.logging.set_verbosity(tf.logging.INFO)
  tf.app.run(main)
