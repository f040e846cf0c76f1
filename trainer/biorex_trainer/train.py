"""`train`: fine-tune → select on dev → predict, as one linear function with its phases marked.

In the style of nanoGPT's train.py / HF run_glue_no_trainer.py: the run config is a flat dict saved
with every checkpoint, resume is a config value, and the run ends with machine-readable files.
"""
from __future__ import annotations

import json
import math
import shutil
import signal
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch

from .config import RunConfig
from .data import (Instance, Manifest, Tags, accumulation_windows, collate, encode_texts, length_grouped_batches,
                   load_manifest, read_instances, shuffled_batches, steps_per_epoch)
from .errors import Interrupted, TrainerError, config_error
from .events import EventWriter, log
from .model import DEFAULT_HEAD, RelationClassifier, load_tokenizer_and_encoder, save_model
from .predict import TaskLabels, predict_probs, timed_predict, write_predictions
from .runtime import (Runtime, device_name, make_runtime, rng_state, seed_everything, set_rng_state, tcmalloc_loaded,
                      versions)

CHECKPOINT = "checkpoint/last.pt"
# Config keys that do not change the result: they may differ between a run and its resume.
RUNTIME_KEYS = {"resume", "device", "precision", "threads", "log_every", "stop_after_steps", "save_checkpoints",
                "keep_checkpoint", "meta", "eval_batch_size", "out"}


@dataclass
class Split:
    """Instances of one role, encoded, with each instance's head and target index in that head."""
    instances: list[Instance]
    ids: list  # int32 token-id arrays
    heads: list[str]
    targets: list[int]

    @property
    def lengths(self) -> list[int]:
        return [len(x) for x in self.ids]


@dataclass
class Stage:
    """One training stage: TL has "stage1" (the external corpora) then "main"; other modes only "main"."""
    name: str
    heads: dict[str, list[str]]
    negatives: set[str]
    epochs: int
    train_instances: list[Instance]
    dev_instances: list[Instance] | None
    # task_labels_only: task → the labels its instances may be predicted as (the manifest's `tasks`)
    task_labels: TaskLabels | None = None
    # encoded after the `start` event; None for a stage finished before a resume (not tokenised again)
    train: Split | None = None
    dev: Split | None = None

    @property
    def count_key(self) -> str:
        """Its key in the `start` event's counts: `train` for the main stage, `stage1_train` for TL's first."""
        return "train" if self.name == "main" else f"{self.name}_train"


@dataclass
class MicroBatching:
    """Each batch is run as `split` micro-batches; a CUDA OOM doubles `split` (same effective batch)."""
    batch_size: int
    grad_accum: int
    split: int = 1

    @property
    def micro_batch(self) -> int:
        return math.ceil(self.batch_size / self.split)

    def chunks(self, batch: list[int]) -> list[list[int]]:
        return [batch[k:k + self.micro_batch] for k in range(0, len(batch), self.micro_batch)]

    def halve(self) -> bool:
        if self.micro_batch <= 1:
            return False
        self.split *= 2
        return True


class StopSignal:
    """SIGTERM/SIGINT set a flag; the loop saves a checkpoint at the next step boundary and exits."""

    def __init__(self):
        self.name: str | None = None
        self._previous: dict[int, Any] = {}

    def __enter__(self):
        for sig in (signal.SIGTERM, signal.SIGINT):
            try:
                self._previous[sig] = signal.signal(sig, self._handle)
            except ValueError:  # not the main thread: no signal handling
                pass
        return self

    def _handle(self, signum, _frame):
        self.name = signal.Signals(signum).name

    def __exit__(self, *exc):
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)


