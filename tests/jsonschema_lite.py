"""A JSON Schema validator for the subset our feed schemas use (output/schema/):
type, properties, required, items, prefixItems, minItems, maxItems, enum,
additionalProperties, minimum, pattern, plus the annotations $schema,
title and description. Any other
keyword is an error, so a schema cannot silently rely on something this
validator ignores. Standard library only (there is no jsonschema module).

    errors = validate(instance, schema)   # [] when valid
"""
import re

ANNOTATIONS = {"$schema", "$id", "title", "description"}
KNOWN = ANNOTATIONS | {"type", "properties", "required", "items", "enum",
                       "additionalProperties", "minimum", "pattern",
                       "prefixItems", "minItems", "maxItems"}

TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    # JSON has one number type; bool is not a number in JSON Schema.
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


class SchemaError(Exception):
    """The schema itself uses something outside the subset."""


def _same(a, b):
    # enum compares JSON values: 1 is not true, 0 is not false.
    return type(a) is type(b) and a == b


def validate(instance, schema, path="$"):
    """Return a list of 'path: message' strings, empty when valid."""
    if not isinstance(schema, dict):
        raise SchemaError(f"{path}: schema is not an object")
    unknown = set(schema) - KNOWN
    if unknown:
        raise SchemaError(f"{path}: unsupported keywords {sorted(unknown)}")
    errors = []
    if "type" in schema:
        types = schema["type"]
        types = types if isinstance(types, list) else [types]
        for t in types:
            if t not in TYPES:
                raise SchemaError(f"{path}: unknown type {t!r}")
        if not any(TYPES[t](instance) for t in types):
            return [f"{path}: {instance!r} is not of type {'/'.join(types)}"]
    if "enum" in schema and not any(_same(instance, e) for e in schema["enum"]):
        errors.append(f"{path}: {instance!r} is not one of {schema['enum']!r}")
    if "minimum" in schema and TYPES["number"](instance) \
            and instance < schema["minimum"]:
        errors.append(f"{path}: {instance} is less than {schema['minimum']}")
    if "pattern" in schema and isinstance(instance, str) \
            and not re.search(schema["pattern"], instance):
        errors.append(f"{path}: {instance!r} does not match {schema['pattern']!r}")
    if isinstance(instance, dict):
        props = schema.get("properties", {})
        for key in schema.get("required", []):
            if key not in instance:
                errors.append(f"{path}: missing required key {key!r}")
        for key, value in instance.items():
            if key in props:
                errors += validate(value, props[key], f"{path}.{key}")
            else:
                extra = schema.get("additionalProperties", True)
                if extra is False:
                    errors.append(f"{path}: unexpected key {key!r}")
                elif isinstance(extra, dict):
                    errors += validate(value, extra, f"{path}.{key}")
    if isinstance(instance, list):
        prefix = schema.get("prefixItems", [])
        for i, item in enumerate(instance):
            if i < len(prefix):
                errors += validate(item, prefix[i], f"{path}[{i}]")
            elif "items" in schema:
                errors += validate(item, schema["items"], f"{path}[{i}]")
        if len(instance) < schema.get("minItems", 0):
            errors.append(f"{path}: fewer than {schema['minItems']} items")
        if "maxItems" in schema and len(instance) > schema["maxItems"]:
            errors.append(f"{path}: more than {schema['maxItems']} items")
    return errors
