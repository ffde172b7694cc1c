#include "RequestFramer.h"

#include <QVarLengthArray>

namespace {
constexpr qsizetype kMaxChunkSizeLine = 1024;

bool isBlankBetweenRequests(char c)
{
    // Whitespace tolerated before a request line (what QHttpServer 6.4 skipped; clients rely on CRLF).
    return c == '\r' || c == '\n' || c == ' ' || c == '\t' || c == '\v';
}

bool allDigits(QByteArrayView v)
{
    if (v.isEmpty())
        return false;
    for (const char c : v) {
        if (c < '0' || c > '9')
            return false;
    }
    return true;
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}
} // namespace

RequestFramer::RequestFramer(const HttpServerOptions& options)
    : m_options(options)
{ }

RequestFramer::Rejection RequestFramer::reject(int status, const char* code, const QString& message)
{
    return Rejection{status, QString::fromLatin1(code), message};
}

RequestFramer::FeedResult RequestFramer::feed(QByteArrayView data, qint64 nowNs)
{
    FeedResult result;
    const qsizetype n = data.size();
    const qint64 maxRawChunked = 2 * m_options.maxBodyBytes + 64 * 1024;
    qsizetype i = 0;

    auto fail = [&](Rejection rejection) {
        m_state = State::Failed;
        result.rejection = std::move(rejection);
    };

    while (i < n && m_state != State::Failed) {
        switch (m_state) {
        case State::Failed:
            break;
        case State::BetweenRequests:
            if (isBlankBetweenRequests(data[i])) {
                ++i;
                break;
            }
            m_head = RequestHead();
            m_line.clear();
            m_headBytes = 0;
            m_headerLines = 0;
            m_requestLineDone = false;
            m_startedAtNs = nowNs;
            m_state = State::Head;
            break;
        case State::Head: {
            const qsizetype nl = data.indexOf('\n', i);
            const qsizetype end = nl < 0 ? n : nl + 1;
            if (m_headBytes + (end - i) > m_options.maxHeaderBytes) {
                if (!m_requestLineDone) {
                    fail(reject(414, "uri_too_long",
                                QStringLiteral("The request line exceeds the limit of %1 bytes.")
                                    .arg(m_options.maxHeaderBytes)));
                } else {
                    fail(reject(431, "request_header_fields_too_large",
                                QStringLiteral("The request header block exceeds the limit of %1 bytes.")
                                    .arg(m_options.maxHeaderBytes)));
                }
                break;
            }
            m_headBytes += end - i;
            if (nl < 0) {
                m_line.append(data.sliced(i));
                i = n;
                break;
            }
            if (m_line.isEmpty()) {
                // The whole line is in this read (the usual case): read it where it is.
                QByteArrayView line = data.sliced(i, nl - i);
                i = nl + 1;
                if (line.endsWith('\r'))
                    line.chop(1);
                if (auto rejection = processLine(line, result))
                    fail(std::move(*rejection));
                break;
            }
            m_line.append(data.sliced(i, nl - i));
            i = nl + 1;
            if (m_line.endsWith('\r'))
                m_line.chop(1);
            const QByteArray line = std::exchange(m_line, QByteArray());
            if (auto rejection = processLine(line, result))
                fail(std::move(*rejection));
            break;
        }
        case State::Body: {
            const qint64 take = qMin<qint64>(m_bodyRemaining, n - i);
            m_body.append(data.sliced(i, take));
            i += take;
            m_bodyRemaining -= take;
            if (m_bodyRemaining == 0)
                completeRequest(result);
            break;
        }
        case State::ChunkSize: {
            const qsizetype nl = data.indexOf('\n', i);
            const qsizetype end = nl < 0 ? n : nl + 1;
            m_bodyRaw += end - i;
            if (m_line.size() + (end - i) > kMaxChunkSizeLine) {
                fail(reject(400, "bad_request", QStringLiteral("A chunk-size line is too long.")));
                break;
            }
            if (nl < 0) {
                m_line.append(data.sliced(i));
                i = n;
                break;
            }
            m_line.append(data.sliced(i, nl - i));
            i = nl + 1;
            if (!m_line.endsWith('\r')) {
                fail(reject(400, "bad_request", QStringLiteral("A chunk-size line must end in CRLF.")));
                break;
            }
            m_line.chop(1);
            const QByteArray line = std::exchange(m_line, QByteArray());
            if (auto rejection = parseChunkSize(line))
                fail(std::move(*rejection));
            break;
        }
        case State::ChunkData: {
            const qint64 take = qMin<qint64>(m_bodyRemaining, n - i);
            m_body.append(data.sliced(i, take));
            i += take;
            m_bodyRemaining -= take;
            m_bodyRaw += take;
            if (m_bodyRemaining == 0)
                m_state = State::ChunkDataCr;
            break;
        }
        case State::ChunkDataCr:
        case State::ChunkDataLf: {
            const char expected = m_state == State::ChunkDataCr ? '\r' : '\n';
            if (data[i] != expected) {
                fail(reject(400, "bad_request", QStringLiteral("Chunk data must be followed by CRLF.")));
                break;
            }
            ++i;
            ++m_bodyRaw;
            m_state = m_state == State::ChunkDataCr ? State::ChunkDataLf : State::ChunkSize;
            break;
        }
        case State::LastChunkCr:
        case State::LastChunkLf: {
            const char expected = m_state == State::LastChunkCr ? '\r' : '\n';
            if (data[i] != expected) {
                fail(reject(400, "bad_request", QStringLiteral("Chunked trailer fields are not supported.")));
                break;
            }
            ++i;
            ++m_bodyRaw;
            if (m_state == State::LastChunkCr)
                m_state = State::LastChunkLf;
            else
                completeRequest(result);
            break;
        }
        }

        if (m_state != State::Failed && m_bodyRaw > maxRawChunked
            && (m_state == State::ChunkSize || m_state == State::ChunkData || m_state == State::ChunkDataCr
                || m_state == State::ChunkDataLf || m_state == State::LastChunkCr || m_state == State::LastChunkLf)) {
            fail(reject(413, "payload_too_large",
                        QStringLiteral("The chunked request body exceeds the limit of %1 bytes including framing.")
                            .arg(maxRawChunked)));
        }
    }
    return result;
}

