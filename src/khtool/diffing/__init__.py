"""Diffing: two Plans → a PlanDiff (targets, tasks, content areas), and its reports."""
