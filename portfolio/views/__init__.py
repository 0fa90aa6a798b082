"""Thin function views of the portfolio app, one module per area."""
