"""Reading what users write: bytes → text → YAML nodes with positions, merged, with Chinese messages.

Plans and themes are read through the same functions, so a mistake in either is reported the same way.
"""
