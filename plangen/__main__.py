"""`python -m plangen`: the same command line as `plangen`."""

from plangen.cli.app import main

main()
