"""Typical projects with every advisor answer and the outcome the article supports,
with the article's line that supports it (quoted as the article writes it, with straight
apostrophes)."""

from __future__ import annotations

from dataclasses import dataclass

NOTHING = {
    "team_language": "both", "realtime": "no", "sensitive_data": "no", "admin_panel": "no",
    "data_model": "simple", "architecture": "unsure", "concurrency": "moderate",
    "time_to_market": "no", "data_science": "no",
}  # fmt: skip


@dataclass(frozen=True)
class TypicalProject:
    name: str
    answers: dict[str, str]  # every question, answered
    outcome: str
    article: str  # the line of the article that supports the outcome


def _project(name: str, outcome: str, article: str, **answers: str) -> TypicalProject:
    return TypicalProject(name, {**NOTHING, **answers}, outcome, article)


PROJECTS = (
    _project(
        "JavaScript-only team, small MVP",
        "node",
        "For teams already skilled in JavaScript, Node.js development services make sense.",
        team_language="javascript",
        time_to_market="yes",
    ),
    _project(
        "Python team, ML/data platform",
        "django",
        "Python's syntax is beginner-friendly, which has made Django particularly popular in "
        "startups, scientific applications, and data-driven platforms.",
        team_language="python",
        data_science="yes",
        data_model="complex",
        architecture="microservices",
        concurrency="high",
    ),
    _project(
        "Realtime chat product",
        "node",
        "If your application requires real-time capabilities—think chat apps, live "
        "notifications, or online gaming—Node.js is the clear winner.",
        team_language="javascript",
        realtime="yes",
        concurrency="high",
    ),
    _project(
        "Regulated back office",
        "django",
        "In sectors like finance, healthcare, and legal tech, where data protection is "
        "non-negotiable, Django's opinionated and security-first framework offers a "
        "dependable foundation.",
        team_language="python",
        sensitive_data="yes",
        admin_panel="yes",
        data_model="complex",
        architecture="monolith",
        time_to_market="yes",
    ),
    _project(
        "Live updates and a secure, data-heavy core",
        "both",
        "Yes, in hybrid systems where Node.js handles real-time services and Django manages "
        "data processing and APIs.",
        realtime="yes",
        sensitive_data="yes",
        admin_panel="yes",
        data_model="complex",
        concurrency="high",
    ),
    _project(
        "Multiplayer game server",
        "node",
        "- Real-time applications (e.g., chat apps, gaming servers)",
        team_language="javascript",
        realtime="yes",
        architecture="microservices",
        concurrency="high",
    ),
    _project(
        "IoT platform with live dashboards, mixed team",
        "node",
        "- Real-Time and Event-Driven: Its asynchronous nature makes it perfect for real-time "
        "systems like chat applications, IoT platforms, and live data dashboards.",
        realtime="yes",
        architecture="microservices",
        concurrency="high",
    ),
    _project(
        "Serverless APIs for a JavaScript shop",
        "node",
        "- Building SPAs or microservices",
        team_language="javascript",
        architecture="microservices",
        concurrency="high",
    ),
    _project(
        "Newsroom CMS",
        "django",
        "It was designed for fast-moving newsroom environments, and today powers large-scale "
        "applications that prioritize security, scalability, and maintainability.",
        team_language="python",
        admin_panel="yes",
        data_model="complex",
        architecture="monolith",
        time_to_market="yes",
    ),
    _project(
        "Beginners building an online shop with an admin",
        "django",
        "Beginners and teams looking for fast project delivery may prefer Django.",
        team_language="neither",
        admin_panel="yes",
        data_model="complex",
        time_to_market="yes",
    ),
    _project(
        "Staff tool for a team that knows both",
        "django",
        "- You need built-in admin tools",
        admin_panel="yes",
        data_model="complex",
        architecture="monolith",
    ),
    _project(
        "Enterprise CRM with complex business logic",
        "django",
        "- Structured for Complex Logic: Django is ideal for projects that require structured "
        "codebases and complex business logic, such as fintech platforms, healthcare systems, "
        "and enterprise CRMs.",
        team_language="python",
        admin_panel="yes",
        data_model="complex",
        architecture="monolith",
    ),
    _project(
        "Fintech app with live balances, JavaScript team",
        "both",
        "Yes, large organizations often use both technologies in different microservices or "
        "departments depending on the need.",
        team_language="javascript",
        realtime="yes",
        sensitive_data="yes",
        data_model="complex",
        architecture="microservices",
    ),
    _project(
        "Streaming service for a TypeScript team",
        "node",
        "- Real-time, high-performance apps",
        team_language="javascript",
        realtime="yes",
        concurrency="high",
        architecture="microservices",
        time_to_market="yes",
    ),
)
