"""Writes of the projects app, one module per area (project, plan, budget, registers, reports)."""
