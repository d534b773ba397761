"""Batch: many documents in parallel processes, with progress and a report."""
