"""Portal entries of the audits area: analytics (section menu items, home panels, card tab)."""
