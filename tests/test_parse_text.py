"""Plain-text and Markdown parser, and the shared line functions."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from critic.model import Document
from critic.parse.blocks import Block
from critic.parse.detect import decode_text, looks_like_markdown
from critic.parse.text import clean_inline, is_caps_heading, looks_like_entry_header, parse_text, split_marker

REALWORLD = Path(__file__).resolve().parents[1].parent / "shared" / "realworld" / "resumes_text"


def parse(text: str, *, markdown: bool = False) -> list[Block]:
    return parse_text(textwrap.dedent(text).strip("\n"), Document(source="t", format="text"), markdown=markdown)


def pairs(blocks: list[Block], *, blanks: bool = False) -> list[tuple[str, str]]:
    return [(b.kind, b.text) for b in blocks if blanks or b.kind != "blank"]


# --- line functions -----------------------------------------------------------------------------------

@pytest.mark.parametrize("line, expected", [
    ("- Led the launch", ("-", "Led the launch")),
    ("* Led the launch", ("*", "Led the launch")),
    ("+ Led the launch", ("+", "Led the launch")),
    ("• Led the launch", ("•", "Led the launch")),
    ("•Led the launch", ("•", "Led the launch")),
    ("◦ Led", ("◦", "Led")),
    ("▪ Led", ("▪", "Led")),
    ("– Led", ("–", "Led")),
    ("\uf0b7\tLed", ("\uf0b7", "Led")),
    ("1. Led", ("1.", "Led")),
    ("12) Led", ("12)", "Led")),
    ("(a) Led", ("(a)", "Led")),
    ("(iv) Led", ("(iv)", "Led")),
    ("o Led the pilot", ("o", "Led the pilot")),
    ("o'clock standups", None),
    ("o and more", None),
    ("-5% churn", None),
    ("**Bold** start", None),
    ("2020. A year", None),
    ("3.5 years", None),
    ("–dash glued", None),
    ("(AI) platform", None),
    ("-", None),
])
def test_split_marker(line, expected):
    assert split_marker(line) == expected


@pytest.mark.parametrize("raw, gaps, expected", [
    ("E X P E R I E N C E", True, "EXPERIENCE"),
    ("W O R K  E X P E R I E N C E", True, "WORK EXPERIENCE"),
    ("S K I L L S & T O O L S", True, "SKILLS & TOOLS"),
    ("D A T A\tS C I E N C E", True, "DATA SCIENCE"),
    ("Product Manager\tJan 2020 – Present", True, "Product Manager | Jan 2020 – Present"),
    ("Acme Corp      Remote", True, "Acme Corp | Remote"),
    ("Acme Corp      Remote", False, "Acme Corp Remote"),
    ("Staff PM ........ 2019 – 2021", True, "Staff PM | 2019 – 2021"),
    ("Staff PM -------------- Boston", True, "Staff PM | Boston"),
    ("Built A B testing tool", True, "Built A B testing tool"),
    ("zero\u200bwidth\u00a0space\u00adsoft", True, "zerowidth spacesoft"),
    ("icon\uf0e0 mail@example.com", True, "icon mail@example.com"),
])
def test_clean_inline(raw, gaps, expected):
    assert clean_inline(raw, gaps=gaps) == expected


@pytest.mark.parametrize("text, caps, expected", [
    ("EXPERIENCE", False, True),
    ("WORK HISTORY:", False, True),
    ("PROJECTS (SELECTED)", False, True),
    ("PROJECTS (selected)", False, True),
    ("Experience", False, False),
    ("Experience", True, True),
    ("SQL, PYTHON, R", False, False),
    ("AWS 2021", False, False),
    ("LED THE TEAM.", False, False),
    ("A VERY LONG ALL CAPS LINE THAT GOES ON", False, False),
    ("工作经历", False, False),
    ("AI", False, False),
])
def test_is_caps_heading(text, caps, expected):
    assert is_caps_heading(text, caps=caps) is expected


@pytest.mark.parametrize("text, expected", [
    ("Senior PM, Acme — Jan 2020 – Present", True),
    ("Acme 2019-2021", True),
    ("Sept. 2018 to Feb 2020", True),
    ("多点 DMALL 2020.10 — 2026.04", True),
    ("Acme | Remote", True),
    ("Key achievements:", True),
    ("grew revenue in 2021 by a lot", False),
])
def test_looks_like_entry_header(text, expected):
    assert looks_like_entry_header(text) is expected


# --- plain text ----------------------------------------------------------------------------------

def test_plain_text_resume_blocks_and_line_numbers():
    blocks = parse("""
        JORDAN AVERY
        jordan@example.com | Seattle, WA

        SUMMARY
        AI product manager who ships evaluation-first features.

        EXPERIENCE
        Senior Product Manager, Quill AI — Mar 2021 – Present
        - Launched an LLM drafting assistant used by 30k teams
        - Set a 2% hallucination budget and the kill criteria for
          the beta, which we hit in week six
        * Cut p95 latency from 4.1 s to 1.3 s

        Product Manager, Ledgerly — 2018 – 2021
        • Shipped anomaly alerts for 1,200 finance teams
    """)
    assert pairs(blocks, blanks=True) == [
        ("heading", "JORDAN AVERY"),
        ("line", "jordan@example.com | Seattle, WA"),
        ("blank", ""),
        ("heading", "SUMMARY"),
        ("line", "AI product manager who ships evaluation-first features."),
        ("blank", ""),
        ("heading", "EXPERIENCE"),
        ("line", "Senior Product Manager, Quill AI — Mar 2021 – Present"),
        ("bullet", "Launched an LLM drafting assistant used by 30k teams"),
        ("bullet", "Set a 2% hallucination budget and the kill criteria for the beta, which we hit in week six"),
        ("bullet", "Cut p95 latency from 4.1 s to 1.3 s"),
        ("blank", ""),
        ("line", "Product Manager, Ledgerly — 2018 – 2021"),
        ("bullet", "Shipped anomaly alerts for 1,200 finance teams"),
    ]
    assert [b.line for b in blocks if b.kind == "bullet"] == [9, 10, 12, 15]
    assert [b.marker for b in blocks if b.kind == "bullet"] == ["-", "-", "*", "•"]


def test_underlined_headings_and_rules():
    blocks = parse("""
        Skills
        ======
        Python, SQL

        Education
        ---------
        MSc Statistics

        --------------------
        Footer note
    """)
    assert pairs(blocks, blanks=True) == [
        ("heading", "Skills"),
        ("line", "Python, SQL"),
        ("blank", ""),
        ("heading", "Education"),
        ("line", "MSc Statistics"),
        ("blank", ""),
        ("line", "Footer note"),
    ]
    assert [b.heading_level for b in blocks if b.kind == "heading"] == [1, 2]
    assert [b.line for b in blocks if b.kind == "heading"] == [1, 5]


def test_underlined_caps_heading_keeps_its_level():
    blocks = parse("""
        EXPERIENCE
        ==========
        Staff PM, Orbit
    """)
    assert pairs(blocks, blanks=True) == [("heading", "EXPERIENCE"), ("line", "Staff PM, Orbit")]
    assert blocks[0].heading_level == 1


def test_lazy_bullet_continuation_versus_new_entry():
    blocks = parse("""
        - Partnered with legal to define data retention rules for
        model training logs
        - Wrote the launch memo
        Data Scientist, Fathom Labs 2016 – 2018
        - Built the first churn model
    """)
    assert pairs(blocks) == [
        ("bullet", "Partnered with legal to define data retention rules for model training logs"),
        ("bullet", "Wrote the launch memo"),
        ("line", "Data Scientist, Fathom Labs 2016 – 2018"),
        ("bullet", "Built the first churn model"),
    ]


def test_numbered_items_and_nested_bullets_stay_separate():
    blocks = parse("""
        1. Framed the problem as ranking, not classification
        2) Ran a two-week shadow test
           - compared against the rules engine
        (a) Reported precision at 5
    """)
    assert pairs(blocks) == [
        ("bullet", "Framed the problem as ranking, not classification"),
        ("bullet", "Ran a two-week shadow test"),
        ("bullet", "compared against the rules engine"),
        ("bullet", "Reported precision at 5"),
    ]
    assert [b.marker for b in blocks] == ["1.", "2)", "-", "(a)"]


WRAPPED = """
    Acme Robotics | Product Lead | 2019 – 2023
        Owned the roadmap for the perception platform and the partnership with three OEMs
        that supply our depth cameras. Defined latency and accuracy targets with the ML
        team and set the rollback rule for every model update.
