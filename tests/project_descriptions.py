"""Projects described in one message, as a team lead might type them, with what the
advisor should read from each and the answers they would give to what is still open."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DescribedProject:
    name: str
    text: str
    read: dict[str, str]  # the advisor answers the message gives
    then: dict[str, str]  # answers to the (at most three) questions asked next, in order
    outcome: str


HOSPITAL = DescribedProject(
    name="python team, hospital records portal",
    text=(
        "Our crew is five Python developers. We're putting together a patient records "
        "portal for a regional hospital, with a back office where clinic staff manage "
        "appointments and lots of relational data, and it has to launch quickly. "
        "What do you recommend?"
    ),
    read={"team_language": "python", "sensitive_data": "yes", "admin_panel": "yes",
          "data_model": "complex", "time_to_market": "yes"},
    then={"realtime": "no", "architecture": "monolith", "data_science": "no"},
    outcome="django",
)  # fmt: skip

GAME = DescribedProject(
    name="javascript team, multiplayer game backend",
    text=(
        "Small studio here, everyone writes TypeScript all day. We're making the server "
        "side of a multiplayer browser game: thousands of players at once, live chat, "
        "split into microservices, no admin panel needed. Which would you go with?"
    ),
    read={"team_language": "javascript", "realtime": "yes", "admin_panel": "no",
          "architecture": "microservices", "concurrency": "high"},
    then={"sensitive_data": "no", "data_model": "simple", "data_science": "no"},
    outcome="node",
)  # fmt: skip

TRADING = DescribedProject(
    name="mixed team, live trading dashboard with an ops admin",
    text=(
        "We're a mixed team, half Python and half JavaScript folks. We're building a live "
        "trading dashboard that streams prices to traders, plus an ops admin for the "
        "support staff, and thousands of traders are connected at once. Node or Django?"
    ),
    read={"team_language": "both", "realtime": "yes", "sensitive_data": "yes",
          "admin_panel": "yes", "concurrency": "high"},
    then={"data_model": "complex", "architecture": "unsure", "data_science": "no"},
    outcome="both",
)  # fmt: skip

PROJECTS = (HOSPITAL, GAME, TRADING)

# Questions about one topic that must stay questions, not project descriptions.
NOT_DESCRIPTIONS = (
    "does node have an admin panel",
    "is django good for a hospital records app with realtime chat?",
    "we need an admin panel, which is better?",
    "which is more secure?",
)
