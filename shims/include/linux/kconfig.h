/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * IS_ENABLED() and friends.  In a kernel build this header comes with the
 * generated autoconf.h; here the build passes the CONFIG_ options it
 * wants as -D flags (CONFIG_FOO=1, or CONFIG_FOO_MODULE=1 for =m).
 */
#ifndef __LINUX_KCONFIG_H
#define __LINUX_KCONFIG_H

/*
 * __sim_cfg_set(CONFIG_FOO) is 1 when CONFIG_FOO is defined to 1 and 0
 * otherwise, usable in #if and in C expressions alike.  When the option
 * expands to 1 the paste below yields a macro that expands to "0,", which
 * shifts the 1 into the second argument position.
 */
#define __SIM_CFG_IS_1_1		0,
#define __sim_cfg_second(ignored, val, ...)	val
#define __sim_cfg_pick(maybe_comma)	__sim_cfg_second(maybe_comma 1, 0, 0)
#define __sim_cfg_paste(val)		__sim_cfg_pick(__SIM_CFG_IS_1_##val)
#define __sim_cfg_set(option)		__sim_cfg_paste(option)

#define IS_BUILTIN(option)	__sim_cfg_set(option)
#define IS_MODULE(option)	__sim_cfg_set(option##_MODULE)
#define IS_ENABLED(option)	(IS_BUILTIN(option) || IS_MODULE(option))
#define IS_REACHABLE(option)	IS_ENABLED(option)

#endif /* __LINUX_KCONFIG_H */
