"""`tf.contrib.util`: tensor-proto helpers, served by TensorFlow's own.

`constant_value(tensor, partial=False)` (`tf.get_static_value`),
`make_tensor_proto`, `make_ndarray`, and `ops_used_by_graph_def` (the op types a
`GraphDef` and its function library use, sorted). `stripped_op_list_for_graph`
is not provided.
"""

import tensorflow as tf

from tf1_compat.framework import not_provided

constant_value = tf.get_static_value
make_ndarray = tf.make_ndarray
make_tensor_proto = tf.make_tensor_proto


def ops_used_by_graph_def(graph_def):
  """The names of the op types `graph_def` uses, its functions' included, sorted."""
  used = {node.op for node in graph_def.node}
  functions = {f.signature.name: f for f in graph_def.library.function}
  pending = [name for name in used if name in functions]
  seen = set()
  while pending:
    name = pending.pop()
    if name in seen:
      continue
    seen.add(name)
    for node in functions[name].node_def:
      used.add(node.op)
      if node.op in functions:
        pending.append(node.op)
  return sorted(used - set(functions))


__all__ = ["constant_value", "make_ndarray", "make_tensor_proto",
           "ops_used_by_graph_def"]

__getattr__ = not_provided.partial_module_getattr(
    "tf.contrib.util", __all__, {"stripped_op_list_for_graph": (
        "it needs TensorFlow's private op registry",
        "tf.compat.v1.train.export_meta_graph(strip_default_attrs=True), "
        "whose meta_info_def.stripped_op_list holds the same list")})
