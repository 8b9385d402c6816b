# SPDX-License-Identifier: GPL-2.0-only
#
# cmake --install and the Debian package (cpack -G DEB): vfio-sim in bin/,
# and under share/vfio-sim/ everything `vfio-sim presubmit` and `mutate`
# need to build a core without a source checkout: the scripts, the sources
# of every layer with the CMake files, the scenarios, the conformance
# suite, the kernel findings and the fuzz corpus, the HTML assets (in
# scripts/presubmit).  share/vfio-sim/INSTALLED marks it installed: the
# installed program runs the scripts found there (frontends/cli/datadir.c),
# and they build in ${XDG_CACHE_HOME:-~/.cache}/vfio-sim (scripts/paths.sh),
# never under the installation.  docs/install.md says more.

include(GNUInstallDirs)

set(VFIO_SIM_DATA_DIR ${CMAKE_INSTALL_DATADIR}/vfio-sim)
# The data directory as seen from the program's: both relative to the
# prefix (the default), so `cmake --install --prefix P` keeps it right.
file(RELATIVE_PATH data_rel ${CMAKE_INSTALL_FULL_BINDIR}
     ${CMAKE_INSTALL_FULL_DATADIR}/vfio-sim)
target_compile_definitions(vfio-sim PRIVATE
  VFIO_SIM_DATA_REL="${data_rel}")

install(TARGETS vfio-sim RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

# The sources a core is built from, and the scripts (executable as they
# are in the tree).
install(FILES CMakeLists.txt DESTINATION ${VFIO_SIM_DATA_DIR})
install(DIRECTORY cmake sim shims mocks targets vfio-core world frontends
        DESTINATION ${VFIO_SIM_DATA_DIR} PATTERN INSTALLED EXCLUDE)
install(DIRECTORY scripts DESTINATION ${VFIO_SIM_DATA_DIR}
        USE_SOURCE_PERMISSIONS)
install(FILES coverage/lcovrc DESTINATION ${VFIO_SIM_DATA_DIR}/coverage)
# What presubmit runs and reads: the conformance suite, the targets'
# scenarios, the kernel findings (known findings), the fuzz corpus.
install(DIRECTORY tests/conformance tests/scenarios tests/findings
        DESTINATION ${VFIO_SIM_DATA_DIR}/tests USE_SOURCE_PERMISSIONS)
install(DIRECTORY tests/fuzz/corpus
        DESTINATION ${VFIO_SIM_DATA_DIR}/tests/fuzz)
install(FILES ${CMAKE_CURRENT_LIST_DIR}/INSTALLED
        DESTINATION ${VFIO_SIM_DATA_DIR})
install(FILES README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR})

# The Debian package.  Depends: what presubmit and mutate run (checked
# against scripts/: docs/install.md lists who needs what); the fuzz stage
# needs clang and its libFuzzer runtime, the default --kernel tree is
# Debian's linux-source-6.12 (Recommends).  No shlibdeps: the program
# needs libc only.
set(CPACK_PACKAGE_NAME vfio-sim)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "vfio-sim developers <vfio-sim@example.org>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "explores thread interleavings of Linux's vfio core in userspace")
set(CPACK_PACKAGE_DESCRIPTION
    "vfio-sim compiles a kernel tree's drivers/vfio against kernel-API shims
and explores its thread interleavings deterministically; vfio-sim presubmit
judges a kernel tree, a patch or a branch (conformance, races, fuzzing,
checkpatch, coverage).")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE amd64)
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "bash, cmake (>= 3.25), make, gcc, libc6-dev, binutils, perl, patch, \
diffutils, lcov, xz-utils, tar, util-linux, git, clang, libclang-rt-14-dev, \
procps")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "linux-source-6.12")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "apt, dpkg, debian-archive-keyring")
set(CPACK_GENERATOR DEB)
include(CPack)

# The installation, tested (label install): a copy of the sources built,
# installed and packaged, then deleted, and presubmit run from the
# installed program (tests/install/install-test.sh).  It compiles the
# program and a core: alone (RUN_SERIAL), like the presubmit tests.
if(VFIO_SIM_TESTS AND NOT VFIO_SIM_COVERAGE AND NOT VFIO_SIM_FUZZ)
  add_test(NAME install/install
           COMMAND ${CMAKE_SOURCE_DIR}/tests/install/install-test.sh)
  set_tests_properties(install/install PROPERTIES
    LABELS install TIMEOUT 1800 RUN_SERIAL TRUE)
endif()
