"""Visitor counter service (SPEC §9): `python build.py counter`.

A static site cannot count, so this small ASGI service does: the page widget POSTs a hit
per page view and reads the totals ("Thống kê truy cập", "Lượt xem").

    visitors.py  salted visitor hashes, bot list, client address, rate limit
    tracker.py   the counts in memory: periods, page views, online, reload dedup
    store.py     SQLite (WAL) and the flusher that writes batches at least every second
    manifest.py  site/counter-manifest.json, the countable page ids (the build writes it,
                 the service reads it, reloaded on change)
    app.py       the Starlette app: /v1/hit, /v1/stats, /v1/views
    service.py   settings from mkdocs.yml and flags, uvicorn, clean stop

Nothing here imports MkDocs; service.py reads mkdocs.yml through config/settings.py.
"""
