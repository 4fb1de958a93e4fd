"""Cost estimate arithmetic and the hosted price table."""

from __future__ import annotations

import pytest

from core.errors import ValidationError
from core.training.cost import (
    DEFAULT_THROUGHPUT,
    CostSettings,
    HostedPrice,
    actual_cost,
    estimate_cost,
    load_prices,
)


def test_estimate_arithmetic():
    settings = CostSettings(hourly_cost=2.0, power_watts=500.0, price_per_kwh=0.30)
    prices = [HostedPrice("OpenAI", "m", 3.0), HostedPrice("Azure OpenAI", "m", 10.0)]
    est = estimate_cost(examples=100, tokens_per_epoch=900_000, epochs=4, device="cuda", settings=settings,
                        configured_throughput=1000.0, prices=prices, prices_as_of="2025-06")
    assert est.total_tokens == 3_600_000
    assert est.hours == pytest.approx(1.0)  # 3.6M tokens at 1000 tokens/s
    assert est.energy_kwh == pytest.approx(0.5)
    assert est.compute_cost == pytest.approx(2.0)
    assert est.energy_cost == pytest.approx(0.15)
    assert est.local_cost == pytest.approx(2.15)
    assert [round(h["usd"], 2) for h in est.hosted] == [10.8, 36.0]
    assert est.throughput_source == "configured"
    text = "\n".join(est.lines())
    assert "3,600,000" in text and "OpenAI" in text and "2025-06" in text


def test_throughput_precedence():
    common = dict(examples=1, tokens_per_epoch=3600, epochs=1, device="cpu", settings=CostSettings())
    assert estimate_cost(**common, configured_throughput=10.0, measured_throughput=20.0).throughput_source == "configured"
    measured = estimate_cost(**common, measured_throughput=20.0)
    assert measured.throughput_source == "measured" and measured.hours == pytest.approx(0.05)
    default = estimate_cost(**common)
    assert default.throughput_source == "default"
    assert default.throughput_tokens_per_s == DEFAULT_THROUGHPUT["cpu"]


def test_actual_cost():
    settings = CostSettings(hourly_cost=1.0, power_watts=1000.0, price_per_kwh=0.5)
    actual = actual_cost(tokens=7200, seconds=1800, settings=settings)
    assert actual["tokens_per_s"] == pytest.approx(4.0)
    assert actual["energy_kwh"] == pytest.approx(0.5)
    assert actual["local_cost"] == pytest.approx(0.5 + 0.25)


def test_settings_from_workspace_config():
    settings = CostSettings.from_config({"training_cost": {"hourly_cost": 0.8, "currency": "EUR"}})
    assert settings.hourly_cost == 0.8 and settings.currency == "EUR" and settings.power_watts == 300.0
    with pytest.raises(ValidationError) as info:
        CostSettings.from_config({"training_cost": {"hourly_cots": 1}})
    assert info.value.field == "training_cost.hourly_cots"
    with pytest.raises(ValidationError):
        CostSettings.from_config({"training_cost": {"power_watts": -5}})


def test_price_table_is_dated_and_sourced():
    prices, as_of = load_prices()
    assert as_of and as_of != "unknown"
    providers = {p.provider for p in prices}
    assert {"OpenAI", "Azure OpenAI"} <= providers
    assert all(p.usd_per_million_training_tokens > 0 for p in prices)
