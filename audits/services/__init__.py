"""Audit services (writes), one module per area."""
