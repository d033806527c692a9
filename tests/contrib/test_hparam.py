"""contrib.training.HParams and parse_values against TF 1.15's hparam_test.py.

The input strings and expected values are those TF 1.15's test uses; the extra
cases pin the messages, the error classes and the HParamDef wire format.
"""

import json

import numpy as np
import pytest

from tf1_compat.contrib import training
from tf1_compat.contrib.training import HParams
from tf1_compat.contrib.training import parse_values
from tf1_compat.framework import errors


def _four():
  return HParams(aaa=1, b=2.0, c_c="relu6", d="/a/b=c/d")


class TestConstructionAndAccess:

  def test_empty(self):
    hparams = HParams()
    assert hparams.values() == {}
    hparams.parse("")
    assert hparams.values() == {}
    with pytest.raises(ValueError, match="Unknown hyperparameter"):
      hparams.parse("xyz=123")

  def test_contains(self):
    hparams = HParams(foo=1)
    assert "foo" in hparams
    assert "bar" not in hparams

  def test_values_repr_str_and_attributes(self):
    hparams = _four()
    assert hparams.values() == {"aaa": 1, "b": 2.0, "c_c": "relu6",
                                "d": "/a/b=c/d"}
    assert repr(hparams) == ("HParams([('aaa', 1), ('b', 2.0), "
                             "('c_c', 'relu6'), ('d', '/a/b=c/d')])")
    assert (hparams.aaa, hparams.b, hparams.c_c, hparams.d) == (
        1, 2.0, "relu6", "/a/b=c/d")
    assert str(HParams(z=1, a=[2.0, 3.0], c="relu6")) == (
        "z=1,a=[2.0, 3.0],c=relu6")  # Insertion order; repr sorts.

  def test_str_parses_back(self):
    source = HParams(a=1, b=[2.0, 3.0], c="relu6")
    target = HParams()
    target.add_hparam("a", 4)
    target.add_hparam("b", [5.0, 6.0])
    target.add_hparam("c", "relu10")
    target.parse(str(source))
    assert (target.a, target.b, target.c) == (1, [2.0, 3.0], "relu6")

  def test_reserved_and_empty_list_names(self):
    with pytest.raises(ValueError, match="Hyperparameter name is reserved: "
                       "parse"):
      HParams(parse=1)
    with pytest.raises(ValueError,
                       match="Multi-valued hyperparameters cannot be empty: x"):
      HParams(x=[])
    hparams = HParams(none=None)
    hparams.add_hparam("none", 3)  # TF1: a None value may be re-added.
    assert hparams.none == 3
    with pytest.raises(ValueError, match="reserved: none"):
      hparams.add_hparam("none", 4)
    with pytest.raises(ValueError, match="reserved: _model_structure"):
      hparams.add_hparam("_model_structure", 1)

  def test_tuples_are_lists_for_add_but_not_for_set(self):
    hparams = HParams(units=(64, 32))
    assert hparams.units == (64, 32)
    hparams.parse("units=[8]")
    assert hparams.units == [8]
    with pytest.raises(ValueError, match="Must pass a list"):
      hparams.set_hparam("units", (1, 2))

  def test_period_in_names(self):
    hparams = HParams()
    hparams.add_hparam(name="a.b", value=0.0)
    hparams.parse("a.b=1.0")
    assert getattr(hparams, "a.b") == 1.0
    hparams.add_hparam(name="c.d", value=0.0)
    with pytest.raises(ValueError, match="Could not parse"):
      hparams.parse("c.d=abc")
    hparams.add_hparam(name="e.f", value="")
    hparams.parse("e.f=abc")
    assert getattr(hparams, "e.f") == "abc"
    hparams.add_hparam(name="d..", value=0.0)
    hparams.parse("d..=10.0")
    assert getattr(hparams, "d..") == 10.0

  def test_model_structure(self):
    structure = object()
    hparams = HParams(model_structure=structure, a=1)
    assert hparams.get_model_structure() is structure
    assert hparams.values() == {"a": 1}
    hparams.set_model_structure(None)
    assert hparams.get_model_structure() is None


