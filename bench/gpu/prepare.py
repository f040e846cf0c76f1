"""Second half of bench/gpu/prepare.sh: pack the instance sets and write the tokenizer + model config.

    python bench/gpu/prepare.py --biored BUILD/BioRED --merged BUILD/biorex --out bench/work/gpu

Writes OUT/biored/ and OUT/merged/ (manifest.json + *.jsonl.gz), OUT/plm/ (a WordPiece tokenizer trained
on the merged training text and config.json of a BERT with PubMedBERT's shape; no weights: the check
creates them on the machine it runs on) and OUT/prepared.json (what is there, with sizes and hashes).
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import platform
import shutil
import subprocess
import time
from pathlib import Path

# microsoft/BiomedNLP-PubMedBERT-base-uncased-abstract config.json: BERT-base with a 30522-token vocabulary.
PUBMEDBERT_SHAPE = {"vocab_size": 30522, "hidden_size": 768, "num_hidden_layers": 12, "num_attention_heads": 12,
                    "intermediate_size": 3072, "max_position_embeddings": 512, "type_vocab_size": 2}
SPLITS = ("train", "dev", "test")


def pack_set(src: Path, dest: Path) -> dict:
    """manifest.json as is, each split's JSONL gzipped (mtime 0: the same input gives the same bytes)."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src / "manifest.json", dest / "manifest.json")
    files = {}
    for split in SPLITS:
        path = src / f"{split}.jsonl"
        if not path.is_file():
            continue
        raw = path.read_bytes()
        out = dest / f"{split}.jsonl.gz"
        with open(out, "wb") as fh, gzip.GzipFile(fileobj=fh, mode="wb", compresslevel=9, mtime=0, filename="") as gz:
            gz.write(raw)
        files[split] = {"file": out.name, "instances": raw.count(b"\n"), "bytes": out.stat().st_size,
                        "jsonl_bytes": len(raw), "sha256_jsonl": hashlib.sha256(raw).hexdigest()}
    manifest = json.loads((src / "manifest.json").read_text(encoding="utf-8"))
    return {"source": str(src), "name": manifest.get("name"), "labels": len(manifest.get("labels", [])),
            "special_tokens": len(manifest.get("specialTokens", [])), "files": files}


def document_texts(path: Path):
    """One text per (task, document): the instance texts repeat their document once per entity pair."""
    seen = set()
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            obj = json.loads(line)
            key = (obj.get("task"), obj.get("doc") or obj["id"])
            if key not in seen:
                seen.add(key)
                yield obj["text"]


def write_plm(train_gz: Path, out: Path, shape: dict) -> dict:
    from transformers import BertConfig, BertTokenizer

    from biorex_trainer.tiny_plm import deterministic_wordpiece_vocab

    t0 = time.perf_counter()
    vocab = deterministic_wordpiece_vocab(document_texts(train_gz), shape["vocab_size"], min_frequency=1)
    learned = len(vocab)
    for k in range(shape["vocab_size"] - learned):  # a corpus with fewer distinct words: fill like BERT's [unusedN]
        vocab[f"[unused{k}]"] = len(vocab)
    out.mkdir(parents=True, exist_ok=True)
    tokenizer = BertTokenizer(vocab=vocab, do_lower_case=True, model_max_length=shape["max_position_embeddings"])
    tokenizer.save_pretrained(out)
    config = BertConfig(**shape, pad_token_id=tokenizer.pad_token_id)
    config.save_pretrained(out)
    return {"shape": shape, "vocab_learned": learned, "vocab_padding": shape["vocab_size"] - learned,
            "tokenizer": "WordPiece (make-tiny-plm's deterministic vocabulary, lower-cased) trained on one text per "
                         "document of the merged training set", "seconds": round(time.perf_counter() - t0, 1)}


def git_commit(root: Path) -> str | None:
    try:
        return subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True,
                              check=True).stdout.strip() or None
    except (OSError, subprocess.CalledProcessError):
        return None


def folder_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--biored", required=True, help="target instance set folder (BioRED, or Sample for --small)")
    parser.add_argument("--merged", required=True, help="merged BioREx instance set folder (…/biorex)")
    parser.add_argument("--out", required=True)
    parser.add_argument("--vocab-size", type=int, default=PUBMEDBERT_SHAPE["vocab_size"])
    parser.add_argument("--note", default="", help="free text kept in prepared.json (e.g. how the sets were built)")
    args = parser.parse_args()

    out = Path(args.out)
    if out.exists():
        shutil.rmtree(out)
    sets = {"biored": pack_set(Path(args.biored), out / "biored"), "merged": pack_set(Path(args.merged), out / "merged")}
    plm = write_plm(out / "merged" / "train.jsonl.gz", out / "plm", {**PUBMEDBERT_SHAPE, "vocab_size": args.vocab_size})
    info = {"schema": 1, "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "git_commit": git_commit(Path(__file__).resolve().parents[2]), "python": platform.python_version(),
            "note": args.note, "sets": sets, "plm": plm}
    (out / "prepared.json").write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    info["bytes"] = folder_bytes(out)
    (out / "prepared.json").write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    print(f"prepared {out}: {info['bytes'] / 2**20:.1f} MiB "
          f"(merged train {sets['merged']['files']['train']['instances']} instances, vocabulary {args.vocab_size}, "
          f"{plm['vocab_learned']} learned)")


if __name__ == "__main__":
    main()
