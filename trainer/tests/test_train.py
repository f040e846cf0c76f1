"""Training: overfitting, the three modes, TL head replacement, MTL routing, determinism, resume, OOM."""
from __future__ import annotations

import json

import pytest
import torch

from conftest import read_predictions


def accuracy(pred_path, gold_path) -> float:
    gold = {json.loads(line)["id"]: json.loads(line)["label"] for line in open(gold_path, encoding="utf-8")}
    preds = read_predictions(pred_path)
    return sum(p["label"] == gold[p["id"]] for p in preds) / len(preds)


@pytest.fixture(scope="module")
def overfit_run(runner, tmp_path_factory):
    out = tmp_path_factory.mktemp("overfit") / "run"
    d = runner.data / "biored"
    cfg = runner.config(out, epochs=25, lr=3e-3, dropout=0.0, batch_size=8, warmup_ratio=0.0,
                        files={"train": str(d / "train.jsonl"), "fit": str(d / "train.jsonl"),
                               "test": str(d / "test.jsonl")})
    code, events = runner.run(cfg)
    assert code == 0, events.of("error")
    return out, events


def test_tiny_model_overfits_a_small_labelled_set(overfit_run, runner):
    out, events = overfit_run
    assert accuracy(out / "predictions" / "fit.jsonl", runner.data / "biored" / "train.jsonl") == 1.0
    losses = [e["loss"] for e in events.of("progress")]
    assert losses[-1] < losses[0] / 5


def test_single_mode_outputs_and_events(runner, tmp_path):
    code, events = runner.run(runner.config(tmp_path / "run"))
    assert code == 0
    names = [e["event"] for e in events.kept]
    assert names[0] == "start" and names[-1] == "done"
    assert {"progress", "eval", "checkpoint"} <= set(names)
    start, done = events.of("start")[0], events.of("done")[0]
    assert start["counts"] == {"train": 24, "dev": 9, "test": 12} and start["heads"] == {"default": 3}
    assert isinstance(start["tcmalloc"], bool) and start["versions"]["torch"] == torch.__version__
    assert len(events.of("eval")) == 3 and done["best_epoch"] in (1, 2, 3)
    preds = read_predictions(tmp_path / "run" / "predictions" / "test.jsonl")
    test_ids = [json.loads(line)["id"] for line in open(runner.data / "biored" / "test.jsonl")]
    assert [p["id"] for p in preds] == test_ids  # input order
    manifest_labels = json.loads((runner.data / "biored" / "manifest.json").read_text())["labels"]
    for p in preds:
        assert list(p["probs"]) == manifest_labels
        assert abs(sum(p["probs"].values()) - 1) < 1e-5 and p["label"] == max(p["probs"], key=p["probs"].get)
    timings = json.loads((tmp_path / "run" / "timings.json").read_text())
    assert [e["epoch"] for e in timings["epochs"]] == [1, 2, 3] and timings["device"] == "cpu"
    assert timings["predict"]["test"]["instances"] == 12 and timings["predict_seconds_per_1000"] > 0
    model_dir = tmp_path / "run" / "model"
    assert {"config.json", "model.safetensors", "tokenizer.json", "label_map.json", "heads.safetensors"} <= {
        p.name for p in model_dir.iterdir()}
    # what inference needs to build new texts as training did, copied from the manifest
    label_map = json.loads((model_dir / "label_map.json").read_text())
    manifest = json.loads((runner.data / "biored" / "manifest.json").read_text())
    assert label_map["prompt"] is True and label_map["view"] == "native" and label_map["task"] == "BioRED"
    assert label_map["profiles"] == manifest["profiles"] and label_map["tasks"] == manifest["tasks"]
    assert label_map["task_labels_only"] is False
    assert not (tmp_path / "run" / "checkpoint").exists()  # removed after success (keep_checkpoint: false)


