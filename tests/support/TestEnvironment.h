#pragma once

#include <QProcessEnvironment>
#include <QString>

#include <initializer_list>
#include <utility>

/** An environment holding exactly these variables: nothing leaks in from the environment the tests run in. */
inline QProcessEnvironment testEnvironment(std::initializer_list<std::pair<QString, QString>> variables)
{
    QProcessEnvironment env;
    for (const auto& [name, value] : variables)
        env.insert(name, value);
    return env;
}
