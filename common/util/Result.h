#pragma once

#include <QString>

#include <optional>
#include <utility>
#include <variant>

/**
 * What went wrong, in a form every front end can map: the CLI prints `message`, the HTTP layer maps
 * `kind` to a status and names `field` in the JSON error body.
 */
struct Error
{
    enum class Kind {
        InvalidArgument, ///< bad input from the caller; names the field when there is one
        NotFound,
        Conflict,
        PermissionDenied,
        Unavailable, ///< a dependency (database, provider) cannot be reached
        Internal,
    };

    Kind kind = Kind::Internal;
    QString message;
    QString field;

    static Error invalid(QString message, QString field = {})
    {
        return {Kind::InvalidArgument, std::move(message), std::move(field)};
    }
    static Error notFound(QString message) { return {Kind::NotFound, std::move(message), {}}; }
    static Error conflict(QString message) { return {Kind::Conflict, std::move(message), {}}; }
    static Error unavailable(QString message) { return {Kind::Unavailable, std::move(message), {}}; }
    static Error internal(QString message) { return {Kind::Internal, std::move(message), {}}; }
};

/** Either a value or an Error; no exceptions cross the event loop. */
template <typename T>
class Result
{
public:
    Result(T value)
        : m_data(std::move(value))
    { }
    Result(Error error)
        : m_data(std::move(error))
    { }

    bool ok() const { return std::holds_alternative<T>(m_data); }
    explicit operator bool() const { return ok(); }

    const T& value() const& { return std::get<T>(m_data); }
    T& value() & { return std::get<T>(m_data); }
    T&& value() && { return std::get<T>(std::move(m_data)); }
    const T& operator*() const& { return value(); }
    const T* operator->() const { return &std::get<T>(m_data); }

    const Error& error() const { return std::get<Error>(m_data); }

private:
    std::variant<T, Error> m_data;
};

/** Result of an operation that returns nothing on success. */
template <>
class Result<void>
{
public:
    Result() = default;
    Result(Error error)
        : m_error(std::move(error))
    { }

    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error& error() const { return *m_error; }

private:
    std::optional<Error> m_error;
};
