"""Start Shop Desk: `python main.py [--db PATH]`."""

from desk.app import main

if __name__ == "__main__":
    raise SystemExit(main())
