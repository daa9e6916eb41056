"""Limits on guessing share and workshop tokens (issue 13 §4).

A share link (``/s/<token>``) and a workshop (``/w/<token>``,
``/api/workshop/<token>/...``) open to whoever holds the token (192 random
bits), so nobody may find one by trying. Each client address (the person's
own, also behind the login proxy: :func:`~positioning.http.auth.client_address`)
may try :attr:`GuessLimits.failures` different tokens that open nothing within
:attr:`GuessLimits.window` seconds; then, for :attr:`GuessLimits.block` seconds, every
token request from it answers 429 with ``Retry-After``: JSON for the API, a
short page for pages, and for a share link the app opens (its lookup runs in
a Dash callback, :func:`guarded`) a message on the page.

Only failures count (a token unknown or revoked, a participant of a
workshop that is not there: any 404 of a route with a ``<token>``), and each
different one once: a workshop of 30 people behind one office address scores
all day, and a revoked link reloaded ten times is one failure.

The counts live in Redis when ``REDIS_URL`` is set, shared by every worker
and server, else in the process (at most :data:`MAX_ADDRESSES` addresses,
the longest unseen forgotten first). Tokens are kept only as hashes. When
Redis cannot be reached, requests go through and the log says so: the
tokens' length is the real lock, the limit a second one.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import math
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

import flask

from positioning.core.config import Settings
from positioning.http.auth import client_address
from positioning.http.services import install_services, installed, services
from positioning.http.trouble import retry_later
from positioning.store.repository import NotFound

MAX_ADDRESSES = 10_000
_SHARE_PAGE = re.compile(r"/s/[^/]+/?")
_log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class GuessLimits:
    """``failures`` different tokens that open nothing, tried within ``window`` seconds,
    refuse the address's token requests for ``block`` seconds."""

    failures: int = 10
    window: float = 60.0
    block: float = 300.0


class Guesses(Protocol):
    """Failed token lookups, counted by client address."""

    def refused(self, address: str) -> float:
        """The seconds ``address`` is still refused (0: it is not)."""

    def failed(self, address: str, key: str) -> float:
        """Count a lookup of ``key`` from ``address`` that found nothing; the seconds it is refused from now."""


@dataclass
class _Tries:
    failures: dict[str, float] = field(default_factory=dict)  # hashed key -> when
    until: float = 0.0


class MemoryGuesses:
    """The counts in this process (one worker's view), for at most ``max_addresses`` addresses."""

    def __init__(
        self, limits: GuessLimits, *, clock: Callable[[], float] = time.monotonic, max_addresses: int = MAX_ADDRESSES
    ) -> None:
        self._limits = limits
        self._clock = clock
        self._max = max_addresses
        self._lock = threading.Lock()
        self._addresses: OrderedDict[str, _Tries] = OrderedDict()

    def __len__(self) -> int:
        return len(self._addresses)

    def refused(self, address: str) -> float:
        with self._lock:
            tries = self._addresses.get(address)
            return max(0.0, tries.until - self._clock()) if tries else 0.0

    def failed(self, address: str, key: str) -> float:
        now = self._clock()
        with self._lock:
            tries = self._addresses.pop(address, None) or _Tries()
            self._addresses[address] = tries  # the latest seen last: the first is forgotten first
            while len(self._addresses) > self._max:
                self._addresses.popitem(last=False)
            if tries.until > now:
                return tries.until - now
            horizon = now - self._limits.window
            tries.failures = {k: when for k, when in tries.failures.items() if when > horizon}
            tries.failures[key] = now
            if len(tries.failures) < self._limits.failures:
                return 0.0
            tries.failures, tries.until = {}, now + self._limits.block
            return self._limits.block


# One step on the server, so workers counting at once never lose a count. Times are the Redis
# server's (every app server agrees on them), in milliseconds; the keys expire by themselves.
_FAILED = """
local left = redis.call('PTTL', KEYS[2])
if left > 0 then return left end
local clock = redis.call('TIME')
local now = clock[1] * 1000 + math.floor(clock[2] / 1000)
local window, limit, block = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('PEXPIRE', KEYS[1], window)
if redis.call('ZCARD', KEYS[1]) < limit then return 0 end
redis.call('DEL', KEYS[1])
redis.call('SET', KEYS[2], '1', 'PX', block)
return block
"""


