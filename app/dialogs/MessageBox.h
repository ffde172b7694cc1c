#pragma once

#include <QMessageBox>

/**
 * Every confirmation and notice of the app goes through here, so tests can answer them: after
 * setNextAnswer(b) the next call returns b at once without showing anything.
 */
class MessageBox
{
public:
    static QMessageBox::StandardButton question(QWidget* parent, const QString& title, const QString& text,
                                                QMessageBox::StandardButtons buttons
                                                = QMessageBox::Yes | QMessageBox::No,
                                                QMessageBox::StandardButton defaultButton = QMessageBox::No);
    static void warning(QWidget* parent, const QString& title, const QString& text);
    static void information(QWidget* parent, const QString& title, const QString& text);

    /** The answer the next message box returns without being shown (tests). */
    static void setNextAnswer(QMessageBox::StandardButton button);
    /** The text of the last message box asked or shown (tests). */
    static QString lastText();

private:
    static QMessageBox::StandardButton show(QMessageBox::Icon icon, QWidget* parent, const QString& title,
                                            const QString& text, QMessageBox::StandardButtons buttons,
                                            QMessageBox::StandardButton defaultButton);

    static QMessageBox::StandardButton s_nextAnswer;
    static QString s_lastText;
};
