"""The run config (docs/architecture.md §3, docs/trainer.md): one flat JSON object, validated with messages that say how to fix it.

Paths are resolved relative to the directory of the config file (absolute paths are kept).
"""
from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import config_error

MODES = ("single", "tl", "mtl")
DEVICES = ("auto", "cpu", "cuda")
PRECISIONS = ("auto", "fp32", "bf16", "fp16")
PADDINGS = ("grouped", "dynamic", "max_length")
# Roles in `files` that are trained on; every other role is predicted after training.
TRAIN_ROLES = ("train", "stage1_train", "stage1_dev")
SPLIT_NAME = re.compile(r"^[A-Za-z0-9_.-]+$")


@dataclass
class RunConfig:
    mode: str
    plm: str
    manifest: Path
    files: dict[str, list[Path]]
    out: Path
    stage1_manifest: Path | None = None
    # hyper-parameters
    epochs: int = 10
    batch_size: int = 16  # micro-batch; effective batch = batch_size * grad_accum
    eval_batch_size: int = 64
    lr: float = 5e-5
    warmup_ratio: float = 0.0
    weight_decay: float = 0.0
    max_length: int = 512
    seed: int = 42
    dropout: float = 0.1  # on the [CLS] vector before the head
    attention_dropout: float | None = None  # None keeps the PLM's value
    grad_accum: int = 1
    max_grad_norm: float | None = None  # gradient clipping; None or 0: none (the reference does not clip)
    task_labels_only: bool = False  # predict over each instance's own task's labels (manifest `tasks`), not the head's
    stage1_epochs: int | None = None  # TL stage 1; defaults to epochs
    length_group_size: int = 50  # batches per length-sorted mega-batch
    padding: str = "grouped"  # grouped: length-grouped batches, padded per batch | dynamic: random batches,
    #                           padded per batch | max_length: random batches padded to max_length (the reference)
    # runtime
    device: str = "auto"
    precision: str = "auto"  # auto: bf16 (fp16 without bf16) on CUDA, fp32 on CPU
    threads: int | None = None  # torch intra-op threads; None = the CPUs this process may use
    resume: bool = False
    save_checkpoints: bool = True  # a checkpoint per epoch (needed for resume)
    keep_checkpoint: bool = False  # keep checkpoint/ after a successful run (it holds optimizer state)
    log_every: int = 10  # optimizer steps between progress events
    max_train_instances: int | None = None  # smoke runs: the first N training instances
    max_steps: int | None = None  # smoke runs: stop after N optimizer steps (per stage)
    stop_after_steps: int | None = None  # debug: behave as if SIGTERM arrived after N steps
    meta: dict[str, Any] = field(default_factory=dict)  # free-form, copied to outputs

    def to_json(self) -> dict[str, Any]:
        out = dataclasses.asdict(self)
        out["manifest"] = str(self.manifest)
        out["stage1_manifest"] = str(self.stage1_manifest) if self.stage1_manifest else None
        out["out"] = str(self.out)
        out["files"] = {role: [str(p) for p in paths] for role, paths in self.files.items()}
        return out

    @property
    def predict_roles(self) -> list[str]:
        return [r for r in self.files if r not in TRAIN_ROLES]


_FIELDS = {f.name: f for f in dataclasses.fields(RunConfig)}
_INT_FIELDS = {"epochs", "batch_size", "eval_batch_size", "max_length", "seed", "grad_accum", "stage1_epochs",
               "length_group_size", "threads", "log_every", "max_train_instances", "max_steps", "stop_after_steps"}
_FLOAT_FIELDS = {"lr", "warmup_ratio", "weight_decay", "dropout", "attention_dropout", "max_grad_norm"}
_BOOL_FIELDS = {"resume", "save_checkpoints", "keep_checkpoint", "task_labels_only"}
_POSITIVE = {"epochs", "batch_size", "eval_batch_size", "grad_accum", "length_group_size", "threads", "log_every",
             "max_train_instances", "max_steps", "stop_after_steps", "stage1_epochs"}


