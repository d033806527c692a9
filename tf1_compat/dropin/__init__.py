"""The machinery behind `tf1_compat.v1` and `python -m tf1_compat.run`.

Modules: `graph_mode` (when the process switches to TF1 graph mode), `namespace`
(module objects that serve TF1 names from our library, then from `tf.compat.v1`),
`v1_api` (the namespace of `tf1_compat.v1`), `import_alias` (`import tensorflow`
resolving to the compat API inside the runner), `input_data`
(`tensorflow.examples.tutorials.mnist.input_data`) and `numpy_aliases` (the NumPy
1.x names 2018 code used). The table of TF1 APIs we do not provide lives below
all of this, in `tf1_compat.framework.not_provided`.
"""
