"""Small helpers shared by the test packages."""

import hashlib
import os


def tree_digest(directory):
  """`{path relative to directory: sha256}` of every file under `directory`."""
  digest = {}
  for root, _, files in os.walk(directory):
    for name in files:
      path = os.path.join(root, name)
      with open(path, "rb") as f:
        digest[os.path.relpath(path, directory)] = hashlib.sha256(f.read()).hexdigest()
  return digest
