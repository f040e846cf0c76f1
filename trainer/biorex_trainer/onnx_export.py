"""`export-onnx`: the trained model as `model.onnx` (input_ids, attention_mask → logits of one head).

Batch and sequence axes are dynamic. The TorchScript-based exporter is used: it handles the
transformers attention-mask code with dynamic axes reliably and needs no extra packages at runtime.
"""
from __future__ import annotations

import json
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


def export_onnx(model_dir: str | Path, out_path: str | Path | None = None, head: str | None = None,
                opset: int = 17) -> dict:
    model_dir = Path(model_dir)
    model, tokenizer, label_map = load_model(model_dir)
    heads = list(model.heads)
    if head is None:
        if len(heads) != 1:
            raise config_error(f"the model has several heads {heads}", "choose one with --head")
        head = heads[0]
    if head not in model.heads:
        raise config_error(f"head {head!r} is not in the model (heads: {heads})", "pass one of them to --head")
    out_path = Path(out_path) if out_path else model_dir.parent / "model.onnx"
    out_path.parent.mkdir(parents=True, exist_ok=True)
    wrapped = _OneHead(model.eval(), head).eval()
    sample = tokenizer(["a b c", "a"], padding=True, return_tensors="pt")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            wrapped, (sample["input_ids"], sample["attention_mask"]), str(out_path), dynamo=False,
            input_names=["input_ids", "attention_mask"], output_names=["logits"], opset_version=opset,
            dynamic_axes={"input_ids": {0: "batch", 1: "sequence"}, "attention_mask": {0: "batch", 1: "sequence"},
                          "logits": {0: "batch"}})
    info = {"onnx": str(out_path), "head": head, "labels": model.head_labels[head], "opset": opset,
            "inputs": ["input_ids", "attention_mask"], "outputs": ["logits"],
            "max_length": label_map.get("max_length")}
    out_path.with_name(out_path.name + ".json").write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    return info
