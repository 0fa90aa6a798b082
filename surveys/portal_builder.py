"""Navigation, section menu and home panels of the surveys' builder area."""
