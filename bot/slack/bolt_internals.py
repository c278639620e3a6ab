"""Every use of slack-bolt's private API, in one place.

Bolt has no public option for these; each is a name or attribute Bolt may rename in any
release. pyproject.toml pins slack-bolt to the range tests/test_bolt_internals.py has
checked, and that test fails, naming the missing piece, when an upgrade moves one.
Nothing else in the project imports a private Bolt name or touches a private attribute.
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from logging import Logger
from types import SimpleNamespace
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.internals import _set_response
from slack_bolt.lazy_listener.async_internals import to_runnable_function
from slack_bolt.lazy_listener.async_runner import AsyncLazyListenerRunner
from slack_bolt.middleware.async_middleware import AsyncMiddleware
from slack_bolt.middleware.authorization.async_internals import _is_no_auth_required
from slack_bolt.middleware.authorization.internals import _is_no_auth_test_call_required
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

# The versions this module was written and tested against (pyproject.toml pins them).
TESTED_BOLT = ">=1.30.0,<1.31"

Unmatched = Callable[[AsyncBoltRequest], BoltResponse]


class AppWithUnmatchedHook(AsyncApp):
    """An AsyncApp whose answer to a request no listener claimed is `on_unmatched`.

    Bolt's own (`_handle_unmatched_requests`) logs a warning quoting the payload and
    answers 404; a subclass sets `on_unmatched`.
    """

    on_unmatched: Unmatched | None = None

    def __init__(self, **kwargs: Any) -> None:
        # Given a client (it holds the token), Bolt still reads SLACK_BOT_TOKEN from the
        # environment, only to warn at every start that it will be unused; it sees none.
        if kwargs.get("client") is None:
            super().__init__(**kwargs)
            return
        with _environment_without("SLACK_BOT_TOKEN"):
            super().__init__(**kwargs)

    def _handle_unmatched_requests(self, req: AsyncBoltRequest, resp: BoltResponse) -> BoltResponse:
        if self.on_unmatched is None:
            return super()._handle_unmatched_requests(req, resp)
        return self.on_unmatched(req)


@contextmanager
def _environment_without(name: str) -> Iterator[None]:
    saved = os.environ.pop(name, None)
    try:
        yield
    finally:
        if saved is not None:
            os.environ[name] = saved


def replace_middleware(
    app: AsyncApp, kind: type[AsyncMiddleware], make: Callable[[], AsyncMiddleware]
) -> int:
    """Swap each of Bolt's built-in middleware of `kind` for `make()`; how many were swapped.

    Bolt builds its middleware list itself (authorization among it) with no option to
    replace one; `app.middleware()` can only append.
    """
    swapped = 0
    middleware: list[AsyncMiddleware] = app._async_middleware_list
    for i, m in enumerate(middleware):
        if isinstance(m, kind):
            middleware[i] = make()
            swapped += 1
    return swapped


def set_lazy_runner(app: AsyncApp, runner: AsyncLazyListenerRunner) -> None:
    """Run lazy listeners (the work after an ack) with `runner` instead of Bolt's."""
    app.listener_runner.lazy_listener_runner = runner


def runnable_lazy(
    function: Callable[..., Awaitable[None]], logger: Logger, request: AsyncBoltRequest
) -> Awaitable[None]:
    """A lazy listener as one awaitable, its arguments filled from `request` (Bolt's way)."""
    return to_runnable_function(internal_func=function, logger=logger, request=request)


def ack_response(ack_kwargs: dict[str, Any]) -> BoltResponse:
    """What Bolt answers for `await ack(**ack_kwargs)`: the same code, without a request."""
    kwargs = dict(ack_kwargs)
    text = kwargs.pop("text", "")
    response: BoltResponse = _set_response(SimpleNamespace(response=None), text, **kwargs)
    return response


def needs_no_auth(req: AsyncBoltRequest) -> bool:
    """Requests Bolt lets through without authorization (url_verification, ssl_check)."""
    return bool(_is_no_auth_required(req))


def needs_no_auth_test(req: AsyncBoltRequest) -> bool:
    """Requests Bolt authorizes without auth.test (app_uninstalled, tokens_revoked)."""
    return bool(_is_no_auth_test_call_required(req))
