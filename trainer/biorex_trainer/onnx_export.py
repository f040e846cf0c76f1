"""`export-onnx`: the trained model as `model.onnx` (input_ids, attention_mask → logits of one head).

Batch and sequence axes are dynamic. The TorchScript-based exporter is used: it handles the
transformers attention-mask code with dynamic axes reliably and needs no extra packages at runtime.

`model.onnx.json` beside the graph names the head and its labels, and records the sha256 of the graph
and of every file of the model/ folder it was exported from, so that `biorex predict` can refuse a
graph whose weights changed since (or that no longer matches its model/ folder).
"""
from __future__ import annotations

import hashlib
import json
import os
import warnings
from pathlib import Path

import torch

from .errors import config_error
from .model import load_model


class _OneHead(torch.nn.Module):
    def __init__(self, model, head: str):
        super().__init__()
        self.model = model
        self.head = head

    def forward(self, input_ids, attention_mask):
        return self.model(input_ids, attention_mask, self.head)


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def model_file_hashes(model_dir: Path) -> dict[str, str]:
    """sha256 of every file of the model/ folder, by path relative to it."""
    return {p.relative_to(model_dir).as_posix(): sha256_file(p)
            for p in sorted(model_dir.rglob("*")) if p.is_file()}


def export_onnx(model_dir: str | Path, out_path: str | Path | None = None, head: str | None = None,
                opset: int = 17) -> dict:
    model_dir = Path(model_dir)
    model, tokenizer, label_map = load_model(model_dir)
    heads = list(model.heads)
    if head is None:
        # MTL: the target task's head unless another is asked for
        head = heads[0] if len(heads) == 1 else label_map.get("task") if label_map.get("task") in heads else None
        if head is None:
            raise config_error(f"the model has several heads {heads}", "choose one with --head")
    if head not in model.heads:
        raise config_error(f"head {head!r} is not in the model (heads: {heads})", "pass one of them to --head")
    out_path = Path(out_path) if out_path else model_dir.parent / "model.onnx"
    out_path.parent.mkdir(parents=True, exist_ok=True)
    wrapped = _OneHead(model.eval(), head).eval()
    sample = tokenizer(["a b c", "a"], padding=True, return_tensors="pt")
    # written under a temporary name and renamed: a reader never sees half a graph
    tmp = out_path.with_name(f"{out_path.name}.tmp-{os.getpid()}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            wrapped, (sample["input_ids"], sample["attention_mask"]), str(tmp), dynamo=False,
            input_names=["input_ids", "attention_mask"], output_names=["logits"], opset_version=opset,
            dynamic_axes={"input_ids": {0: "batch", 1: "sequence"}, "attention_mask": {0: "batch", 1: "sequence"},
                          "logits": {0: "batch"}})
    info = {"onnx": str(out_path), "head": head, "labels": model.head_labels[head], "opset": opset,
            "inputs": ["input_ids", "attention_mask"], "outputs": ["logits"],
            "max_length": label_map.get("max_length"), "sha256": sha256_file(tmp),
            "model_files": model_file_hashes(model_dir)}
    info_path = out_path.with_name(out_path.name + ".json")
    info_tmp = info_path.with_name(f"{info_path.name}.tmp-{os.getpid()}")
    info_tmp.write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    tmp.replace(out_path)
    info_tmp.replace(info_path)
    return info
