"""Writes of the expertise app: cases (intake → issue), financial models, opinions, archive imports."""
