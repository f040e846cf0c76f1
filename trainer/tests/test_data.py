"""Context window, length-grouped batches, padding and instance validation."""
from __future__ import annotations

import json
import random
import statistics

import pytest

from biorex_trainer.data import (Tags, collate, encode_texts, fit_window, length_grouped_batches, load_manifest,
                                 read_instances, shuffled_batches)
from biorex_trainer.errors import TrainerError

SEP, C, C_END, G, G_END = 3, 901, 902, 903, 904
TAGS = Tags(frozenset({C, G}), frozenset({C_END, G_END}))


def body_with(length: int, marks: dict[int, list[int]]) -> list[int]:
    """Body token i is 10_000 + i (so positions can be read back); `marks` puts token runs at positions."""
    body = [10_000 + i for i in range(length)]
    for pos, run in marks.items():
        body[pos:pos + len(run)] = run
    return body


def positions(window: list[int]) -> list[int]:
    return [t - 10_000 for t in window if t >= 10_000]


def mention(tag: int, *content: int) -> list[int]:
    return [tag, *content, C_END if tag == C else G_END]


def test_window_keeps_prompt_and_both_entities_when_they_fit_together():
    prompt = [10, *mention(C, 50), 12, *mention(G, 60), SEP]
    body = body_with(600, {300: mention(C, 50), 340: mention(G, 60)})
    out = fit_window(prompt + body, 120, SEP, TAGS)
    assert len(out) == 120
    assert out[:len(prompt)] == prompt
    window = out[len(prompt):]
    assert window.count(C) == window.count(G) == 1 and C_END in window and G_END in window
    kept = positions(window)
    first, last = kept[0], kept[-1]
    assert last - first + 1 == len(window)  # one contiguous stretch of the body
    assert abs((300 - first) - (last - 342)) <= 2  # centred on the two mentions


def test_window_keeps_both_entities_when_they_are_far_apart():
    prompt = [10, 11, SEP]
    body = body_with(900, {50: mention(C, 50), 800: mention(G, 60)})
    out = fit_window(prompt + body, 64, SEP, TAGS)
    assert len(out) == 64 and out[:3] == prompt
    assert all(t in out[3:] for t in (C, C_END, 50, G, G_END, 60))  # both whole mentions


def test_window_uses_the_closest_pair_of_mentions():
    body = body_with(1000, {10: mention(C, 50), 700: mention(C, 50), 900: mention(G, 60)})
    out = fit_window([SEP] + body, 300, SEP, TAGS)
    kept = positions(out[1:])
    assert G in out and C in out
    assert 12 < min(kept) < 700 and max(kept) > 902  # around the mention at 700, not at 10


def test_window_tells_same_type_entities_apart_by_the_prompt():
    # Both entities are <G>: the prompt names A = (50 51) and B = (60). A variant (70) sits next to B.
    prompt = [*mention(G, 50, 51), 12, *mention(G, 60), SEP]
    body = body_with(1000, {100: mention(G, 50, 51), 690: mention(G, 70), 700: mention(G, 60)})
    out = fit_window(prompt + body, 80, SEP, TAGS)
    window = out[len(prompt):]
    assert 50 in window and 60 in window  # A and B both kept, although (70)+(60) is the tighter stretch


def test_window_without_prompt_keeps_two_different_mentions():
    body = body_with(1000, {100: mention(G, 50), 110: mention(G, 50), 800: mention(G, 60)})
    out = fit_window(body, 60, SEP, TAGS)
    assert 50 in out and 60 in out


def test_short_text_is_untouched_and_no_tags_keeps_the_head():
    ids = [1, 2, SEP, 4, 5]
    assert fit_window(ids, 10, SEP, TAGS) == ids
    assert fit_window([1, SEP] + list(range(200, 300)), 12, SEP, TAGS) == [1, SEP] + list(range(200, 210))


@pytest.mark.parametrize("style", ["reference", "workbench"])
def test_encode_texts_window_with_the_real_tokenizer(tiny_plm, style):
    if style == "reference":  # the authors' tags: different tags for the two entities
        tags = ["@ChemicalEntitySrc$", "@/ChemicalEntitySrc$", "@GeneOrGeneProductTgt$", "@/GeneOrGeneProductTgt$"]
        first, second = f"{tags[0]} aspirin {tags[1]}", f"{tags[2]} egfr {tags[3]}"
    else:  # instances/ tags: a gene-gene pair, both entities tagged <G>
        tags = ["<C>", "</C>", "<G>", "</G>"]
        first, second = "<G>tp53</G>", "<G>egfr</G>"
    filler = " ".join(["samples were collected from volunteers over two years ."] * 40)
    # workbench: a <G> mention next to egfr that is NOT the prompt's tp53 — the window must still keep tp53
    other = "<G>tp53 protein</G>" if style == "workbench" else "salicylate"
    text = (f"What is [Litcoin] between {first} and {second} ? [SEP] "
            f"{filler} {first} {filler} {other} and {second} inhibits it . {filler}")
    tok = tok_and_tags(tiny_plm, tags)
    ids = encode_texts(tok, [text], 64, Tags.of(tok, tags))[0].tolist()
    tokens = tok.convert_ids_to_tokens(ids)
    assert len(ids) == 64 and tokens[0] == "[CLS]" and tokens[-1] == "[SEP]"
    assert tokens[1:4] == ["what", "is", "["]
    body = tok.convert_tokens_to_string(tokens[tokens.index("[SEP]") + 1:])
    assert first.replace(" ", "") in body.replace(" ", "") and second.replace(" ", "") in body.replace(" ", ""), body


