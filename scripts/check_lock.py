"""Fails when pyproject.toml and the lock files disagree (CI runs it; `make lock` fixes it).

pip-compile is run again on copies of requirements.lock and requirements-dev.lock: it keeps every
pin that still satisfies pyproject.toml, so the pins only change when a dependency was added,
removed or given other bounds there without `make lock`. Only the pins are compared, not the
hashes: a package may publish another file for a version it already has.
"""

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCKS = {"requirements.lock": [], "requirements-dev.lock": ["--extra", "dev"]}
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s\\]+)", re.MULTILINE)


def pins(text: str) -> dict[str, str]:
    return {name.lower().replace("_", "-"): version for name, version in PIN.findall(text)}


def compile_again(lock: str, extra: list[str], folder: Path) -> str:
    copy = folder / lock
    shutil.copy(ROOT / lock, copy)
    subprocess.run(  # noqa: S603 (our own pip-compile, with fixed arguments)
        [
            str(Path(sys.executable).parent / "pip-compile"),
            "--quiet",
            "--generate-hashes",
            "--no-emit-index-url",
            "--no-emit-trusted-host",
            "--no-emit-find-links",
            "--strip-extras",
            "--allow-unsafe",
            *extra,
            "--output-file",
            str(copy),
            str(ROOT / "pyproject.toml"),
        ],
        check=True,
        cwd=ROOT,
    )
    return copy.read_text()


def main() -> int:
    failed = False
    with tempfile.TemporaryDirectory() as folder:
        for lock, extra in LOCKS.items():
            locked = pins((ROOT / lock).read_text())
            wanted = pins(compile_again(lock, extra, Path(folder)))
            if locked != wanted:
                failed = True
                changes = sorted(
                    f"{name}: {locked.get(name, '-')} → {wanted.get(name, '-')}"
                    for name in locked.keys() | wanted.keys()
                    if locked.get(name) != wanted.get(name)
                )
                print(f"{lock} does not match pyproject.toml: {'; '.join(changes)}")
    if failed:
        print("Run `make lock` and commit the lock files.")
        return 1
    print("The lock files match pyproject.toml.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