class TestParseScalars:

  def test_sequence_of_overrides(self):
    hparams = _four()
    hparams.parse("aaa=12")
    assert hparams.values() == {"aaa": 12, "b": 2.0, "c_c": "relu6",
                                "d": "/a/b=c/d"}
    hparams.parse("c_c=relu4, b=-2.0e10")
    assert hparams.values() == {"aaa": 12, "b": -2.0e10, "c_c": "relu4",
                                "d": "/a/b=c/d"}
    hparams.parse("c_c=,b=0,")
    assert hparams.values() == {"aaa": 12, "b": 0.0, "c_c": "",
                                "d": "/a/b=c/d"}
    assert type(hparams.b) is float
    hparams.parse('c_c=2.3",b=+2,')
    assert (hparams.b, hparams.c_c) == (2.0, '2.3"')
    hparams.parse("d=/a/b/c/d,aaa=11,")
    assert (hparams.aaa, hparams.b, hparams.c_c, hparams.d) == (
        11, 2.0, '2.3"', "/a/b/c/d")
    hparams.parse("b=1.5,d=/a=b/c/d,aaa=10,")
    assert (hparams.aaa, hparams.b, hparams.c_c, hparams.d) == (
        10, 1.5, '2.3"', "/a=b/c/d")

  @pytest.mark.parametrize("clause,message", [
      ("x=123", "Unknown hyperparameter"),
      ("aaa=poipoi", "Could not parse"),
      ("aaa=1.0", "Could not parse"),
      ("b=12x", "Could not parse"),
      ("b=relu", "Could not parse"),
      ("aaa=[123]", "Must not pass a list"),
  ])
  def test_failures_leave_values_unchanged(self, clause, message):
    hparams = _four()
    with pytest.raises(ValueError, match=message):
      hparams.parse(clause)
    assert hparams.values() == _four().values()

  def test_messages_name_value_type_and_expectation(self):
    hparams = _four()
    with pytest.raises(ValueError) as raised:
      hparams.parse("aaa=poipoi")
    assert str(raised.value) == ("Could not parse hparam 'aaa' of type 'int' "
                                 "with value 'poipoi' in aaa=poipoi")
    with pytest.raises(ValueError) as raised:
      hparams.parse("x=123")
    assert str(raised.value) == ("Unknown hyperparameter type for x; known "
                                 "hyperparameters: aaa, b, c_c, d")
    with pytest.raises(ValueError) as raised:
      hparams.parse("aaa=1,=2")
    assert str(raised.value).startswith("Malformed hyperparameter value: =2;")
    with pytest.raises(ValueError, match=r"single-valued parameter: aaa; "
                       r"found \[123\]"):
      hparams.parse("aaa=[123]")

  @pytest.mark.parametrize("value", ["true", "false", "True", "False", "1",
                                     "0"])
  @pytest.mark.parametrize("initial", [False, True])
  def test_bool_parsing(self, value, initial):
    hparams = HParams(use_gpu=initial)
    hparams.parse("use_gpu=" + value)
    assert hparams.use_gpu is (value in ("True", "true", "1"))
    restored = HParams(hparam_def=hparams.to_proto())
    assert restored.use_gpu is hparams.use_gpu  # A bool, not an int.

  def test_bool_parsing_quirks_and_failure(self):
    hparams = HParams(use_gpu=False)
    hparams.parse("use_gpu=2")
    assert hparams.use_gpu is True
    with pytest.raises(ValueError, match=r"Could not parse.*use_gpu"):
      hparams.parse("use_gpu=yep")
    with pytest.raises(ValueError, match="Could not parse"):
      hparams.parse("use_gpu=TRUE")

  def test_malformed_strings(self):
    hparams = HParams(a=1, s="x")
    for bad in ("a", "a=1,,s=2", "1a=2", "a=[1]x", " a=1"):
      with pytest.raises(ValueError, match="Malformed hyperparameter value"):
        hparams.parse(bad)
    hparams.parse("a = 3 , s=two words ")  # Spaces around '=' and after ','.
    assert (hparams.a, hparams.s) == (3, "two words ")

  def test_non_string_and_none_typed(self):
    hparams = HParams(a=1, path=None)
    with pytest.raises(TypeError, match="expected a string.*found None"):
      hparams.parse(None)
    with pytest.raises(TypeError, match="type 'NoneType' with value 'x'"):
      hparams.parse("path=x")


