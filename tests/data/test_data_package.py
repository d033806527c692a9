"""The `tf1_compat.data` package surface."""

import subprocess
import sys

import tf1_compat.data as data


def test_every_public_name_resolves():
  assert sorted(data.__all__) == sorted(set(data.__all__))
  for name in data.__all__:
    assert getattr(data, name) is not None


def test_importing_data_does_not_import_tensorflow():
  code = ("import sys, tf1_compat.data; "
          "sys.exit('tensorflow' in sys.modules)")
  assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
