"""The README's results table is written by `benchmarks.course_models`, not by hand."""

import os

import pytest

from benchmarks import course_models

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

_RESULTS = {
    "linear": {"k": 2.98544, "b": -0.99682, "steps": 100},
    "lenet": {"data": "synthetic digits", "steps": 2000, "test_accuracy": 0.9918},
    "char": {"steps": 7001, "validation_perplexity": 4.4213,
             "unigram_perplexity": 28.4333},
    "seq2seq": {"steps": 10000, "exact_match": 0.995},
    "copy": {"steps": 6000, "exact_match": 0.999},
    "copy_plain": {"steps": 6000, "exact_match": 0.894},
}


def test_rows_come_from_the_results():
  rows = course_models.readme_rows(_RESULTS)
  assert rows[:2] == ["| Run | Result |", "|---|---|"]
  assert "| linear regression, 100 steps | k = 2.985, b = -0.997 |" in rows
  assert any("LeNet (slides' CNN) on synthetic digits, 2000 steps | 99.18 %" in r
             for r in rows)
  assert any("7001 steps | validation perplexity 4.42 (unigram 28.4) |" in r
             for r in rows)
  assert any("10000 steps, greedy | 99.5 % exact-match" in r for r in rows)
  assert any("6000 steps (Adam 3e-3) | 99.9 % with `--attention=luong`; 89.4 % "
             "without attention |" in r for r in rows)


def test_the_table_between_the_markers_is_replaced(tmp_path):
  readme = tmp_path / "README.md"
  readme.write_text("intro\n%s\n| old | table |\n%s\nafter\n"
                    % (course_models.BEGIN, course_models.END))
  course_models.update_readme(str(readme), ["| new |", "|---|"])
  assert readme.read_text() == "intro\n%s\n| new |\n|---|\n%s\nafter\n" % (
      course_models.BEGIN, course_models.END)
  readme.write_text("no markers\n")
  with pytest.raises(ValueError, match="expected the markers"):
    course_models.update_readme(str(readme), ["| new |"])


def test_the_readme_has_the_markers_and_the_command():
  with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
    text = f.read()
  assert text.count(course_models.BEGIN) == 1 and text.count(course_models.END) == 1
  assert "python -m benchmarks.course_models\n--readme=README.md" in text
