"""Area budgets (Sozialraumbudget, Verfügungsfonds, Kiezkasse): criteria, applications, scoring, residents' votes, allocation, spending."""
