"""Building plans into files: one plan, a batch, atomic output."""
