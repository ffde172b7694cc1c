# One INTERFACE target carries the language standard, warnings and Qt safety defines for every target.
add_library(aigw_options INTERFACE)
target_compile_features(aigw_options INTERFACE cxx_std_20)
target_compile_definitions(aigw_options INTERFACE
    QT_NO_CAST_TO_ASCII
    QT_NO_CAST_FROM_BYTEARRAY
    QT_NO_URL_CAST_FROM_STRING
    QT_USE_QSTRINGBUILDER
    QT_STRICT_ITERATORS
    QT_DISABLE_DEPRECATED_BEFORE=0x060400
    $<$<NOT:$<CONFIG:Debug>>:QT_NO_DEBUG_OUTPUT>)
target_compile_options(aigw_options INTERFACE
    -Wall -Wextra -Wpedantic -Wnon-virtual-dtor -Woverloaded-virtual -Wshadow=local
    $<$<BOOL:${WARNINGS_AS_ERRORS}>:-Werror>)
if(ENABLE_ASAN)
    target_compile_options(aigw_options INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer)
    target_link_options(aigw_options INTERFACE -fsanitize=address,undefined)
endif()
