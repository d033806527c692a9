"""Bad inputs a user can give the example programs, and what each must answer.

Each case: `(name, example, argv, setup, expected)`. `setup(tmp)` prepares files in
a temporary directory and returns a dict used to fill `{placeholders}` in `argv`;
`expected` is a regular expression the program's last stderr line must match. The
test runs every case in a subprocess; `python -m tests.examples.bad_inputs` prints
the table of cases and the messages they actually get (kept in
docs/robustness.md).
"""

import concurrent.futures
import gzip
import os
import re
import struct
import subprocess
import sys
import tempfile
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _no_setup(tmp):
  del tmp
  return {}


def _mnist(tmp, corrupt=None):
  """Four tiny IDX files; `corrupt` in (None, "magic", "truncated", "count")."""
  directory = os.path.join(tmp, "mnist")
  os.makedirs(directory)
  sizes = {"train": 120, "t10k": 40}
  for split, n in sizes.items():
    images = struct.pack(">IIII", 2051, n, 28, 28) + bytes(n * 784)
    labels = struct.pack(">II", 2049, n) + bytes(i % 10 for i in range(n))
    if split == "train" and corrupt == "magic":
      images = struct.pack(">I", 2049) + images[4:]
    if split == "train" and corrupt == "truncated":
      images = images[:len(images) // 2]
    if split == "t10k" and corrupt == "count":
      labels = struct.pack(">II", 2049, n + 5) + bytes(i % 10 for i in range(n + 5))
    for kind, data in (("images-idx3", images), ("labels-idx1", labels)):
      with gzip.open(os.path.join(directory, "%s-%s-ubyte.gz" % (split, kind)),
                     "wb") as f:
        f.write(data)
  return {"mnist": directory}


def _zip(tmp, member="text8", text="the quick brown fox jumps over the lazy dog "):
  path = os.path.join(tmp, "text8.zip")
  with zipfile.ZipFile(path, "w") as archive:
    archive.writestr(member, text)
  return {"zip": path}


def _not_a_zip(tmp):
  path = os.path.join(tmp, "text8.zip")
  with open(path, "w", encoding="utf-8") as f:
    f.write("plain text, not a zip archive")
  return {"zip": path}


def _file(tmp):
  path = os.path.join(tmp, "a_file")
  with open(path, "w", encoding="utf-8") as f:
    f.write("x")
  return {"file": path}


def _empty_zip(tmp):
  path = os.path.join(tmp, "text8.zip")
  with zipfile.ZipFile(path, "w"):
    pass
  return {"zip": path}


def _existing(tmp):
  path = os.path.join(tmp, "exported")
  os.makedirs(path)
  return {"existing": path}


def _checkpoint(example, argv):
  """Setup that trains `example` 2 steps into `<tmp>/ckpt` with `argv`."""
  def setup(tmp):
    directory = os.path.join(tmp, "ckpt")
    completed = run_example(example, [*argv, "--num_steps=2",
                                      "--checkpoint_dir=" + directory])
    if completed.returncode:
      raise RuntimeError(completed.stderr[-2000:])
    return {"ckpt": directory}
  return setup


NO_GPU = r"^error: --device=gpu was requested but TensorFlow sees no GPU"
FLAG = r"^FATAL Flags parsing error: flag --%s=%s: "

CASES = [
    # Flags: sizes, steps, probabilities, choices, directories.
    ("zero steps", "linear_regression", ["--num_steps=0"], _no_setup,
     FLAG % ("num_steps", "0") + "must be a positive integer"),
    ("negative steps", "lenet", ["--num_steps=-5"], _no_setup,
     FLAG % ("num_steps", "-5") + "must be a positive integer"),
    ("zero log interval", "seq2seq", ["--log_every=0"], _no_setup,
     FLAG % ("log_every", "0") + "must be a positive integer"),
    ("zero checkpoint interval", "char_lstm", ["--checkpoint_every=0"], _no_setup,
     FLAG % ("checkpoint_every", "0") + "must be a positive integer"),
    ("keep_prob above 1", "lenet", ["--keep_prob=1.5"], _no_setup,
     FLAG % ("keep_prob", "1.5") + r"HParams.keep_prob must be in \(0, 1\]"),
    ("keep_prob zero", "lenet", ["--keep_prob=0"], _no_setup,
     FLAG % ("keep_prob", "0.0") + r"HParams.keep_prob must be in \(0, 1\]"),
    ("zero batch size", "lenet", ["--batch_size=0"], _no_setup,
     FLAG % ("batch_size", "0") + "HParams.batch_size must be positive"),
    ("negative learning rate", "linear_regression", ["--learning_rate=-0.1"],
     _no_setup,
     FLAG % ("learning_rate", "-0.1") + "HParams.learning_rate must be positive"),
    ("zero hidden units", "seq2seq", ["--num_units=0"], _no_setup,
     FLAG % ("num_units", "0") + "HParams.num_units must be positive"),
    ("negative beam width", "seq2seq", ["--beam_width=-2"], _no_setup,
     FLAG % ("beam_width", "-2") + r"HParams.beam_width must be >= 0"),
    ("zero unrollings", "char_lstm", ["--num_unrollings=0"], _no_setup,
     FLAG % ("num_unrollings", "0") + "HParams.num_unrollings must be positive"),
    ("unknown device", "linear_regression", ["--device=tpu"], _no_setup,
     FLAG % ("device", "tpu") + "value should be one of <auto|cpu|gpu>"),
    ("unknown attention", "seq2seq", ["--attention=dot"], _no_setup,
     FLAG % ("attention", "dot") + "value should be one of"),
    ("unknown architecture", "lenet", ["--architecture=alexnet"], _no_setup,
     FLAG % ("architecture", "alexnet") + "value should be one of"),
    ("gpu on a machine without one", "linear_regression", ["--gpu"], _no_setup,
     NO_GPU),
    ("logdir is a file", "linear_regression", ["--logdir={file}/logs"], _file,
     FLAG % ("logdir", ".*a_file/logs") + "must be a directory this user can"),
    ("checkpoint dir under a device file", "linear_regression",
     ["--checkpoint_dir=/dev/null/ckpt"], _no_setup,
     FLAG % ("checkpoint_dir", "/dev/null/ckpt") + "must be a directory this user"),
    ("export dir exists", "linear_regression", ["--export_dir={existing}"],
     _existing, FLAG % ("export_dir", ".*exported") + "must be a new directory"),
    ("stray argument", "seq2seq", ["extra"], _no_setup,
     r"unexpected arguments: extra"),
    # Files.
    ("MNIST directory missing", "lenet", ["--data_dir=/nonexistent/mnist",
                                          "--synthetic=never"], _no_setup,
     r"^error: MNIST: expected the four files .* missing: train-images"),
    ("IDX with a wrong magic number", "lenet",
     ["--data_dir={mnist}", "--synthetic=never", "--validation_size=10"],
     lambda tmp: _mnist(tmp, "magic"),
     r"^error: .*train-images-idx3-ubyte.gz.*magic.*2051.*2049"),
    ("truncated IDX", "lenet",
     ["--data_dir={mnist}", "--synthetic=never", "--validation_size=10"],
     lambda tmp: _mnist(tmp, "truncated"),
     r"^error: .*train-images-idx3-ubyte.gz.*(truncated|expected)"),
    ("IDX label count disagrees with images", "lenet",
     ["--data_dir={mnist}", "--synthetic=never", "--validation_size=10"],
     lambda tmp: _mnist(tmp, "count"),
     r"^error: .*t10k-images-idx3-ubyte.gz.*t10k-labels-idx1-ubyte.gz.*40 images "
     r"and 45 labels"),
    ("validation split larger than the data", "lenet",
     ["--data_dir={mnist}", "--synthetic=never"], _mnist,
     r"^error: Validation size should be between 0 and 120. Received: 5000"),
    ("text8 zip missing", "char_lstm", ["--text8=/nonexistent/text8.zip"],
     _no_setup, r"^error: .*No such file or directory.*text8.zip"),
    ("text8 is not a zip", "char_lstm", ["--text8={zip}"], _not_a_zip,
     r"^error: text zip .*text8.zip.*: expected a zip archive"),
    ("zip with no members", "char_lstm", ["--text8={zip}"], _empty_zip,
     r"^error: text zip .*text8.zip.*: expected a member 'text8' or at least one "
     r"member, found an empty archive"),
    ("empty text in the zip", "char_lstm", ["--text8={zip}"],
     lambda tmp: _zip(tmp, member="readme.txt", text=""),
     r"^error: split_text: expected 0 <= valid_size < len\(text\) = 0"),
    ("corpus smaller than one batch", "char_lstm", ["--text8={zip}"],
     lambda tmp: _zip(tmp, text="short text " * 110),
     r"^error: BatchGenerator: expected a text of at least batch_size \* "
     r"\(num_unrollings \+ 1\) = 64 \* 11 = 704 characters, found 210"),
    # Checkpoints.
    ("restore into other hyperparameters", "seq2seq",
     ["--checkpoint_dir={ckpt}", "--num_units=32", "--num_steps=4"],
     _checkpoint("seq2seq", ["--num_units=16", "--batch_size=8"]),
     r"^error: checkpoint .*model.ckpt-2 does not fit this graph \(built with "
     r"other hyperparameters\?\):$"),
    ("eval_only without a checkpoint", "lenet",
     ["--eval_only", "--checkpoint_dir={tmp}/none", "--data_dir={mnist}",
      "--validation_size=10"], _mnist,
     r"^error: --eval_only needs a checkpoint in --checkpoint_dir"),
    ("sample_only without a checkpoint", "char_lstm",
     ["--sample_only", "--checkpoint_dir={tmp}/empty"], _no_setup,
     r"^error: --sample_only needs a checkpoint in --checkpoint_dir"),
]


def run_example(example, argv, timeout=300):
  env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="")
  env["PYTHONPATH"] = ROOT + os.pathsep + env.get("PYTHONPATH", "")
  return subprocess.run([sys.executable, "-m", "examples." + example, *argv],
                        cwd=ROOT, env=env, capture_output=True, text=True,
                        timeout=timeout, check=False)


