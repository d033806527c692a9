"""Collection plumbing shared by the contrib layers (TF1's `layers/utils.py`)."""

import tensorflow as tf

_V1 = tf.compat.v1
_KEYS = _V1.GraphKeys


def model_variable_getter(rename=None):
  """A variable-scope custom getter that makes model variables.

  Every variable created through it also goes into `MODEL_VARIABLES`, and a last
  name component found in `rename` is replaced (`kernel` -> `weights`), which is
  how TF1's contrib layers gave core layers' variables their contrib names.
  """
  rename = dict(rename or {})

  def custom_getter(getter, name, *args, **kwargs):
    head, _, short = name.rpartition("/")
    if short in rename:
      name = (head + "/" if head else "") + rename[short]
    collections = list(kwargs.pop("collections", None) or [])
    collections += [_KEYS.GLOBAL_VARIABLES, _KEYS.MODEL_VARIABLES]
    return getter(name, *args, collections=list(dict.fromkeys(collections)),
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
  shards = [variable] if isinstance(variable, tf.Variable) else list(variable)
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
