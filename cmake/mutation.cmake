# SPDX-License-Identifier: GPL-2.0-only
#
# vfio-sim mutate (docs/mutation.md): the command runs scripts/mutate.sh
# of this source tree.  Its tests (label mutation) judge a fixed sample of
# mutants with presubmit in the workers' build directories
# (build/mutate-linux-wN), so they run only in the main build, one at a
# time there (RESOURCE_LOCK), as the presubmit tests do.

if(VFIO_SIM_TESTS AND NOT VFIO_SIM_COVERAGE AND NOT VFIO_SIM_FUZZ)
  file(GLOB MUTATION_TESTS CONFIGURE_DEPENDS tests/mutation/*-test.sh)
  foreach(t ${MUTATION_TESTS})
    get_filename_component(name ${t} NAME_WE)
    add_test(NAME mutation/${name}
             COMMAND ${t} $<TARGET_FILE:vfio-sim>
             WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
    set_tests_properties(mutation/${name} PROPERTIES
      LABELS mutation TIMEOUT 1800 SKIP_RETURN_CODE 77
      RESOURCE_LOCK build-mutate-linux)
  endforeach()
endif()
