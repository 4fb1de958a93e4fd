"""The main window: role-based navigation, the screens, status bar, idle lock.

Only the screens the logged-in role may use are built: a nurse's window has
no audit or user-management page at all, an auditor's has only the audit
viewer. The screen locks after the configured idle time (and on Ctrl+L):
every screen drops the patient data it shows, the workspace is closed, and
the same user's password opens it again; the intake form keeps its draft.

An admin's window, which holds the retraining pages, groups its navigation
under section headings (Triage, Oversight, Retraining); the other roles'
windows list their few pages as before. Ctrl+1 … Ctrl+9 open the first nine
pages, Ctrl+0 the tenth, Ctrl+PgDown / Ctrl+PgUp the next and previous one.
Two badges sit in the status bar: unacknowledged physician alerts, and the
admin's unread inbox notices (retraining milestones).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (QDialog, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMainWindow,
                               QStackedWidget, QWidget)

from app import tasks
from app.errors import log_without_phi
from app.idle import IdleWatcher, idle_timeout_ms
from app.lock_screen import LockScreen
from app.session import Session
from core.security.roles import Permission

ALERT_POLL_MS = 5_000
KEY_ROLE = 256  # Qt.UserRole: the screen key of a navigation entry (None on a section heading)

#: Navigation sections in order; a screen names its own with a ``section`` attribute, else this table does.
SECTIONS = ("Triage", "Oversight", "Retraining")
DEFAULT_SECTION = {"alerts": "Triage", "intake": "Triage", "queue": "Triage", "monitoring": "Oversight",
                   "audit": "Oversight", "users": "Oversight"}
GROUPED_SECTION = "Retraining"  # a window holding a page of this section gets section headings


def screen_classes() -> list[type]:
    """Every navigable screen, in navigation order (imports kept here to avoid cycles)."""
    from app.alerts_view import AlertsScreen
    from app.audit_view import AuditScreen
    from app.intake_form import IntakeScreen
    from app.monitoring_view import MonitoringScreen
    from app.queue_view import QueueScreen
    from app.users_view import UsersScreen
    from app.admin import admin_screen_classes

    return [AlertsScreen, IntakeScreen, QueueScreen, MonitoringScreen, AuditScreen, UsersScreen,
            *admin_screen_classes()]


def section_of(cls) -> str:
    """The navigation section of a screen class (admin pages default to Retraining)."""
    return getattr(cls, "section", None) or DEFAULT_SECTION.get(cls.key, GROUPED_SECTION)


def navigation_plan(classes: list[type]) -> list[tuple[str | None, list[type]]]:
    """The screens grouped for the navigation: [(heading or None, screens)], in section order.

    Without a Retraining page (every role but admin) there are no headings and the order
    is :func:`screen_classes`' own, exactly as before the admin pages came.
    """
    if not any(section_of(cls) == GROUPED_SECTION for cls in classes):
        return [(None, list(classes))]
    order = {name: i for i, name in enumerate(SECTIONS)}
    groups: dict[str, list[type]] = {}
    for cls in classes:
        groups.setdefault(section_of(cls), []).append(cls)
    return [(name, groups[name]) for name in sorted(groups, key=lambda n: order.get(n, len(order)))]


class MainWindow(QMainWindow):
    """Emits ``logged_out`` when the user logs out (the application shows the login again)."""

    case_stored = Signal(str)  # a new case is in the queue
    case_changed = Signal(str)  # a case was re-prioritised, signed, …
    logged_out = Signal()
    locked = Signal()
    unlocked = Signal()

    def __init__(self, session: Session, app, idle_ms: int | None = None) -> None:
        super().__init__()
        self.session = session
        self.setObjectName("mainWindow")
        self.setWindowTitle("Prescreen")
        self.resize(1320, 860)
        self.setMinimumSize(1024, 680)
        self._locked = False
        self._retired: list[Session] = []

        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setFixedWidth(210)
        self.stack = QStackedWidget()
        self.screens: dict[str, QWidget] = {}
        for heading, classes in navigation_plan([cls for cls in screen_classes() if cls.allowed(session)]):
            if heading is not None:
                self._add_heading(heading)
            for cls in classes:
                self._add_screen(cls(self))
        self.case_screen = None
        if session.can(Permission.VIEW_QUEUE):
            from app.case_view import CaseScreen

            self.case_screen = CaseScreen(self)
            self.screens[CaseScreen.key] = self.case_screen
            self.stack.addWidget(self.case_screen)
        self.navigation.currentRowChanged.connect(self._navigate)

        work = QWidget()
        row = QHBoxLayout(work)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.navigation)
        row.addWidget(self.stack, 1)
        self.lock_screen = LockScreen(session.home)
        self.lock_screen.unlocked.connect(self.unlock_with)
        self.lock_screen.logout.connect(self.logout)
        self.root = QStackedWidget()
        self.root.addWidget(work)
        self.root.addWidget(self.lock_screen)
        self.work_area = work
        self.setCentralWidget(self.root)

        self._build_status_bar()
        self.idle = IdleWatcher(app, idle_ms if idle_ms is not None else idle_timeout_ms(session.ws.config), self)
        self.idle.idle.connect(lambda: self.lock("Locked after a period without activity."))
        self.idle.start()
        QShortcut(QKeySequence("Ctrl+L"), self, activated=lambda: self.lock("Locked by the user."))
        keys = self.nav_keys()
        for number, key in enumerate(keys[:10], 1):
            QShortcut(QKeySequence(f"Ctrl+{number % 10}"), self, activated=lambda k=key: self.show_screen(k))
            self._nav_item(key).setToolTip(f"Ctrl+{number % 10}")
        QShortcut(QKeySequence("Ctrl+PgDown"), self, activated=lambda: self.step_screen(1))
        QShortcut(QKeySequence("Ctrl+PgUp"), self, activated=lambda: self.step_screen(-1))
        if keys:
            self.navigation.setCurrentRow(self._row_of(keys[0]))

    # navigation --------------------------------------------------------------
    def _add_heading(self, text: str) -> None:
        item = QListWidgetItem(text.upper())
        item.setFlags(Qt.ItemFlag.NoItemFlags)  # a heading: not selectable, not a page
        font = QFont(self.navigation.font())
        font.setBold(True)
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.8))
        item.setFont(font)
        item.setData(KEY_ROLE, None)
        self.navigation.addItem(item)

    def _add_screen(self, screen) -> None:
        self.screens[screen.key] = screen
        self.stack.addWidget(screen)
        self.navigation.addItem(screen.title)
        self.navigation.item(self.navigation.count() - 1).setData(KEY_ROLE, screen.key)

    def nav_keys(self) -> list[str]:
        """The pages in navigation order (section headings left out)."""
        keys = (self.navigation.item(i).data(KEY_ROLE) for i in range(self.navigation.count()))
        return [key for key in keys if key]

    def nav_headings(self) -> list[str]:
        """The section headings shown in the navigation (none for a nurse, physician or auditor)."""
        return [self.navigation.item(i).text() for i in range(self.navigation.count())
                if not self.navigation.item(i).data(KEY_ROLE)]

    def _row_of(self, key: str) -> int:
        for row in range(self.navigation.count()):
            if self.navigation.item(row).data(KEY_ROLE) == key:
                return row
        return -1

    def _nav_item(self, key: str) -> QListWidgetItem:
        return self.navigation.item(self._row_of(key))

    def _navigate(self, row: int) -> None:
        if row < 0:
            return
        key = self.navigation.item(row).data(KEY_ROLE)
        if key:
            self.show_screen(key)

    def step_screen(self, step: int) -> None:
        """Open the next (1) or previous (-1) page in the navigation, wrapping round."""
        keys = self.nav_keys()
        if not keys:
            return
        current = self.current_screen()
        index = keys.index(current.key) if getattr(current, "key", None) in keys else -step
        self.show_screen(keys[(index + step) % len(keys)])

    def show_screen(self, key: str) -> QWidget:
        """Bring a screen to the front (and select it in the navigation)."""
        screen = self.screens[key]
        row = self._row_of(key)
        if row >= 0 and self.navigation.currentRow() != row:
            self.navigation.blockSignals(True)
            self.navigation.setCurrentRow(row)
            self.navigation.blockSignals(False)
        self.stack.setCurrentWidget(screen)
        screen.activated()
        return screen

    def current_screen(self) -> QWidget:
        return self.stack.currentWidget()

    def open_case(self, case_id: str) -> None:
        """Show one case for review (the open is an audit event in the core)."""
        if self.case_screen is None:
            return
        self.stack.setCurrentWidget(self.case_screen)
        self.case_screen.load(case_id)

    # status bar --------------------------------------------------------------
    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.user_label = QLabel()
        self.user_label.setObjectName("userLabel")
        self.alert_badge = QLabel()
        self.alert_badge.setObjectName("alertBadge")
        self.alert_badge.hide()
        self.inbox_badge = QLabel()
        self.inbox_badge.setObjectName("inboxBadge")
        self.inbox_badge.hide()
        bar.addPermanentWidget(self.inbox_badge)
        bar.addPermanentWidget(self.alert_badge)
        bar.addPermanentWidget(self.user_label)
        self._alert_timer = QTimer(self)
        self._alert_timer.setInterval(ALERT_POLL_MS)
        self._alert_timer.timeout.connect(self.update_alert_badge)
        self._alert_timer.timeout.connect(self.update_inbox_badge)
        self.case_stored.connect(lambda _c: self.update_alert_badge())
        self.case_changed.connect(lambda _c: self.update_alert_badge())
        self._show_user()

    def _show_user(self) -> None:
        role = self.session.role.value.capitalize()
        self.user_label.setText(f"Logged in: {self.session.username} ({role})")
        if self.session.can(Permission.ACK_ALERT) or self._has_inbox():
            self._alert_timer.start()
            self.update_alert_badge()
            self.update_inbox_badge()

    def update_alert_badge(self) -> int:
        """Unacknowledged physician alerts, on the badge and the navigation entry."""
        if self._locked or not self.session.can(Permission.ACK_ALERT):
            return 0
        try:
            count = self.session.alerts.unacknowledged_count()
        except Exception as exc:  # noqa: BLE001 - the badge must never take the window down
            log_without_phi(exc, "alert badge")
            return 0
        self.alert_badge.setText(f"{count} unacknowledged alert{'s' if count != 1 else ''}")
        self.alert_badge.setVisible(count > 0)
        if "alerts" in self.nav_keys():
            self._nav_item("alerts").setText(f"Alerts ({count})" if count else "Alerts")
        return count

    def _has_inbox(self) -> bool:
        return "inbox" in self.screens

    def update_inbox_badge(self) -> int:
        """Unread inbox notices (retraining milestones), on the badge and the navigation entry."""
        if self._locked or not self._has_inbox():
            return 0
        from core.training.inbox import unread_count

        try:
            count = unread_count(self.session.ws)
        except Exception as exc:  # noqa: BLE001 - the badge must never take the window down
            log_without_phi(exc, "inbox badge")
            return 0
        self.inbox_badge.setText(f"{count} new notice{'s' if count != 1 else ''}")
        self.inbox_badge.setVisible(count > 0)
        item = self._nav_item("inbox")
        title = self.screens["inbox"].title
        item.setText(f"{title} ({count})" if count else title)
        return count

    # locking -----------------------------------------------------------------
    @property
    def is_locked(self) -> bool:
        return self._locked

    def lock(self, reason: str = "Locked.") -> None:
        """Hide and forget patient data, close the workspace, ask for the password."""
        if self._locked:
            return
        self._locked = True
        self.idle.stop()
        self._alert_timer.stop()
        self.alert_badge.hide()
        self.inbox_badge.hide()
        for dialog in self.findChildren(QDialog):
            dialog.close()  # passages, messages: nothing stays open over the lock screen
        for screen in self.screens.values():
            screen.lock()
        self.lock_screen.prepare(self.session.username, reason)
        self.user_label.setText(f"Locked: {self.session.username}")
        self.root.setCurrentWidget(self.lock_screen)
        try:
            self.session.ws.audit.record("session.lock", "user", self.session.username)
        except Exception as exc:  # noqa: BLE001 - locking goes on even if the audit write fails
            log_without_phi(exc, "lock audit")
        self._retire(self.session)
        self.locked.emit()

    def unlock_with(self, ws) -> None:
        """The lock screen re-opened the workspace: carry on with a new session."""
        self.session = Session(self.session.home, ws, self.session.pipeline_factory)
        self._locked = False
        for screen in self.screens.values():
            screen.unlock(self.session)
        self.root.setCurrentWidget(self.work_area)
        self._show_user()
        current = self.current_screen()
        if current is not None and current is not self.case_screen:
            current.activated()
        self.idle.start()
        self.unlocked.emit()

    def _retire(self, session: Session) -> None:
        """Close a session's workspace once no background work still uses it."""
        self._retired.append(session)
        self._close_retired()

    def _close_retired(self) -> None:
        if tasks.running_count():
            QTimer.singleShot(300, self._close_retired)
            return
        while self._retired:
            session = self._retired.pop()
            try:
                session.close()
            except Exception as exc:  # noqa: BLE001
                log_without_phi(exc, "close workspace")

    # leaving -----------------------------------------------------------------
    def logout(self) -> None:
        self.idle.uninstall()
        self._alert_timer.stop()
        if not self._locked:
            for screen in self.screens.values():
                screen.lock()
            self._retire(self.session)
        self._locked = True
        self.logged_out.emit()
        self.close()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt name
        self.idle.uninstall()
        if not self._locked:
            self._locked = True
            for screen in self.screens.values():
                screen.lock()
            self._retire(self.session)
        tasks.wait_for_all(5_000)
        self._close_retired()
        super().closeEvent(event)
