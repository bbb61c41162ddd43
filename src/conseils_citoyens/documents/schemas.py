"""The JSON Schemas of ``schemas/``: loading, one registry, cached validators.

Schemas are package data (the wheel carries them as ``conseils_citoyens/schemas``;
a source checkout reads the top-level ``schemas/`` folder). Every schema is
checked once, validators are built once per kind and reused, and references are
resolved by one :class:`referencing.Registry` that never retrieves anything
remotely.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Final
from urllib.parse import urljoin

from conseils_citoyens.council.identifiers import is_valid_siren, is_valid_siret
from conseils_citoyens.errors import Problem, ValidationError
from conseils_citoyens.i18n import counted

SCHEMA_SUFFIX: Final = ".schema.json"
BASE_URI: Final = "https://conseils-citoyens.fr/schemas/"


def schema_dir() -> Traversable:
    """Return the folder holding the packaged schemas."""
    packaged = resources.files("conseils_citoyens") / "schemas"
    if packaged.is_dir():
        return packaged
    source = Path(__file__).resolve().parents[3] / "schemas"
    if source.is_dir():
        return source
    raise RuntimeError("conseils_citoyens: schemas/ not found in the package nor the source tree")


@functools.cache
def _files() -> dict[str, Traversable]:
    """Every packaged schema file by kind, in name order; none is read yet."""
    entries = sorted(schema_dir().iterdir(), key=lambda e: e.name)
    return {
        entry.name[: -len(SCHEMA_SUFFIX)]: entry
        for entry in entries
        if entry.name.endswith(SCHEMA_SUFFIX)
    }


@functools.cache
def _raw(kind: str) -> dict[str, Any]:
    """The schema of ``kind`` as read (shared: never hand it out, see :func:`schema`).

    Each file is read when first needed, so that a command validating one kind
    of document does not read the eleven schemas.
    """
    try:
        entry = _files()[kind]
    except KeyError:
        raise _unknown_kind(kind) from None
    return json.loads(entry.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def kinds() -> tuple[str, ...]:
    """Return the names of every document kind that has a schema (``council``...)."""
    return tuple(_files())


def document_kinds() -> tuple[str, ...]:
    """Return the kinds a document can be (``common`` only holds shared definitions)."""
    return tuple(kind for kind in kinds() if "type" in _raw(kind))


def schema(kind: str) -> dict[str, Any]:
    """Return a copy of the JSON Schema of ``kind``."""
    return json.loads(json.dumps(_raw(kind)))  # type: ignore[no-any-return]


def _unknown_kind(kind: str) -> ValidationError:
    known = ", ".join(kinds())
    return ValidationError(
        [
            Problem(
                path="$",
                code="schema.unknown_kind",
                texts={
                    "fr": f"type de document inconnu « {kind} » (connus : {known})",
                    "en": f"unknown document kind '{kind}' (known: {known})",
                },
            )
        ],
        kind=kind,
    )


def registry() -> Any:
    """Return the :class:`referencing.Registry` holding every packaged schema by its ``$id``."""
    return _registry(frozenset(kinds()))


def _referenced_kinds(document: Any) -> set[str]:
    """The packaged kinds ``document`` refers to (``$ref``), directly or through them."""
    found: set[str] = set()
    pending = [document]
    while pending:
        item = pending.pop()
        if isinstance(item, Mapping):
            ref = item.get("$ref")
            if isinstance(ref, str):
                target = ref.partition("#")[0].removeprefix(BASE_URI)
                kind = target.removesuffix(SCHEMA_SUFFIX)
                if target.endswith(SCHEMA_SUFFIX) and kind in _files() and kind not in found:
                    found.add(kind)
                    pending.append(_raw(kind))
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return found


@functools.cache
def _registry(wanted: frozenset[str]) -> Any:
    """A registry holding the schemas of ``wanted`` by their ``$id``."""
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    # The shipped schemas are meta-validated by the tests (tests/documents/test_schemas.py),
    # not here: check_schema took 0.8 s of a 1.3 s ``council check``. Nor are they crawled:
    # each has only its top-level ``$id`` and no ``$anchor``, so a ``$ref`` needs no crawl
    # (referencing crawls by itself if a lookup ever needs it).
    resources_: list[tuple[str, Resource[Any]]] = []
    for kind in sorted(wanted):
        document = _raw(kind)
        resources_.append(
            (document["$id"], Resource.from_contents(document, default_specification=DRAFT202012))
        )
    return Registry().with_resources(resources_)


@functools.cache
def format_checker() -> Any:
    """Return the format checker: standard formats plus ``fr-siren`` and ``fr-siret``."""
    from jsonschema import FormatChecker

    checker = FormatChecker()
    checker.checks("fr-siren")(lambda value: not isinstance(value, str) or is_valid_siren(value))
    checker.checks("fr-siret")(lambda value: not isinstance(value, str) or is_valid_siret(value))
    return checker


def build_validator(document: Mapping[str, Any]) -> Any:
    """Build a Draft 2020-12 validator for ``document``, resolving refs to our schemas.

    The schema is not meta-validated here (the tests do it for the shipped
    schemas and for derived response schemas): build once and reuse the result.
    The validator checks :func:`inline_refs` of ``document``, the same schema
    with its references already followed.
    """
    from jsonschema.validators import Draft202012Validator

    return Draft202012Validator(
        inline_refs(document),
        registry=_registry(frozenset(_referenced_kinds(document))),
        format_checker=format_checker(),
    )


#: Keywords whose value is a schema, a list of schemas, or a map of names to schemas (the
#: others hold data, which may look like a schema: ``const``, ``enum``, ``default``...).
_ONE_SCHEMA: Final = frozenset(
    {
        "additionalProperties",
        "contains",
        "contentSchema",
        "else",
        "if",
        "items",
        "not",
        "propertyNames",
        "then",
        "unevaluatedItems",
        "unevaluatedProperties",
    }
)
_SCHEMA_LIST: Final = frozenset({"allOf", "anyOf", "oneOf", "prefixItems"})
_SCHEMA_MAP: Final = frozenset({"dependentSchemas", "patternProperties", "properties"})


def inline_refs(document: Mapping[str, Any]) -> dict[str, Any]:
    """Return ``document`` with each ``$ref`` to a JSON pointer replaced by its target.

    A reference is looked up at every use, each time it is validated:
    following them once here halves the time of a validation (a council
    of 28 members holds 144 of them). ``{"$ref": X}`` becomes what X points
    to; ``{"$ref": X, ...}`` with other keywords becomes ``{"allOf": [what X
    points to], ...}``, which validates the same in Draft 2020-12 (``$ref``
    is an applicator there) and gives the same errors, from the same
    subschema. A reference that is recursive, to an anchor, or to a schema
    not ours is left as it is (made absolute when it came from one of our
    schemas, since its base changes), for the registry to resolve.
    """
    root = document.get("$id")
    root_kind = (
        root.removeprefix(BASE_URI).removesuffix(SCHEMA_SUFFIX)
        if isinstance(root, str) and root.startswith(BASE_URI) and root.endswith(SCHEMA_SUFFIX)
        else None
    )
    done: dict[tuple[str | None, str], Any] = {}

    def target(ref: str, base: str | None) -> tuple[str | None, str, Any] | None:
        uri, _, fragment = ref.partition("#")
        kind = base
        if uri:
            name = uri.removeprefix(BASE_URI)
            kind = name.removesuffix(SCHEMA_SUFFIX)
            if not name.endswith(SCHEMA_SUFFIX) or "/" in name or kind not in _files():
                return None
        if fragment and not fragment.startswith("/"):
            return None  # an anchor
        node: Any = document if kind is None or kind == root_kind else _raw(kind)
        for part in fragment.split("/")[1:]:
            part = part.replace("~1", "/").replace("~0", "~")
            if isinstance(node, Mapping) and part in node:
                node = node[part]
            elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            else:
                return None  # unresolvable: the validator says so
        return kind, fragment, node

    def walk(node: Any, base: str | None, seen: frozenset[tuple[str | None, str]]) -> Any:
        if not isinstance(node, Mapping):
            return node
        result: dict[str, Any] = {}
        for key, value in node.items():
            if key in _SCHEMA_MAP and isinstance(value, Mapping):
                result[key] = {name: walk(item, base, seen) for name, item in value.items()}
            elif key in _SCHEMA_LIST and isinstance(value, list):
                result[key] = [walk(item, base, seen) for item in value]
            elif key in _ONE_SCHEMA:
                result[key] = walk(value, base, seen)
            else:
                result[key] = value
        ref = node.get("$ref")
        found = target(ref, base) if isinstance(ref, str) else None
        if found is None:
            if isinstance(ref, str) and base is not None and base != root_kind and "://" not in ref:
                # left for the registry, from where it now sits: make it absolute
                result["$ref"] = urljoin(f"{BASE_URI}{base}{SCHEMA_SUFFIX}", ref)
            return result
        kind, fragment, pointed = found
        key = (kind, fragment)
        if key in seen:  # recursive: keep the reference, absolute if it is to one of ours
            if kind is not None:
                result["$ref"] = f"{BASE_URI}{kind}{SCHEMA_SUFFIX}#{fragment}"
            return result
        if key not in done:
            done[key] = walk(pointed, kind, seen | {key})
        del result["$ref"]
        if not result:
            return done[key]
        result["allOf"] = [*result.get("allOf", []), done[key]]
        return result

    inlined: dict[str, Any] = walk(document, root_kind, frozenset())
    return inlined


@functools.cache
def validator(kind: str) -> Any:
    """Return the cached validator of a packaged document kind."""
    return build_validator(_raw(kind))


def iter_problems(kind: str, data: Any, *, source: str | None = None) -> Iterator[Problem]:
    """Yield every problem of ``data`` against the schema of ``kind``."""
    yield from problems_from_errors(validator(kind).iter_errors(data), source=source)


def validate(kind: str, data: Any, *, source: str | Path | None = None) -> None:
    """Raise :class:`ValidationError` listing every problem of ``data`` against ``kind``."""
    where = str(source) if source is not None else None
    problems = sorted(iter_problems(kind, data, source=where), key=lambda p: (p.path, p.code))
    if problems:
        other = _other_kind(kind, data, problems)
        if other is not None:  # first: it explains every other problem
            problems.insert(0, _other_kind_problem(kind, other, where))
        raise ValidationError(problems, kind=kind, source=source)


def _other_kind(kind: str, data: Any, problems: list[Problem]) -> str | None:
    """The kind whose schema ``data`` follows, when its top-level fields are not ``kind``'s.

    Tried only when a field at the top is unknown: a council file given where
    a responses file is expected, not a council with one mistake.
    """
    if not isinstance(data, Mapping) or not any(
        p.path == "$" and p.code == "schema.additionalProperties" for p in problems
    ):
        return None
    for other in document_kinds():
        if other != kind and not any(True for _ in validator(other).iter_errors(data)):
            return other
    return None


def _other_kind_problem(kind: str, other: str, source: str | None) -> Problem:
    return Problem(
        path="$",
        code="schema.other_kind",
        texts={
            "fr": f"ce fichier a la forme d'un document « {other} », pas d'un document "
            f"« {kind} » : vérifiez que c'est le bon fichier",
            "en": f"this file has the shape of a '{other}' document, not of a '{kind}' "
            "document: check that it is the right file",
        },
        source=source,
    )


def problems_from_errors(errors: Iterable[Any], *, source: str | None = None) -> Iterator[Problem]:
    """Translate jsonschema errors into problems with a JSON path, code and French message."""
    for error in errors:
        if error.validator in ("anyOf", "oneOf") and error.context:
            # Report the alternative that went deepest: the most useful explanation.
            from jsonschema.exceptions import best_match

            error = best_match(error.context)
        yield Problem(
            path=_problem_path(error),
            code=f"schema.{error.validator}",
            texts=_messages(error),
            source=source,
        )


def _missing_field(error: Any) -> str | None:
    """Return the name of the property a ``required`` error is about."""
    instance = error.instance if isinstance(error.instance, Mapping) else {}
    wanted = error.validator_value if isinstance(error.validator_value, list) else []
    missing = [name for name in wanted if isinstance(name, str) and name not in instance]
    for name in missing:
        if repr(name) in str(error.message):
            return name
    return missing[0] if missing else None


_PLAIN_NAME: Final = r"[A-Za-z_][A-Za-z0-9_]*"  # compiled on first use (re caches it)


def _problem_path(error: Any) -> str:
    """Return the JSON path of a problem; a missing field's path points at the field."""
    path = str(error.json_path)
    if error.validator == "required":
        name = _missing_field(error)
        if name is not None:
            if re.fullmatch(_PLAIN_NAME, name):
                return f"{path}.{name}"
            return f"{path}[{json.dumps(name, ensure_ascii=False)}]"
    return path


