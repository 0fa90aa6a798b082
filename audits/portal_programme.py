"""Portal entries of the audits area: programme (section menu items, home panels, card tab)."""
