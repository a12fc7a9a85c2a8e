"""`python -m desk …`: the headless commands (see desk/cli.py)."""

from desk.cli import main

raise SystemExit(main())
