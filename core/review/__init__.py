"""Review: stored review packages, the queue, sign-off, addenda and physician alerts.

Import the services from their modules (``core.review.service``,
``core.review.alerts``); this package stays import-free so that the schema
migration (``core.review.schema``) loads nothing else.
"""