def test_dev_selection_restores_the_best_epoch(runner, tmp_path):
    code, events = runner.run(runner.config(tmp_path / "run", epochs=4))
    assert code == 0
    evals = events.of("eval")
    best = max(evals, key=lambda e: e["f1"])
    first_best = next(e for e in evals if e["f1"] == best["f1"])
    assert events.of("done")[0]["best_epoch"] == first_best["epoch"]
    # the dev predictions written at the end come from the kept epoch: same loss as its eval event
    preds = read_predictions(tmp_path / "run" / "predictions" / "dev.jsonl")
    gold = [json.loads(line)["label"] for line in open(runner.data / "biored" / "dev.jsonl")]
    import math
    loss = -sum(math.log(p["probs"][g]) for p, g in zip(preds, gold)) / len(gold)
    assert abs(loss - first_best["loss"]) < 1e-4


def test_mtl_trains_one_head_per_task_and_routes_each_instance(runner, tmp_path):
    code, events = runner.run(runner.config(tmp_path / "run", dataset="mtl", mode="mtl"))
    assert code == 0, events.of("error")
    assert events.of("start")[0]["heads"] == {"BioRED": 3, "DDI": 3}
    tasks = json.loads((runner.data / "mtl" / "manifest.json").read_text())["tasks"]
    gold = {json.loads(line)["id"]: json.loads(line)["task"] for line in open(runner.data / "mtl" / "test.jsonl")}
    preds = read_predictions(tmp_path / "run" / "predictions" / "test.jsonl")
    assert {gold[p["id"]] for p in preds} == {"BioRED", "DDI"}
    for p in preds:
        assert list(p["probs"]) == tasks[gold[p["id"]]]  # scored by its own task's head


def test_mtl_loss_of_an_instance_comes_from_its_own_head(tiny_plm):
    from biorex_trainer.model import RelationClassifier, load_tokenizer_and_encoder

    _, encoder = load_tokenizer_and_encoder(str(tiny_plm), [])
    model = RelationClassifier(encoder, {"A": ["x", "y"], "B": ["p", "q", "r"]}, dropout=0.0).eval()
    ids = torch.tensor([[2, 10, 11, 3], [2, 12, 13, 3], [2, 14, 15, 3]])
    mask = torch.ones_like(ids)
    routed = model.routed_logits(ids, mask, ["B", "A", "B"])
    vectors = model.cls(ids, mask)
    assert routed["A"][0].tolist() == [1] and routed["B"][0].tolist() == [0, 2]
    assert torch.allclose(routed["A"][1], model.heads["A"](vectors[[1]]))
    assert torch.allclose(routed["B"][1], model.heads["B"](vectors[[0, 2]]))
    # a batch of task-B instances only: head A gets no gradient
    model.loss_sum(ids, mask, ["B", "B", "B"], torch.tensor([0, 2, 1])).backward()
    assert model.heads["A"].weight.grad is None and model.heads["B"].weight.grad.abs().sum() > 0


def test_tl_trains_stage1_then_a_new_head_on_the_target(runner, tmp_path, monkeypatch):
    from biorex_trainer.model import RelationClassifier

    swaps = []
    original = RelationClassifier.replace_heads

    def spy(self, heads):
        if "heads" not in self._modules:  # the constructor's first heads
            return original(self, heads)
        before = dict(self.heads)
        original(self, heads)
        swaps.append((before, dict(self.heads)))

    monkeypatch.setattr(RelationClassifier, "replace_heads", spy)
    d1 = runner.data / "mtl"
    cfg = runner.config(tmp_path / "run", mode="tl", stage1_manifest=str(d1 / "manifest.json"), stage1_epochs=2,
                        files={**runner.config(tmp_path)["files"], "stage1_train": str(d1 / "train.jsonl"),
                               "stage1_dev": str(d1 / "dev.jsonl")})
    code, events = runner.run(cfg)
    assert code == 0, events.of("error")
    stages = [(e["stage"], e["epoch"]) for e in events.of("eval")]
    assert stages == [("stage1", 1), ("stage1", 2), ("main", 1), ("main", 2), ("main", 3)]
    assert len(swaps) == 1
    before, after = swaps[0]
    assert before["default"].out_features == 6 and after["default"].out_features == 3  # stage-1 labels → target labels
    assert after["default"] is not before["default"]
    label_map = json.loads((tmp_path / "run" / "model" / "label_map.json").read_text())
    assert label_map["heads"] == {"default": ["Positive_Correlation", "Negative_Correlation", "None"]}