_TOKENIZERS: dict = {}


def tok_and_tags(plm, tags):
    from biorex_trainer.model import load_tokenizer_and_encoder

    key = (str(plm), tuple(tags))
    if key not in _TOKENIZERS:
        _TOKENIZERS[key] = load_tokenizer_and_encoder(str(plm), tags)[0]
    return _TOKENIZERS[key]


def test_length_grouped_batches_cover_every_instance_once_and_group_similar_lengths():
    rng = random.Random(0)
    lengths = [rng.randint(10, 512) for _ in range(2000)]
    batches = length_grouped_batches(lengths, 16, seed=3, epoch=0, group_size=20)
    flat = [i for b in batches for i in b]
    assert sorted(flat) == list(range(2000))
    assert all(len(b) <= 16 for b in batches)
    spread = statistics.mean(max(lengths[i] for i in b) - min(lengths[i] for i in b) for b in batches)
    random_spread = statistics.mean(max(lengths[i] for i in b) - min(lengths[i] for i in b)
                                    for b in shuffled_batches(2000, 16, 3, 0))
    assert spread < random_spread / 10
    # padded tokens: grouped batches waste far less than random ones
    waste = sum(len(b) * max(lengths[i] for i in b) for b in batches)
    random_waste = sum(len(b) * max(lengths[i] for i in b) for b in shuffled_batches(2000, 16, 3, 0))
    assert waste < 0.7 * random_waste


def test_length_grouped_batches_are_seeded_per_epoch():
    lengths = list(range(300))
    a = length_grouped_batches(lengths, 8, seed=1, epoch=0)
    assert a == length_grouped_batches(lengths, 8, seed=1, epoch=0)
    assert a != length_grouped_batches(lengths, 8, seed=1, epoch=1)
    assert a != length_grouped_batches(lengths, 8, seed=2, epoch=0)


def test_collate_pads_to_the_longest_of_the_batch():
    batch = collate([[2, 5, 6, 3], [2, 7, 3]], pad_id=0)
    assert batch["input_ids"].tolist() == [[2, 5, 6, 3], [2, 7, 3, 0]]
    assert batch["attention_mask"].tolist() == [[1, 1, 1, 1], [1, 1, 1, 0]]
    assert collate([[2, 3]], 0, pad_to=6)["input_ids"].shape == (1, 6)


def test_read_instances_rejects_labels_absent_from_the_manifest(tmp_path):
    from conftest import FIXTURES

    good = read_instances([FIXTURES / "train.jsonl"], ["None", "Association", "Positive_Correlation"])
    assert [x.label for x in good][:2] == ["Positive_Correlation", "None"]
    with pytest.raises(TrainerError) as err:
        read_instances([FIXTURES / "bad_label.jsonl"], ["None", "Association"])
    assert err.value.kind == "data" and "bad_label.jsonl:1" in err.value.message and "Bind" in err.value.message
    with pytest.raises(TrainerError, match="task 'Handmade' has no head"):
        read_instances([FIXTURES / "train.jsonl"], {"BioRED": ["None"]})
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"id": "a", "text": "x", "label": "None"}\n{not json\n')
    with pytest.raises(TrainerError, match="broken.jsonl:2"):
        read_instances([broken], ["None"])


def test_manifest_prompt_is_read_and_checked(tmp_path):
    base = {"labels": ["None", "Bind"], "negativeLabels": ["None"], "specialTokens": ["<G>", "</G>"]}
    for prompt, expected in ((True, True), (False, False), (None, None)):
        path = tmp_path / f"m-{prompt}.json"
        path.write_text(json.dumps({**base, **({} if prompt is None else {"prompt": prompt})}))
        assert load_manifest(path).prompt is expected  # None: an older manifest that does not say
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({**base, "prompt": "yes"}))
    with pytest.raises(TrainerError, match="`prompt` must be true or false"):
        load_manifest(bad)
