"""Shared fixtures: a tiny PLM built from synthetic text, synthetic instance sets, and a runner that
calls the CLI in-process and keeps its events."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from synth import write_set  # noqa: E402

from biorex_trainer.cli import main  # noqa: E402
from biorex_trainer.events import EventWriter, setup_logging  # noqa: E402

setup_logging("WARNING")
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("data")
    write_set(root / "biored", ["BioRED"], {"train": 24, "dev": 9, "test": 12}, seed=1)
    write_set(root / "mtl", ["BioRED", "DDI"], {"train": 15, "dev": 6, "test": 9}, seed=2)
    write_set(root / "ddi", ["DDI"], {"train": 18, "dev": 6}, seed=3)
    return root


@pytest.fixture(scope="session")
def tiny_plm(data_dir, tmp_path_factory) -> Path:
    from biorex_trainer.tiny_plm import make_tiny_plm

    texts = [data_dir / "mtl" / "train.jsonl", data_dir / "biored" / "train.jsonl", FIXTURES / "text.txt"]
    return make_tiny_plm(texts, tmp_path_factory.mktemp("plm") / "tiny", vocab_size=400, hidden=32, layers=2, heads=2,
                         max_position=128, seed=0)


class Runner:
    def __init__(self, plm: Path, data: Path):
        self.plm, self.data = plm, data

    def config(self, out: Path, dataset: str = "biored", **overrides) -> dict:
        d = self.data / dataset
        cfg = {"mode": "single", "plm": str(self.plm), "manifest": str(d / "manifest.json"),
               "files": {"train": str(d / "train.jsonl"), "dev": str(d / "dev.jsonl"), "test": str(d / "test.jsonl")},
               "out": str(out), "epochs": 3, "batch_size": 4, "lr": 2e-3, "max_length": 64, "seed": 7,
               "dropout": 0.1, "threads": 1, "log_every": 1, "warmup_ratio": 0.1}
        cfg.update(overrides)
        return cfg

    def run(self, cfg: dict, path: Path | None = None) -> tuple[int, EventWriter]:
        path = path or Path(cfg["out"]).with_suffix(".json")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(cfg), encoding="utf-8")
        events = EventWriter(keep=True)
        return main(["train", "--config", str(path)], events), events


@pytest.fixture(scope="session")
def runner(tiny_plm, data_dir) -> Runner:
    return Runner(tiny_plm, data_dir)


def read_predictions(path: Path | str) -> list[dict]:
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines()]
