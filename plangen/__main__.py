"""`python -m plangen`: the same command line as `plangen`."""

from plangen.cli import main

main()
