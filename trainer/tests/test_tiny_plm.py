"""make-tiny-plm must give the same tokenizer and weights on every run (run hashes and the quickstart depend on it)."""
from pathlib import Path

from biorex_trainer.tiny_plm import deterministic_wordpiece_vocab, make_tiny_plm


def test_vocab_is_deterministic_and_ordered():
    lines = ["BRCA1 binds TP53 .", "TP53 binds BRCA1 ; BRCA1 again", "zeta zeta"]
    v1 = deterministic_wordpiece_vocab(iter(lines), 100)
    v2 = deterministic_wordpiece_vocab(iter(reversed(lines)), 100)
    assert v1 == v2
    assert list(v1)[:5] == ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    # words seen twice or more come after the characters, most frequent first
    assert list(v1).index("brca1") < list(v1).index("binds")
    assert "again" not in v1  # seen once: below min_frequency
    assert "##z" in v1


def test_two_builds_are_byte_identical(tmp_path: Path):
    text = tmp_path / "t.txt"
    text.write_text("Alpha binds beta.\nBeta inhibits gamma in alpha cells.\n" * 3)
    a = make_tiny_plm([text], tmp_path / "a", hidden=32, layers=1, heads=1, max_position=64)
    b = make_tiny_plm([text], tmp_path / "b", hidden=32, layers=1, heads=1, max_position=64)
    for name in ("tokenizer.json", "model.safetensors"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
