#include "Http1ResponseParser.h"

#include <cstring>

namespace {

bool equalsLower(QByteArrayView text, QByteArrayView lower)
{
    if (text.size() != lower.size())
        return false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
        if (c != lower[i])
            return false;
    }
    return true;
}

QByteArrayView trimmed(QByteArrayView text)
{
    while (!text.isEmpty() && (text.front() == ' ' || text.front() == '\t'))
        text = text.sliced(1);
    while (!text.isEmpty() && (text.back() == ' ' || text.back() == '\t'))
        text.chop(1);
    return text;
}

/** Calls @p each with every trimmed, non-empty element of a comma-separated list. */
template <typename Each>
void forEachListElement(QByteArrayView list, Each each)
{
    while (!list.isEmpty()) {
        const qsizetype comma = list.indexOf(',');
        const QByteArrayView element = trimmed(comma < 0 ? list : list.first(comma));
        if (!element.isEmpty())
            each(element);
        list = comma < 0 ? QByteArrayView() : list.sliced(comma + 1);
    }
}

/** Decimal digits only, no sign, at most 18 of them; -1 otherwise. */
qint64 parseDecimal(QByteArrayView digits)
{
    if (digits.isEmpty() || digits.size() > 18)
        return -1;
    qint64 value = 0;
    for (const char c : digits) {
        if (c < '0' || c > '9')
            return -1;
        value = value * 10 + (c - '0');
    }
    return value;
}

} // namespace

void Http1ResponseParser::reset(bool headRequest)
{
    // Bytes after the previous response stay: the caller decides (a kept-alive connection has none).
    m_buffer.remove(0, m_pos);
    m_pos = 0;
    m_eof = false;
    m_anyInput = !m_buffer.isEmpty();
    m_head = headRequest;
    m_state = State::StatusLine;
    m_headerBytes = 0;
    m_version = 0;
    m_status = 0;
    m_contentLength = -1;
    m_chunked = false;
    m_anyTransferEncoding = false;
    m_connectionClose = false;
    m_remaining = 0;
    m_error.clear();
}

char* Http1ResponseParser::receiveBuffer(qsizetype bytes)
{
    if (m_pos > 0 && m_pos == m_buffer.size()) {
        m_buffer.resize(0); // keeps the capacity
        m_pos = 0;
    } else if (m_pos > 0 && m_pos >= m_buffer.size() / 2) {
        m_buffer.remove(0, m_pos);
        m_pos = 0;
    }
    const qsizetype used = m_buffer.size();
    m_buffer.reserve(used + bytes); // received() grows the size into this space
    return m_buffer.data() + used;
}

void Http1ResponseParser::received(qsizetype bytes)
{
    if (bytes <= 0)
        return;
    m_buffer.resize(m_buffer.size() + bytes);
    m_anyInput = true;
}

void Http1ResponseParser::endOfInput()
{
    m_eof = true;
}

bool Http1ResponseParser::keepAlive() const
{
    return m_state == State::Done && m_version == 11 && !m_connectionClose;
}

