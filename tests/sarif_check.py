"""Our own check of a SARIF 2.1.0 log, written from the OASIS standard
(https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html) and its
JSON schema, sarif-schema-2.1.0.json. It checks the parts of the schema a
log of ours can reach, and nothing is taken on trust:

- every object's required properties, the types and enumerations of its
  properties, integer minimums (regions start at line 1), and the schema's
  "additionalProperties": false, so that a misspelt property is an error;
- the schema's anyOf (a message has text or id; a physical location has an
  artifact location or an address; a region has a start line or offset)
  and its formats (URIs, URI references);
- what the schema cannot say: ruleId and ruleIndex name a rule of
  tool.driver.rules, rule ids are unique;
- what GitHub code scanning needs to show a result: a location in a file,
  with a region.

Standard library only (there is no jsonschema module):

    errors = check(log)   # [] when valid
"""
import re
import urllib.parse

from jsonschema_lite import validate

ANY = {}
STR = {"type": "string"}
BOOL = {"type": "boolean"}
NUM = {"type": "number"}
INDEX = {"type": "integer", "minimum": -1}      # -1: "not given"
POSITIVE = {"type": "integer", "minimum": 1}    # lines and columns
COUNT = {"type": "integer", "minimum": 0}
STRINGS = {"type": "array", "items": STR}
ARRAY = {"type": "array"}
LEVEL = {"type": "string", "enum": ["none", "note", "warning", "error"]}
GUID = {"type": "string",
        "pattern": "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-"
                   "[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$"}


def obj(properties, required=()):
    """An object of the schema: these properties only ("additionalProperties":
    false), every object may have a property bag."""
    properties = dict(properties, properties=PROPERTY_BAG)
    return {"type": "object", "properties": properties,
            "required": list(required), "additionalProperties": False}


def array_of(schema):
    return {"type": "array", "items": schema}


# propertyBag: anything, but "tags" is a set of strings.
PROPERTY_BAG = {"type": "object", "properties": {"tags": STRINGS}}

MULTIFORMAT = obj({"text": STR, "markdown": STR}, ["text"])
MESSAGE = obj({"text": STR, "markdown": STR, "id": STR,
               "arguments": STRINGS})
ARTIFACT_CONTENT = obj({"text": STR, "binary": STR, "rendered": MULTIFORMAT})
ARTIFACT_LOCATION = obj({"uri": STR, "uriBaseId": STR, "index": INDEX,
                         "description": MESSAGE})
REGION = obj({"startLine": POSITIVE, "startColumn": POSITIVE,
              "endLine": POSITIVE, "endColumn": POSITIVE,
              "charOffset": INDEX, "charLength": COUNT,
              "byteOffset": INDEX, "byteLength": COUNT,
              "snippet": ARTIFACT_CONTENT, "message": MESSAGE,
              "sourceLanguage": STR})
PHYSICAL_LOCATION = obj({"address": ANY, "artifactLocation": ARTIFACT_LOCATION,
                         "region": REGION, "contextRegion": REGION})
LOCATION = obj({"id": INDEX, "physicalLocation": PHYSICAL_LOCATION,
                "logicalLocations": ARRAY, "message": MESSAGE,
                "annotations": array_of(REGION), "relationships": ARRAY})
SUPPRESSION = obj({"guid": GUID,
                   "kind": {"type": "string", "enum": ["inSource", "external"]},
                   "status": {"type": "string",
                              "enum": ["accepted", "underReview", "rejected"]},
                   "justification": STR, "location": LOCATION}, ["kind"])