std::optional<RequestFramer::Rejection> RequestFramer::processLine(QByteArrayView line, FeedResult& result)
{
    if (line.contains('\r') || line.contains('\0'))
        return reject(400, "bad_request", QStringLiteral("The request head contains a bare CR or a NUL byte."));
    if (!m_requestLineDone) {
        m_requestLineDone = true;
        return parseRequestLine(line);
    }
    if (line.isEmpty())
        return finishHead(result);
    if (++m_headerLines > m_options.maxHeaderLines) {
        return reject(431, "request_header_fields_too_large",
                      QStringLiteral("The request has more than %1 header fields.").arg(m_options.maxHeaderLines));
    }
    return parseHeaderLine(line);
}

std::optional<RequestFramer::Rejection> RequestFramer::parseRequestLine(QByteArrayView line)
{
    QByteArrayView parts[3];
    int count = 0;
    qsizetype pos = 0;
    while (pos < line.size()) {
        while (pos < line.size() && line[pos] == ' ')
            ++pos;
        if (pos >= line.size())
            break;
        qsizetype end = line.indexOf(' ', pos);
        if (end < 0)
            end = line.size();
        if (count == 3)
            return reject(400, "bad_request", QStringLiteral("Malformed request line."));
        parts[count++] = line.sliced(pos, end - pos);
        pos = end;
    }
    if (count != 3)
        return reject(400, "bad_request", QStringLiteral("Malformed request line."));

    const QByteArray method = parts[0].toByteArray();
    if (!HttpHeaders::isValidName(method))
        return reject(400, "bad_request", QStringLiteral("Malformed request method."));
    for (const char c : parts[1]) {
        if (static_cast<unsigned char>(c) < 0x21 || c == 0x7f)
            return reject(400, "bad_request", QStringLiteral("Malformed request target."));
    }
    const QByteArrayView version = parts[2];
    if (version == "HTTP/1.1") {
        m_head.httpMinor = 1;
    } else if (version == "HTTP/1.0") {
        m_head.httpMinor = 0;
    } else if (version.startsWith("HTTP/")) {
        return reject(505, "http_version_not_supported", QStringLiteral("Only HTTP/1.0 and HTTP/1.1 are supported."));
    } else {
        return reject(400, "bad_request", QStringLiteral("Malformed request line."));
    }
    m_head.method = method;
    m_head.target = parts[1].toByteArray();
    return std::nullopt;
}

std::optional<RequestFramer::Rejection> RequestFramer::parseHeaderLine(QByteArrayView line)
{
    if (line.front() == ' ' || line.front() == '\t')
        return reject(400, "bad_request", QStringLiteral("Obsolete header line folding is not supported."));
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0)
        return reject(400, "bad_request", QStringLiteral("Malformed header line."));
    const QByteArray name = line.first(colon).toByteArray();
    if (!HttpHeaders::isValidName(name))
        return reject(400, "bad_request", QStringLiteral("Malformed header name."));
    m_head.headers.append(name, line.sliced(colon + 1).trimmed().toByteArray());
    return std::nullopt;
}