Http1ResponseParser::Piece Http1ResponseParser::next()
{
    QByteArrayView line;
    for (;;) {
        switch (m_state) {
        case State::StatusLine:
        case State::HeaderLines:
        case State::ChunkSize:
        case State::ChunkDataEnd:
        case State::Trailers:
            if (!takeLine(&line)) {
                if (m_state == State::Failed)
                    return {Kind::Malformed, {}};
                if (m_eof) {
                    return fail(
                        Kind::Truncated,
                        m_state == State::StatusLine && !m_anyInput
                            ? QStringLiteral("the upstream closed the connection without a response")
                            : QStringLiteral("the upstream closed the connection in the middle of the response"));
                }
                return {Kind::NeedMore, {}};
            }
            break;
        case State::FixedBody:
            return bodyBytes(State::Done);
        case State::ChunkData:
            return bodyBytes(State::ChunkDataEnd);
        case State::UntilClose:
            if (m_pos < m_buffer.size()) {
                const QByteArrayView bytes(m_buffer.constData() + m_pos, m_buffer.size() - m_pos);
                m_pos = m_buffer.size();
                return {Kind::Body, bytes};
            }
            if (m_eof) {
                m_state = State::Done;
                return {Kind::Complete, {}};
            }
            return {Kind::NeedMore, {}};
        case State::Done:
            return {Kind::Complete, {}};
        case State::Failed:
            return {Kind::Malformed, {}};
        }

        switch (m_state) {
        case State::StatusLine:
            return statusLine(line);
        case State::HeaderLines:
            return line.isEmpty() ? endOfHeaders() : headerLine(line);
        case State::ChunkSize: {
            QByteArrayView size = line;
            const qsizetype extension = size.indexOf(';');
            if (extension >= 0)
                size = size.first(extension);
            size = trimmed(size);
            if (size.isEmpty() || size.size() > 15)
                return fail(Kind::Malformed, QStringLiteral("invalid chunk size in the upstream response"));
            qint64 value = 0;
            for (const char c : size) {
                const int digit = c >= '0' && c <= '9' ? c - '0'
                    : c >= 'a' && c <= 'f'             ? c - 'a' + 10
                    : c >= 'A' && c <= 'F'             ? c - 'A' + 10
                                                       : -1;
                if (digit < 0)
                    return fail(Kind::Malformed, QStringLiteral("invalid chunk size in the upstream response"));
                value = value * 16 + digit;
            }
            if (value == 0) {
                m_state = State::Trailers;
            } else {
                m_remaining = value;
                m_state = State::ChunkData;
            }
            continue;
        }
        case State::ChunkDataEnd:
            if (!line.isEmpty())
                return fail(Kind::Malformed,
                            QStringLiteral("a chunk of the upstream response is longer than announced"));
            m_state = State::ChunkSize;
            continue;
        case State::Trailers:
            if (line.isEmpty()) {
                m_state = State::Done;
                return {Kind::Complete, {}};
            }
            continue; // trailer fields are not used
        default:
            Q_UNREACHABLE();
        }
    }
}

bool Http1ResponseParser::takeLine(QByteArrayView* line)
{
    const char* start = m_buffer.constData() + m_pos;
    const qsizetype available = m_buffer.size() - m_pos;
    const auto* newline = static_cast<const char*>(std::memchr(start, '\n', static_cast<size_t>(available)));
    const bool inHeaders = m_state == State::StatusLine || m_state == State::HeaderLines || m_state == State::Trailers;
    if (!newline) {
        const qsizetype limit = inHeaders ? MaxHeaderBytes - m_headerBytes : 1024;
        if (available > limit)
            fail(Kind::Malformed,
                 inHeaders ? QStringLiteral("the upstream response headers exceed %1 bytes").arg(MaxHeaderBytes)
                           : QStringLiteral("invalid chunk size line in the upstream response"));
        return false;
    }
    const qsizetype length = newline - start;
    if (inHeaders) {
        m_headerBytes += length + 1;
        if (m_headerBytes > MaxHeaderBytes) {
            fail(Kind::Malformed, QStringLiteral("the upstream response headers exceed %1 bytes").arg(MaxHeaderBytes));
            return false;
        }
    }
    m_pos += length + 1;
    *line = QByteArrayView(start, length > 0 && start[length - 1] == '\r' ? length - 1 : length);
    return true;
}

Http1ResponseParser::Piece Http1ResponseParser::statusLine(QByteArrayView line)
{
    // "HTTP/1.1 200 OK": the reason phrase may be missing, the code is three digits.
    if (line.size() < 12 || !line.startsWith("HTTP/1.") || (line[7] != '0' && line[7] != '1') || line[8] != ' '
        || (line.size() > 12 && line[12] != ' '))
        return fail(Kind::Malformed, QStringLiteral("the upstream did not answer with an HTTP/1.x status line"));
    int status = 0;
    for (qsizetype i = 9; i < 12; ++i) {
        if (line[i] < '0' || line[i] > '9')
            return fail(Kind::Malformed, QStringLiteral("the upstream did not answer with an HTTP/1.x status line"));
        status = status * 10 + (line[i] - '0');
    }
    if (status < 100)
        return fail(Kind::Malformed, QStringLiteral("the upstream answered with status %1").arg(status));
    m_version = line[7] == '1' ? 11 : 10;
    m_status = status;
    m_contentLength = -1;
    m_chunked = false;
    m_anyTransferEncoding = false;
    m_connectionClose = false;
    m_state = State::HeaderLines;
    return {Kind::HeaderLine, line};
}

