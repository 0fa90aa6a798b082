"""Portal entries of the audits area: findings (section menu items, home panels, card tab)."""
