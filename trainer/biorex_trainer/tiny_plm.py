"""`make-tiny-plm`: a WordPiece tokenizer trained on corpus text + a small randomly initialised BERT.

For tests and the quickstart: no download, seconds to build, same code path as a real PLM.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Iterator, Sequence

PUBTATOR_TEXT = re.compile(r"^[^|\t]+\|[ta]\|(.*)$")
SPECIAL = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]


def iter_text(paths: Sequence[Path]) -> Iterator[str]:
    """Lines of plain text; `text` of JSONL instances; title/abstract of PubTator (annotations skipped)."""
    for path in paths:
        with open(path, encoding="utf-8", errors="replace") as fh:
            for line in fh:
                line = line.rstrip("\r\n")
                if not line.strip():
                    continue
                if path.suffix == ".jsonl" and line.startswith("{"):
                    try:
                        text = json.loads(line).get("text")
                    except json.JSONDecodeError:
                        text = None
                    if isinstance(text, str):
                        yield text
                    continue
                m = PUBTATOR_TEXT.match(line)
                if m:
                    yield m.group(1)
                elif "\t" not in line:  # PubTator annotation / relation lines are tab-separated
                    yield line


def deterministic_wordpiece_vocab(lines: Iterator[str], vocab_size: int, min_frequency: int = 2) -> dict[str, int]:
    """A WordPiece vocabulary that is the same on every run for the same text.

    The `tokenizers` WordPiece trainer breaks frequency ties in hash order, so its vocabulary (and with
    it every model built on it) changed from run to run. Here: special tokens, every character and its
    `##` continuation (sorted), then whole words by descending count, ties by the word itself.
    """
    from collections import Counter
    from tokenizers.normalizers import BertNormalizer
    from tokenizers.pre_tokenizers import BertPreTokenizer

    normalizer = BertNormalizer(lowercase=True, strip_accents=None, clean_text=True)
    pre = BertPreTokenizer()
    words: Counter[str] = Counter()
    for line in lines:
        words.update(w for w, _ in pre.pre_tokenize_str(normalizer.normalize_str(line)))
    chars = sorted({c for w in words for c in w})
    tokens = list(SPECIAL) + chars + ["##" + c for c in chars]
    seen = set(tokens)
    for word, count in sorted(words.items(), key=lambda kv: (-kv[1], kv[0])):
        if len(tokens) >= vocab_size or count < min_frequency:
            break
        if word not in seen:
            tokens.append(word)
            seen.add(word)
    return {t: i for i, t in enumerate(tokens)}


def make_tiny_plm(text_files: Sequence[str | Path], out_dir: str | Path, vocab_size: int = 6000, hidden: int = 128,
                  layers: int = 2, heads: int = 2, intermediate: int | None = None, max_position: int = 512,
                  seed: int = 0) -> Path:
    import torch
    from transformers import BertConfig, BertModel, BertTokenizer

    paths = [Path(p) for p in text_files]
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        from .errors import config_error
        raise config_error(f"text file(s) not found: {missing}", "pass existing text, JSONL or PubTator files to --text")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)

    vocab = deterministic_wordpiece_vocab(iter_text(paths), vocab_size)
    tokenizer = BertTokenizer(vocab=vocab, do_lower_case=True, model_max_length=max_position)
    tokenizer.save_pretrained(out)

    torch.manual_seed(seed)
    config = BertConfig(vocab_size=len(tokenizer), hidden_size=hidden, num_hidden_layers=layers,
                        num_attention_heads=heads, intermediate_size=intermediate or 4 * hidden,
                        max_position_embeddings=max_position, pad_token_id=tokenizer.pad_token_id)
    BertModel(config).save_pretrained(out)
    return out