def train(cfg: RunConfig, emit: EventWriter) -> dict[str, Any]:
    t_run = time.perf_counter()
    out = Path(cfg.out)
    out.mkdir(parents=True, exist_ok=True)

    # ---- 1. runtime: device, precision, threads, seeds ------------------------------------------------
    rt = make_runtime(cfg.device, cfg.precision, cfg.threads)
    seed_everything(cfg.seed)

    # ---- 2. data: manifests, instances, heads ----------------------------------------------------------
    manifest = load_manifest(cfg.manifest)
    if cfg.mode == "mtl":
        if not manifest.tasks:
            raise config_error(f"manifest {cfg.manifest} has no `tasks`, which mode mtl needs (one head per task)",
                               "build the instance set with tasks, or use mode single")
        target_heads, allowed = manifest.tasks, manifest.tasks
    else:
        target_heads, allowed = {DEFAULT_HEAD: manifest.labels}, manifest.labels
    train_set = read_instances(cfg.files["train"], allowed, cfg.max_train_instances)
    dev_set = read_instances(cfg.files["dev"], allowed) if "dev" in cfg.files else None
    predict_sets = {role: read_instances(cfg.files[role], allowed if cfg.mode == "mtl" else None, need_label=False)
                    for role in cfg.predict_roles if role != "dev"}
    if dev_set is not None:
        predict_sets = {"dev": dev_set, **predict_sets}
    special_tokens = list(manifest.special_tokens)
    stage1_manifest: Manifest | None = None
    if cfg.mode == "tl":
        stage1_manifest = load_manifest(cfg.stage1_manifest)
        stage1_train = read_instances(cfg.files["stage1_train"], stage1_manifest.labels, cfg.max_train_instances)
        stage1_dev = (read_instances(cfg.files["stage1_dev"], stage1_manifest.labels)
                      if "stage1_dev" in cfg.files else None)
        special_tokens += [t for t in stage1_manifest.special_tokens if t not in special_tokens]

    # ---- 3. tokenizer and model ------------------------------------------------------------------------
    tokenizer, encoder = load_tokenizer_and_encoder(cfg.plm, special_tokens, cfg.attention_dropout)
    limit = getattr(encoder.config, "max_position_embeddings", None)
    if limit is not None and cfg.max_length > limit:
        raise config_error(f"max_length {cfg.max_length} exceeds the PLM's {limit} positions", f"use max_length ≤ {limit}")
    tags = Tags.of(tokenizer, special_tokens)

    def encode(instances: list[Instance], heads: dict[str, list[str]], labelled: bool = True) -> Split:
        ids = encode_texts(tokenizer, [x.text for x in instances], cfg.max_length, tags)
        names = [x.task if len(heads) > 1 else next(iter(heads)) for x in instances]
        targets = [heads[h].index(x.label) if labelled else -1 for h, x in zip(names, instances)]
        return Split(instances, ids, names, targets)

    def task_labels(m: Manifest) -> TaskLabels | None:
        return m.tasks if cfg.task_labels_only and m.tasks else None

    stages: list[Stage] = []
    if cfg.mode == "tl":
        stages.append(Stage("stage1", {DEFAULT_HEAD: stage1_manifest.labels}, set(stage1_manifest.negative_labels),
                            cfg.stage1_epochs or cfg.epochs, stage1_train, stage1_dev, task_labels(stage1_manifest)))
    stages.append(Stage("main", target_heads, set(manifest.negative_labels), cfg.epochs, train_set, dev_set,
                        task_labels(manifest)))

    model = RelationClassifier(encoder, stages[0].heads, cfg.dropout).to(rt.device)

    # ---- 4. resume -------------------------------------------------------------------------------------
    ckpt_path = out / CHECKPOINT
    ckpt = None
    if cfg.resume and ckpt_path.is_file():
        ckpt = torch.load(ckpt_path, map_location="cpu", weights_only=False)
        changed = _changed_keys(ckpt["config"], cfg.to_json())
        if changed:
            raise config_error(f"the checkpoint in {out} was written with different settings ({', '.join(changed)})",
                               "resume with the same config, or use a fresh out dir / resume: false")
        if ckpt["stage"] > 0:
            model.replace_heads(stages[min(ckpt["stage"], len(stages) - 1)].heads)
        model.load_state_dict(ckpt["model"])
        log.info("resuming from %s (stage %d, epoch %d, batch window %d)", ckpt_path, ckpt["stage"], ckpt["epoch"],
                 ckpt["window"])
    elif cfg.resume:
        log.info("resume requested but %s does not exist: starting from scratch", ckpt_path)

    emit("start", mode=cfg.mode, plm=cfg.plm, device=str(rt.device), device_name=device_name(rt),
         precision=rt.precision, threads=rt.threads, tcmalloc=tcmalloc_loaded(), versions=versions(),
         counts={**{s.count_key: len(s.train_instances) for s in stages}, **{role: len(x) for role, x in predict_sets.items()}},
         heads={name: len(labels) for name, labels in target_heads.items()}, max_length=cfg.max_length,
         padding=cfg.padding, resumed=ckpt is not None,
         resumed_from=None if ckpt is None else {"stage": ckpt["stage"], "epoch": ckpt["epoch"], "step": ckpt["step"]})

    first_stage = ckpt["stage"] if ckpt else 0
    t0 = time.perf_counter()
    for stage in stages[first_stage:]:
        stage.train = encode(stage.train_instances, stage.heads)
        stage.dev = encode(stage.dev_instances, stage.heads) if stage.dev_instances else None
    log.info("tokenised the training data in %.1fs", time.perf_counter() - t0)

    # ---- 5. train, stage by stage ----------------------------------------------------------------------
    epoch_times: list[dict[str, Any]] = ckpt["epoch_times"] if ckpt else []
    evals: list[dict[str, Any]] = ckpt["evals"] if ckpt else []
    best_score, best_epoch = (ckpt["best_score"], ckpt["best_epoch"]) if ckpt else (-1.0, None)
    steps_this_process = 0
    with StopSignal() as stop:
        for s in range(first_stage, len(stages)):
            stage = stages[s]
            resume_here = ckpt is not None and ckpt["stage"] == s
            mb = MicroBatching(cfg.batch_size, cfg.grad_accum, ckpt["split"] if resume_here else 1)
            total_steps = stage.epochs * steps_per_epoch(len(stage.train.ids), cfg.batch_size, cfg.grad_accum)
            if cfg.max_steps:
                total_steps = min(total_steps, cfg.max_steps)
            optimizer = _adamw(model, cfg.lr, cfg.weight_decay)
            from transformers import get_linear_schedule_with_warmup
            scheduler = get_linear_schedule_with_warmup(optimizer, int(cfg.warmup_ratio * total_steps), total_steps)
            scaler = torch.amp.GradScaler("cuda") if rt.precision == "fp16" else None
            step, first_epoch, first_window = 0, 0, 0
            if not resume_here:
                best_score, best_epoch = -1.0, None
            else:
                set_rng_state(ckpt["rng"])
                if ckpt["optimizer"] is not None:  # None: saved at the start of this stage
                    optimizer.load_state_dict(ckpt["optimizer"])
                    scheduler.load_state_dict(ckpt["scheduler"])
                    if scaler is not None and ckpt.get("scaler"):
                        scaler.load_state_dict(ckpt["scaler"])
                step, first_epoch, first_window = ckpt["step"], ckpt["epoch"], ckpt["window"]
            best_path = out / "checkpoint" / f"best-{stage.name}.pt"

            def save_checkpoint(epoch: int, window: int, reason: str, next_stage: bool = False) -> None:
                """`next_stage`: the boundary after this stage (no optimizer state; the next stage starts fresh)."""
                if not cfg.save_checkpoints and reason != "signal":
                    return
                last_stage = s + 1 == len(stages)
                state = {"config": cfg.to_json(), "stage": s + 1 if next_stage else s, "epoch": epoch, "window": window,
                         "step": 0 if next_stage else step, "model": model.state_dict(),
                         "optimizer": None if next_stage else optimizer.state_dict(),
                         "scheduler": None if next_stage else scheduler.state_dict(),
                         "scaler": scaler.state_dict() if scaler and not next_stage else None,
                         "rng": rng_state(), "split": 1 if next_stage else mb.split,
                         "best_score": -1.0 if next_stage and not last_stage else best_score,
                         "best_epoch": None if next_stage and not last_stage else best_epoch,
                         "epoch_times": epoch_times, "evals": evals}
                _atomic_save(state, ckpt_path)
                emit("checkpoint", path=str(ckpt_path), stage=stage.name, epoch=epoch, step=step, reason=reason)

            for epoch in range(first_epoch, stage.epochs):
                if step >= total_steps:
                    break
                # Batch order depends only on (seed, stage, epoch): a resumed epoch replays the same batches.
                epoch_seed = epoch + 1000 * s
                if cfg.padding == "grouped":
                    batches = length_grouped_batches(stage.train.lengths, cfg.batch_size, cfg.seed, epoch_seed,
                                                     cfg.length_group_size)
                else:
                    batches = shuffled_batches(len(stage.train.ids), cfg.batch_size, cfg.seed, epoch_seed)
                windows = accumulation_windows(batches, cfg.grad_accum)
                start_window = first_window if epoch == first_epoch else 0
                model.train()
                w = start_window - 1
                t_epoch, seen, t_log, seen_log, loss_log, n_log = time.perf_counter(), 0, time.perf_counter(), 0, 0.0, 0
                pad_to = cfg.max_length if cfg.padding == "max_length" else None
                for w in range(start_window, len(windows)):
                    loss = _accumulate(model, windows[w], stage.train, mb, rt, scaler, tokenizer.pad_token_id, pad_to,
                                       lambda **kw: emit("oom", stage=stage.name, epoch=epoch + 1, step=step, **kw))
                    if scaler is not None:
                        scaler.unscale_(optimizer)
                    if cfg.max_grad_norm:
                        torch.nn.utils.clip_grad_norm_(model.parameters(), cfg.max_grad_norm)
                    if scaler is not None:
                        scaler.step(optimizer)
                        scaler.update()
                    else:
                        optimizer.step()
                    scheduler.step()
                    optimizer.zero_grad(set_to_none=True)
                    step += 1
                    steps_this_process += 1
                    n_window = sum(len(b) for b in windows[w])
                    seen, seen_log, loss_log, n_log = seen + n_window, seen_log + n_window, loss_log + loss, n_log + 1
                    last = w == len(windows) - 1 or step >= total_steps
                    if step % cfg.log_every == 0 or last:
                        mean_loss = float(loss_log) / n_log  # waits for the GPU: the clock below is true time
                        now = time.perf_counter()
                        emit("progress", stage=stage.name, epoch=epoch + 1, epochs=stage.epochs, step=step,
                             total=total_steps, loss=round(mean_loss, 6), lr=scheduler.get_last_lr()[0],
                             instances_per_s=round(seen_log / max(now - t_log, 1e-9), 2),
                             elapsed_s=round(now - t_run, 2))
                        t_log, seen_log, loss_log, n_log = now, 0, 0.0, 0
                    if cfg.stop_after_steps and steps_this_process >= cfg.stop_after_steps and not stop.name:
                        stop.name = "stop_after_steps"
                    if stop.name and not last:
                        save_checkpoint(epoch, w + 1, "signal")
                        raise Interrupted(stop.name, 130 if stop.name == "SIGINT" else 143)
                    if step >= total_steps:
                        break
                seconds = time.perf_counter() - t_epoch
                epoch_times.append({"stage": stage.name, "epoch": epoch + 1, "seconds": round(seconds, 3),
                                    "instances": seen, "instances_per_s": round(seen / max(seconds, 1e-9), 2),
                                    "complete": start_window == 0 and w == len(windows) - 1})

                # -- end of epoch: dev selection (micro-F1 over the positive labels), checkpoint
                if stage.dev is not None:
                    result = _evaluate(model, stage.dev, stage, rt, cfg.eval_batch_size, tokenizer.pad_token_id)
                    improved = result["f1"] > best_score
                    if improved:
                        best_score, best_epoch = result["f1"], epoch + 1
                        _atomic_save(model.state_dict(), best_path)
                    evals.append({"stage": stage.name, "epoch": epoch + 1, **result, "best": improved})
                    emit("eval", stage=stage.name, epoch=epoch + 1, split="dev", **result, best=improved)
                save_checkpoint(epoch + 1, 0, "epoch")
                if stop.name:
                    raise Interrupted(stop.name, 130 if stop.name == "SIGINT" else 143)

            # -- end of stage: keep the best epoch; TL: a fresh head for the next stage
            if best_epoch is not None and best_path.is_file():
                model.load_state_dict(torch.load(best_path, map_location=rt.device, weights_only=True))
                log.info("%s: kept epoch %d (dev micro-F1 %.4f)", stage.name, best_epoch, best_score)
            if s + 1 < len(stages):
                model.replace_heads(stages[s + 1].heads)
            save_checkpoint(0, 0, "stage", next_stage=True)
            ckpt = None
    final_best = {"epoch": best_epoch, "dev_f1": best_score if best_epoch is not None else None}

    # ---- 6. outputs: model, predictions, timings -------------------------------------------------------
    model_dir = out / "model"
    save_model(model, tokenizer, model_dir, _label_map(cfg, manifest, special_tokens))
    predictions, predict_timings = _predict_roles(
        model, predict_sets, stages[-1].dev, lambda instances: encode(instances, target_heads, labelled=False),
        tokenizer.pad_token_id, rt, cfg.eval_batch_size, out / "predictions", stages[-1].task_labels)
    timings = _timings(cfg, rt, epoch_times, predict_timings, t_run)
    (out / "timings.json").write_text(json.dumps(timings, indent=2) + "\n", encoding="utf-8")
    (out / "metrics.json").write_text(json.dumps({"best": final_best, "evals": evals}, indent=2) + "\n", encoding="utf-8")
    (out / "run-config.json").write_text(json.dumps(cfg.to_json(), indent=2) + "\n", encoding="utf-8")
    if not cfg.keep_checkpoint:
        shutil.rmtree(out / "checkpoint", ignore_errors=True)
    result = {"out": str(out), "model": str(model_dir), "predictions": predictions, "timings": timings,
              "best_epoch": final_best["epoch"], "best_dev_f1": final_best["dev_f1"]}
    emit("done", **{k: v for k, v in result.items() if k != "timings"}, timings_path=str(out / "timings.json"),
         train_seconds=timings["train_seconds"], train_instances_per_s=timings["train_instances_per_s"],
         predict_seconds_per_1000=timings["predict_seconds_per_1000"])
    return result


