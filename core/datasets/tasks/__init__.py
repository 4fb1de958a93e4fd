"""Instruction-response task families beyond triage (labs, risk, conversations, wearables, benefits)."""