FINGERPRINTS = {"type": "object", "additionalProperties": STR}
RESULT = obj({
    "ruleId": STR, "ruleIndex": INDEX, "rule": ANY,
    "kind": {"type": "string", "enum": ["notApplicable", "pass", "fail",
                                        "review", "open", "informational"]},
    "level": LEVEL, "message": MESSAGE, "analysisTarget": ARTIFACT_LOCATION,
    "locations": array_of(LOCATION), "guid": GUID, "correlationGuid": GUID,
    "occurrenceCount": POSITIVE, "partialFingerprints": FINGERPRINTS,
    "fingerprints": FINGERPRINTS, "stacks": ARRAY, "codeFlows": ARRAY,
    "graphs": ARRAY, "graphTraversals": ARRAY,
    "relatedLocations": array_of(LOCATION),
    "suppressions": array_of(SUPPRESSION),
    "baselineState": {"type": "string",
                      "enum": ["new", "unchanged", "updated", "absent"]},
    "rank": NUM, "attachments": ARRAY, "hostedViewerUri": STR,
    "workItemUris": STRINGS, "provenance": ANY, "fixes": ARRAY, "taxa": ARRAY,
    "webRequest": ANY, "webResponse": ANY}, ["message"])
REPORTING_CONFIGURATION = obj({"enabled": BOOL, "level": LEVEL, "rank": NUM,
                               "parameters": PROPERTY_BAG})
REPORTING_DESCRIPTOR = obj({
    "id": STR, "deprecatedIds": STRINGS, "guid": GUID,
    "deprecatedGuids": array_of(GUID), "name": STR, "deprecatedNames": STRINGS,
    "shortDescription": MULTIFORMAT, "fullDescription": MULTIFORMAT,
    "messageStrings": {"type": "object", "additionalProperties": MULTIFORMAT},
    "defaultConfiguration": REPORTING_CONFIGURATION, "helpUri": STR,
    "help": MULTIFORMAT, "relationships": ARRAY}, ["id"])
TOOL_COMPONENT = obj({
    "guid": GUID, "name": STR, "organization": STR, "product": STR,
    "productSuite": STR, "shortDescription": MULTIFORMAT,
    "fullDescription": MULTIFORMAT, "fullName": STR, "version": STR,
    "semanticVersion": STR, "dottedQuadFileVersion": STR,
    "releaseDateUtc": STR, "downloadUri": STR, "informationUri": STR,
    "globalMessageStrings": ANY, "notifications": array_of(REPORTING_DESCRIPTOR),
    "rules": array_of(REPORTING_DESCRIPTOR), "taxa": array_of(REPORTING_DESCRIPTOR),
    "locations": array_of(ARTIFACT_LOCATION), "language": STR, "contents": ARRAY,
    "isComprehensive": BOOL, "localizedDataSemanticVersion": STR,
    "minimumRequiredLocalizedDataSemanticVersion": STR,
    "associatedComponent": ANY, "translationMetadata": ANY,
    "supportedTaxonomies": ARRAY}, ["name"])
TOOL = obj({"driver": TOOL_COMPONENT,
            "extensions": array_of(TOOL_COMPONENT)}, ["driver"])
RUN = obj({
    "tool": TOOL, "invocations": ARRAY, "conversion": ANY, "language": STR,
    "versionControlProvenance": ARRAY, "originalUriBaseIds": ANY,
    "artifacts": ARRAY, "logicalLocations": ARRAY, "graphs": ARRAY,
    "results": array_of(RESULT), "automationDetails": ANY,
    "runAggregates": ARRAY, "baselineGuid": GUID, "redactionTokens": STRINGS,
    "defaultEncoding": STR, "defaultSourceLanguage": STR,
    "newlineSequences": STRINGS,
    "columnKind": {"type": "string",
                   "enum": ["utf16CodeUnits", "unicodeCodePoints"]},
    "externalPropertyFileReferences": ANY, "threadFlowLocations": ARRAY,
    "taxonomies": ARRAY, "addresses": ARRAY, "translations": ARRAY,
    "policies": ARRAY, "webRequests": ARRAY, "webResponses": ARRAY,
    "specialLocations": ANY}, ["tool"])
LOG = obj({"$schema": STR, "version": {"type": "string", "enum": ["2.1.0"]},
           "runs": {"type": ["array", "null"], "items": RUN},
           "inlineExternalProperties": ARRAY}, ["version", "runs"])

