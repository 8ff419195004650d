"""Read and validate YAML front matter, keeping the line of every field.

Pure functions: no Sphinx here. The schema (``schemas/*.schema.json``) is the single
source of truth for the fields; this module only maps schema errors to messages
that name the line, the field and what was expected.
"""

from __future__ import annotations

import difflib
import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema
import yaml

SCHEMA_DIR = Path(__file__).parent / "schemas"

_DELIMITER = re.compile(r"^---\s*$")
_CLOSER = re.compile(r"^(---|\.\.\.)\s*$")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file's front matter."""

    line: int  # 1-based line in the source file
    message: str
    subtype: str = "frontmatter"


@dataclass(frozen=True)
class FrontMatter:
    """The result of reading a file: valid fields only, and every problem found."""

    data: dict[str, Any] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()
    #: Number of source lines the block occupies (0 when there is none).
    block_lines: int = 0
    #: The 1-based line of each top-level field.
    field_lines: dict[str, int] = field(default_factory=dict)


class _Loader(yaml.SafeLoader):
    """Safe loader that only resolves booleans and nulls.

    Numbers and dates stay text, so ``title: 2024`` is a title and an impossible
    unquoted date such as ``2024-02-30`` is a validation error, not a crash.
    """


_Loader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:null")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@functools.cache
def load_schema(name: str) -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))


@functools.cache
def _validator(name: str) -> jsonschema.protocols.Validator:
    schema = load_schema(name)
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def split(text: str) -> tuple[str, int] | None:
    """Return the YAML text of a leading ``---`` block and the lines it spans.

    ``None`` when the text has no opening delimiter; ``("", -1)`` when the block is
    never closed.
    """
    # Lines end at "\n" only, as Sphinx reads them (universal newlines): splitlines()
    # would also break at form feeds or U+2028 inside a value and miscount the block.
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not lines or not _DELIMITER.match(lines[0]):
        return None
    for index, line in enumerate(lines[1:], start=1):
        if _CLOSER.match(line):
            return "\n".join(lines[1:index]) + "\n", index + 1
    return "", -1


def describe(value: Any) -> str:
    """A short, safe description of a YAML value for a warning."""
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = str(value)
    if len(text) > 40:
        text = text[:37] + "..."
    return repr(text)


def read(text: str, schema: str = "article") -> FrontMatter:
    """Read the front matter of ``text`` and validate it against ``schema``."""
    if not text.strip():
        return FrontMatter(
            problems=(Problem(1, "the file is empty: expected front matter with a title and a date"),)
        )
    block = split(text)
    if block is None:
        return FrontMatter(
            problems=(
                Problem(
                    1,
                    "no front matter: expected the file to start with a '---' line, "
                    "the fields (title, date, ...), then a closing '---' line",
                ),
            )
        )
    source, block_lines = block
    if block_lines < 0:
        return FrontMatter(
            problems=(Problem(1, "the front matter is never closed: expected a '---' line after its fields"),)
        )

    try:
        loader = _Loader(source)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        return FrontMatter(problems=(_yaml_problem(exc, source),), block_lines=block_lines)
    except RecursionError:
        # PyYAML composes nested collections recursively; no real front matter nests so deep.
        message = "the front matter is nested too deeply: expected flat fields such as 'tags: [AI, NLP]'"
        return FrontMatter(problems=(Problem(1, message),), block_lines=block_lines)

    if not isinstance(data, dict):
        what = "empty" if data is None else f"{describe(data)}, not a mapping"
        return FrontMatter(
            problems=(
                Problem(
                    1, f"the front matter is {what}: expected fields such as 'title: ...' and 'date: ...'"
                ),
            ),
            block_lines=block_lines,
        )

    lines, duplicates = _key_lines(node)
    problems = [
        Problem(line, f"field '{key}' is given more than once: the last value is used")
        for key, line in duplicates
    ]
    valid, schema_problems = _validate(data, lines, schema)
    problems.extend(schema_problems)
    field_lines = {key[0]: line for key, line in lines.items() if len(key) == 1}
    return FrontMatter(data=valid, problems=tuple(problems), block_lines=block_lines, field_lines=field_lines)


