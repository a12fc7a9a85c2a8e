"""Crash-safety soak: more SIGKILLs than the test suite does (default 300), same checks.

    uv run python bench/crash.py [--kills 300]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=300)
    args = parser.parse_args()
    env = dict(os.environ, SHOP_DESK_CRASH_KILLS=str(args.kills))
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         str(ROOT / "tests" / "core" / "test_crash_safety.py")],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    elapsed = time.perf_counter() - started
    print(json.dumps({"figure": "SIGKILLs survived with no confirmed write lost",
                      "value": args.kills if result.returncode == 0 else 0, "unit": "kills",
                      "goal": args.kills}))
    print(json.dumps({"figure": "crash soak duration", "value": round(elapsed, 1), "unit": "s",
                      "goal": None}))
    if result.returncode:
        sys.stderr.write(result.stdout[-4000:])
        raise SystemExit(1)


if __name__ == "__main__":
    main()
