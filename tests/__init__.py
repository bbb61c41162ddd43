"""Tests of conseils-citoyens."""
