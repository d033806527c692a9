"""tf.keras in a TF1 graph, the 2018 way: a Sequential model compiled and fitted
on numpy arrays, then its tensors used directly in `K.get_session()` with
`K.learning_phase()`, next to plain `tf.Session` code, and a
`tf.keras.callbacks.EarlyStopping`. Last line: `loss <before> -> <after>`.
"""
import argparse

import numpy as np
import tensorflow as tf
from tensorflow.keras import backend as K
from tensorflow.keras.layers import Dense, Dropout


def main():
  parser = argparse.ArgumentParser()
  parser.add_argument("--epochs", type=int, default=20)
  args = parser.parse_args()
  rng = np.random.RandomState(0)
  x = rng.rand(512, 6).astype(np.float32)
  y = (x[:, :3].sum(axis=1) > x[:, 3:].sum(axis=1)).astype(np.float32)
  tf.set_random_seed(0)
  model = tf.keras.Sequential([
      Dense(32, activation="relu", input_shape=(6,),
            kernel_initializer=tf.keras.initializers.glorot_normal()),
      Dropout(0.2),
      Dense(1, activation="sigmoid")])
  model.compile(optimizer=tf.keras.optimizers.Adam(0.01),
                loss="binary_crossentropy", metrics=["accuracy"])
  history = model.fit(x, y, batch_size=32, epochs=args.epochs, verbose=0,
                      validation_split=0.2, callbacks=[
                          tf.keras.callbacks.EarlyStopping(patience=50)])
  sess = K.get_session()
  probabilities = sess.run(model.output, {model.input: x[:4],
                                          K.learning_phase(): 0})
  assert probabilities.shape == (4, 1)
  gradients = tf.gradients(model.total_loss, model.trainable_weights)
  assert all(g is not None for g in gradients)
  losses = history.history["loss"]
  print("accuracy %.3f" % history.history["acc"][-1])  # TF 1.x: "acc"
  print("loss %f -> %f" % (losses[0], losses[-1]))


if __name__ == "__main__":
  main()