# ---------------------------------------------------------------------------------------------------------

def _label_map(cfg: RunConfig, manifest: Manifest, special_tokens: list[str]) -> dict[str, Any]:
    """What `predict`, `export-onnx` and inference need beside the weights (model/label_map.json).

    Inference builds the texts of new documents as training built them: the target task's candidate
    pairs, tags and prompt name (its profile), the label view, with the question prompt or without
    (MTL), and predicts over the same label space. All of it is copied from the manifest; a key the
    manifest lacks is left out, and `biorex predict` refuses such a model rather than guess.
    """
    from_manifest = {"task": manifest.target, "view": manifest.view, "prompt": manifest.prompt,
                     "profiles": manifest.profiles}
    return {"mode": cfg.mode, "plm": cfg.plm, "max_length": cfg.max_length, "special_tokens": special_tokens,
            "negative_labels": manifest.negative_labels, "labels": manifest.labels, "tasks": manifest.tasks,
            "task_labels_only": cfg.task_labels_only,
            **{k: v for k, v in from_manifest.items() if v is not None}}


def _predict_roles(model: RelationClassifier, predict_sets: dict[str, list[Instance]], encoded_dev: Split | None,
                   encode, pad_id: int, rt: Runtime, batch_size: int, folder: Path,
                   task_labels: TaskLabels | None) -> tuple[dict[str, str], dict[str, dict[str, Any]]]:
    """Writes `folder/<role>.jsonl` for every predicted role; returns their paths and timings."""
    predictions, timings = {}, {}
    for role, instances in predict_sets.items():
        reuse = role == "dev" and encoded_dev is not None  # already encoded for model selection
        split = encoded_dev if reuse else encode(instances)
        probs, seconds = timed_predict(model, instances, split.ids, pad_id, rt, batch_size, task_labels)
        path = folder / f"{role}.jsonl"
        write_predictions(path, model, instances, probs)
        predictions[role] = str(path)
        timings[role] = {"instances": len(instances), "seconds": round(seconds, 3),
                         "seconds_per_1000": round(1000 * seconds / len(instances), 3),
                         "instances_per_s": round(len(instances) / max(seconds, 1e-9), 2)}
    return predictions, timings