def _what(error: Any) -> tuple[str, str]:
    schema_ = error.schema if isinstance(error.schema, Mapping) else {}
    title = str(schema_.get("title") or "valeur")
    # Never a French title in an English message (a test checks every title has its x-title-en).
    return (title, str(schema_.get("x-title-en") or "value"))


def _shown(value: Any) -> str:
    # Data from Python code may hold what JSON cannot (a set, bytes keys): shown as Python
    # writes it, so that the problem is reported rather than a TypeError raised.
    try:
        text = json.dumps(value, ensure_ascii=False, default=repr)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


_TYPES_FR: Final = {
    "string": "du texte",
    "integer": "un nombre entier",
    "number": "un nombre",
    "boolean": "vrai ou faux (true/false)",
    "object": "un objet",
    "array": "une liste",
    "null": "null",
}


_CHARACTERS: Final = {"fr": ("caractère", "caractères"), "en": ("character", "characters")}
_FIELDS: Final = {"fr": ("champ", "champs"), "en": ("field", "fields")}


def _counted(value: Any, forms: Mapping[str, tuple[str, str]]) -> dict[str, str]:
    """``{language: "<value> <words>"}``, the words agreeing with ``value``.

    A schema's bound is normally an integer; anything else is shown as it is,
    with the plural words.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return {lang: counted(value, forms, lang) for lang in ("fr", "en")}
    return {lang: f"{value} {forms[lang][1]}" for lang in ("fr", "en")}


def _messages(error: Any) -> dict[str, str]:
    keyword = error.validator
    value = error.validator_value
    instance = error.instance
    what_fr, what_en = _what(error)
    shown = _shown(instance)
    if keyword == "required":
        missing = _missing_field(error) or "?"
        return {
            "fr": f"champ obligatoire manquant : « {missing} »",
            "en": f"missing required field '{missing}'",
        }
    if keyword == "additionalProperties" or keyword == "unevaluatedProperties":
        extra = (
            sorted(set(instance) - set(error.schema.get("properties", {})))
            if isinstance(instance, dict)
            else []
        )
        names = ", ".join(f"« {n} »" for n in extra)
        names_en = ", ".join(f"'{n}'" for n in extra)
        return {"fr": f"champ inconnu : {names}", "en": f"unknown field: {names_en}"}
    if keyword == "type":
        types = [str(v) for v in value] if isinstance(value, list) else [str(value)]
        fr = " ou ".join(_TYPES_FR.get(name, name) for name in types)
        return {"fr": f"{shown} : il faut {fr}", "en": f"{shown}: expected {' or '.join(types)}"}
    if keyword == "enum":
        allowed = ", ".join(_shown(v) for v in value)
        return {
            "fr": f"{shown} n'est pas une valeur permise pour {what_fr} (valeurs : {allowed})",
            "en": f"{shown} is not an allowed value for {what_en} (allowed: {allowed})",
        }
    if keyword == "const":
        return {
            "fr": f"{shown} : {_shown(value)} attendu",
            "en": f"{shown}: expected {_shown(value)}",
        }
    if keyword in ("pattern", "format"):
        return {
            "fr": f"{shown} : {what_fr} invalide",
            "en": f"{shown} is not a valid {what_en}",
        }
    if keyword == "minimum":
        return {
            "fr": f"{shown} est inférieur au minimum {value}",
            "en": f"{shown} is below the minimum {value}",
        }
    if keyword == "maximum":
        return {
            "fr": f"{shown} dépasse le maximum {value}",
            "en": f"{shown} is above the maximum {value}",
        }
    if keyword == "exclusiveMinimum":
        return {
            "fr": f"{shown} doit être supérieur à {value}",
            "en": f"{shown} must be greater than {value}",
        }
    if keyword == "exclusiveMaximum":
        return {
            "fr": f"{shown} doit être inférieur à {value}",
            "en": f"{shown} must be less than {value}",
        }
    if keyword == "minLength":
        return {
            "fr": f"texte trop court (au moins {_counted(value, _CHARACTERS)['fr']})",
            "en": f"text too short (at least {_counted(value, _CHARACTERS)['en']})",
        }
    if keyword == "maxLength":
        return {
            "fr": f"texte trop long (au plus {_counted(value, _CHARACTERS)['fr']})",
            "en": f"text too long (at most {_counted(value, _CHARACTERS)['en']})",
        }
    if keyword == "minItems":
        items = _counted(
            value,
            {
                "fr": ("élément attendu", "éléments attendus"),
                "en": ("item expected", "items expected"),
            },
        )
        return {"fr": f"au moins {items['fr']}", "en": f"at least {items['en']}"}
    if keyword == "maxItems":
        items = _counted(
            value,
            {"fr": ("élément permis", "éléments permis"), "en": ("item allowed", "items allowed")},
        )
        return {"fr": f"au plus {items['fr']}", "en": f"at most {items['en']}"}
    if keyword == "uniqueItems":
        return {"fr": "la liste contient des doublons", "en": "the list contains duplicates"}
    if keyword == "multipleOf":
        return {
            "fr": f"{shown} doit être un multiple de {value}",
            "en": f"{shown} must be a multiple of {value}",
        }
    if keyword == "not":
        return {"fr": f"{shown} n'est pas permis ici", "en": f"{shown} is not allowed here"}
    if keyword in ("false", None):
        return {"fr": "valeur non permise ici", "en": "value not allowed here"}
    if keyword == "minProperties":
        return (
            {
                "fr": f"il faut au moins {_counted(value, _FIELDS)['fr']} ; seulement "
                + counted(len(instance), {"fr": ("donné", "donnés")}, "fr"),
                "en": f"at least {_counted(value, _FIELDS)['en']} needed; only {len(instance)} given",
            }
            if isinstance(instance, Mapping)
            else _generic(what_fr, what_en)
        )
    if keyword == "maxProperties":
        fields = _counted(
            value,
            {"fr": ("champ permis", "champs permis"), "en": ("field allowed", "fields allowed")},
        )
        return {"fr": f"au plus {fields['fr']}", "en": f"at most {fields['en']}"}
    if keyword == "propertyNames":
        return {
            "fr": f"nom de champ non permis : {shown}",
            "en": f"field name not allowed: {shown}",
        }
    if keyword == "dependentRequired":
        return {
            "fr": "un champ qui en demande un autre est présent sans lui",
            "en": "a field that requires another one is present without it",
        }
    if keyword in ("contains", "minContains", "maxContains"):
        return {
            "fr": "la liste ne contient pas l'élément attendu",
            "en": "the list does not contain the expected item",
        }
    if keyword in ("anyOf", "oneOf"):
        return {
            "fr": f"{shown} ne correspond à aucune des formes permises pour {what_fr}",
            "en": f"{shown} matches none of the allowed forms of {what_en}",
        }
    return _generic(what_fr, what_en)


def _generic(what_fr: str, what_en: str) -> dict[str, str]:
    """A message for a keyword we have no wording for: never jsonschema's English."""
    return {"fr": f"{what_fr} invalide", "en": f"invalid {what_en}"}
