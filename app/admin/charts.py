"""Chart helpers for the admin pages and monitoring: bar and line charts readable in grey.

Every series differs by more than its colour, so a chart printed in grey or
seen by a colour-blind reader still tells its series apart:

* bars: one brush pattern per series (solid, hatched, crossed, dotted …) with
  a dark outline, and the value written on the bar;
* lines: one pen style per series (solid, dashed, dotted …) and one marker
  shape per series (circle, square, triangle, diamond …), and the legend names
  both (``"● agreement (solid)"``).

Colours are the Okabe–Ito palette (distinct for the common colour-vision
deficiencies). The helpers only draw what they are given; the figures come
from the core.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCharts import (QAbstractBarSeries, QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QHorizontalBarSeries,
                              QLineSeries, QScatterSeries, QValueAxis)
from PySide6.QtCore import QMargins, QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen

#: Okabe–Ito: blue, vermillion, bluish green, orange, reddish purple, sky blue, yellow, black.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")
PATTERNS = (Qt.BrushStyle.SolidPattern, Qt.BrushStyle.BDiagPattern, Qt.BrushStyle.CrossPattern,
            Qt.BrushStyle.Dense4Pattern, Qt.BrushStyle.FDiagPattern, Qt.BrushStyle.DiagCrossPattern,
            Qt.BrushStyle.HorPattern, Qt.BrushStyle.VerPattern)
PATTERN_NAMES = ("solid", "hatched", "crossed", "dotted", "back-hatched", "cross-hatched", "striped", "barred")
LINE_STYLES = ((Qt.PenStyle.SolidLine, "solid"), (Qt.PenStyle.DashLine, "dashed"), (Qt.PenStyle.DotLine, "dotted"),
               (Qt.PenStyle.DashDotLine, "dash-dot"), (Qt.PenStyle.DashDotDotLine, "dash-dot-dot"))
MARKERS = ((QScatterSeries.MarkerShape.MarkerShapeCircle, "●"),
           (QScatterSeries.MarkerShape.MarkerShapeRectangle, "■"),
           (QScatterSeries.MarkerShape.MarkerShapeTriangle, "▲"),
           (QScatterSeries.MarkerShape.MarkerShapeRotatedRectangle, "◆"),
           (QScatterSeries.MarkerShape.MarkerShapeStar, "★"),
           (QScatterSeries.MarkerShape.MarkerShapePentagon, "⬟"))
CHART_HEIGHT = 240
AXIS_POINT_SIZE = 8.5  # axis labels smaller than the text: a month of day labels must fit


def series_style(index: int) -> dict:
    """The colour, pattern, pen style and marker of the ``index``-th series (cycled)."""
    pen, pen_name = LINE_STYLES[index % len(LINE_STYLES)]
    marker, glyph = MARKERS[index % len(MARKERS)]
    return {"colour": PALETTE[index % len(PALETTE)], "pattern": PATTERNS[index % len(PATTERNS)],
            "pattern_name": PATTERN_NAMES[index % len(PATTERN_NAMES)], "pen": pen, "pen_name": pen_name,
            "marker": marker, "glyph": glyph}


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    font = QFont(chart.titleFont())
    font.setBold(True)
    chart.setTitleFont(font)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)  # screenshots and tests see the final state
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setBackgroundRoundness(0)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    return chart


def _small_fonts(chart: QChart) -> None:
    for axis in chart.axes():
        font = QFont(axis.labelsFont())
        font.setPointSizeF(AXIS_POINT_SIZE)
        axis.setLabelsFont(font)
    font = QFont(chart.legend().font())
    font.setPointSizeF(AXIS_POINT_SIZE + 0.5)
    chart.legend().setFont(font)


def _view(chart: QChart, name: str, height: int) -> QChartView:
    _small_fonts(chart)
    view = QChartView(chart)
    view.setObjectName(name)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(height)
    return view


def bar_chart(title: str, categories: Sequence[str], series: Mapping[str, Sequence[float]], *,
              name: str = "barChart", horizontal: bool = False, value_title: str = "",
              height: int = CHART_HEIGHT, percent: bool = False) -> QChartView:
    """Grouped bars: one bar set per entry of ``series``, one group per category.

    Args:
        title: the chart's heading.
        categories: the group labels along the category axis.
        series: series name -> one value per category.
        name: the view's object name (tests find charts by it).
        horizontal: bars along the x axis (long category labels read better).
        value_title: the value axis' title.
        percent: values are shares (0-1); the axis runs to 100 %.
    """
    chart = _chart(title)
    bars = QHorizontalBarSeries() if horizontal else QBarSeries()
    bars.setLabelsVisible(True)
    bars.setLabelsFormat("@value")
    bars.setLabelsPosition(QAbstractBarSeries.LabelsPosition.LabelsOutsideEnd)
    top = 0.0
    for index, (label, values) in enumerate(series.items()):
        style = series_style(index)
        bar_set = QBarSet(f"{label} ({style['pattern_name']})" if len(series) > 1 else label)
        bar_set.setBrush(QBrush(QColor(style["colour"]), style["pattern"]))
        bar_set.setPen(QPen(QColor("#1f2933"), 1))
        bar_set.setLabelColor(QColor("#1f2933"))
        scaled = [float(v) * (100 if percent else 1) for v in values]
        bar_set.append(scaled)
        top = max([top, *scaled])
        bars.append(bar_set)
    chart.addSeries(bars)
    category_axis = QBarCategoryAxis()
    category_axis.append(list(categories))
    value_axis = QValueAxis()
    _scale(value_axis, top, percent)
    if value_title:
        value_axis.setTitleText(value_title)
    if horizontal:
        chart.addAxis(category_axis, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(value_axis, Qt.AlignmentFlag.AlignBottom)
    else:
        chart.addAxis(category_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(value_axis, Qt.AlignmentFlag.AlignLeft)
    bars.attachAxis(category_axis)
    bars.attachAxis(value_axis)
    chart.legend().setVisible(len(series) > 1)
    return _view(chart, name, height)


def line_chart(title: str, x_labels: Sequence[str], series: Mapping[str, Sequence[float | None]], *,
               name: str = "lineChart", value_title: str = "", percent: bool = False,
               height: int = CHART_HEIGHT) -> QChartView:
    """Lines over labelled points (time buckets); a None value leaves that point out.

    Each series gets its own pen style and marker shape; the legend entry says
    which ("● agreement (solid)").
    """
    chart = _chart(title)
    axis_x = QBarCategoryAxis()
    axis_x.append([str(x) for x in x_labels] or [""])
    axis_y = QValueAxis()
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    top = 0.0
    for index, (label, values) in enumerate(series.items()):
        style = series_style(index)
        points = [QPointF(i, float(v) * (100 if percent else 1)) for i, v in enumerate(values) if v is not None]
        top = max([top, *(p.y() for p in points)])
        line = QLineSeries()
        line.setName(f"{style['glyph']} {label} ({style['pen_name']})")
        pen = QPen(QColor(style["colour"]), 2.5)
        pen.setStyle(style["pen"])
        line.setPen(pen)
        line.append(points)
        marks = QScatterSeries()
        marks.setMarkerShape(style["marker"])
        marks.setMarkerSize(max(6, 13 - 3 * index))  # later markers smaller: one drawn over another shows both
        marks.setColor(QColor(style["colour"]))
        marks.setBorderColor(QColor("#1f2933"))
        marks.append(points)
        for one in (line, marks):
            chart.addSeries(one)
            one.attachAxis(axis_x)
            one.attachAxis(axis_y)
        for marker in chart.legend().markers(marks):
            marker.setVisible(False)  # the line's legend entry names the marker already
    _scale(axis_y, top, percent)
    if value_title:
        axis_y.setTitleText(value_title)
    chart.legend().setVisible(True)
    return _view(chart, name, height)


def chart_values(view: QChartView) -> dict[str, list[float]]:
    """What a chart shows: series (or bar set) name -> its values, in order (for tests and checks)."""
    out: dict[str, list[float]] = {}
    for one in view.chart().series():
        if isinstance(one, (QBarSeries, QHorizontalBarSeries)):
            for bar_set in one.barSets():
                out[bar_set.label()] = [bar_set.at(i) for i in range(bar_set.count())]
        elif isinstance(one, QLineSeries) and not isinstance(one, QScatterSeries):
            out[one.name()] = [p.y() for p in one.points()]
    return out


def _scale(axis: QValueAxis, top: float, percent: bool) -> None:
    """0-100 % for shares; for counts a top that reads well, with whole-number ticks.

    The range reaches a little past 0 and the top so a marker at 0 % or 100 % is drawn whole.
    """
    high = 100.0 if percent else max(5.0, _nice_top(top))
    interval = 25.0 if percent else (1.0 if high <= 5 else high / 5)  # at most six labels: none is elided
    axis.setTickType(QValueAxis.TickType.TicksDynamic)
    axis.setTickAnchor(0.0)
    axis.setTickInterval(interval)
    axis.setRange(-high * 0.04, high * 1.04)
    axis.setLabelFormat("%d %%" if percent else "%d")


def _nice_top(value: float) -> float:
    """An axis top a little above ``value`` that reads well (1, 2, 5 × 10^n)."""
    if value <= 0:
        return 1.0
    step = 1.0
    while step * 10 <= value:
        step *= 10
    for factor in (1, 2, 5, 10):
        if factor * step >= value * 1.1:
            return factor * step
    return 10 * step
