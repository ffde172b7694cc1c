#include "ProjectDialog.h"

#include "domain/Money.h"
#include "domain/Providers.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QVBoxLayout>

namespace {
QString limitText(const std::optional<qint64>& v)
{
    return v ? QString::number(*v) : QString();
}

QString costText(const std::optional<qint64>& v)
{
    return v ? Money::formatUsd(*v, true) : QString();
}
} // namespace

ProjectDialog::ProjectDialog(const Project& project, SaveFunction save, QWidget* parent)
    : QDialog(parent)
    , m_original(project)
    , m_save(std::move(save))
{
    setObjectName(QStringLiteral("projectDialog"));
    setWindowTitle(project.id.isEmpty() ? tr("New project") : tr("Edit project"));
    setMinimumWidth(540);

    m_name = new QLineEdit(project.name, this);
    m_name->setObjectName(QStringLiteral("nameLineEdit"));
    m_name->setMaxLength(200);
    m_description = new QPlainTextEdit(project.description, this);
    m_description->setObjectName(QStringLiteral("descriptionEdit"));
    m_description->setTabChangesFocus(true);
    m_description->setFixedHeight(64);

    auto* digits = new QRegularExpressionValidator(QRegularExpression(QStringLiteral("\\d{0,16}")), this);
    auto* dollars
        = new QRegularExpressionValidator(QRegularExpression(QStringLiteral("\\$?\\d{0,10}(\\.\\d{0,6})?")), this);
    const auto makeEdit = [this](const QString& name, const QString& text, QValidator* v, const QString& placeholder) {
        auto* e = new QLineEdit(text, this);
        e->setObjectName(name);
        e->setValidator(v);
        e->setPlaceholderText(placeholder);
        return e;
    };
    m_dailyTokens
        = makeEdit(QStringLiteral("dailyTokenLimitEdit"), limitText(project.dailyTokenLimit), digits, tr("no limit"));
    m_monthlyTokens = makeEdit(QStringLiteral("monthlyTokenLimitEdit"), limitText(project.monthlyTokenLimit), digits,
                               tr("no limit"));
    m_dailyCost = makeEdit(QStringLiteral("dailyCostLimitEdit"), costText(project.dailyCostLimitMicros), dollars,
                           tr("no limit"));
    m_monthlyCost = makeEdit(QStringLiteral("monthlyCostLimitEdit"), costText(project.monthlyCostLimitMicros), dollars,
                             tr("no limit"));

    m_provider = new QComboBox(this);
    m_provider->setObjectName(QStringLiteral("defaultProviderComboBox"));
    m_provider->addItem(tr("Automatic (system order)"), QString());
    for (const QString& p : Providers::all())
        m_provider->addItem(p, p);
    m_provider->setCurrentIndex(qMax(0, m_provider->findData(project.defaultProvider)));
    m_capability = new QComboBox(this);
    m_capability->setObjectName(QStringLiteral("defaultCapabilityComboBox"));
    for (const QString& c : Providers::capabilities())
        m_capability->addItem(c, c);
    m_capability->setCurrentIndex(qMax(0, m_capability->findData(project.defaultCapability)));
    m_fallbacks = new QLineEdit(project.fallbacks.join(QStringLiteral(", ")), this);
    m_fallbacks->setObjectName(QStringLiteral("fallbacksLineEdit"));
    m_fallbacks->setPlaceholderText(tr("e.g. openai/gpt-4.1-mini, anthropic/claude-haiku-4-5"));

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("errorLabel"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #c01c28;"));
    m_error->hide();

    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Description:"), m_description);
    form->addRow(tr("Daily &token limit:"), m_dailyTokens);
    form->addRow(tr("Monthly t&oken limit:"), m_monthlyTokens);
    form->addRow(tr("Daily &cost limit (USD):"), m_dailyCost);
    form->addRow(tr("Monthly co&st limit (USD):"), m_monthlyCost);
    form->addRow(tr("Default &provider:"), m_provider);
    form->addRow(tr("Default c&apability:"), m_capability);
    form->addRow(tr("&Fallbacks:"), m_fallbacks);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Save)->setObjectName(QStringLiteral("saveButton"));
    connect(buttons, &QDialogButtonBox::accepted, this, &ProjectDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ProjectDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->setSpacing(12);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
}

Result<Project> ProjectDialog::project() const
{
    Project p = m_original;
    p.name = m_name->text().trimmed();
    p.description = m_description->toPlainText().trimmed();
    const auto tokens = [](QLineEdit* e, const QString& field) -> Result<std::optional<qint64>> {
        const QString t = e->text().trimmed();
        if (t.isEmpty())
            return std::optional<qint64>();
        bool ok = false;
        const qint64 v = t.toLongLong(&ok);
        if (!ok)
            return Error::invalid(tr("%1 must be a whole number of tokens").arg(field), field);
        return std::optional<qint64>(v);
    };
    const auto cost = [](QLineEdit* e, const QString& field) -> Result<std::optional<qint64>> {
        const QString t = e->text().trimmed();
        if (t.isEmpty())
            return std::optional<qint64>();
        const auto v = Money::parseUsd(t);
        if (!v)
            return Error::invalid(tr("%1 must be an amount in dollars such as 10 or 2.50").arg(field), field);
        return std::optional<qint64>(*v);
    };
    auto dt = tokens(m_dailyTokens, QStringLiteral("daily_token_limit"));
    if (!dt)
        return dt.error();
    auto mt = tokens(m_monthlyTokens, QStringLiteral("monthly_token_limit"));
    if (!mt)
        return mt.error();
    auto dc = cost(m_dailyCost, QStringLiteral("daily_cost_limit"));
    if (!dc)
        return dc.error();
    auto mc = cost(m_monthlyCost, QStringLiteral("monthly_cost_limit"));
    if (!mc)
        return mc.error();
    p.dailyTokenLimit = dt.value();
    p.monthlyTokenLimit = mt.value();
    p.dailyCostLimitMicros = dc.value();
    p.monthlyCostLimitMicros = mc.value();
    p.defaultProvider = m_provider->currentData().toString();
    p.defaultCapability = m_capability->currentData().toString();
    p.fallbacks.clear();
    for (const QString& f : m_fallbacks->text().split(QLatin1Char(','), Qt::SkipEmptyParts))
        if (!f.trimmed().isEmpty())
            p.fallbacks << f.trimmed();
    return p;
}

QWidget* ProjectDialog::widgetForField(const QString& field) const
{
    if (field == QLatin1String("name"))
        return m_name;
    if (field == QLatin1String("description"))
        return m_description;
    if (field == QLatin1String("daily_token_limit"))
        return m_dailyTokens;
    if (field == QLatin1String("monthly_token_limit"))
        return m_monthlyTokens;
    if (field == QLatin1String("daily_cost_limit"))
        return m_dailyCost;
    if (field == QLatin1String("monthly_cost_limit"))
        return m_monthlyCost;
    if (field == QLatin1String("default_provider"))
        return m_provider;
    if (field == QLatin1String("default_capability"))
        return m_capability;
    if (field == QLatin1String("fallbacks"))
        return m_fallbacks;
    return nullptr;
}

void ProjectDialog::showError(const Error& error)
{
    m_error->setText(error.message);
    m_error->show();
    if (QWidget* w = widgetForField(error.field))
        w->setFocus();
}

void ProjectDialog::accept()
{
    auto p = project();
    if (!p) {
        showError(p.error());
        return;
    }
    auto saved = m_save(p.value());
    if (!saved) {
        showError(saved.error());
        return;
    }
    m_saved = saved.value();
    emit projectSaved(m_saved);
    QDialog::accept();
}
