#pragma once

// Usage lives in the model layer (common/pricing), where prices are applied to it.
#include "pricing/Usage.h"
