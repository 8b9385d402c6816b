# SPDX-License-Identifier: GPL-2.0-only
#
# vfio-sim presubmit (docs/presubmit.md): the command runs
# scripts/presubmit.sh of this source tree; its tests (label presubmit)
# build their own presubmit trees, so they run only in the main build.

target_compile_definitions(vfio-sim PRIVATE
  VFIO_SIM_SOURCE_DIR="${CMAKE_SOURCE_DIR}")

if(VFIO_SIM_TESTS AND NOT VFIO_SIM_COVERAGE AND NOT VFIO_SIM_FUZZ)
  file(GLOB PRESUBMIT_TESTS CONFIGURE_DEPENDS tests/presubmit/*-test.sh)
  foreach(t ${PRESUBMIT_TESTS})
    get_filename_component(name ${t} NAME_WE)
    add_test(NAME presubmit/${name}
             COMMAND ${t} $<TARGET_FILE:vfio-sim>
             WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
    set_tests_properties(presubmit/${name} PROPERTIES
      LABELS presubmit TIMEOUT 1800 SKIP_RETURN_CODE 77 RUN_SERIAL TRUE)
  endforeach()
endif()
