# SPDX-License-Identifier: GPL-2.0-only
#
# Fuzzing open/release sequences (docs/fuzzing.md): the decoder and runner
# library, the libFuzzer target (clang, VFIO_SIM_FUZZ), the corpus-replay
# program every build has (gcc CI runs the corpus through it), the
# benchmark, and the fuzz tests (ctest label fuzz).

add_library(vfiosim_fuzz STATIC frontends/fuzz/decode.c frontends/fuzz/emit.c
            frontends/fuzz/run.c)
target_include_directories(vfiosim_fuzz PUBLIC frontends)
target_link_libraries(vfiosim_fuzz PUBLIC vfiosim_world)
# frontends/fuzz/run.c keeps the targets' state regions as the constructors left
# them: it sees them registered through this wrapper.
target_link_options(vfiosim_fuzz INTERFACE
                    -Wl,--wrap=sim_register_state)

add_executable(fuzz-vfio-replay frontends/fuzz/replay_main.c)
target_link_libraries(fuzz-vfio-replay PRIVATE vfiosim_fuzz)

add_executable(bench-fuzz frontends/bench/bench_fuzz.c)
target_link_libraries(bench-fuzz PRIVATE vfiosim_fuzz)

if(VFIO_SIM_FUZZ)
  # The vfio cores are instrumented like the rest: their SanitizerCoverage
  # sections keep their names through scripts/link-kernel-objects.sh, so
  # libFuzzer sees the kernel's (and the model's) edges.

  # libFuzzer without its main: the coverage callbacks for the programs
  # that run inputs themselves
  target_link_options(fuzz-vfio-replay PRIVATE -fsanitize=fuzzer-no-link)
  target_link_options(bench-fuzz PRIVATE -fsanitize=fuzzer-no-link)
  add_executable(fuzz-vfio frontends/fuzz/fuzz_target.c)
  target_link_libraries(fuzz-vfio PRIVATE vfiosim_fuzz)
  target_link_options(fuzz-vfio PRIVATE -fsanitize=fuzzer)
endif()

if(VFIO_SIM_TESTS)
  # tests/fuzz/test_*.c are built by the top-level glob; they need us
  file(GLOB FUZZ_TEST_SOURCES CONFIGURE_DEPENDS
       ${CMAKE_SOURCE_DIR}/tests/fuzz/test_*.c)
  foreach(src ${FUZZ_TEST_SOURCES})
    get_filename_component(name ${src} NAME_WE)
    target_link_libraries(${name} PRIVATE vfiosim_fuzz)
    target_compile_definitions(${name} PRIVATE
                               VF_TEST_DIR="${CMAKE_SOURCE_DIR}/tests/fuzz")
  endforeach()

  # The committed corpus, through the same pipeline as the fuzzer, on
  # every vfio target built in (skipped, 77, when there is none); and
  # run forwards then backwards with inputs that fail half-way on linux
  # 6.12 (tests/fuzz/regress): no input depends on the ones before.
  add_test(NAME fuzz/corpus-replay
           COMMAND fuzz-vfio-replay --target all
                   ${CMAKE_SOURCE_DIR}/tests/fuzz/corpus)
  add_test(NAME fuzz/corpus-determinism
           COMMAND fuzz-vfio-replay --target all --check-determinism
                   ${CMAKE_SOURCE_DIR}/tests/fuzz/corpus
                   ${CMAKE_SOURCE_DIR}/tests/fuzz/regress)
  # A finding, end to end: written, then reproduced by vfio-sim replay.
  add_test(NAME fuzz/finding-replays
           COMMAND ${CMAKE_SOURCE_DIR}/tests/fuzz/finding-replays.sh
                   $<TARGET_FILE:fuzz-vfio-replay> $<TARGET_FILE:vfio-sim>
                   ${CMAKE_CURRENT_BINARY_DIR}/fuzz-finding-test
           WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
  set_tests_properties(fuzz/corpus-replay fuzz/corpus-determinism
                       fuzz/finding-replays
                       PROPERTIES LABELS fuzz TIMEOUT 600
                       SKIP_RETURN_CODE 77
                       ENVIRONMENT "ASAN_OPTIONS=detect_leaks=1:abort_on_error=0;UBSAN_OPTIONS=print_stacktrace=1")
endif()
