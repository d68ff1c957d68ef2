"""The demo data files (demo/data/*.toml): they load, hang together, and the code holds no records.

The records themselves are checked where they are seeded (tests/test_seed_demo.py,
tests/*/test_demo_data.py, tests/plans/test_demo.py); these tests need no database.
"""

import ast
import tomllib
from pathlib import Path

import pytest

from demo.data import DIRECTORY, load, names

DEMO = Path(__file__).resolve().parent.parent / "demo"

TOP_LEVEL_KEYS = {
    "accounts": {"organisations", "councils", "users"},
    "action_plans": {"plans"},
    "assessments": {"need_templates"},
    "facilities": {
        "towns",
        "opening_hours",
        "access_conditions",
        "profiles",
        "facility_defaults",
        "facilities",
        "synthetic_names",
    },
    "projects": {"donors", "projects"},
    "referrals": {"cases", "swot", "actors", "recommendations"},
    "support_activities": {"support_activities"},
}


def test_every_data_file_loads_with_the_expected_tables():
    assert names() == sorted(TOP_LEVEL_KEYS)
    for name in names():
        with (DIRECTORY / f"{name}.toml").open("rb") as file:
            assert tomllib.load(file), name  # valid TOML, not empty
        assert set(load(name)) == TOP_LEVEL_KEYS[name], name


def test_the_loader_reads_each_file_once_and_hands_out_read_only_data():
    facilities = load("facilities")
    assert load("facilities") is facilities
    assert isinstance(facilities["facilities"], tuple)
    with pytest.raises(TypeError):
        facilities["towns"]["oujda"] = {}


def _keys_and_strings(value):
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _keys_and_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _keys_and_strings(item)
    elif isinstance(value, str):
        yield value


def test_no_data_file_holds_a_password(settings):
    for path in DIRECTORY.glob("*.toml"):
        with path.open("rb") as file:
            words = list(_keys_and_strings(tomllib.load(file)))
        assert not [word for word in words if "password" in word.lower()], path.name
        assert settings.DEMO_PASSWORD not in words, path.name


def test_the_records_name_what_exists():
    """Keys that name another record (organisation, town, hours, profile, donor, project) exist."""
    accounts, facilities = load("accounts"), load("facilities")
    organisations = {*accounts["organisations"], *accounts["councils"]}
    assert {user["organisation"] for user in accounts["users"]} <= set(accounts["organisations"])
    codes = [row["code"] for row in facilities["facilities"]]
    assert len(codes) == len(set(codes)) >= 30
    for row in facilities["facilities"]:
        profile = row.get("profile") or row["kind"]
        assert row["organisation"] in organisations, row["code"]
        assert row["town"] in facilities["towns"], row["code"]
        assert row.get("hours", "weekdays") in facilities["opening_hours"], row["code"]
        assert facilities["profiles"][profile]["access"] in facilities["access_conditions"]
        # A published facility has its Arabic and English names; an unpublished one has none.
        published = row.get("published", facilities["facility_defaults"]["published"])
        assert ("name_ar" in row and "name_en" in row) == published, row["code"]

    projects = load("projects")
    donors, project_codes = set(projects["donors"]), {p["code"] for p in projects["projects"]}
    for project in projects["projects"]:
        assert set(project["donors"]) <= donors, project["code"]
        assert {p["organisation"] for p in project["partners"]} <= organisations
    for plan in load("action_plans")["plans"]:
        assert plan["council"] in organisations
        for action in plan["actions"]:
            assert 1 <= int(action["code"].split(".")[0]) <= len(plan["axes"]), action["code"]
            assert {action["lead"], *action["partners"]} <= organisations, action["code"]
            assert action["funder"] in donors, action["code"]
        codes = {action["code"] for action in plan["actions"]}
        assert {i["action"] for i in plan["indicators"] if "action" in i} <= codes
    for activity in load("support_activities")["support_activities"]:
        assert activity["project"] in project_codes
        assert {activity["organisation"]} | {
            p["organisation"] for p in activity["participants"]
        } <= organisations


def literal_tables(source: str) -> list[int]:
    """The lines where a list, tuple, set or dict display holds four records or more.

    A record is a display, or a call, with at least two literal values among its own items or
    arguments (a string, or a display of constants): a table of records typed in Python, which
    belongs in a data file. Code that pairs a label with a computed value is not a record.
    """

    def literal(node) -> bool:
        if isinstance(node, ast.Constant):
            return isinstance(node.value, str)
        if isinstance(node, ast.List | ast.Tuple | ast.Set):
            return bool(node.elts) and all(isinstance(e, ast.Constant) for e in node.elts)
        return False

    def is_record(node) -> bool:
        if isinstance(node, ast.List | ast.Tuple | ast.Set):
            parts = node.elts
        elif isinstance(node, ast.Dict):
            parts = node.values
        elif isinstance(node, ast.Call):
            parts = [*node.args, *(keyword.value for keyword in node.keywords)]
        else:
            return False
        return sum(literal(part) for part in parts) >= 2

    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Dict):
            items = node.values
        elif isinstance(node, ast.List | ast.Tuple | ast.Set):
            items = node.elts
        else:
            continue
        if sum(is_record(item) for item in items) >= 4:
            lines.append(node.lineno)
    return lines


def test_literal_tables_finds_records_typed_in_python():
    source = (
        "USERS = [\n"
        '    ("admin", "Nadia"),\n'
        '    ("iom", "Youssef"),\n'
        '    ("partner1", "Karim"),\n'
        '    ("viewer", "Samir"),\n'
        "]\n"
        'FACILITIES = {"a": F("x", "y"), "b": F("x", "y"), "c": F("x", "y"), "d": F("x", "y")}\n'
        'SHORT = [("a", "b"), ("c", "d")]\n'
        'PAGES = [("a", f"/{x}/"), ("b", f"/{y}/"), ("c", reverse("c")), ("d", reverse("d"))]\n'
        "print(max(len(x) for x in (1, 2, 3, 4)))\n"
    )
    assert literal_tables(source) == [1, 7]


def test_no_demo_module_holds_a_table_of_records():
    """The demo data is in demo/data; the Python modules only read it and create the records.

    The benchmark commands are left out: their tables are the addresses they measure, not data.
    """
    modules = sorted(path for path in DEMO.rglob("*.py") if not path.name.startswith("bench_"))
    assert len(modules) > 10
    found = {
        str(path.relative_to(DEMO)): lines
        for path in modules
        if (lines := literal_tables(path.read_text(encoding="utf-8")))
    }
    assert found == {}
