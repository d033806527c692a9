"""A 2018-style TF1 package: `python -m trainer.task`, relative imports, tests."""
