"""Read and validate YAML front matter, keeping the line of every field.

Hugo's TOML (``+++``) and JSON blocks are loaded by ``tomljson`` and then go through
the same steps.

Pure functions: no Sphinx here. The schema (``schemas/*.schema.json``) is the single
source of truth for the fields; this module only maps schema errors to messages
that name the line, the field and what was expected.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from . import dates, otherforms, sanitize, tomljson, typos

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
    #: The 1-based line of each item of a list field, by (field, index).
    item_lines: dict[tuple[str, int], int] = field(default_factory=dict)


@functools.cache
def load_schema(name: str) -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))


@functools.cache
def _validator(name: str) -> jsonschema.protocols.Validator:
    schema = load_schema(name)
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=dates.format_checker(cls.FORMAT_CHECKER))


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
    """A short, safe description of a YAML value for a warning: escaped, on one line."""
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return sanitize.shown(str(value))


#: The tag of the node that stands in for a refused alias.
_ALIAS_TAG = "tag:trendkb,alias"
_STR_TAG = "tag:yaml.org,2002:str"
_NULL_TAG = "tag:yaml.org,2002:null"


class _Loader(yaml.SafeLoader):
    """Safe loader that only resolves booleans and nulls.

    Numbers and dates stay text, so ``title: 2024`` is a title and an impossible
    unquoted date such as ``2024-02-30`` is a validation error, not a crash.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.alias_marks: list[yaml.Mark] = []


_Loader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        # The merge key ("<<") as YAML defines it: its fields are the mapping's.
        if tag in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:merge")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _AliasRefusingLoader(_Loader):
    """A loader that makes each alias (``*name``) an empty placeholder node.

    Expanding nested aliases is exponential ("billion laughs"), and front matter has no
    use for them. Only used when the text has a "*", so plain files pay nothing.
    """

    def compose_node(self, parent, index):
        if type(self.peek_event()) is yaml.AliasEvent:
            event = self.get_event()
            self.alias_marks.append(event.start_mark)
            return yaml.ScalarNode(_ALIAS_TAG, f"*{event.anchor}", event.start_mark, event.end_mark)
        return super().compose_node(parent, index)


def plain_yaml(text: str) -> Any:
    """A configuration file's YAML (an engine's ``_config.yml``) with the front matter's limits:
    an alias is refused (yaml.YAMLError), numbers and dates stay text."""
    loader = _AliasRefusingLoader(text)
    try:
        data = loader.get_single_data()
    finally:
        loader.dispose()
    if loader.alias_marks:
        raise yaml.YAMLError("aliases are not read")
    return data


class _Lines:
    """1-based file lines of positions in the YAML text, counting only "\\n" as Sphinx does.

    PyYAML's own ``mark.line`` also breaks at U+2028, U+2029 and U+0085, which would
    shift every later warning.
    """

    def __init__(self, source: str) -> None:
        self._breaks = [match.start() for match in re.finditer("\n", source)]

    def __call__(self, mark: yaml.Mark) -> int:
        return self.at(mark.index)

    def at(self, index: int) -> int:
        return bisect.bisect_left(self._breaks, index) + 2  # +1 for 1-based, +1 for '---'


#: The forms every site reads: YAML between ``---`` lines, Hugo's TOML (``+++``) and JSON.
FORMATS = ("yaml", "toml", "json")


