"""Thin function views of the monitoring app, one module per area."""
