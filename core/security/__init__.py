"""Keyslots, password hashing and policy, roles and lockout."""