def load_config(path: str | Path) -> RunConfig:
    path = Path(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise config_error(f"run config {path} does not exist", "pass the path of the run-config JSON file")
    except json.JSONDecodeError as e:
        raise config_error(f"{path}:{e.lineno}: not valid JSON ({e.msg})", "fix the JSON syntax")
    return parse_config(raw, base=path.parent.resolve(), source=str(path))


def parse_config(raw: Any, base: Path | None = None, source: str = "run config") -> RunConfig:
    base = (base or Path(".")).resolve()
    if not isinstance(raw, dict):
        raise config_error(f"{source}: expected a JSON object", "write the run config as {\"mode\": ..., ...}")
    unknown = sorted(set(raw) - set(_FIELDS))
    if unknown:
        raise config_error(f"{source}: unknown key(s) {unknown}",
                           f"remove them or fix the spelling; known keys: {sorted(_FIELDS)}")
    for key in ("mode", "plm", "manifest", "files", "out"):
        if raw.get(key) in (None, "", {}):
            raise config_error(f"{source}: `{key}` is missing", f"add `{key}` (see docs/trainer.md)")

    mode = raw["mode"]
    if mode not in MODES:
        raise config_error(f"{source}: unknown mode {mode!r}", f"use one of {list(MODES)}")

    def resolve(p: str) -> Path:
        q = Path(p).expanduser()
        return q if q.is_absolute() else base / q

    values: dict[str, Any] = {"mode": mode}
    plm = str(raw["plm"])
    values["plm"] = str(resolve(plm)) if (plm.startswith((".", "/", "~")) or resolve(plm).exists()) else plm
    values["manifest"] = resolve(str(raw["manifest"]))
    values["out"] = resolve(str(raw["out"]))

    files = raw["files"]
    if not isinstance(files, dict):
        raise config_error(f"{source}: `files` must be an object role → file or list of files",
                           'e.g. "files": {"train": ["train.jsonl"], "dev": "dev.jsonl", "test": "test.jsonl"}')
    values["files"] = {}
    for role, paths in files.items():
        if not SPLIT_NAME.match(role):
            raise config_error(f"{source}: role name {role!r} in `files` is not a plain name",
                               "use letters, digits, `_`, `-` or `.` (it becomes predictions/<role>.jsonl)")
        paths = [paths] if isinstance(paths, str) else paths
        if not isinstance(paths, list) or not paths or not all(isinstance(p, str) for p in paths):
            raise config_error(f"{source}: files.{role} must be a file name or a non-empty list of them",
                               f'write "files": {{"{role}": ["{role}.jsonl"]}}')
        values["files"][role] = [resolve(p) for p in paths]
    if "train" not in values["files"]:
        raise config_error(f"{source}: files.train is missing", "add the training instance file(s) as files.train")
    if mode == "tl":
        if "stage1_train" not in values["files"] or not raw.get("stage1_manifest"):
            raise config_error(f"{source}: mode tl needs files.stage1_train and stage1_manifest",
                               "add the external corpora's instance files and their manifest for stage 1")
    elif "stage1_train" in values["files"] or "stage1_dev" in values["files"] or raw.get("stage1_manifest"):
        raise config_error(f"{source}: stage-1 files are only used by mode tl (mode is {mode})",
                           "remove files.stage1_* / stage1_manifest or set mode to tl")
    if raw.get("stage1_manifest"):
        values["stage1_manifest"] = resolve(str(raw["stage1_manifest"]))

    for key, value in raw.items():
        if key in values or key in ("files",):
            continue
        values[key] = _check_value(key, value, source)

    cfg = RunConfig(**values)
    for path in [cfg.manifest, *([cfg.stage1_manifest] if cfg.stage1_manifest else [])]:
        if not path.is_file():
            raise config_error(f"{source}: manifest {path} does not exist",
                               "build the instance set first (`biorex data build`) or fix the path")
    for role, paths in cfg.files.items():
        for p in paths:
            if not p.is_file():
                raise config_error(f"{source}: files.{role}: {p} does not exist",
                                   "fix the path (relative paths are relative to the run config's folder)")
    if cfg.precision == "fp16" and cfg.device == "cpu":
        raise config_error(f"{source}: precision fp16 is only supported on CUDA", "use fp32 or bf16 on CPU")
    return cfg


def _check_value(key: str, value: Any, source: str) -> Any:
    if key == "device" and value not in DEVICES:
        raise config_error(f"{source}: device {value!r} is not one of {list(DEVICES)}", "use auto, cpu or cuda")
    if key == "precision" and value not in PRECISIONS:
        raise config_error(f"{source}: precision {value!r} is not one of {list(PRECISIONS)}", "use auto, fp32, bf16 or fp16")
    if key == "padding" and value not in PADDINGS:
        raise config_error(f"{source}: padding {value!r} is not one of {list(PADDINGS)}", "use grouped (default), dynamic or max_length")
    if key == "meta" and not isinstance(value, dict):
        raise config_error(f"{source}: meta must be an object", "put free-form run metadata in an object")
    if value is None:
        if _FIELDS[key].default is None:
            return None
        raise config_error(f"{source}: `{key}` must not be null", f"give a value or leave `{key}` out for the default")
    if key in _BOOL_FIELDS and not isinstance(value, bool):
        raise config_error(f"{source}: `{key}` must be true or false", f"write \"{key}\": true")
    if key in _INT_FIELDS:
        if isinstance(value, bool) or not isinstance(value, int):
            raise config_error(f"{source}: `{key}` must be an integer, got {value!r}", f"write `{key}` as a whole number")
        if key in _POSITIVE and value < 1:
            raise config_error(f"{source}: `{key}` must be ≥ 1, got {value}", f"use a positive `{key}`")
        if key == "max_length" and not 8 <= value <= 8192:
            raise config_error(f"{source}: max_length {value} is out of range", "use a value between 8 and the PLM's limit (512 for BERT)")
    if key in _FLOAT_FIELDS:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise config_error(f"{source}: `{key}` must be a non-negative number, got {value!r}", f"fix `{key}`")
        if key in ("warmup_ratio", "dropout", "attention_dropout") and value >= 1:
            raise config_error(f"{source}: `{key}` must be below 1, got {value}", f"use a fraction for `{key}`")
        value = float(value)
    return value
