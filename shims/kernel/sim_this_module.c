// SPDX-License-Identifier: GPL-2.0-only
/*
 * THIS_MODULE for code built without a module of its own (tests, the
 * simulation).  A weak definition in an object of its own: a target that
 * defines __this_module gets its own, and this file is not even linked.
 */
#include <linux/module.h>

struct module __this_module __attribute__((weak)) = {
	.name = "sim",
};
