"""Synthetic clinical datasets: condition library, generator, formats, validation, calibration sets."""
