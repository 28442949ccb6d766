"""Stage 5, commands: what each command-line command does, one module each.

``cli.py`` declares the options and calls ``foldline.commands.<name>.run(args)``,
imported only when that command runs. Each ``run`` returns an exit code
(``foldline.errors``); errors are raised as ``FoldlineError`` and printed by
``cli.main``. Commands print; the stages they call do not.

May import everything: this is where the stages are joined up.
"""
