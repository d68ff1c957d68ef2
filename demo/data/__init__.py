"""The demonstration data, as TOML files next to this module: `load("facilities")` and so on.

Why TOML rather than JSON: these files are meant to be read and edited by hand, and TOML lets
them say what each field means in comments, wrap long texts over several lines and write one
record per table, with no brackets or commas to balance; `tomllib` is in the standard library
since Python 3.11, which the project requires. TOML has no null, so a value left out means None
or the default the reading code gives, as each file's header says.

Dates, Decimals and model choices are written as plain text and numbers ("2025-04-01", "34.6814",
"ngo") and converted by the code that creates the records, so the files hold nothing but data.
No password is ever written here: demo accounts get settings.DEMO_PASSWORD, with DEBUG on only.
"""

import tomllib
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

DIRECTORY = Path(__file__).resolve().parent


def names() -> list[str]:
    """The names of the data files, without their .toml suffix."""
    return sorted(path.stem for path in DIRECTORY.glob("*.toml"))


@cache
def load(name: str) -> MappingProxyType:
    """The data file `name` (`demo/data/<name>.toml`), read once and shared.

    Tables come back as read-only mappings and arrays as tuples, in the order of the file, so
    that no caller can change what the next one reads.
    """
    with (DIRECTORY / f"{name}.toml").open("rb") as file:
        return _frozen(tomllib.load(file))


def _frozen(value: Any) -> Any:
    if isinstance(value, dict):
        return MappingProxyType({key: _frozen(item) for key, item in value.items()})
    if isinstance(value, list):
        return tuple(_frozen(item) for item in value)
    return value
