"""The rule engine: pure functions judging a samordna-exchange/1 document as of a date (no Django)."""

from samordna.rules.engine import RULES, Finding, Rule, check_document

__all__ = ["RULES", "Finding", "Rule", "check_document"]