Http1ResponseParser::Piece Http1ResponseParser::headerLine(QByteArrayView line)
{
    if (line.front() == ' ' || line.front() == '\t')
        return {Kind::HeaderLine, line}; // obsolete folding of a field we do not interpret
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0)
        return {Kind::HeaderLine, line};
    const QByteArrayView name = trimmed(line.first(colon));
    const QByteArrayView value = trimmed(line.sliced(colon + 1));
    if (equalsLower(name, "content-length")) {
        bool valid = true;
        forEachListElement(value, [&](QByteArrayView element) {
            const qint64 length = parseDecimal(element);
            if (length < 0 || (m_contentLength >= 0 && length != m_contentLength))
                valid = false;
            else
                m_contentLength = length;
        });
        if (!valid || value.isEmpty())
            return fail(Kind::Malformed, QStringLiteral("the upstream response has an invalid Content-Length"));
    } else if (equalsLower(name, "transfer-encoding")) {
        forEachListElement(value, [&](QByteArrayView element) {
            m_anyTransferEncoding = true;
            m_chunked = equalsLower(element, "chunked"); // only a final "chunked" frames the body
        });
    } else if (equalsLower(name, "connection")) {
        forEachListElement(value, [&](QByteArrayView element) {
            m_connectionClose = m_connectionClose || equalsLower(element, "close");
        });
    }
    return {Kind::HeaderLine, line};
}

Http1ResponseParser::Piece Http1ResponseParser::endOfHeaders()
{
    if (m_status < 200) {
        if (m_status == 101)
            return fail(Kind::Malformed,
                        QStringLiteral("the upstream switched protocols (101), which is not supported"));
        m_state = State::StatusLine; // interim response: the final one follows
        return {Kind::HeaderLine, {}};
    }
    if (m_version == 10)
        m_connectionClose = true; // not kept, even with Connection: keep-alive (libcurl would; closing is always safe)
    if (m_head || m_status == 204 || m_status == 304) {
        m_state = State::Done;
    } else if (m_anyTransferEncoding) {
        // Transfer-Encoding overrides Content-Length (RFC 9112 6.3); without a final chunked the body runs
        // to the end of the connection.
        m_state = m_chunked ? State::ChunkSize : State::UntilClose;
        if (!m_chunked || m_contentLength >= 0)
            m_connectionClose = true;
    } else if (m_contentLength >= 0) {
        m_remaining = m_contentLength;
        m_state = State::FixedBody;
    } else {
        m_state = State::UntilClose;
        m_connectionClose = true;
    }
    return {Kind::HeaderLine, {}};
}

Http1ResponseParser::Piece Http1ResponseParser::bodyBytes(State next)
{
    if (m_remaining == 0) {
        m_state = next;
        if (next == State::Done)
            return {Kind::Complete, {}};
        return this->next();
    }
    const qsizetype available = m_buffer.size() - m_pos;
    if (available == 0) {
        if (m_eof)
            return fail(Kind::Truncated,
                        QStringLiteral("the upstream closed the connection in the middle of the response body"));
        return {Kind::NeedMore, {}};
    }
    const qsizetype take = static_cast<qsizetype>(qMin<qint64>(available, m_remaining));
    const QByteArrayView bytes(m_buffer.constData() + m_pos, take);
    m_pos += take;
    m_remaining -= take;
    if (m_remaining == 0)
        m_state = next;
    return {Kind::Body, bytes};
}

Http1ResponseParser::Piece Http1ResponseParser::fail(Kind kind, const QString& error)
{
    m_state = State::Failed;
    m_error = error;
    return {kind, {}};
}
