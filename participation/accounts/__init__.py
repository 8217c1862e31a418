"""Staff accounts, roles with area scope, login, password reset and invitations."""
