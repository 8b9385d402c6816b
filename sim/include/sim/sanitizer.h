/* SPDX-License-Identifier: GPL-2.0-only */
/* SIM_ASAN: defined when AddressSanitizer instruments this build (gcc or clang). */
#ifndef _SIM_SANITIZER_H
#define _SIM_SANITIZER_H

#if defined(__SANITIZE_ADDRESS__)
#define SIM_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SIM_ASAN 1
#endif
#endif

#endif /* _SIM_SANITIZER_H */
