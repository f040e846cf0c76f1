"""The arithmetic of bench/gpu/check.py (FLOPs, padded tokens, which batches a measured stretch covered),
checked by hand, against torch's FLOP counter and against the batches the trainer really trains on.
The whole check runs end to end in test/bench/gpu-check.test.ts."""
from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import pytest
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench" / "gpu"))
import check  # noqa: E402


def test_training_flops_by_hand():
    shape = {"layer_parameters": 10, "layers": 2, "hidden": 3}
    lengths, batches = [4, 2, 3], [[0, 1], [2]]
    # per sequence: 6·P·L + 12·layers·hidden·L² = 60·L + 72·L²
    assert check.training_flops(batches, lengths, shape) == {
        "model": (240 + 1152) + (120 + 288) + (180 + 648),
        "padded": 2 * (240 + 1152) + (180 + 648)}  # batch 1 padded to 4, batch 2 is 3 long
    assert check.training_flops(batches, lengths, shape, width=5)["padded"] == 3 * (300 + 1800)
    assert check.inference_flops(lengths, shape) == sum(20 * n + 24 * n * n for n in lengths)
    assert check.padded_tokens(batches, lengths) == 2 * 4 + 3 and check.padded_tokens(batches, lengths, 512) == 3 * 512


def test_training_flops_match_torch_flop_counter(tiny_plm):
    """6·P·L + 12·l·h·L² is what torch.utils.flop_counter counts on a real forward + backward (eager
    attention, so that QKᵀ and AV are matmuls it sees; no padding)."""
    from torch.utils.flop_counter import FlopCounterMode
    from transformers import AutoModel

    encoder = AutoModel.from_pretrained(tiny_plm, attn_implementation="eager")
    cfg = encoder.config
    shape = {"layer_parameters": sum(p.numel() for p in encoder.encoder.parameters() if p.ndim == 2),
             "layers": cfg.num_hidden_layers, "hidden": cfg.hidden_size}
    ids = torch.randint(5, cfg.vocab_size, (3, 40))
    hidden = encoder.embeddings(input_ids=ids).detach().requires_grad_()
    counter = FlopCounterMode(display=False)
    with counter:
        encoder.encoder(hidden).last_hidden_state.sum().backward()
    assert check.training_flops([[0, 1, 2]], [40, 40, 40], shape)["model"] == counter.get_total_flops()


def test_measured_window_skips_the_warm_up_epoch():
    progress = [{"epoch": 1, "step": 2, "elapsed_s": 5.0}, {"epoch": 1, "step": 4, "elapsed_s": 6.0},
                {"epoch": 2, "step": 6, "elapsed_s": 7.0}, {"epoch": 2, "step": 8, "elapsed_s": 8.5}]
    assert check.measured_window(progress) == ((4, 6.0), (8, 8.5))
    assert check.measured_window(progress[:2]) == ((2, 5.0), (4, 6.0))  # cut short in epoch 1
    assert check.measured_window(progress[:1]) is None


@pytest.mark.parametrize("padding", ["grouped", "max_length"])
def test_step_batches_are_the_batches_the_trainer_trains_on(runner, tmp_path, monkeypatch, padding):
    from biorex_trainer import train as train_module
    from biorex_trainer.data import Tags, encode_texts, load_manifest, read_instances
    from biorex_trainer.model import load_tokenizer_and_encoder

    seen: list[list[int]] = []
    real = train_module._accumulate

    def spy(model, window, *args, **kwargs):
        seen.append(sorted(i for b in window for i in b))
        return real(model, window, *args, **kwargs)

    monkeypatch.setattr(train_module, "_accumulate", spy)
    d = runner.data / "biored"
    cfg = runner.config(tmp_path / "run", epochs=2, batch_size=check.BATCH // 4, seed=check.SEED, padding=padding,
                        files={"train": str(d / "train.jsonl")})
    code, _ = runner.run(cfg)
    assert code == 0
    manifest = load_manifest(d / "manifest.json")
    tokenizer, _ = load_tokenizer_and_encoder(str(runner.plm), manifest.special_tokens)
    instances = read_instances([d / "train.jsonl"], manifest.labels)
    lengths = [len(x) for x in encode_texts(tokenizer, [x.text for x in instances], cfg["max_length"],
                                            Tags.of(tokenizer, manifest.special_tokens))]
    per_epoch = math.ceil(len(lengths) / cfg["batch_size"])
    assert len(seen) == 2 * per_epoch
    # a stretch across the epoch boundary, as the check measures it
    ours = check.step_batches(lengths, cfg["batch_size"], padding, per_epoch - 2, 2 * per_epoch)
    assert [sorted(b) for b in ours] == seen[per_epoch - 2:]


def test_peak_table():
    assert check.peak_for("NVIDIA H200", "bf16")["tflops"] == 989.5
    assert check.peak_for("NVIDIA H200", "fp32")["kind"] == "tf32"
    assert check.peak_for("NVIDIA H100 PCIe", "bf16")["tflops"] == 756.0
    assert check.peak_for("NVIDIA A100-SXM4-80GB", "bf16")["tflops"] == 312.0
    assert check.peak_for("Tesla T4", "fp16")["tflops"] == 65.0
    assert check.peak_for("Tesla T4", "bf16") is None  # emulated: no tensor-core peak to speak of
    assert check.peak_for("NVIDIA A10G", "bf16") is None  # not the A10: unknown, no guess


def test_prepared_plm_has_pubmedberts_shape(tmp_path):
    import gzip

    text = tmp_path / "merged" / "train.jsonl.gz"
    text.parent.mkdir()
    with gzip.open(text, "wt", encoding="utf-8") as fh:
        for k in range(6):  # three documents, two pairs each: one text per document is used
            fh.write(json.dumps({"id": f"d{k // 2}/p{k}", "task": "T", "doc": f"d{k // 2}",
                                 "text": f"alpha binds beta{k // 2} in gamma cells"}) + "\n")
    sys.path.insert(0, str(Path(check.__file__).parent))
    import prepare

    info = prepare.write_plm(text, tmp_path / "plm", prepare.PUBMEDBERT_SHAPE)
    config = json.loads((tmp_path / "plm" / "config.json").read_text())
    assert {k: config[k] for k in prepare.PUBMEDBERT_SHAPE} == prepare.PUBMEDBERT_SHAPE
    assert config["vocab_size"] == 30522 and not (tmp_path / "plm" / "model.safetensors").exists()
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(tmp_path / "plm")
    assert len(tokenizer) == 30522 == info["vocab_learned"] + info["vocab_padding"]
    assert tokenizer.tokenize("Alpha binds beta2") == ["alpha", "binds", "beta2"]
