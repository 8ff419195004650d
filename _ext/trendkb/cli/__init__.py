"""Command-line tools (``python -m trendkb ...``) that reuse ``reading/`` without Sphinx.

Each command is a module with ``add_parser(subparsers)``, which registers its
arguments and sets ``run`` (``args -> exit status``) as the parser's default.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from . import check, engines

COMMANDS = (check, engines)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="python -m trendkb", description="Tools for the ML Trends Knowledge Base."
    )
    subparsers = top.add_subparsers(title="commands", metavar="COMMAND", required=True)
    for command in COMMANDS:
        command.add_parser(subparsers)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.run(args)