# RFC 3986: a URI reference is made of these, and %XX escapes.
URI_CHARS = re.compile(r"^([A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$")


def _absolute_uri(s):
    u = urllib.parse.urlsplit(s)
    return bool(u.scheme and u.netloc) and URI_CHARS.match(s) is not None


def _location(loc, where, errors, github):
    pl = loc.get("physicalLocation")
    if pl is None:
        if github:
            errors.append(f"{where}: code scanning needs a physicalLocation")
        return
    if "artifactLocation" not in pl and "address" not in pl:
        errors.append(f"{where}.physicalLocation: needs artifactLocation "
                      "or address")
    al = pl.get("artifactLocation", {})
    if "uri" in al and not URI_CHARS.match(al["uri"]):
        errors.append(f"{where}: uri {al['uri']!r} is not a URI reference")
    if github and not al.get("uri"):
        errors.append(f"{where}: code scanning needs artifactLocation.uri")
    region = pl.get("region")
    if region is not None and not {"startLine", "charOffset",
                                   "byteOffset"} & set(region):
        errors.append(f"{where}.physicalLocation.region: needs startLine, "
                      "charOffset or byteOffset")
    if github and region is None:
        errors.append(f"{where}: code scanning needs a region")


def _messages(v, where, errors):
    """Every message object, anywhere, has text or id (the schema's anyOf)."""
    if isinstance(v, dict):
        for k, x in v.items():
            if k == "message" and isinstance(x, dict) and \
                    "text" not in x and "id" not in x:
                errors.append(f"{where}.message: needs text or id")
            _messages(x, f"{where}.{k}", errors)
    elif isinstance(v, list):
        for i, x in enumerate(v):
            _messages(x, f"{where}[{i}]", errors)


def _run(run, where, errors):
    driver = run["tool"]["driver"]
    rules = driver.get("rules", [])
    ids = [r["id"] for r in rules]
    if len(set(ids)) != len(ids):
        errors.append(f"{where}.tool.driver.rules: ids are not unique")
    for key in ("informationUri", "downloadUri"):
        if key in driver and not _absolute_uri(driver[key]):
            errors.append(f"{where}.tool.driver.{key}: not an absolute URI")
    for i, r in enumerate(rules):
        if "helpUri" in r and not _absolute_uri(r["helpUri"]):
            errors.append(f"{where}.tool.driver.rules[{i}].helpUri: not an "
                          "absolute URI")
        tags = r.get("properties", {}).get("tags", [])
        if len(set(tags)) != len(tags):
            errors.append(f"{where}.tool.driver.rules[{i}]: tags repeat")
    for i, res in enumerate(run.get("results") or []):
        at = f"{where}.results[{i}]"
        if "ruleId" in res and res["ruleId"] not in ids:
            errors.append(f"{at}: ruleId {res['ruleId']!r} is not a rule of "
                          "tool.driver.rules")
        index = res.get("ruleIndex", -1)
        if index >= len(rules) or (index >= 0 and "ruleId" in res and
                                   rules[index]["id"] != res["ruleId"]):
            errors.append(f"{at}: ruleIndex {index} is not rule "
                          f"{res.get('ruleId')!r}")
        if not res.get("locations"):
            errors.append(f"{at}: code scanning needs a location")
        for j, loc in enumerate(res.get("locations", [])):
            _location(loc, f"{at}.locations[{j}]", errors, github=True)
        for j, s in enumerate(res.get("suppressions", [])):
            if "location" in s:
                _location(s["location"], f"{at}.suppressions[{j}].location",
                          errors, github=False)


def check(log):
    """A list of 'where: what is wrong' strings; empty when LOG is valid."""
    errors = validate(log, LOG)
    if errors:
        return errors   # the rest assumes the shapes are right
    if "$schema" in log and not _absolute_uri(log["$schema"]):
        errors.append("$.$schema: not an absolute URI")
    _messages(log, "$", errors)
    for i, run in enumerate(log["runs"] or []):
        _run(run, f"$.runs[{i}]", errors)
    return errors
