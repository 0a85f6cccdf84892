"""`critic serve`: a local web page to open a resume, see its findings on the page, answer the questions
beside each bullet with the re-check running as you type, and download the improved resume.

Local only: binds 127.0.0.1 on a free port, behind a random token in the URL, with the Host header
checked (no DNS rebinding) and uploads capped and parsed in the same sandbox as the command line.
Files stay in this process's memory and are gone when it stops.
"""

from __future__ import annotations

from critic.serve.app import ServeSettings, create_app

__all__ = ["ServeSettings", "create_app"]
