"""The GPU check: the trainer's CUDA path measured in one run, written to one JSON file.

    bench/gpu/run.sh OUTDIR [--cpu] [--prepared DIR] [--budget SECONDS] [--peak-tflops X]

Needs only Python with torch and transformers, and the trainer on PYTHONPATH (run.sh sets it), plus the
folder `bench/gpu/prepare.sh` wrote (bench/work/gpu: instance sets, tokenizer, model config). The model
weights are random, created here from the config. Everything goes through the trainer's own entry
points (`python -m biorex_trainer train` / `predict`, in-process) so that what is measured is what users
run. Each section is time-boxed and isolated: a failure is recorded in the JSON and the next section
runs; the JSON is rewritten after every section, so a run cut short keeps what it measured.

`--cpu` runs the same sections on the CPU with a tiny model and small samples (the CI test); there the
OOM is simulated (CPU memory cannot be capped) and the CUDA-only sections are skipped.
What each number means: docs/performance.md.
"""
from __future__ import annotations

import argparse
import contextlib
import gc
import gzip
import json
import math
import os
import platform
import random
import re
import shutil
import signal
import statistics
import sys
import tempfile
import threading
import time
import traceback
import warnings
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PREPARED = ROOT / "bench" / "work" / "gpu"
SCHEMA = "biorex-gpu-check/1"

# The paper (Supplementary Table 1, PubMedBERT trained on BioRED + 8 datasets) and the targets.
PAPER = {"epoch_minutes": 58, "predict_seconds_per_1000_gpu": 100, "predict_seconds_per_1000_cpu": 354}
TARGETS = {"epoch_minutes": 3, "predict_seconds_per_1000": 2, "on": "an H200-class GPU"}

# Dense tensor-core peaks (TFLOP/s) from NVIDIA's datasheets (the sparsity figures halved). fp32 runs use
# TF32 matmuls (the trainer turns TF32 on for CUDA), so their MFU is against the TF32 peak.
PEAK_TFLOPS = [
    (r"H200 NVL", {"bf16": 835.5, "tf32": 417.5, "fp32": 60.0}),
    (r"H200", {"bf16": 989.5, "tf32": 494.5, "fp32": 67.0}),
    (r"H100 NVL", {"bf16": 835.5, "tf32": 417.5, "fp32": 60.0}),
    (r"H100.*PCIe", {"bf16": 756.0, "tf32": 378.0, "fp32": 51.0}),
    (r"H100", {"bf16": 989.5, "tf32": 494.5, "fp32": 67.0}),
    (r"A100", {"bf16": 312.0, "tf32": 156.0, "fp32": 19.5}),
    (r"L40S", {"bf16": 362.0, "tf32": 183.0, "fp32": 91.6}),
    (r"\bA10\b", {"bf16": 125.0, "tf32": 62.5, "fp32": 31.2}),
    (r"\bL4\b", {"bf16": 121.0, "tf32": 60.0, "fp32": 30.3}),
    (r"V100", {"fp16": 125.0, "fp32": 15.7}),
    (r"\bT4\b", {"fp16": 65.0, "fp32": 8.1}),
]

# Sizes. GPU: PubMedBERT-shaped model, samples of whole length-grouping mega-batches (4 × 50 batches
# of 16), so a sample epoch is a miniature of the full one. CPU: a tiny model and a few steps.
GPU_SIZES = {"sample": 3200, "epochs": 2, "log_every": 10, "oom_batch": 512, "oom_steps": 3,
             "oom_memory_gib": 12.0, "resume_steps": 40, "resume_stop": 20, "sync_steps": 12,
             "resume_tolerance": 0.02, "oom_tolerance": 0.01}
CPU_SIZES = {"sample": 32, "epochs": 2, "log_every": 2, "oom_batch": 16, "oom_steps": 2,
             "oom_rows": 4, "resume_steps": 4, "resume_stop": 1, "sync_steps": 0,
             "resume_tolerance": 1e-6, "oom_tolerance": 1e-5, "threads": 1, "predict_sample": 256,
             "tiny": {"hidden_size": 64, "num_hidden_layers": 2, "num_attention_heads": 2, "intermediate_size": 256}}
# Section time boxes (seconds; the global budget cuts them further).
BOXES = {"setup": 120, "data": 200, "train": 100, "predict": 90, "oom": 120, "resume": 150, "sdpa": 60, "syncs": 60}
BATCH = 16
SEED = 42
LR = 5e-5


