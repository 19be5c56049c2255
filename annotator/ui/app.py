"""Starting the window: QApplication, error hooks, the main window, then the start-up work."""

from __future__ import annotations

import logging
import signal
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QMessageLogContext, QSettings, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QMessageBox

from annotator.config import Settings
from annotator.core.store import open_store
from annotator.errors import AnnotatorError
from annotator.ui.main_window import MainWindow

log = logging.getLogger("annotator.qt")

_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def _qt_message(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
    log.log(_QT_LEVELS.get(kind, logging.WARNING), message)


def install_excepthook(window: MainWindow) -> None:
    """An unexpected error is logged and shown in a message box; the session goes on (every
    edit is already committed)."""

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        log.error("unexpected error:\n%s", "".join(traceback.format_exception(kind, value, tb)))
        if isinstance(value, AnnotatorError):
            window.show_error(str(value))
        else:
            window.show_error(f"Unexpected error: {kind.__name__}: {value}\n(details in the log)")

    sys.excepthook = hook


def user_settings() -> QSettings:
    """Window state kept between sessions (last document, the annotator's name)."""
    return QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, "annotator", "annotator"
    )


def create_window(settings: Settings, qsettings: QSettings | None = None) -> MainWindow:
    """Open the store and build the window (also used by tests, with their own QSettings)."""
    store = open_store(settings.db_path)
    return MainWindow(store, settings, qsettings if qsettings is not None else user_settings())


def run_gui(settings: Settings, import_paths: list[Path]) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    qInstallMessageHandler(_qt_message)
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("annotator")
    app.setOrganizationName("annotator")
    try:
        window = create_window(settings)
    except AnnotatorError as exc:
        QMessageBox.critical(None, "annotator", str(exc))
        print(f"annotator: error: {exc}", file=sys.stderr)
        return 1
    install_excepthook(window)
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl+C in the terminal quits; all is saved
    window.show()
    QTimer.singleShot(0, window.ask_annotator)
    if import_paths:
        QTimer.singleShot(0, lambda: window.import_paths(import_paths))
    else:
        QTimer.singleShot(0, window.suggest_unsuggested)
    code = app.exec()
    window.runner.shutdown()
    window.store.close()
    return code