def read(
    text: str, schema: str = "article", prepare: Callable | None = None, formats: tuple[str, ...] = FORMATS
) -> FrontMatter:
    """Read the front matter of ``text`` and validate it against ``schema``.

    ``prepare(data, lines)`` may rewrite the fields before validation (aliases, see
    ``aliases.Normalizer``) and returns ``(data, lines, problems)``. ``formats`` adds the
    forms an engine writes besides YAML (``reading/otherforms.py``; ``engines.Engine.formats``).
    """
    if not text.strip():
        return FrontMatter(
            problems=(Problem(1, "the file is empty: expected front matter with a title and a date"),)
        )
    for form, reader in ((otherforms.JS, otherforms.javascript), ("json", otherforms.json_after_dashes)):
        if form in formats:
            try:
                found = reader(text)
            except tomljson.Malformed as exc:
                return FrontMatter(problems=(Problem(exc.line, sanitize.one_line(exc.message)),))
            if found is not None:
                return _from_fields(*found, schema, prepare)
    if otherforms.HEADER in formats and (found := otherforms.header_lines(text)) is not None:
        return _from_fields(*found, schema, prepare)
    block = split(text)
    if block is None and otherforms.YAML_WITHOUT_OPENER in formats:
        block = otherforms.yaml_without_opener(text)
    if block is None and (other := tomljson.split(text)) is not None:
        return _read_other(*other, schema, prepare)
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

    source, unreadable = sanitize.strip_unreadable(source)
    line_of = _Lines(source)
    problems: list[Problem] = []
    try:
        loader = (_AliasRefusingLoader if "*" in source else _Loader)(source)
        try:
            node = loader.get_single_node()
            if isinstance(node, yaml.MappingNode):
                problems += _refuse_aliases(node, loader.alias_marks, line_of)
                loader.flatten_mapping(node)
                problems += _refuse_non_text_keys(node, line_of)
                data, lines, duplicates = _construct(loader, node, source, line_of, problems)
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        problem = _yaml_problem(exc, source, line_of)
        problem = dataclasses.replace(problem, message=sanitize.one_line(problem.message))
        return FrontMatter(problems=(problem,), block_lines=block_lines)
    except RecursionError:
        # PyYAML composes nested collections recursively; no real front matter nests so deep.
        message = "the front matter is nested too deeply: expected flat fields such as 'tags: [AI, NLP]'"
        return FrontMatter(problems=(Problem(1, message),), block_lines=block_lines)

    if not isinstance(node, yaml.MappingNode):
        empty = node is None or (isinstance(node, yaml.ScalarNode) and node.tag == _NULL_TAG)
        what = "empty" if empty else f"{_describe_node(node)}, not a mapping"
        return FrontMatter(
            problems=(
                Problem(
                    1, f"the front matter is {what}: expected fields such as 'title: ...' and 'date: ...'"
                ),
            ),
            block_lines=block_lines,
        )

    if unreadable:
        found = sanitize.unreadable_problems(unreadable, _field_at(node, line_of))
        problems[:0] = [Problem(line, message) for line, message in found]
    problems += _duplicates(duplicates, data)
    if sanitize.may_hold_unclean_values(source):
        problems += [Problem(line, message) for line, message in sanitize.clean(data, lines)]
    return _checked(data, lines, problems, block_lines, schema, prepare)


def _checked(
    data: dict, lines: dict[tuple, int], problems: list[Problem], block_lines: int, schema: str, prepare
) -> FrontMatter:
    """The steps after loading, whatever the format: prepare, bound, validate."""
    if prepare is not None:
        data, lines, prepared = prepare(data, lines, block_lines)
        problems.extend(prepared)
    problems += [Problem(line, message) for line, message in sanitize.drop_empty_names(data, lines)]
    problems += [Problem(line, message, "limit") for line, message in sanitize.bound(data, lines)]
    valid, schema_problems = _validate(data, lines, schema)
    problems.extend(schema_problems)
    field_lines = {key[0]: line for key, line in lines.items() if len(key) == 1}
    item_lines = {key: line for key, line in lines.items() if len(key) == 2 and isinstance(key[1], int)}
    # In the order of the file (stable: a field's problems keep theirs), each on one line.
    problems = [
        dataclasses.replace(p, message=sanitize.one_line(p.message))
        for p in sorted(problems, key=lambda p: p.line)
    ]
    return FrontMatter(
        data=valid,
        problems=tuple(_dedupe(problems)),
        block_lines=block_lines,
        field_lines=field_lines,
        item_lines=item_lines,
    )


#: Fields that decide publication: given twice, which one the author meant is not guessed.
_DECIDING = frozenset(
    {"draft", "published", "hidden", "private", "unlisted", "status", "date"}
    | {"eleventyExcludeFromCollections"}
)
_UNDECIDED = "given more than once"


def _duplicates(duplicates: list, data: dict) -> list[Problem]:
    """A warning per repeated key; the last value is used, but a publication flag or date
    given twice keeps the post unpublished (fails closed: the value becomes unreadable)."""
    problems = []
    for key, line in duplicates:
        if str(key) in _DECIDING and str(key) in data:
            data[str(key)] = _UNDECIDED
            problems.append(
                Problem(line, f"field '{key}' is given more than once: expected it once; not published")
            )
        else:
            problems.append(Problem(line, f"field '{key}' is given more than once: the last value is used"))
    return problems