class TestParseLists:

  def test_lists(self):
    hparams = HParams(aaa=[1], b=[2.0, 3.0], c_c=["relu6"])
    assert hparams.values() == {"aaa": [1], "b": [2.0, 3.0], "c_c": ["relu6"]}
    hparams.parse("aaa=[12]")
    assert hparams.aaa == [12]
    hparams.parse("aaa=[12,34,56]")
    assert hparams.aaa == [12, 34, 56]
    hparams.parse("c_c=[relu4,relu12],b=[1.0]")
    assert (hparams.c_c, hparams.b) == (["relu4", "relu12"], [1.0])
    hparams.parse("c_c=[],aaa=[-34]")
    assert (hparams.aaa, hparams.c_c) == ([-34], [])
    hparams.parse("c_c=[_12,3'4\"],aaa=[+3]")
    assert (hparams.aaa, hparams.c_c) == ([3], ["_12", "3'4\""])
    hparams.parse("b=[1 2, 3]")  # Elements split on spaces too.
    assert hparams.b == [1.0, 2.0, 3.0]
    restored = HParams(hparam_def=hparams.to_proto())
    assert (restored.aaa, restored.b, restored.c_c) == (
        [3], [1.0, 2.0, 3.0], ["_12", "3'4\""])

  @pytest.mark.parametrize("clause,message", [
      ("x=[123]", "Unknown hyperparameter"),
      ("aaa=[poipoi]", "Could not parse"),
      ("aaa=[1.0]", "Could not parse"),
      ("b=[12x]", "Could not parse"),
      ("b=[relu]", "Could not parse"),
      ("aaa=123", "Must pass a list"),
  ])
  def test_list_failures(self, clause, message):
    hparams = HParams(aaa=[1], b=[2.0, 3.0], c_c=["relu6"])
    with pytest.raises(ValueError, match=message):
      hparams.parse(clause)
    assert hparams.aaa == [1]

  def test_list_parse_failure_names_the_whole_list(self):
    with pytest.raises(ValueError) as raised:
      parse_values("b=[1.0,relu]", {"b": float})
    assert str(raised.value) == ("Could not parse hparam 'b' of type 'float' "
                                 "with value '1.0,relu' in b=[1.0,relu]")

  def test_index_assignment_reaches_set_hparam_and_fails(self):
    hparams = HParams(arr=[1, 2], x=1)
    with pytest.raises(ValueError, match="Must pass a list"):
      hparams.parse("arr[1]=5")
    with pytest.raises(ValueError, match="Could not cast hparam 'x'"):
      hparams.parse("x[0]=5")


