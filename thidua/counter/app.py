"""The HTTP API of the counter (SPEC §9, §16), as a Starlette app.

    POST /v1/hit            {"id": "/tin-tuc/2024/slug/"} -> 204
    GET  /v1/stats          {"online", "today", "week", "month", "year", "total", "tz", "as_of"}
    GET  /v1/views?ids=a,b  {"views": {"a": 1162, "b": 0}}

A service counting several sites answers the same paths under each site's name:
/so-noi-vu/v1/hit and so on (the site's widget endpoint is https://counter.host/so-noi-vu).

Reads are public (CORS `*`). Writes are checked against the site's allowed origins: a request
that carries a foreign Origin (another site's included) is refused; one without Origin (not
from a browser page) is accepted, because browsers always send Origin with sendBeacon/fetch
POSTs and a script can forge any Origin anyway; the rate limits, the bot list and the
manifest are what bound those.
"""
from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
from dataclasses import dataclass
from datetime import timedelta

from starlette.applications import Starlette
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route

from ..core.dates import TZ
from .flusher import Flusher
from .manifest import Manifest
from .tracker import Clock, Tracker, Verdict, vietnam_now
from .visitors import (BURST, NEW_VISITORS_PER_MINUTE, REFILL_PER_SECOND, RateLimiter, client_ip,
                       is_bot, retry_after_header)

log = logging.getLogger("thidua.counter")

MAX_BODY = 4096
MAX_IDS = 50
PREFLIGHT_MAX_AGE = "86400"
RETRY_AFTER_UNAVAILABLE = "5"

# A page id: "/" or "/segment/.../", no empty, "." or ".." segment, no control character,
# space, backslash, query or fragment. Whether it exists is the manifest's business.
_PAGE_ID = re.compile(r"/(?:[^/\x00-\x20\x7f\\?#]+/)*[^/\x00-\x20\x7f\\?#]*\Z")
_NO_STORE = {"Cache-Control": "no-store"}
_READ_CORS = {"Access-Control-Allow-Origin": "*", **_NO_STORE}


@dataclass
class Site:
    name: str                    # "" for the site at /v1/, else its path prefix
    manifest: Manifest
    origins: frozenset[str]