def _timings(cfg: RunConfig, rt: Runtime, epoch_times: list[dict[str, Any]], predict_timings: dict[str, dict[str, Any]],
             t_run: float) -> dict[str, Any]:
    """timings.json: the device, each epoch, training and prediction speed, the whole run."""
    n_pred = sum(t["instances"] for t in predict_timings.values())
    s_pred = sum(t["seconds"] for t in predict_timings.values())
    train_seconds = sum(e["seconds"] for e in epoch_times)
    train_instances = sum(e["instances"] for e in epoch_times)
    return {
        "device": str(rt.device), "device_name": device_name(rt), "precision": rt.precision, "threads": rt.threads,
        "tcmalloc": tcmalloc_loaded(), "padding": cfg.padding, "epochs": epoch_times,
        "train_seconds": round(train_seconds, 3),
        "train_instances_per_s": round(train_instances / max(train_seconds, 1e-9), 2),
        "predict": predict_timings,
        "predict_seconds_per_1000": round(1000 * s_pred / n_pred, 3) if n_pred else None,
        "total_seconds": round(time.perf_counter() - t_run, 3)}


# ---------------------------------------------------------------------------------------------------------

def _accumulate(model: RelationClassifier, window: list[list[int]], data: Split, mb: MicroBatching, rt: Runtime,
                scaler, pad_id: int, pad_to: int | None, on_oom) -> torch.Tensor:
    """Forward + backward over the batches of one optimizer step; returns the mean loss per instance
    (a 0-d tensor on the device: reading it waits for the GPU, so the loop reads it only when it logs).

    Each micro-batch contributes sum(CE) / n(window), so the gradient is the window mean whatever the
    micro-batch size. On CUDA out-of-memory the gradients are dropped and the window is redone with
    micro-batches half as large (accumulation twice as long): the effective batch does not change.
    """
    n = sum(len(b) for b in window)
    while True:
        try:
            total = torch.zeros((), device=rt.device)  # on the device: no host sync per micro-batch
            for batch in window:
                for chunk in mb.chunks(batch):
                    inputs = collate([data.ids[i] for i in chunk], pad_id, pad_to)
                    inputs["targets"] = torch.tensor([data.targets[i] for i in chunk])
                    inputs = rt.to_device(inputs)
                    with rt.autocast():
                        loss = model.loss_sum(inputs["input_ids"], inputs["attention_mask"],
                                              [data.heads[i] for i in chunk], inputs["targets"]) / n
                    (scaler.scale(loss) if scaler is not None else loss).backward()
                    total += loss.detach()
            return total
        except RuntimeError as e:  # torch.OutOfMemoryError is one
            if not is_out_of_memory(e):
                raise
        # Out of memory. Here, after the `except`, the traceback's frames are gone; dropping `loss` frees the
        # graph (and its activations) of a backward that failed, before the cache is emptied and the retry.
        inputs = loss = total = None
        model.zero_grad(set_to_none=True)
        if rt.cuda:
            torch.cuda.empty_cache()
        if not mb.halve():
            raise TrainerError("oom", "out of GPU memory even with micro-batches of 1",
                               "lower max_length, use a smaller PLM or a GPU with more memory")
        log.warning("CUDA out of memory: micro-batch %d, gradient accumulation ×%d", mb.micro_batch,
                    mb.grad_accum * mb.split)
        on_oom(micro_batch=mb.micro_batch, grad_accum=mb.grad_accum * mb.split,
               effective_batch=mb.batch_size * mb.grad_accum)


