"""Stop early, with a clear message, when the system libraries WeasyPrint needs are missing."""

import sys

MESSAGE = """
Manara renders its PDF guides with WeasyPrint, which needs the Pango text library from the system.
It could not be loaded:

    {error}

On Debian or Ubuntu, install it with:

    sudo apt-get install -y libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core

(on macOS: brew install pango), then run the command again.
"""


def main() -> int:
    try:
        import weasyprint  # noqa: F401
    except OSError as error:
        print(MESSAGE.format(error=error), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
