"""`tf.contrib.framework.nest`: TF 1.15's `nest` module, with all of its names.

TensorFlow 2 exports five of them (`flatten`, `pack_sequence_as`,
`map_structure`, `assert_same_structure`, `is_nested`); they are served as they
are, and the structure rules they define (what is a sequence, the order of
children) are the ones everything here follows: mappings by sorted key,
namedtuples and `attrs` classes by field, lists and tuples by index; strings,
tensors and everything else are leaves. The rest of TF 1.15's module is rebuilt
on those rules: `is_sequence`, the `*_up_to` family (partial flattening against a
shallower structure), the path-yielding functions and `flatten_dict_items`, with
TF 1.15's error classes and messages.
"""

import collections.abc

import tensorflow as tf

assert_same_structure = tf.nest.assert_same_structure
flatten = tf.nest.flatten
is_nested = tf.nest.is_nested
map_structure = tf.nest.map_structure
pack_sequence_as = tf.nest.pack_sequence_as
is_sequence = tf.nest.is_nested

__all__ = [
    "assert_same_structure",
    "assert_shallow_structure",
    "flatten",
    "flatten_dict_items",
    "flatten_up_to",
    "flatten_with_joined_string_paths",
    "flatten_with_tuple_paths",
    "flatten_with_tuple_paths_up_to",
    "get_traverse_shallow_structure",
    "is_nested",
    "is_sequence",
    "is_sequence_or_composite",
    "map_structure",
    "map_structure_up_to",
    "map_structure_with_paths",
    "map_structure_with_tuple_paths",
    "map_structure_with_tuple_paths_up_to",
    "pack_sequence_as",
    "yield_flat_paths",
]


def is_sequence_or_composite(seq):
  """Whether `seq` is a sequence or a composite tensor (`SparseTensor`, ...)."""
  return is_nested(seq) or isinstance(seq, tf.__internal__.CompositeTensor)


def _is_namedtuple(value):
  return isinstance(value, tuple) and hasattr(type(value), "_fields")


def _attrs_names(value):
  fields = getattr(type(value), "__attrs_attrs__", None)
  return None if fields is None else [field.name for field in fields]


def _sorted_keys(mapping):
  try:
    return sorted(mapping)
  except TypeError as error:
    raise TypeError("nest only supports dicts with sortable keys.") from error


def _items(structure):
  """`(key, child)` pairs of one level of `structure`, in nest order."""
  if isinstance(structure, collections.abc.Mapping):
    return [(key, structure[key]) for key in _sorted_keys(structure)]
  names = _attrs_names(structure)
  if names is not None:
    return [(name, getattr(structure, name)) for name in names]
  if _is_namedtuple(structure):
    return list(zip(type(structure)._fields, structure))
  if isinstance(structure, tf.__internal__.CompositeTensor):
    components = tf.nest.flatten(structure, expand_composites=True)
    return list(enumerate(components))
  return list(enumerate(structure))


def _children(structure):
  return [child for _, child in _items(structure)]


def _sequence_like(instance, children):
  """A container of `instance`'s type holding `children` (in nest order)."""
  if isinstance(instance, collections.abc.Mapping):
    by_key = dict(zip(_sorted_keys(instance), children))
    return type(instance)((key, by_key[key]) for key in instance)
  if _attrs_names(instance) is not None or _is_namedtuple(instance):
    return type(instance)(*children)
  if isinstance(instance, list):
    return list(children)
  return tuple(children)


def _predicate(expand_composites):
  return is_sequence_or_composite if expand_composites else is_sequence


def _same_namedtuples(one, two):
  return (type(one).__name__ == type(two).__name__
          and type(one)._fields == type(two)._fields)


def _check_shallow_types(shallow_tree, input_tree):
  if isinstance(input_tree, type(shallow_tree)):
    return
  if _is_namedtuple(shallow_tree) and _is_namedtuple(input_tree):
    if _same_namedtuples(shallow_tree, input_tree):
      return
  elif (isinstance(shallow_tree, collections.abc.Mapping)
        and isinstance(input_tree, collections.abc.Mapping)):
    return
  raise TypeError(
      "The two structures don't have the same sequence type. Input structure "
      "has type %s, while shallow structure has type %s."
      % (type(input_tree), type(shallow_tree)))


