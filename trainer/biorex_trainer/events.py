"""Events: one JSON object per line on the real stdout; everything else goes to stderr.

`claim_stdout()` is called once by the CLI before anything heavy is imported: it keeps a private
handle on file descriptor 1 for events and points fd 1 (and `sys.stdout`) at stderr, so a stray
print, a transformers warning or a C-level write can never corrupt the event stream.
"""
from __future__ import annotations

import json
import logging
import os
import sys
import time
from typing import IO, Any

log = logging.getLogger("biorex_trainer")


class EventWriter:
    """Writes events as JSON lines to `stream`; also keeps them when `keep` is set (tests)."""

    def __init__(self, stream: IO[str] | None = None, keep: bool = False):
        self.stream = stream
        self.kept: list[dict[str, Any]] | None = [] if keep else None

    def __call__(self, event: str, **fields: Any) -> dict[str, Any]:
        record = {"event": event, "time": round(time.time(), 3), **fields}
        if self.stream is not None:
            self.stream.write(json.dumps(record, default=_json_default) + "\n")
            self.stream.flush()
        if self.kept is not None:
            self.kept.append(record)
        return record

    def of(self, event: str) -> list[dict[str, Any]]:
        return [e for e in (self.kept or []) if e["event"] == event]


def _json_default(value: Any) -> Any:
    if hasattr(value, "item"):  # numpy / torch scalars
        return value.item()
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def claim_stdout() -> IO[str]:
    """Return a text stream on the original stdout and send fd 1 / sys.stdout to stderr."""
    sys.stdout.flush()
    events_fd = os.dup(1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return os.fdopen(events_fd, "w", encoding="utf-8", buffering=1)


def setup_logging(level: str = "INFO") -> None:
    """Logs to stderr; quiet the libraries that would otherwise print progress bars or warnings."""
    logging.basicConfig(stream=sys.stderr, level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # TOKENIZERS_PARALLELISM stays unset: batch tokenisation uses every core (no DataLoader workers fork).
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("TRANSFORMERS_NO_ADVISORY_WARNINGS", "1")
    import transformers

    transformers.utils.logging.disable_progress_bar()  # "Loading weights" bars
