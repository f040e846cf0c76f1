"""export-onnx: dynamic batch / sequence axes, logits equal to PyTorch within 1e-4."""
from __future__ import annotations

import json

import numpy as np
import pytest
import torch

from biorex_trainer.cli import main
from biorex_trainer.data import Tags, collate, encode_texts
from biorex_trainer.events import EventWriter
from biorex_trainer.model import load_model


@pytest.mark.parametrize("dataset,mode,head", [("biored", "single", None), ("mtl", "mtl", "DDI")])
def test_onnx_logits_match_pytorch(runner, tmp_path, dataset, mode, head):
    ort = pytest.importorskip("onnxruntime")
    code, _ = runner.run(runner.config(tmp_path / "run", dataset=dataset, mode=mode, epochs=1))
    assert code == 0
    events = EventWriter(keep=True)
    argv = ["export-onnx", "--model", str(tmp_path / "run" / "model")] + (["--head", head] if head else [])
    assert main(argv, events) == 0
    info = events.of("done")[0]
    assert info["onnx"] == str(tmp_path / "run" / "model.onnx") and info["inputs"] == ["input_ids", "attention_mask"]

    model, tokenizer, label_map = load_model(tmp_path / "run" / "model")
    head = head or "default"
    assert info["labels"] == label_map["heads"][head]
    texts = [json.loads(line)["text"] for line in open(runner.data / dataset / "test.jsonl")]
    ids = encode_texts(tokenizer, texts, 64, Tags.of(tokenizer, label_map["special_tokens"]))
    session = ort.InferenceSession(info["onnx"], providers=["CPUExecutionProvider"])
    graph_inputs = session.get_inputs()
    assert [i.name for i in graph_inputs] == ["input_ids", "attention_mask"]
    assert all(isinstance(d, str) for i in graph_inputs for d in i.shape)  # both axes dynamic
    for batch in (ids[:1], ids[:5], ids):  # different batch sizes and padded lengths
        inputs = collate(batch, tokenizer.pad_token_id)
        with torch.no_grad():
            expected = model(inputs["input_ids"], inputs["attention_mask"], head).numpy()
        got = session.run(["logits"], {k: v.numpy() for k, v in inputs.items()})[0]
        assert got.shape == expected.shape == (len(batch), len(info["labels"]))
        np.testing.assert_allclose(got, expected, atol=1e-4, rtol=0)


def test_onnx_export_of_an_mtl_model_takes_the_target_head_or_needs_one(runner, tmp_path):
    code, _ = runner.run(runner.config(tmp_path / "run", dataset="mtl", mode="mtl", epochs=1))
    assert code == 0
    model_dir = tmp_path / "run" / "model"
    events = EventWriter(keep=True)
    assert main(["export-onnx", "--model", str(model_dir)], events) == 0
    assert events.of("done")[0]["head"] == "BioRED"  # label_map.json's task: the manifest's target
    label_map = json.loads((model_dir / "label_map.json").read_text())
    (model_dir / "label_map.json").write_text(json.dumps({k: v for k, v in label_map.items() if k != "task"}))
    events = EventWriter(keep=True)
    assert main(["export-onnx", "--model", str(model_dir)], events) == 2
    assert "--head" in events.of("error")[0]["fix"]


def test_onnx_export_records_the_hashes_of_the_graph_and_of_its_model_folder(runner, tmp_path):
    import hashlib

    code, _ = runner.run(runner.config(tmp_path / "run", epochs=1))
    assert code == 0
    assert main(["export-onnx", "--model", str(tmp_path / "run" / "model")], EventWriter(keep=True)) == 0
    info = json.loads((tmp_path / "run" / "model.onnx.json").read_text())
    digest = lambda p: hashlib.sha256(p.read_bytes()).hexdigest()  # noqa: E731
    assert info["sha256"] == digest(tmp_path / "run" / "model.onnx")
    model_dir = tmp_path / "run" / "model"
    assert info["model_files"] == {p.name: digest(p) for p in sorted(model_dir.iterdir()) if p.is_file()}
    assert {"heads.safetensors", "model.safetensors", "label_map.json", "tokenizer.json"} <= set(info["model_files"])
    assert not list((tmp_path / "run").glob("*.tmp-*"))  # written under a temporary name, renamed
