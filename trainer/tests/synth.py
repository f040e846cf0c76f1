"""Synthetic instance sets for the tests: made-up sentences whose label follows from a cue phrase.

Two tasks shaped like the real ones (a BioRED-like one with a [Litcoin] prompt and a DDI-like one),
with entity tags in the prompt and the body, and filler sentences of varying length.
"""
from __future__ import annotations

import json
import random
from pathlib import Path

CHEMICALS = ["aspirin", "ibuprofen", "metformin", "caffeine", "lithium", "warfarin", "statin", "cisplatin"]
GENES = ["tp53", "brca1", "egfr", "il6", "tnf", "apoe", "kras", "myc"]
DRUGS = ["digoxin", "quinidine", "rifampin", "ketoconazole", "fluoxetine", "theophylline"]
FILLER = [
    "Samples were collected from volunteers over two years.",
    "The study protocol was approved by the local ethics board.",
    "Cells were cultured in standard medium at body temperature.",
    "Statistical analysis used a two sided test with a fixed threshold.",
    "Further work is needed to confirm these observations in larger groups.",
    "Patients were followed up at regular intervals after discharge.",
]
BIORED_CUES = {
    "Positive_Correlation": "{a} strongly increases {b} activity in treated cells.",
    "Negative_Correlation": "{a} markedly inhibits {b} expression in treated cells.",
    "None": "{a} and {b} were both measured in the same cohort.",
}
DDI_CUES = {
    "effect": "{a} potentiates the sedative effect of {b}.",
    "mechanism": "{a} reduces the hepatic clearance of {b}.",
    "None-DDI": "{a} was given on a different day than {b}.",
}
BIORED_TAGS = ["@ChemicalEntitySrc$", "@/ChemicalEntitySrc$", "@GeneOrGeneProductTgt$", "@/GeneOrGeneProductTgt$"]
DDI_TAGS = ["@drugSrc$", "@/drugSrc$", "@drugTgt$", "@/drugTgt$"]


def _text(tag: str, cue: str, a: str, b: str, tags: list[str], rng: random.Random, filler: int) -> str:
    s1, e1, s2, e2 = tags
    prompt = f"What is [{tag}] between {s1} {a} {e1} and {s2} {b} {e2} ? [SEP] "
    before = " ".join(rng.choice(FILLER) for _ in range(rng.randint(0, filler)))
    after = " ".join(rng.choice(FILLER) for _ in range(rng.randint(0, filler)))
    body = cue.format(a=f"{s1} {a} {e1}", b=f"{s2} {b} {e2}")
    return prompt + " ".join(x for x in (before, body, after) if x)


def make_instances(task: str, split: str, n: int, seed: int, filler: int = 3) -> list[dict]:
    rng = random.Random(seed)
    if task == "BioRED":
        cues, tags, tag, left, right = BIORED_CUES, BIORED_TAGS, "Litcoin", CHEMICALS, GENES
    else:
        cues, tags, tag, left, right = DDI_CUES, DDI_TAGS, "DDI", DRUGS, DRUGS
    labels = list(cues)
    out = []
    for k in range(n):
        label = labels[k % len(labels)]
        a, b = rng.choice(left), rng.choice([x for x in right if x != rng.choice(left)] or right)
        out.append({"id": f"{task}/{split}/d{k // 3}/{a}|{b}#{k}", "task": task, "doc": f"d{k // 3}", "split": split,
                    "types": ["X", "Y"], "ids": [a, b], "text": _text(tag, cues[label], a, b, tags, rng, filler),
                    "label": label, "level": "document"})
    return out


def write_set(folder: Path, tasks: list[str], sizes: dict[str, int], seed: int = 0, filler: int = 3,
              labels_order: list[str] | None = None) -> Path:
    """Write <split>.jsonl files and manifest.json for the given tasks; returns the manifest path."""
    folder.mkdir(parents=True, exist_ok=True)
    task_labels = {"BioRED": list(BIORED_CUES), "DDI": list(DDI_CUES)}
    labels: list[str] = labels_order or [x for t in tasks for x in task_labels[t]]
    special = sorted({x for t in tasks for x in (BIORED_TAGS if t == "BioRED" else DDI_TAGS)})
    files = {}
    for i, (split, n) in enumerate(sizes.items()):
        rows = []
        for j, task in enumerate(tasks):
            rows += make_instances(task, split, n, seed * 100 + i * 10 + j, filler)
        random.Random(seed + i).shuffle(rows)
        (folder / f"{split}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        files[split] = f"{split}.jsonl"
    manifest = {"name": "+".join(tasks), "view": "native", "prompt": True, "labels": labels,
                "negativeLabels": [x for x in labels if x.startswith("None")], "specialTokens": special,
                "tasks": {t: task_labels[t] for t in tasks}, "files": files,
                # what inference builds new texts with; opaque to the trainer, which only copies it
                "target": tasks[0], "profiles": {t: {"corpus": t, "promptName": t} for t in tasks},
                "counts": {"bySplit": {}, "byLabel": {}, "byPairType": {}}, "fileHashes": {}, "profileHash": "",
                "sourceHashes": {}, "createdWith": {"tool": "trainer/tests/synth.py", "version": "0"}}
    path = folder / "manifest.json"
    path.write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return path