def _read_other(kind: str, source: str, block_lines: int, schema: str, prepare) -> FrontMatter:
    """Hugo's TOML (``+++``) or JSON front matter, through the same checks as YAML."""
    if block_lines < 0:
        message = "the front matter is never closed: expected a '+++' line after its fields"
        return FrontMatter(problems=(Problem(1, message),))
    try:
        loaded, found, duplicates = tomljson.load(kind, source)
    except tomljson.Malformed as exc:
        problem = Problem(exc.line, sanitize.one_line(exc.message))
        return FrontMatter(problems=(problem,), block_lines=block_lines)
    return _from_fields(loaded, found, duplicates, block_lines, schema, prepare)


def _from_fields(
    loaded: dict, found: dict[tuple, int], duplicates: list, block_lines: int, schema: str, prepare
) -> FrontMatter:
    """Fields another reader loaded (TOML, JSON, header lines), through the same checks as YAML."""
    names = {key: sanitize.field_name(key) for key in loaded}
    data = {names[key]: value for key, value in loaded.items()}
    lines = {(names.get(key[0], key[0]), *key[1:]): line for key, line in found.items()}
    problems = _duplicates(duplicates, data)
    problems += [Problem(line, message) for line, message in sanitize.clean(data, lines)]
    return _checked(data, lines, problems, block_lines, schema, prepare)


def _refuse_aliases(node: yaml.MappingNode, marks: list[yaml.Mark], line_of: _Lines) -> list[Problem]:
    """Drop every top-level field that uses an alias, with one warning each."""
    if not marks:
        return []
    starts = sorted(mark.index for mark in marks)
    problems, kept = [], []
    for key_node, value_node in node.value:
        first = bisect.bisect_left(starts, key_node.start_mark.index)
        if first < len(starts) and starts[first] < value_node.end_mark.index:
            alias = next(n for n in _walk(key_node, value_node) if n.tag == _ALIAS_TAG)
            text_key = isinstance(key_node, yaml.ScalarNode) and key_node.tag == _STR_TAG
            name = key_node.value if text_key else None
            where = f"field '{sanitize.field_name(name)}'" if name is not None else "a field"
            problems.append(
                Problem(
                    line_of(alias.start_mark),
                    f"{where}: expected plain values, not YAML aliases (*name), "
                    f"got {sanitize.shown(alias.value)}; the field is ignored",
                )
            )
        else:
            kept.append((key_node, value_node))
    node.value = kept
    return problems


def _walk(*nodes: yaml.Node):
    """Every node under ``nodes``, depth first (placeholders, so never through an alias)."""
    stack = list(reversed(nodes))
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
        elif isinstance(node, yaml.MappingNode):
            stack.extend(reversed([n for pair in node.value for n in pair]))


def _refuse_non_text_keys(node: yaml.MappingNode, line_of: _Lines) -> list[Problem]:
    """Drop the fields whose name is not text (``null:``, ``!!binary`` keys, ``[a]:``)."""
    problems, kept = [], []
    for key_node, value_node in node.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.tag == _STR_TAG:
            kept.append((key_node, value_node))
            continue
        problems.append(
            Problem(
                line_of(key_node.start_mark),
                f"a field name must be text: expected a name such as 'title', "
                f"got {_describe_node(key_node)}; the field is ignored",
            )
        )
    node.value = kept
    return problems


def _describe_node(node: yaml.Node) -> str:
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if node.tag == _ALIAS_TAG:
        return f"a YAML alias ({sanitize.shown(node.value)})"
    if node.tag == _STR_TAG:
        return sanitize.shown(node.value)
    if node.tag == _NULL_TAG:
        return "an empty value (null)"
    if node.tag == "tag:yaml.org,2002:bool":
        return f"the boolean {sanitize.shown(node.value)}"
    return f"{sanitize.shown(node.value)} tagged {sanitize.shown(_short_tag(node.tag))}"


