"""Which storage a `--db` names: a SQLite file or a PostgreSQL server. Apart from storage.py,
which both implementations import, so that the contract does not import them back."""
from __future__ import annotations

from pathlib import Path

from .storage import Storage, is_postgres_url


def open_storage(db: str) -> Storage:
    """A SQLite path or a postgresql:// URL; StorageError when it cannot be used. psycopg is
    imported only for PostgreSQL."""
    if is_postgres_url(db):
        from .postgres_storage import PostgresStorage
        return PostgresStorage(db)
    from .sqlite_storage import SQLiteStorage
    return SQLiteStorage(Path(db))