_KEY_LINE = re.compile(r"^([A-Za-z_][\w-]*)\s*:")


def _yaml_problem(exc: yaml.YAMLError, source: str) -> Problem:
    """Point at the line where the YAML went wrong, and the field it belongs to."""
    problem = getattr(exc, "problem_mark", None)
    context = getattr(exc, "context_mark", None)
    # An unclosed bracket or quote is only noticed at the end: the opening is the place.
    mark = (
        context
        if context is not None and (problem is None or problem.index >= len(source.rstrip()))
        else problem
    )
    if mark is None:
        return Problem(1, "malformed YAML in the front matter")
    lines = source.splitlines()
    field_name = next(
        (m.group(1) for line in reversed(lines[: mark.line + 1]) if (m := _KEY_LINE.match(line))),
        None,
    )
    where = f" in field '{field_name}'" if field_name else ""
    reason = getattr(exc, "problem", None) or "invalid syntax"
    if getattr(exc, "context", None):
        reason = f"{exc.context}, {reason}"
    return Problem(
        mark.line + 2, f"malformed YAML{where}: {reason}; expected valid YAML such as 'tags: [AI, NLP]'"
    )


def _key_lines(node: yaml.MappingNode) -> tuple[dict[tuple, int], list[tuple[str, int]]]:
    """Map each top-level key (and list item) to its 1-based source line."""
    lines: dict[tuple, int] = {}
    duplicates = []
    for key_node, value_node in node.value:
        key = str(key_node.value)
        line = key_node.start_mark.line + 2  # +1 for 1-based, +1 for the '---' line
        if (key,) in lines:
            duplicates.append((key, line))
        lines[(key,)] = line
        if isinstance(value_node, yaml.SequenceNode):
            for index, item in enumerate(value_node.value):
                lines[(key, index)] = item.start_mark.line + 2
    return lines, duplicates


def _validate(
    data: dict[str, Any], lines: dict[tuple, int], schema_name: str
) -> tuple[dict[str, Any], list[Problem]]:
    schema = load_schema(schema_name)
    properties = schema.get("properties", {})
    data = {str(key): value for key, value in data.items()}
    bad_fields: set[str] = set()
    problems: list[Problem] = []

    errors = sorted(_validator(schema_name).iter_errors(data), key=lambda e: list(e.path))
    for error in errors:
        if error.validator == "required":
            for name in error.validator_value:
                if name not in data:
                    expected = properties[name].get("x-expected", "a value")
                    problems.append(Problem(1, f"the front matter has no '{name}': expected {expected}"))
        elif error.validator == "additionalProperties":
            for name in sorted(set(data) - set(properties)):
                bad_fields.add(name)
                hint = difflib.get_close_matches(name, properties, n=1)
                guess = f" (did you mean '{hint[0]}'?)" if hint else ""
                known = ", ".join(properties)
                problems.append(
                    Problem(
                        lines.get((name,), 1),
                        f"unknown field '{name}'{guess}: expected one of {known}",
                    )
                )
        elif error.path:
            name = str(error.path[0])
            bad_fields.add(name)
            expected = properties.get(name, {}).get("x-expected", "a valid value")
            where = f"field '{name}'"
            line = lines.get((name,), 1)
            if len(error.path) > 1 and isinstance(error.path[1], int):
                where += f", item {error.path[1] + 1}"
                expected = properties[name].get("x-expected-item", expected)
                line = lines.get((name, error.path[1]), line)
            problems.append(Problem(line, f"{where}: expected {expected}, got {describe(error.instance)}"))

    valid = {key: value for key, value in data.items() if key not in bad_fields}
    for name, spec in properties.items():
        if name not in valid and "default" in spec:
            valid[name] = spec["default"]
    return valid, _dedupe(problems)


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen = set()
    unique = []
    for problem in problems:
        if (problem.line, problem.message) not in seen:
            seen.add((problem.line, problem.message))
            unique.append(problem)
    return unique
