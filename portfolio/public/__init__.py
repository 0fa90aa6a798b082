"""The public face of the portfolio for citizens: pages with the language in the address, no sign-in, cached
for anonymous visitors, reading only published projects (projects.selectors.public)."""
