"""The command line: error events for bad configs, a clean stdout, SIGTERM → checkpoint → resume."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from biorex_trainer.cli import main
from biorex_trainer.events import EventWriter
from conftest import FIXTURES, read_predictions


def run_cli(argv) -> tuple[int, EventWriter]:
    events = EventWriter(keep=True)
    return main(argv, events), events


def write(path: Path, cfg: dict) -> Path:
    path.write_text(json.dumps(cfg), encoding="utf-8")
    return path


def fixture_config(tmp_path: Path, plm: Path, **overrides) -> dict:
    cfg = {"mode": "single", "plm": str(plm), "manifest": str(FIXTURES / "manifest.json"),
           "files": {"train": str(FIXTURES / "train.jsonl")}, "out": str(tmp_path / "out"), "epochs": 1,
           "max_length": 64, "threads": 1}
    cfg.update(overrides)
    return cfg


@pytest.mark.parametrize("case,kind,code,words", [
    ("missing_file", "config", 2, ["nope.jsonl", "does not exist"]),
    ("unknown_mode", "config", 2, ["unknown mode 'joint'", "single"]),
    ("unknown_key", "config", 2, ["unknown key", "epoch"]),
    ("label_absent", "data", 3, ["bad_label.jsonl:1", "'Bind'", "absent from the manifest"]),
    ("unreadable_plm", "config", 2, ["cannot load the PLM"]),
    ("tl_without_stage1", "config", 2, ["stage1_train"]),
    ("bad_json", "config", 2, ["not valid JSON"]),
])
def test_bad_config_gives_an_error_event_that_says_what_to_fix(tmp_path, tiny_plm, case, kind, code, words):
    cfg = fixture_config(tmp_path, tiny_plm)
    if case == "missing_file":
        cfg["files"]["dev"] = str(tmp_path / "nope.jsonl")
    elif case == "unknown_mode":
        cfg["mode"] = "joint"
    elif case == "unknown_key":
        cfg["epoch"] = 3
    elif case == "label_absent":
        cfg["files"]["train"] = str(FIXTURES / "bad_label.jsonl")
    elif case == "unreadable_plm":
        (tmp_path / "not-a-model").mkdir()
        (tmp_path / "not-a-model" / "config.json").write_text("{broken")
        cfg["plm"] = str(tmp_path / "not-a-model")
    elif case == "tl_without_stage1":
        cfg["mode"] = "tl"
    path = write(tmp_path / "run.json", cfg)
    if case == "bad_json":
        path.write_text('{"mode": "single",,}')
    exit_code, events = run_cli(["train", "--config", str(path)])
    assert exit_code == code
    (error,) = events.of("error")
    assert error["kind"] == kind and error["fix"]
    text = error["message"] + " " + error["fix"]
    for word in words:
        assert word in text, text
    assert not events.of("done")


def test_predict_command_matches_the_training_run(runner, tmp_path):
    code, _ = runner.run(runner.config(tmp_path / "run", epochs=1))
    assert code == 0
    out = tmp_path / "again.jsonl"
    code, events = run_cli(["predict", "--model", str(tmp_path / "run" / "model"), "--in",
                            str(runner.data / "biored" / "test.jsonl"), "--out", str(out), "--threads", "1",
                            "--batch-size", "5"])
    assert code == 0 and events.of("done")[0]["instances"] == 12
    ours, theirs = read_predictions(out), read_predictions(tmp_path / "run" / "predictions" / "test.jsonl")
    assert [p["label"] for p in ours] == [p["label"] for p in theirs]
    for a, b in zip(ours, theirs):
        assert all(abs(a["probs"][k] - b["probs"][k]) < 1e-5 for k in a["probs"])


def test_make_tiny_plm_writes_a_loadable_bert(tmp_path):
    from transformers import AutoModel, AutoTokenizer

    code, events = run_cli(["make-tiny-plm", "--text", str(FIXTURES / "text.txt"), str(FIXTURES / "train.jsonl"),
                            "--out", str(tmp_path / "plm"), "--vocab-size", "300", "--hidden", "32"])
    assert code == 0 and events.of("done")
    names = {p.name for p in (tmp_path / "plm").iterdir()}
    assert {"config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json"} <= names
    tok = AutoTokenizer.from_pretrained(tmp_path / "plm")
    model = AutoModel.from_pretrained(tmp_path / "plm")
    assert model.config.num_hidden_layers == 2 and model.config.hidden_size == 32
    assert model.config.max_position_embeddings == 512 and model.config.vocab_size == len(tok)
    tokens = tok.convert_ids_to_tokens(tok("THE Mice")["input_ids"])
    assert tokens == ["[CLS]", "the", "mice", "[SEP]"]  # lower-cased WordPiece


def test_subprocess_stdout_is_only_events_and_sigterm_checkpoints_then_resumes(runner, tmp_path):
    # Long enough that SIGTERM arrives mid-training: 24 instances, batch 2 → 12 steps per epoch.
    cfg = runner.config(tmp_path / "run", epochs=40, batch_size=2, log_every=1, dropout=0.0)
    path = write(tmp_path / "run.json", cfg)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "biorex_trainer", "train", "--config", str(path)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    lines = []
    for line in proc.stdout:
        lines.append(line)
        if json.loads(line)["event"] == "progress":
            proc.send_signal(signal.SIGTERM)
            break
    rest, stderr = proc.communicate(timeout=120)
    lines += rest.splitlines(keepends=True)
    events = [json.loads(line) for line in lines]  # every stdout line is one JSON event
    assert proc.returncode == 143, stderr[-2000:]
    assert events[0]["event"] == "start"
    assert events[-2]["event"] == "checkpoint" and events[-2]["reason"] in ("signal", "epoch")  # epoch: hit its end
    assert events[-1] == {**events[-1], "event": "interrupted", "signal": "SIGTERM", "exit_code": 143}
    assert "INFO" in stderr or "WARNING" in stderr  # logs went to stderr
    stopped_at = events[-2]["step"]
    code, resumed = runner.run({**cfg, "resume": True, "stop_after_steps": 3})
    assert code == 143
    assert resumed.of("start")[0]["resumed_from"]["step"] == stopped_at
    assert resumed.of("progress")[0]["step"] == stopped_at + 1


def test_the_cli_catches_errors_and_interrupts_without_importing_torch():
    # Interrupted lives in errors.py beside TrainerError: parsing arguments and `--help` stay fast
    code = "import sys, biorex_trainer.cli; print(sorted(m for m in ('torch', 'transformers') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"
