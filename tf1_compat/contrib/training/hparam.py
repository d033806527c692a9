"""`tf.contrib.training.HParams`: TF 1.15's hyperparameter container.

An `HParams` holds named values as plain attributes (`hparams.learning_rate`),
remembers each one's type from its first value, and overrides them from a
command-line string (`parse("lr=0.1,layers=[64,32]")`), a dict or JSON, casting
and checking as TF 1.15 did. The `parse` grammar, the casting rules and the
error texts are TF 1.15's; each message is TF 1.15's text, extended where that
text did not say what was expected or found. These TF1 quirks are kept on
purpose, because 2018 programs depend on them:

* the type of a hyperparameter is the type of its first value (of its first
  element for lists) and never changes: an int hyperparameter rejects `0.5`, a
  float one turns `1` into `1.0`, a hyperparameter built from `None` accepts
  anything and stays `NoneType`;
* a string value in `parse` runs up to the next comma or `[`, keeps its spaces
  and quotes, and may be empty (`c=,`); list elements split on commas *and*
  spaces, and `name=[]` sets an empty list, which the constructor itself refuses;
* `bool` parses `true`/`True`/`false`/`False` or any int (`2` is True);
* index clauses (`arr[1]=5`) come out of `parse_values` as `{index: value}`
  dicts; `HParams.parse` hands those to `set_hparam`, which rejects them, as in
  TF 1.15 (which had no per-index override);
* a name can be added again while its current value is `None`;
* `__str__` is `name=value,...` in insertion order, `__repr__` sorts by name.

The proto form (`to_proto`, `HParams(hparam_def=...)`, `HParamDef`) uses a
message class built at import from TF 1.15's `hparam.proto` schema, so its bytes
are the ones TF 1.15 wrote (floats are float32 there, as in TF1). It is not
registered for meta-graph collections, which TF 1.15 did.
"""

import json
import numbers
import re

from google.protobuf import descriptor_pb2
from google.protobuf import descriptor_pool
from google.protobuf import message_factory

from tf1_compat.framework import errors

__all__ = ["HParamDef", "HParams", "parse_values"]


class HParamsValueError(errors.Error, ValueError):
  """A value, name or `parse` string that `HParams` rejects (TF1: ValueError)."""


class HParamsTypeError(errors.Error, TypeError):
  """An argument of the wrong kind, e.g. `parse(None)` (TF1: TypeError)."""


class HParamDefError(HParamsTypeError, AssertionError):
  """`hparam_def` is not an `HParamDef` (TF1 asserted, hence AssertionError)."""


class UnknownHParamError(errors.Error, KeyError):
  """`set_hparam` or an override named a hyperparameter that does not exist.

  As in TF1, `args[0]` is the name; `str()` is the whole message.
  """

  def __init__(self, name, message):
    super().__init__(name)
    self.message = message

  def __str__(self):
    return self.message


# One clause of a `parse` string: `name` or `name[index]`, `=`, then either one
# value (up to the next comma or `[`) or a bracketed list, then the end of the
# string or a comma with optional spaces. Spaces around `=` are ignored.
_CLAUSE = re.compile(
    r"(?P<name>[a-zA-Z][\w.]*)"
    r"(?:\[\s*(?P<index>\d+)\s*\])?"
    r"\s*=\s*"
    r"(?:(?P<val>[^,\[]*)|\[(?P<vals>[^\]]*)\])"
    r"(?:$|,\s*)")
_LIST_SEPARATORS = re.compile("[ ,]")


def _type_name(value_type):
  return getattr(value_type, "__name__", str(value_type))


def _known(names):
  return ", ".join(sorted(names)) if names else "none"


def _parse_failure(name, value_type, value, values):
  return HParamsValueError(
      "Could not parse hparam '%s' of type '%s' with value '%s' in %s"
      % (name, _type_name(value_type), value, values))


def _reuse_failure(name, values):
  return HParamsValueError("Multiple assignments to variable '%s' in %s"
                           % (name, values))


def _parse_bool(text):
  """TF1's bool syntax; raises a plain ValueError that callers reword."""
  if text in ("true", "True"):
    return True
  if text in ("false", "False"):
    return False
  return bool(int(text))


