"""The classifier of the paper's Figure 3: encoder → [CLS] vector → dropout → linear head (→ softmax).

One head per name: `default` for single / TL, one per task for MTL. Loading and saving use the
Hugging Face format for the encoder and tokenizer, plus `heads.safetensors` and `label_map.json`.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Sequence

import torch
import torch.nn.functional as F
from safetensors.torch import load_file, save_file
from torch import nn

from .errors import config_error

DEFAULT_HEAD = "default"
LABEL_MAP = "label_map.json"
HEADS_FILE = "heads.safetensors"


class RelationClassifier(nn.Module):
    def __init__(self, encoder: nn.Module, heads: dict[str, list[str]], dropout: float):
        super().__init__()
        self.encoder = encoder
        self.dropout = nn.Dropout(dropout)
        self.replace_heads(heads)

    def replace_heads(self, heads: dict[str, list[str]]) -> None:
        """New, freshly initialised heads (also TL stage 2: the stage-1 head is dropped)."""
        hidden = self.encoder.config.hidden_size
        std = getattr(self.encoder.config, "initializer_range", 0.02)
        device = next(self.encoder.parameters()).device
        self.head_labels = {name: list(labels) for name, labels in heads.items()}
        self.heads = nn.ModuleDict({name: nn.Linear(hidden, len(labels), device=device) for name, labels in heads.items()})
        for head in self.heads.values():
            nn.init.normal_(head.weight, std=std)
            nn.init.zeros_(head.bias)

    def cls(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        return self.dropout(hidden[:, 0])

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor, head: str | None = None) -> torch.Tensor:
        """Logits of one head (the only one when `head` is None) — the ONNX graph."""
        return self.heads[head or self.only_head()](self.cls(input_ids, attention_mask))

    def routed_logits(self, input_ids, attention_mask, heads: Sequence[str]) -> dict[str, tuple[torch.Tensor, torch.Tensor]]:
        """MTL: one encoder pass, then each row through its own head. head → (row indices, logits)."""
        vectors = self.cls(input_ids, attention_mask)
        names = list(dict.fromkeys(heads))
        if len(names) == 1:  # every row to one head: no index copy from the host (on CUDA that would sync)
            return {names[0]: (torch.arange(len(heads), device=vectors.device), self.heads[names[0]](vectors))}
        out = {}
        for name in names:
            rows = torch.tensor([i for i, h in enumerate(heads) if h == name])
            if vectors.is_cuda:  # pinned memory: an asynchronous copy instead of a synchronising one
                rows = rows.pin_memory().to(vectors.device, non_blocking=True)
            out[name] = (rows, self.heads[name](vectors.index_select(0, rows)))
        return out

    def loss_sum(self, input_ids, attention_mask, heads: Sequence[str], targets: torch.Tensor) -> torch.Tensor:
        """Summed cross-entropy; each instance scored by its own head (`targets` index that head's labels)."""
        total = input_ids.new_zeros((), dtype=torch.float32)
        for rows, logits in self.routed_logits(input_ids, attention_mask, heads).values():
            total = total + F.cross_entropy(logits.float(), targets.index_select(0, rows), reduction="sum")
        return total

    def only_head(self) -> str:
        if len(self.heads) != 1:
            raise config_error(f"the model has {len(self.heads)} heads {sorted(self.heads)}", "name the head to use")
        return next(iter(self.heads))


# ---------------------------------------------------------------------------------------------

def load_tokenizer_and_encoder(plm: str, special_tokens: Sequence[str], attention_dropout: float | None = None):
    """AutoTokenizer + AutoModel, with the manifest's entity tags added as special tokens.

    New embedding rows use transformers' default mean resizing: each new row is drawn from a normal
    distribution with the mean and covariance of the existing rows (so tags start as "typical" tokens
    rather than as outliers). The authors' TF code used truncated-normal(0.02) instead.
    """
    from transformers import AutoConfig, AutoModel, AutoTokenizer

    try:
        config = AutoConfig.from_pretrained(plm)
        tokenizer = AutoTokenizer.from_pretrained(plm)
    except Exception as e:  # noqa: BLE001 - any failure here means the PLM cannot be used
        raise config_error(f"cannot load the PLM {plm!r}: {type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}",
                           "give a local Hugging Face model folder (config.json, weights, tokenizer) or a hub id "
                           "that is downloadable or already in the HF cache")
    if attention_dropout is not None and hasattr(config, "attention_probs_dropout_prob"):
        config.attention_probs_dropout_prob = attention_dropout
    try:
        encoder = AutoModel.from_pretrained(plm, config=config, dtype=torch.float32)
    except Exception as e:  # noqa: BLE001
        raise config_error(f"cannot load the PLM weights of {plm!r}: {type(e).__name__}: {e}",
                           "check that the folder has model.safetensors (or pytorch_model.bin) matching config.json")
    new = [t for t in special_tokens if t not in tokenizer.get_vocab()]
    if new:
        tokenizer.add_special_tokens({"extra_special_tokens": list(new)}, replace_extra_special_tokens=False)
    if len(tokenizer) != encoder.get_input_embeddings().num_embeddings:
        encoder.resize_token_embeddings(len(tokenizer), mean_resizing=True)
    return tokenizer, encoder


def save_model(model: RelationClassifier, tokenizer, out_dir: Path, extra: dict) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    model.encoder.save_pretrained(out_dir)
    tokenizer.save_pretrained(out_dir)
    save_file({f"{name}.{k}": v.detach().cpu().contiguous() for name, head in model.heads.items()
               for k, v in head.state_dict().items()}, str(out_dir / HEADS_FILE))
    (out_dir / LABEL_MAP).write_text(json.dumps({"heads": model.head_labels, "dropout": model.dropout.p, **extra},
                                                indent=2) + "\n", encoding="utf-8")


def load_model(model_dir: Path, device: str = "cpu"):
    """Reload a model saved by `save_model` → (model, tokenizer, label_map)."""
    from transformers import AutoModel, AutoTokenizer

    model_dir = Path(model_dir)
    if not (model_dir / LABEL_MAP).is_file():
        raise config_error(f"{model_dir} is not a trained biorex model (no {LABEL_MAP})",
                           "pass the model/ folder of a finished training run")
    label_map = json.loads((model_dir / LABEL_MAP).read_text(encoding="utf-8"))
    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    encoder = AutoModel.from_pretrained(model_dir, dtype=torch.float32)
    model = RelationClassifier(encoder, label_map["heads"], label_map.get("dropout", 0.1))
    state = load_file(str(model_dir / HEADS_FILE))
    for name, head in model.heads.items():
        head.load_state_dict({k: state[f"{name}.{k}"] for k in ("weight", "bias")})
    return model.to(device).eval(), tokenizer, label_map
