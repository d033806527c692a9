"""The runner tests; `projects/` holds TF1 projects the tests run, not tests."""

collect_ignore = ["projects"]