def test_same_seed_gives_identical_predictions_and_another_seed_does_not(runner, tmp_path):
    runs = {}
    for name, seed in (("a", 11), ("b", 11), ("c", 12)):
        code, _ = runner.run(runner.config(tmp_path / name, seed=seed, epochs=2))
        assert code == 0
        runs[name] = read_predictions(tmp_path / name / "predictions" / "test.jsonl")
    assert runs["a"] == runs["b"]
    assert runs["a"] != runs["c"]


@pytest.mark.parametrize("mode,stop_after", [("single", 5), ("single", 6), ("tl", 7), ("tl", 12)])
def test_resume_after_interruption_matches_an_uninterrupted_run(runner, tmp_path, mode, stop_after):
    extra = {}
    if mode == "tl":
        d1 = runner.data / "ddi"
        extra = {"mode": "tl", "stage1_manifest": str(d1 / "manifest.json"), "stage1_epochs": 2,
                 "files": {**runner.config(tmp_path)["files"], "stage1_train": str(d1 / "train.jsonl")}}
    code, _ = runner.run(runner.config(tmp_path / "full", **extra))
    assert code == 0
    # 24 instances / batch 4 = 6 steps per epoch: stop mid-epoch (5), at an epoch end (6);
    # TL stage 1 has 18 / 4 → 5 steps × 2 epochs: stop inside stage 1 (7) and inside stage 2 (12)
    code, events = runner.run(runner.config(tmp_path / "cut", stop_after_steps=stop_after, **extra))
    assert code == 143 and events.of("interrupted")[0]["signal"] == "stop_after_steps"
    assert events.of("checkpoint")[-1]["reason"] in ("signal", "epoch", "stage")
    assert not (tmp_path / "cut" / "predictions").exists()
    code, events = runner.run(runner.config(tmp_path / "cut", resume=True, **extra))
    assert code == 0 and events.of("start")[0]["resumed"] is True
    for split in ("dev", "test"):
        assert (read_predictions(tmp_path / "cut" / "predictions" / f"{split}.jsonl")
                == read_predictions(tmp_path / "full" / "predictions" / f"{split}.jsonl"))
    full = json.loads((tmp_path / "full" / "metrics.json").read_text())
    resumed = json.loads((tmp_path / "cut" / "metrics.json").read_text())
    strip = lambda evals: [{k: v for k, v in e.items() if k != "seconds"} for e in evals]  # noqa: E731
    assert strip(resumed["evals"]) == strip(full["evals"]) and resumed["best"] == full["best"]


def test_resume_refuses_a_checkpoint_from_other_settings(runner, tmp_path):
    code, _ = runner.run(runner.config(tmp_path / "run", stop_after_steps=2))
    assert code == 143
    code, events = runner.run(runner.config(tmp_path / "run", resume=True, lr=1e-4))
    assert code == 2 and "lr" in events.of("error")[0]["message"]


