"""critic: offline critique of AI product-manager resumes and interview answers.

Library use::

    import critic
    report = critic.review("resume.pdf")
    print(report.score, [e.rewrite.good for e in report.top_edits])
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["Report", "__version__", "review"]


def __getattr__(name: str) -> Any:
    """Import the review API lazily so `critic --help` stays fast."""
    if name in ("review", "Report"):
        from critic import api

        return getattr(api, name)
    raise AttributeError(f"module 'critic' has no attribute {name!r}")
