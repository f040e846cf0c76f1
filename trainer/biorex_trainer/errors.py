"""What ends a command early: a TrainerError (the CLI turns it into an `error` event saying what went
wrong and how to fix it) or an Interrupted run (an `interrupted` event; a checkpoint was saved).
No heavy imports here: the CLI catches both without importing torch."""
from __future__ import annotations


class TrainerError(Exception):
    """`kind` is one of config | data | oom | internal (the `error` event, docs/architecture.md)."""

    def __init__(self, kind: str, message: str, fix: str = ""):
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.fix = fix

    def __str__(self) -> str:
        return f"{self.message}. Fix: {self.fix}" if self.fix else self.message


class Interrupted(Exception):
    """SIGINT / SIGTERM (or `stop_after_steps`) stopped training after a checkpoint; `exit_code` 130 / 143."""

    def __init__(self, signal_name: str, exit_code: int):
        super().__init__(signal_name)
        self.signal_name = signal_name
        self.exit_code = exit_code


def config_error(message: str, fix: str) -> TrainerError:
    return TrainerError("config", message, fix)


def data_error(message: str, fix: str) -> TrainerError:
    return TrainerError("data", message, fix)
