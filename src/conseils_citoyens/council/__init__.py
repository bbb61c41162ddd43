"""Councils: territory, council and member models, identifiers, composition rules."""
