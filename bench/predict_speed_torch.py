"""Python side of bench/predict-speed.ts (run with the project venv).

make-base  a randomly initialised BERT-base classifier (PubMedBERT's architecture: 12 layers, hidden
           768, 12 heads, intermediate 3072, vocab 30522) saved in the trainer's model format
           (model/ + label_map.json) and exported with the trainer's own `export-onnx`.
time       PyTorch fp32 prediction time of the trainer's predict loop (length-sorted batches, dynamic
           padding) on token ids given as JSON; prints one JSON object on stdout.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path


def make_base(args) -> None:
    import torch
    from transformers import AutoTokenizer, BertConfig, BertModel

    from biorex_trainer.model import RelationClassifier, save_model
    from biorex_trainer.onnx_export import export_onnx

    out = Path(args.out)
    labels = json.loads(args.labels)
    special = json.loads(args.special)
    tokenizer = AutoTokenizer.from_pretrained(args.tokenizer)
    new = [t for t in special if t not in tokenizer.get_vocab()]
    if new:
        tokenizer.add_special_tokens({"extra_special_tokens": new}, replace_extra_special_tokens=False)
    if len(tokenizer) > 30522:
        sys.exit(f"tokenizer has {len(tokenizer)} tokens, more than BERT-base's 30522")
    torch.manual_seed(0)
    config = BertConfig(vocab_size=30522, hidden_size=768, num_hidden_layers=12, num_attention_heads=12,
                        intermediate_size=3072, max_position_embeddings=512, type_vocab_size=2,
                        pad_token_id=tokenizer.pad_token_id)
    encoder = BertModel(config)  # with the pooler, as the PubMedBERT checkpoint (unused by the head)
    model = RelationClassifier(encoder, {"default": labels}, 0.1)
    save_model(model, tokenizer, out / "model", {"mode": "single", "plm": "random-bert-base", "max_length": args.max_length,
                                                  "special_tokens": special, "negative_labels": [l for l in labels if l.startswith("None")],
                                                  "labels": labels, "tasks": {"BioRED": labels},
                                                  # what `biorex predict` builds texts with (as a trained model records)
                                                  "task": "BioRED", "view": "harmonized", "prompt": True,
                                                  "profiles": {"BioRED": json.loads(args.profile)}})
    info = export_onnx(out / "model", out / "model.onnx")
    print(json.dumps({"model": str(out / "model"), "onnx": info["onnx"],
                      "parameters": sum(p.numel() for p in model.parameters())}))


def time_torch(args) -> None:
    import torch

    from biorex_trainer.data import Instance
    from biorex_trainer.model import load_model
    from biorex_trainer.predict import predict_probs
    from biorex_trainer.runtime import make_runtime, tcmalloc_loaded

    ids = json.loads(Path(args.ids).read_text(encoding="utf-8"))
    rt = make_runtime("cpu", "fp32", args.threads)
    model, tokenizer, _ = load_model(Path(args.model), "cpu")
    instances = [Instance(str(i), "BioRED", "", "") for i in range(len(ids))]
    # warm-up on the shortest sequences (first-call allocations), not timed
    warm = sorted(range(len(ids)), key=lambda i: len(ids[i]))[: args.batch_size]
    predict_probs(model, [instances[i] for i in warm], [ids[i] for i in warm], tokenizer.pad_token_id, rt, args.batch_size)
    t0, c0 = time.perf_counter(), time.process_time()
    probs = predict_probs(model, instances, ids, tokenizer.pad_token_id, rt, args.batch_size)
    seconds, cpu_seconds = time.perf_counter() - t0, time.process_time() - c0
    print(json.dumps({"seconds": seconds, "cpu_seconds": cpu_seconds, "threads": rt.threads, "tcmalloc": tcmalloc_loaded(), "torch": torch.__version__,
                      "labels": [int(p.argmax()) for p in probs],
                      "probs": [[round(float(x), 7) for x in p] for p in probs] if args.probs else None}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("make-base")
    p.add_argument("--tokenizer", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--labels", required=True, help="JSON list")
    p.add_argument("--special", required=True, help="JSON list of entity tags")
    p.add_argument("--max-length", type=int, default=512)
    p.add_argument("--profile", required=True, help="JSON of the BioRED harmonization profile")
    p = sub.add_parser("time")
    p.add_argument("--model", required=True, help="model/ folder")
    p.add_argument("--ids", required=True, help="JSON list of token-id lists")
    p.add_argument("--batch-size", type=int, default=8)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--probs", action="store_true")
    args = parser.parse_args()
    {"make-base": make_base, "time": time_torch}[args.command](args)


if __name__ == "__main__":
    main()
