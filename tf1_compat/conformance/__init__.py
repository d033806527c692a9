"""TF 1.15's own unit and kernel tests as tf1_compat's conformance suite.

`python -m tf1_compat.conformance --tf-source DIR` runs them (see `__main__`);
`suite` finds and runs the files, `differences` documents why a test that does
not pass is a deliberate difference. TensorFlow's sources are not shipped here:
DIR is a TF 1.15 source tree the user provides.
"""