"""


def test_soft_wrapped_paragraph_is_one_block():
    assert pairs(parse(WRAPPED)) == [
        ("line", "Acme Robotics | Product Lead | 2019 – 2023"),
        ("line", "Owned the roadmap for the perception platform and the partnership with three OEMs that "
                 "supply our depth cameras. Defined latency and accuracy targets with the ML team and set the "
                 "rollback rule for every model update."),
    ]


def test_unmarked_achievement_lines_are_not_merged():
    blocks = parse("""
        Growth PM, Parcelly (2020 - 2022)
        Increased weekly retained senders from 31% to 38% with a nudge model
        Replaced manual fraud review for small parcels with a scored queue
        Mentored two associate PMs
    """)
    assert pairs(blocks) == [
        ("line", "Growth PM, Parcelly (2020 - 2022)"),
        ("line", "Increased weekly retained senders from 31% to 38% with a nudge model"),
        ("line", "Replaced manual fraud review for small parcels with a scored queue"),
        ("line", "Mentored two associate PMs"),
    ]


def test_label_columns_and_hanging_indents():
    blocks = parse("""
        Languages   Python SQL R Scala Go TypeScript Kotlin Swift Java Rust Bash Lua Julia Haskell
        Tools       Airflow dbt Looker Amplitude Mixpanel Databricks Snowflake Vertex Sagemaker
                    Weights and Biases
        Methods     A/B testing, causal inference
    """)
    assert pairs(blocks) == [
        ("line", "Languages | Python SQL R Scala Go TypeScript Kotlin Swift Java Rust Bash Lua Julia Haskell"),
        ("line", "Tools | Airflow dbt Looker Amplitude Mixpanel Databricks Snowflake Vertex Sagemaker "
                 "Weights and Biases"),
        ("line", "Methods | A/B testing, causal inference"),
    ]


def test_leader_lines_and_letter_spaced_heading():
    assert pairs(parse("""
        E X P E R I E N C E
        2019-2023    NOVA HEALTH, Senior PM ---------------------- Austin TX
    """)) == [
        ("heading", "EXPERIENCE"),
        ("line", "2019-2023 | NOVA HEALTH, Senior PM | Austin TX"),
    ]


def test_numbered_caps_line_is_a_heading():
    assert pairs(parse("""
        1. EXPERIENCE
        1. Led the pilot
    """)) == [("heading", "EXPERIENCE"), ("bullet", "Led the pilot")]


def test_crlf_and_tabs():
    blocks = parse_text("SKILLS\r\n-\tRoadmapping\r\n-\tPricing\r\n", Document("t", "text"), markdown=False)
    assert pairs(blocks) == [("heading", "SKILLS"), ("bullet", "Roadmapping"), ("bullet", "Pricing")]


def test_empty_text_warns():
    doc = Document(source="t", format="text")
    assert parse_text("\n\n   \n", doc, markdown=False) == []
    assert doc.warnings == ["no text found"]


# --- markdown ------------------------------------------------------------------------------------

MARKDOWN = """
---
title: Resume
layout: cv
---
<!-- private note:
     not for recruiters -->
