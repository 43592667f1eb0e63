"""`build.py counter --migrate-from counter.sqlite3 --db postgresql://…`: SQLite into PostgreSQL.

Visits per day and views per page are added to what PostgreSQL holds, for every site of the
file. PostgreSQL remembers, per SQLite database (its database_id), what it copied: running
the command again adds only what the file counted since (nothing when it did not change), so
a count is never lost nor doubled, and a province can copy once, switch the service over,
and copy again to catch the last hits of the old one. Today's salt and visitor hashes are
copied too when PostgreSQL had no salt for the day yet, so a reader already counted today is
not counted again after the switch.

The SQLite file must not be in use (the command takes its lock, like the service); it is
brought to the current schema first, as the service would.
"""
from __future__ import annotations

from .postgres_storage import PostgresStorage
from .settings import Settings, UsageError
from .sqlite_storage import SQLiteStorage
from .storage import is_postgres_url


def migrate(settings: Settings) -> int:
    source_path = settings.migrate_from
    if not is_postgres_url(settings.db):
        raise UsageError("--migrate-from chép một CSDL SQLite vào PostgreSQL: thêm "
                           "--db postgresql://người-dùng:mật-khẩu@máy-chủ:5432/tên-csdl.")
    if not source_path.is_file():
        raise UsageError(f"--migrate-from {source_path}: không tìm thấy tệp này.")
    source = SQLiteStorage(source_path)
    try:
        dump = source.dump()
    finally:
        source.close()
    target = PostgresStorage(settings.db)
    try:
        imported = target.import_dump(dump)
    finally:
        target.close()
    if imported.visits or imported.views:
        print(f"Đã chép từ {source_path} vào {target.description}: {imported.visits} lượt "
              f"truy cập và {imported.views} lượt xem.")
    else:
        print(f"{target.description} đã có mọi số liệu của {source_path}: không chép thêm gì.")
    if imported.skipped:
        print(f"Chú ý: {imported.skipped} số đếm trong {source_path} nhỏ hơn lần chép trước "
              "(tệp đã được khôi phục từ bản sao lưu cũ?); các số này được giữ nguyên.")
    return 0
