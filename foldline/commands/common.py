"""What several commands share: the project and content they were pointed at, printed problems."""
from __future__ import annotations

import sys

from ..errors import ContentError, Problem, UsageError
from ..project import Project


def project_of(args) -> Project:
    return Project.at(args.root, getattr(args, "output", None))


def selected_files(project: Project, args):
    """The content files the --leaflet and --lang options select; UsageError when none match."""
    files = project.discover(args.leaflet, args.lang)
    print_problems(project.near_misses(args.leaflet))
    if not files:
        wanted = " ".join(f"--{k} {v}" for k in ("leaflet", "lang") for v in (getattr(args, k) or []))
        raise UsageError([Problem(None, "source", f"no content files match {wanted or 'source/*/*.yaml'}", code="bad-name")])
    return files


def load_selected(args):
    """(project, loaded leaflets, problems) for the selected content files."""
    from ..content.load import load_all

    project = project_of(args)
    loaded, problems = load_all(project, selected_files(project, args))
    return project, loaded, problems


def load_valid(args):
    """(project, loaded leaflets); ContentError when any selected file is invalid."""
    project, loaded, problems = load_selected(args)
    if problems:
        raise ContentError(problems)
    return project, loaded


def print_problems(problems: list[Problem], stream=None) -> int:
    """Each problem on its own line, with its severity; returns the number of errors."""
    stream = stream or sys.stderr
    for problem in problems:
        print(f"{problem.severity}: {problem}", file=stream)
    return sum(p.severity == "error" for p in problems)
