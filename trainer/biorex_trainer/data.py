"""Instances, manifest, encoding (with the entity-keeping context window) and length-grouped batches."""
from __future__ import annotations

import json
import math
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np
import torch

from .errors import data_error


# ---------------------------------------------------------------------------------------------
# Manifest and instances (contract: src/instances/types.ts)

@dataclass
class Manifest:
    path: Path
    labels: list[str]
    negative_labels: list[str]
    special_tokens: list[str]
    tasks: dict[str, list[str]]
    prompt: bool | None  # texts carry the question prompt (None: an older manifest that does not say)
    # What inference needs to build new texts as these were built (copied into label_map.json):
    view: str | None = None  # harmonized | native
    target: str | None = None  # the task whose documents the evaluation files hold
    profiles: dict | None = None  # task → harmonization profile (opaque here: the trainer only copies it)


def load_manifest(path: Path) -> Manifest:
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise data_error(f"manifest {path}: cannot read it ({e})", "rebuild the instance set with `biorex data build`")
    fix = "rebuild the instance set with `biorex data build` (manifest contract: src/instances/types.ts)"
    labels = raw.get("labels")
    if not isinstance(labels, list) or not labels or not all(isinstance(x, str) for x in labels):
        raise data_error(f"manifest {path}: `labels` must be a non-empty list of strings", fix)
    if len(set(labels)) != len(labels):
        raise data_error(f"manifest {path}: `labels` contains duplicates", fix)
    negatives = raw.get("negativeLabels", [])
    missing = [x for x in negatives if x not in labels]
    if missing:
        raise data_error(f"manifest {path}: negativeLabels {missing} are not in `labels`", fix)
    special = raw.get("specialTokens", [])
    if not isinstance(special, list) or not all(isinstance(x, str) and x for x in special):
        raise data_error(f"manifest {path}: `specialTokens` must be a list of strings", fix)
    tasks = raw.get("tasks") or {}
    if not isinstance(tasks, dict):
        raise data_error(f"manifest {path}: `tasks` must be an object task → labels", fix)
    for task, task_labels in tasks.items():
        bad = [x for x in task_labels if x not in labels]
        if bad:
            raise data_error(f"manifest {path}: tasks.{task} lists {bad}, which are not in `labels`", fix)
    prompt = raw.get("prompt")
    if prompt is not None and not isinstance(prompt, bool):
        raise data_error(f"manifest {path}: `prompt` must be true or false", fix)
    view, target, profiles = raw.get("view"), raw.get("target"), raw.get("profiles")
    if view is not None and view not in ("harmonized", "native"):
        raise data_error(f"manifest {path}: `view` must be harmonized or native, got {view!r}", fix)
    if profiles is not None and not (isinstance(profiles, dict) and all(isinstance(v, dict) for v in profiles.values())):
        raise data_error(f"manifest {path}: `profiles` must be an object task → profile", fix)
    if target is not None and (not isinstance(target, str) or (profiles is not None and target not in profiles)):
        raise data_error(f"manifest {path}: `target` {target!r} is not one of the tasks in `profiles`", fix)
    return Manifest(Path(path), list(labels), list(negatives), list(special), {k: list(v) for k, v in tasks.items()},
                    prompt, view, target, profiles)


@dataclass
class Instance:
    id: str
    task: str
    text: str
    label: str


def read_instances(paths: Sequence[Path], allowed_labels: dict[str, list[str]] | list[str] | None,
                   limit: int | None = None, need_label: bool = True) -> list[Instance]:
    """Read JSONL instances. `allowed_labels`: one label list, or task → labels (MTL: every task must be known)."""
    out: list[Instance] = []
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                where = f"{path}:{lineno}"
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as e:
                    raise data_error(f"{where}: not valid JSON ({e.msg})", "regenerate the instance file")
                for key in ("id", "text") + (("label",) if need_label else ()):
                    if not isinstance(obj.get(key), str):
                        raise data_error(f"{where}: field `{key}` is missing or not a string",
                                         "every instance needs id, task, text and label (src/instances/types.ts)")
                task = obj.get("task") if isinstance(obj.get("task"), str) else ""
                label = obj.get("label") if isinstance(obj.get("label"), str) else ""
                if isinstance(allowed_labels, dict):
                    if task not in allowed_labels:
                        raise data_error(f"{where}: task {task!r} has no head in the manifest (tasks: {sorted(allowed_labels)})",
                                         "add the task to the manifest's `tasks` or drop its instances")
                    if need_label and label not in allowed_labels[task]:
                        raise data_error(f"{where}: label {label!r} is not among task {task}'s labels in the manifest",
                                         "rebuild the instance set so that the manifest lists every label")
                elif allowed_labels is not None and need_label and label not in allowed_labels:
                    raise data_error(f"{where}: label {label!r} is absent from the manifest's labels",
                                     "rebuild the instance set so that the manifest lists every label, or pass the right manifest")
                out.append(Instance(obj["id"], task, obj["text"], label))
                if limit is not None and len(out) >= limit:
                    return out
    if not out:
        raise data_error(f"{', '.join(map(str, paths))}: no instances", "check that the instance file is not empty")
    return out


