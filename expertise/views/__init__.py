"""Views of the expertise app, one module per area."""