def message_line(stderr):
  """The line a user reads: absl's flag error or our `error:` line, else the last."""
  lines = [l for l in stderr.strip().splitlines() if l.strip()]
  for line in lines:
    if line.startswith(("FATAL Flags parsing error", "error: ")):
      return line
  return lines[-1] if lines else ""


def run_case(case, tmp):
  """Runs one case in `tmp`; returns `(completed, message line)`."""
  _, example, argv, setup, _ = case
  values = {"tmp": tmp, **setup(tmp)}
  completed = run_example(example, [a.format(**values) for a in argv])
  return completed, message_line(completed.stderr)


def run_all(cases, workers=4):
  """`[(case, completed, last line)]` for `cases`, run concurrently."""
  def one(case):
    with tempfile.TemporaryDirectory() as tmp:
      completed, last = run_case(case, tmp)
      return case, completed, last
  with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
    return list(pool.map(one, cases))


def main():
  print("| # | bad input | program | exit | message |")
  print("|---|---|---|---|---|")
  for i, (case, completed, last) in enumerate(run_all(CASES), 1):
    ok = re.search(case[4], last) is not None
    print("| %d | %s | `%s %s` | %d | %s%s |" % (
        i, case[0], case[1], " ".join(case[2]), completed.returncode,
        re.sub(r"/tmp/[^/ ']+", "<tmp>", last).replace("|", "\\|"),
        "" if ok else " (UNEXPECTED)"))


if __name__ == "__main__":
  main()
