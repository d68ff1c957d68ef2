"""Reintegration actors, pathways, cases and referrals: built in a later issue."""
