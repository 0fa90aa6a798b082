"""Portal entries of the audits area: fieldwork (section menu items, home panels, card tab)."""
