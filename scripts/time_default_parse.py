"""Time the default parse (structure, citations, tasks) of each file with a given checkout.

Used to compare the code of two commits on the same files in the same conditions:

    git archive 0b248af | (mkdir -p /tmp/old && tar -x -C /tmp/old)
    python scripts/time_default_parse.py /tmp/old old.json ../shared/realdocs/*.pdf
    python scripts/time_default_parse.py . new.json ../shared/realdocs/*.pdf
    python scripts/time_default_parse.py --compare old.json new.json

Each run is one process, as a user's would be; a file that fails is recorded, not timed.
"""

from __future__ import annotations

import json
import os
import sys
import time


def time_files(code_root: str, out: str, files: list[str]) -> None:
    sys.path.insert(0, os.path.abspath(code_root))
    os.environ["DOCPARSE_MODELS"] = os.path.join(os.path.abspath(code_root), "models")
    from docparse.pipeline import parse_path

    results: dict[str, dict[str, object]] = {}
    for path in files:
        start = time.perf_counter()
        try:
            parse_path(path)
            ok = True
        except Exception as error:  # a failure is a result to record, not a crash
            ok = False
            print(f"{path}: {error}", file=sys.stderr)
        results[path] = {"seconds": time.perf_counter() - start, "ok": ok}
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(results, handle, indent=1)


def compare(old_path: str, new_path: str) -> None:
    with open(old_path, encoding="utf-8") as handle:
        old = json.load(handle)
    with open(new_path, encoding="utf-8") as handle:
        new = json.load(handle)
    both = [f for f in old if old[f]["ok"] and new.get(f, {}).get("ok")]
    old_s = sum(old[f]["seconds"] for f in both)
    new_s = sum(new[f]["seconds"] for f in both)
    print(f"{len(both)} files parsed by both: old {old_s:.1f} s, new {new_s:.1f} s, "
          f"{old_s / new_s:.2f}x faster")
    failed = [f for f in old if not old[f]["ok"]]
    print(f"{len(failed)} files the old code failed on; new fails on "
          f"{sum(1 for f in new if not new[f]['ok'])}")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--compare":
        compare(sys.argv[2], sys.argv[3])
    elif len(sys.argv) >= 4:
        time_files(sys.argv[1], sys.argv[2], sys.argv[3:])
    else:
        sys.exit(__doc__)
