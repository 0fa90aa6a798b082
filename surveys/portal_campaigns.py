"""Navigation, section menu and home panels of the surveys' campaigns area."""
