"""The plan: the validated model, its cross checks, loading (extends, overrides) and period arithmetic."""
