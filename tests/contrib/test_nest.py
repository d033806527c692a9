"""contrib.framework.nest: TF 1.15's names and behaviour.

TensorFlow 2.21 still carries TF 1.15's `nest` as a private module; it serves
as the oracle here (tests only; the library uses public `tf.nest`), together
with cases from TF 1.15's `nest_test.py`.
"""

import collections

import pytest
import tensorflow as tf
from tensorflow.python.util import nest as oracle  # pylint: disable=g-direct-tensorflow-import

from tf1_compat.contrib.framework import nest

Point = collections.namedtuple("Point", ["x", "y"])
SameName = collections.namedtuple("Point", ["x", "y"])

_STRUCTURES = [
    1,
    "leaf",
    [1, [2, 3], (4, 5)],
    {"b": [1, 2], "a": (3, {"d": 4, "c": 5})},
    Point(x=[1, 2], y=Point(x=3, y=(4,))),
    collections.OrderedDict([("z", 1), ("a", [2, 3])]),
    ((1, 2), [3, {"k": 4}]),
    [],
]


@pytest.mark.parametrize("structure", _STRUCTURES)
def test_paths_match_tf1(structure):
  assert list(nest.yield_flat_paths(structure)) == list(
      oracle.yield_flat_paths(structure))
  assert nest.flatten_with_tuple_paths(structure) == (
      oracle.flatten_with_tuple_paths(structure))
  assert nest.flatten_with_joined_string_paths(structure) == (
      oracle.flatten_with_joined_string_paths(structure))
  assert nest.is_sequence(structure) == oracle.is_nested(structure)


_UP_TO = [
    ([1, 2], [[1, 2], (3, 4)]),
    ({"a": 1, "b": 2}, {"a": [1, 2], "b": {"c": 3}}),
    (Point(1, 2), Point([1], (2, 3))),
    (Point(1, 2), SameName((1,), 2)),
    (1, [1, 2, 3]),
    ([1, [2, 3]], [(1, 2), [[3], {"x": 4}]]),
]


@pytest.mark.parametrize("shallow,deep", _UP_TO)
def test_up_to_family_matches_tf1(shallow, deep):
  assert nest.flatten_up_to(shallow, deep) == oracle.flatten_up_to(
      shallow, deep)
  assert nest.flatten_with_tuple_paths_up_to(shallow, deep) == (
      oracle.flatten_with_tuple_paths_up_to(shallow, deep))
  assert nest.map_structure_up_to(shallow, lambda v: str(v), deep) == (
      oracle.map_structure_up_to(shallow, lambda v: str(v), deep))
  assert nest.map_structure_with_tuple_paths_up_to(
      shallow, lambda p, a, b: (p, a == b), deep, deep) == (
          oracle.map_structure_with_tuple_paths_up_to(
              shallow, lambda p, a, b: (p, a == b), deep, deep))


def test_map_with_paths_and_tf1_test_values():
  structure = {"a": [1, 2], "b": Point(3, 4)}
  assert nest.map_structure_with_paths(lambda p, v: p, structure) == {
      "a": ["a/0", "a/1"], "b": Point("b/x", "b/y")}
  assert nest.map_structure_with_tuple_paths(
      lambda p, a, b: (p, a + b), structure, structure) == (
          oracle.map_structure_with_tuple_paths(
              lambda p, a, b: (p, a + b), structure, structure))
  # nest_test.py: testFlattenDictItems.
  assert nest.flatten_dict_items(
      {(4, 5, (6, 8)): ("a", "b", ("c", "d"))}) == {
          4: "a", 5: "b", 6: "c", 8: "d"}
  # nest_test.py: testGetTraverseShallowStructure.
  scalar_traverse_input = [3, 4, (1, 2, [0]), [5, 6], {"a": (7,)}, []]
  traverse = nest.get_traverse_shallow_structure(
      lambda s: not isinstance(s, tuple), scalar_traverse_input)
  assert traverse == [True, True, False, [True, True], {"a": False}, []]
  assert traverse == oracle.get_traverse_shallow_structure(
      lambda s: not isinstance(s, tuple), scalar_traverse_input)
  assert nest.flatten_up_to(traverse, scalar_traverse_input) == [
      3, 4, (1, 2, [0]), 5, 6, (7,)]


@pytest.mark.parametrize("shallow,deep,error,message", [
    ([1, 2], 3, TypeError, "input must also be a sequence"),
    ([1, 2], (1, 2), TypeError, "don't have the same sequence type"),
    ([1, 2], [1, 2, 3], ValueError, "don't have the same sequence length"),
    ({"a": 1, "b": 2}, {"a": 1, "c": 2}, ValueError, "not a subset"),
])
def test_shallow_structure_errors_match_tf1(shallow, deep, error, message):
  with pytest.raises(error, match=message):
    nest.assert_shallow_structure(shallow, deep)
  with pytest.raises(error):
    oracle.assert_shallow_structure(shallow, deep)


def test_unchecked_lengths_and_bad_input():
  nest.assert_shallow_structure([1, 2], [1, [2], 3], check_subtrees_length=False)
  with pytest.raises(ValueError, match="fewer elements"):
    nest.assert_shallow_structure([1, 2, 3], [1, 2],
                                  check_subtrees_length=False)
  with pytest.raises(ValueError, match="Cannot map over no sequences"):
    nest.map_structure_up_to([1], str)
  with pytest.raises(ValueError, match="Only valid keyword arguments"):
    nest.map_structure_up_to([1], str, [1], bogus=True)
  with pytest.raises(TypeError, match="input must be a dictionary"):
    nest.flatten_dict_items([1])
  with pytest.raises(ValueError, match="not unique"):
    nest.flatten_dict_items({(1, 2): (3, 4), 1: 5})


def test_tensors_are_leaves_in_a_graph():
  graph = tf.Graph()
  with graph.as_default():
    structure = {"h": tf.zeros([2]), "c": [tf.ones([3]), tf.ones([1])]}
    paths = nest.flatten_with_joined_string_paths(structure)
  assert [p for p, _ in paths] == ["c/0", "c/1", "h"]
  assert not nest.is_sequence(paths[0][1])
