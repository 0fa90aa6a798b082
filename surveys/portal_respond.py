"""Navigation, section menu and home panels of the surveys' respond area."""
