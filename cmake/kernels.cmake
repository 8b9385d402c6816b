# SPDX-License-Identifier: GPL-2.0-only
#
# The kernel trees whose vfio cores become linux targets
# (docs/linux-target.md).  scripts/kernel-tree.sh copies a tree's files into
# the build directory (a version such as "7.3" is Debian's linux-source of
# it, fetched once into build/kernels by scripts/kernel-fetch.sh).
#
# - KERNEL_SRC: the tree of the `linux` target (default: Debian's
#   linux-source-6.12 when installed).  Without it the build goes on
#   without the target, but a KERNEL_SRC given explicitly must be usable.
# - KERNEL_SRC_EXTRA: more trees, each a target named linux-MAJOR.MINOR
#   (default: 7.3, the newest Debian ships, and 7.3 with
#   CONFIG_IOMMUFD_NOIOMMU on: linux-7.3-noiommu).  One that cannot be had (no
#   network for the fetch) is left out with a warning, and ctest's
#   linux/kernel-trees fails.
#
# Sets VFIO_SIM_LINUX and KDIR (the linux target's copy), and
# VFIO_SIM_KERNEL_TREES: one "ID|NAME|DIR|VERSION|DEFS" per target (DEFS:
# comma-separated compile definitions of a variant).

set(KERNEL_SRC "" CACHE STRING
    "Kernel tree, Debian linux-source tarball or version (7.3) for the \
linux target (default: /usr/src/linux-source-6.12.tar.xz when installed)")
set(KERNEL_SRC_EXTRA "7.3;7.3+IOMMUFD_NOIOMMU" CACHE STRING
    "More kernel trees (tarballs, directories or versions), each a \
linux-MAJOR.MINOR target, +OPTION for a variant (IOMMUFD_NOIOMMU); \
empty for none")

# vfiosim_version_code(VERSION OUT): LINUX_VERSION_CODE of "7.3.4".
function(vfiosim_version_code version out)
  string(REPLACE "." ";" parts "${version}.0.0")
  list(GET parts 0 major)
  list(GET parts 1 minor)
  list(GET parts 2 sub)
  if(sub GREATER 255)
    set(sub 255)
  endif()
  math(EXPR code "(${major} << 16) + (${minor} << 8) + ${sub}")
  set(${out} ${code} PARENT_SCOPE)
endfunction()

# vfiosim_kernel_tree(SOURCE DIR OK VERSION ERR): copy SOURCE's vfio
# files into DIR ("" as SOURCE: the default tree).
function(vfiosim_kernel_tree source dir ok_var version_var err_var)
  if(source)
    set(cmd ${CMAKE_SOURCE_DIR}/scripts/kernel-tree.sh ${source} ${dir})
  else()
    set(cmd ${CMAKE_COMMAND} -E env --unset=KERNEL_SRC
            ${CMAKE_SOURCE_DIR}/scripts/kernel-tree.sh ${dir})
  endif()
  execute_process(COMMAND ${cmd} RESULT_VARIABLE rc
                  OUTPUT_QUIET ERROR_VARIABLE err
                  ERROR_STRIP_TRAILING_WHITESPACE)
  if(rc EQUAL 0)
    file(READ ${dir}/version version)
    string(STRIP "${version}" version)
    set(${ok_var} ON PARENT_SCOPE)
    set(${version_var} ${version} PARENT_SCOPE)
  else()
    set(${ok_var} OFF PARENT_SCOPE)
    # the last line: kernel-tree.sh's own message
    string(REGEX REPLACE ".*\n" "" err "${err}")
    set(${err_var} "${err}" PARENT_SCOPE)
  endif()
endfunction()

set(VFIO_SIM_KERNEL_TREES "")
# "SOURCE: why" for each KERNEL_SRC_EXTRA tree that could not be had
set(VFIO_SIM_KERNEL_MISSING "")
set(VFIO_SIM_LINUX OFF)
set(KDIR ${CMAKE_BINARY_DIR}/kernel)
vfiosim_kernel_tree("${KERNEL_SRC}" ${KDIR} ok kernel_version kernel_err)
if(ok)
  set(VFIO_SIM_LINUX ON)
  list(APPEND VFIO_SIM_KERNEL_TREES "linux|linux|${KDIR}|${kernel_version}|")
  message(STATUS "vfio-sim: linux target: linux ${kernel_version} "
          "vfio core in ${KDIR}")
elseif(KERNEL_SRC)
  message(FATAL_ERROR "${kernel_err}")
else()
  message(STATUS "vfio-sim: building without the linux target: "
          "${kernel_err}")
endif()

foreach(entry ${KERNEL_SRC_EXTRA})
  # SOURCE[+OPTION...]: kernel options a variant turns on (kconfig-vfio.h)
  string(REPLACE "+" ";" parts "${entry}")
  list(GET parts 0 source)
  list(REMOVE_AT parts 0)
  set(options "")
  set(suffix "")
  foreach(opt ${parts})
    if(NOT opt STREQUAL "IOMMUFD_NOIOMMU")
      message(FATAL_ERROR "vfio-sim: KERNEL_SRC_EXTRA ${entry}: unknown "
              "option ${opt} (known: IOMMUFD_NOIOMMU)")
    endif()
    list(APPEND options SIM_CONFIG_${opt})
    # the target's name says it: IOMMUFD_NOIOMMU -> -noiommu
    string(REGEX REPLACE "^IOMMUFD_" "" lopt "${opt}")
    string(TOLOWER "${lopt}" lopt)
    string(REPLACE "_" "-" lopt "${lopt}")
    set(suffix "${suffix}-${lopt}")
  endforeach()
  string(MAKE_C_IDENTIFIER "${source}" key)
  set(dir ${CMAKE_BINARY_DIR}/kernel-${key})
  vfiosim_kernel_tree("${source}" ${dir} ok version err)
  if(NOT ok)
    message(WARNING "vfio-sim: no target for KERNEL_SRC_EXTRA ${source}: "
            "${err}")
    list(APPEND VFIO_SIM_KERNEL_MISSING "${source}: ${err}")
    continue()
  endif()
  string(REGEX MATCH "^[0-9]+\\.[0-9]+" majmin "${version}")
  set(name linux-${majmin}${suffix})
  string(MAKE_C_IDENTIFIER "linux${majmin}${suffix}" id)
  string(REPLACE "_" "" id "${id}")
  if(VFIO_SIM_KERNEL_TREES MATCHES "\\|${name}\\|")
    message(STATUS "vfio-sim: KERNEL_SRC_EXTRA ${source}: a ${name} "
            "target exists already")
    continue()
  endif()
  string(REPLACE ";" "," options "${options}")
  list(APPEND VFIO_SIM_KERNEL_TREES
       "${id}|${name}|${dir}|${version}|${options}")
  message(STATUS "vfio-sim: ${name} target: linux ${version} vfio core "
          "in ${dir}")
endforeach()
