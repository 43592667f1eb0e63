"""Editor-facing problems.

Every content or data error names the file, the line where there is one, the field, what is
wrong and what to write instead. Readers and validators append to one `Problems` list so that
an editor sees every mistake of a run at once, never a Python traceback.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    file: str  # path as the editor knows it, relative to the site folder
    message: str  # what is wrong
    fix: str  # what to write instead
    line: int | None = None
    field: str | None = None

    def location(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file

    def __str__(self) -> str:
        field_part = f" trường {self.field}:" if self.field else ""
        return f"{self.location()}:{field_part} {self.message}\n    → Cách sửa: {self.fix}"

    def sort_key(self) -> tuple:
        return (self.file, self.line or 0, self.field or "", self.message)


@dataclass
class Problems:
    """Collects errors (the build stops), warnings (printed, the build goes on; `check
    --strict` counts them as errors) and notes (printed only: what the build did for the
    editor, such as a large photo reduced)."""

    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)

    def error(self, file: str, message: str, fix: str, *, line: int | None = None,
              field: str | None = None) -> None:
        self.errors.append(Problem(file, message, fix, line, field))

    def warn(self, file: str, message: str, fix: str, *, line: int | None = None,
             field: str | None = None) -> None:
        self.warnings.append(Problem(file, message, fix, line, field))

    def note(self, file: str, message: str, fix: str, *, line: int | None = None,
             field: str | None = None) -> None:
        self.notes.append(Problem(file, message, fix, line, field))

    def add(self, other: Problems) -> None:
        """What `other` found, said here too (a step that kept what it found between builds)."""
        self.errors += other.errors
        self.warnings += other.warnings
        self.notes += other.notes

    def __bool__(self) -> bool:
        return bool(self.errors)

    def report(self) -> str:
        """The text printed to the editor: warnings first, then numbered errors and a summary."""
        lines = [f"Lưu ý: {problem}" for problem in sorted(set(self.notes), key=Problem.sort_key)]
        for problem in sorted(set(self.warnings), key=Problem.sort_key):
            lines.append(f"Cảnh báo: {problem}")
        errors = sorted(set(self.errors), key=Problem.sort_key)
        for number, problem in enumerate(errors, 1):
            lines.append(f"Lỗi {number}: {problem}")
        if errors:
            lines.append(f"Có {len(errors)} lỗi cần sửa trong nội dung hoặc dữ liệu.")
        return "\n".join(lines)


class SiteError(Exception):
    """Raised when content or data has errors; carries all of them."""

    def __init__(self, problems: Problems):
        self.problems = problems
        super().__init__(problems.report())
