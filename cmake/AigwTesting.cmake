# aigw_add_test(NAME <TestX> SOURCES ... [LIBS ...] [DATABASES sqlite postgresql] [ENV ...] [TIMEOUT s])
#
# One executable per Qt Test class. With DATABASES, the test is registered once per storage back end;
# the back end reaches the test through AIGW_TEST_BACKEND. The PostgreSQL variant needs AIGW_TEST_PG_URL
# (scripts/test starts a throwaway cluster and sets it); it fails rather than skips when
# AIGW_TEST_REQUIRE_PG=1 and no server is reachable.
function(aigw_add_test)
    cmake_parse_arguments(T "" "NAME;TIMEOUT" "SOURCES;LIBS;DATABASES;ENV" ${ARGN})
    if(NOT T_TIMEOUT)
        set(T_TIMEOUT 120)
    endif()
    add_executable(${T_NAME} ${T_SOURCES})
    target_link_libraries(${T_NAME} PRIVATE aigw_options aigw_test_support Qt6::Test ${T_LIBS})
    set(base_env "QT_QPA_PLATFORM=offscreen" "LANG=C.UTF-8" "TZ=Pacific/Chatham"
                 "AIGW_SOURCE_DIR=${PROJECT_SOURCE_DIR}" "AIGW_BINARY_DIR=${PROJECT_BINARY_DIR}" ${T_ENV})
    if(T_DATABASES)
        foreach(db IN LISTS T_DATABASES)
            add_test(NAME ${T_NAME}_${db} COMMAND ${T_NAME})
            set_tests_properties(${T_NAME}_${db} PROPERTIES
                ENVIRONMENT "${base_env};AIGW_TEST_BACKEND=${db}" TIMEOUT ${T_TIMEOUT} LABELS "${db}")
        endforeach()
    else()
        add_test(NAME ${T_NAME} COMMAND ${T_NAME})
        set_tests_properties(${T_NAME} PROPERTIES ENVIRONMENT "${base_env}" TIMEOUT ${T_TIMEOUT})
    endif()
endfunction()
