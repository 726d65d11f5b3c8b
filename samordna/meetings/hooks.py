"""What other apps do when the board decides an item: the decision moves their object on.

An app registers a handler in its `ready()`: `hooks.on_decision(handler)`. `meetings.services.decide` calls
every handler inside its own action and transaction, after the decision is saved, as
`handler(item, decision, user)`; a handler looks at `item.matter` (its insats, budget, annual report …) or
whatever else it links, does nothing when the item is not its concern, and raises a DomainError to refuse
the decision (the whole decision is then not saved). So an application is approved, a budget adopted or a
remark answered by the paragraph that decides it, in one transaction, with one entry in the Händelselogg.
"""

DECISION_HANDLERS: list = []


def on_decision(handler):
    """Register `handler(item, decision, user)`; usable as a decorator. Registering twice is a no-op."""
    if handler not in DECISION_HANDLERS:
        DECISION_HANDLERS.append(handler)
    return handler


def run_decision_handlers(item, decision, user) -> None:
    for handler in list(DECISION_HANDLERS):
        handler(item, decision, user)
