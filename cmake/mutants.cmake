# SPDX-License-Identifier: GPL-2.0-only
#
# The bug zoo (docs/bug-zoo.md): each tests/mutants/*.patch brings back one
# known vfio bug in the model; its test (label mutants) runs vfio-sim
# presubmit on it and wants exit 1 with the failure its header expects.
# mutants/clean wants the unpatched model to pass the same stages.  All of
# them share presubmit's build/presubmit-model (one run at a time there:
# RESOURCE_LOCK), so they run only in the main build, as the presubmit
# tests do.  tests/mutants/escaped/*.patch are mutants presubmit does not
# catch yet (docs/bug-zoo.md says why): label zoo-escaped, outside the
# CI's mutants label, each wanting presubmit to pass it until a check
# catches its class.

if(VFIO_SIM_TESTS AND NOT VFIO_SIM_COVERAGE AND NOT VFIO_SIM_FUZZ)
  file(GLOB MUTANTS CONFIGURE_DEPENDS tests/mutants/*.patch)
  set(mutant_tests mutants/clean)
  add_test(NAME mutants/clean
           COMMAND ${CMAKE_SOURCE_DIR}/tests/mutants/check-mutant.sh
                   $<TARGET_FILE:vfio-sim> --clean
           WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
  foreach(m ${MUTANTS})
    get_filename_component(name ${m} NAME_WE)
    add_test(NAME mutants/${name}
             COMMAND ${CMAKE_SOURCE_DIR}/tests/mutants/check-mutant.sh
                     $<TARGET_FILE:vfio-sim> ${m}
             WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
    list(APPEND mutant_tests mutants/${name})
  endforeach()
  set_tests_properties(${mutant_tests} PROPERTIES
    LABELS mutants TIMEOUT 900 SKIP_RETURN_CODE 77
    RESOURCE_LOCK build-presubmit-model)
  file(GLOB ESCAPED CONFIGURE_DEPENDS tests/mutants/escaped/*.patch)
  foreach(m ${ESCAPED})
    get_filename_component(name ${m} NAME_WE)
    add_test(NAME mutants-escaped/${name}
             COMMAND ${CMAKE_SOURCE_DIR}/tests/mutants/check-mutant.sh
                     $<TARGET_FILE:vfio-sim> ${m}
             WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
    set_tests_properties(mutants-escaped/${name} PROPERTIES
      LABELS zoo-escaped TIMEOUT 900 SKIP_RETURN_CODE 77
      RESOURCE_LOCK build-presubmit-model)
  endforeach()
endif()