# Allocation failures that reach Python as a plain RuntimeError: the CUDA runtime or cuBLAS allocating
# outside PyTorch's caching allocator (handles, workspaces).
OOM_MESSAGES = ("CUDA out of memory", "CUDA error: out of memory", "CUBLAS_STATUS_ALLOC_FAILED")


def is_out_of_memory(e: BaseException) -> bool:
    return isinstance(e, torch.OutOfMemoryError) or (
        isinstance(e, RuntimeError) and any(m in str(e) for m in OOM_MESSAGES))


@torch.no_grad()
def _evaluate(model: RelationClassifier, dev: Split, stage: Stage, rt: Runtime, batch_size: int,
              pad_id: int) -> dict[str, float]:
    """Dev loss and micro-F1 over the non-negative labels (the reference's selection metric)."""
    t0 = time.perf_counter()
    probs = predict_probs(model, dev.instances, dev.ids, pad_id, rt, batch_size, stage.task_labels)
    loss, tp, n_pred, n_gold = 0.0, 0, 0, 0
    for p, head, target in zip(probs, dev.heads, dev.targets):
        labels = stage.heads[head]
        loss -= math.log(max(p[target].item(), 1e-12))
        pred = labels[int(p.argmax())]
        gold = labels[target]
        n_pred += pred not in stage.negatives
        n_gold += gold not in stage.negatives
        tp += pred == gold and gold not in stage.negatives
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    model.train()
    return {"loss": round(loss / len(probs), 6), "f1": round(f1, 6), "precision": round(precision, 6),
            "recall": round(recall, 6), "instances": len(probs), "seconds": round(time.perf_counter() - t0, 3)}


def _adamw(model: torch.nn.Module, lr: float, weight_decay: float) -> torch.optim.AdamW:
    """AdamW; no weight decay on biases and LayerNorm weights (as run_glue_no_trainer)."""
    decay, no_decay = [], []
    for name, param in model.named_parameters():
        if param.requires_grad:
            (no_decay if param.ndim < 2 or "LayerNorm" in name or "norm" in name.lower() else decay).append(param)
    return torch.optim.AdamW([{"params": decay, "weight_decay": weight_decay},
                              {"params": no_decay, "weight_decay": 0.0}], lr=lr)


def _atomic_save(obj: Any, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    torch.save(obj, tmp)
    tmp.replace(path)


def _changed_keys(saved: dict[str, Any], current: dict[str, Any]) -> list[str]:
    return sorted(k for k in set(saved) | set(current)
                  if k not in RUNTIME_KEYS and saved.get(k) != current.get(k))
