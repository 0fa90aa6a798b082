"""Navigation, section menu and home panels of the surveys' population area."""
