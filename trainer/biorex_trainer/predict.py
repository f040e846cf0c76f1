"""Batched inference and the predictions file: one line per instance, in input order.

Line shape: {"id": ..., "label": <argmax label>, "probs": {label: probability, ...}} where `probs`
covers the labels of the head that scored the instance (all manifest labels for single / TL).

By default the label is the argmax over every label of the head, as the reference does (a merged
BioREx model can answer `Bind` on a DDI instance). With `task_labels` (run config
`task_labels_only`) each instance is scored over its own task's labels only: the other logits are
masked before the softmax, so their probability is 0 and the rest sum to 1.
"""
from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Sequence

import torch
import torch.nn.functional as F

from .data import Instance, collate, sorted_batches
from .errors import data_error
from .model import RelationClassifier
from .runtime import Runtime

TaskLabels = dict[str, list[str]]  # task → the labels its instances may be given (manifest `tasks`)


def head_of(model: RelationClassifier, inst: Instance) -> str:
    return inst.task if len(model.heads) > 1 else next(iter(model.heads))


class _TaskMasks:
    """Per (head, task): which of the head's labels an instance of that task may get."""

    def __init__(self, model: RelationClassifier, task_labels: TaskLabels):
        self.model, self.task_labels, self.cache = model, task_labels, {}

    def __call__(self, head: str, inst: Instance) -> torch.Tensor:
        key = (head, inst.task)
        if key not in self.cache:
            if inst.task not in self.task_labels:
                raise data_error(f"instance {inst.id}: task {inst.task!r} has no label list in the manifest's `tasks` "
                                 f"(tasks: {sorted(self.task_labels)}), which task_labels_only needs",
                                 "rebuild the instance set, or turn task_labels_only off")
            allowed = set(self.task_labels[inst.task])
            mask = torch.tensor([label in allowed for label in self.model.head_labels[head]])
            if not mask.any():
                raise data_error(f"task {inst.task!r} shares no label with head {head!r}", "turn task_labels_only off")
            self.cache[key] = mask
        return self.cache[key]


@torch.no_grad()
def predict_probs(model: RelationClassifier, instances: Sequence[Instance], encoded: Sequence[list[int]],
                  pad_id: int, rt: Runtime, batch_size: int, task_labels: TaskLabels | None = None) -> list[torch.Tensor]:
    """Probabilities per instance (over its head's labels), in input order; `task_labels`: see the module doc."""
    model.eval()
    masks = _TaskMasks(model, task_labels) if task_labels else None
    out: list[torch.Tensor | None] = [None] * len(instances)
    for batch in sorted_batches([len(x) for x in encoded], batch_size):
        inputs = rt.to_device(collate([encoded[i] for i in batch], pad_id))
        heads = [head_of(model, instances[i]) for i in batch]
        with rt.autocast():
            routed = model.routed_logits(inputs["input_ids"], inputs["attention_mask"], heads)
        for head, (rows, logits) in routed.items():
            logits = logits.float()
            if masks is not None:
                keep = torch.stack([masks(head, instances[batch[r]]) for r in rows.tolist()]).to(logits.device)
                logits = logits.masked_fill(~keep, float("-inf"))
            probs = F.softmax(logits, dim=-1).cpu()
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


def timed_predict(model, instances, encoded, pad_id, rt, batch_size,
                  task_labels: TaskLabels | None = None) -> tuple[list[torch.Tensor], float]:
    if rt.cuda:
        torch.cuda.synchronize()
    t0 = time.perf_counter()
    probs = predict_probs(model, instances, encoded, pad_id, rt, batch_size, task_labels)
    if rt.cuda:
        torch.cuda.synchronize()
    return probs, time.perf_counter() - t0
