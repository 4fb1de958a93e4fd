"""User accounts (admins): list, add, disable, enable with a new password."""

from __future__ import annotations

from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QHeaderView,
                               QLabel, QLineEdit, QPushButton, QTableWidget, QTableWidgetItem)

from app.errors import show_error
from app.screen import Screen, hint
from core.security.roles import Permission, Role

COLUMNS = ("User", "Role", "State", "Created", "Password changed")


class UsersScreen(Screen):
    key = "users"
    title = "Users"
    permission = Permission.MANAGE_USERS

    def __init__(self, window) -> None:
        super().__init__(window)
        self.layout_.addWidget(hint("Each person has their own account and password. Disabling an account removes "
                                    "its key: that person can no longer open the workspace."))
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("usersTable")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.layout_.addWidget(self.table, 1)

        box = QGroupBox("Add a user / enable with a new password")
        self.new_name = QLineEdit()
        self.new_name.setObjectName("newUserName")
        self.new_role = QComboBox()
        self.new_role.setObjectName("newUserRole")
        for role in (Role.NURSE, Role.PHYSICIAN, Role.AUDITOR, Role.ADMIN):
            self.new_role.addItem(role.value.capitalize(), role)
        self.new_password = QLineEdit()
        self.new_password.setObjectName("newUserPassword")
        self.new_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.new_password.setPlaceholderText("at least 12 characters, not a common password")
        add = QPushButton("&Add user")
        add.setObjectName("addUser")
        add.setProperty("primary", True)
        add.clicked.connect(self.add_user)
        enable = QPushButton("&Enable selected with this password")
        enable.clicked.connect(self.enable_selected)
        disable = QPushButton("&Disable selected")
        disable.setObjectName("disableUser")
        disable.clicked.connect(self.disable_selected)
        self.message = QLabel("")
        self.message.setObjectName("fieldError")
        self.message.setWordWrap(True)
        form = QFormLayout(box)
        form.addRow("User &name", self.new_name)
        form.addRow("&Role", self.new_role)
        form.addRow("&Password", self.new_password)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(enable)
        row.addWidget(disable)
        row.addStretch(1)
        form.addRow(row)
        form.addRow(self.message)
        box.setMaximumWidth(900)
        self.layout_.addWidget(box)
        self.users: list = []

    def refresh(self) -> None:
        try:
            self.users = self.session.ws.users.list()
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc, "list the users")
            return
        self.table.setRowCount(len(self.users))
        for row, user in enumerate(self.users):
            cells = (user.username, user.role.value.capitalize(), "disabled" if user.disabled else "active",
                     user.created_at[:10], user.password_changed_at[:10])
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))

    def _selected(self):
        rows = self.table.selectionModel().selectedRows()
        return self.users[rows[0].row()] if rows else None

    def _do(self, action, done: str) -> None:
        from core.errors import PrescreenError

        try:
            action()
        except PrescreenError as exc:
            self.message.setText(str(exc))
            return
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc, "change the user accounts")
            return
        self.message.setText("")
        self.new_password.clear()
        self.refresh()
        self.window_.statusBar().showMessage(done, 8000)

    def add_user(self) -> None:
        name, role, password = self.new_name.text().strip(), self.new_role.currentData(), self.new_password.text()
        self._do(lambda: self.session.ws.users.add(name, role, password), f"Added {name}.")

    def disable_selected(self) -> None:
        user = self._selected()
        if user is not None:
            self._do(lambda: self.session.ws.users.disable(user.username), f"Disabled {user.username}.")

    def enable_selected(self) -> None:
        user, password = self._selected(), self.new_password.text()
        if user is not None:
            self._do(lambda: self.session.ws.users.enable(user.username, password), f"Enabled {user.username}.")

    def activated(self) -> None:
        self.refresh()

    def lock(self) -> None:
        self.users = []
        self.table.setRowCount(0)
        self.new_password.clear()
