"""Portal entries of the audits area: draws (section menu items, home panels, card tab)."""
