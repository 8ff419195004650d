"""``python -m trendkb <command>``: the knowledge base's tools that need no Sphinx build."""

from __future__ import annotations

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
