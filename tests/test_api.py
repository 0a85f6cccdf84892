"""The library API: critic.review on paths and bytes."""

from __future__ import annotations

import critic

ENGLISH = """Dana Whitfield

EXPERIENCE
Senior Product Manager, Orbit Labs   2021 – Present
- Worked with the ML team to improve search relevance.
- Cut inference cost by 38% by routing easy queries to a distilled model, accepting a 2% recall drop.
"""

CHINESE = """张伟

工作经历
- 负责推荐系统的产品规划，与算法团队合作提升点击率。
- 主导智能客服项目上线，降低人工客服成本。
"""


def test_review_bytes_finds_black_box_language() -> None:
    report = critic.review(ENGLISH.encode(), name="dana.txt")
    flagged = {f.rule for r in report.items for f in r.findings}
    assert "black-box-language" in flagged
    assert 0 <= report.score < 100


def test_non_english_document_is_not_judged() -> None:
    report = critic.review(CHINESE.encode(), name="zh.txt")
    assert report.items, "the items are still parsed"
    assert not any(r.findings for r in report.items)
    assert any("does not read as English" in w for w in report.document.warnings)