def _parser(name, value_type, values):
  """The function that turns one token into a `value_type` value."""
  if value_type == bool:
    return _parse_bool
  if value_type is type(None):
    def refuse(text):
      raise HParamsTypeError(
          "Could not parse hparam '%s' of type 'NoneType' with value '%s' in "
          "%s: a hyperparameter created with the value None has no syntax to "
          "parse; expected it to be set with set_hparam or override_from_dict"
          % (name, text, values))
    return refuse
  return value_type


def _add_scalar(results, name, index, parsed, values):
  if index is None:
    if name in results:
      raise _reuse_failure(name, values)
    results[name] = parsed
    return
  by_index = results.setdefault(name, {})
  if not isinstance(by_index, dict):
    raise _reuse_failure(name, values)
  index = int(index)
  if index in by_index:
    raise _reuse_failure("%s[%d]" % (name, index), values)
  by_index[index] = parsed


def parse_values(values, type_map, ignore_unknown=False):
  """Parses `"a=1,b=[2,3],c[0]=x"` into `{name: value}`, typed by `type_map`.

  Syntax per type: ints as Python `int()` reads them (`+3`, `-12`), floats as
  `float()` reads them (`-.5e9`), bools as `true`/`false` (either case of the
  first letter) or an int, strings as everything up to the next comma or `[`
  (possibly empty). A list is `[v1,v2,...]`, its elements split on commas and
  spaces. `name[i]=v` assigns one index. Names start with a letter and may
  contain `.` and `_`.

  Args:
    values: The string; `""` parses to `{}`.
    type_map: `{name: type}`: the scalar type, or the element type of a list.
      Every name in `values` must be a key, unless `ignore_unknown`.
    ignore_unknown: Skip clauses whose name `type_map` lacks.

  Returns:
    `{name: value}` with a scalar, a list, or for index clauses a dict
    `{index: value}` (`"x=5,L=[1,2],arr[1]=3"` ->
    `{"x": 5, "L": [1, 2], "arr": {1: 3}}`).

  Raises:
    ValueError: a malformed clause, an unknown name, a token that does not
      parse as its type, a list assigned to an index, or one name assigned
      twice (`a=1,a=2`, `a[1]=1,a[1]=2`, `a=[1],a[0]=1`).
    TypeError: `values` is not a string, or a name's type is `NoneType`.
  """
  if not isinstance(values, str):
    raise HParamsTypeError("parse_values: expected a string of comma-separated "
                           "name=value pairs, found %r" % (values,))
  results = {}
  pos = 0
  while pos < len(values):
    match = _CLAUSE.match(values, pos)
    if match is None:
      raise HParamsValueError(
          "Malformed hyperparameter value: %s; expected name=value or "
          "name=[value,...] clauses separated by commas, in %s"
          % (values[pos:], values))
    pos = match.end()
    name, index = match.group("name"), match.group("index")
    if name not in type_map:
      if ignore_unknown:
        continue
      raise HParamsValueError(
          "Unknown hyperparameter type for %s; known hyperparameters: %s"
          % (name, _known(type_map)))
    value_type = type_map[name]
    parse = _parser(name, value_type, values)
    if match.group("val") is not None:
      token = match.group("val")
      try:
        parsed = parse(token)
      except ValueError:
        raise _parse_failure(name, value_type, token, values) from None
      _add_scalar(results, name, index, parsed, values)
    else:
      tokens = match.group("vals")
      if index is not None:
        raise HParamsValueError(
            "Assignment of a list to a list index. Expected a single value for "
            "'%s[%s]', found [%s] in %s" % (name, index, tokens, values))
      if name in results:
        raise _reuse_failure(name, values)
      try:
        results[name] = [parse(element)
                         for element in _LIST_SEPARATORS.split(tokens)
                         if element]
      except ValueError:
        raise _parse_failure(name, value_type, tokens, values) from None
  return results


def _cast(name, param_type, value):
  """`value` as `param_type`, under TF 1.15's compatibility rules.

  Values of exactly `param_type` pass unchanged; `NoneType` hyperparameters take
  anything; otherwise a string type needs a string (str or bytes), bool and
  non-bool never mix, an integral type needs an integral value and a numeric
  type a numeric one, and the result is `param_type(value)`.
  """
  if type(value) == param_type:  # pylint: disable=unidiomatic-typecheck
    return value
  if issubclass(param_type, type(None)):
    return value
  compatible = True
  if (issubclass(param_type, (str, bytes))
      and not isinstance(value, (str, bytes))):
    compatible = False
  elif issubclass(param_type, bool) != isinstance(value, bool):
    compatible = False
  elif (issubclass(param_type, numbers.Integral)
        and not isinstance(value, numbers.Integral)):
    compatible = False
  elif (issubclass(param_type, numbers.Number)
        and not isinstance(value, numbers.Number)):
    compatible = False
  if not compatible:
    raise HParamsValueError("Could not cast hparam '%s' of type '%s' from value "
                            "%r" % (name, param_type, value))
  return param_type(value)