class RedisGuesses:
    """The counts in Redis at ``url``, shared by every worker and server that uses it."""

    PREFIX = "positioning:guesses:"

    def __init__(self, url: str, limits: GuessLimits) -> None:
        import redis  # here, not at the top: a server without Redis does not load it at start

        self._limits = limits
        self._unreachable: type[Exception] = redis.RedisError
        self._redis = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        self._failed = self._redis.register_script(_FAILED)

    def refused(self, address: str) -> float:
        try:
            left = int(self._redis.pttl(self._key("refused", address)))
        except self._unreachable as error:
            _log.warning("token limits not checked: Redis cannot be reached (%s)", error)
            return 0.0
        return left / 1000 if left > 0 else 0.0

    def failed(self, address: str, key: str) -> float:
        keys = [self._key("failed", address), self._key("refused", address)]
        window, block = round(self._limits.window * 1000), round(self._limits.block * 1000)
        try:
            left = int(self._failed(keys=keys, args=[key, window, self._limits.failures, block]))
        except self._unreachable as error:
            _log.warning("a failed token lookup was not counted: Redis cannot be reached (%s)", error)
            return 0.0
        return left / 1000

    def _key(self, kind: str, address: str) -> str:
        return f"{self.PREFIX}{kind}:{address}"


class TooManyGuesses(Exception):
    """The request's address tried too many tokens that open nothing; it may ask again in ``seconds``."""

    def __init__(self, seconds: int) -> None:
        super().__init__(f"too many unknown tokens from this address; try again in {seconds} s")
        self.seconds = seconds


class TokenGuard:
    """The limit as the request being handled meets it: its client address, counted in ``guesses``."""

    def __init__(self, guesses: Guesses, settings: Settings) -> None:
        self.guesses = guesses
        self._settings = settings

    def refused(self) -> int:
        """Whole seconds the request's address is still refused (0: it is not)."""
        return _seconds(self.guesses.refused(self._address()))

    def failed(self, key: str) -> int:
        """Count a lookup of ``key`` that found nothing; the whole seconds the address is refused from now."""
        digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]
        return _seconds(self.guesses.failed(self._address(), digest))

    def _address(self) -> str:
        return client_address(flask.request, self._settings)


def _seconds(left: float) -> int:
    return math.ceil(left) if left > 0 else 0


def guarded(lookup: Callable[[str], T], token: str) -> T:
    """``lookup(token)`` (NotFound for a token that opens nothing) under the limit of the request being
    handled: :class:`TooManyGuesses` while its address is refused, and a NotFound counted.

    Outside a request of an app with :func:`install_rate_limits` (a script, a unit test) it is the
    lookup alone."""
    shared = installed() if flask.has_request_context() else None
    guard = shared.guard if shared else None
    if guard is None:
        return lookup(token)
    seconds = guard.refused()
    if seconds:
        raise TooManyGuesses(seconds)
    try:
        return lookup(token)
    except NotFound:
        guard.failed(token)
        raise


def install_rate_limits(server: flask.Flask, settings: Settings, limits: GuessLimits | None = None) -> TokenGuard:
    """Limit the token requests of ``server`` (counts in Redis when ``settings.redis_url`` is set);
    the guard joins the server's services (:func:`positioning.http.services.install_services` first)."""
    limits = limits or GuessLimits()
    guesses: Guesses = RedisGuesses(settings.redis_url, limits) if settings.redis_url else MemoryGuesses(limits)
    guard = TokenGuard(guesses, settings)
    install_services(server, dataclasses.replace(services(server), guard=guard))

    @server.before_request
    def refuse_while_limited() -> flask.Response | None:
        if not asks_for_a_token(flask.request):
            return None
        seconds = guard.refused()
        return too_many(seconds) if seconds else None

    @server.after_request
    def count_failures(response: flask.Response) -> flask.Response:
        args = flask.request.view_args or {}
        if response.status_code == 404 and "token" in args:
            guard.failed("\n".join(f"{name}={value}" for name, value in sorted(args.items())))
        return response

    return guard


def asks_for_a_token(request: flask.Request) -> bool:
    """Whether ``request`` names a token: a route with ``<token>``, or a share link's page."""
    return "token" in (request.view_args or {}) or _SHARE_PAGE.fullmatch(request.path) is not None


def too_many(seconds: int) -> flask.Response:
    """429 with ``Retry-After``: JSON under /api, else a short page, in the language the browser asks for."""
    return retry_later(429, seconds, "guesses_refused", "guesses_title", seconds=seconds)
