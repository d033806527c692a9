"""`arg_scope` / `add_arg_scope`: TF-Slim's, so that there is one scope stack.

    with arg_scope([layers.conv2d, layers.fully_connected],
                   weights_regularizer=layers.l2_regularizer(1e-4)):
      net = layers.conv2d(images, 32, [3, 3])   # gets the regularizer

These are the functions of the `tf-slim` package (the maintained port of
`tf.contrib.framework`'s `arg_scope.py`), not a copy: `tf.contrib.framework`,
`tf.contrib.slim` and `import tf_slim` share one stack, so a scope opened through
any of them sets defaults for our `tf.contrib.layers` functions, tf-slim's own
layers and user functions decorated with any of their `add_arg_scope`s, as the
single `arg_scope` of TF 1.15 did. TF 1.15's semantics: only decorated functions
take part (naming another raises ValueError); call-site arguments win over scoped
ones; inner scopes override outer ones key by key; `with arg_scope(saved):`
restores the dict an earlier scope yielded; the stack is process-wide.
"""

from tf_slim.ops import arg_scope as _slim_arg_scope

add_arg_scope = _slim_arg_scope.add_arg_scope
arg_scope = _slim_arg_scope.arg_scope
arg_scope_func_key = _slim_arg_scope.arg_scope_func_key
arg_scoped_arguments = _slim_arg_scope.arg_scoped_arguments
current_arg_scope = _slim_arg_scope.current_arg_scope
has_arg_scope = _slim_arg_scope.has_arg_scope


def share_arg_scope_key(ours, theirs):
  """Makes an `arg_scope` opened on either function set defaults for both.

  In TF 1.15 `tf.contrib.slim.conv2d is tf.contrib.layers.conv2d`: one function,
  one key. Here our `tf.contrib.layers.conv2d` and tf-slim's `conv2d` (which
  tf-slim's nets call) are two functions decorated with `add_arg_scope`; giving
  ours tf-slim's key makes `arg_scope([slim.conv2d], ...)` reach ours and
  `arg_scope([tf.contrib.layers.conv2d], ...)` reach tf-slim's, as in TF 1.15.
  Both must accept the scoped keyword arguments (they share TF 1.15's
  signature).

  Args:
    ours: A function decorated with `add_arg_scope` (its key is replaced).
    theirs: The decorated function whose key both will use.
  """
  key = arg_scope_func_key(theirs)
  # The decorator looks the key up on the undecorated function at each call.
  ours.__wrapped__._key_op = key  # pylint: disable=protected-access
  ours._key_op = key  # pylint: disable=protected-access
