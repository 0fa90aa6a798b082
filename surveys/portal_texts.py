"""Navigation, section menu and home panels of the surveys' texts area."""