def assert_shallow_structure(shallow_tree, input_tree, check_types=True,
                             expand_composites=False,
                             check_subtrees_length=True):
  """Checks that `input_tree` extends `shallow_tree` below its leaves.

  Raises:
    TypeError: `shallow_tree` is a sequence and `input_tree` is not, or (with
      `check_types`) their sequence types differ; namedtuples with the same name
      and fields count as the same type, as do any two mappings.
    ValueError: their lengths differ (only "shorter" is an error without
      `check_subtrees_length`), or a mapping key of `shallow_tree` is missing.
  """
  is_seq = _predicate(expand_composites)
  if not is_seq(shallow_tree):
    return
  if not is_seq(input_tree):
    raise TypeError(
        "If shallow structure is a sequence, input must also be a sequence. "
        "Input has type: %s." % type(input_tree))
  if check_types:
    _check_shallow_types(shallow_tree, input_tree)
  shallow_children = _children(shallow_tree)
  input_children = _children(input_tree)
  if check_subtrees_length and len(input_children) != len(shallow_children):
    raise ValueError(
        "The two structures don't have the same sequence length. Input "
        "structure has length %d, while shallow structure has length %d."
        % (len(input_children), len(shallow_children)))
  if len(input_children) < len(shallow_children):
    raise ValueError(
        "The input_tree has fewer elements than the shallow_tree. Input "
        "structure has length %d, while shallow structure has length %d."
        % (len(input_children), len(shallow_children)))
  if isinstance(shallow_tree, collections.abc.Mapping):
    absent = set(shallow_tree) - set(input_tree)
    if absent:
      raise ValueError("The shallow_tree's keys are not a subset of the "
                       "input_tree's keys. Shallow tree has keys that are not "
                       "in the input_tree: %s." % sorted(absent))
    input_children = [input_tree[key] for key in _sorted_keys(shallow_tree)]
  for shallow_branch, input_branch in zip(shallow_children, input_children):
    assert_shallow_structure(shallow_branch, input_branch,
                             check_types=check_types,
                             expand_composites=expand_composites,
                             check_subtrees_length=check_subtrees_length)


def _flat_up_to(shallow_tree, input_tree, is_seq, path=()):
  """`(path, subtree of input_tree)` for each leaf of `shallow_tree`."""
  if not is_seq(shallow_tree):
    yield path, input_tree
    return
  by_key = dict(_items(input_tree))
  for key, shallow_branch in _items(shallow_tree):
    yield from _flat_up_to(shallow_branch, by_key[key], is_seq, path + (key,))


def flatten_up_to(shallow_tree, input_tree, check_types=True,
                  expand_composites=False, check_subtrees_length=True):
  """`input_tree` flattened only as deep as `shallow_tree` goes.

  Each leaf of `shallow_tree` yields the whole corresponding subtree of
  `input_tree`; `flatten_up_to(leaf, x)` is `[x]`.
  """
  assert_shallow_structure(shallow_tree, input_tree, check_types=check_types,
                           expand_composites=expand_composites,
                           check_subtrees_length=check_subtrees_length)
  return [value for _, value in _flat_up_to(
      shallow_tree, input_tree, _predicate(expand_composites))]


def flatten_with_tuple_paths_up_to(shallow_tree, input_tree, check_types=True,
                                   expand_composites=False,
                                   check_subtrees_length=True):
  """`flatten_up_to` with each value paired with its tuple path."""
  assert_shallow_structure(shallow_tree, input_tree, check_types=check_types,
                           expand_composites=expand_composites,
                           check_subtrees_length=check_subtrees_length)
  return list(_flat_up_to(shallow_tree, input_tree,
                          _predicate(expand_composites)))


def _check_kwargs(kwargs, allowed):
  unknown = sorted(set(kwargs) - set(allowed))
  if unknown:
    raise ValueError("Only valid keyword arguments are %s; got: %s"
                     % (", ".join(allowed), ", ".join(unknown)))


def map_structure_with_tuple_paths_up_to(shallow_tree, func, *inputs,
                                         **kwargs):
  """Applies `func(path, *subtrees)` at each leaf of `shallow_tree`.

  Keyword arguments: `check_types` (default True), `expand_composites`
  (default False), `check_subtrees_length` (default True).

  Returns:
    A structure like `shallow_tree` holding `func`'s results.
  """
  if not inputs:
    raise ValueError("Cannot map over no sequences")
  _check_kwargs(kwargs, ("check_types", "expand_composites",
                         "check_subtrees_length"))
  check_types = kwargs.get("check_types", True)
  expand_composites = kwargs.get("expand_composites", False)
  check_subtrees_length = kwargs.get("check_subtrees_length", True)
  is_seq = _predicate(expand_composites)
  for input_tree in inputs:
    assert_shallow_structure(shallow_tree, input_tree, check_types=check_types,
                             expand_composites=expand_composites,
                             check_subtrees_length=check_subtrees_length)
  paths = [path for path, _ in _flat_up_to(shallow_tree, shallow_tree, is_seq)]
  flat_inputs = [[value for _, value in _flat_up_to(shallow_tree, tree, is_seq)]
                 for tree in inputs]
  results = [func(path, *values) for path, *values in zip(paths, *flat_inputs)]
  return pack_sequence_as(shallow_tree, results,
                          expand_composites=expand_composites)


