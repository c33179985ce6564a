"""docs/rules.md indexes every rule and defect id of the reference importer.

A fast test (no server). It parses the table rows of docs/rules.md and fails
when:
- an id of the reference documents is missing (the ids are listed here, so
  the test runs without ../shared; when ../shared/reference is present, the
  list is also compared with the documents themselves);
- a model, file or test named in a row does not exist in the project: a dbt
  model (models/**/<name>.sql), a path (seeds/..., macros/..., docs/...),
  a unit test (unit_tests: in models/**/*.yml), a named data test (a
  singular test under tests/, or a `name:` under data_tests:), or a pytest
  function (`test_file.py::test_name`);
- a dbt model named for an id does not mention that id in its SQL or YAML
  (rule ranges such as "rules 41-44" and lists such as "bad-inputs 1, 2, 6"
  count for each number they cover). D rows restate rules of B per target
  table, and are not required to be named in the models.
- a row says "not applicable" without saying why.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml

from nodeshot_migrate import PROJECT_DIR

RULES_MD = PROJECT_DIR / "docs" / "rules.md"
REFERENCE = PROJECT_DIR.parent / "shared" / "reference"

# The targets of the D table (re-run semantics), in its order.
D_TARGETS = [
    "profile (admin)", "profile (node owner)", "email address", "node", "device", "routing protocol",
    "interface (+ child)", "VAP", "IP", "link", "inward message",
]

EXPECTED_IDS = (
    [f"A.{n}" for n in range(1, 7)]
    + [f"rule {n}" for n in range(1, 75)]  # B.0-B.14 rules 1-69, C rules 70-74
    + [f"D: {target}" for target in D_TARGETS]
    + [f"E.{n}" for n in range(1, 30)]
    + [f"F.{n}" for n in range(1, 9)]
    + [f"bad-inputs {n}" for n in range(1, 38)]
)

_NUMBERS = r"\d+(?:\s*(?:-|–|,|and|or)\s*\d+)*"


def numbers_in(listing: str) -> set[int]:
    """'41-44, 46 and 50' -> {41, 42, 43, 44, 46, 50}."""
    found: set[int] = set()
    for part in re.split(r"\s*(?:,|and|or)\s*", listing):
        bounds = re.split(r"\s*[-–]\s*", part.strip())
        if len(bounds) == 2 and all(b.isdigit() for b in bounds):
            found.update(range(int(bounds[0]), int(bounds[1]) + 1))
        elif bounds[0].isdigit():
            found.add(int(bounds[0]))
    return found


def mentions(text: str, rule_id: str) -> bool:
    """Whether `text` names `rule_id`, alone or inside a range or list."""
    if rule_id[:2] in ("A.", "E.", "F."):
        return re.search(rf"\b{re.escape(rule_id)}\b(?!\.\d)", text) is not None
    kind, number = rule_id.split(" ")
    if kind == "rule" and int(number) >= 70 and re.search(rf"\bC\.{number}\b", text):
        return True
    word = {"rule": r"rules?", "bad-inputs": r"bad-inputs?"}[kind]
    return any(int(number) in numbers_in(m) for m in re.findall(rf"\b{word} ({_NUMBERS})", text))


def reference_ids() -> list[str]:
    """The ids as the reference documents define them."""
    behaviour = (REFERENCE / "importer-behaviour.md").read_text()
    sections = dict(re.findall(r"^## ([A-F])\. .*?\n(.*?)(?=^## |\Z)", behaviour, flags=re.M | re.S))
    ids = [f"A.{n}" for n in re.findall(r"^### A\.(\d+)", sections["A"], flags=re.M)]
    ids += [f"rule {n}" for n in re.findall(r"^(\d+)\. ", sections["B"] + sections["C"], flags=re.M)]
    ids += [f"D: {row.strip()}" for row in re.findall(r"^\| ([^|]+?) \| (?!Identity|---)", sections["D"], flags=re.M)]
    ids += [f"E.{n}" for n in re.findall(r"^(\d+)\. \*\*", sections["E"], flags=re.M)]
    ids += [f"F.{n}" for n in re.findall(r"^(\d+)\. \*\*", sections["F"], flags=re.M)]
    bad = (REFERENCE / "bad-inputs.md").read_text()
    ids += [f"bad-inputs {n}" for n in re.findall(r"^\| (\d+) \|", bad, flags=re.M)]
    return ids


def index_rows() -> list[tuple[str, str, str, str]]:
    """(id, what, implemented by, checked by) of every table row of docs/rules.md."""
    rows = []
    for line in RULES_MD.read_text().splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")] if line.startswith("|") else []
        if len(cells) == 4 and cells[0] not in ("Id", "") and not set(cells[0]) <= set("-: "):
            rows.append((cells[0].strip("`"), cells[1], cells[2], cells[3]))
    return rows


def names_in(cell: str) -> list[str]:
    return re.findall(r"`([^`]+)`", cell)


def project_models() -> dict[str, list[Path]]:
    """{model name: its SQL file and the YAML files that mention it}."""
    models = {path.stem: [path] for path in (PROJECT_DIR / "models").rglob("*.sql")}
    for path in (PROJECT_DIR / "models").rglob("*.yml"):
        text = path.read_text()
        for name in re.findall(r"^\s*(?:- name|model): (\w+)", text, flags=re.M):
            if name in models and path not in models[name]:
                models[name].append(path)
    return models


def model_text(paths: list[Path], model: str) -> str:
    """The model's SQL, its YAML entry and the unit tests written for it."""
    parts = [paths[0].read_text()]
    for path in paths[1:]:
        document = yaml.safe_load(path.read_text()) or {}
        parts += [str(entry) for entry in document.get("models") or [] if entry.get("name") == model]
        parts += [str(test) for test in document.get("unit_tests") or [] if test.get("model") == model]
    return "\n".join(parts)


