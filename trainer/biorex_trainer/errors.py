"""The one error type the CLI turns into an `error` event: what went wrong and how to fix it."""
from __future__ import annotations


class TrainerError(Exception):
    """`kind` is one of config | data | oom | internal (design §3)."""

    def __init__(self, kind: str, message: str, fix: str = ""):
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.fix = fix

    def __str__(self) -> str:
        return f"{self.message}. Fix: {self.fix}" if self.fix else self.message


def config_error(message: str, fix: str) -> TrainerError:
    return TrainerError("config", message, fix)


def data_error(message: str, fix: str) -> TrainerError:
    return TrainerError("data", message, fix)