class TestParseValues:

  @pytest.mark.parametrize("values,type_map,expected", [
      ("arr[1]=10", {"arr": int}, {"arr": {1: 10}}),
      ("arr[0]=10,arr[5]=20", {"arr": int}, {"arr": {0: 10, 5: 20}}),
      ("arr[0]=10,arr[1]=20,L[5]=100,L[10]=200", {"arr": int, "L": int},
       {"arr": {0: 10, 1: 20}, "L": {5: 100, 10: 200}}),
      ("x=10,arr[1]=20,y=30", {"x": int, "y": int, "arr": int},
       {"x": 10, "arr": {1: 20}, "y": 30}),
      ("a[0]=5,b[1]=true,c[2]=abc,d[3]=3.14",
       {"a": int, "b": bool, "c": str, "d": float},
       {"a": {0: 5}, "b": {1: True}, "c": {2: "abc"}, "d": {3: 3.14}}),
      ("x=5,L=[1,2],arr[ 1 ]=3", {"x": int, "L": int, "arr": int},
       {"x": 5, "L": [1, 2], "arr": {1: 3}}),
  ])
  def test_index_assignments(self, values, type_map, expected):
    assert parse_values(values, type_map) == expected

  @pytest.mark.parametrize("values,type_map,expected", [
      ("arr[1]=10,b=5", {"arr": int}, {"arr": {1: 10}}),
      ("arr[0]=10,arr[5]=20,foo=bar", {"arr": int}, {"arr": {0: 10, 5: 20}}),
      ("arr[0]=10,C=5,arr[1]=20,B[0]=kkk,L[5]=100,L[10]=200",
       {"arr": int, "L": int},
       {"arr": {0: 10, 1: 20}, "L": {5: 100, 10: 200}}),
      ("x=10,foo[0]=bar,arr[1]=20,zzz=78,y=30",
       {"x": int, "y": int, "arr": int}, {"x": 10, "arr": {1: 20}, "y": 30}),
      ("a[0]=5,cc=4,b[1]=true,c[2]=abc,mm=2,d[3]=3.14",
       {"a": int, "b": bool, "c": str, "d": float},
       {"a": {0: 5}, "b": {1: True}, "c": {2: "abc"}, "d": {3: 3.14}}),
      ("arr[1]=5", {}, {}),
      ("arr[1]=1", {"arr[1]": int}, {}),
  ])
  def test_ignore_unknown(self, values, type_map, expected):
    assert parse_values(values, type_map, ignore_unknown=True) == expected

  @pytest.mark.parametrize("ignore_unknown", [False, True])
  def test_list_to_index(self, ignore_unknown):
    with pytest.raises(ValueError,
                       match=r"Assignment of a list to a list index\."):
      parse_values("arr[1]=[1,2,3],c=8", {"arr": int},
                   ignore_unknown=ignore_unknown)

  @pytest.mark.parametrize("type_map", [{}, {"arr[1]": int}])
  def test_unknown_index_name(self, type_map):
    with pytest.raises(ValueError, match="Unknown hyperparameter type for arr"):
      parse_values("arr[1]=5", type_map)

  @pytest.mark.parametrize("values,name", [
      ("x=1,x=1", "x"),
      ("arr=[100,200],arr[0]=10", "arr"),
      ("arr[0]=10,arr[0]=20", "arr[0]"),
      ("arr[0]=10,arr=[100]", "arr"),
      ("x=1,x=[1]", "x"),
  ])
  def test_reused_variables(self, values, name):
    with pytest.raises(ValueError) as raised:
      parse_values(values, {"x": int, "arr": int})
    assert str(raised.value) == "Multiple assignments to variable '%s' in %s" % (
        name, values)


class TestOverridesAndJson:

  def test_override_from_dict(self):
    hparams = HParams(a=1, b=2.0, c="tanh")
    assert hparams.override_from_dict({"a": -2, "c": "identity"}) is hparams
    assert hparams.values() == {"a": -2, "c": "identity", "b": 2.0}
    hparams = HParams(x=1, b=2.0, d=[0.5])
    hparams.set_from_map({"d": [0.1, 0.2, 0.3]})
    assert hparams.values() == {"d": [0.1, 0.2, 0.3], "x": 1, "b": 2.0}

  def test_json(self):
    hparams = HParams(aaa=1, b=2.0, c_c="relu6", d=True)
    hparams.parse_json('{"aaa": 12, "b": 3.0, "c_c": "relu4", "d": false}')
    assert hparams.values() == {"aaa": 12, "b": 3.0, "c_c": "relu4",
                                "d": False}
    other = HParams(aaa=10, b=20.0, c_c="hello", d=False)
    other.parse_json(hparams.to_json())
    assert other.values() == hparams.values()
    single = HParams(aaa=123)
    assert single.to_json() == '{"aaa": 123}'
    assert single.to_json(indent=2) == '{\n  "aaa": 123\n}'
    assert single.to_json(separators=(";", "=")) == '{"aaa"=123}'
    assert HParams(c_c=False, aaa=123, b="hello").to_json(sort_keys=True) == (
        '{"aaa": 123, "b": "hello", "c_c": false}')
    assert json.loads(HParams(a=(1, 2)).to_json()) == {"a": [1, 2]}

  def test_json_errors(self):
    hparams = HParams(a=1)
    with pytest.raises(KeyError, match="Unknown hyperparameter: z"):
      hparams.parse_json('{"z": 1}')
    with pytest.raises(ValueError, match="invalid JSON"):
      hparams.parse_json("a=1")
    with pytest.raises(ValueError, match=r"JSON object.*found '\[1\]'"):
      hparams.parse_json("[1]")
    with pytest.raises(ValueError, match="Could not cast hparam 'a'"):
      hparams.parse_json('{"a": 1.5}')


