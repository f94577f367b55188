"""Work functions for the batch's local pool tests: spawned workers import them from here
(a test module's own functions would drag the test module into every worker)."""

from __future__ import annotations

import os
import time

from docparse.batch.work import Item, Result, Target, process_file


def hang_or_crash(item: Item, target: Target) -> Result:
    """process_file, except that a file named hang* never ends and crash* kills its process."""
    name = os.path.basename(item.path)
    if name.startswith("hang"):
        time.sleep(3600)
    if name.startswith("crash"):
        os._exit(9)  # as the kernel's OOM killer or a segfault in native code would
    return process_file(item, target)
