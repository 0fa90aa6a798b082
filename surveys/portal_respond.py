"""Navigation and home panels of the surveys' respond area: none of its own. The respondent's home panel
("Surveys waiting for your answer") is the campaigns area's (`surveys/portal_campaigns.py`)."""