def _hparam_def_class():
  """TF 1.15's `tensorflow.HParamDef` message, built from its `.proto` schema.

  The descriptor lives in a private pool, so it cannot clash with any other
  definition of the same name.
  """
  field = descriptor_pb2.FieldDescriptorProto
  schema = descriptor_pb2.FileDescriptorProto(
      name="tf1_compat/contrib/training/hparam.proto", package="tensorflow",
      syntax="proto3")
  hparam_def = schema.message_type.add(name="HParamDef")
  for list_name, element_type in (("BytesList", field.TYPE_BYTES),
                                  ("FloatList", field.TYPE_FLOAT),
                                  ("Int64List", field.TYPE_INT64),
                                  ("BoolList", field.TYPE_BOOL)):
    element = hparam_def.nested_type.add(name=list_name).field.add(
        name="value", number=1, type=element_type, label=field.LABEL_REPEATED)
    if element_type != field.TYPE_BYTES:
      element.options.packed = True
  hparam_type = hparam_def.nested_type.add(name="HParamType")
  hparam_type.oneof_decl.add(name="kind")
  for kind, number, kind_type in (("int64_value", 1, field.TYPE_INT64),
                                  ("float_value", 2, field.TYPE_FLOAT),
                                  ("bytes_value", 3, field.TYPE_BYTES),
                                  ("int64_list", 4, "Int64List"),
                                  ("float_list", 5, "FloatList"),
                                  ("bytes_list", 6, "BytesList"),
                                  ("bool_value", 7, field.TYPE_BOOL),
                                  ("bool_list", 8, "BoolList")):
    kind_field = hparam_type.field.add(name=kind, number=number,
                                       label=field.LABEL_OPTIONAL, oneof_index=0)
    if isinstance(kind_type, str):
      kind_field.type = field.TYPE_MESSAGE
      kind_field.type_name = ".tensorflow.HParamDef." + kind_type
    else:
      kind_field.type = kind_type
  entry = hparam_def.nested_type.add(name="HparamEntry")
  entry.options.map_entry = True
  entry.field.add(name="key", number=1, type=field.TYPE_STRING,
                  label=field.LABEL_OPTIONAL)
  entry.field.add(name="value", number=2, type=field.TYPE_MESSAGE,
                  type_name=".tensorflow.HParamDef.HParamType",
                  label=field.LABEL_OPTIONAL)
  hparam_def.field.add(name="hparam", number=1, type=field.TYPE_MESSAGE,
                       type_name=".tensorflow.HParamDef.HparamEntry",
                       label=field.LABEL_REPEATED)
  pool = descriptor_pool.DescriptorPool()
  pool.Add(schema)
  return message_factory.GetMessageClass(
      pool.FindMessageTypeByName("tensorflow.HParamDef"))


HParamDef = _hparam_def_class()

# Attributes of every HParams instance; never hyperparameter names.
_INTERNAL_ATTRIBUTES = frozenset(["_hparam_types", "_model_structure"])


def _proto_kind(name, param_type, is_list):
  """The `HParamType` oneof field that stores values of `param_type`."""
  if issubclass(param_type, bool):
    prefix = "bool"
  elif issubclass(param_type, numbers.Integral):
    prefix = "int64"
  elif issubclass(param_type, (str, bytes)):
    prefix = "bytes"
  elif issubclass(param_type, float):
    prefix = "float"
  else:
    raise HParamsValueError(
        "Unsupported parameter type: %s (hyperparameter '%s'); expected bool, "
        "int, float, str or bytes, or lists of them, to write an HParamDef"
        % (param_type, name))
  return prefix + ("_list" if is_list else "_value")


def _from_proto_value(kind, value):
  if kind.startswith("int64"):
    return int(value)
  if kind.startswith("bytes"):
    return value.decode("utf-8")
  return value


