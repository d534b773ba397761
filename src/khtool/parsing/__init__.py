"""Parsing: normalised blocks → Plan (layout, header, section tree, task tables, fields)."""