# ---------------------------------------------------------------------------------------------
# Encoding with a context window that keeps both entities

@dataclass(frozen=True)
class Tags:
    """Token ids of the manifest's entity tags, split into opening and closing tags.

    A closing tag is one whose text contains `/` (`</G>`, `@/GeneSrc$`, `@GeneSrc/$`); the manifest
    lists tags without saying which is which, and every tag style in use marks the closing one so."""
    start: frozenset[int]
    end: frozenset[int]

    @staticmethod
    def of(tokenizer, special_tokens: Sequence[str]) -> "Tags":
        ids = dict(zip(special_tokens, tokenizer.convert_tokens_to_ids(list(special_tokens))))
        return Tags(frozenset(i for t, i in ids.items() if "/" not in t), frozenset(i for t, i in ids.items() if "/" in t))



def encode_texts(tokenizer, texts: Sequence[str], max_length: int, tags: Tags, chunk: int = 4096) -> list[np.ndarray]:
    """Token ids (with the tokenizer's own [CLS]/[SEP]) of each text, at most `max_length` long.

    Tokenised in chunks and kept as int32 arrays: the merged BioREx set is ~10^5 texts of a few hundred
    tokens, which as Python int lists would take gigabytes."""
    prefix, suffix = special_affixes(tokenizer)
    budget = max_length - len(prefix) - len(suffix)
    out: list[np.ndarray] = []
    for k in range(0, len(texts), chunk):
        pieces = tokenizer(list(texts[k:k + chunk]), add_special_tokens=False, truncation=False)["input_ids"]
        out += [np.asarray(prefix + fit_window(ids, budget, tokenizer.sep_token_id, tags) + suffix, dtype=np.int32)
                for ids in pieces]
    return out


def special_affixes(tokenizer) -> tuple[list[int], list[int]]:
    """The ids the tokenizer puts before / after a single sequence ([CLS] / [SEP] for BERT, <s> / </s> …)."""
    plain = tokenizer("x", add_special_tokens=False)["input_ids"]
    full = tokenizer("x", add_special_tokens=True)["input_ids"]
    for i in range(len(full) - len(plain) + 1):
        if full[i:i + len(plain)] == plain:
            return full[:i], full[i + len(plain):]
    raise ValueError("cannot locate the special tokens the tokenizer adds")


@dataclass(frozen=True)
class Mention:
    lo: int  # position of the opening tag
    hi: int  # position of the closing tag (= lo when the tag has no closing partner)
    tag: int
    content: tuple[int, ...]


