"""The command line: options in, one error boundary, results out through rich."""

from plangen.cli.app import app, main

__all__ = ["app", "main"]
