"""What a training run will cost, before it starts.

Tokens x epochs, hours from a throughput (configured, measured on this machine
by an earlier run, or a conservative default), money from a configurable hourly
cost and power draw, and what the same tokens would cost to fine-tune on a
hosted service at list prices (``resources/training/finetune_prices.yaml``).
Pure arithmetic: no torch, nothing sent anywhere.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from core.errors import ValidationError

PRICES_FILE = Path(__file__).resolve().parents[2] / "resources" / "training" / "finetune_prices.yaml"

# Used only when neither the config nor an earlier run gives a throughput. Measured
# orders of magnitude for the 270M model: ~100 tokens/s on 2 CPU cores, thousands on a GPU.
DEFAULT_THROUGHPUT = {"cpu": 100.0, "cuda": 3000.0}


@dataclass
class CostSettings:
    """The clinic's own cost figures (workspace config key ``training_cost``)."""

    hourly_cost: float = 0.0  # currency per hour of the training machine (rental or amortised)
    power_watts: float = 300.0  # draw of the whole machine while training
    price_per_kwh: float = 0.20
    currency: str = "USD"

    @classmethod
    def from_config(cls, config: dict[str, Any] | None) -> "CostSettings":
        data = dict((config or {}).get("training_cost") or {})
        settings = cls()
        for key, value in data.items():
            if not hasattr(settings, key):
                raise ValidationError(f"training_cost.{key}", "is not a cost setting",
                                      "use hourly_cost, power_watts, price_per_kwh or currency")
            if key != "currency" and (isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0):
                raise ValidationError(f"training_cost.{key}", f"{value!r} is not a number >= 0", "enter e.g. 0.25")
            setattr(settings, key, float(value) if key != "currency" else str(value))
        return settings


@dataclass
class HostedPrice:
    provider: str
    model: str
    usd_per_million_training_tokens: float


@dataclass
class CostEstimate:
    """Everything the admin confirms before a run starts (stored with the run)."""

    examples: int
    tokens_per_epoch: int
    epochs: int
    total_tokens: int
    device: str
    throughput_tokens_per_s: float
    throughput_source: str  # configured | measured | default
    hours: float
    energy_kwh: float
    compute_cost: float
    energy_cost: float
    local_cost: float
    currency: str
    hosted: list[dict[str, Any]] = field(default_factory=list)
    prices_as_of: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def lines(self) -> list[str]:
        """Human-readable summary for the confirmation prompt."""
        out = [
            f"examples: {self.examples}, tokens per epoch: {self.tokens_per_epoch:,}, epochs: {self.epochs}, "
            f"total training tokens: {self.total_tokens:,}",
            f"time on {self.device}: {_duration(self.hours)} at {self.throughput_tokens_per_s:,.0f} tokens/s "
            f"({self.throughput_source} throughput)",
            f"local cost: {self.local_cost:.2f} {self.currency} (machine {self.compute_cost:.2f} + energy "
            f"{self.energy_kwh:.3f} kWh = {self.energy_cost:.2f})",
        ]
        if self.hosted:
            out.append(f"same tokens on a hosted service (list prices as of {self.prices_as_of}, training only):")
            for row in self.hosted:
                out.append(f"  {row['provider']} {row['model']}: {row['usd']:.2f} USD")
        return out


def load_prices(path: Path = PRICES_FILE) -> tuple[list[HostedPrice], str]:
    """The hosted fine-tuning price table and its date."""
    import yaml

    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    rows = [HostedPrice(str(r["provider"]), str(r["model"]), float(r["usd_per_million_training_tokens"]))
            for r in data.get("providers", [])]
    return rows, str(data.get("as_of", "unknown"))


def estimate_cost(
    *,
    examples: int,
    tokens_per_epoch: int,
    epochs: int,
    device: str,
    settings: CostSettings,
    configured_throughput: float = 0.0,
    measured_throughput: float | None = None,
    prices: list[HostedPrice] | None = None,
    prices_as_of: str = "",
) -> CostEstimate:
    """Estimate time and money of a run.

    Args:
        examples: training examples per epoch.
        tokens_per_epoch: tokens processed per epoch (prompt and answer; what hosted services bill).
        epochs: passes over the data.
        device: "cpu" or "cuda".
        settings: hourly cost, power draw and energy price.
        configured_throughput: tokens/s from the config; wins when > 0.
        measured_throughput: tokens/s of an earlier run on this machine, if any.
        prices: hosted price table (None: no comparison).
        prices_as_of: date of that table.

    Returns:
        The estimate; hours = total tokens / throughput / 3600.
    """
    if configured_throughput > 0:
        throughput, source = configured_throughput, "configured"
    elif measured_throughput and measured_throughput > 0:
        throughput, source = measured_throughput, "measured"
    else:
        throughput, source = DEFAULT_THROUGHPUT.get(device, DEFAULT_THROUGHPUT["cpu"]), "default"
    total = tokens_per_epoch * epochs
    hours = total / throughput / 3600.0
    kwh = hours * settings.power_watts / 1000.0
    compute = hours * settings.hourly_cost
    energy = kwh * settings.price_per_kwh
    hosted = [
        {"provider": p.provider, "model": p.model, "usd": total / 1e6 * p.usd_per_million_training_tokens}
        for p in (prices or [])
    ]
    return CostEstimate(
        examples=examples, tokens_per_epoch=tokens_per_epoch, epochs=epochs, total_tokens=total, device=device,
        throughput_tokens_per_s=throughput, throughput_source=source, hours=hours, energy_kwh=kwh,
        compute_cost=compute, energy_cost=energy, local_cost=compute + energy, currency=settings.currency,
        hosted=hosted, prices_as_of=prices_as_of,
    )


def actual_cost(tokens: int, seconds: float, settings: CostSettings) -> dict[str, float]:
    """Cost of a finished (or cancelled) run from what it really took."""
    hours = seconds / 3600.0
    kwh = hours * settings.power_watts / 1000.0
    return {
        "tokens": tokens,
        "seconds": seconds,
        "tokens_per_s": tokens / seconds if seconds > 0 else 0.0,
        "energy_kwh": kwh,
        "local_cost": hours * settings.hourly_cost + kwh * settings.price_per_kwh,
    }


def _duration(hours: float) -> str:
    minutes = hours * 60
    if minutes < 1:
        return f"{minutes * 60:.0f} s"
    if hours < 1:
        return f"{minutes:.0f} min"
    return f"{hours:.1f} h"
