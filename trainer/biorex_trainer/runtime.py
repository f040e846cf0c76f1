"""Device, precision, threads, seeds and RNG state: the machine-dependent bits of a run."""
from __future__ import annotations

import contextlib
import os
import platform
import random
from dataclasses import dataclass

import numpy as np
import torch

from .errors import config_error


@dataclass
class Runtime:
    device: torch.device
    precision: str  # fp32 | bf16 | fp16
    threads: int

    @property
    def cuda(self) -> bool:
        return self.device.type == "cuda"

    def autocast(self):
        if self.precision == "fp32":
            return contextlib.nullcontext()
        dtype = torch.bfloat16 if self.precision == "bf16" else torch.float16
        return torch.autocast(self.device.type, dtype=dtype)

    def to_device(self, batch: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
        if self.cuda:  # pinned host memory → asynchronous copy
            return {k: v.pin_memory().to(self.device, non_blocking=True) for k, v in batch.items()}
        return batch


def make_runtime(device: str, precision: str, threads: int | None) -> Runtime:
    if device == "cuda" and not torch.cuda.is_available():
        raise config_error("device cuda was requested but no CUDA device is available",
                           "use device auto or cpu, or run on a machine with a GPU and the CUDA build of torch")
    dev = torch.device("cuda" if device in ("auto", "cuda") and torch.cuda.is_available() else "cpu")
    if precision == "auto":
        precision = ("bf16" if native_bf16() else "fp16") if dev.type == "cuda" else "fp32"
    if precision == "fp16" and dev.type != "cuda":
        raise config_error("precision fp16 needs CUDA", "use fp32 or bf16 on CPU")
    n = threads or available_cpus()
    torch.set_num_threads(n)
    if dev.type == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = True
        torch.backends.cudnn.allow_tf32 = True
    return Runtime(dev, precision, n)


def native_bf16() -> bool:
    """bf16 in hardware (Ampere and later). torch's default check also says yes on V100 / T4, where bf16 is
    emulated and several times slower than fp16 with a GradScaler."""
    try:
        return torch.cuda.is_bf16_supported(including_emulation=False)
    except TypeError:  # torch < 2.3 has no emulation and no argument
        return torch.cuda.is_bf16_supported()


def available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def tcmalloc_loaded() -> bool:
    """True when tcmalloc is mapped into this process (the orchestrator may LD_PRELOAD it)."""
    try:
        with open("/proc/self/maps", encoding="utf-8") as fh:
            return any("tcmalloc" in line for line in fh)
    except OSError:
        return "tcmalloc" in os.environ.get("LD_PRELOAD", "")


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)  # also seeds every CUDA device


def rng_state() -> dict:
    state = {"python": random.getstate(), "numpy": np.random.get_state(), "torch": torch.get_rng_state()}
    if torch.cuda.is_available():
        state["cuda"] = torch.cuda.get_rng_state_all()
    return state


def set_rng_state(state: dict) -> None:
    random.setstate(state["python"])
    np.random.set_state(state["numpy"])
    torch.set_rng_state(state["torch"])
    if "cuda" in state and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(state["cuda"])


def versions() -> dict[str, str | None]:
    import tokenizers
    import transformers

    from . import __version__
    return {"biorex_trainer": __version__, "python": platform.python_version(), "torch": torch.__version__,
            "transformers": transformers.__version__, "tokenizers": tokenizers.__version__,
            "cuda": torch.version.cuda if torch.cuda.is_available() else None}


def device_name(rt: Runtime) -> str:
    if rt.cuda:
        return torch.cuda.get_device_name(rt.device)
    return f"cpu ({platform.processor() or platform.machine()}, {rt.threads} threads)"