def project_tests() -> set[str]:
    """Unit tests, named data tests, singular tests and pytest functions (file.py::name)."""
    names: set[str] = set()

    def walk(node) -> None:
        if isinstance(node, dict):
            if "name" in node and ("arguments" in node or "model" in node and "given" in node):
                names.add(str(node["name"]))
            for key, value in node.items():
                if key in ("data_tests", "tests") and isinstance(value, list):
                    for test in value:
                        if isinstance(test, dict):
                            for body in test.values():
                                if isinstance(body, dict) and "name" in body:
                                    names.add(str(body["name"]))
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    for path in (PROJECT_DIR / "models").rglob("*.yml"):
        walk(yaml.safe_load(path.read_text()))
    names.update(path.stem for path in (PROJECT_DIR / "tests").rglob("*.sql"))
    for path in (PROJECT_DIR / "tests").rglob("test_*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test"):
                names.add(f"{path.name}::{node.name}")
    return names


def exists(name: str, models: dict[str, list[Path]], tests: set[str]) -> bool:
    if name in models or name in tests:
        return True
    if "::" in name:  # pytest function; a class-qualified name is file.py::Class::test
        file, *_, function = name.split("::")
        return f"{file}::{function}" in tests
    return ("/" in name or "." in name) and (PROJECT_DIR / name).exists()


def test_the_expected_ids_match_the_reference_documents():
    if not REFERENCE.is_dir():
        pytest.skip("../shared/reference is not beside the project; the ids listed here are checked alone")
    assert reference_ids() == EXPECTED_IDS


def test_every_reference_id_is_in_the_index_once():
    ids = [row[0] for row in index_rows()]
    assert sorted(set(EXPECTED_IDS) - set(ids)) == []
    assert sorted(set(ids) - set(EXPECTED_IDS)) == [], "rows whose id the reference does not define"
    assert sorted({i for i in ids if ids.count(i) > 1}) == []


def test_every_named_model_and_test_exists():
    models, tests = project_models(), project_tests()
    missing = [
        (rule_id, name)
        for rule_id, _what, where, checked in index_rows()
        for name in names_in(where) + names_in(checked)
        if not exists(name, models, tests)
    ]
    assert missing == []


def test_every_row_names_an_implementation_and_a_check_or_says_why_not():
    incomplete = [
        rule_id
        for rule_id, _what, where, checked in index_rows()
        for cell in (where, checked)
        if not names_in(cell) and not re.match(r"not applicable: \S", cell)
    ]
    assert incomplete == []


def test_every_named_model_mentions_its_id():
    models = project_models()
    silent = [
        (rule_id, name)
        for rule_id, _what, where, _checked in index_rows()
        if not rule_id.startswith("D: ")
        for name in names_in(where)
        if name in models and not mentions(model_text(models[name], name), rule_id)
    ]
    assert silent == []


@pytest.mark.parametrize(
    ("text", "rule_id", "expected"),
    [
        ("B.8 rules 41-44 devices", "rule 42", True),
        ("B.8 rules 41-44 devices", "rule 45", False),
        ("B.9 rules 50-51, 55 with E.2", "rule 55", True),
        ("rule 7", "rule 70", False),
        ("C.72", "rule 72", True),
        ("Dirty coordinates (bad-inputs 1, 2, 6)", "bad-inputs 6", True),
        ("Dirty coordinates (bad-inputs 1, 2, 6)", "bad-inputs 3", False),
        ("E.13 fixed", "E.1", False),
        ("E.2 and E.19 fixed", "E.19", True),
        ("A.3", "A.3", True),
    ],
)
def test_mentions_reads_ranges_and_lists(text, rule_id, expected):
    assert mentions(text, rule_id) is expected
