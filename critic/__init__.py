"""critic: offline critique of AI product-manager resumes and interview answers."""

from __future__ import annotations

__version__ = "0.1.0"
