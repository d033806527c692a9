"""Collection plumbing shared by the contrib layers (TF1's `layers/utils.py`)."""

import tensorflow as tf

_V1 = tf.compat.v1
_KEYS = _V1.GraphKeys


def _known_variables(graph):
  return {id(v) for key in (_KEYS.GLOBAL_VARIABLES, _KEYS.LOCAL_VARIABLES)
          for v in graph.get_collection(key)}


def _shards(variable):
  return [variable] if isinstance(variable, tf.Variable) else list(variable)


def get_variable_regularized_as_tf1(getter, name, *args, **kwargs):
  """Calls `getter` (a `get_variable`) and applies `regularizer=` as TF 1.15 did.

  TF 1.15's `get_variable` called the regularizer once per new variable (each
  shard of a partitioned one), never on reuse, in name scope
  `<variable>/Regularizer/` colocated with it, and put the loss tensor itself in
  `REGULARIZATION_LOSSES`. TF 2.21's files a lazily evaluated wrapper instead
  and calls the regularizer again whenever that is read.
  """
  regularizer = kwargs.pop("regularizer", None)
  graph = _V1.get_default_graph()
  known = _known_variables(graph) if regularizer is not None else ()
  variable = getter(name, *args, **kwargs)
  if regularizer is not None:
    for shard in _shards(variable):
      if id(shard) in known:
        continue
      with _V1.colocate_with(shard):
        with _V1.name_scope(shard.op.name + "/Regularizer/"):
          loss = regularizer(shard)
      if loss is not None:
        _V1.add_to_collection(_KEYS.REGULARIZATION_LOSSES, loss)
  return variable


def model_variable_getter(rename=None):
  """A variable-scope custom getter that makes model variables.

  Every variable created through it also goes into `MODEL_VARIABLES`, and a last
  name component found in `rename` is replaced (`kernel` -> `weights`), which is
  how TF1's contrib layers gave core layers' variables their contrib names. A
  `regularizer=` acts as in TF 1.15 (see `get_variable_regularized_as_tf1`).
  """
  rename = dict(rename or {})

  def custom_getter(getter, name, *args, **kwargs):
    head, _, short = name.rpartition("/")
    if short in rename:
      name = (head + "/" if head else "") + rename[short]
    collections = list(kwargs.pop("collections", None) or [])
    collections += [_KEYS.GLOBAL_VARIABLES, _KEYS.MODEL_VARIABLES]
    return get_variable_regularized_as_tf1(
        getter, name, *args, collections=list(dict.fromkeys(collections)),
        **kwargs)

  return custom_getter


def variable_collections(collections_set, name):
  """The collections for variable `name`: `collections_set[name]` for a dict."""
  if isinstance(collections_set, dict):
    return collections_set.get(name, None)
  return collections_set


def add_variable_to_collections(variable, collections_set, name):
  """Adds `variable` (each shard, if partitioned) to its `variables_collections`."""
  collections = variable_collections(collections_set, name) or []
  if isinstance(collections, str):
    collections = [collections]
  shards = _shards(variable)
  for collection in collections:
    present = {id(v) for v in _V1.get_collection(collection)}
    for shard in shards:
      if id(shard) not in present:
        _V1.add_to_collection(collection, shard)


def collect_named_outputs(collections, alias, outputs):
  """Adds `outputs` to `collections` (if any) under `alias`; returns `outputs`.

  As in TF1 the alias (the layer's scope name, without a trailing slash) is
  recorded in `outputs.aliases`, which slim-style code reads back to build
  end-point dicts.
  """
  if collections:
    alias = alias[:-1] if alias.endswith("/") else alias
    try:
      aliases = list(getattr(outputs, "aliases", []))
      outputs.aliases = aliases + [alias]
    except AttributeError:
      pass
    if isinstance(collections, str):
      collections = [collections]
    _V1.add_to_collections(collections, outputs)
  return outputs