# Sam Okafor

[sam.dev](https://sam.dev) · **AI Product Manager** · ![photo](me.png)

## Experience

### Staff PM — *Helix Search* | 2021 – Present
- **Launched** semantic search for [30 markets](https://example.com/markets), lifting CTR 12%
- [x] Defined the offline eval set with `nDCG@10`
- Ran a pricing test \\*without\\* discounts
  and kept margin flat

```python
print("ignored code")
```

| Skill | Level |
|-------|:-----:|
| SQL   | Expert |

Senior PM
=========
> Quoted praise from a manager
"""


def test_markdown_syntax_is_stripped():
    blocks = parse(MARKDOWN, markdown=True)
    assert pairs(blocks) == [
        ("heading", "Sam Okafor"),
        ("line", "sam.dev · AI Product Manager ·"),
        ("heading", "Experience"),
        ("heading", "Staff PM — Helix Search | 2021 – Present"),
        ("bullet", "Launched semantic search for 30 markets, lifting CTR 12%"),
        ("bullet", "Defined the offline eval set with nDCG@10"),
        ("bullet", "Ran a pricing test *without* discounts and kept margin flat"),
        ("line", "Skill | Level"),
        ("line", "SQL | Expert"),
        ("heading", "Senior PM"),
        ("line", "Quoted praise from a manager"),
    ]
    assert [b.heading_level for b in blocks if b.kind == "heading"] == [1, 2, 3, 1]
    assert blocks[0].line == 7  # front matter and the comment still count as lines


def test_markdown_bold_line_and_hard_break():
    text = "**Product Manager, Kite**  \nJan 2020 – Dec 2022\nPlain closing line\n"  # two-space hard break
    blocks = parse(text, markdown=True)
    assert pairs(blocks) == [
        ("line", "Product Manager, Kite"),
        ("line", "Jan 2020 – Dec 2022"),
        ("line", "Plain closing line"),
    ]
    assert blocks[0].bold and not blocks[1].bold


def test_markdown_resume_pasted_in_a_code_fence_is_read_as_text():
    blocks = parse("""
        ---
        title: cv
        ---
        ```text
        RILEY CHEN
        EXPERIENCE
        - Built the model monitoring dashboard
        ```
    """, markdown=True)
    assert pairs(blocks) == [
        ("heading", "RILEY CHEN"),
        ("heading", "EXPERIENCE"),
        ("bullet", "Built the model monitoring dashboard"),
    ]


def test_markdown_emphasis_leaves_snake_case_and_arithmetic_alone():
    blocks = parse("- Tuned max_tokens and top_k; 2 * 3 * 4 configs", markdown=True)
    assert pairs(blocks) == [("bullet", "Tuned max_tokens and top_k; 2 * 3 * 4 configs")]


# --- real files ----------------------------------------------------------------------------------

def _realworld() -> list[Path]:
    if not REALWORLD.is_dir():
        return []
    return sorted(p for p in REALWORLD.iterdir() if p.suffix in (".md", ".txt", ".markdown"))


@pytest.mark.skipif(not REALWORLD.is_dir(), reason=f"real-world text folder not found: {REALWORLD}")
@pytest.mark.parametrize("path", _realworld(), ids=lambda p: p.name[:40])
def test_realworld_text_resumes(path):
    text = decode_text(path.read_bytes(), path.name)
    blocks = parse_text(text, Document(source=path.name, format="text"), markdown=looks_like_markdown(text))
    content = [b for b in blocks if b.kind != "blank"]
    assert len(content) >= 10
    assert any(b.kind == "heading" for b in content)
    words_in = len(re.findall(r"\w+", text))
    words_out = sum(len(re.findall(r"\w+", b.text)) for b in content)
    assert words_out >= 0.85 * words_in  # Markdown syntax, URLs and front matter account for the rest
    for b in content:
        assert not re.search(r"[A-Za-z]{26,}", b.text), f"lost spaces: {b.text[:80]}"
        assert b.text[:2] not in ("- ", "* ", "• ", "# "), f"marker left in text: {b.text[:40]}"
        assert "**" not in b.text and "](" not in b.text


# --- committed fixtures (fixtures/resumes + fixtures/expected) -----------------------------------

from fixture_checks import check_fixture, fixture_pairs  # noqa: E402

TEXT_FIXTURES = fixture_pairs((".md", ".txt", ".markdown"))


@pytest.mark.skipif(not TEXT_FIXTURES, reason="no text/Markdown resume fixtures with expected JSON in fixtures/")
@pytest.mark.parametrize("path, expected", TEXT_FIXTURES, ids=lambda p: p.name)
def test_text_fixtures(path, expected):
    check_fixture(path, expected)


def test_a_campus_involvement_section_gives_its_roles_entries():
    from critic.parse import parse_bytes

    doc = parse_bytes(textwrap.dedent("""
        Sam Placeholder
        sam@example.com

        CAMPUS INVOLVEMENT
        Treasurer, Robotics Society — Sep 2023 – Present
        - Ran the society's budget of 40 members across two terms

        EXPERIENCE
        Product Intern, Invented Co — Jun 2024 – Aug 2024
        - Shipped a search filter for the help centre
    """).strip().encode(), "resume.txt")
    involvement = next(s for s in doc.sections if s.title.upper() == "CAMPUS INVOLVEMENT")
    assert involvement.kind == "experience"
    assert len(involvement.entries) == 1
    entry = involvement.entries[0]
    assert entry.header.startswith("Treasurer, Robotics Society") and entry.start == "2023-09"
    assert [i.text for i in involvement.entries[0].items][0].startswith("Ran the society's budget")