class HParams:
  """Named hyperparameters, typed by their first value.

  ```python
  hparams = tf.contrib.training.HParams(learning_rate=0.1, num_units=[64, 32])
  hparams.parse(FLAGS.hparams)  # "learning_rate=0.3,num_units=[128]"
  hparams.learning_rate         # 0.3
  ```

  Supported values: int, float, bool, str, and non-empty lists (or tuples) of
  them; other values (None, objects) are stored but only `set_hparam` can
  change them. Names that are attributes of `HParams` (`parse`, `values`, ...)
  are reserved.

  Args:
    hparam_def: An `HParamDef` to read the hyperparameters from, instead of
      keyword values. Like TF1, a false value (`None`, `0`, `""`) means "none".
    model_structure: Any object; kept for `get_model_structure`.
    **kwargs: `name=value` hyperparameters, added in order.

  Raises:
    ValueError: a reserved name, an empty list value, or both `hparam_def` and
      keyword values.
    AssertionError: (also a TypeError) `hparam_def` is not an `HParamDef`.
  """

  _HAS_DYNAMIC_ATTRIBUTES = True  # For pytype, as in TF1.

  def __init__(self, hparam_def=None, model_structure=None, **kwargs):
    # name -> (scalar type or list element type, is_list).
    self._hparam_types = {}
    self._model_structure = model_structure
    if hparam_def:
      if kwargs:
        raise HParamsValueError(
            "hparam_def and initialization values are mutually exclusive; "
            "found hparam_def and values for %s" % _known(kwargs))
      self._init_from_proto(hparam_def)
    else:
      for name, value in kwargs.items():
        self.add_hparam(name, value)

  def _init_from_proto(self, hparam_def):
    if not isinstance(hparam_def, HParamDef):
      raise HParamDefError(
          "HParams(hparam_def=...): expected a tf.contrib.training.HParamDef, "
          "found %s %r" % (type(hparam_def).__name__, hparam_def))
    for name, value in hparam_def.hparam.items():
      kind = value.WhichOneof("kind")
      if kind is None:
        raise HParamsValueError(
            "HParams(hparam_def=...): hyperparameter '%s' has no value set in "
            "the HParamDef; expected one of its kind fields" % name)
      field = getattr(value, kind)
      if kind.endswith("_value"):
        self.add_hparam(name, _from_proto_value(kind, field))
      else:
        self.add_hparam(name, [_from_proto_value(kind, v) for v in field.value])

  def add_hparam(self, name, value):
    """Adds the hyperparameter `name`, typed by `value` (by `value[0]` for lists).

    Raises:
      ValueError: `name` is taken (an `HParams` attribute, or a
        hyperparameter whose value is not None), or `value` is an empty list.
    """
    if getattr(self, name, None) is not None or name in _INTERNAL_ATTRIBUTES:
      raise HParamsValueError(
          "Hyperparameter name is reserved: %s; expected a name that is not "
          "already an HParams attribute or a hyperparameter" % name)
    if isinstance(value, (list, tuple)):
      if not value:
        raise HParamsValueError(
            "Multi-valued hyperparameters cannot be empty: %s" % name)
      self._hparam_types[name] = (type(value[0]), True)
    else:
      self._hparam_types[name] = (type(value), False)
    setattr(self, name, value)

  def set_hparam(self, name, value):
    """Sets an existing hyperparameter, cast to its type (see the module doc).

    Raises:
      KeyError: `name` is not a hyperparameter.
      ValueError: a list for a scalar hyperparameter, a non-list (tuples
        included) for a list one, or a value that does not cast.
    """
    if name not in self._hparam_types:
      raise UnknownHParamError(name, (
          "Unknown hyperparameter: %s; known hyperparameters: %s"
          % (name, _known(self._hparam_types))))
    param_type, is_list = self._hparam_types[name]
    if isinstance(value, list):
      if not is_list:
        raise HParamsValueError(
            "Must not pass a list for single-valued parameter: %s; found %r"
            % (name, value))
      setattr(self, name, [_cast(name, param_type, v) for v in value])
    else:
      if is_list:
        raise HParamsValueError(
            "Must pass a list for multi-valued parameter: %s. Found %r"
            % (name, value))
      setattr(self, name, _cast(name, param_type, value))

  def del_hparam(self, name):
    """Removes the hyperparameter `name`; does nothing if there is none."""
    if name in self._hparam_types:
      delattr(self, name)
      del self._hparam_types[name]

  def parse(self, values):
    """Overrides hyperparameters from a `"name=value,..."` string.

    See `parse_values` for the syntax; index clauses (`a[0]=1`) are rejected
    by `set_hparam`, as in TF 1.15.

    Returns:
      This `HParams`.

    Raises:
      ValueError: `values` does not parse, names an unknown hyperparameter, or
        gives a value that `set_hparam` rejects.
    """
    type_map = {name: param_type
                for name, (param_type, _) in self._hparam_types.items()}
    return self.override_from_dict(parse_values(values, type_map))

  def override_from_dict(self, values_dict):
    """Calls `set_hparam` for each `{name: value}`; returns this `HParams`."""
    for name, value in values_dict.items():
      self.set_hparam(name, value)
    return self

  def set_from_map(self, values_map):
    """Deprecated in TF1: use `override_from_dict`."""
    return self.override_from_dict(values_map)

  def set_model_structure(self, model_structure):
    self._model_structure = model_structure

  def get_model_structure(self):
    return self._model_structure

  def to_json(self, indent=None, separators=None, sort_keys=False):
    """`values()` as JSON; the arguments are `json.dumps`'s."""
    return json.dumps(self.values(), indent=indent, separators=separators,
                      sort_keys=sort_keys)

  def parse_json(self, values_json):
    """Overrides hyperparameters from a JSON object of `name: value` pairs.

    Returns:
      This `HParams`.

    Raises:
      ValueError: `values_json` is not JSON, not an object, or gives a value
        that `set_hparam` rejects.
      KeyError: it names an unknown hyperparameter.
    """
    try:
      values_map = json.loads(values_json)
    except json.JSONDecodeError as e:
      raise HParamsValueError("HParams.parse_json: expected a JSON object, found "
                              "invalid JSON %r (%s)" % (values_json, e)) from None
    if not isinstance(values_map, dict):
      raise HParamsValueError("HParams.parse_json: expected a JSON object of "
                              "name: value pairs, found %r" % (values_json,))
    return self.override_from_dict(values_map)

  def values(self):
    """`{name: value}` of every hyperparameter, in insertion order."""
    return {name: getattr(self, name) for name in self._hparam_types}

  def get(self, key, default=None):
    """The value of `key`, or `default` if there is no such hyperparameter.

    Raises:
      ValueError: `key` exists and a non-None `default` is not compatible with
        its type (a list for a scalar, a value that would not cast, ...).
    """
    if key not in self._hparam_types:
      return default
    if default is not None:
      param_type, is_list = self._hparam_types[key]
      type_str = "list<%s>" % param_type if is_list else str(param_type)
      failure = ("Hparam '%s' of type '%s' is incompatible with default=%s"
                 % (key, type_str, default))
      if is_list != isinstance(default, list):
        raise HParamsValueError(failure)
      try:
        for value in default if is_list else [default]:
          _cast(key, param_type, value)
      except ValueError as e:
        raise HParamsValueError("%s. %s" % (failure, e)) from None
    return getattr(self, key)

  def __contains__(self, key):
    return key in self._hparam_types

  def __str__(self):
    return ",".join("%s=%s" % item for item in self.values().items())

  def __repr__(self):
    return "%s(%s)" % (type(self).__name__, sorted(self.values().items()))

  def to_proto(self, export_scope=None):
    """The hyperparameters as an `HParamDef` (TF1 ignored `export_scope` too).

    Raises:
      ValueError: a hyperparameter's type is not bool, int, float or a string.
    """
    del export_scope
    proto = HParamDef()
    for name, (param_type, is_list) in self._hparam_types.items():
      kind = _proto_kind(name, param_type, is_list)
      value = getattr(self, name)
      to_bytes = kind.startswith("bytes")
      if is_list:
        getattr(proto.hparam[name], kind).value.extend(
            _as_bytes(v) if to_bytes else v for v in value)
      else:
        setattr(proto.hparam[name], kind, _as_bytes(value) if to_bytes else value)
    return proto

  @staticmethod
  def from_proto(hparam_def, import_scope=None):
    """`HParams(hparam_def=hparam_def)`; `import_scope` is ignored, as in TF1."""
    del import_scope
    return HParams(hparam_def=hparam_def)


def _as_bytes(value):
  return value.encode("utf-8") if isinstance(value, str) else value
