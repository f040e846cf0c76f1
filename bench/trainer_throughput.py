"""Training throughput of the trainer: length-grouped dynamic batches vs fixed 512 padding (docs/trainer.md).

Same tiny BERT, same sampled training instances, one training epoch per variant, each variant in its
own `python -m biorex_trainer train` process (as the orchestrator runs it), on BioRED instances and on
the merged BioREx training set. Also measured: random batches with per-batch padding (how much of the
gain is grouping), tcmalloc on/off, and bf16 autocast on CPU (a few steps).

    .venv/bin/python bench/trainer_throughput.py [--biored DIR] [--merged DIR] [--root DATA_ROOT]

DIR = an instance set folder (manifest.json + train.jsonl). Without --biored / --merged the sets are
built with `node bin/biorex.js data build` into bench/work/trainer/. Writes
bench/results/trainer-throughput.json and prints a summary.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "work" / "trainer"
RESULT = ROOT / "bench" / "results" / "trainer-throughput.json"
TCMALLOC = "/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4"
PYTHON = sys.executable


def log(*args) -> None:
    print(*args, file=sys.stderr, flush=True)


def build_set(args_dir: str | None, name: str, build_args: list[str], data_root: str) -> tuple[Path | None, str]:
    """An instance set folder, given or built with the CLI; (None, why) when neither is possible."""
    if args_dir:
        return Path(args_dir), "given"
    out = WORK / name
    cmd = ["node", "bin/biorex.js", "data", "build", *build_args, "--root", data_root, "--out", str(out)]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if proc.returncode != 0:
        return None, f"`{' '.join(cmd)}` failed: {(proc.stderr or proc.stdout).strip().splitlines()[-1:]}"
    if name == "merged":
        out = out / "biorex"
    return out, "built with " + " ".join(cmd[2:])


def sample(set_dir: Path, n: int, seed: int, dest: Path) -> Path:
    lines = (set_dir / "train.jsonl").read_text(encoding="utf-8").splitlines()
    random.Random(seed).shuffle(lines)
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text("\n".join(lines[:n]) + "\n", encoding="utf-8")
    return dest


def run_variant(name: str, plm: Path, set_dir: Path, train_file: Path, out: Path, tcmalloc: bool, **overrides) -> dict:
    cfg = {"mode": "single", "plm": str(plm), "manifest": str(set_dir / "manifest.json"),
           "files": {"train": str(train_file)}, "out": str(out), "epochs": 1, "batch_size": 16, "lr": 5e-5,
           "max_length": 512, "seed": 42, "save_checkpoints": False, "log_every": 5, "threads": 1, **overrides}
    out.mkdir(parents=True, exist_ok=True)
    path = out.with_suffix(".json")
    path.write_text(json.dumps(cfg), encoding="utf-8")
    env = dict(os.environ)
    env.pop("LD_PRELOAD", None)
    if tcmalloc:
        env["LD_PRELOAD"] = TCMALLOC
    t0 = time.perf_counter()
    proc = subprocess.run([PYTHON, "-m", "biorex_trainer", "train", "--config", str(path)], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    wall = time.perf_counter() - t0
    events = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0:
        raise RuntimeError(f"{name}: exit {proc.returncode}: {events[-1:]} {proc.stderr[-1500:]}")
    timings = json.loads((out / "timings.json").read_text())
    start = next(e for e in events if e["event"] == "start")
    result = {"variant": name, "padding": cfg.get("padding", "grouped"), "precision": timings["precision"],
              "threads": timings["threads"],
              "tcmalloc": start["tcmalloc"], "steps": sum(1 for _ in events if _["event"] == "progress"),
              "instances": sum(e["instances"] for e in timings["epochs"]), "train_seconds": timings["train_seconds"],
              "instances_per_s": timings["train_instances_per_s"], "process_wall_s": round(wall, 1),
              "load_avg_1m": round(os.getloadavg()[0], 2)}
    log(f"  {name:28s} {result['instances']:5d} inst  {result['train_seconds']:8.1f} s  "
        f"{result['instances_per_s']:8.2f} inst/s  (load {result['load_avg_1m']})")
    return result


def padding_stats(plm: Path, set_dir: Path, train_file: Path, batch_size: int, max_length: int) -> dict:
    """Token counts: real tokens vs tokens computed with each padding scheme (one epoch's batches)."""
    sys.path.insert(0, str(ROOT / "trainer"))
    from biorex_trainer.data import Tags, encode_texts, length_grouped_batches, load_manifest, read_instances, shuffled_batches
    from biorex_trainer.model import load_tokenizer_and_encoder

    manifest = load_manifest(set_dir / "manifest.json")
    tokenizer, _ = load_tokenizer_and_encoder(str(plm), manifest.special_tokens)
    instances = read_instances([train_file], manifest.labels)
    texts = [x.text for x in instances]
    raw = [len(x) for x in tokenizer(texts, add_special_tokens=True)["input_ids"]]
    lengths = [len(x) for x in encode_texts(tokenizer, texts, max_length, Tags.of(tokenizer, manifest.special_tokens))]
    grouped = length_grouped_batches(lengths, batch_size, 42, 0)
    shuffled = shuffled_batches(len(lengths), batch_size, 42, 0)
    padded = lambda batches: sum(len(b) * max(lengths[i] for i in b) for b in batches)  # noqa: E731
    real = sum(lengths)
    return {"instances": len(lengths), "mean_tokens": round(statistics.mean(lengths), 1),
            "median_tokens": statistics.median(lengths), "share_longer_than_max_length": round(
                sum(r > max_length for r in raw) / len(raw), 3),
            "tokens_real": real, "tokens_fixed_512": len(lengths) * max_length, "tokens_grouped": padded(grouped),
            "tokens_dynamic_random": padded(shuffled),
            # Upper bound of the gain from padding alone if cost were linear in tokens (attention adds a bit more).
            "token_ratio_fixed_512_over_grouped": round(len(lengths) * max_length / padded(grouped), 2),
            "padding_waste_fixed_512": round(1 - real / (len(lengths) * max_length), 3),
            "padding_waste_grouped": round(1 - real / padded(grouped), 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--biored", help="BioRED instance set folder")
    parser.add_argument("--merged", help="merged BioREx instance set folder (the `biorex` one)")
    parser.add_argument("--root", default=os.environ.get("BIOREX_DATA", str(ROOT / "data" / "corpora")),
                        help="data root for `data build` when the sets are not given")
    parser.add_argument("--sample-biored", type=int, default=256)
    parser.add_argument("--sample-merged", type=int, default=512)
    parser.add_argument("--bf16-steps", type=int, default=6, help="steps for the bf16-vs-fp32 comparison (0: skip)")
    parser.add_argument("--skip-extra", action="store_true", help="only grouped vs fixed-512")
    parser.add_argument("--rounds", type=int, default=2, help="each variant runs this many times, interleaved; best kept")
    args = parser.parse_args()

    sets = {"BioRED": build_set(args.biored, "biored", ["BioRED"], args.root),
            "BioREx-merged": build_set(args.merged, "merged", ["--merge", "BioRED+all"], args.root)}
    have_tcmalloc = Path(TCMALLOC).exists()
    results: dict = {"machine": {"cpus": os.cpu_count(), "tcmalloc_available": have_tcmalloc,
                                 "load_avg_at_start": [round(x, 2) for x in os.getloadavg()]},
                     "model": "tiny BERT (make-tiny-plm: 2 layers, hidden 128, 2 heads, WordPiece vocab 6000)",
                     "settings": {"batch_size": 16, "max_length": 512, "threads": 1, "epochs": 1,
                                  "rounds": args.rounds, "statistic": "best of the rounds (shared, loaded CPUs)"},
                     "datasets": {}}
    first = next((d for d, _ in sets.values() if d is not None), None)
    if first is None:
        results["error"] = {name: why for name, (_, why) in sets.items()}
        log("no instance set available:", results["error"])
    else:
        plm = WORK / "plm"
        if not (plm / "config.json").exists():
            sys.path.insert(0, str(ROOT / "trainer"))
            from biorex_trainer.tiny_plm import make_tiny_plm
            text = sample(first, 5000, 0, WORK / "plm-text.jsonl")
            make_tiny_plm([text], plm, vocab_size=6000, hidden=128, layers=2, heads=2, seed=0)
        results["plm"] = str(plm)
        for name, (set_dir, how) in sets.items():
            if set_dir is None:
                results["datasets"][name] = {"available": False, "why": how}
                log(f"{name}: not available ({how})")
                continue
            n = args.sample_biored if name == "BioRED" else args.sample_merged
            train_file = sample(set_dir, n, 1, WORK / f"{name}-sample.jsonl")
            log(f"{name}: {n} sampled training instances from {set_dir}")
            entry: dict = {"available": True, "source": how, "set": str(set_dir),
                           "padding": padding_stats(plm, set_dir, train_file, 16, 512), "runs": []}
            out = WORK / "runs" / name
            variants = [("grouped", {"padding": "grouped"}, have_tcmalloc),
                        ("fixed-512", {"padding": "max_length"}, have_tcmalloc)]
            if not args.skip_extra:
                variants.append(("dynamic-random-batches", {"padding": "dynamic"}, have_tcmalloc))
                variants.append(("grouped-2-threads", {"padding": "grouped", "threads": 2}, have_tcmalloc))
                if have_tcmalloc:
                    variants.append(("grouped-no-tcmalloc", {"padding": "grouped"}, False))
                if args.bf16_steps:
                    for prec in ("fp32", "bf16"):
                        variants.append((f"grouped-{prec}-{args.bf16_steps}-steps",
                                         {"precision": prec, "max_steps": args.bf16_steps, "log_every": 1}, have_tcmalloc))
            rounds: dict[str, list[dict]] = {}
            for r in range(args.rounds):  # interleaved, so that a burst of load elsewhere hits every variant
                for vname, overrides, tc in variants:
                    rounds.setdefault(vname, []).append(
                        run_variant(vname, plm, set_dir, train_file, out / f"{vname}-{r}", tc, **overrides))
            for vname, runs in rounds.items():
                best = max(runs, key=lambda x: x["instances_per_s"])
                entry["runs"].append({**best, "all_instances_per_s": [x["instances_per_s"] for x in runs]})
            by = {r["variant"]: r for r in entry["runs"]}
            entry["speedup_grouped_vs_fixed_512"] = round(by["grouped"]["instances_per_s"] /
                                                          by["fixed-512"]["instances_per_s"], 2)
            if "grouped-no-tcmalloc" in by:
                entry["speedup_tcmalloc"] = round(by["grouped"]["instances_per_s"] /
                                                  by["grouped-no-tcmalloc"]["instances_per_s"], 2)
            if f"grouped-bf16-{args.bf16_steps}-steps" in by:
                entry["speedup_bf16_vs_fp32_cpu"] = round(by[f"grouped-bf16-{args.bf16_steps}-steps"]["instances_per_s"] /
                                                          by[f"grouped-fp32-{args.bf16_steps}-steps"]["instances_per_s"], 2)
            results["datasets"][name] = entry
    results["machine"]["load_avg_at_end"] = [round(x, 2) for x in os.getloadavg()]
    RESULT.parent.mkdir(parents=True, exist_ok=True)
    RESULT.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {RESULT.relative_to(ROOT)}")
    for name, entry in results["datasets"].items():
        if entry.get("available"):
            pad = entry["padding"]
            print(f"{name}: grouped vs fixed-512 = {entry['speedup_grouped_vs_fixed_512']}× "
                  f"(mean {pad['mean_tokens']} tokens, token ratio {pad['token_ratio_fixed_512_over_grouped']}×; "
                  f"padding waste fixed {pad['padding_waste_fixed_512']:.0%}, "
                  f"grouped {pad['padding_waste_grouped']:.0%})"
                  + (f"; tcmalloc {entry['speedup_tcmalloc']}×" if "speedup_tcmalloc" in entry else "")
                  + (f"; bf16 {entry['speedup_bf16_vs_fp32_cpu']}×" if "speedup_bf16_vs_fp32_cpu" in entry else ""))
            for r in entry["runs"]:
                print(f"  {r['variant']:28s} {r['instances_per_s']:8.2f} instances/s")
        else:
            print(f"{name}: not available — {entry.get('why')}")


if __name__ == "__main__":
    main()