def test_oom_halves_the_micro_batch_and_keeps_the_effective_batch(tiny_plm):
    from biorex_trainer.events import EventWriter
    from biorex_trainer.model import RelationClassifier, load_tokenizer_and_encoder
    from biorex_trainer.runtime import make_runtime
    from biorex_trainer.train import MicroBatching, Split, _accumulate

    rt = make_runtime("cpu", "fp32", 1)
    torch.manual_seed(0)
    _, encoder = load_tokenizer_and_encoder(str(tiny_plm), [])
    model = RelationClassifier(encoder, {"default": ["a", "b", "c"]}, dropout=0.0).eval()  # eval: no dropout noise
    g = torch.Generator().manual_seed(1)
    ids = [[2] + torch.randint(5, encoder.config.vocab_size, (int(n),), generator=g).tolist() + [3]
           for n in torch.randint(4, 30, (16,), generator=g)]
    data = Split([None] * 16, ids, ["default"] * 16, [i % 3 for i in range(16)])
    window = [list(range(0, 8)), list(range(8, 16))]  # grad_accum 2, batch 8

    def grads():
        return torch.cat([p.grad.flatten() for p in model.parameters() if p.grad is not None])

    mb = MicroBatching(batch_size=8, grad_accum=2)
    loss = _accumulate(model, window, data, mb, rt, None, 0, None, lambda **kw: None)
    reference = grads().clone()
    model.zero_grad(set_to_none=True)

    real_loss_sum = model.loss_sum
    def fake_oom(input_ids, *args):  # "out of memory" for micro-batches above 2
        if input_ids.shape[0] > 2:
            raise torch.OutOfMemoryError("CUDA out of memory (fake)")
        return real_loss_sum(input_ids, *args)
    model.loss_sum = fake_oom
    events = EventWriter(keep=True)
    mb = MicroBatching(batch_size=8, grad_accum=2)
    loss_after = _accumulate(model, window, data, mb, rt, None, 0, None, lambda **kw: events("oom", **kw))
    assert mb.micro_batch == 2 and mb.split == 4
    assert [(e["micro_batch"], e["grad_accum"], e["effective_batch"]) for e in events.of("oom")] == [
        (4, 4, 16), (2, 8, 16)]
    assert abs(loss_after - loss) < 1e-5
    assert torch.allclose(grads(), reference, atol=1e-6)


def test_oom_at_micro_batch_one_is_an_oom_error(tiny_plm):
    from biorex_trainer.errors import TrainerError
    from biorex_trainer.model import RelationClassifier, load_tokenizer_and_encoder
    from biorex_trainer.runtime import make_runtime
    from biorex_trainer.train import MicroBatching, Split, _accumulate

    _, encoder = load_tokenizer_and_encoder(str(tiny_plm), [])
    model = RelationClassifier(encoder, {"default": ["a", "b"]}, dropout=0.0)
    model.loss_sum = lambda *a: (_ for _ in ()).throw(torch.OutOfMemoryError("fake"))
    data = Split([None] * 2, [[2, 5, 3], [2, 6, 3]], ["default"] * 2, [0, 1])
    with pytest.raises(TrainerError) as err:
        _accumulate(model, [[0, 1]], data, MicroBatching(2, 1), make_runtime("cpu", "fp32", 1), None, 0, None,
                    lambda **kw: None)
    assert err.value.kind == "oom"


@pytest.mark.parametrize("message, is_oom", [
    ("CUDA error: out of memory", True),  # the CUDA runtime, outside the caching allocator
    ("CUDA error: CUBLAS_STATUS_ALLOC_FAILED when calling `cublasCreate(handle)`", True),
    ("mat1 and mat2 shapes cannot be multiplied", False),  # a bug, not memory: must surface
])
def test_oom_that_arrives_as_a_runtime_error(tiny_plm, message, is_oom):
    from biorex_trainer.model import RelationClassifier, load_tokenizer_and_encoder
    from biorex_trainer.runtime import make_runtime
    from biorex_trainer.train import MicroBatching, Split, _accumulate

    _, encoder = load_tokenizer_and_encoder(str(tiny_plm), [])
    model = RelationClassifier(encoder, {"default": ["a", "b"]}, dropout=0.0)
    real_loss_sum = model.loss_sum

    def failing(input_ids, *args):
        if input_ids.shape[0] > 1:
            raise RuntimeError(message)
        return real_loss_sum(input_ids, *args)

    model.loss_sum = failing
    data = Split([None] * 2, [[2, 5, 3], [2, 6, 3]], ["default"] * 2, [0, 1])
    mb, ooms = MicroBatching(2, 1), []
    run = lambda: _accumulate(model, [[0, 1]], data, mb, make_runtime("cpu", "fp32", 1), None, 0, None,  # noqa: E731
                              lambda **kw: ooms.append(kw))
    if is_oom:
        assert float(run()) > 0 and mb.micro_batch == 1 and ooms == [{"micro_batch": 1, "grad_accum": 2,
                                                                     "effective_batch": 2}]
    else:
        with pytest.raises(RuntimeError, match="shapes"):
            run()
        assert ooms == []


