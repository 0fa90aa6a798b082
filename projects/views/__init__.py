"""Views of the projects app, one module per page family (card, register, plan, budget, registers, reports)."""
