"""Navigation, section menu and home panels of the surveys' results area."""
