"""Forms of the projects app, one module per page family."""
