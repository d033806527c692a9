"""tf1_compat: the TensorFlow 1.x graph-mode API, restored natively on modern TensorFlow.

Subpackages: `rnn` (tf.nn.rnn_cell cells), `layers` (tf.layers), `seq2seq`
(tf.contrib.seq2seq), `contrib` (the tf.contrib modules provided), `estimator`
(tf.estimator), `data` (offline MNIST, text8 and toy data), `models` (the course
models' graph builders), `training` (one `RunConfig` and the session, checkpoint,
export and step-loop machinery with exact resume), `framework` (the layer base,
argument checks, errors and the table of what is not provided), `dropin` (the
machinery behind `v1` and the runner). `tf1_compat.v1` is a drop-in for `import
tensorflow as tf` in TF1 code; `tf1-run SCRIPT` / `tf1-run -m MODULE` runs an
unmodified TF1 program; `python -m tf1_compat.cluster` runs a distributed job
on this machine; `python -m tf1_compat.conformance` runs TF 1.15's own tests for
what this library rebuilds.
"""

__version__ = "0.1.0"
