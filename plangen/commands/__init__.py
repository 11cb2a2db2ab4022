"""The yearly workflow over the library: new, roll, diff, schema."""
