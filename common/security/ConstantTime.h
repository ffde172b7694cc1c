#pragma once

#include <QByteArrayView>

/** Comparison whose running time does not depend on where the inputs differ (CRYPTO_memcmp). */
class ConstantTime
{
public:
    /** True when a and b have the same length and bytes. The length itself is not secret. */
    static bool equals(QByteArrayView a, QByteArrayView b);
};
