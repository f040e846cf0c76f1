"""Loading a PLM and routing rows to heads."""
from __future__ import annotations

import torch

from biorex_trainer.model import RelationClassifier, load_tokenizer_and_encoder


def test_a_half_precision_checkpoint_is_trained_in_fp32(tiny_plm, tmp_path):
    # transformers 5 loads a checkpoint in the dtype it was saved in; training needs fp32 master weights
    from transformers import AutoModel

    half = tmp_path / "bf16-plm"
    AutoModel.from_pretrained(tiny_plm).to(torch.bfloat16).save_pretrained(half)
    for name in ("tokenizer.json", "tokenizer_config.json"):
        (half / name).write_bytes((tiny_plm / name).read_bytes())
    assert AutoModel.from_pretrained(half).dtype == torch.bfloat16  # what the trainer must not inherit
    _, encoder = load_tokenizer_and_encoder(str(half), ["<G>", "</G>"])
    assert {p.dtype for p in encoder.parameters()} == {torch.float32}


def test_one_head_gets_every_row_in_order(tiny_plm):
    _, encoder = load_tokenizer_and_encoder(str(tiny_plm), [])
    model = RelationClassifier(encoder, {"default": ["x", "y", "z"]}, dropout=0.0).eval()
    ids = torch.tensor([[2, 10, 11, 3], [2, 12, 13, 3], [2, 14, 15, 3]])
    mask = torch.ones_like(ids)
    (rows, logits), = model.routed_logits(ids, mask, ["default"] * 3).values()
    assert rows.tolist() == [0, 1, 2]
    assert torch.allclose(logits, model(ids, mask))
