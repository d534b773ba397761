"""Typed field parsers: numbers, timelines, quantities, targets, units, references.

Each parser takes a string exactly as the document writes it and never raises on
arbitrary text: what it cannot read it returns as ``None`` or an empty list.
"""