def map_structure_up_to(shallow_tree, func, *inputs, **kwargs):
  """Applies `func(*subtrees)` at each leaf of `shallow_tree`; see above."""
  return map_structure_with_tuple_paths_up_to(
      shallow_tree, lambda _, *values: func(*values), *inputs, **kwargs)


def yield_flat_paths(nest, expand_composites=False):
  """Yields the tuple path of every leaf of `nest`, in `flatten` order."""
  for path, _ in _flat_up_to(nest, nest, _predicate(expand_composites)):
    yield path


def flatten_with_tuple_paths(structure, expand_composites=False):
  """`[(tuple_path, leaf), ...]` in `flatten` order."""
  return list(zip(yield_flat_paths(structure, expand_composites),
                  flatten(structure, expand_composites=expand_composites)))


def flatten_with_joined_string_paths(structure, separator="/",
                                     expand_composites=False):
  """`[("a/0/b", leaf), ...]`: paths joined with `separator`."""
  return [(separator.join(str(key) for key in path), leaf)
          for path, leaf in flatten_with_tuple_paths(structure,
                                                     expand_composites)]


def map_structure_with_tuple_paths(func, *structure, **kwargs):
  """`map_structure` passing each leaf's tuple path first.

  Keyword arguments: `check_types` (default True), `expand_composites`
  (default False).
  """
  if not structure:
    raise ValueError("Must provide at least one structure")
  _check_kwargs(kwargs, ("check_types", "expand_composites"))
  check_types = kwargs.get("check_types", True)
  expand_composites = kwargs.get("expand_composites", False)
  for other in structure[1:]:
    assert_same_structure(structure[0], other, check_types=check_types,
                          expand_composites=expand_composites)
  paths = list(yield_flat_paths(structure[0], expand_composites))
  flat = [flatten(s, expand_composites=expand_composites) for s in structure]
  results = [func(path, *values) for path, *values in zip(paths, *flat)]
  return pack_sequence_as(structure[0], results,
                          expand_composites=expand_composites)


def map_structure_with_paths(func, *structure, **kwargs):
  """`map_structure` passing each leaf's "/"-joined string path first."""
  return map_structure_with_tuple_paths(
      lambda path, *values: func("/".join(str(key) for key in path), *values),
      *structure, **kwargs)


def get_traverse_shallow_structure(traverse_fn, structure,
                                   expand_composites=False):
  """The shallow structure of bools that `traverse_fn` allows descending into.

  `traverse_fn(subtree)` returns a bool (descend into all of it, or not at all)
  or a depth-1 structure of bools like `subtree`.

  Raises:
    TypeError: `traverse_fn` returned a non-bool for a leaf, a non-bool scalar,
      or a structure deeper than one level.
  """
  is_seq = _predicate(expand_composites)
  to_traverse = traverse_fn(structure)
  if not is_seq(structure):
    if not isinstance(to_traverse, bool):
      raise TypeError("traverse_fn returned structure: %s for non-structure: %s"
                      % (to_traverse, structure))
    return to_traverse
  if isinstance(to_traverse, bool):
    if not to_traverse:
      return False
    level = [get_traverse_shallow_structure(traverse_fn, branch,
                                            expand_composites)
             for branch in _children(structure)]
  elif not is_seq(to_traverse):
    raise TypeError("traverse_fn returned a non-bool scalar: %s for input: %s"
                    % (to_traverse, structure))
  else:
    assert_shallow_structure(to_traverse, structure,
                             expand_composites=expand_composites)
    level = []
    for allowed, branch in zip(_children(to_traverse), _children(structure)):
      if not isinstance(allowed, bool):
        raise TypeError(
            "traverse_fn didn't return a depth=1 structure of bools.  saw: %s "
            " for structure: %s" % (to_traverse, structure))
      level.append(get_traverse_shallow_structure(traverse_fn, branch)
                   if allowed else False)
  return _sequence_like(structure, level)


def flatten_dict_items(dictionary):
  """`{(1, (2, 3)): ("a", ("b", "c"))}` -> `{1: "a", 2: "b", 3: "c"}`.

  Raises:
    TypeError: `dictionary` is not a mapping.
    ValueError: a key and its value differ in structure, or a flattened key
      repeats.
  """
  if not isinstance(dictionary, collections.abc.Mapping):
    raise TypeError("input must be a dictionary")
  flat = {}
  for key, value in dictionary.items():
    if is_sequence(key):
      keys, values = flatten(key), flatten(value)
      if len(keys) != len(values):
        raise ValueError(
            "Could not flatten dictionary. Key had %d elements, but value had "
            "%d elements. Key: %s, value: %s."
            % (len(keys), len(values), keys, values))
    else:
      keys, values = [key], [value]
    for flat_key, flat_value in zip(keys, values):
      if flat_key in flat:
        raise ValueError("Could not flatten dictionary: key %s is not unique."
                         % (flat_key,))
      flat[flat_key] = flat_value
  return flat
