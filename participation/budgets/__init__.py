"""Area budgets (Sozialraumbudget, Verfügungsfonds, Kiezkasse).

Criteria, applications, scoring, residents' votes, allocation, spending.
"""
