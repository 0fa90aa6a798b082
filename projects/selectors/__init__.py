"""Page-shaped reads of the projects app, one module per page family (card, register)."""
