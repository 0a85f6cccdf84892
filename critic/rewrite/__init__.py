"""BAD -> GOOD rewrites built from an item's own words plus the raised rules' ``rewrite:`` data.

A rewrite never invents a fact: everything only the candidate knows becomes a ``[placeholder]`` with a
one-line question. The package's modules, leaves first:

- ``model``: :class:`Placeholder` and :class:`Rewrite` (imported by the report layer; imports nothing here);
- ``text`` and ``verbs``: joining, tidying and inflecting words; ``item``: an item's tokens and sentences;
- ``roles``: each rule's part (role, rank, sentence forms) read from its YAML ``rewrite:`` block;
- ``restate``: weak ownership phrasing restated in place; ``answer``: an interview answer's GOOD (the
  sentence that hands the call away replaced, a known question's missing cover points asked);
  ``compose``: building GOOD (answers go to ``answer``);
- ``guards``: the checks that keep a rewrite honest (no invented number, the rule cleared, content kept);
- ``quality``: the figures a coach reads rewrites by (placeholders, length, redundant asks, damaged words).
"""

from critic.rewrite.compose import (
    LONG_ITEM_WORDS,
    NO_REWRITE_TYPES,
    CheckMany,
    RewriteJob,
    check_many_for,
    checker_for,
    rewrite,
    rewrite_for,
    rewrite_many,
)
from critic.rewrite.guards import (
    KEEP_THRESHOLD,
    NUMBER_WORDS,
    WORD_MATCH,
    content_kept,
    invented_numbers,
    keeps_content,
    key_words,
    new_errors,
    numbers_in,
    reflagged,
)
from critic.rewrite.model import Placeholder, Rewrite, default_sample, fill_placeholders, placeholder_spans
from critic.rewrite.roles import (
    ROLES,
    Part,
    RuleBook,
    RuleFacts,
    RuleLookup,
    canonical_example,
    part_of,
    rewrite_data,
    rule_facts,
)
from critic.rewrite.text import tidy
from critic.rewrite.verbs import inflect

__all__ = [
    "KEEP_THRESHOLD", "LONG_ITEM_WORDS", "NO_REWRITE_TYPES", "NUMBER_WORDS", "ROLES", "WORD_MATCH",
    "CheckMany", "Part", "Placeholder", "Rewrite", "RewriteJob", "RuleBook", "RuleFacts", "RuleLookup",
    "canonical_example", "part_of", "rule_facts",
    "check_many_for", "checker_for", "content_kept", "default_sample", "fill_placeholders", "inflect",
    "invented_numbers", "keeps_content", "key_words", "new_errors", "numbers_in", "placeholder_spans", "reflagged",
    "rewrite", "rewrite_data", "rewrite_for", "rewrite_many", "tidy",
]
