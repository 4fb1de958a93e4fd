"""One look for the whole app: the style sheet, fonts and priority colours.

Priority colours always travel with the priority's text label (never colour
alone), and each colour pair is chosen for contrast with its text.
"""

from __future__ import annotations

import sys
from pathlib import Path

from core.triage.priority import Priority

#: Background and text colour per priority (WCAG AA contrast for the label text).
PRIORITY_COLOURS: dict[Priority, tuple[str, str]] = {
    Priority.CRITICAL: ("#b71c1c", "#ffffff"),
    Priority.HIGH: ("#e65100", "#ffffff"),
    Priority.MEDIUM: ("#fbc02d", "#1a1a1a"),
    Priority.LOW: ("#2e7d32", "#ffffff"),
}

BASE_POINT_SIZE = 11  # readable from a clinic workstation chair


def resources_root() -> Path:
    """resources/ in the source tree or in a frozen bundle."""
    root = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parents[1]))
    return root / "resources"


def style_sheet() -> str:
    path = resources_root() / "styles" / "prescreen.qss"
    return path.read_text("utf-8") if path.exists() else ""


def apply_theme(app) -> None:
    """Fusion style (same on every platform), a larger base font and our style sheet."""
    from PySide6.QtGui import QFont

    app.setStyle("Fusion")
    font = QFont(app.font())
    font.setPointSize(BASE_POINT_SIZE)
    app.setFont(font)
    app.setStyleSheet(style_sheet())
    icon = resources_root() / "icons" / "prescreen.svg"
    if icon.exists():
        from PySide6.QtGui import QIcon

        app.setWindowIcon(QIcon(str(icon)))


def priority_label(priority: Priority | None) -> str:
    """Text shown with a priority colour: "CRITICAL", "HIGH", …"""
    return "—" if priority is None else priority.label.upper()


def priority_chip_html(priority: Priority | None) -> str:
    """An inline coloured label for rich-text views."""
    if priority is None:
        return "—"
    background, text = PRIORITY_COLOURS[priority]
    return (f'<span style="background-color:{background}; color:{text}; font-weight:bold;">'
            f"&nbsp;{priority_label(priority)}&nbsp;</span>")


def priority_stylesheet(priority: Priority | None) -> str:
    if priority is None:
        return ""
    background, text = PRIORITY_COLOURS[priority]
    return (f"background-color: {background}; color: {text}; font-weight: bold; "
            "border-radius: 4px; padding: 3px 10px;")