std::optional<RequestFramer::Rejection> RequestFramer::finishHead(FeedResult& result)
{
    // One pass over the fields for the five that frame the request (repeated fields joined with ", ", as
    // HttpHeaders::value() joins them).
    int hosts = 0;
    bool hasTransferEncoding = false;
    QByteArray transferEncoding;
    bool hasExpect = false;
    QByteArray expect;
    QVarLengthArray<QByteArrayView, 2> lengths;
    bool connectionClose = false;
    const auto join = [](bool& has, QByteArray& joined, const QByteArray& value) {
        if (has)
            joined += ", ";
        joined += value;
        has = true;
    };
    for (const HttpHeaders::Field& f : m_head.headers.fields()) {
        const QByteArray& name = f.first;
        switch (name.size()) {
        case 4:
            hosts += HttpHeaders::sameName(name, "host") ? 1 : 0;
            break;
        case 6:
            if (HttpHeaders::sameName(name, "expect"))
                join(hasExpect, expect, f.second);
            break;
        case 10:
            if (HttpHeaders::sameName(name, "connection")) {
                const QByteArrayView value(f.second);
                for (qsizetype from = 0; from <= value.size();) {
                    qsizetype comma = value.indexOf(',', from);
                    if (comma < 0)
                        comma = value.size();
                    if (value.sliced(from, comma - from).trimmed().compare("close", Qt::CaseInsensitive) == 0)
                        connectionClose = true;
                    from = comma + 1;
                }
            }
            break;
        case 14:
            if (HttpHeaders::sameName(name, "content-length"))
                lengths.append(f.second);
            break;
        case 17:
            if (HttpHeaders::sameName(name, "transfer-encoding"))
                join(hasTransferEncoding, transferEncoding, f.second);
            break;
        default:
            break;
        }
    }

    if (m_head.httpMinor == 1 && hosts != 1)
        return reject(400, "bad_request", QStringLiteral("An HTTP/1.1 request needs exactly one Host header."));

    if (hasTransferEncoding) {
        if (m_head.httpMinor == 0)
            return reject(400, "bad_request", QStringLiteral("Transfer-Encoding is not allowed in HTTP/1.0."));
        if (!lengths.isEmpty()) {
            return reject(400, "bad_request",
                          QStringLiteral("A request must not carry both Content-Length and Transfer-Encoding."));
        }
        if (transferEncoding.trimmed().compare("chunked", Qt::CaseInsensitive) != 0)
            return reject(501, "not_implemented", QStringLiteral("Only Transfer-Encoding: chunked is supported."));
        m_head.chunked = true;
    }

    for (const QByteArrayView value : lengths) {
        if (!allDigits(value) || value.size() > 18)
            return reject(400, "bad_request", QStringLiteral("Invalid Content-Length."));
        const qint64 length = value.toLongLong();
        if (m_head.contentLength >= 0 && m_head.contentLength != length)
            return reject(400, "bad_request", QStringLiteral("Conflicting Content-Length headers."));
        m_head.contentLength = length;
    }
    if (m_head.contentLength > m_options.maxBodyBytes) {
        return reject(413, "payload_too_large",
                      QStringLiteral("The request body of %1 bytes exceeds the limit of %2 bytes.")
                          .arg(m_head.contentLength)
                          .arg(m_options.maxBodyBytes));
    }

    if (hasExpect) {
        if (expect.trimmed().compare("100-continue", Qt::CaseInsensitive) != 0)
            return reject(417, "expectation_failed", QStringLiteral("Only Expect: 100-continue is supported."));
        m_head.expectContinue = m_head.httpMinor == 1 && (m_head.chunked || m_head.contentLength > 0);
    }

    m_head.keepAlive = m_head.httpMinor == 1 && !connectionClose;

    m_head.startedAtNs = m_startedAtNs;
    result.heads.append(m_head);
    m_body = QByteArray();
    if (m_head.contentLength > 0)
        m_body.reserve(m_head.contentLength);

    if (m_head.chunked) {
        m_bodyDecoded = 0;
        m_bodyRaw = 0;
        m_state = State::ChunkSize;
    } else if (m_head.contentLength > 0) {
        m_bodyRemaining = m_head.contentLength;
        m_state = State::Body;
    } else {
        completeRequest(result);
    }
    return std::nullopt;
}

std::optional<RequestFramer::Rejection> RequestFramer::parseChunkSize(QByteArrayView line)
{
    const qsizetype semicolon = line.indexOf(';');
    const QByteArrayView digits = (semicolon < 0 ? line : line.first(semicolon)).trimmed();
    if (digits.isEmpty() || digits.size() > 15)
        return reject(400, "bad_request", QStringLiteral("Invalid chunk size."));
    qint64 size = 0;
    for (const char c : digits) {
        const int v = hexValue(c);
        if (v < 0)
            return reject(400, "bad_request", QStringLiteral("Invalid chunk size."));
        size = size * 16 + v;
    }
    if (size == 0) {
        m_state = State::LastChunkCr;
        return std::nullopt;
    }
    if (m_bodyDecoded + size > m_options.maxBodyBytes) {
        return reject(
            413, "payload_too_large",
            QStringLiteral("The chunked request body exceeds the limit of %1 bytes.").arg(m_options.maxBodyBytes));
    }
    m_bodyDecoded += size;
    m_bodyRemaining = size;
    m_state = State::ChunkData;
    return std::nullopt;
}

void RequestFramer::completeRequest(FeedResult& result)
{
    ++result.requestsCompleted;
    result.requests.append(Request{std::move(m_head), std::exchange(m_body, QByteArray())});
    m_state = State::BetweenRequests;
    m_head = RequestHead();
    m_bodyRemaining = 0;
    m_bodyDecoded = 0;
    m_bodyRaw = 0;
}
