"""Errors that end a run with a one-line message and exit code 2."""

from __future__ import annotations


class CriticError(Exception):
    """A problem the user can fix: bad input, bad config, bad usage."""


class InputError(CriticError):
    """An input file that cannot be read; names the file and the problem."""

    def __init__(self, source: str, problem: str) -> None:
        self.source = source
        self.problem = problem
        super().__init__(f"{source}: {problem}")


class ConfigError(CriticError):
    """An invalid configuration, rule pack or lexicon. `path` (the file), `key` (the setting or YAML key) and
    `rule` (the rule id) are set when known, so callers need not read them back out of the message."""

    def __init__(self, message: str, *, path: str | None = None, key: str | None = None,
                 rule: str | None = None) -> None:
        self.path = path
        self.key = key
        self.rule = rule
        super().__init__(message)
