"""Batched inference and the predictions file: one line per instance, in input order.

Line shape: {"id": ..., "label": <argmax label>, "probs": {label: probability, ...}} where `probs`
covers the labels of the head that scored the instance (all manifest labels for single / TL).
"""
from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Sequence

import torch
import torch.nn.functional as F

from .data import Instance, collate, sorted_batches
from .model import RelationClassifier
from .runtime import Runtime


def head_of(model: RelationClassifier, inst: Instance) -> str:
    return inst.task if len(model.heads) > 1 else next(iter(model.heads))


@torch.no_grad()
def predict_probs(model: RelationClassifier, instances: Sequence[Instance], encoded: Sequence[list[int]],
                  pad_id: int, rt: Runtime, batch_size: int) -> list[torch.Tensor]:
    """Probabilities per instance (over its head's labels), in input order."""
    model.eval()
    out: list[torch.Tensor | None] = [None] * len(instances)
    for batch in sorted_batches([len(x) for x in encoded], batch_size):
        inputs = rt.to_device(collate([encoded[i] for i in batch], pad_id))
        heads = [head_of(model, instances[i]) for i in batch]
        with rt.autocast():
            routed = model.routed_logits(inputs["input_ids"], inputs["attention_mask"], heads)
        for rows, logits in routed.values():
            probs = F.softmax(logits.float(), dim=-1).cpu()
            for r, p in zip(rows.tolist(), probs):
                out[batch[r]] = p
    return out  # type: ignore[return-value]


def write_predictions(path: Path, model: RelationClassifier, instances: Sequence[Instance],
                      probs: Sequence[torch.Tensor]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".jsonl.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        for inst, p in zip(instances, probs):
            labels = model.head_labels[head_of(model, inst)]
            values = p.tolist()
            best = max(range(len(values)), key=values.__getitem__)
            fh.write(json.dumps({"id": inst.id, "label": labels[best], "probs": dict(zip(labels, values))}) + "\n")
    tmp.replace(path)


def timed_predict(model, instances, encoded, pad_id, rt, batch_size) -> tuple[list[torch.Tensor], float]:
    if rt.cuda:
        torch.cuda.synchronize()
    t0 = time.perf_counter()
    probs = predict_probs(model, instances, encoded, pad_id, rt, batch_size)
    if rt.cuda:
        torch.cuda.synchronize()
    return probs, time.perf_counter() - t0
