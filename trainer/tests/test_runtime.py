"""Device and precision choice."""
from __future__ import annotations

import torch

from biorex_trainer import runtime


def test_auto_precision_is_fp16_on_a_gpu_that_only_emulates_bf16(monkeypatch):
    # a V100 / T4: torch's default check says bf16 works (emulated, slow); the trainer must pick fp16
    def bf16_supported(including_emulation: bool = True) -> bool:
        return including_emulation

    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "is_bf16_supported", bf16_supported)
    assert runtime.make_runtime("cuda", "auto", 1).precision == "fp16"
    monkeypatch.setattr(torch.cuda, "is_bf16_supported", lambda including_emulation=True: True)  # Ampere+
    assert runtime.make_runtime("cuda", "auto", 1).precision == "bf16"


def test_auto_precision_on_cpu_is_fp32():
    assert runtime.make_runtime("cpu", "auto", 1).precision == "fp32"
