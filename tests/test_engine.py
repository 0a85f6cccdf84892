"""The rule engine: schema validation, rule kinds, packs, selection, documents and evidence."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
import yaml

from critic.engine import Engine, register
from critic.errors import ConfigError
from critic.model import Document, Entry, Item, Section

EXAMPLES = {"flag": ["a", "b", "c"], "pass": ["d", "e", "f"]}
REWRITE = {"action": "append", "template": " because [why]",
           "placeholders": [{"text": "[why]", "question": "Why?", "sample": "it was cheaper"}],
           "example": {"bad": "x", "good": "y"}}


def write_rule(folder: Path, rule_id: str, det: dict, *, theme: str = "pack", **extra) -> Path:
    """Write a valid rule file, with `extra` keys replacing defaults (None drops a key)."""
    data = {"id": rule_id, "applies_to": ["bullet", "answer"], "severity": "info", "message": "test rule",
            "description": "why it matters (seed 000)", "detection": det, "examples": EXAMPLES,
            "rewrite": REWRITE, "source": "seed 000"}
    data.update(extra)
    data = {k: v for k, v in data.items() if v is not None}
    path = folder / theme / f"{rule_id}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine()


def pack_engine(tmp_path: Path, **kwargs) -> Engine:
    return Engine(rule_dirs=[tmp_path], select=kwargs.pop("select", None), **kwargs)


# -- schema ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("change, message", [
    ({"colour": "red"}, "unknown key 'colour'"),
    ({"severity": "fatal"}, "'severity' must be one of"),
    ({"applies_to": ["tweet"]}, "'applies_to'"),
    ({"confidence": 2}, "'confidence'"),
    ({"needs": ["ner"]}, "'needs'"),
    ({"examples": {"flag": ["a"], "pass": ["d", "e", "f"]}}, "at least 3"),
    ({"examples": {"flag": ["a", "b", "c"], "pass": ["d", "e", "f"], "maybe": []}}, "unknown key 'maybe' in examples"),
    ({"detection": {"kind": "existence"}}, "needs 'match'"),
    ({"detection": {"kind": "telepathy", "match": []}}, "unknown detection kind"),
    ({"detection": {"kind": "existence", "match": [{"phrase": "x"}], "extra": 1}}, "unknown key 'extra' in detection"),
    ({"rewrite": {**REWRITE, "template": " by 40% [why]"}}, "must not contain numbers"),
    ({"rewrite": {**REWRITE, "tone": "kind"}}, "unknown key 'tone' in rewrite"),
    ({"rewrite": {**REWRITE, "placeholders": [{"text": "[why]", "question": "Why?"}]}}, "sample"),
    ({"rewrite": {**REWRITE, "template": " because [why] and [how]"}}, "has no entry"),
    ({"rewrite": {**REWRITE, "role": "kill-switch"}}, "'rewrite.role' must be one of"),
    ({"rewrite": {**REWRITE, "rank": -1}}, "'rewrite.rank'"),
    ({"rewrite": {**REWRITE, "answers": ["everything"]}}, "'rewrite.answers'"),
    ({"rewrite": {**REWRITE, "restate": "yes"}}, "'rewrite.restate' must be true or false"),
    ({"rewrite": {**REWRITE, "forms": {"poem": "Why: [why]."}}}, "unknown key 'poem' in rewrite.forms"),
    ({"rewrite": {**REWRITE, "forms": {"note": "Why: [why] in 3 days."}}}, "rewrite.forms.note' must not contain numbers"),
    ({"rewrite": {**REWRITE, "types": {"honour": " because [why]"}}}, "unknown key 'honour' in rewrite.types"),
    ({"rewrite": {**REWRITE, "types": {"scope": " for [whom]"}}}, "rewrite.types.scope placeholder [whom] has no entry"),
    ({"rewrite": {**REWRITE, "participation": "did [why] myself"}}, "'rewrite.participation' must be one placeholder"),
    ({"rewrite": {**REWRITE, "named": " by 5 [why]"}}, "'rewrite.named' must not contain numbers"),
])
def test_schema_rejects_bad_rules_naming_file_and_problem(tmp_path: Path, change: dict, message: str) -> None:
    write_rule(tmp_path, "bad-rule", {"kind": "existence", "match": [{"phrase": "synergy"}]}, **change)
    with pytest.raises(ConfigError) as err:
        pack_engine(tmp_path)
    assert "bad-rule.yaml" in str(err.value)
    assert message in str(err.value)
    assert err.value.path is not None and err.value.path.endswith("bad-rule.yaml") and err.value.rule == "bad-rule"


def test_id_must_match_file_stem(tmp_path: Path) -> None:
    path = write_rule(tmp_path, "one-rule", {"kind": "existence", "match": [{"phrase": "synergy"}]})
    path.rename(path.with_name("other-name.yaml"))
    with pytest.raises(ConfigError, match="does not match the file name"):
        pack_engine(tmp_path)


def test_duplicate_rule_id_with_builtin_is_rejected(tmp_path: Path) -> None:
    write_rule(tmp_path, "black-box-language", {"kind": "existence", "match": [{"phrase": "synergy"}]})
    with pytest.raises(ConfigError, match="already defined") as err:
        pack_engine(tmp_path)
    assert (err.value.rule, err.value.key) == ("black-box-language", "id")


@pytest.mark.parametrize("matcher, message", [
    ({"lexicon": "no-such-lexicon"}, "unknown lexicon"),
    ({"regex": "(unclosed"}, "invalid regex"),
    ({"pattern": [{"LOWER": {"IN": "not-a-list"}}]}, "invalid token pattern"),
    ({"entity": "PERSON"}, "unknown entity"),
    ({"number": "huge"}, "'number' must be one of"),
    ({"phrase": "x", "regex": "y"}, "exactly one of"),
    ({"phrase": "x", "colour": 1}, "unknown matcher key"),
    ({"shape": "table"}, "'shape' must be one of"),
    ({"item": "tweet"}, "'item' must be one of"),
    ({"item": []}, "'item' must be one of"),
    ({"phrase": "x", "message": "two\nlines"}, "'message' must be one line"),
    ({"phrase": "x", "message": 3}, "'message' must be one line"),
])
def test_bad_matchers_are_config_errors(tmp_path: Path, matcher: dict, message: str) -> None:
    write_rule(tmp_path, "bad-matcher", {"kind": "existence", "match": [matcher]})
    with pytest.raises(ConfigError, match=message):
        pack_engine(tmp_path)


def test_bad_lexicon_file_is_rejected(tmp_path: Path) -> None:
    lex = tmp_path / "lex"
    lex.mkdir()
    (lex / "buzz.yaml").write_text("entries: [synergy]\nflavour: sweet\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown key 'flavour'") as err:
        Engine(lexicon_dirs=[lex])
    assert (err.value.key, Path(err.value.path or "").name) == ("flavour", "buzz.yaml")


# -- kinds -------------------------------------------------------------------------------------------

def test_existence_with_pack_lexicon_and_guard(tmp_path: Path) -> None:
    lex = tmp_path / "lex"
    lex.mkdir()
    (lex / "buzzwords.txt").write_text("# buzz\nsynergy\nparadigm shift\n", encoding="utf-8")
    rules = tmp_path / "rules"
    write_rule(rules, "buzzword", {"kind": "existence", "match": [{"lexicon": "buzzwords"}],
                                   "guards": [{"phrase": "ironically"}]})
    eng = Engine(rule_dirs=[rules], lexicon_dirs=[lex], select=["buzzword"])
    found = eng.check([("Drove synergies across teams.", "bullet")])[0]
    assert [f.rule for f in found] == ["buzzword"]
    match = found[0].evidence[0]
    assert (match.kind, match.text, match.start, match.end) == ("match", "synergies", 6, 15)
    assert any(e.kind == "guard" for e in found[0].evidence)
    assert eng.check([("Ironically, drove synergy.", "bullet")])[0] == []
    assert eng.check([("Drove alignment.", "bullet")])[0] == []


def test_absence_kind(tmp_path: Path) -> None:
    write_rule(tmp_path, "needs-number", {"kind": "absence", "scope": [{"phrase": "launch"}],
                                          "require_any": [{"number": "measure"}]})
    eng = pack_engine(tmp_path, select=["needs-number"])
    assert [f.rule for f in eng.check([("Launched the bot.", "bullet")])[0]] == ["needs-number"]
    assert eng.check([("Launched the bot to 40% of users.", "bullet")])[0] == []
    assert eng.check([("Wrote the spec.", "bullet")])[0] == []  # out of scope


def test_shape_and_item_matchers(tmp_path: Path) -> None:
    write_rule(tmp_path, "plan-words", {"kind": "conditional", "scope": [{"item": "answer"}, {"entity": "AI_TERM"}],
                                        "if": [{"phrase": "launch"}], "unless": [{"regex": r"\bif\b"}],
                                        "guards": [{"shape": "list"}]}, applies_to=["bullet", "answer"])
    eng = pack_engine(tmp_path, select=["plan-words"])
    assert len(eng.check([("We'll launch next week.", "answer")])[0]) == 1          # answers are always in scope
    assert eng.check([("Launched the new onboarding flow.", "bullet")])[0] == []      # a bullet needs AI context
    found = eng.check([("Launched the ranking model.", "bullet")])[0]
    assert [f.rule for f in found] == ["plan-words"]
    assert eng.check([("Launch, pricing, ranking model", "bullet")])[0] == []          # a list of names: guarded
    assert eng.check([("We'll launch if churn stays flat.", "answer")])[0] == []


def test_a_matchers_message_names_the_finding_when_every_hit_is_its_own(tmp_path: Path) -> None:
    write_rule(tmp_path, "buzz", {"kind": "existence", "match": [
        {"phrase": "synergy", "label": "synergy", "message": "Synergy names no result."},
        {"phrase": "leverage", "label": "leverage"}]}, message="A buzzword stands in for the claim.")
    eng = pack_engine(tmp_path, select=["buzz"])
    [only] = eng.check([("Drove synergy across the sales pods.", "bullet")])[0]
    assert only.message == "Synergy names no result."
    [both] = eng.check([("Drove synergy and leverage across the sales pods.", "bullet")])[0]
    assert both.message == "A buzzword stands in for the claim."  # another hit: the rule's own message
    [other] = eng.check([("Used leverage across the sales pods.", "bullet")])[0]
    assert other.message == "A buzzword stands in for the claim."


def test_black_box_language_on_a_line_with_no_ai_says_what_it_found(engine: Engine) -> None:
    """A participation opening on a line with no AI is not told that AI work was credited away."""
    plain = [f for f in engine.check([("Participated in the redesign of the returns portal.", "bullet")])[0]
             if f.rule == "black-box-language"]
    ai = [f for f in engine.check([("Worked with the ML team on the fraud model.", "bullet")])[0]
          if f.rule == "black-box-language"]
    assert plain and "AI" not in plain[0].message and "participation" in plain[0].message
    assert ai and ai[0].message == engine.rule("black-box-language").message


def test_conditional_kind(tmp_path: Path) -> None:
    write_rule(tmp_path, "if-not", {"kind": "conditional", "if": [{"phrase": "retrain"}],
                                    "unless": [{"regex": r"\bif\b"}]})
    eng = pack_engine(tmp_path, select=["if-not"])
    assert len(eng.check([("We retrain monthly.", "answer")])[0]) == 1
    assert eng.check([("We retrain if drift is high.", "answer")])[0] == []


def test_co_occurrence_kind_same_sentence(tmp_path: Path) -> None:
    write_rule(tmp_path, "both", {"kind": "co-occurrence", "same_sentence": True,
                                  "all_of": [[{"entity": "AI_RISK"}], [{"number": "measure"}]]})
    eng = pack_engine(tmp_path, select=["both"])
    assert len(eng.check([("Latency fell 30%.", "answer")])[0]) == 1
    assert eng.check([("Latency fell. Revenue rose 30%.", "answer")])[0] == []


def test_sequence_kind_in_the_opening(tmp_path: Path) -> None:
    write_rule(tmp_path, "tech-before-user", {"kind": "sequence", "first": [{"lexicon": "techniques"}],
                                            "then": [{"phrase": "user"}], "opening": {"sentences": 2, "fraction": 0.5}},
               applies_to=["answer"])
    eng = pack_engine(tmp_path, select=["tech-before-user"])
    assert len(eng.check([("I'd use RAG with embeddings. Then I'd ask what the user needs.", "answer")])[0]) == 1
    assert eng.check([("First, what does the user need? Then maybe RAG.", "answer")])[0] == []


def test_function_kind_and_document_absence(tmp_path: Path) -> None:
    @register("test-long-item")
    def long_item(rule, ctx):
        return [] if len(ctx.text.split()) > rule.params["max_words"] else None

    write_rule(tmp_path, "too-long", {"kind": "function", "function": "test-long-item", "params": {"max_words": 5}})
    write_rule(tmp_path, "no-number-anywhere", {"kind": "document-absence", "require_any": [{"number": "measure"}]},
               applies_to=["document"], rewrite=None)
    eng = pack_engine(tmp_path, select=["too-long", "no-number-anywhere"])
    assert [f.rule for f in eng.check([("one two three four five six", "bullet")])[0]] == ["too-long"]
    doc = _doc(["Launched the bot.", "Wrote the spec."])
    per_item, doc_level = eng.check_document(doc)
    assert [f.rule for f in doc_level] == ["no-number-anywhere"]
    assert doc_level[0].item_id is None
    per_item, doc_level = eng.check_document(_doc(["Launched the bot.", "Cut costs 20%."]))
    assert doc_level == []


def test_unknown_function_is_rejected(tmp_path: Path) -> None:
    write_rule(tmp_path, "mystery", {"kind": "function", "function": "no-such-function"})
    with pytest.raises(ConfigError, match="unknown function"):
        pack_engine(tmp_path)


def test_rules_needing_pos_are_skipped_with_a_notice(tmp_path: Path) -> None:
    write_rule(tmp_path, "needs-pos", {"kind": "existence", "match": [{"pattern": [{"POS": "VERB"}]}]}, needs=["pos"])
    eng = pack_engine(tmp_path)
    assert "needs-pos" not in {r.id for r in eng.rules}
    assert any("needs-pos" in n and "POS" in n and "--spacy-model" in n for n in eng.notices)


# -- selection, severity, documents -----------------------------------------------------------------

def test_select_ignore_and_severity_overrides() -> None:
    eng = Engine(select=["missing-quantification", "black-box-language"], ignore=["black-box-language"],
                 severity={"missing-quantification": "error"})
    assert [r.id for r in eng.rules] == ["missing-quantification"]
    found = eng.check([("Partnered with the ML team on smarter search.", "bullet")])[0]
    assert [(f.rule, f.severity) for f in found] == [("missing-quantification", "error")]
    assert eng.rule("black-box-language").id == "black-box-language"  # still described


@pytest.mark.parametrize("kwargs", [{"select": ["nope"]}, {"ignore": ["nope"]}, {"severity": {"nope": "info"}},
                                    {"severity": {"missing-quantification": "loud"}}])
def test_unknown_rule_or_severity_is_a_config_error(kwargs: dict) -> None:
    with pytest.raises(ConfigError) as err:
        Engine(**kwargs)
    key, value = next(iter(kwargs.items()))
    assert err.value.key == key
    assert err.value.rule == (value[0] if isinstance(value, list) else next(iter(value)))


def test_rule_lookup_unknown(engine: Engine) -> None:
    with pytest.raises(ConfigError, match="unknown rule") as err:
        engine.rule("no-such-rule")
    assert (err.value.rule, err.value.path) == ("no-such-rule", None)


def _doc(texts: list[str], kind: str = "bullet") -> Document:
    items = [Item(id=f"item-{i}", kind=kind, text=t) for i, t in enumerate(texts, 1)]
    items.append(Item(id="line-1", kind="line", text="Jane Doe | jane@example.com"))
    return Document(source="t.txt", format="text",
                    sections=[Section(kind="experience", title="Experience", entries=[Entry(items=items)])])


def test_check_document_judges_items_and_document(engine: Engine) -> None:
    doc = _doc(["Partnered with the ML team on better playlist ranking.",
                "Cut inference cost per query by 41% by moving to a distilled model, accepting a 2-point quality drop."])
    per_item, doc_level = engine.check_document(doc)
    assert set(per_item) == {"item-1", "item-2"}  # "line" items are not judged
    assert "black-box-language" in [f.rule for f in per_item["item-1"]]
    assert all(f.item_id == "item-1" for f in per_item["item-1"])
    assert "missing-quantification" not in [f.rule for f in per_item["item-2"]]
    rules = [f.rule for f in doc_level]
    assert "no-kill-criteria-anywhere" in rules
    assert "no-trade-off-anywhere" not in rules
    assert "no-quantified-ai-risk" not in rules


def test_findings_sorted_and_deterministic(engine: Engine) -> None:
    text = "We launched the ranker and kept an eye on it."
    first = [json.dumps(f.to_dict(explain=True), sort_keys=True) for f in engine.check([(text, "answer")])[0]]
    again = [json.dumps(f.to_dict(explain=True), sort_keys=True) for f in Engine().check([(text, "answer")])[0]]
    assert first == again
    rules = [f.rule for f in engine.check([(text, "answer")])[0]]
    assert rules == sorted(rules) and "missing-kill-criteria" in rules


def test_check_texts_matches_check_text(engine: Engine) -> None:
    pairs = [("Improved user satisfaction.", "bullet"), ("We'll monitor and fix.", "answer")]
    batch = engine.check(pairs)
    single = [engine.check([(t, k)])[0] for t, k in pairs]
    assert [[f.rule for f in fs] for fs in batch] == [[f.rule for f in fs] for fs in single]


def test_bad_item_kind_is_rejected(engine: Engine) -> None:
    with pytest.raises(ValueError):
        engine.check([("text", "tweet")])[0]


def test_evidence_offsets_point_into_the_text(engine: Engine) -> None:
    text = "Honestly, engineering will handle it."
    finding = next(f for f in engine.check([(text, "answer")])[0] if f.rule == "black-box-language")
    match = next(e for e in finding.evidence if e.kind == "match")
    assert text[match.start:match.end] == match.text
    assert "engineering" in match.text.lower()
    assert 0 < finding.confidence <= 1


def test_absence_evidence_reads_the_numbers(engine: Engine) -> None:
    finding = next(f for f in engine.check([("Migrated to TensorFlow 2.8 in Q3 2024.", "bullet")])[0]
                   if f.rule == "missing-quantification")
    numbers = {(e.text, e.source) for e in finding.evidence if e.kind == "number"}
    assert ("TensorFlow 2.8", "not-measure:model") in numbers
    assert ("Q3", "not-measure:quarter") in numbers


def test_pack_rule_with_examples_is_loaded_alongside_builtins(tmp_path: Path) -> None:
    write_rule(tmp_path, "buzz", {"kind": "existence", "match": [{"phrase": "synergy"}]})
    eng = pack_engine(tmp_path)
    ids = {r.id for r in eng.rules}
    assert {"buzz", "missing-quantification"} <= ids
    assert eng.rule("buzz").theme == "pack"


def test_documentation_of_kinds_matches_schema() -> None:
    from critic.engine import kinds

    doc = textwrap.dedent(kinds.__doc__ or "")
    assert len(kinds.KINDS) == 7
    for kind in kinds.KINDS:
        assert f"- {kind}:" in doc


def test_a_kind_is_one_class(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A Kind subclass registered under a name is a rule kind: the schema takes its keys, the engine its
    verdicts, with scope, guards and min_words applied around it as for every item kind."""
    from critic.engine.kinds import KINDS, Kind, match_evidence
    from critic.engine.matchers import first_hits

    class Repeated(Kind):
        """Flag when `word` fires at least `times` times."""

        name = "repeated"
        keys = frozenset({"word", "times"})
        required = ("word",)
        matcher_keys = ("word",)

        def find(self, rule, ctx):
            hits = first_hits(rule.parts["word"], ctx)
            return match_evidence(hits) if len(hits) >= rule.rule.detection.get("times", 2) else None

    monkeypatch.setitem(KINDS, "repeated", Repeated())
    write_rule(tmp_path, "echo", {"kind": "repeated", "word": [{"phrase": "very"}], "times": 2,
                                  "guards": [{"phrase": "quote"}]})
    eng = pack_engine(tmp_path)
    assert [f.rule for f in eng.check([("A very, very fast ranker.", "bullet")])[0] if f.rule == "echo"] == ["echo"]
    assert not [f for f in eng.check([("A very fast ranker.", "bullet")])[0] if f.rule == "echo"]
    assert not [f for f in eng.check([("A very, very fast quote.", "bullet")])[0] if f.rule == "echo"]
    assert eng.flagged([("A very, very fast ranker.", "bullet", {"echo"})]) == [["echo"]]
    write_rule(tmp_path, "echo", {"kind": "repeated", "word": [{"phrase": "very"}], "often": 2})
    with pytest.raises(ConfigError, match="unknown key 'often'"):
        pack_engine(tmp_path)


def test_unquoted_yaml_boolean_in_a_pattern_gets_a_clear_message(tmp_path: Path) -> None:
    lex = tmp_path / "lex"
    lex.mkdir()
    (lex / "switches.yaml").write_text("patterns:\n  - - LEMMA: turn\n    - LOWER: {IN: [on, off]}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="quote words"):
        Engine(lexicon_dirs=[lex])
