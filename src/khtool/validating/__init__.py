"""Validating: schema and consistency rules → findings with codes, and their output."""