def log(message: str) -> None:
    print(f"[gpu-check {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------------------
# Time boxes: a timer sends this process SIGTERM. Inside the trainer's training loop that is its own stop
# signal (checkpoint, `interrupted`, exit 143: the steps so far still count); anywhere else it raises
# TimeBox, a BaseException so that the trainer CLI's catch-all does not turn it into an `error` event.

class TimeBox(BaseException):
    pass


class Clock:
    def __init__(self, budget: float):
        self.t0 = time.monotonic()
        self.deadline = self.t0 + budget
        self.section: str | None = None

    def left(self) -> float:
        return self.deadline - time.monotonic()

    def on_sigterm(self, signum, _frame) -> None:
        if self.section is not None:
            raise TimeBox(f"section {self.section} ran past its time box")
        self.deadline = time.monotonic()  # outside a section: stop starting new ones

    @contextlib.contextmanager
    def box(self, name: str, seconds: float):
        self.section = name

        def fire():
            if self.section == name:
                os.kill(os.getpid(), signal.SIGTERM)

        timer = threading.Timer(max(seconds, 1.0), fire)
        timer.daemon = True
        timer.start()
        try:
            yield
        finally:
            self.section = None
            timer.cancel()


class Report:
    """The JSON file, rewritten (temp file + rename) after every section."""

    def __init__(self, path: Path, data: dict):
        self.path, self.data = path, data

    def save(self) -> None:
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(json.dumps(self.data, indent=2, default=_json_default) + "\n", encoding="utf-8")
        tmp.replace(self.path)


def _json_default(value: Any) -> Any:
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    return str(value)


class Check:
    def __init__(self, args: argparse.Namespace):
        import torch

        self.torch = torch
        self.args = args
        self.cpu = args.cpu
        self.sizes = CPU_SIZES if self.cpu else GPU_SIZES
        self.device = "cpu" if self.cpu else "cuda"
        self.out = Path(args.out)
        self.out.mkdir(parents=True, exist_ok=True)
        (self.out / "events").mkdir(exist_ok=True)
        self.prepared = Path(args.prepared)
        self.work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="biorex-gpu-check-"))
        self.work.mkdir(parents=True, exist_ok=True)
        self.clock = Clock(args.budget)
        self.report = Report(self.out / "gpu-check.json", {
            "schema": SCHEMA, "mode": "cpu" if self.cpu else "gpu", "status": "running",
            "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "budget_s": args.budget,
            "command": " ".join(sys.argv[1:]), "paper": PAPER, "targets": TARGETS, "sections": {}})
        self.sections = self.report.data["sections"]
        self.model_dir: Path | None = None  # a trained model/ folder for the predict section
        self.full: dict | None = None  # the whole merged training set's batches (data_full)
        self.runs: dict[str, dict] = {}

    # -- section runner -------------------------------------------------------------------------------------

    def section(self, name: str, box: str, fn: Callable[[dict], None], needs: tuple[str, ...] = ()) -> None:
        entry: dict[str, Any] = {}
        self.sections[name] = entry
        missing = [n for n in needs if self.sections.get(n, {}).get("status") != "ok"]
        left = self.clock.left()
        if missing:
            entry.update(status="skipped", why=f"needs {', '.join(missing)}")
        elif left < 5:
            entry.update(status="skipped", why="the time budget is used up")
        else:
            seconds = min(BOXES[box], left)
            log(f"{name} (time box {seconds:.0f} s)")
            t0 = time.perf_counter()
            try:
                with self.clock.box(name, seconds):
                    fn(entry)
                entry.setdefault("status", "ok")
            except TimeBox as e:
                entry.update(status="timed_out", error=str(e))
            except Exception as e:  # noqa: BLE001 - one failure must not lose the other sections
                entry.update(status="error", error=f"{type(e).__name__}: {e}",
                             traceback=traceback.format_exc(limit=8).splitlines()[-12:])
            entry["wall_s"] = round(time.perf_counter() - t0, 2)
            log(f"{name}: {entry['status']} in {entry['wall_s']} s" + (f" ({entry['error']})" if "error" in entry else ""))
            self._free_memory()
        self.report.save()

    def _free_memory(self) -> None:
        gc.collect()
        if not self.cpu:
            self.torch.cuda.empty_cache()

    # -- the trainer, in-process ----------------------------------------------------------------------------

    def trainer(self, name: str, argv: list[str]) -> tuple[int, Any]:
        """`python -m biorex_trainer ARGV` in this process; its events are kept and logged to events/NAME.jsonl."""
        from biorex_trainer.cli import main
        from biorex_trainer.events import EventWriter

        torch = self.torch
        if not self.cpu:
            torch.cuda.synchronize()
            torch.cuda.reset_peak_memory_stats()
        with open(self.out / "events" / f"{name}.jsonl", "w", encoding="utf-8") as fh:
            events = EventWriter(stream=fh, keep=True)
            code = main(argv, events)
        return code, events

    def train_run(self, name: str, train_file: Path, plm: Path | None = None, **overrides) -> dict:
        """One `train` run on the merged set's manifest; returns its events, timings and peak memory."""
        out = self.work / "runs" / name
        shutil.rmtree(out, ignore_errors=True)
        cfg = {"mode": "single", "plm": str(plm or self.plm), "manifest": str(self.sets["merged"] / "manifest.json"),
               "files": {"train": str(train_file)}, "out": str(out), "epochs": self.sizes["epochs"],
               "batch_size": BATCH, "lr": LR, "max_length": 512, "seed": SEED, "save_checkpoints": False,
               "log_every": self.sizes["log_every"], "device": self.device,
               "threads": self.sizes.get("threads"), **overrides}
        path = self.work / "runs" / f"{name}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(cfg), encoding="utf-8")
        code, events = self.trainer(name, ["train", "--config", str(path)])
        run = {"name": name, "config": cfg, "exit_code": code, "events": events, "out": out,
               "errors": [{k: e[k] for k in ("kind", "message")} for e in events.of("error")]}
        if not self.cpu:
            run["peak_memory_gib"] = round(self.torch.cuda.max_memory_allocated() / 2**30, 3)
            run["peak_reserved_gib"] = round(self.torch.cuda.max_memory_reserved() / 2**30, 3)
        timings = out / "timings.json"
        run["timings"] = json.loads(timings.read_text(encoding="utf-8")) if timings.is_file() else None
        self.runs[name] = run
        return run

    def discard(self, *runs: dict) -> None:
        """Remove run folders once measured: each holds a saved model (and maybe a checkpoint)."""
        for run in runs:
            shutil.rmtree(run["out"], ignore_errors=True)

    # -- sections -------------------------------------------------------------------------------------------

    def environment(self, entry: dict) -> None:
        import tokenizers
        import transformers

        torch = self.torch
        entry.update(python=platform.python_version(), platform=platform.platform(), cpus=os.cpu_count(),
                     torch=torch.__version__, torch_cuda=torch.version.cuda, transformers=transformers.__version__,
                     tokenizers=tokenizers.__version__, cuda_available=torch.cuda.is_available())
        if self.cpu:
            entry["device"] = {"type": "cpu", "name": platform.processor() or platform.machine(),
                               "threads": self.sizes["threads"]}
            return
        if not torch.cuda.is_available():
            raise RuntimeError("no CUDA device: torch.cuda.is_available() is False "
                               f"(torch {torch.__version__}, built for CUDA {torch.version.cuda}); use --cpu")
        from biorex_trainer.runtime import native_bf16

        p = torch.cuda.get_device_properties(0)
        entry["device"] = {"type": "cuda", "name": p.name, "capability": f"{p.major}.{p.minor}",
                           "memory_gib": round(p.total_memory / 2**30, 1), "multiprocessors": p.multi_processor_count,
                           "count": torch.cuda.device_count(), "bf16_native": native_bf16(),
                           "cudnn": torch.backends.cudnn.version()}
        entry["sdpa_backends_enabled"] = {
            "flash": torch.backends.cuda.flash_sdp_enabled(), "mem_efficient": torch.backends.cuda.mem_efficient_sdp_enabled(),
            "cudnn": getattr(torch.backends.cuda, "cudnn_sdp_enabled", lambda: None)(), "math": torch.backends.cuda.math_sdp_enabled()}

    def setup(self, entry: dict) -> None:
        """Unpack the instance sets; create the model (random weights) from the prepared config."""
        from transformers import BertConfig, BertModel

        info_path = self.prepared / "prepared.json"
        if not info_path.is_file():
            raise FileNotFoundError(f"{info_path} does not exist: run bench/gpu/prepare.sh first (on a machine "
                                    "with Node and the corpora), then carry bench/work/gpu with the working tree")
        info = json.loads(info_path.read_text(encoding="utf-8"))
        self.report.data["prepared"] = {k: info.get(k) for k in ("created", "git_commit", "note", "bytes", "plm")}
        self.report.data["prepared"]["sets"] = {
            name: {"name": s["name"], **{split: f["instances"] for split, f in s["files"].items()}}
            for name, s in info["sets"].items()}
        self.sets = {}
        for name in ("biored", "merged"):
            dest = self.work / "sets" / name
            dest.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(self.prepared / name / "manifest.json", dest / "manifest.json")
            for gz in sorted((self.prepared / name).glob("*.jsonl.gz")):
                with gzip.open(gz, "rb") as src, open(dest / gz.name[:-3], "wb") as fh:
                    shutil.copyfileobj(src, fh, 1 << 20)
            self.sets[name] = dest

        config = BertConfig.from_pretrained(self.prepared / "plm")
        if self.cpu:
            for key, value in self.sizes["tiny"].items():
                setattr(config, key, value)
        self.torch.manual_seed(0)
        t0 = time.perf_counter()
        encoder = BertModel(config)
        self.plm = self.work / "plm"
        encoder.save_pretrained(self.plm)
        for f in (self.prepared / "plm").iterdir():
            if f.name != "config.json":
                shutil.copyfile(f, self.plm / f.name)
        layers = sum(p.numel() for p in encoder.encoder.parameters() if p.ndim == 2)  # the weight matrices
        self.shape = {"hidden": config.hidden_size, "layers": config.num_hidden_layers,
                      "heads": config.num_attention_heads, "intermediate": config.intermediate_size,
                      "vocab": config.vocab_size, "layer_parameters": layers}
        self.report.data["model"] = {
            **self.shape, "parameters": sum(p.numel() for p in encoder.parameters()),
            "weights": "random (seed 0), created by this check", "attn_implementation": encoder.config._attn_implementation,
            "flops_per_token": "6 × layer_parameters (the weight matrices of the transformer layers) + 12 × "
                               "layers × hidden × attended length (training; forward only: a third); embeddings, "
                               "biases, LayerNorm and the [CLS] head not counted"}
        entry["model_seconds"] = round(time.perf_counter() - t0, 2)
        del encoder

    def data(self, entry: dict) -> None:
        """The random training sample every training section uses, and BioRED test, encoded as the trainer
        encodes them (token lengths for the token and FLOP counts)."""
        from biorex_trainer.data import Tags, encode_texts, load_manifest, read_instances
        from biorex_trainer.model import load_tokenizer_and_encoder

        manifest = load_manifest(self.sets["merged"] / "manifest.json")
        tokenizer, self.encoder = load_tokenizer_and_encoder(str(self.plm), manifest.special_tokens)
        self.manifest, self.tokenizer, self.tags = manifest, tokenizer, Tags.of(tokenizer, manifest.special_tokens)
        lines = (self.sets["merged"] / "train.jsonl").read_text(encoding="utf-8").splitlines()
        self.n_train = n = len(lines)
        k = min(self.sizes["sample"], n)
        self.sample_index = sorted(random.Random(0).sample(range(n), k))
        self.sample_file = self.work / "sample-train.jsonl"
        self.sample_file.write_text("\n".join(lines[i] for i in self.sample_index) + "\n", encoding="utf-8")
        sample = read_instances([self.sample_file], manifest.labels)
        self.sample_lengths = [len(x) for x in encode_texts(tokenizer, [x.text for x in sample], 512, self.tags)]
        entry["sample"] = {"instances": k, "of": n, "seed": 0, **length_stats(self.sample_lengths)}
        test = read_instances([self.sets["biored"] / "test.jsonl"], None, need_label=False)
        self.test_lengths = [len(x) for x in encode_texts(tokenizer, [x.text for x in test], 512, self.tags)]
        entry["biored_test"] = {"instances": len(test), **length_stats(self.test_lengths)}

    def data_full(self, entry: dict) -> None:
        """The whole merged training set encoded: its token statistics and the full epoch's batches (for
        the projections). Without it (a slow CPU, a time-out) the projections go by steps alone."""
        from biorex_trainer.data import encode_texts, length_grouped_batches, read_instances, shuffled_batches

        instances = read_instances([self.sets["merged"] / "train.jsonl"], self.manifest.labels)
        t0 = time.perf_counter()
        lengths = [len(x) for x in encode_texts(self.tokenizer, [x.text for x in instances], 512, self.tags)]
        entry["tokenize_seconds"] = round(time.perf_counter() - t0, 2)
        if [lengths[i] for i in self.sample_index] != self.sample_lengths:
            raise RuntimeError("the sample's token lengths differ from the same instances in the whole set")
        n = len(lengths)
        grouped = length_grouped_batches(lengths, BATCH, SEED, 0)
        fixed = shuffled_batches(n, BATCH, SEED, 0)
        entry["merged_train"] = {
            "instances": n, "steps_per_epoch": len(grouped), **length_stats(lengths),
            "tokens_real": sum(lengths), "tokens_grouped": padded_tokens(grouped, lengths),
            "tokens_fixed_512": padded_tokens(fixed, lengths, 512),
            "padding_waste_grouped": round(1 - sum(lengths) / padded_tokens(grouped, lengths), 4),
            "padding_waste_fixed_512": round(1 - sum(lengths) / padded_tokens(fixed, lengths, 512), 4)}
        self.full_lengths, self.full = lengths, {"grouped": grouped, "max_length": fixed}

    def throughput(self, entry: dict, padding: str, precision: str) -> None:
        """Train on the sample for `epochs` epochs: epoch 1 warms up, the rest is measured."""
        name = f"train-{precision}-{'grouped' if padding == 'grouped' else 'fixed-512'}"
        run = self.train_run(name, self.sample_file, padding=padding, precision=precision)
        entry.update(exit_code=run["exit_code"], errors=run["errors"])
        for key in ("peak_memory_gib", "peak_reserved_gib"):
            if key in run:
                entry[key] = run[key]
        start = run["events"].of("start")
        if start:
            entry.update(device=start[0]["device"], device_name=start[0]["device_name"], precision=start[0]["precision"])
        progress = run["events"].of("progress")
        entry["losses"] = [(p["step"], p["loss"]) for p in progress]
        window = measured_window(progress)
        if window is None:
            why = f"too few progress events to measure ({len(progress)}; exit {run['exit_code']}, {run['errors']})"
            if run["exit_code"] != 143:
                raise RuntimeError(why)
            entry.update(status="timed_out", error=f"stopped by its time box: {why}")
            self.discard(run)
            return
        (first_step, t_first), (last_step, t_last) = window
        batches = step_batches(self.sample_lengths, BATCH, padding, first_step, last_step)
        lengths = self.sample_lengths
        width = 512 if padding == "max_length" else None
        seconds = t_last - t_first
        n_inst = sum(len(b) for b in batches)
        real = sum(lengths[i] for b in batches for i in b)
        padded = padded_tokens(batches, lengths, width)
        flops = training_flops(batches, lengths, self.shape, width)
        steps = last_step - first_step
        full_steps = math.ceil(self.n_train / BATCH)
        by_steps = seconds / steps * full_steps
        full_epoch = {"instances": self.n_train, "steps": full_steps, "projected_s": round(by_steps, 1),
                      "projected_minutes": round(by_steps / 60, 2)}
        if self.full is not None:  # the whole set's tokens are known
            full_flops = training_flops(self.full[padding], self.full_lengths, self.shape, width)
            full_epoch.update(projected_s_by_tokens=round(seconds / padded * padded_tokens(
                self.full[padding], self.full_lengths, width), 1), model_flops=flops_str(full_flops["model"]),
                padded_flops=flops_str(full_flops["padded"]))
        entry.update(
            measured={"steps": steps, "from_step": first_step, "to_step": last_step, "seconds": round(seconds, 3),
                      "instances": n_inst, "tokens_real": real, "tokens_padded": padded,
                      "warm_up": "epoch 1 (not measured)" if first_step > 0 else "the first progress window (not measured)"},
            instances_per_s=round(n_inst / seconds, 2), seconds_per_step=round(seconds / steps, 5),
            tokens_per_s=round(real / seconds), padded_tokens_per_s=round(padded / seconds),
            achieved_tflops=round(flops["model"] / seconds / 1e12, 2),
            achieved_padded_tflops=round(flops["padded"] / seconds / 1e12, 2), full_epoch=full_epoch)
        peak = self.peak(entry.get("precision", precision))
        if peak:
            entry["mfu"] = round(flops["model"] / seconds / 1e12 / peak["tflops"], 4)
            entry["padded_flops_utilisation"] = round(flops["padded"] / seconds / 1e12 / peak["tflops"], 4)
            entry["peak_tflops"] = peak
        if run["exit_code"] != 0:
            entry["status"] = "partial" if run["exit_code"] == 143 else "error"
        if self.model_dir is None and (run["out"] / "model" / "label_map.json").is_file():
            self.model_dir = run["out"] / "model"  # kept for the predict section
        else:
            self.discard(run)

    def compare_precisions(self, entry: dict, padding: str) -> None:
        """bf16 vs fp32 (TF32 matmuls on CUDA) on the same batches: speed, and how far the losses drift."""
        key = "grouped" if padding == "grouped" else "fixed_512"
        bf16, fp32 = (self.sections.get(f"train_{p}_{key}", {}) for p in ("bf16", "fp32"))
        if "instances_per_s" in bf16 and "instances_per_s" in fp32:
            entry[f"bf16_speedup_{key}"] = round(bf16["instances_per_s"] / fp32["instances_per_s"], 2)
            pairs = dict(fp32.get("losses", []))
            diffs = [abs(loss - pairs[s]) for s, loss in bf16.get("losses", []) if s in pairs]
            if diffs:
                entry[f"loss_max_abs_diff_{key}"] = round(max(diffs), 5)

    def predict(self, entry: dict) -> None:
        """`predict` on BioRED test with a trained model (bf16 twice: cold, then warm; fp32 once)."""
        test, lengths = self.sets["biored"] / "test.jsonl", self.test_lengths
        if self.sizes.get("predict_sample") and len(lengths) > self.sizes["predict_sample"]:  # CPU: a random sample
            lines = test.read_text(encoding="utf-8").splitlines()
            keep = sorted(random.Random(0).sample(range(len(lines)), self.sizes["predict_sample"]))
            test = self.work / "test-sample.jsonl"
            test.write_text("\n".join(lines[i] for i in keep) + "\n", encoding="utf-8")
            lengths = [lengths[i] for i in keep]
        if self.model_dir is None:
            self.model_dir = self.untrained_model()
            entry["model"] = "untrained (no training section produced a model)"
        entry["runs"] = runs = []  # filled as the runs finish: a time-out keeps the finished ones
        variants = [("bf16", "cold"), ("bf16", "warm"), ("fp32", "warm")] if not self.cpu else [
            ("fp32", "cold"), ("fp32", "warm"), ("bf16", "warm")]
        flops = inference_flops(lengths, self.shape)
        for precision, label in variants:
            argv = ["predict", "--model", str(self.model_dir), "--in", str(test), "--out",
                    str(self.work / f"predict-{precision}-{label}.jsonl"), "--device", self.device,
                    "--precision", precision, "--batch-size", "64"]
            if self.cpu:
                argv += ["--threads", str(self.sizes["threads"])]
            code, events = self.trainer(f"predict-{precision}-{label}", argv)
            done = events.of("done")
            run = {"precision": precision, "run": label, "exit_code": code}
            if done:
                d = done[0]
                run.update(instances=d["instances"], seconds=d["seconds"], seconds_per_1000=d["seconds_per_1000"],
                           encode_seconds=d["encode_seconds"],
                           encode_seconds_per_1000=round(1000 * d["encode_seconds"] / d["instances"], 3),
                           achieved_tflops=round(flops / max(d["seconds"], 1e-9) / 1e12, 2))
                peak = self.peak(precision)
                if peak:
                    run["mfu"] = round(flops / max(d["seconds"], 1e-9) / 1e12 / peak["tflops"], 4)
            else:
                run["errors"] = [{k: e.get(k) for k in ("kind", "message")} for e in events.of("error")]
            if not self.cpu:
                run["peak_memory_gib"] = round(self.torch.cuda.max_memory_allocated() / 2**30, 3)
            runs.append(run)
            self.report.save()
        entry["batch_size"] = 64
        entry["model_flops"] = flops_str(flops)
        best = [r for r in runs if r.get("precision") == ("fp32" if self.cpu else "bf16") and "seconds_per_1000" in r]
        if best:
            entry["seconds_per_1000"] = min(r["seconds_per_1000"] for r in best)
        if any(r["exit_code"] != 0 for r in runs):
            entry["status"] = "error"

    def oom(self, entry: dict) -> None:
        """A micro-batch too large for the memory: the trainer must emit `oom`, halve it until it fits and
        finish with the same effective batch. Then the same steps with the final micro-batch and gradient
        accumulation from the start: the loss curves must agree (same instances per step, same chunks)."""
        torch = self.torch
        s = self.sizes
        big = s["oom_batch"]
        # Dropout off (a PLM copy whose config says so): the failed attempts consume random numbers, which
        # would otherwise make the two curves differ by dropout noise.
        plm = self.work / "plm-no-dropout"
        if not plm.exists():
            plm.mkdir()
            for f in self.plm.iterdir():
                if f.name != "config.json":
                    os.symlink(f, plm / f.name)
            config = json.loads((self.plm / "config.json").read_text(encoding="utf-8"))
            config.update(hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0)
            (plm / "config.json").write_text(json.dumps(config), encoding="utf-8")
        common = {"padding": "max_length", "epochs": 1, "max_steps": s["oom_steps"], "log_every": 1, "dropout": 0.0,
                  "precision": "bf16" if not self.cpu else "fp32"}
        if self.cpu:
            entry["simulated"] = f"CPU: RelationClassifier.loss_sum raises torch.OutOfMemoryError above {s['oom_rows']} rows"
            restore = simulate_oom(s["oom_rows"])
        else:
            total = torch.cuda.get_device_properties(0).total_memory
            fraction = min(1.0, s["oom_memory_gib"] * 2**30 / total)
            torch.cuda.empty_cache()
            torch.cuda.set_per_process_memory_fraction(fraction)
            entry["memory_cap_gib"] = round(fraction * total / 2**30, 2)
            restore = lambda: torch.cuda.set_per_process_memory_fraction(1.0)  # noqa: E731
        try:
            run = self.train_run("oom", self.sample_file, plm=plm, batch_size=big, **common)
        finally:
            restore()
        ooms = [{k: e[k] for k in ("micro_batch", "grad_accum", "effective_batch")} for e in run["events"].of("oom")]
        progress = run["events"].of("progress")
        entry.update(batch_size=big, exit_code=run["exit_code"], errors=run["errors"], oom_events=ooms,
                     steps=progress[-1]["step"] if progress else 0)
        if "peak_memory_gib" in run:
            entry["peak_memory_gib"] = run["peak_memory_gib"]
        instances = sum(e["instances"] for e in run["timings"]["epochs"]) if run["timings"] else None
        halving = all(b["micro_batch"] == math.ceil(a["micro_batch"] / 2) for a, b in zip(
            [{"micro_batch": big}] + ooms, ooms))
        entry["checks"] = {
            "oom_event": bool(ooms), "halved_each_time": bool(ooms) and halving,
            "same_effective_batch": bool(ooms) and all(o["effective_batch"] == big and
                                                       o["micro_batch"] * o["grad_accum"] >= big for o in ooms),
            "finished": run["exit_code"] == 0 and entry["steps"] == s["oom_steps"],
            "instances_per_step": instances / entry["steps"] if instances and entry["steps"] else None}
        if ooms:  # the reference: the final micro-batch with accumulation, no OOM
            micro = ooms[-1]["micro_batch"]
            ref = self.train_run("oom-reference", self.sample_file, plm=plm, batch_size=micro,
                                 grad_accum=big // micro, **common)
            a = dict((p["step"], p["loss"]) for p in progress)
            b = dict((p["step"], p["loss"]) for p in ref["events"].of("progress"))
            diffs = [abs(a[k] - b[k]) for k in a if k in b]
            entry["reference"] = {"micro_batch": micro, "grad_accum": big // micro, "exit_code": ref["exit_code"],
                                  "oom_events": len(ref["events"].of("oom")), "losses": sorted(b.items()),
                                  "loss_max_abs_diff": round(max(diffs), 6) if diffs else None}
            entry["losses"] = sorted(a.items())
            entry["checks"]["same_loss_as_reference"] = bool(diffs) and len(diffs) == s["oom_steps"] and \
                max(diffs) <= s["oom_tolerance"]
            entry["tolerance"] = s["oom_tolerance"]
        self.discard(run, *([ref] if ooms else []))
        if not all(v for k, v in entry["checks"].items() if k != "instances_per_step"):
            entry["status"] = "failed"

    def resume(self, entry: dict) -> None:
        """Stop after N steps (the trainer's stop_after_steps = SIGTERM), resume, compare with one
        uninterrupted run step by step."""
        s = self.sizes
        common = {"epochs": s["epochs"], "max_steps": s["resume_steps"], "log_every": 1, "save_checkpoints": True,
                  "precision": "bf16" if not self.cpu else "fp32"}
        full = self.train_run("resume-uninterrupted", self.sample_file, **common)
        stopped = self.train_run("resume-stopped", self.sample_file, stop_after_steps=s["resume_stop"], **common)
        cfg = dict(stopped["config"], resume=True)
        cfg.pop("stop_after_steps")
        path = self.work / "runs" / "resume-resumed.json"
        path.write_text(json.dumps(cfg), encoding="utf-8")
        code, events = self.trainer("resume-resumed", ["train", "--config", str(path)])
        loss = lambda evs: {p["step"]: p["loss"] for p in evs.of("progress")}  # noqa: E731
        a, b, c = loss(full["events"]), loss(stopped["events"]), loss(events)
        before = [abs(a[k] - b[k]) for k in b if k in a]
        after = [abs(a[k] - c[k]) for k in c if k in a]
        start = events.of("start")
        entry.update(
            steps=s["resume_steps"], stopped_after=s["resume_stop"],
            exit_codes={"uninterrupted": full["exit_code"], "stopped": stopped["exit_code"], "resumed": code},
            checkpoint_reasons=[e["reason"] for e in stopped["events"].of("checkpoint")],
            resumed_from=start[0]["resumed_from"] if start else None,
            resumed_steps=sorted(c), loss_max_abs_diff_before_stop=round(max(before), 6) if before else None,
            loss_max_abs_diff_after_resume=round(max(after), 6) if after else None,
            loss_abs_diff_first_resumed_step=round(after[0], 6) if after else None,
            tolerance=s["resume_tolerance"], losses={"uninterrupted": sorted(a.items()), "resumed": sorted(c.items())})
        entry["checks"] = {
            "stopped_with_143": stopped["exit_code"] == 143, "signal_checkpoint": "signal" in entry["checkpoint_reasons"],
            "resumed_at_the_stop": bool(c) and min(c) == s["resume_stop"] + 1 and code == 0,
            "same_loss_curve": bool(after) and len(after) == s["resume_steps"] - s["resume_stop"] and
            max(after) <= s["resume_tolerance"]}
        self.discard(full, stopped)
        if not all(entry["checks"].values()):
            entry["status"] = "failed"

    def sdpa(self, entry: dict) -> None:
        """Which scaled-dot-product-attention kernel the encoder's attention runs (profiler op names), for
        a length-grouped batch (padding inside), a batch with no padding, and a fixed-512 batch."""
        import torch
        from torch.profiler import ProfilerActivity, profile

        from biorex_trainer.data import collate
        from biorex_trainer.model import RelationClassifier
        from biorex_trainer.runtime import make_runtime

        model = RelationClassifier(self.encoder, {"default": self.manifest.labels}, 0.1).to(self.device)
        model.train()
        lengths = self.sample_lengths
        order = sorted(range(len(lengths)), key=lambda i: lengths[i])
        mid = order[len(order) // 2: len(order) // 2 + BATCH]
        ids = [list(range(5, 5 + lengths[i])) for i in range(len(lengths))]  # token values do not matter here
        cases = {"grouped (padding inside)": collate([ids[i] for i in mid], 0),
                 "no padding": collate([ids[i][:lengths[mid[0]]] for i in mid], 0),
                 "fixed 512": collate([ids[i] for i in mid], 0, 512)}
        activities = [ProfilerActivity.CPU] + ([ProfilerActivity.CUDA] if not self.cpu else [])
        results = {}
        for precision in ("fp32",) if self.cpu else ("bf16", "fp32"):  # CPU autocast is not the GPU path
            rt = make_runtime(self.device, precision, self.sizes.get("threads"))
            for case, batch in cases.items():
                batch = rt.to_device(batch)
                targets = torch.zeros(batch["input_ids"].shape[0], dtype=torch.long, device=self.device)
                for _ in range(2):  # the first pass warms up; the second is profiled
                    with profile(activities=activities) as prof:
                        with rt.autocast():
                            loss = model.loss_sum(batch["input_ids"], batch["attention_mask"],
                                                  ["default"] * len(targets), targets)
                        loss.backward()
                        if not self.cpu:
                            torch.cuda.synchronize()
                    model.zero_grad(set_to_none=True)
                results[f"{precision} / {case}"] = sdpa_summary(prof, self.cpu)
        entry["cases"] = results
        entry["attn_implementation"] = self.encoder.config._attn_implementation
        if not self.cpu:  # can the flash kernel run on these inputs at all? (it takes no padding mask)
            from torch.nn.attention import SDPBackend, sdpa_kernel

            rt = make_runtime(self.device, "bf16", None)
            for label, backend in (("flash_only", SDPBackend.FLASH_ATTENTION),
                                   ("efficient_only", SDPBackend.EFFICIENT_ATTENTION)):
                for case in ("grouped (padding inside)", "no padding"):
                    batch = rt.to_device(cases[case])
                    try:
                        with torch.no_grad(), rt.autocast(), sdpa_kernel([backend]):
                            model.cls(batch["input_ids"], batch["attention_mask"])
                        entry.setdefault(label, {})[case] = "runs"
                    except RuntimeError as e:
                        entry.setdefault(label, {})[case] = f"refused: {str(e).splitlines()[0][:200]}"
        del model
        self.encoder = None

    def syncs(self, entry: dict) -> None:
        """Host-device synchronisations in the training loop: torch's sync debug mode warns at each one;
        the warnings are counted by trainer source line over a short run."""
        torch = self.torch
        steps = self.sizes["sync_steps"]
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            torch.cuda.set_sync_debug_mode("warn")
            try:
                run = self.train_run("syncs", self.sample_file, epochs=1, max_steps=steps, log_every=steps,
                                     precision="bf16")
            finally:
                torch.cuda.set_sync_debug_mode(0)
        self.discard(run)
        sites: dict[str, int] = {}
        for w in caught:
            if "synchroniz" in str(w.message).lower():
                where = "/".join(Path(w.filename).parts[-2:]) + f":{w.lineno}"
                sites[where] = sites.get(where, 0) + 1
        entry.update(steps=steps, exit_code=run["exit_code"], sync_sites=dict(sorted(sites.items(), key=lambda kv: -kv[1])),
                     every_step=sorted(k for k, v in sites.items() if v >= steps),
                     note="source lines (package/file:line) where torch warned of a synchronising call during "
                          "a run of `steps` steps; a line counted at least once per step is a sync in the hot "
                          "loop (loading and saving the model sync too, once)")

    def peak(self, precision: str) -> dict | None:
        if self.args.peak_tflops:
            return {"tflops": self.args.peak_tflops, "source": "--peak-tflops"}
        return None if self.cpu else peak_for(self.torch.cuda.get_device_name(0), precision)

    def summary(self) -> dict:
        sec = self.sections
        prec = "fp32" if self.cpu else "bf16"  # each device's default precision
        g = sec.get(f"train_{prec}_grouped", {})
        f = sec.get(f"train_{prec}_fixed_512", {})
        out: dict[str, Any] = {"precision": prec}
        if "full_epoch" in g:
            minutes = g["full_epoch"]["projected_minutes"]
            out.update(epoch_minutes_grouped=minutes, epoch_minutes_fixed_512=f.get("full_epoch", {}).get("projected_minutes"),
                       speedup_grouped_vs_fixed_512=round(g["instances_per_s"] / f["instances_per_s"], 2)
                       if "instances_per_s" in f else None,
                       vs_paper_epoch=round(PAPER["epoch_minutes"] / minutes, 1) if minutes else None,
                       meets_epoch_target=minutes <= TARGETS["epoch_minutes"], mfu_grouped=g.get("mfu"),
                       mfu_fixed_512=f.get("mfu"), instances_per_s_grouped=g["instances_per_s"],
                       tokens_per_s_grouped=g["tokens_per_s"], peak_memory_gib_grouped=g.get("peak_memory_gib"),
                       peak_memory_gib_fixed_512=f.get("peak_memory_gib"))
        p = sec.get("predict", {})
        if "seconds_per_1000" in p:
            out.update(predict_seconds_per_1000=p["seconds_per_1000"],
                       vs_paper_predict=round(PAPER["predict_seconds_per_1000_gpu"] / p["seconds_per_1000"], 1),
                       meets_predict_target=p["seconds_per_1000"] <= TARGETS["predict_seconds_per_1000"])
        out["bf16_vs_fp32"] = sec.get("precision_comparison")
        out["oom_backoff_ok"] = sec.get("oom", {}).get("status") == "ok" if "oom" in sec else None
        out["resume_ok"] = sec.get("resume", {}).get("status") == "ok" if "resume" in sec else None
        out["sections"] = {k: v.get("status") for k, v in sec.items() if k != "precision_comparison"}
        if self.cpu:  # the targets are for a PubMedBERT-size model on a GPU: not comparable
            out.update({k: None for k in out if k.startswith(("meets_", "vs_paper_"))})
            out["note"] = "CPU run with a tiny model: checks that the script works, not GPU speed"
        return out

    def run(self) -> int:
        signal.signal(signal.SIGTERM, self.clock.on_sigterm)
        self.report.save()
        plan: list[tuple[str, str, Callable[[dict], None], tuple[str, ...]]] = [
            ("environment", "setup", self.environment, ()),
            ("setup", "setup", self.setup, ("environment",)),
            ("data", "data", self.data, ("setup",)),
            ("data_full", "data", self.data_full, ("data",)),
            ("train_bf16_grouped", "train", lambda e: self.throughput(e, "grouped", "bf16"), ("data",)),
            ("train_bf16_fixed_512", "train", lambda e: self.throughput(e, "max_length", "bf16"), ("data",)),
            ("predict", "predict", self.predict, ("data",)),
            ("oom", "oom", self.oom, ("data",)),
            ("resume", "resume", self.resume, ("data",)),
            ("train_fp32_grouped", "train", lambda e: self.throughput(e, "grouped", "fp32"), ("data",)),
            ("train_fp32_fixed_512", "train", lambda e: self.throughput(e, "max_length", "fp32"), ("data",)),
            ("sdpa", "sdpa", self.sdpa, ("data",)),
        ]
        for name, box, fn, needs in plan:
            self.section(name, box, fn, needs)
        comparison = {}
        for padding in ("grouped", "max_length"):
            self.compare_precisions(comparison, padding)
        self.sections["precision_comparison"] = comparison
        if not self.cpu:
            self.section("syncs", "syncs", self.syncs, ("data",))
        else:
            self.sections["syncs"] = {"status": "skipped", "why": "CUDA only (torch.cuda.set_sync_debug_mode)"}
        data = self.report.data
        data["summary"] = self.summary()
        bad = [k for k, v in self.sections.items() if v.get("status") not in ("ok", None, "skipped")
               or (v.get("status") == "skipped" and "CUDA only" not in v.get("why", ""))]
        data["status"] = "complete" if not bad else "incomplete"
        data["not_ok"] = bad
        data["finished"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        data["wall_s"] = round(time.monotonic() - self.clock.t0, 1)
        self.report.save()
        if not self.args.keep_work:
            shutil.rmtree(self.work, ignore_errors=True)
        return 0 if not bad else 1

    def untrained_model(self) -> Path:
        """A model/ folder for `predict` when no training section produced one (speed does not depend on
        the weights)."""
        from biorex_trainer.model import RelationClassifier, load_tokenizer_and_encoder, save_model

        tokenizer, encoder = load_tokenizer_and_encoder(str(self.plm), self.manifest.special_tokens)
        model = RelationClassifier(encoder, {"default": self.manifest.labels}, 0.1)
        out = self.work / "untrained-model"
        save_model(model, tokenizer, out, {"mode": "single", "plm": str(self.plm), "max_length": 512,
                                           "special_tokens": self.manifest.special_tokens,
                                           "negative_labels": self.manifest.negative_labels,
                                           "labels": self.manifest.labels,
                                           **({"prompt": self.manifest.prompt} if self.manifest.prompt is not None else {})})
        return out


# ---------------------------------------------------------------------------------------------------------
# Arithmetic (kept apart from the runs: the test checks it by hand)

def length_stats(lengths: list[int]) -> dict:
    s = sorted(lengths)
    return {"mean_tokens": round(statistics.mean(s), 1), "median_tokens": statistics.median(s),
            "p90_tokens": s[min(len(s) - 1, int(0.9 * len(s)))], "max_tokens": s[-1],
            "share_at_512": round(sum(x >= 512 for x in s) / len(s), 4)}


def padded_tokens(batches: list[list[int]], lengths: list[int], width: int | None = None) -> int:
    """Tokens the model computes: each batch is padded to its longest member (or to `width`)."""
    return sum(len(b) * (width or max(lengths[i] for i in b)) for b in batches)


def training_flops(batches: list[list[int]], lengths: list[int], shape: dict, width: int | None = None) -> dict:
    """Training FLOPs (forward + backward = 3 × forward) of the encoder layers.

    Per sequence of length L: 6·P·L (P = weights of the layers' matrices: each is one multiply-add per
    token forward, two backward) + 12·layers·hidden·L² (QKᵀ and AV). `model` counts each instance at its
    own length (useful work); `padded` at the width its batch is padded to (what the GPU computes)."""
    p, attn = shape["layer_parameters"], shape["layers"] * shape["hidden"]
    model = sum(6 * p * lengths[i] + 12 * attn * lengths[i] ** 2 for b in batches for i in b)
    padded = 0
    for b in batches:
        w = width or max(lengths[i] for i in b)
        padded += len(b) * (6 * p * w + 12 * attn * w * w)
    return {"model": model, "padded": padded}


def inference_flops(lengths: list[int], shape: dict) -> int:
    """Forward only: a third of the training FLOPs, each instance at its own length."""
    return sum(2 * shape["layer_parameters"] * n + 4 * shape["layers"] * shape["hidden"] * n * n for n in lengths)


def peak_for(device_name: str, precision: str) -> dict | None:
    """The datasheet peak for the tensor-core kind a precision runs on (fp32 → TF32), or None if unknown."""
    key = {"bf16": "bf16", "fp16": "fp16", "fp32": "tf32"}[precision]
    for pattern, peaks in PEAK_TFLOPS:
        if re.search(pattern, device_name):
            value = peaks.get(key) or (peaks.get("bf16") if key == "fp16" else None)
            return {"tflops": value, "kind": key, "device": device_name,
                    "source": "NVIDIA datasheet, dense (no sparsity)"} if value else None
    return None


def flops_str(x: float) -> str:
    return f"{x:.3e}"


def step_batches(lengths: list[int], batch_size: int, padding: str, first_step: int, last_step: int) -> list[list[int]]:
    """The batches of optimizer steps first_step+1 … last_step as the trainer draws them (single mode,
    grad_accum 1: one batch per step; the order depends only on seed and epoch)."""
    from biorex_trainer.data import length_grouped_batches, shuffled_batches

    out, per_epoch, epoch = [], math.ceil(len(lengths) / batch_size), 0
    while epoch * per_epoch < last_step:
        if padding == "grouped":
            batches = length_grouped_batches(lengths, batch_size, SEED, epoch)
        else:
            batches = shuffled_batches(len(lengths), batch_size, SEED, epoch)
        out += [b for k, b in enumerate(batches) if first_step < epoch * per_epoch + k + 1 <= last_step]
        epoch += 1
    return out


def measured_window(progress: list[dict]) -> tuple[tuple[int, float], tuple[int, float]] | None:
    """(step, elapsed) at the start and end of the measured stretch: from the last progress event of
    epoch 1 (warm-up) to the last event; with only one epoch logged, from its first event on."""
    if len(progress) < 2:
        return None
    first_epoch = [p for p in progress if p["epoch"] == progress[0]["epoch"]]
    later = [p for p in progress if p["epoch"] != progress[0]["epoch"]]
    start = first_epoch[-1] if later else progress[0]
    end = progress[-1]
    if end["step"] <= start["step"] or end["elapsed_s"] <= start["elapsed_s"]:
        return None
    return (start["step"], start["elapsed_s"]), (end["step"], end["elapsed_s"])


def sdpa_summary(prof, cpu: bool) -> dict:
    ops, kernels, attn_time, total_time = set(), {}, 0.0, 0.0
    for e in prof.key_averages():
        key = e.key
        if "scaled_dot_product" in key or "attention" in key.lower() and key.startswith("aten::"):
            ops.add(key)
        if not cpu:
            t = getattr(e, "self_device_time_total", None) or getattr(e, "self_cuda_time_total", 0) or 0
            if not key.startswith("aten::") and t:
                total_time += t
                if re.search(r"flash|fmha|attention|attn|cudnn_sdpa|sdpa", key, re.I):
                    attn_time += t
                    kernels[key[:120]] = round(t / 1000, 3)
    used = [name for name, pattern in (("flash", "flash_attention"), ("efficient", "efficient_attention"),
                                       ("cudnn", "cudnn_attention"), ("math", "attention_math")) if any(pattern in o for o in ops)]
    out = {"kernels_used": used, "ops": sorted(ops)}
    if not cpu:
        out["attention_kernels_ms"] = dict(sorted(kernels.items(), key=lambda kv: -kv[1])[:6])
        out["attention_share_of_gpu_time"] = round(attn_time / total_time, 3) if total_time else None
    return out


def simulate_oom(max_rows: int) -> Callable[[], None]:
    """CPU stand-in for a GPU out of memory: micro-batches above `max_rows` rows raise torch.OutOfMemoryError
    where the model would allocate. Returns the function that undoes it."""
    import torch

    from biorex_trainer.model import RelationClassifier

    real = RelationClassifier.loss_sum

    def limited(self, input_ids, *args):
        if input_ids.shape[0] > max_rows:
            raise torch.OutOfMemoryError(f"simulated: a micro-batch of {input_ids.shape[0]} rows > {max_rows}")
        return real(self, input_ids, *args)

    RelationClassifier.loss_sum = limited
    return lambda: setattr(RelationClassifier, "loss_sum", real)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, help="folder for gpu-check.json and the runs' event logs")
    parser.add_argument("--prepared", default=str(DEFAULT_PREPARED), help="what prepare.sh wrote (default: %(default)s)")
    parser.add_argument("--cpu", action="store_true", help="run on the CPU with a tiny model (the CI check)")
    parser.add_argument("--budget", type=float, default=None, help="seconds for all sections (GPU 480, CPU 150)")
    parser.add_argument("--peak-tflops", type=float, default=None, help="peak TFLOP/s for MFU (default: datasheet table)")
    parser.add_argument("--work", default=None, help="scratch folder (default: a new temp folder, removed at the end)")
    parser.add_argument("--keep-work", action="store_true", help="keep the scratch folder (models, checkpoints)")
    args = parser.parse_args(argv)
    if args.budget is None:
        args.budget = 150.0 if args.cpu else 480.0
    from biorex_trainer.events import setup_logging

    setup_logging("WARNING")
    check = Check(args)
    code = check.run()
    summary = check.report.data["summary"]
    log(f"wrote {check.report.path} (status {check.report.data['status']})")
    print(json.dumps(summary, indent=2, default=_json_default))
    return code


if __name__ == "__main__":
    sys.exit(main())