class TestSetHParam:

  def test_set(self):
    hparams = HParams(aaa=1, b=2.0, c_c="relu6", d=True)
    hparams.set_hparam("aaa", 12)
    hparams.set_hparam("b", 3.0)
    hparams.set_hparam("c_c", "relu4")
    hparams.set_hparam("d", False)
    assert hparams.values() == {"aaa": 12, "b": 3.0, "c_c": "relu4",
                                "d": False}

  def test_list_scalar_mismatch(self):
    hparams = HParams(a=1, b=[2.0, 3.0])
    with pytest.raises(ValueError, match="Must not pass a list"):
      hparams.set_hparam("a", [1.0])
    with pytest.raises(ValueError, match="Must pass a list"):
      hparams.set_hparam("b", 1.0)

  @pytest.mark.parametrize("name,value", [
      ("str_", 2.2), ("int_", False), ("bool_", 1), ("bool_", "true"),
      ("bool_", "True"), ("bool_", "false"), ("bool_", "False"), ("bool_", "0"),
      ("bool_", "1"), ("int_", 2.2), ("list_int", [2, 3.3]), ("int_", "2"),
      ("float_", True), ("float_", "1.0"),
  ])
  def test_type_mismatch(self, name, value):
    hparams = HParams(int_=1, str_="str", bool_=True, float_=1.1,
                      list_int=[1, 2], none=None)
    with pytest.raises(ValueError, match="Could not cast hparam '%s'" % name):
      hparams.set_hparam(name, value)

  def test_compatible_casts(self):
    hparams = HParams(int_=1, float_=1.1, str_="s", none=None)
    hparams.set_hparam("float_", 1)
    assert hparams.float_ == 1.0 and type(hparams.float_) is float
    hparams.set_hparam("int_", np.int64(7))
    assert hparams.int_ == 7 and type(hparams.int_) is int
    hparams.set_hparam("float_", np.float32(0.5))
    assert type(hparams.float_) is float
    hparams.set_hparam("str_", b"raw")
    assert hparams.str_ == "b'raw'"  # str(bytes), as TF1 on Python 3.
    hparams.set_hparam("none", "1")  # NoneType hyperparameters take anything.
    assert hparams.none == "1"

  def test_exact_type_is_assigned_without_casting(self):

    class Context:

      def __init__(self, a, b=0):
        self.a, self.b = a, b

    hparams = HParams(x=Context(a=1))
    replacement = Context(a=100, b=100)
    hparams.set_hparam("x", replacement)
    assert hparams.x is replacement

  def test_unknown_name_is_a_key_error_naming_it(self):
    hparams = HParams(a=1)
    with pytest.raises(KeyError) as raised:
      hparams.set_hparam("zz", 1)
    assert raised.value.args == ("zz",)
    assert str(raised.value) == ("Unknown hyperparameter: zz; known "
                                 "hyperparameters: a")
    with pytest.raises(KeyError):
      hparams.override_from_dict({"zz": 1})

  def test_del(self):
    hparams = HParams(aaa=1, b=2.0)
    with pytest.raises(ValueError):
      hparams.set_hparam("aaa", "will fail")
    with pytest.raises(ValueError):
      hparams.add_hparam("aaa", "will fail")
    hparams.del_hparam("aaa")
    assert "aaa" not in hparams and not hasattr(hparams, "aaa")
    hparams.del_hparam("aaa")  # Absent: nothing happens.
    hparams.add_hparam("aaa", "will work")
    assert hparams.get("aaa") == "will work"
    hparams.set_hparam("aaa", "still works")
    assert hparams.get("aaa") == "still works"


