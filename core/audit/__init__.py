"""Append-only, hash-chained audit log in the encrypted database."""

from core.audit.log import AuditEvent, AuditLog, ChainHead, VerifyReport

__all__ = ["AuditEvent", "AuditLog", "ChainHead", "VerifyReport"]