def _short_tag(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


def _construct(
    loader: _Loader, node: yaml.MappingNode, source: str, line_of: _Lines, problems: list[Problem]
) -> tuple[dict[str, Any], dict[tuple, int], list[tuple[str, int]]]:
    """Build the fields one by one, so a value PyYAML cannot construct costs only its field.

    Returns the fields, the 1-based line of each (and of each list item), and the
    names given more than once (the last value wins, in the first one's place).
    """
    fields: dict[str, tuple[Any, int, list[int]]] = {}
    duplicates = []
    for key_node, value_node in _merged(node, line_of, problems):
        key = sanitize.field_name(key_node.value)
        line = line_of(key_node.start_mark)
        try:
            value = loader.construct_object(value_node, deep=True)
        except yaml.YAMLError as exc:
            problems.append(_yaml_problem(exc, source, line_of, key))
            continue
        except Exception:  # untrusted input through PyYAML's constructors
            # An explicit tag whose constructor fails on the text: "!!int abc", "!!timestamp x".
            tag = sanitize.shown(_short_tag(value_node.tag))
            problems.append(
                Problem(
                    line,
                    f"malformed YAML in field '{key}': the value does not fit its tag {tag}; "
                    "expected plain text such as 'title: A title'",
                )
            )
            continue
        if key in fields:
            duplicates.append((key, line))
        items = (
            [line_of(item.start_mark) for item in value_node.value]
            if isinstance(value_node, yaml.SequenceNode)
            else []
        )
        fields[key] = (value, line, items)
    data = {key: value for key, (value, _, _) in fields.items()}
    lines: dict[tuple, int] = {}
    for key, (_, line, items) in fields.items():
        lines[(key,)] = line
        lines.update(((key, index), item) for index, item in enumerate(items))
    return data, lines, duplicates


_MERGE = "tag:yaml.org,2002:merge"


def _merged(node: yaml.MappingNode, line_of: _Lines, problems: list[Problem]) -> list[tuple]:
    """The mapping's pairs, with those of YAML's merge key (``<<: {draft: true}``) as every
    YAML reader gives them: after the mapping's own, which win. A merge value that is not a
    mapping (or a list of them) is a problem of its own line, and gives nothing."""
    own, merged = [], []
    for key_node, value_node in node.value:
        if key_node.tag != _MERGE:
            own.append((key_node, value_node))
            continue
        parts = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
        if not all(isinstance(part, yaml.MappingNode) for part in parts):
            problems.append(
                Problem(
                    line_of(key_node.start_mark),
                    "malformed YAML: the merge key '<<' expects a mapping such as '<<: {draft: true}'; "
                    "ignored",
                )
            )
            continue
        for part in parts:
            merged.extend(pair for pair in part.value if pair[0].tag != _MERGE)
    given = {key.value for key, _ in own if isinstance(key, yaml.ScalarNode)}
    return own + [pair for pair in merged if pair[0].value not in given]


def _field_at(node: yaml.MappingNode, line_of: _Lines) -> Callable[[int], str | None]:
    """The top-level field a 0-based line of the YAML text belongs to, if any."""
    # A block value ends at the start of the next line: its last character is the one before.
    spans = [
        (
            line_of(key_node.start_mark) - 2,
            line_of.at(max(value_node.end_mark.index - 1, key_node.start_mark.index)) - 2,
            sanitize.field_name(key_node.value),
        )
        for key_node, value_node in node.value
    ]

    def field_at(line: int) -> str | None:
        return next((name for first, last, name in spans if first <= line <= last), None)

    return field_at


_KEY_LINE = re.compile(r"^([A-Za-z_][\w-]*)\s*:")


def _yaml_problem(
    exc: yaml.YAMLError, source: str, line_of: _Lines, field_name: str | None = None
) -> Problem:
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
    line = line_of(mark)
    if field_name is None:
        lines = source.split("\n")
        field_name = next(
            (m.group(1) for text in reversed(lines[: line - 1]) if (m := _KEY_LINE.match(text))),
            None,
        )
    where = f" in field '{sanitize.field_name(field_name)}'" if field_name else ""
    reason = getattr(exc, "problem", None) or "invalid syntax"
    if getattr(exc, "context", None):
        reason = f"{exc.context}, {reason}"
    reason = sanitize.shown(reason, 200)[1:-1]
    return Problem(line, f"malformed YAML{where}: {reason}; expected valid YAML such as 'tags: [AI, NLP]'")


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
        if error.validator == "required" and not error.path:  # nested: the field's own problem
            for name in error.validator_value:
                if name not in data:
                    expected = properties[name].get("x-expected", "a value")
                    problems.append(Problem(1, f"the front matter has no '{name}': expected {expected}"))
        elif error.validator == "additionalProperties":
            for name in sorted(set(data) - set(properties)):
                bad_fields.add(name)
                hint = typos.closest(name, properties)
                guess = f" (did you mean '{hint}'?)" if hint else ""
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
