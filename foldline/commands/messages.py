"""What ``watch`` prints of a run's problems: only those the previous run did not show, and a summary.

A problem is the same problem from one save to the next when its file, key, code,
severity and message are the same: its line and column are left out, so a line
added above a warning does not make it new. Pure: no printing, no files.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..errors import Problem, display_path


def identity(problem: Problem) -> tuple:
    """What makes two runs' problems the same one (everything but the line and column)."""
    path = display_path(problem.location.path) if problem.location else ""
    return (path, problem.key, problem.code, problem.severity, problem.message)


@dataclass(frozen=True)
class MessageDiff:
    new: list[Problem]  # in the order the run found them
    unchanged: list[Problem]
    gone: int  # the previous run's problems not found again

    def summary(self) -> str:
        """One line, e.g. "2 warnings unchanged, 1 new, 1 gone"."""
        counted = self.unchanged + self.new
        noun = "warning" if all(p.severity == "warning" for p in counted) else "message"
        unchanged = len(self.unchanged)
        return f"{unchanged} {noun}{'' if unchanged == 1 else 's'} unchanged, {len(self.new)} new, {self.gone} gone"


def compare(previous: list[Problem], current: list[Problem]) -> MessageDiff:
    """Split current into problems new since previous and those shown before; count the
    previous ones that are gone. Repeats count: a message twice now and once before is once new."""
    left = Counter(identity(p) for p in previous)
    new, unchanged = [], []
    for problem in current:
        key = identity(problem)
        if left[key] > 0:
            left[key] -= 1
            unchanged.append(problem)
        else:
            new.append(problem)
    return MessageDiff(new, unchanged, sum(left.values()))
