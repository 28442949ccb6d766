"""Foldline: structured YAML content to print-ready and screen-ready PDF leaflets.

The pipeline, one subpackage per stage, in the order data flows:

    content/   YAML files -> validated models and Problems (and the translation check)
    layout/    model + format -> HTML + CSS -> a laid-out document (copyfitted)
    pdf/       laid-out document -> finished PDFs; checks and proofs of finished PDFs
    build/     the plan of outputs, what is stale, worker processes, manifest, report
    commands/  one module per command; ``cli.py`` declares the options

Shared by all: ``errors`` (Problem, Location, the error classes and exit codes),
``project`` (where things are, names, content discovery), ``atomic`` (atomic
writes), ``lengths`` (mm, pt, px). A stage imports only the stages before it;
``tests/test_architecture.py`` holds that rule.
"""

__version__ = "0.1.0"
