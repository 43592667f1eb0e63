"""Who is visiting, without knowing who: salted visitor hashes, bots, client address, rate limit.

A visitor is HMAC-SHA256(salt of the day, IP + "\\n" + User-Agent). The salt is random and
changes every calendar day, so a hash cannot be linked to an address, nor across days; the
IP and the user agent themselves are never stored anywhere.
"""
from __future__ import annotations

import hashlib
import hmac
import math
import re
import secrets
import socket
from collections import OrderedDict

SALT_BYTES = 32
# 128 bits of the HMAC: collisions stay negligible for billions of visitors, and the set of
# visitors counted today takes half the memory and disk of the full digest.
HASH_BYTES = 16

# Rate limit per visitor: a burst of 5 hits, then 2 per second. A reader opening a few tabs
# at once is never limited; a script hammering the endpoint is.
BURST = 5.0
REFILL_PER_SECOND = 2.0
# New visitors per address and minute (a burst of as many): a household or a small office
# behind one router is counted, a script cycling through user agents is not.
NEW_VISITORS_PER_MINUTE = 10

# User agents that are not readers, matched on the lower-cased header: these words anywhere,
# these prefixes at the start, and "bot" ending a word (Googlebot, bingbot, YandexBot,
# Applebot, coccocbot…) unless it is the CUBOT phone brand. HeadlessChrome is deliberately
# NOT here: it is what the browser tests (and some real assistive set-ups) use; a scraper
# using it is counted like a reader. Plain substring tests, not one big regular expression:
# this runs on every hit, and Python's `re` tries every alternative at every position
# (30–150 µs for a phone's user agent, with the machine quiet or busy; ~5 µs this way).
BOT_WORDS = (
    "crawl", "spider", "slurp", "bingpreview", "mediapartners-google", "facebookexternalhit",
    "feedfetcher", "lighthouse", "pagespeed", "pingdom", "uptimerobot", "statuscake",
    "phantomjs", "python-requests", "python-urllib", "python-httpx", "aiohttp",
    "go-http-client", "okhttp", "libwww-perl", "scrapy", "node-fetch", "axios/",
)
BOT_PREFIXES = ("curl/", "wget/", "java/")
_BOT_WORD_END = re.compile(r"bot\b")


def new_salt() -> bytes:
    return secrets.token_bytes(SALT_BYTES)


def visitor_hash(salt: bytes, ip: str, user_agent: str) -> bytes:
    message = f"{ip}\n{user_agent}".encode("utf-8", "surrogateescape")
    return hmac.digest(salt, message, "sha256")[:HASH_BYTES]


def view_key(visitor: bytes, page_id: str) -> bytes:
    """The key of one visitor's view of one page, for the shared 30-minute reload window: it
    names neither the visitor nor the page without the day's salt."""
    return hashlib.blake2b(page_id.encode("utf-8", "surrogateescape"), key=visitor,
                           digest_size=HASH_BYTES).digest()


def address_key(salt: bytes, ip: str) -> bytes:
    """The key of an address for the new-visitor limit, salted like the visitor hash."""
    return visitor_hash(salt, ip, "")


def is_bot(user_agent: str) -> bool:
    """An empty user agent is a script too: every browser sends one."""
    agent = user_agent.strip().lower()
    return (not agent or agent.startswith(BOT_PREFIXES) or any(w in agent for w in BOT_WORDS)
            or any(agent[max(0, m.start() - 2):m.start()] != "cu"
                   for m in _BOT_WORD_END.finditer(agent)))


def client_ip(peer: str | None, forwarded_for: str | None, trust_proxy: bool) -> str:
    """The reader's address: the TCP peer, or with --trust-proxy the first X-Forwarded-For
    entry (the proxy must overwrite that header, not append to what the client sent)."""
    if trust_proxy and forwarded_for:
        first = forwarded_for.split(",", 1)[0].strip()
        family = socket.AF_INET6 if ":" in first else socket.AF_INET
        try:  # the canonical spelling, so that one address is one visitor (C, not ipaddress)
            return socket.inet_ntop(family, socket.inet_pton(family, first))
        except (OSError, ValueError):
            pass  # garbage in the header: fall back to the peer rather than trust it
    return peer or ""


class RateLimiter:
    """A token bucket per visitor hash, kept only while it is not full again.

    Buckets are held in last-use order, so expired ones are dropped from the front in
    amortised O(1) and memory follows the number of visitors of the last few seconds.
    """

    def __init__(self, burst: float = BURST, per_second: float = REFILL_PER_SECOND):
        self.burst = burst
        self.per_second = per_second
        self._forget_after = burst / per_second  # an idle bucket is full again by then
        self._buckets: OrderedDict[bytes, tuple[float, float]] = OrderedDict()

    def take(self, visitor: bytes, now: float) -> float:
        """Spend one token. Returns 0 when allowed, else the seconds until the next token."""
        self._forget_idle(now)
        tokens, last = self._buckets.pop(visitor, (self.burst, now))
        tokens = min(self.burst, tokens + max(0.0, now - last) * self.per_second)
        if tokens >= 1.0:
            self._buckets[visitor] = (tokens - 1.0, now)
            return 0.0
        self._buckets[visitor] = (tokens, now)
        return (1.0 - tokens) / self.per_second

    def _forget_idle(self, now: float) -> None:
        buckets = self._buckets
        while buckets:
            visitor, (_, last) = next(iter(buckets.items()))
            if now - last < self._forget_after:
                break
            del buckets[visitor]


def retry_after_header(seconds: float) -> str:
    """Retry-After takes whole seconds; never say 0, the client would retry at once."""
    return str(max(1, math.ceil(seconds)))