def fit_window(ids: list[int], budget: int, sep_id: int | None, tags: Tags) -> list[int]:
    """Cut `ids` to `budget` tokens, keeping the prompt and a mention of each of the two entities.

    The text is `prompt [SEP] body` (the literal `[SEP]` ends the prompt; no [SEP], no prompt). The
    prompt is kept whole. In the body, the shortest stretch holding a tagged mention of each entity is
    found and the window is centred on it; when that stretch is longer than the room left, two
    half-windows are kept, one centred on each of its two end mentions.

    Which entity a body mention belongs to: by its tag when the two entities have different tags;
    for same-type pairs (both `<G>`), by matching its tokens with the two mentions named in the
    prompt; without a prompt, two mentions with different text stand for the two entities.
    """
    if len(ids) <= budget:
        return ids
    cut = ids.index(sep_id) + 1 if sep_id is not None and sep_id in ids else 0
    prompt, body = ids[:cut], ids[cut:]
    room = budget - len(prompt)
    if room <= 0:  # a prompt longer than the whole budget: keep its head
        return ids[:budget]
    span = _entity_span(_mentions(prompt, tags), _mentions(body, tags))
    if span is None:
        return prompt + body[:room]
    first, last = span
    if last.hi - first.lo + 1 <= room:
        centre = (first.lo + last.hi + 1) // 2
        start = min(max(0, centre - room // 2), len(body) - room)
        return prompt + body[start:start + room]
    left, right = room // 2, room - room // 2
    a = min(max(0, (first.lo + first.hi + 1) // 2 - left // 2), last.lo - left)  # [a, a+left) around `first`
    b = max(min(len(body) - right, (last.lo + last.hi + 1) // 2 - right // 2), a + left)  # [b, b+right) around `last`
    return prompt + body[a:a + left] + body[b:b + right]


def _mentions(ids: list[int], tags: Tags) -> list[Mention]:
    out = []
    opening = [i for i, t in enumerate(ids) if t in tags.start]
    for k, lo in enumerate(opening):
        stop = opening[k + 1] if k + 1 < len(opening) else len(ids)
        hi = next((j for j in range(lo + 1, stop) if ids[j] in tags.end), lo)
        out.append(Mention(lo, hi, ids[lo], tuple(ids[lo + 1:hi])))
    return out


def _entity_span(prompt: list[Mention], body: list[Mention]) -> tuple[Mention, Mention] | None:
    """The closest pair (first, last) of body mentions that stand for the two different entities."""
    if not body:
        return None
    if len(prompt) >= 2 and prompt[0].tag != prompt[1].tag:
        keys = [m.tag for m in body]
    elif len(prompt) >= 2:
        a, b = prompt[0].content, prompt[1].content
        keys = ["A" if m.content == a else "B" if m.content == b else None for m in body]
    elif len({m.tag for m in body}) >= 2:
        keys = [m.tag for m in body]
    else:
        keys = [m.content for m in body]
    need = min(2, len({k for k in keys if k is not None}))
    if need == 0:
        return None
    if need == 1:
        m = next(m for m, k in zip(body, keys) if k is not None)
        return m, m
    best = None
    for j, (m, key) in enumerate(zip(body, keys)):  # nearest earlier mention with another key
        if key is None:
            continue
        i = next((i for i in range(j - 1, -1, -1) if keys[i] is not None and keys[i] != key), None)
        if i is not None and (best is None or m.hi - body[i].lo < best[1].hi - best[0].lo):
            best = (body[i], m)
    return best


# ---------------------------------------------------------------------------------------------
# Length-grouped batches and dynamic padding

def length_grouped_batches(lengths: Sequence[int], batch_size: int, seed: int, epoch: int,
                           group_size: int = 50) -> list[list[int]]:
    """Batches of similar length: shuffle, cut into mega-batches of `group_size` batches, sort each by
    length, cut into batches, shuffle the batches. Every index appears exactly once; the order
    depends only on (seed, epoch), so a resumed run sees the same batches."""
    rng = random.Random(seed * 1_000_003 + epoch)
    order = list(range(len(lengths)))
    rng.shuffle(order)
    mega = batch_size * group_size
    batches: list[list[int]] = []
    for start in range(0, len(order), mega):
        group = sorted(order[start:start + mega], key=lambda i: -lengths[i])
        batches += [group[k:k + batch_size] for k in range(0, len(group), batch_size)]
    rng.shuffle(batches)
    return batches


def shuffled_batches(n: int, batch_size: int, seed: int, epoch: int) -> list[list[int]]:
    """Plain random batches (for the padding comparison in bench/)."""
    rng = random.Random(seed * 1_000_003 + epoch)
    order = list(range(n))
    rng.shuffle(order)
    return [order[k:k + batch_size] for k in range(0, n, batch_size)]


def sorted_batches(lengths: Sequence[int], batch_size: int) -> list[list[int]]:
    """Prediction batches: longest first (no shuffling needed); outputs are put back in input order."""
    order = sorted(range(len(lengths)), key=lambda i: -lengths[i])
    return [order[k:k + batch_size] for k in range(0, len(order), batch_size)]


def collate(encoded: Sequence[Sequence[int]], pad_id: int, pad_to: int | None = None) -> dict[str, torch.Tensor]:
    """Pad to the longest sequence of the batch (or to `pad_to`, for the fixed-padding benchmark)."""
    width = pad_to or max(len(x) for x in encoded)
    input_ids = np.full((len(encoded), width), pad_id, dtype=np.int64)
    attention_mask = np.zeros((len(encoded), width), dtype=np.int64)
    for row, ids in enumerate(encoded):
        input_ids[row, :len(ids)] = ids
        attention_mask[row, :len(ids)] = 1
    return {"input_ids": torch.from_numpy(input_ids), "attention_mask": torch.from_numpy(attention_mask)}


def accumulation_windows(batches: list[list[int]], grad_accum: int) -> list[list[list[int]]]:
    """Group batches into optimizer steps of `grad_accum` batches (the last one may be shorter)."""
    return [batches[k:k + grad_accum] for k in range(0, len(batches), grad_accum)]


def steps_per_epoch(n: int, batch_size: int, grad_accum: int) -> int:
    return math.ceil(math.ceil(n / batch_size) / grad_accum)
