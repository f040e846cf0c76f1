"""Command line: train | predict | export-onnx | make-tiny-plm. Events on stdout, logs on stderr.

Exit codes: 0 done, 1 internal error, 2 config error, 3 data error, 4 out of memory,
130 / 143 interrupted by SIGINT / SIGTERM (a checkpoint was saved; `resume: true` continues).
"""
from __future__ import annotations

import argparse
import time
import traceback
from pathlib import Path
from typing import Sequence

from .errors import Interrupted, TrainerError
from .events import EventWriter, log

EXIT_CODES = {"internal": 1, "config": 2, "data": 3, "oom": 4}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m biorex_trainer", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("train", help="fine-tune, select on dev, predict (run config: docs/trainer.md)")
    p.add_argument("--config", required=True, help="run-config JSON file")

    p = sub.add_parser("predict", help="predict instance files with a trained model/ folder")
    p.add_argument("--model", required=True, help="the model/ folder of a training run")
    p.add_argument("--in", dest="inputs", nargs="+", required=True, help="instance JSONL file(s)")
    p.add_argument("--out", required=True, help="predictions JSONL to write")
    p.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda"])
    p.add_argument("--precision", default="auto", choices=["auto", "fp32", "bf16", "fp16"])
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--max-length", type=int, default=None, help="default: the training max_length")
    p.add_argument("--threads", type=int, default=None)

    p = sub.add_parser("export-onnx", help="write model.onnx (dynamic batch and sequence axes)")
    p.add_argument("--model", required=True, help="the model/ folder of a training run")
    p.add_argument("--out", default=None, help="default: model.onnx beside the model/ folder")
    p.add_argument("--head", default=None, help="MTL: which task's head to export")
    p.add_argument("--opset", type=int, default=17)

    p = sub.add_parser("make-tiny-plm", help="train a WordPiece tokenizer and save a small random BERT")
    p.add_argument("--text", nargs="+", required=True, help="text, JSONL-instance or PubTator files")
    p.add_argument("--out", required=True, help="output folder (Hugging Face format)")
    p.add_argument("--vocab-size", type=int, default=6000)
    p.add_argument("--hidden", type=int, default=128)
    p.add_argument("--layers", type=int, default=2)
    p.add_argument("--heads", type=int, default=2)
    p.add_argument("--max-position", type=int, default=512)
    p.add_argument("--seed", type=int, default=0)
    return parser


def main(argv: Sequence[str] | None = None, emit: EventWriter | None = None) -> int:
    args = build_parser().parse_args(argv)
    emit = emit or EventWriter()
    try:
        if args.command == "train":
            from .config import load_config
            from .train import train
            train(load_config(args.config), emit)
        elif args.command == "predict":
            _predict(args, emit)
        elif args.command == "export-onnx":
            from .onnx_export import export_onnx
            emit("done", **export_onnx(args.model, args.out, args.head, args.opset))
        elif args.command == "make-tiny-plm":
            from .tiny_plm import make_tiny_plm
            out = make_tiny_plm(args.text, args.out, vocab_size=args.vocab_size, hidden=args.hidden,
                                layers=args.layers, heads=args.heads, max_position=args.max_position, seed=args.seed)
            emit("done", out=str(out))
        return 0
    except TrainerError as e:
        log.error("%s", e)
        emit("error", kind=e.kind, message=e.message, fix=e.fix)
        return EXIT_CODES.get(e.kind, 1)
    except Interrupted as e:
        log.warning("interrupted (%s): checkpoint saved; rerun with resume: true to continue", e.signal_name)
        emit("interrupted", signal=e.signal_name, exit_code=e.exit_code)
        return e.exit_code
    except KeyboardInterrupt:
        emit("interrupted", signal="SIGINT", exit_code=130)
        return 130
    except Exception as e:  # noqa: BLE001 - every failure must reach the orchestrator as an event
        log.error("internal error:\n%s", traceback.format_exc())
        emit("error", kind="internal", message=f"{type(e).__name__}: {e}",
             fix="this is a bug in the trainer: report it with the stderr log")
        return 1


def _predict(args, emit: EventWriter) -> None:
    from .data import Tags, encode_texts, read_instances
    from .model import load_model
    from .predict import timed_predict, write_predictions
    from .runtime import device_name, make_runtime, tcmalloc_loaded, versions

    rt = make_runtime(args.device, args.precision, args.threads)
    model, tokenizer, label_map = load_model(Path(args.model), str(rt.device))
    heads = model.head_labels
    instances = read_instances([Path(p) for p in args.inputs], heads if len(heads) > 1 else None, need_label=False)
    emit("start", command="predict", device=str(rt.device), device_name=device_name(rt), precision=rt.precision,
         threads=rt.threads, tcmalloc=tcmalloc_loaded(), versions=versions(), counts={"predict": len(instances)})
    special = label_map.get("special_tokens", [])
    t0 = time.perf_counter()
    ids = encode_texts(tokenizer, [x.text for x in instances], args.max_length or label_map.get("max_length", 512),
                       Tags.of(tokenizer, special))
    encode_seconds = time.perf_counter() - t0
    # the model's own prediction rule: over each instance's task labels when it was trained so
    task_labels = label_map.get("tasks") if label_map.get("task_labels_only") else None
    probs, seconds = timed_predict(model, instances, ids, tokenizer.pad_token_id, rt, args.batch_size, task_labels)
    write_predictions(Path(args.out), model, instances, probs)
    emit("done", predictions=str(args.out), instances=len(instances), seconds=round(seconds, 3),
         encode_seconds=round(encode_seconds, 3), seconds_per_1000=round(1000 * seconds / len(instances), 3))