def test_no_gradient_clipping_by_default_as_the_reference(runner, tmp_path, monkeypatch):
    """The authors' trainer never clips (docs/reference-method.md §4); clipping is opt-in (max_grad_norm)."""
    calls = []
    original = torch.nn.utils.clip_grad_norm_
    monkeypatch.setattr(torch.nn.utils, "clip_grad_norm_", lambda params, norm, *a, **k: calls.append(norm) or
                        original(params, norm, *a, **k))
    code, _ = runner.run(runner.config(tmp_path / "default", epochs=1))
    assert code == 0 and calls == []
    code, _ = runner.run(runner.config(tmp_path / "clipped", epochs=1, max_grad_norm=0.5))
    assert code == 0 and calls and set(calls) == {0.5}


def test_task_labels_only_predicts_each_instance_over_its_own_task_labels(runner, tmp_path):
    """A merged set (one head over the union of two tasks' labels): the reference's argmax is over every
    label; with task_labels_only the other task's logits are masked, so the probabilities are the
    full softmax renormalised over the instance's task labels."""
    d = runner.data / "mtl"
    tasks = json.loads((d / "manifest.json").read_text())["tasks"]
    files = {"train": str(d / "train.jsonl"), "test": str(d / "test.jsonl")}
    code, _ = runner.run(runner.config(tmp_path / "full", dataset="mtl", files=files, epochs=2))
    assert code == 0
    full = read_predictions(tmp_path / "full" / "predictions" / "test.jsonl")
    gold = {json.loads(line)["id"]: json.loads(line)["task"] for line in open(d / "test.jsonl")}
    assert all(len(p["probs"]) == 6 for p in full)  # one head over both tasks' labels

    # the same weights, predicted under the restriction (the trainer's predict follows label_map.json)
    model_dir = tmp_path / "full" / "model"
    label_map = json.loads((model_dir / "label_map.json").read_text())
    (model_dir / "label_map.json").write_text(json.dumps({**label_map, "task_labels_only": True}))
    out = tmp_path / "restricted.jsonl"
    from biorex_trainer.cli import main
    from biorex_trainer.events import EventWriter
    assert main(["predict", "--model", str(model_dir), "--in", str(d / "test.jsonl"), "--out", str(out),
                 "--threads", "1"], EventWriter(keep=True)) == 0
    restricted = read_predictions(out)
    for a, b in zip(full, restricted):
        own = tasks[gold[a["id"]]]
        z = sum(a["probs"][k] for k in own)
        for k, v in b["probs"].items():
            assert abs(v - (a["probs"][k] / z if k in own else 0.0)) < 1e-5, (a["id"], k)
        assert b["label"] in own and b["label"] == max(own, key=a["probs"].get)

    # trained with the option: predictions and dev selection use the restriction
    code, _ = runner.run(runner.config(tmp_path / "on", dataset="mtl", files=files, epochs=2, task_labels_only=True))
    assert code == 0
    for p in read_predictions(tmp_path / "on" / "predictions" / "test.jsonl"):
        assert p["label"] in tasks[gold[p["id"]]]
        assert all(v == 0.0 for k, v in p["probs"].items() if k not in tasks[gold[p["id"]]])
    assert json.loads((tmp_path / "on" / "model" / "label_map.json").read_text())["task_labels_only"] is True
