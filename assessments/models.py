"""Needs assessments of facilities (frameworks, criteria, answers, needs): a later issue."""
