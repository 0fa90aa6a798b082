"""Navigation, section menu and home panels of the surveys' results area. The results are reached from a
survey or a campaign (`surveys:results`, `surveys:campaign-results`): no menu entry of their own."""
