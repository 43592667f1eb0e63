"""Visitor counter service (SPEC §9, §16): `python build.py counter`.

A static site cannot count, so this small ASGI service does: the page widget POSTs a hit
per page view and reads the totals ("Thống kê truy cập", "Lượt xem").

    settings.py          flags, the sites counted and their origins, checked in one line each
    visitors.py          salted visitor hashes, bot list, client address, rate limits
    tracker.py           the counts in memory, per site: periods, page views, online
    storage.py           the storage interface: batches in, stored values back
    sqlite_storage.py    SQLite (WAL), the embedded default, one process
    postgres_storage.py  PostgreSQL, several processes and machines sharing one set of counts
    flusher.py           one transaction per flush interval; 503 while writes fail
    migrate.py           --migrate-from: a SQLite database into PostgreSQL, exactly once
    manifest.py          site/counter-manifest.json, the countable page ids, reloaded on change
    guard.py             deadlines, head size and connection caps uvicorn lacks
    app.py               the Starlette app: /v1/hit, /v1/stats, /v1/views (and /NAME/v1/…)
    service.py           uvicorn, logging, clean stop, exit status

Nothing here imports MkDocs; settings.py reads mkdocs.yml through config/settings.py.
"""
