"""What a citizen may do, and why not: the answer every rule of every app gives.

A `Decision` is true when the action is allowed; otherwise `reason` is written for
the citizen ("Proposals closed on 12 March.") and `action` names what would help.
A refusal that logging in would lift also says it with its links, in one sentence
(`linked_reason`, shown by components/decision.html).
Services enforce the rules; templates (components/decision.html) use the same
decisions to explain instead of showing dead buttons.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""
    # "login" when signing in would help, "profile" when the profile is missing data.
    action: str = ""
    # For "login": the reason as a sentence whose words link to the log-in and sign-up
    # pages, '<a href="%(login_url)s">Log in</a> or <a href="%(signup_url)s">…'.
    linked_reason: str = ""

    def __bool__(self) -> bool:
        return self.allowed


ALLOWED = Decision(True)