class TestGet:

  def _hparams(self):
    return HParams(aaa=1, b=2.0, c_c="relu6", d=True, e=[5.0, 6.0])

  @pytest.mark.parametrize("key,default,expected", [
      ("aaa", None, 1), ("b", None, 2.0), ("c_c", None, "relu6"),
      ("d", None, True), ("e", None, [5.0, 6.0]),
      ("aaa", 2, 1), ("b", 3.0, 2.0), ("b", 3, 2.0),
      ("c_c", "default", "relu6"), ("d", True, True),
      ("e", [1.0, 2.0, 3.0], [5.0, 6.0]), ("e", [1, 2, 3], [5.0, 6.0]),
      ("unknown", None, None), ("unknown", 123, 123),
      ("unknown", [1, 2, 3], [1, 2, 3]),
  ])
  def test_compatible(self, key, default, expected):
    assert self._hparams().get(key, default) == expected

  @pytest.mark.parametrize("key,default", [
      ("aaa", 2.0), ("b", False), ("c_c", [1, 2, 3]), ("d", "relu"),
      ("e", 123.0), ("e", ["a", "b", "c"]),
  ])
  def test_incompatible(self, key, default):
    with pytest.raises(ValueError, match="Hparam '%s' of type .* is "
                       "incompatible with default=" % key):
      self._hparams().get(key, default)


class TestProto:

  def test_round_trip(self):
    hparams = _four()
    hparams.parse('aaa=10,b=1.5,c_c=2.3",d=/a=b/c/d')
    restored = HParams(hparam_def=hparams.to_proto())
    assert restored.values() == hparams.values()
    assert HParams.from_proto(hparams.to_proto()).values() == hparams.values()

  def test_wire_format_is_tf1s(self):
    # map<string, HParamType> hparam = 1; HParamType.int64_value = 1:
    # entry = key "aaa" (0a 03 'aaa') + value (12 02 08 01).
    expected = b"\x0a\x09\x0a\x03aaa\x12\x02\x08\x01"
    assert HParams(aaa=1).to_proto().SerializeToString() == expected
    parsed = training.HParamDef.FromString(expected)
    assert HParams(hparam_def=parsed).values() == {"aaa": 1}

  def test_floats_are_float32_in_the_proto(self):
    restored = HParams(hparam_def=HParams(lr=0.1).to_proto())
    assert restored.lr == float(np.float32(0.1)) != 0.1

  @pytest.mark.parametrize("hparam_def", [1, 1.0, "hello", [1, 2, 3]])
  def test_non_proto_fails_with_assertion_error(self, hparam_def):
    with pytest.raises(AssertionError, match="expected a tf.contrib.training."
                       "HParamDef, found"):
      HParams(hparam_def=hparam_def)

  def test_proto_errors(self):
    proto = HParams(a=1).to_proto()
    with pytest.raises(ValueError, match="mutually exclusive"):
      HParams(hparam_def=proto, b=2)
    with pytest.raises(ValueError, match="Unsupported parameter type"):
      HParams(x=None).to_proto()


def test_errors_share_the_library_base():
  hparams = HParams(a=1)
  failures = [lambda: hparams.parse("a=x"), lambda: hparams.set_hparam("q", 1),
              lambda: HParams(hparam_def=1), lambda: hparams.parse(None)]
  for failure in failures:
    with pytest.raises(errors.Error):
      failure()


def test_namespace_lists_what_it_provides():
  assert {"HParams", "parse_values", "HParamDef"} <= set(training.__all__)
  with pytest.raises(AttributeError, match="tf.contrib.training provides only"):
    getattr(training, "no_such_thing")
