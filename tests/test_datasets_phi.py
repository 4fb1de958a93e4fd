"""The generator's output passes the real PHI audit: only fictional identifiers, nothing open."""

from __future__ import annotations

import pytest

from core.datasets.generator import generate


@pytest.mark.slow
def test_generated_dataset_passes_the_phi_audit_with_the_fictional_lists():
    from core.phi import audit_dataset

    records = generate(150, seed=2).records
    result = audit_dataset(records)
    open_findings = [(f.record, f.entity_type, f.excerpt) for f in result.findings if f.open]
    assert result.passed, open_findings[:10]
    # The scan did see the fictional names the stories carry, and verified them.
    assert any(f.authenticity == "fictional" for f in result.findings)