def create_app(storage, sites: list[Site], *, trust_proxy: bool = False,
               clock: Clock = vietnam_now, hits_per_second: float = REFILL_PER_SECOND,
               new_visitors_per_minute: float | None = NEW_VISITORS_PER_MINUTE) -> Starlette:
    """The app over an open storage. `clock` returns an aware datetime (tests move it across
    days and years); `hits_per_second` is each visitor's steady rate, after a burst of 2.5
    seconds' worth; `new_visitors_per_minute` bounds the new visitors of one address (a burst
    of as many, then as many a minute; None: no bound)."""
    by_name = {site.name: site for site in sites}
    limiter = RateLimiter(max(BURST, 2.5 * hits_per_second), hits_per_second)
    newcomers = (RateLimiter(max(1.0, new_visitors_per_minute), new_visitors_per_minute / 60)
                 if new_visitors_per_minute else None)
    now = clock()
    today = now.astimezone(TZ).date()
    snapshot = storage.load(today, [today, today + timedelta(days=1)], now.timestamp())
    tracker = Tracker(by_name, snapshot, clock, limiter, newcomers)
    flusher = Flusher(tracker, storage)

    # The 204 answers, one per allowed origin (and none): made once, they are only sent.
    accepted = {origin: Response(status_code=204, headers={
        **({"Access-Control-Allow-Origin": origin, "Vary": "Origin"} if origin else {}),
        **_NO_STORE}) for origin in {None}.union(*(site.origins for site in sites))}

    def site_of(request: Request) -> Site | None:
        return by_name.get(request.path_params.get("site", ""))

    async def hit(request: Request) -> Response:
        site = site_of(request)
        if site is None:
            return _unknown_site()
        origin = request.headers.get("origin")
        if origin is not None and origin not in site.origins:
            return _error(403, "origin not allowed")
        cors = {"Access-Control-Allow-Origin": origin, "Vary": "Origin"} if origin else {}
        if request.method == "OPTIONS":
            return _preflight(cors, "POST, OPTIONS")
        try:
            body = await _read_body(request)
        except ClientDisconnect:
            log.warning("Một người xem ngắt kết nối khi đang gửi lượt truy cập (không tính).")
            return Response(status_code=400)  # nobody is left to read it
        if body is None:
            return _error(413, f"body over {MAX_BODY} bytes", cors)
        page_id = parse_hit(body)
        if page_id is None:
            return _error(400, 'body must be {"id": "/page/path/"}', cors)
        if page_id not in site.manifest:
            return _error(404, "unknown page id", cors)
        user_agent = request.headers.get("user-agent", "")
        if is_bot(user_agent):
            return accepted[origin]  # not counted
        ip = client_ip(request.client.host if request.client else None,
                       request.headers.get("x-forwarded-for"), trust_proxy)
        verdict, wait = tracker.hit(site.name, page_id, ip, user_agent)
        if verdict is Verdict.LIMITED:
            return _error(429, "too many hits", {**cors, "Retry-After": retry_after_header(wait)})
        if verdict is Verdict.UNAVAILABLE:
            return _error(503, "counts cannot be stored right now",
                          {**cors, "Retry-After": RETRY_AFTER_UNAVAILABLE})
        return accepted[origin]

    async def stats(request: Request) -> Response:
        site = site_of(request)
        if site is None:
            return _unknown_site()
        if request.method == "OPTIONS":
            return _preflight(_READ_CORS, "GET, OPTIONS")
        return _json(tracker.stats(site.name))

    async def views(request: Request) -> Response:
        site = site_of(request)
        if site is None:
            return _unknown_site()
        if request.method == "OPTIONS":
            return _preflight(_READ_CORS, "GET, OPTIONS")
        values = request.query_params.getlist("ids")  # ?ids=/a/,/b/ or ?ids=/a/&ids=/b/
        if not values:
            return _error(400, "ids missing: /v1/views?ids=/a/,/b/", _READ_CORS)
        ids = [i for value in values for i in value.split(",") if i]
        if len(ids) > MAX_IDS:
            return _error(400, f"at most {MAX_IDS} ids per call", _READ_CORS)
        # Pages of the site get a number (0 if never viewed); anything else is left out.
        return _json({"views": {i: tracker.page_views(site.name, i)
                                for i in ids if i in site.manifest}})

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        stop = asyncio.Event()
        task = asyncio.create_task(flusher.run(stop))
        try:
            yield
        finally:  # uvicorn's graceful shutdown (SIGTERM, Ctrl+C) ends here: final flush
            stop.set()
            await task

    routes = []
    for prefix in ("", "/{site}"):
        routes += [Route(prefix + "/v1/hit", hit, methods=["POST", "OPTIONS"]),
                   Route(prefix + "/v1/stats", stats, methods=["GET", "OPTIONS"]),
                   Route(prefix + "/v1/views", views, methods=["GET", "OPTIONS"])]
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.tracker = tracker
    app.state.flusher = flusher
    return app


def parse_hit(body: bytes) -> str | None:
    """The page id of a hit body, or None when the body is not exactly {"id": "<page id>"}."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or data.keys() != {"id"}:
        return None
    page_id = data["id"]
    return page_id if is_page_id(page_id) else None


def is_page_id(value: object) -> bool:
    return (isinstance(value, str) and len(value) <= 1024 and _PAGE_ID.match(value) is not None
            and not any(part in (".", "..") for part in value.split("/")))


async def _read_body(request: Request) -> bytes | None:
    """The body, or None when it is over MAX_BODY: refused on Content-Length alone, and
    reading stops as soon as the bytes received pass the limit (chunked or lying clients)."""
    declared = request.headers.get("content-length", "")  # the server rejects a bad one
    if declared.isdigit() and int(declared) > MAX_BODY:
        return None
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _unknown_site() -> Response:
    return _error(404, "unknown site: the endpoint is https://counter.host/<site name>",
                  _READ_CORS)


def _json(data: dict) -> Response:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return Response(body, media_type="application/json", headers=_READ_CORS)


def _error(status: int, message: str, headers: dict | None = None) -> Response:
    body = json.dumps({"error": message}).encode("utf-8")
    return Response(body, status_code=status, media_type="application/json",
                    headers={**(headers or {}), **_NO_STORE})


def _preflight(cors: dict, methods: str) -> Response:
    return Response(status_code=204, headers={
        **cors, "Access-Control-Allow-Methods": methods,
        "Access-Control-Allow-Headers": "Content-Type",
        "Access-Control-Max-Age": PREFLIGHT_MAX_AGE, **_NO_STORE})
